"""DEBUG: the subcommands Mnemo implements, with Redis 7.0's exact replies.

Digest values were taken from Redis 7.0.15 on the same data."""
import re
import time

import pytest

from conftest import Raw

ZERO = b"+" + b"0" * 40 + b"\r\n"
NOT_ALLOWED = (b"-ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\", "
               b"you can run it from a local connection, otherwise you need to set this option in the "
               b"configuration file, and then restart the server.\r\n")


# --------------------------------------------------------------------------- access

def test_refused_when_disabled(start_server):
    s = start_server("--enable-debug-command", "no")
    raw = Raw(s.port)
    assert raw.call("DEBUG", "HELP") == NOT_ALLOWED
    assert raw.call("DEBUG", "SLEEP", "0") == NOT_ALLOWED
    # arity is checked first, as in Redis
    assert raw.call("DEBUG") == b"-ERR wrong number of arguments for 'debug' command\r\n"


def test_refused_before_authentication_check(start_server):
    s = start_server("--enable-debug-command", "no", "--requirepass", "secret")
    assert Raw(s.port).call("DEBUG", "HELP") == NOT_ALLOWED


def test_local_allows_loopback(start_server):
    s = start_server("--enable-debug-command", "local")
    assert Raw(s.port).call("DEBUG", "SLEEP", "0") == b"+OK\r\n"


def test_local_allows_unix_socket(start_server):
    import os
    import socket
    path = "/tmp/mnemo-test-%d.sock" % os.getpid()  # short: client addresses hold up to 63 bytes
    s = start_server("--enable-debug-command", "local", "--unixsocket", path)
    u = socket.socket(socket.AF_UNIX)
    u.connect(path)
    u.sendall(b"DEBUG SLEEP 0\r\nCLIENT INFO\r\n")
    time.sleep(0.2)
    data = u.recv(4096)
    u.close()
    assert data.startswith(b"+OK\r\n$")
    assert (" addr=%s:0 laddr=%s:0 " % (path, path)).encode() in data
    assert b" flags=U " in data
    os.unlink(path) if os.path.exists(path) else None


# --------------------------------------------------------------------------- HELP, errors

def test_help(raw):
    reply = raw.call("DEBUG", "HELP")
    assert reply.startswith(b"*106\r\n+DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n"
                            b"+AOF-FLUSH-SLEEP <microsec>\r\n")
    assert reply.endswith(b"+CLUSTERLINK KILL <to|from|all> <node-id>\r\n"
                          b"+    Kills the link based on the direction to/from (both) with the provided node.\r\n"
                          b"+HELP\r\n+    Prints this help.\r\n")
    assert reply.count(b"\r\n") == 107


@pytest.mark.parametrize("args,name", [
    (("FOO",), b"FOO"), (("SLEEP",), b"SLEEP"), (("OBJECT",), b"OBJECT"), (("OBJECT", "a", "b"), b"OBJECT"),
    (("PROTOCOL",), b"PROTOCOL"), (("DIGEST", "x"), b"DIGEST"), (("POPULATE",), b"POPULATE"),
    (("POPULATE", "1", "a", "1", "x"), b"POPULATE"), (("LOG",), b"LOG"), (("HELP", "x"), b"HELP"),
    (("CHANGE-REPL-ID", "x"), b"CHANGE-REPL-ID"), (("PAUSE-CRON",), b"PAUSE-CRON"),
])
def test_unknown_subcommand_or_arity(raw, args, name):
    assert raw.call("DEBUG", *args) == \
        b"-ERR unknown subcommand or wrong number of arguments for '%s'. Try DEBUG HELP.\r\n" % name


def test_lowercase_command_name_in_error(raw):
    assert raw.call("debug", "nosuch") == \
        b"-ERR unknown subcommand or wrong number of arguments for 'nosuch'. Try DEBUG HELP.\r\n"


# --------------------------------------------------------------------------- PROTOCOL

RESP2 = {
    "string": b"$11\r\nHello World\r\n",
    "integer": b":12345\r\n",
    "double": b"$5\r\n3.141\r\n",
    "bignum": b"$37\r\n1234567999999999999999999999999999999\r\n",
    "null": b"$-1\r\n",
    "array": b"*3\r\n:0\r\n:1\r\n:2\r\n",
    "set": b"*3\r\n:0\r\n:1\r\n:2\r\n",
    "map": b"*6\r\n:0\r\n:0\r\n:1\r\n:1\r\n:2\r\n:0\r\n",
    "attrib": b"$39\r\nSome real reply following the attribute\r\n",
    "push": b"-ERR RESP2 is not supported by this command\r\n",
    "verbatim": b"$25\r\nThis is a verbatim\nstring\r\n",
    "true": b":1\r\n",
    "false": b":0\r\n",
}

RESP3 = {
    "string": b"$11\r\nHello World\r\n",
    "integer": b":12345\r\n",
    "double": b",3.141\r\n",
    "bignum": b"(1234567999999999999999999999999999999\r\n",
    "null": b"_\r\n",
    "array": b"*3\r\n:0\r\n:1\r\n:2\r\n",
    "set": b"~3\r\n:0\r\n:1\r\n:2\r\n",
    "map": b"%3\r\n:0\r\n#f\r\n:1\r\n#t\r\n:2\r\n#f\r\n",
    "verbatim": b"=29\r\ntxt:This is a verbatim\nstring\r\n",
    "true": b"#t\r\n",
    "false": b"#f\r\n",
}

WRONG_TYPE = (b"-ERR Wrong protocol type name. Please use one of the following: "
              b"string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false\r\n")


@pytest.mark.parametrize("name", sorted(RESP2))
def test_protocol_resp2(raw, name):
    assert raw.call("DEBUG", "PROTOCOL", name) == RESP2[name]
    assert raw.call("DEBUG", "PROTOCOL", name.upper()) == RESP2[name]


@pytest.mark.parametrize("name", sorted(RESP3))
def test_protocol_resp3(raw, name):
    raw.call("HELLO", "3")
    assert raw.call("DEBUG", "PROTOCOL", name) == RESP3[name]


def test_protocol_resp3_attrib_and_push(raw):
    raw.call("HELLO", "3")
    raw.cmd("DEBUG", "PROTOCOL", "attrib")
    assert raw.reply() == b"|1\r\n$14\r\nkey-popularity\r\n*2\r\n$7\r\nkey:123\r\n:90\r\n"
    assert raw.reply() == b"$39\r\nSome real reply following the attribute\r\n"
    raw.cmd("DEBUG", "PROTOCOL", "push")
    assert raw.reply() == b">2\r\n$16\r\nserver-cpu-usage\r\n:42\r\n"
    assert raw.reply() == b"$40\r\nSome real reply following the push reply\r\n"
    assert raw.call("PING") == b"+PONG\r\n"


def test_protocol_wrong_type(raw):
    assert raw.call("DEBUG", "PROTOCOL", "foo") == WRONG_TYPE
    raw.call("HELLO", "3")
    assert raw.call("DEBUG", "PROTOCOL", "") == WRONG_TYPE


# --------------------------------------------------------------------------- OBJECT

OBJECT_RE = re.compile(rb"^\+Value at:0x[0-9a-f]+ refcount:(\d+) encoding:(\w+) serializedlength:(\d+) "
                       rb"lru:(\d+) lru_seconds_idle:(\d+)\r\n$")


@pytest.mark.parametrize("value,refcount,encoding,saved", [
    ("bar", b"1", b"embstr", b"4"),
    ("12345", b"1", b"int", b"3"),
    ("100", b"2147483647", b"int", b"2"),
    ("0", b"2147483647", b"int", b"2"),
    ("9999", b"2147483647", b"int", b"3"),
    ("10000", b"1", b"int", b"3"),
    ("-5", b"1", b"int", b"2"),
    ("2147483648", b"1", b"int", b"11"),
    ("1234567890123", b"1", b"int", b"14"),
    ("07", b"1", b"embstr", b"3"),
    ("".join(chr(33 + i) for i in range(44)), b"1", b"embstr", b"45"),  # incompressible
    ("".join(chr(33 + i % 90) for i in range(64)), b"1", b"raw", b"66"),
])
def test_object(r, raw, value, refcount, encoding, saved):
    r.set("k", value)
    m = OBJECT_RE.match(raw.call("DEBUG", "OBJECT", "k"))
    assert m, value
    assert m.group(1, 2, 3) == (refcount, encoding, saved)
    if refcount == b"1":  # (Redis's shared integers carry the idle time of the shared object)
        assert int(m.group(5)) <= 1


def test_object_missing_key(raw):
    assert raw.call("DEBUG", "OBJECT", "nokey") == b"-ERR no such key\r\n"


def test_object_does_not_touch_lru(r, raw):
    r.set("k", "v")
    first = OBJECT_RE.match(raw.call("DEBUG", "OBJECT", "k")).group(4)
    time.sleep(1.1)
    second = OBJECT_RE.match(raw.call("DEBUG", "OBJECT", "k"))
    assert second.group(4) == first
    assert int(second.group(5)) >= 1


# --------------------------------------------------------------------------- DIGEST

def test_digest_empty(r, raw):
    assert raw.call("DEBUG", "DIGEST") == ZERO
    assert raw.call("DEBUG", "DIGEST-VALUE") == b"*0\r\n"
    assert raw.call("DEBUG", "DIGEST-VALUE", "nokey") == b"*1\r\n" + ZERO


def test_digest_matches_redis(r, raw):
    r.set("foo", "bar")
    assert raw.call("DEBUG", "DIGEST") == b"+d2ab4820c1be0580ea28efbfe8bfa1dc05bb802a\r\n"
    r.set("n", "12345")
    assert raw.call("DEBUG", "DIGEST-VALUE", "foo", "nokey", "n") == (
        b"*3\r\n+68467c70ae30376e7ce005bcc8827f5ba7fd67dc\r\n" + ZERO +
        b"+e1cf90774e995ae03de66e8109dc5cb9d9c2dc83\r\n")
    assert raw.call("DEBUG", "DIGEST") == b"+cd5a02343543db03481294f2a80f5609dd27c72b\r\n"
    r.flushall()
    assert raw.call("DEBUG", "POPULATE", "1000") == b"+OK\r\n"
    assert raw.call("DEBUG", "DIGEST") == b"+de87cf36afa8c921f610de73147c3c9363f314a3\r\n"


def test_digest_depends_on_db(r, server, raw):
    other = server.client(db=3)
    other.set("foo", "bar")
    assert raw.call("DEBUG", "DIGEST") == b"+fa19c9b2b672cae7b329d87c83d911daa04513c5\r\n"
    other.close()


def test_digest_is_order_independent(r, raw):
    for k in ("a", "b", "c", "d"):
        r.set(k, k * 3)
    d1 = raw.call("DEBUG", "DIGEST")
    r.flushall()
    for k in ("d", "b", "a", "c"):
        r.set(k, k * 3)
    assert raw.call("DEBUG", "DIGEST") == d1
    assert d1 != ZERO


def test_digest_changes_with_keys_and_values(r, raw):
    r.set("a", "1")
    d1 = raw.call("DEBUG", "DIGEST")
    r.set("a", "2")
    d2 = raw.call("DEBUG", "DIGEST")
    r.set("b", "2")
    d3 = raw.call("DEBUG", "DIGEST")
    r.delete("b")
    assert len({d1, d2, d3}) == 3
    assert raw.call("DEBUG", "DIGEST") == d2
    # the same value under another name is another dataset
    r.flushall()
    r.set("c", "2")
    assert raw.call("DEBUG", "DIGEST") != d2


def test_digest_changes_with_ttl(r, raw):
    r.set("a", "1")
    plain = raw.call("DEBUG", "DIGEST-VALUE", "a")
    assert raw.call("PEXPIREAT", "a", "4000000000000") == b":1\r\n"
    t1 = raw.call("DEBUG", "DIGEST-VALUE", "a")
    assert raw.call("PEXPIREAT", "a", "4000000000001") == b":1\r\n"
    t2 = raw.call("DEBUG", "DIGEST-VALUE", "a")
    assert len({plain, t1, t2}) == 3


# --------------------------------------------------------------------------- POPULATE

def test_populate_defaults(r, raw):
    assert raw.call("DEBUG", "POPULATE", "3") == b"+OK\r\n"
    assert r.dbsize() == 3
    assert (r.get("key:0"), r.get("key:2")) == (b"value:0", b"value:2")
    assert OBJECT_RE.match(raw.call("DEBUG", "OBJECT", "key:1")).group(2) == b"embstr"


def test_populate_prefix_size_and_existing_keys(r, raw):
    r.set("p:1", "keep")
    assert raw.call("DEBUG", "POPULATE", "3", "p", "3") == b"+OK\r\n"
    assert (r.get("p:0"), r.get("p:1"), r.get("p:2")) == (b"val", b"keep", b"val")
    assert raw.call("DEBUG", "POPULATE", "1", "z", "10") == b"+OK\r\n"
    assert r.get("z:0") == b"value:0\x00\x00\x00"
    assert raw.call("DEBUG", "POPULATE", "1", "big", "50") == b"+OK\r\n"
    assert OBJECT_RE.match(raw.call("DEBUG", "OBJECT", "big:0")).group(2) == b"raw"
    assert raw.call("DEBUG", "POPULATE", "2", "q", "0") == b"+OK\r\n"
    assert r.get("q:1") == b"value:1"
    assert raw.call("DEBUG", "POPULATE", "0") == b"+OK\r\n"
    assert r.dbsize() == 7


@pytest.mark.parametrize("args", [("-1",), ("abc",), ("1", "p", "-1"), ("1", "p", "abc"), ("1.5",)])
def test_populate_errors(r, raw, args):
    assert raw.call("DEBUG", "POPULATE", *args) == b"-ERR value is out of range, must be positive\r\n"
    assert r.dbsize() == 0


# --------------------------------------------------------------------------- small switches

def test_sleep(raw):
    t = time.time()
    assert raw.call("DEBUG", "SLEEP", "0.2") == b"+OK\r\n"
    assert time.time() - t >= 0.19
    assert raw.call("DEBUG", "SLEEP", "0") == b"+OK\r\n"
    assert raw.call("DEBUG", "SLEEP", "abc") == b"+OK\r\n"  # strtod: not a number sleeps 0s


def test_switches(raw):
    for args in (("SET-ACTIVE-EXPIRE", "0"), ("SET-ACTIVE-EXPIRE", "1"), ("PAUSE-CRON", "1"),
                 ("PAUSE-CRON", "0"), ("SET-DISABLE-DENY-SCRIPTS", "1"), ("SET-DISABLE-DENY-SCRIPTS", "0"),
                 ("SET-SKIP-CHECKSUM-VALIDATION", "0"), ("CHANGE-REPL-ID",)):
        assert raw.call("DEBUG", *args) == b"+OK\r\n", args


def test_pause_cron_stops_active_expiry(r, raw):
    assert raw.call("DEBUG", "PAUSE-CRON", "1") == b"+OK\r\n"
    try:
        r.set("k", "v")
        r.pexpire("k", 50)
        time.sleep(0.3)
        assert raw.call("DBSIZE") == b":1\r\n"
    finally:
        assert raw.call("DEBUG", "PAUSE-CRON", "0") == b"+OK\r\n"


def test_log(server, raw):
    assert raw.call("DEBUG", "LOG", "hello from the test suite") == b"+OK\r\n"
    deadline = time.time() + 5
    while "DEBUG LOG: hello from the test suite" not in server.read_log():
        assert time.time() < deadline
        time.sleep(0.02)


def test_error(raw):
    assert raw.call("DEBUG", "ERROR", "MYERR custom message") == b"-MYERR custom message\r\n"
    assert raw.call("DEBUG", "ERROR", "a\r\nb") == b"-a  b\r\n"


def test_config_rewrite_force_all_without_config_file(raw):
    assert raw.call("DEBUG", "CONFIG-REWRITE-FORCE-ALL") == b"-ERR CONFIG-REWRITE-FORCE-ALL failed: Bad address\r\n"


def test_stringmatch_test(raw):
    assert raw.call("DEBUG", "STRINGMATCH-TEST") == b"+Apparently Redis did not crash: test passed\r\n"


def test_reload_options(raw):
    # DEBUG RELOAD itself is covered by test_rdb.py, DEBUG LOADAOF by test_aof.py
    assert raw.call("DEBUG", "RELOAD", "FOO") == \
        b"-ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.\r\n"
