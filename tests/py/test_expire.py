"""Key expiry: EXPIRE PEXPIRE EXPIREAT PEXPIREAT (NX XX GT LT), TTL PTTL EXPIRETIME PEXPIRETIME,
PERSIST, lazy expiry on access and the active expiry cycle."""
import time

import pytest

from conftest import Raw

NOT_INT = b"-ERR value is not an integer or out of range\r\n"
NX_ERR = b"-ERR NX and XX, GT or LT options at the same time are not compatible\r\n"
GTLT_ERR = b"-ERR GT and LT options at the same time are not compatible\r\n"
SET_CMDS = ["EXPIRE", "PEXPIRE", "EXPIREAT", "PEXPIREAT"]


@pytest.fixture
def c(r, raw):
    return raw


def num(reply):
    assert reply[:1] == b":", reply
    return int(reply[1:-2])


def now_ms():
    return int(time.time() * 1000)


# ------------------------------------------------------------------ setting a TTL


def test_expire_and_ttl(c):
    c.call("SET", "a", "v")
    assert c.call("TTL", "a") == b":-1\r\n"
    assert c.call("PTTL", "a") == b":-1\r\n"
    assert c.call("EXPIRE", "a", "100") == b":1\r\n"
    assert c.call("TTL", "a") == b":100\r\n"
    assert 99000 < num(c.call("PTTL", "a")) <= 100000
    assert c.call("EXPIRE", "a", "50") == b":1\r\n"  # may lower it: no option
    assert c.call("TTL", "a") == b":50\r\n"


def test_set_commands_on_missing_key(c):
    for cmd in SET_CMDS:
        assert c.call(cmd, "nope", "100") == b":0\r\n"
        assert c.call(cmd, "nope", "100", "XX") == b":0\r\n"
    assert c.call("TTL", "nope") == b":-2\r\n"
    assert c.call("PTTL", "nope") == b":-2\r\n"
    assert c.call("EXPIRETIME", "nope") == b":-2\r\n"
    assert c.call("PEXPIRETIME", "nope") == b":-2\r\n"
    assert c.call("EXISTS", "nope") == b":0\r\n"


def test_pexpire_precision(c):
    c.call("SET", "a", "v")
    assert c.call("PEXPIRE", "a", "2600") == b":1\r\n"
    assert 2500 < num(c.call("PTTL", "a")) <= 2600
    assert c.call("TTL", "a") == b":3\r\n"  # rounded to the nearest second
    assert c.call("PEXPIRE", "a", "2400") == b":1\r\n"
    assert c.call("TTL", "a") == b":2\r\n"


def test_millisecond_expiry(c):
    c.call("SET", "a", "v")
    c.call("PEXPIRE", "a", "300")
    time.sleep(0.1)
    assert c.call("GET", "a") == b"$1\r\nv\r\n"
    time.sleep(0.35)
    assert c.call("GET", "a") == b"$-1\r\n"
    assert c.call("TTL", "a") == b":-2\r\n"


def test_expireat_and_expiretime(c):
    c.call("SET", "a", "v")
    at = now_ms() // 1000 + 1000
    assert c.call("EXPIREAT", "a", str(at)) == b":1\r\n"
    assert c.call("EXPIRETIME", "a") == b":%d\r\n" % at
    assert c.call("PEXPIRETIME", "a") == b":%d\r\n" % (at * 1000)
    assert 999 <= num(c.call("TTL", "a")) <= 1000


def test_pexpireat_and_rounding_of_expiretime(c):
    c.call("SET", "a", "v")
    base = (now_ms() // 1000 + 5000) * 1000
    assert c.call("PEXPIREAT", "a", str(base + 499)) == b":1\r\n"
    assert c.call("PEXPIRETIME", "a") == b":%d\r\n" % (base + 499)
    assert c.call("EXPIRETIME", "a") == b":%d\r\n" % (base // 1000)
    c.call("PEXPIREAT", "a", str(base + 500))
    assert c.call("EXPIRETIME", "a") == b":%d\r\n" % (base // 1000 + 1)
    assert c.call("EXPIRETIME", "b") == b":-2\r\n"
    c.call("SET", "b", "v")
    assert c.call("EXPIRETIME", "b") == b":-1\r\n"
    assert c.call("PEXPIRETIME", "b") == b":-1\r\n"


@pytest.mark.parametrize("args", [["EXPIRE", "0"], ["EXPIRE", "-10"], ["PEXPIRE", "0"], ["PEXPIRE", "-1"],
                                  ["EXPIREAT", "0"], ["EXPIREAT", "-1"], ["PEXPIREAT", "1"],
                                  ["EXPIRE", "-9223372036854775"],
                                  ["PEXPIREAT", "-9223372036854775808"],
                                  ["PEXPIRE", "-9223372036854775808"]])
def test_time_in_the_past_deletes_the_key(c, args):
    c.call("SET", "a", "v")
    assert c.call(args[0], "a", args[1]) == b":1\r\n"
    assert c.call("EXISTS", "a") == b":0\r\n"
    assert c.call("DBSIZE") == b":0\r\n"


def test_pexpireat_now_deletes(c):
    c.call("SET", "a", "v")
    assert c.call("PEXPIREAT", "a", str(now_ms() - 1)) == b":1\r\n"
    assert c.call("DBSIZE") == b":0\r\n"


def test_set_overwrite_clears_ttl(c):
    c.call("SET", "a", "v")
    c.call("EXPIRE", "a", "100")
    c.call("SET", "a", "w")
    assert c.call("TTL", "a") == b":-1\r\n"


def test_expire_keeps_value_and_encoding(c):
    for k, v, enc in [("i", "123", "int"), ("e", "hello", "embstr"), ("r", "x" * 100, "raw")]:
        c.call("SET", k, v)
        assert c.call("EXPIRE", k, "100") == b":1\r\n"
        assert c.call("GET", k) == b"$%d\r\n%s\r\n" % (len(v), v.encode())
        assert c.call("OBJECT", "ENCODING", k) == b"$%d\r\n%s\r\n" % (len(enc), enc.encode())
        assert c.call("PERSIST", k) == b":1\r\n"
        assert c.call("GET", k) == b"$%d\r\n%s\r\n" % (len(v), v.encode())
        assert c.call("OBJECT", "ENCODING", k) == b"$%d\r\n%s\r\n" % (len(enc), enc.encode())


def test_many_volatile_keys_round_trip(r):
    # TTL changes rebuild entries in place: the keyspace must stay consistent.
    for i in range(2000):
        r.set(f"k{i}", f"v{i}")
    for i in range(0, 2000, 2):
        assert r.expire(f"k{i}", 1000)
    for i in range(0, 2000, 4):
        assert r.persist(f"k{i}")
    assert r.dbsize() == 2000
    for i in range(2000):
        assert r.get(f"k{i}") == f"v{i}".encode()
        want = 1000 if i % 2 == 0 and i % 4 != 0 else -1
        assert r.ttl(f"k{i}") == want


# ------------------------------------------------------------------ NX XX GT LT


def test_nx(c):
    c.call("SET", "a", "v")
    assert c.call("EXPIRE", "a", "100", "NX") == b":1\r\n"
    assert c.call("EXPIRE", "a", "200", "NX") == b":0\r\n"
    assert c.call("TTL", "a") == b":100\r\n"
    assert c.call("EXPIRE", "a", "200", "nx", "NX") == b":0\r\n"


def test_xx(c):
    c.call("SET", "a", "v")
    assert c.call("EXPIRE", "a", "100", "XX") == b":0\r\n"
    assert c.call("TTL", "a") == b":-1\r\n"
    c.call("EXPIRE", "a", "100")
    assert c.call("EXPIRE", "a", "200", "xx") == b":1\r\n"
    assert c.call("TTL", "a") == b":200\r\n"


def test_gt(c):
    c.call("SET", "a", "v")
    # no TTL counts as infinite: GT never succeeds
    assert c.call("EXPIRE", "a", "100", "GT") == b":0\r\n"
    assert c.call("TTL", "a") == b":-1\r\n"
    c.call("EXPIRE", "a", "100")
    assert c.call("EXPIRE", "a", "50", "GT") == b":0\r\n"
    assert c.call("EXPIRE", "a", "200", "GT") == b":1\r\n"
    assert c.call("TTL", "a") == b":200\r\n"
    at = num(c.call("PEXPIRETIME", "a"))
    assert c.call("PEXPIREAT", "a", str(at), "GT") == b":0\r\n"  # equal is not greater


def test_lt(c):
    c.call("SET", "a", "v")
    # no TTL counts as infinite: LT always succeeds
    assert c.call("EXPIRE", "a", "100", "LT") == b":1\r\n"
    assert c.call("EXPIRE", "a", "200", "LT") == b":0\r\n"
    assert c.call("EXPIRE", "a", "50", "LT") == b":1\r\n"
    assert c.call("TTL", "a") == b":50\r\n"
    at = num(c.call("PEXPIRETIME", "a"))
    assert c.call("PEXPIREAT", "a", str(at), "LT") == b":0\r\n"


def test_combined_options(c):
    c.call("SET", "a", "v")
    assert c.call("EXPIRE", "a", "100", "XX", "GT") == b":0\r\n"
    c.call("EXPIRE", "a", "100")
    assert c.call("EXPIRE", "a", "50", "XX", "LT") == b":1\r\n"
    assert c.call("EXPIRE", "a", "200", "gt", "xx") == b":1\r\n"
    assert c.call("TTL", "a") == b":200\r\n"
    assert c.call("PEXPIRE", "a", "100", "XX", "LT", "xx") == b":1\r\n"


def test_lt_with_past_time_deletes(c):
    c.call("SET", "a", "v")
    c.call("EXPIRE", "a", "100")
    assert c.call("EXPIRE", "a", "-1", "LT") == b":1\r\n"
    assert c.call("EXISTS", "a") == b":0\r\n"


@pytest.mark.parametrize("cmd", SET_CMDS)
def test_option_errors(c, cmd):
    c.call("SET", "a", "v")
    assert c.call(cmd, "a", "100", "NX", "XX") == NX_ERR
    assert c.call(cmd, "a", "100", "NX", "GT") == NX_ERR
    assert c.call(cmd, "a", "100", "lt", "nx") == NX_ERR
    assert c.call(cmd, "a", "100", "GT", "LT") == GTLT_ERR
    assert c.call(cmd, "a", "100", "Foo") == b"-ERR Unsupported option Foo\r\n"
    assert c.call(cmd, "a", "100", "NX", "bar") == b"-ERR Unsupported option bar\r\n"
    # options are checked before the number, and on missing keys too
    assert c.call(cmd, "a", "abc", "foo") == b"-ERR Unsupported option foo\r\n"
    assert c.call(cmd, "nope", "100", "GT", "LT") == GTLT_ERR
    assert c.call("TTL", "a") == b":-1\r\n"


@pytest.mark.parametrize("cmd", SET_CMDS)
def test_not_an_integer(c, cmd):
    c.call("SET", "a", "v")
    for bad in ["abc", "1.5", "", " 1", "0x10", "9223372036854775808", "1e3"]:
        assert c.call(cmd, "a", bad) == NOT_INT
    assert c.call(cmd, "nope", "abc") == NOT_INT


@pytest.mark.parametrize("cmd,value", [
    ("EXPIRE", "9223372036854775"), ("EXPIRE", "9223372036854776"), ("EXPIRE", "-9223372036854776"),
    ("EXPIRE", "9999999999999999"), ("PEXPIRE", "9223372036854775807"),
    ("EXPIREAT", "9223372036854775807"), ("EXPIREAT", "-9223372036854776")])
def test_invalid_expire_time(c, cmd, value):
    c.call("SET", "a", "v")
    want = b"-ERR invalid expire time in '%s' command\r\n" % cmd.lower().encode()
    assert c.call(cmd, "a", value) == want
    assert c.call(cmd, "nope", value) == want
    assert c.call("TTL", "a") == b":-1\r\n"


def test_pexpireat_max_is_accepted(c):
    c.call("SET", "a", "v")
    assert c.call("PEXPIREAT", "a", "9223372036854775807") == b":1\r\n"
    assert c.call("PEXPIRETIME", "a") == b":9223372036854775807\r\n"
    assert c.call("EXPIRETIME", "a") == b":9223372036854776\r\n"  # rounded up, no overflow


@pytest.mark.parametrize("cmd,n", [("EXPIRE", -3), ("PEXPIRE", -3), ("EXPIREAT", -3), ("PEXPIREAT", -3),
                                   ("TTL", 2), ("PTTL", 2), ("EXPIRETIME", 2), ("PEXPIRETIME", 2),
                                   ("PERSIST", 2)])
def test_arity(c, cmd, n):
    want = b"-ERR wrong number of arguments for '%s' command\r\n" % cmd.lower().encode()
    assert c.call(cmd) == want
    assert c.call(cmd, "a") == (want if n == -3 else b":-2\r\n" if cmd != "PERSIST" else b":0\r\n")
    if n == 2:
        assert c.call(cmd, "a", "b") == want


# ------------------------------------------------------------------ PERSIST


def test_persist(c):
    c.call("SET", "a", "v")
    assert c.call("PERSIST", "a") == b":0\r\n"
    c.call("EXPIRE", "a", "100")
    assert c.call("PERSIST", "a") == b":1\r\n"
    assert c.call("TTL", "a") == b":-1\r\n"
    assert c.call("PERSIST", "a") == b":0\r\n"
    assert c.call("PERSIST", "nope") == b":0\r\n"


def test_persist_on_expired_key(c):
    c.call("SET", "a", "v")
    c.call("PEXPIRE", "a", "1")
    time.sleep(0.01)
    assert c.call("PERSIST", "a") == b":0\r\n"
    assert c.call("EXISTS", "a") == b":0\r\n"


# ------------------------------------------------------------------ lazy and active expiry


def debug_active_expire(c, on):
    assert c.call("DEBUG", "SET-ACTIVE-EXPIRE", "1" if on else "0") == b"+OK\r\n"


def test_expired_keys_are_invisible(c):
    c.call("SET", "a", "v")
    c.call("SET", "keep", "v")
    c.call("PEXPIRE", "a", "1")
    time.sleep(0.01)
    assert c.call("GET", "a") == b"$-1\r\n"
    assert c.call("EXISTS", "a") == b":0\r\n"
    assert c.call("TTL", "a") == b":-2\r\n"
    assert c.call("EXPIRE", "a", "100") == b":0\r\n"
    assert c.call("KEYS", "*") == b"*1\r\n$4\r\nkeep\r\n"


def test_lazy_expiry_deletes_on_access(c):
    debug_active_expire(c, False)
    try:
        for i in range(10):
            c.call("SET", f"k{i}", "v")
            c.call("PEXPIRE", f"k{i}", "50")
        c.call("SET", "keep", "v")
        time.sleep(0.3)
        assert c.call("DBSIZE") == b":11\r\n"  # still there: nobody touched them
        assert c.call("KEYS", "*") == b"*1\r\n$4\r\nkeep\r\n"  # but never reported
        assert c.call("GET", "k0") == b"$-1\r\n"
        assert c.call("DBSIZE") == b":10\r\n"
        assert c.call("EXISTS", "k1", "k2") == b":0\r\n"
        assert c.call("DBSIZE") == b":8\r\n"
    finally:
        debug_active_expire(c, True)


def test_active_expiry_removes_keys_without_access(r, c):
    with r.pipeline(transaction=False) as p:
        for i in range(1000):
            p.set(f"v{i}", "x")
            p.pexpire(f"v{i}", 200)
            p.set(f"p{i}", "x")
        p.execute()
    assert c.call("DBSIZE") == b":2000\r\n"
    deadline = time.time() + 5
    while time.time() < deadline and c.call("DBSIZE") != b":1000\r\n":
        time.sleep(0.1)
    assert c.call("DBSIZE") == b":1000\r\n"


def test_active_expiry_in_other_databases(c):
    c.call("SELECT", "7")
    for i in range(50):
        c.call("SET", f"k{i}", "x")
        c.call("PEXPIRE", f"k{i}", "100")
    c.call("SELECT", "0")
    time.sleep(1.5)
    c.call("SELECT", "7")
    assert c.call("DBSIZE") == b":0\r\n"


def test_active_expiry_finds_sparse_ttls(r, c):
    # few volatile keys among many persistent ones: the scan still reaches them
    with r.pipeline(transaction=False) as p:
        for i in range(5000):
            p.set(f"p{i}", "x")
        p.execute()
    for i in range(5):
        c.call("SET", f"v{i}", "x")
        c.call("PEXPIRE", f"v{i}", "100")
    deadline = time.time() + 8
    while time.time() < deadline and c.call("DBSIZE") != b":5000\r\n":
        time.sleep(0.2)
    assert c.call("DBSIZE") == b":5000\r\n"


def test_active_expiry_keeps_serving_while_expiring_many(r, c):
    with r.pipeline(transaction=False) as p:
        for i in range(50000):
            p.set(f"k{i}", "x")
            p.pexpire(f"k{i}", 300)
        p.execute()
    time.sleep(0.4)
    worst = 0.0
    deadline = time.time() + 10
    while time.time() < deadline:
        t = time.time()
        assert c.call("PING") == b"+PONG\r\n"
        worst = max(worst, time.time() - t)
        if c.call("DBSIZE") == b":0\r\n":
            break
        time.sleep(0.01)
    assert c.call("DBSIZE") == b":0\r\n"
    assert worst < 0.5


def test_ttl_survives_db_growth_and_rehash(r):
    for i in range(100):
        r.set(f"v{i}", "x")
        r.expire(f"v{i}", 1000)
    with r.pipeline(transaction=False) as p:
        for i in range(20000):
            p.set(f"p{i}", "x")
        p.execute()
    for i in range(100):
        assert r.ttl(f"v{i}") == 1000


def test_hz_drives_active_expiry(start_server):
    s = start_server("--hz", "100")
    c = Raw(s.port)
    try:
        for i in range(200):
            c.call("SET", f"k{i}", "x")
            c.call("PEXPIRE", f"k{i}", "50")
        time.sleep(0.6)
        assert c.call("DBSIZE") == b":0\r\n"
    finally:
        c.close()


def wait_dbsize(c, want, timeout=5.0):
    deadline = time.time() + timeout
    while time.time() < deadline and c.call("DBSIZE") != b":%d\r\n" % want:
        time.sleep(0.05)
    return c.call("DBSIZE")


SHORT_TTL_WAYS = {
    "pexpire": [["SET", "k", "x"], ["PEXPIRE", "k", "100"]],
    "pexpireat": [["SET", "k", "x"], ["PEXPIREAT", "k", "{at}"]],
    "lowered-in-place": [["SET", "k", "x"], ["EXPIRE", "k", "1000"], ["SLEEP"], ["PEXPIRE", "k", "100"]],
    "rename": [["SET", "r", "x"], ["PEXPIRE", "r", "100"], ["RENAME", "r", "k"]],
    "move": [["SELECT", "9"], ["SET", "k", "x"], ["PEXPIRE", "k", "100"], ["MOVE", "k", "0"], ["SELECT", "0"]],
    "copy": [["SELECT", "9"], ["SET", "c", "x"], ["PEXPIRE", "c", "100"], ["COPY", "c", "k", "DB", "0"],
             ["DEL", "c"], ["SELECT", "0"]],
    "swapdb": [["SELECT", "9"], ["SET", "far", "x"], ["EXPIRE", "far", "1000"], ["SET", "k", "x"],
               ["PEXPIRE", "k", "100"], ["SELECT", "0"], ["SWAPDB", "0", "9"]],
}


@pytest.mark.parametrize("way", sorted(SHORT_TTL_WAYS))
def test_active_expiry_sees_a_shorter_ttl_added_later(c, way):
    """Active expiry skips a db while none of its TTLs can be due; a shorter TTL that arrives
    afterwards, by any route, must still be expired without being accessed."""
    c.call("SET", "far", "x")
    c.call("EXPIRE", "far", "1000")
    time.sleep(0.3)  # several cycles pass over the db and only see the far TTL
    for cmd in SHORT_TTL_WAYS[way]:
        if cmd == ["SLEEP"]:
            time.sleep(0.3)
        else:
            cmd = [a.replace("{at}", str(now_ms() + 100)) for a in cmd]
            assert not c.call(*cmd).startswith(b"-")
    assert wait_dbsize(c, 1) == b":1\r\n"
    assert 998 <= num(c.call("TTL", "far")) <= 1000
