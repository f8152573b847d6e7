"""Generic keyspace commands: DEL UNLINK EXISTS TYPE RENAME RENAMENX KEYS RANDOMKEY TOUCH COPY MOVE
SWAPDB DBSIZE FLUSHDB FLUSHALL OBJECT. Replies are checked byte for byte against what Redis 7.0.15
answers."""
import time

import pytest

from conftest import Raw

ARITY = "-ERR wrong number of arguments for '{}' command\r\n"
SYNTAX = b"-ERR syntax error\r\n"
NOT_INT = b"-ERR value is not an integer or out of range\r\n"
RANGE_INT = b"-ERR value is out of range, value must between -2147483648 and 2147483647\r\n"


@pytest.fixture
def c(r, raw):
    """A raw client on a freshly flushed server (r flushes it)."""
    return raw


def arity(name):
    return ARITY.format(name).encode()


# ------------------------------------------------------------------ DEL / UNLINK


@pytest.mark.parametrize("cmd", ["DEL", "UNLINK"])
def test_del_counts_existing_keys_once(c, cmd):
    c.call("SET", "a", "1")
    c.call("SET", "b", "2")
    assert c.call(cmd, "a", "missing", "b", "a") == b":2\r\n"
    assert c.call("EXISTS", "a", "b") == b":0\r\n"
    assert c.call(cmd, "a") == b":0\r\n"


@pytest.mark.parametrize("cmd", ["DEL", "UNLINK"])
def test_del_arity(c, cmd):
    assert c.call(cmd) == arity(cmd.lower())


def test_del_of_expired_key_is_zero(c):
    c.call("SET", "a", "1")
    c.call("PEXPIRE", "a", "1")
    time.sleep(0.01)
    assert c.call("DEL", "a") == b":0\r\n"


# ------------------------------------------------------------------ EXISTS / TYPE / TOUCH


def test_exists_counts_repeats(c):
    c.call("SET", "a", "1")
    assert c.call("EXISTS", "a") == b":1\r\n"
    assert c.call("EXISTS", "a", "a", "nope", "a") == b":3\r\n"
    assert c.call("EXISTS", "nope") == b":0\r\n"
    assert c.call("EXISTS") == arity("exists")


def test_type(c):
    c.call("SET", "s", "hello")
    c.call("SET", "i", "12")
    assert c.call("TYPE", "s") == b"+string\r\n"
    assert c.call("TYPE", "i") == b"+string\r\n"
    assert c.call("TYPE", "nope") == b"+none\r\n"
    assert c.call("TYPE") == arity("type")
    assert c.call("TYPE", "a", "b") == arity("type")


def test_touch(c):
    c.call("SET", "a", "1")
    c.call("SET", "b", "1")
    assert c.call("TOUCH", "a", "b", "nope", "a") == b":3\r\n"
    assert c.call("TOUCH", "nope") == b":0\r\n"
    assert c.call("TOUCH") == arity("touch")


def test_touch_resets_idle_time_and_exists_does_not(c):
    # not small integers: Redis shares those between keys, and their idle time with them
    c.call("SET", "a", "va")
    c.call("SET", "b", "vb")
    time.sleep(2.1)
    assert c.call("EXISTS", "a") == b":1\r\n"
    assert c.call("TYPE", "a") == b"+string\r\n"
    assert int(c.call("OBJECT", "IDLETIME", "a")[1:-2]) >= 2
    assert c.call("TOUCH", "a") == b":1\r\n"
    assert c.call("OBJECT", "IDLETIME", "a") == b":0\r\n"
    assert int(c.call("OBJECT", "IDLETIME", "b")[1:-2]) >= 2
    c.call("GET", "b")
    assert c.call("OBJECT", "IDLETIME", "b") == b":0\r\n"


# ------------------------------------------------------------------ RENAME / RENAMENX


def test_rename(c):
    c.call("SET", "a", "va")
    assert c.call("RENAME", "a", "b") == b"+OK\r\n"
    assert c.call("GET", "a") == b"$-1\r\n"
    assert c.call("GET", "b") == b"$2\r\nva\r\n"


def test_rename_overwrites_destination_and_its_ttl(c):
    c.call("SET", "a", "va")
    c.call("SET", "b", "vb")
    c.call("EXPIRE", "b", "100")
    assert c.call("RENAME", "a", "b") == b"+OK\r\n"
    assert c.call("GET", "b") == b"$2\r\nva\r\n"
    assert c.call("TTL", "b") == b":-1\r\n"
    assert c.call("DBSIZE") == b":1\r\n"


def test_rename_keeps_ttl_and_encoding(c):
    c.call("SET", "a", "123")
    c.call("PEXPIREAT", "a", "99999999999000")
    assert c.call("RENAME", "a", "b") == b"+OK\r\n"
    assert c.call("PEXPIRETIME", "b") == b":99999999999000\r\n"
    assert c.call("OBJECT", "ENCODING", "b") == b"$3\r\nint\r\n"
    c.call("SET", "long", "x" * 100)
    assert c.call("RENAME", "long", "l2") == b"+OK\r\n"
    assert c.call("GET", "l2") == b"$100\r\n" + b"x" * 100 + b"\r\n"
    assert c.call("OBJECT", "ENCODING", "l2") == b"$3\r\nraw\r\n"


def test_rename_errors_and_same_key(c):
    assert c.call("RENAME", "nope", "x") == b"-ERR no such key\r\n"
    assert c.call("RENAME", "nope", "nope") == b"-ERR no such key\r\n"
    assert c.call("RENAMENX", "nope", "x") == b"-ERR no such key\r\n"
    c.call("SET", "a", "1")
    assert c.call("RENAME", "a", "a") == b"+OK\r\n"
    assert c.call("RENAMENX", "a", "a") == b":0\r\n"
    assert c.call("GET", "a") == b"$1\r\n1\r\n"
    assert c.call("RENAME", "a") == arity("rename")
    assert c.call("RENAMENX", "a", "b", "c") == arity("renamenx")


def test_rename_of_expired_key(c):
    c.call("SET", "a", "1")
    c.call("PEXPIRE", "a", "1")
    time.sleep(0.01)
    assert c.call("RENAME", "a", "b") == b"-ERR no such key\r\n"


def test_renamenx(c):
    c.call("SET", "a", "va")
    c.call("SET", "b", "vb")
    assert c.call("RENAMENX", "a", "b") == b":0\r\n"
    assert c.call("GET", "a") == b"$2\r\nva\r\n"
    assert c.call("RENAMENX", "a", "c") == b":1\r\n"
    assert c.call("GET", "c") == b"$2\r\nva\r\n"
    assert c.call("EXISTS", "a") == b":0\r\n"


# ------------------------------------------------------------------ KEYS


def test_keys_patterns(r):
    for k in ["k1", "k2", "k10", "foo", "fao", "f*o", "f\\o", "Key"]:
        r.set(k, "x")
    assert sorted(r.keys("*")) == sorted([b"k1", b"k2", b"k10", b"foo", b"fao", b"f*o", b"f\\o", b"Key"])
    assert sorted(r.keys("k?")) == [b"k1", b"k2"]
    assert sorted(r.keys("k*")) == [b"k1", b"k10", b"k2"]
    assert sorted(r.keys("k[0-1]*")) == [b"k1", b"k10"]
    assert sorted(r.keys("k[^1]")) == [b"k2"]
    assert sorted(r.keys("f[ao]o")) == [b"fao", b"foo"]
    assert r.keys("f\\*o") == [b"f*o"]
    assert r.keys("f\\\\o") == [b"f\\o"]
    assert r.keys("key") == []
    assert r.keys("nomatch*") == []


def test_keys_empty_and_arity(c):
    assert c.call("KEYS", "*") == b"*0\r\n"
    assert c.call("KEYS") == arity("keys")
    assert c.call("KEYS", "a", "b") == arity("keys")


def test_keys_skips_expired(c):
    c.call("SET", "a", "1")
    c.call("SET", "b", "1")
    c.call("PEXPIRE", "a", "1")
    time.sleep(0.01)
    assert c.call("KEYS", "*") == b"*1\r\n$1\r\nb\r\n"


# ------------------------------------------------------------------ RANDOMKEY


def test_randomkey(r, c):
    assert c.call("RANDOMKEY") == b"$-1\r\n"
    r.set("only", "1")
    assert c.call("RANDOMKEY") == b"$4\r\nonly\r\n"
    for i in range(50):
        r.set(f"k{i}", i)
    seen = {r.randomkey() for _ in range(300)}
    assert seen <= {b"only"} | {f"k{i}".encode() for i in range(50)}
    assert len(seen) > 20
    assert c.call("RANDOMKEY", "x") == arity("randomkey")


def test_randomkey_skips_expired_keys(r, c):
    for i in range(20):
        r.set(f"e{i}", 1)
        r.pexpire(f"e{i}", 1)
    r.set("live", 1)
    time.sleep(0.01)
    for _ in range(20):
        assert c.call("RANDOMKEY") == b"$4\r\nlive\r\n"


def test_randomkey_all_expired_gives_null(r, c):
    for i in range(5):
        r.set(f"e{i}", 1)
        r.pexpire(f"e{i}", 1)
    time.sleep(0.01)
    assert c.call("RANDOMKEY") == b"$-1\r\n"
    assert c.call("DBSIZE") == b":0\r\n"


# ------------------------------------------------------------------ COPY


def test_copy_basic(c):
    c.call("SET", "a", "hello")
    assert c.call("COPY", "a", "b") == b":1\r\n"
    assert c.call("GET", "b") == b"$5\r\nhello\r\n"
    c.call("SET", "a", "changed")
    assert c.call("GET", "b") == b"$5\r\nhello\r\n"
    assert c.call("COPY", "a", "b") == b":0\r\n"
    assert c.call("COPY", "a", "b", "REPLACE") == b":1\r\n"
    assert c.call("GET", "b") == b"$7\r\nchanged\r\n"
    assert c.call("COPY", "nope", "x") == b":0\r\n"
    assert c.call("EXISTS", "x") == b":0\r\n"


def test_copy_keeps_ttl_and_encoding(c):
    c.call("SET", "i", "42")
    c.call("SET", "raw", "r" * 60)
    c.call("PEXPIREAT", "i", "99999999999123")
    assert c.call("COPY", "i", "i2") == b":1\r\n"
    assert c.call("PEXPIRETIME", "i2") == b":99999999999123\r\n"
    assert c.call("OBJECT", "ENCODING", "i2") == b"$3\r\nint\r\n"
    assert c.call("COPY", "raw", "raw2") == b":1\r\n"
    assert c.call("OBJECT", "ENCODING", "raw2") == b"$3\r\nraw\r\n"
    assert c.call("GET", "raw2") == b"$60\r\n" + b"r" * 60 + b"\r\n"
    assert c.call("TTL", "raw2") == b":-1\r\n"
    # replacing a volatile destination takes the source's (absent) TTL
    c.call("EXPIRE", "raw2", "100")
    assert c.call("COPY", "raw", "raw2", "REPLACE") == b":1\r\n"
    assert c.call("TTL", "raw2") == b":-1\r\n"


def test_copy_to_other_db(c):
    c.call("SET", "a", "va")
    assert c.call("COPY", "a", "a", "DB", "3") == b":1\r\n"
    assert c.call("COPY", "a", "a", "db", "3") == b":0\r\n"
    assert c.call("COPY", "a", "b", "REPLACE", "DB", "3") == b":1\r\n"
    c.call("SELECT", "3")
    assert c.call("GET", "a") == b"$2\r\nva\r\n"
    assert c.call("GET", "b") == b"$2\r\nva\r\n"
    c.call("SELECT", "0")
    assert c.call("GET", "a") == b"$2\r\nva\r\n"


def test_copy_errors(c):
    c.call("SET", "a", "1")
    assert c.call("COPY", "a", "a") == b"-ERR source and destination objects are the same\r\n"
    assert c.call("COPY", "a", "a", "DB", "0") == b"-ERR source and destination objects are the same\r\n"
    assert c.call("COPY", "a", "b", "DB", "99") == b"-ERR DB index is out of range\r\n"
    assert c.call("COPY", "a", "b", "DB", "-1") == b"-ERR DB index is out of range\r\n"
    assert c.call("COPY", "a", "b", "DB", "x") == NOT_INT
    assert c.call("COPY", "a", "b", "DB", "4294967296") == RANGE_INT
    assert c.call("COPY", "a", "b", "DB", "-2147483649") == RANGE_INT
    assert c.call("COPY", "a", "b", "DB") == SYNTAX
    assert c.call("COPY", "a", "b", "FOO") == SYNTAX
    # options are parsed before the key is looked at
    assert c.call("COPY", "nope", "b", "FOO") == SYNTAX
    assert c.call("COPY", "a") == arity("copy")


# ------------------------------------------------------------------ MOVE


def test_move(c):
    c.call("SET", "a", "va")
    c.call("PEXPIREAT", "a", "99999999999000")
    assert c.call("MOVE", "a", "1") == b":1\r\n"
    assert c.call("EXISTS", "a") == b":0\r\n"
    c.call("SELECT", "1")
    assert c.call("GET", "a") == b"$2\r\nva\r\n"
    assert c.call("PEXPIRETIME", "a") == b":99999999999000\r\n"
    c.call("SELECT", "0")
    c.call("SET", "a", "other")
    assert c.call("MOVE", "a", "1") == b":0\r\n"  # exists in the target
    assert c.call("GET", "a") == b"$5\r\nother\r\n"
    assert c.call("MOVE", "nope", "1") == b":0\r\n"


def test_move_errors(c):
    c.call("SET", "a", "1")
    assert c.call("MOVE", "a", "0") == b"-ERR source and destination objects are the same\r\n"
    assert c.call("MOVE", "a", "16") == b"-ERR DB index is out of range\r\n"
    assert c.call("MOVE", "nope", "-1") == b"-ERR DB index is out of range\r\n"
    assert c.call("MOVE", "a", "x") == NOT_INT
    assert c.call("MOVE", "a", "1.5") == NOT_INT
    assert c.call("MOVE", "a", "2147483648") == RANGE_INT
    assert c.call("MOVE", "a") == arity("move")


# ------------------------------------------------------------------ SWAPDB


def test_swapdb_clients_keep_their_index(server, r, c):
    c.call("SET", "k", "db0")
    other = Raw(server.port)
    try:
        other.call("SELECT", "1")
        other.call("SET", "k", "db1")
        other.call("SET", "only1", "x")
        other.call("EXPIRE", "only1", "100")
        assert c.call("SWAPDB", "0", "1") == b"+OK\r\n"
        assert c.call("GET", "k") == b"$3\r\ndb1\r\n"
        assert c.call("TTL", "only1") == b":100\r\n"
        assert other.call("GET", "k") == b"$3\r\ndb0\r\n"
        assert other.call("EXISTS", "only1") == b":0\r\n"
        assert c.call("DBSIZE") == b":2\r\n"
        assert other.call("DBSIZE") == b":1\r\n"
        assert c.call("SWAPDB", "1", "1") == b"+OK\r\n"
        assert other.call("GET", "k") == b"$3\r\ndb0\r\n"
    finally:
        other.close()


def test_swapdb_errors(c):
    assert c.call("SWAPDB", "a", "1") == b"-ERR invalid first DB index\r\n"
    assert c.call("SWAPDB", "1", "b") == b"-ERR invalid second DB index\r\n"
    assert c.call("SWAPDB", "a", "b") == b"-ERR invalid first DB index\r\n"
    assert c.call("SWAPDB", "0", "16") == b"-ERR DB index is out of range\r\n"
    assert c.call("SWAPDB", "-1", "0") == b"-ERR DB index is out of range\r\n"
    assert c.call("SWAPDB", "4294967296", "0") == b"-ERR invalid first DB index\r\n"
    assert c.call("SWAPDB", "0", "4294967296") == b"-ERR invalid second DB index\r\n"
    assert c.call("SWAPDB", "0") == arity("swapdb")


# ------------------------------------------------------------------ DBSIZE / FLUSHDB / FLUSHALL


def test_dbsize(c):
    assert c.call("DBSIZE") == b":0\r\n"
    for i in range(5):
        c.call("SET", f"k{i}", "v")
    assert c.call("DBSIZE") == b":5\r\n"
    c.call("SELECT", "2")
    assert c.call("DBSIZE") == b":0\r\n"
    assert c.call("DBSIZE", "x") == arity("dbsize")


@pytest.mark.parametrize("mode", [[], ["SYNC"], ["ASYNC"], ["sync"], ["async"]])
def test_flushdb_only_current_db(c, mode):
    c.call("SET", "a", "1")
    c.call("SELECT", "1")
    c.call("SET", "b", "1")
    assert c.call("FLUSHDB", *mode) == b"+OK\r\n"
    assert c.call("DBSIZE") == b":0\r\n"
    c.call("SELECT", "0")
    assert c.call("DBSIZE") == b":1\r\n"


@pytest.mark.parametrize("mode", [[], ["SYNC"], ["ASYNC"]])
def test_flushall(c, mode):
    c.call("SET", "a", "1")
    c.call("EXPIRE", "a", "100")
    c.call("SELECT", "5")
    c.call("SET", "b", "1")
    assert c.call("FLUSHALL", *mode) == b"+OK\r\n"
    assert c.call("DBSIZE") == b":0\r\n"
    c.call("SELECT", "0")
    assert c.call("DBSIZE") == b":0\r\n"
    # the db is usable afterwards, TTLs included
    c.call("SET", "a", "1")
    c.call("EXPIRE", "a", "100")
    assert c.call("TTL", "a") == b":100\r\n"


@pytest.mark.parametrize("cmd", ["FLUSHDB", "FLUSHALL"])
def test_flush_syntax(c, cmd):
    c.call("SET", "a", "1")
    assert c.call(cmd, "FOO") == SYNTAX
    assert c.call(cmd, "ASYNC", "SYNC") == SYNTAX
    assert c.call(cmd, "SYNC", "SYNC") == SYNTAX
    assert c.call("DBSIZE") == b":1\r\n"


# ------------------------------------------------------------------ OBJECT


def test_object_encoding(c):
    c.call("SET", "i", "12345")
    c.call("SET", "neg", "-9223372036854775808")
    c.call("SET", "e", "x" * 44)
    c.call("SET", "r", "x" * 45)
    c.call("SET", "notint", "012")
    assert c.call("OBJECT", "ENCODING", "i") == b"$3\r\nint\r\n"
    assert c.call("OBJECT", "ENCODING", "neg") == b"$3\r\nint\r\n"
    assert c.call("OBJECT", "ENCODING", "e") == b"$6\r\nembstr\r\n"
    assert c.call("OBJECT", "ENCODING", "r") == b"$3\r\nraw\r\n"
    assert c.call("OBJECT", "ENCODING", "notint") == b"$6\r\nembstr\r\n"
    assert c.call("OBJECT", "encoding", "nope") == b"$-1\r\n"


def test_object_refcount(c):
    c.call("SET", "small", "9999")
    c.call("SET", "zero", "0")
    c.call("SET", "big", "10000")
    c.call("SET", "neg", "-1")
    c.call("SET", "str", "hello")
    assert c.call("OBJECT", "REFCOUNT", "small") == b":2147483647\r\n"
    assert c.call("OBJECT", "REFCOUNT", "zero") == b":2147483647\r\n"
    assert c.call("OBJECT", "REFCOUNT", "big") == b":1\r\n"
    assert c.call("OBJECT", "REFCOUNT", "neg") == b":1\r\n"
    assert c.call("OBJECT", "REFCOUNT", "str") == b":1\r\n"
    assert c.call("OBJECT", "REFCOUNT", "nope") == b"$-1\r\n"


LFU_OFF = (b"-ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that "
           b"when switching between policies at runtime LRU and LFU data will take some time to adjust.\r\n")
LFU_ON = (b"-ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when "
          b"switching between policies at runtime LRU and LFU data will take some time to adjust.\r\n")


def test_object_idletime_and_freq_default_policy(c):
    c.call("SET", "a", "hello")
    assert c.call("OBJECT", "IDLETIME", "a") == b":0\r\n"
    assert c.call("OBJECT", "FREQ", "a") == LFU_OFF
    assert c.call("OBJECT", "FREQ", "nope") == b"$-1\r\n"
    assert c.call("OBJECT", "IDLETIME", "nope") == b"$-1\r\n"


def test_object_freq_under_lfu(start_server):
    s = start_server("--maxmemory-policy", "allkeys-lfu")
    c = Raw(s.port)
    try:
        c.call("SET", "a", "hello")
        assert c.call("OBJECT", "FREQ", "a") == b":5\r\n"  # LFU_INIT_VAL
        assert c.call("OBJECT", "IDLETIME", "a") == LFU_ON
        for _ in range(100):
            c.call("GET", "a")
        freq = int(c.call("OBJECT", "FREQ", "a")[1:-2])
        assert 6 <= freq <= 40
        # OBJECT itself does not count as an access
        assert c.call("OBJECT", "FREQ", "a") == b":%d\r\n" % freq
    finally:
        c.close()


OBJECT_HELP = [
    "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "ENCODING <key>",
    "    Return the kind of internal representation used in order to store the value",
    "    associated with a <key>.",
    "FREQ <key>",
    "    Return the access frequency index of the <key>. The returned integer is",
    "    proportional to the logarithm of the recent access frequency of the key.",
    "IDLETIME <key>",
    "    Return the idle time of the <key>, that is the approximated number of",
    "    seconds elapsed since the last access to the key.",
    "REFCOUNT <key>",
    "    Return the number of references of the value associated with the specified",
    "    <key>.",
    "HELP",
    "    Prints this help.",
]


def test_object_help(c):
    want = b"*%d\r\n" % len(OBJECT_HELP) + b"".join(b"+" + s.encode() + b"\r\n" for s in OBJECT_HELP)
    assert c.call("OBJECT", "HELP") == want
    assert c.call("object", "help") == want


def test_object_errors(c):
    assert c.call("OBJECT") == arity("object")
    assert c.call("OBJECT", "FOO") == b"-ERR unknown subcommand 'FOO'. Try OBJECT HELP.\r\n"
    assert c.call("OBJECT", "ENCODING") == arity("object|encoding")
    assert c.call("OBJECT", "ENCODING", "a", "b") == arity("object|encoding")
    assert c.call("OBJECT", "REFCOUNT") == arity("object|refcount")
    assert c.call("OBJECT", "IDLETIME") == arity("object|idletime")
    assert c.call("OBJECT", "FREQ") == arity("object|freq")
    assert c.call("OBJECT", "HELP", "x") == arity("object|help")


def test_object_does_not_reveal_expired_keys(c):
    c.call("SET", "a", "1")
    c.call("PEXPIRE", "a", "1")
    time.sleep(0.01)
    assert c.call("OBJECT", "ENCODING", "a") == b"$-1\r\n"
    assert c.call("TYPE", "a") == b"+none\r\n"
    assert c.call("EXISTS", "a") == b":0\r\n"


# ------------------------------------------------------------------ lazy freeing


@pytest.mark.parametrize("cmd", [["FLUSHALL", "ASYNC"], ["FLUSHDB", "ASYNC"]])
def test_async_flush_of_a_big_db(r, c, cmd):
    with r.pipeline(transaction=False) as p:
        for i in range(5000):
            p.set(f"k{i}", "x" * (i % 100))
        p.execute()
    assert c.call(*cmd) == b"+OK\r\n"
    assert c.call("DBSIZE") == b":0\r\n"
    assert c.call("KEYS", "*") == b"*0\r\n"
    # the emptied db is immediately usable and sized again from scratch
    for i in range(100):
        c.call("SET", f"n{i}", "y")
    assert c.call("DBSIZE") == b":100\r\n"
    assert c.call("GET", "n99") == b"$1\r\ny\r\n"


@pytest.mark.parametrize("opts", [["--lazyfree-lazy-user-flush", "yes"], ["--lazyfree-lazy-user-del", "yes"],
                                  ["--lazyfree-lazy-server-del", "yes"], ["--lazyfree-lazy-expire", "yes"]])
def test_lazyfree_options(start_server, opts):
    s = start_server(*opts)
    c = Raw(s.port)
    try:
        for i in range(300):
            c.call("SET", f"k{i}", "v" * 100)
        assert c.call("DEL", "k0", "k1", "nope") == b":2\r\n"
        assert c.call("UNLINK", "k2") == b":1\r\n"
        c.call("SET", "k3", "overwritten")
        assert c.call("GET", "k3") == b"$11\r\noverwritten\r\n"
        assert c.call("RENAME", "k4", "k5") == b"+OK\r\n"
        assert c.call("EXPIRE", "k6", "-1") == b":1\r\n"
        c.call("PEXPIRE", "k7", "1")
        time.sleep(0.01)
        assert c.call("GET", "k7") == b"$-1\r\n"
        assert c.call("DBSIZE") == b":294\r\n"
        assert c.call("FLUSHDB") == b"+OK\r\n"
        assert c.call("DBSIZE") == b":0\r\n"
    finally:
        c.close()
