"""List commands: every command, option and error reply, byte-exact where the
reply type matters (null bulk vs null array vs empty array, RESP2 and RESP3).
The expected replies were checked against Redis 7.0.15 (this file passes with
MNEMO_SERVER=/usr/bin/redis-server)."""
import random

import pytest
import redis

WRONGTYPE = b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
NOTINT = b"-ERR value is not an integer or out of range\r\n"
SYNTAX = b"-ERR syntax error\r\n"
POSITIVE = b"-ERR value is out of range, must be positive\r\n"


@pytest.fixture
def raw(raw, r):
    """The byte-exact client, on a flushed server (r flushes)."""
    return raw


def bulk(s):
    s = s if isinstance(s, bytes) else str(s).encode()
    return b"$%d\r\n%s\r\n" % (len(s), s)


def arr(*items):
    return b"*%d\r\n" % len(items) + b"".join(bulk(i) for i in items)


def lrange(r, k):
    return r.lrange(k, 0, -1)


# ------------------------------------------------------------ pushes


def test_push_basic_order(r):
    assert r.lpush("l", "a", "b", "c") == 3
    assert r.rpush("l", "x", "y") == 5
    assert lrange(r, "l") == [b"c", b"b", b"a", b"x", b"y"]
    assert r.llen("l") == 5


def test_push_wrongtype_and_arity(raw):
    raw.call("SET", "s", "v")
    assert raw.call("LPUSH", "s", "a") == WRONGTYPE
    assert raw.call("RPUSH", "s", "a") == WRONGTYPE
    assert raw.call("LPUSHX", "s", "a") == WRONGTYPE
    assert raw.call("RPUSHX", "s", "a") == WRONGTYPE
    assert raw.call("LPUSH", "l") == b"-ERR wrong number of arguments for 'lpush' command\r\n"
    assert raw.call("RPUSH", "l") == b"-ERR wrong number of arguments for 'rpush' command\r\n"
    assert raw.call("LPUSHX", "l") == b"-ERR wrong number of arguments for 'lpushx' command\r\n"
    assert raw.call("RPUSHX", "l") == b"-ERR wrong number of arguments for 'rpushx' command\r\n"


def test_pushx(r):
    assert r.lpushx("l", "a") == 0
    assert r.execute_command("RPUSHX", "l", "a", "b") == 0
    assert r.dbsize() == 0
    r.rpush("l", "m")
    assert r.lpushx("l", "a", "b") == 3
    assert r.execute_command("RPUSHX", "l", "y", "z") == 5
    assert lrange(r, "l") == [b"b", b"a", b"m", b"y", b"z"]


def test_integer_and_binary_elements(r):
    vals = [b"0", b"-1", b"127", b"128", b"-4096", b"4095", b"32767", b"-32768", b"8388607",
            b"2147483647", b"-2147483648", b"9223372036854775807", b"-9223372036854775808",
            b"9223372036854775808", b"007", b"+1", b"1.5", b"", b"\x00\xff\r\n", b"x" * 70,
            b"y" * 5000, b" 1"]
    r.rpush("l", *vals)
    assert lrange(r, "l") == vals
    for i, v in enumerate(vals):
        assert r.lindex("l", i) == v
        assert r.lindex("l", i - len(vals)) == v


def test_big_list_crosses_nodes(r):
    vals = [b"%016x" % i for i in range(3000)]
    for i in range(0, 3000, 500):
        r.rpush("l", *vals[i:i + 500])
    assert r.llen("l") == 3000
    assert lrange(r, "l") == vals
    assert r.lrange("l", 1000, 1004) == vals[1000:1005]
    assert r.lindex("l", 2999) == vals[-1]
    assert r.lindex("l", -3000) == vals[0]


def test_seed_timeline_lpush_ltrim(r):
    """The capped timeline: LPUSH the newest item, LTRIM to keep the last 100."""
    for i in range(250):
        assert r.lpush("timeline", f"post:{i}") in (i + 1, 101)
        assert r.ltrim("timeline", 0, 99) is True
    assert r.llen("timeline") == 100
    assert r.lrange("timeline", 0, 2) == [b"post:249", b"post:248", b"post:247"]
    assert r.lindex("timeline", -1) == b"post:150"


# ------------------------------------------------------------ pops


def test_pop_single(raw):
    raw.call("RPUSH", "l", "a", "b", "c")
    assert raw.call("LPOP", "l") == bulk("a")
    assert raw.call("RPOP", "l") == bulk("c")
    assert raw.call("LPOP", "l") == bulk("b")
    assert raw.call("LLEN", "l") == b":0\r\n"
    assert raw.call("LPOP", "l") == b"$-1\r\n"
    assert raw.call("RPOP", "l") == b"$-1\r\n"
    assert raw.call("DBSIZE") == b":0\r\n"


def test_pop_count(raw):
    raw.call("LPUSH", "l", "aa", "bb", "cc", "dd", "ee", "ff", "gg")
    assert raw.call("LPOP", "l", "1") == arr("gg")
    assert raw.call("LPOP", "l", "2") == arr("ff", "ee")
    assert raw.call("RPOP", "l", "2") == arr("aa", "bb")
    assert raw.call("RPOP", "l", "1") == arr("cc")
    assert raw.call("LPOP", "l", "0") == b"*0\r\n"
    assert raw.call("RPOP", "l", "123") == arr("dd")
    assert raw.call("DBSIZE") == b":0\r\n"


def test_pop_count_errors(raw):
    for cmd in ("LPOP", "RPOP"):
        assert raw.call(cmd, "l", "-1") == POSITIVE
        assert raw.call(cmd, "l", "abc") == POSITIVE
        assert raw.call(cmd, "l", "-123") == POSITIVE
        assert raw.call(cmd, "l", "1", "1") == b"-ERR wrong number of arguments for '%s' command\r\n" % cmd.lower().encode()
        assert raw.call(cmd) == b"-ERR wrong number of arguments for '%s' command\r\n" % cmd.lower().encode()
    raw.call("SET", "s", "v")
    assert raw.call("LPOP", "s") == WRONGTYPE
    assert raw.call("RPOP", "s", "2") == WRONGTYPE
    assert raw.call("LPOP", "s", "0") == WRONGTYPE
    assert raw.call("LPOP", "s", "-1") == POSITIVE  # the count is checked first


@pytest.mark.parametrize("proto", [2, 3])
def test_pop_missing_key_resp(raw, proto):
    if proto == 3:
        raw.call("HELLO", "3")
        null_bulk, null_arr = b"_\r\n", b"_\r\n"
    else:
        null_bulk, null_arr = b"$-1\r\n", b"*-1\r\n"
    assert raw.call("LPOP", "nokey") == null_bulk
    assert raw.call("RPOP", "nokey") == null_bulk
    assert raw.call("LPOP", "nokey", "0") == null_arr
    assert raw.call("RPOP", "nokey", "1") == null_arr
    raw.call("RPUSH", "l", "zero")
    assert raw.call("LPOP", "l", "0") == b"*0\r\n"
    assert raw.call("LINDEX", "nokey", "0") == null_bulk
    assert raw.call("LPOS", "l", "x") == null_bulk
    assert raw.call("LMPOP", "1", "nokey", "LEFT") == null_arr
    assert raw.call("LMOVE", "nokey", "d", "LEFT", "LEFT") == null_bulk


# ------------------------------------------------------------ reads


def test_llen_lindex(raw):
    assert raw.call("LLEN", "nokey") == b":0\r\n"
    raw.call("RPUSH", "l", "a", "b", "c")
    assert raw.call("LLEN", "l") == b":3\r\n"
    assert raw.call("LINDEX", "l", "0") == bulk("a")
    assert raw.call("LINDEX", "l", "-1") == bulk("c")
    assert raw.call("LINDEX", "l", "3") == b"$-1\r\n"
    assert raw.call("LINDEX", "l", "-4") == b"$-1\r\n"
    assert raw.call("LINDEX", "l", "9223372036854775807") == b"$-1\r\n"
    assert raw.call("LINDEX", "l", "-9223372036854775808") == b"$-1\r\n"
    assert raw.call("LINDEX", "l", "abc") == NOTINT
    assert raw.call("LINDEX", "l", "1.0") == NOTINT
    assert raw.call("LINDEX", "nokey", "abc") == b"$-1\r\n"  # the key is looked up first
    raw.call("SET", "s", "v")
    assert raw.call("LLEN", "s") == WRONGTYPE
    assert raw.call("LINDEX", "s", "abc") == WRONGTYPE
    assert raw.call("LLEN", "l", "x") == b"-ERR wrong number of arguments for 'llen' command\r\n"
    assert raw.call("LINDEX", "l") == b"-ERR wrong number of arguments for 'lindex' command\r\n"


def test_lrange(raw):
    raw.call("RPUSH", "l", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9")
    assert raw.call("LRANGE", "l", "1", "-2") == arr(*"12345678")
    assert raw.call("LRANGE", "l", "-3", "-1") == arr("7", "8", "9")
    assert raw.call("LRANGE", "l", "-100", "2") == arr("0", "1", "2")
    assert raw.call("LRANGE", "l", "5", "100") == arr(*"56789")
    assert raw.call("LRANGE", "l", "6", "3") == b"*0\r\n"
    assert raw.call("LRANGE", "l", "0", "-11") == b"*0\r\n"
    assert raw.call("LRANGE", "l", "10", "20") == b"*0\r\n"
    assert raw.call("LRANGE", "l", "-9223372036854775808", "9223372036854775807") == arr(*"0123456789")
    assert raw.call("LRANGE", "nokey", "0", "-1") == b"*0\r\n"
    assert raw.call("LRANGE", "l", "a", "1") == NOTINT
    assert raw.call("LRANGE", "l", "0", "b") == NOTINT
    assert raw.call("LRANGE", "nokey", "a", "1") == NOTINT  # indexes are parsed first
    raw.call("SET", "s", "v")
    assert raw.call("LRANGE", "s", "0", "-1") == WRONGTYPE
    assert raw.call("LRANGE", "s", "x", "-1") == NOTINT


def test_lpos(raw):
    raw.call("RPUSH", "l", "a", "b", "c", "1", "2", "3", "c", "c")
    assert raw.call("LPOS", "l", "a") == b":0\r\n"
    assert raw.call("LPOS", "l", "c") == b":2\r\n"
    assert raw.call("LPOS", "l", "2") == b":4\r\n"
    assert raw.call("LPOS", "l", "c", "RANK", "1") == b":2\r\n"
    assert raw.call("LPOS", "l", "c", "RANK", "2") == b":6\r\n"
    assert raw.call("LPOS", "l", "c", "RANK", "4") == b"$-1\r\n"
    assert raw.call("LPOS", "l", "c", "RANK", "-1") == b":7\r\n"
    assert raw.call("LPOS", "l", "c", "RANK", "-2") == b":6\r\n"
    assert raw.call("LPOS", "l", "c", "COUNT", "0") == b"*3\r\n:2\r\n:6\r\n:7\r\n"
    assert raw.call("LPOS", "l", "c", "COUNT", "2") == b"*2\r\n:2\r\n:6\r\n"
    assert raw.call("LPOS", "l", "c", "COUNT", "100") == b"*3\r\n:2\r\n:6\r\n:7\r\n"
    assert raw.call("LPOS", "l", "c", "COUNT", "0", "RANK", "2") == b"*2\r\n:6\r\n:7\r\n"
    assert raw.call("LPOS", "l", "c", "COUNT", "2", "RANK", "-1") == b"*2\r\n:7\r\n:6\r\n"
    assert raw.call("LPOS", "l", "c", "COUNT", "0", "MAXLEN", "7") == b"*2\r\n:2\r\n:6\r\n"
    assert raw.call("LPOS", "l", "c", "MAXLEN", "2") == b"$-1\r\n"
    assert raw.call("LPOS", "l", "c", "RANK", "-1", "MAXLEN", "1") == b":7\r\n"
    assert raw.call("LPOS", "l", "x", "COUNT", "0") == b"*0\r\n"
    assert raw.call("LPOS", "l", "x") == b"$-1\r\n"
    assert raw.call("LPOS", "l", "c", "rank", "1", "count", "1", "maxlen", "0") == b"*1\r\n:2\r\n"
    assert raw.call("LPOS", "nokey", "x") == b"$-1\r\n"
    assert raw.call("LPOS", "nokey", "x", "COUNT", "1") == b"*0\r\n"
    # The 7.0 quirk: RANK LONG_MIN does not wrap to positive; every match counts.
    assert raw.call("LPOS", "l", "c", "RANK", "-9223372036854775808") == b":7\r\n"
    assert raw.call("LPOS", "l", "c", "RANK", "-9223372036854775808", "COUNT", "1") == b"*3\r\n:7\r\n:6\r\n:2\r\n"
    assert raw.call("LPOS", "l", "c", "RANK", "9223372036854775807") == b"$-1\r\n"
    assert raw.call("LPOS", "l", "c", "RANK", "-9223372036854775807") == b"$-1\r\n"


def test_lpos_errors(raw):
    raw.call("RPUSH", "l", "a")
    assert raw.call("LPOS", "l", "a", "RANK", "0") == (
        b"-ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... "
        b"or use negative to start from the end of the list\r\n")
    assert raw.call("LPOS", "l", "a", "RANK", "x") == NOTINT
    assert raw.call("LPOS", "l", "a", "COUNT", "-1") == b"-ERR COUNT can't be negative\r\n"
    assert raw.call("LPOS", "l", "a", "COUNT", "abc") == b"-ERR COUNT can't be negative\r\n"
    assert raw.call("LPOS", "l", "a", "MAXLEN", "-1") == b"-ERR MAXLEN can't be negative\r\n"
    assert raw.call("LPOS", "l", "a", "MAXLEN", "1.5") == b"-ERR MAXLEN can't be negative\r\n"
    assert raw.call("LPOS", "l", "a", "RANK") == SYNTAX
    assert raw.call("LPOS", "l", "a", "FOO", "1") == SYNTAX
    assert raw.call("LPOS", "nokey", "a", "RANK", "0").startswith(b"-ERR RANK can't be zero")
    raw.call("SET", "s", "v")
    assert raw.call("LPOS", "s", "a") == WRONGTYPE
    assert raw.call("LPOS", "s", "a", "COUNT", "-1") == b"-ERR COUNT can't be negative\r\n"
    assert raw.call("LPOS", "l") == b"-ERR wrong number of arguments for 'lpos' command\r\n"


# ------------------------------------------------------------ changes in place


def test_lset(raw):
    raw.call("RPUSH", "l", "a", "b", "c")
    assert raw.call("LSET", "l", "0", "x") == b"+OK\r\n"
    assert raw.call("LSET", "l", "-1", "z") == b"+OK\r\n"
    assert raw.call("LSET", "l", "1", "12345") == b"+OK\r\n"
    assert raw.call("LRANGE", "l", "0", "-1") == arr("x", "12345", "z")
    assert raw.call("LSET", "l", "3", "x") == b"-ERR index out of range\r\n"
    assert raw.call("LSET", "l", "-4", "x") == b"-ERR index out of range\r\n"
    assert raw.call("LSET", "l", "a", "x") == NOTINT
    assert raw.call("LSET", "nokey", "0", "x") == b"-ERR no such key\r\n"
    assert raw.call("LSET", "nokey", "abc", "x") == b"-ERR no such key\r\n"
    raw.call("SET", "s", "v")
    assert raw.call("LSET", "s", "0", "x") == WRONGTYPE
    assert raw.call("LSET", "s", "abc", "x") == WRONGTYPE
    assert raw.call("LSET", "l", "0") == b"-ERR wrong number of arguments for 'lset' command\r\n"


def test_lset_growing_element_big_list(r):
    vals = [b"v%05d" % i for i in range(2000)]
    r.rpush("l", *vals)
    big = b"B" * 20000
    for i in (0, 1000, 1999, 777):
        r.lset("l", i, big)
        vals[i] = big
    assert lrange(r, "l") == vals
    r.lset("l", 1000, "small")
    vals[1000] = b"small"
    assert lrange(r, "l") == vals


def test_linsert(raw):
    raw.call("RPUSH", "l", "a", "b", "c", "b")
    assert raw.call("LINSERT", "l", "BEFORE", "b", "x") == b":5\r\n"
    assert raw.call("LINSERT", "l", "after", "b", "y") == b":6\r\n"
    assert raw.call("LINSERT", "l", "AFTER", "c", "z") == b":7\r\n"
    assert raw.call("LRANGE", "l", "0", "-1") == arr("a", "x", "b", "y", "c", "z", "b")
    assert raw.call("LINSERT", "l", "BEFORE", "nope", "x") == b":-1\r\n"
    assert raw.call("LINSERT", "nokey", "BEFORE", "a", "x") == b":0\r\n"
    assert raw.call("LINSERT", "l", "MIDDLE", "a", "x") == SYNTAX
    assert raw.call("LINSERT", "nokey", "MIDDLE", "a", "x") == SYNTAX
    raw.call("RPUSH", "n", "1", "2", "3")
    assert raw.call("LINSERT", "n", "AFTER", "2", "10") == b":4\r\n"
    assert raw.call("LRANGE", "n", "0", "-1") == arr("1", "2", "10", "3")
    raw.call("SET", "s", "v")
    assert raw.call("LINSERT", "s", "BEFORE", "a", "x") == WRONGTYPE
    assert raw.call("LINSERT", "s", "x", "a", "x") == SYNTAX
    assert raw.call("LINSERT", "l", "BEFORE", "a") == b"-ERR wrong number of arguments for 'linsert' command\r\n"


def test_linsert_into_full_nodes(r):
    vals = [b"%016d" % i for i in range(2000)]
    r.rpush("l", *vals)
    rnd = random.Random(5)
    for i in range(300):
        pos = rnd.randrange(len(vals))
        pivot = vals[pos]
        new = b"ins%d" % i
        if rnd.random() < 0.5:
            assert r.linsert("l", "BEFORE", pivot, new) == len(vals) + 1
            vals.insert(pos, new)
        else:
            assert r.linsert("l", "AFTER", pivot, new) == len(vals) + 1
            vals.insert(pos + 1, new)
    assert lrange(r, "l") == vals


def test_ltrim(raw):
    raw.call("RPUSH", "l", "0", "1", "2", "3", "4")
    assert raw.call("LTRIM", "l", "1", "-2") == b"+OK\r\n"
    assert raw.call("LRANGE", "l", "0", "-1") == arr("1", "2", "3")
    assert raw.call("LTRIM", "l", "-100", "100") == b"+OK\r\n"
    assert raw.call("LRANGE", "l", "0", "-1") == arr("1", "2", "3")
    assert raw.call("LTRIM", "l", "0", "-10") == b"+OK\r\n"
    assert raw.call("DBSIZE") == b":0\r\n"
    raw.call("RPUSH", "l", "0", "1", "2")
    assert raw.call("LTRIM", "l", "2", "1") == b"+OK\r\n"
    assert raw.call("LLEN", "l") == b":0\r\n"
    assert raw.call("LTRIM", "nokey", "0", "1") == b"+OK\r\n"
    assert raw.call("LTRIM", "nokey", "a", "1") == NOTINT
    assert raw.call("LTRIM", "l", "0", "b") == NOTINT
    raw.call("SET", "s", "v")
    assert raw.call("LTRIM", "s", "0", "1") == WRONGTYPE
    assert raw.call("LTRIM", "s", "0") == b"-ERR wrong number of arguments for 'ltrim' command\r\n"


def test_lrem(raw):
    raw.call("RPUSH", "l", "a", "b", "a", "c", "a", "1", "01", "1")
    assert raw.call("LREM", "l", "1", "a") == b":1\r\n"
    assert raw.call("LRANGE", "l", "0", "-1") == arr("b", "a", "c", "a", "1", "01", "1")
    assert raw.call("LREM", "l", "-1", "a") == b":1\r\n"
    assert raw.call("LRANGE", "l", "0", "-1") == arr("b", "a", "c", "1", "01", "1")
    assert raw.call("LREM", "l", "0", "1") == b":2\r\n"
    assert raw.call("LRANGE", "l", "0", "-1") == arr("b", "a", "c", "01")
    assert raw.call("LREM", "l", "0", "zz") == b":0\r\n"
    assert raw.call("LREM", "l", "-9223372036854775808", "c") == b":1\r\n"
    assert raw.call("LREM", "l", "0", "b") == b":1\r\n"
    assert raw.call("LREM", "l", "0", "a") == b":1\r\n"
    assert raw.call("LREM", "l", "0", "01") == b":1\r\n"
    assert raw.call("DBSIZE") == b":0\r\n"
    assert raw.call("LREM", "nokey", "0", "a") == b":0\r\n"
    assert raw.call("LREM", "nokey", "x", "a") == NOTINT
    raw.call("SET", "s", "v")
    assert raw.call("LREM", "s", "0", "a") == WRONGTYPE
    assert raw.call("LREM", "s", "x", "a") == NOTINT


def test_lrem_big_list_model(r):
    rnd = random.Random(9)
    vals = [str(rnd.randrange(5)).encode() * rnd.choice([1, 3, 40]) for _ in range(3000)]
    r.rpush("l", *vals)
    for _ in range(20):
        target = rnd.choice(vals) if vals else b"0"
        count = rnd.choice([0, 1, 2, 50, -1, -2, -50])
        removed = 0
        idxs = range(len(vals)) if count >= 0 else range(len(vals) - 1, -1, -1)
        keep = [True] * len(vals)
        for i in idxs:
            if vals[i] == target and (count == 0 or removed < abs(count)):
                keep[i] = False
                removed += 1
        vals = [v for v, k in zip(vals, keep) if k]
        assert r.lrem("l", count, target) == removed
    assert lrange(r, "l") == vals


# ------------------------------------------------------------ moves


@pytest.mark.parametrize("src_side,dst_side", [("LEFT", "LEFT"), ("LEFT", "RIGHT"), ("RIGHT", "LEFT"), ("RIGHT", "RIGHT")])
def test_lmove(raw, src_side, dst_side):
    raw.call("RPUSH", "src", "a", "b", "c")
    raw.call("RPUSH", "dst", "x")
    moved = "a" if src_side == "LEFT" else "c"
    assert raw.call("LMOVE", "src", "dst", src_side, dst_side) == bulk(moved)
    want = [moved, "x"] if dst_side == "LEFT" else ["x", moved]
    assert raw.call("LRANGE", "dst", "0", "-1") == arr(*want)
    # same list: a rotation (or a no-op); what is left is [b, c] or [a, b]
    rest = ["b", "c"] if src_side == "LEFT" else ["a", "b"]
    assert raw.call("LMOVE", "src", "src", src_side, dst_side) == bulk("b")
    rest.remove("b")
    rest = ["b"] + rest if dst_side == "LEFT" else rest + ["b"]
    assert raw.call("LRANGE", "src", "0", "-1") == arr(*rest)


def test_lmove_rotation_and_new_key(raw):
    raw.call("RPUSH", "l", "a", "b", "c")
    assert raw.call("LMOVE", "l", "l", "LEFT", "RIGHT") == bulk("a")
    assert raw.call("LRANGE", "l", "0", "-1") == arr("b", "c", "a")
    assert raw.call("RPOPLPUSH", "l", "l") == bulk("a")
    assert raw.call("LRANGE", "l", "0", "-1") == arr("a", "b", "c")
    raw.call("RPUSH", "one", "only")
    assert raw.call("LMOVE", "one", "one", "RIGHT", "LEFT") == bulk("only")
    assert raw.call("LRANGE", "one", "0", "-1") == arr("only")
    assert raw.call("RPOPLPUSH", "l", "new") == bulk("c")
    assert raw.call("RPOPLPUSH", "l", "new") == bulk("b")
    assert raw.call("RPOPLPUSH", "l", "new") == bulk("a")
    assert raw.call("LRANGE", "new", "0", "-1") == arr("a", "b", "c")
    assert raw.call("LLEN", "l") == b":0\r\n"
    assert raw.call("RPOPLPUSH", "l", "new") == b"$-1\r\n"


def test_lmove_errors(raw):
    raw.call("SET", "s", "v")
    raw.call("RPUSH", "l", "a")
    assert raw.call("LMOVE", "l", "d", "UP", "LEFT") == SYNTAX
    assert raw.call("LMOVE", "l", "d", "LEFT", "DOWN") == SYNTAX
    assert raw.call("LMOVE", "s", "d", "UP", "LEFT") == SYNTAX  # sides before keys
    assert raw.call("LMOVE", "s", "l", "LEFT", "LEFT") == WRONGTYPE
    assert raw.call("LMOVE", "l", "s", "LEFT", "LEFT") == WRONGTYPE
    assert raw.call("LRANGE", "l", "0", "-1") == arr("a")  # nothing popped
    assert raw.call("RPOPLPUSH", "s", "l") == WRONGTYPE
    assert raw.call("RPOPLPUSH", "l", "s") == WRONGTYPE
    assert raw.call("RPOPLPUSH", "nokey", "s") == b"$-1\r\n"  # the missing source wins
    assert raw.call("LMOVE", "l", "d", "LEFT") == b"-ERR wrong number of arguments for 'lmove' command\r\n"
    assert raw.call("RPOPLPUSH", "l") == b"-ERR wrong number of arguments for 'rpoplpush' command\r\n"


def test_lmpop(raw):
    raw.call("RPUSH", "b", "1", "2", "3")
    assert raw.call("LMPOP", "2", "a", "b", "LEFT") == b"*2\r\n" + bulk("b") + arr("1")
    assert raw.call("LMPOP", "2", "a", "b", "right", "COUNT", "10") == b"*2\r\n" + bulk("b") + arr("3", "2")
    assert raw.call("LMPOP", "2", "a", "b", "LEFT") == b"*-1\r\n"
    raw.call("RPUSH", "a", "x", "y")
    raw.call("RPUSH", "b", "z")
    assert raw.call("LMPOP", "2", "a", "b", "LEFT", "count", "1") == b"*2\r\n" + bulk("a") + arr("x")


def test_lmpop_errors(raw):
    err_numkeys = b"-ERR numkeys should be greater than 0\r\n"
    assert raw.call("LMPOP", "0", "a", "LEFT") == err_numkeys
    assert raw.call("LMPOP", "-1", "a", "LEFT") == err_numkeys
    assert raw.call("LMPOP", "abc", "a", "LEFT") == err_numkeys
    assert raw.call("LMPOP", "2", "a", "LEFT") == SYNTAX
    assert raw.call("LMPOP", "9223372036854775807", "a", "LEFT") == SYNTAX
    assert raw.call("LMPOP", "1", "a", "MIDDLE") == SYNTAX
    assert raw.call("LMPOP", "1", "a", "LEFT", "COUNT") == SYNTAX
    assert raw.call("LMPOP", "1", "a", "LEFT", "COUNT", "0") == b"-ERR count should be greater than 0\r\n"
    assert raw.call("LMPOP", "1", "a", "LEFT", "COUNT", "-1") == b"-ERR count should be greater than 0\r\n"
    assert raw.call("LMPOP", "1", "a", "LEFT", "COUNT", "x") == b"-ERR count should be greater than 0\r\n"
    assert raw.call("LMPOP", "1", "a", "LEFT", "COUNT", "1", "COUNT", "1") == SYNTAX
    assert raw.call("LMPOP", "1", "a", "LEFT", "FOO") == SYNTAX
    assert raw.call("LMPOP", "1", "a") == b"-ERR wrong number of arguments for 'lmpop' command\r\n"
    raw.call("SET", "s", "v")
    raw.call("RPUSH", "l", "x")
    assert raw.call("LMPOP", "2", "s", "l", "LEFT") == WRONGTYPE
    assert raw.call("LMPOP", "2", "l", "s", "LEFT") == b"*2\r\n" + bulk("l") + arr("x")


# ------------------------------------------------------------ keyspace effects


def test_emptied_lists_are_deleted(r):
    r.rpush("a", "1")
    r.lpop("a")
    r.rpush("b", "1", "2")
    r.rpop("b", 5)
    r.rpush("c", "1")
    r.lrem("c", 0, "1")
    r.rpush("d", "1")
    r.ltrim("d", 1, 0)
    r.rpush("e", "1")
    r.lmove("e", "f", "LEFT", "LEFT")
    r.rpush("g", "1")
    r.lmpop(1, "g", direction="LEFT")
    assert r.dbsize() == 1  # only f
    assert lrange(r, "f") == [b"1"]


def test_ttl_survives_list_changes(r):
    r.rpush("l", "a")
    assert r.expire("l", 100)
    for i in range(200):  # inline -> quicklist
        r.rpush("l", b"x" * 20)
    assert 0 < r.ttl("l") <= 100
    r.ltrim("l", 0, 1)  # quicklist -> inline
    assert 0 < r.ttl("l") <= 100
    r.lset("l", 0, "b")
    assert 0 < r.ttl("l") <= 100


def test_del_and_recreate(r):
    r.rpush("l", *range(500))
    assert r.delete("l") == 1
    assert r.llen("l") == 0
    r.lpush("l", "z")
    assert lrange(r, "l") == [b"z"]


def test_dirty_counter(r):
    def dirty():
        return r.info("persistence")["rdb_changes_since_last_save"]
    base = dirty()
    r.rpush("l", "a", "b", "c")
    assert dirty() == base + 3
    r.lpop("l", 2)
    assert dirty() == base + 5
    r.ltrim("l", 1, 0)
    assert dirty() == base + 6
    r.rpush("l", "a", "b")
    r.lmove("l", "m", "LEFT", "LEFT")
    assert dirty() == base + 9


def test_large_element_plain_node(r):
    big = b"p" * (1 << 20)
    r.rpush("l", "a", big, "b")
    assert r.lindex("l", 1) == big
    assert r.lpos("l", big) == 1
    r.linsert("l", "AFTER", big, "c")
    assert lrange(r, "l") == [b"a", big, b"c", b"b"]
    assert r.rpoplpush("l", "l") == b"b"
    assert r.lrem("l", 1, big) == 1
    assert lrange(r, "l") == [b"b", b"a", b"c"]


def test_random_against_model(r):
    """A random mix of list commands checked against a Python list after each step."""
    rnd = random.Random(1234)
    model = []
    for step in range(1500):
        op = rnd.randrange(8)
        v = rnd.choice([b"a", b"b", b"1", b"-3", b"x" * rnd.randrange(1, 300)])
        if op == 0:
            n = rnd.randrange(1, 5)
            r.lpush("l", *([v] * n))
            model[:0] = [v] * n
        elif op == 1:
            r.rpush("l", v)
            model.append(v)
        elif op == 2:
            cnt = rnd.randrange(0, 4)
            got = r.lpop("l", cnt) if model else r.lpop("l")
            if model:
                assert got == (model[:cnt] if cnt else [])
                del model[:cnt]
        elif op == 3 and model:
            i = rnd.randrange(-len(model), len(model))
            r.lset("l", i, v)
            model[i] = v
        elif op == 4 and model:
            pivot = rnd.choice(model)
            where = rnd.choice(["BEFORE", "AFTER"])
            r.linsert("l", where, pivot, v)
            i = model.index(pivot)
            model.insert(i if where == "BEFORE" else i + 1, v)
        elif op == 5:
            a, b = rnd.randrange(-3, 3), rnd.choice([-1, -2, 100, rnd.randrange(-50, 50)])
            r.ltrim("l", a, b)
            n = len(model)
            s, e = (a + n if a < 0 else a), (b + n if b < 0 else b)
            s = max(s, 0)
            model = [] if s > e or s >= n else model[s:min(e, n - 1) + 1]
        elif op == 6 and model:
            cnt = rnd.choice([0, 1, -1, 2])
            target = rnd.choice(model)
            r.lrem("l", cnt, target)
            idxs = [i for i, x in enumerate(model) if x == target]
            if cnt < 0:
                idxs = idxs[::-1]
            if cnt:
                idxs = idxs[:abs(cnt)]
            for i in sorted(idxs, reverse=True):
                del model[i]
        elif op == 7:
            got = r.rpop("l")
            assert got == (model.pop() if model else None)
        if step % 25 == 0:
            assert lrange(r, "l") == model
    assert lrange(r, "l") == model


# ------------------------------------------------------------ metadata


def parse_resp(data):
    """Parses one raw RESP2 reply into Python values (for nested replies)."""
    def parse(i):
        end = data.index(b"\r\n", i)
        t, line, i = data[i:i + 1], data[i + 1:end], end + 2
        if t in (b"+", b"-"):
            return line, i
        if t == b":":
            return int(line), i
        if t == b"$":
            n = int(line)
            return (None, i) if n < 0 else (data[i:i + n], i + n + 2)
        n = int(line)
        out = []
        for _ in range(n):
            v, i = parse(i)
            out.append(v)
        return out, i
    return parse(0)[0]


def test_command_info_keys(r, raw):
    info = parse_resp(raw.call("COMMAND", "INFO", "lpush", "blpop", "lmpop", "blmove"))
    by = {i[0]: i for i in info}
    assert by[b"lpush"][1:6] == [-3, [b"write", b"denyoom", b"fast"], 1, 1, 1]
    assert by[b"blpop"][1:6] == [-3, [b"write", b"noscript", b"blocking"], 1, -2, 1]
    assert by[b"lmpop"][1:6] == [-4, [b"write", b"movablekeys"], 0, 0, 0]
    assert by[b"blmove"][1:6] == [6, [b"write", b"denyoom", b"noscript", b"blocking"], 1, 2, 1]
    assert raw.call("COMMAND", "GETKEYS", "LMPOP", "2", "a", "b", "LEFT") == arr("a", "b")
    assert raw.call("COMMAND", "GETKEYS", "BLMPOP", "0", "2", "a", "b", "LEFT") == arr("a", "b")
    assert raw.call("COMMAND", "GETKEYS", "BLPOP", "a", "b", "0") == arr("a", "b")
    assert raw.call("COMMAND", "GETKEYS", "LMOVE", "a", "b", "LEFT", "LEFT") == arr("a", "b")


def test_debug_digest_value(r):
    """Redis folds a list's elements, head to tail, as text; integers too."""
    r.rpush("l", "a", "1", "bb", "-5", "x" * 300)
    got = r.execute_command("DEBUG", "DIGEST-VALUE", "l")
    assert got == [b"3ecf691a0104894a6cc1c2f06127208cfb63b9ae"]
    r.rpush("big", *[b"%d" % i for i in range(2000)])
    assert r.execute_command("DEBUG", "DIGEST-VALUE", "big") != got


# ------------------------------------------------------------ list-compress-depth


@pytest.fixture
def depth_reset(r):
    yield
    r.config_set("list-compress-depth", 0)


def build_pair(r, n=10000):
    """'plain' made at depth 0 and 'lzf' at depth 1, same compressible elements."""
    vals = [b"item-%05d-the-same-compressible-text" % i for i in range(n)]
    r.config_set("list-compress-depth", 0)
    for i in range(0, n, 1000):
        r.rpush("plain", *vals[i:i + 1000])
    r.config_set("list-compress-depth", 1)
    for i in range(0, n, 1000):
        r.rpush("lzf", *vals[i:i + 1000])
    return vals


def test_compress_depth_config(r, depth_reset):
    assert r.config_get("list-compress-depth") == {"list-compress-depth": "0"}
    r.config_set("list-compress-depth", 3)
    assert r.config_get("list-compress-depth") == {"list-compress-depth": "3"}
    with pytest.raises(redis.ResponseError, match="argument must be between 0 and 2147483647"):
        r.config_set("list-compress-depth", -1)


def test_compressed_list_reads(r, depth_reset):
    vals = build_pair(r)
    assert r.memory_usage("lzf") * 3 < r.memory_usage("plain")
    assert r.object("encoding", "lzf") == b"quicklist"
    for k in ("plain", "lzf"):
        assert r.llen(k) == 10000
        assert lrange(r, k) == vals
    for start, end in [(0, 10), (4990, 5010), (-20, -1), (3000, 2999), (9999, 20000), (-9000, 500)]:
        assert r.lrange("lzf", start, end) == r.lrange("plain", start, end)
    for i in (0, 1, 453, 454, 5000, 9998, 9999, 10000, -1, -5000, -10000, -10001):
        assert r.lindex("lzf", i) == r.lindex("plain", i)
    assert r.lpos("lzf", vals[7777]) == 7777
    assert r.lpos("lzf", vals[7777], rank=-1) == r.lpos("plain", vals[7777], rank=-1)
    assert r.lpos("lzf", b"nope") is None
    assert r.execute_command("DEBUG", "DIGEST-VALUE", "lzf") == \
        r.execute_command("DEBUG", "DIGEST-VALUE", "plain")
    assert r.sort("lzf", alpha=True, start=100, num=5) == r.sort("plain", alpha=True, start=100, num=5)
    assert r.copy("lzf", "lzf2") is True
    assert lrange(r, "lzf2") == vals
    assert r.memory_usage("lzf2") * 3 < r.memory_usage("plain")


def test_compressed_list_writes(r, depth_reset):
    build_pair(r)
    rnd = random.Random(7)
    for _ in range(200):
        op = rnd.randrange(7)
        i = rnd.randrange(-11000, 11000)
        v = b"new-%d" % rnd.randrange(100) if rnd.randrange(3) else b"%d" % rnd.randrange(-500, 500)
        res = []
        for k in ("plain", "lzf"):
            try:
                if op == 0:
                    res.append(r.lset(k, i, v))
                elif op == 1:
                    pivot = r.lindex(k, i)
                    res.append(r.linsert(k, "BEFORE" if i % 2 else "AFTER", pivot or b"x", v))
                elif op == 2:
                    res.append(r.lrem(k, i % 5 - 2, b"new-%d" % (abs(i) % 100)))
                elif op == 3:
                    res.append((r.lpush(k, v), r.rpush(k, v, v)))
                elif op == 4:
                    res.append((r.lpop(k, 2), r.rpop(k)))
                elif op == 5:
                    res.append(r.lpos(k, v, rank=-1 if i < 0 else 1, count=3))
                else:
                    res.append(r.lindex(k, i))
            except redis.ResponseError as e:
                res.append(str(e))
        assert res[0] == res[1], (op, i, v)
    assert lrange(r, "lzf") == lrange(r, "plain")
    assert r.ltrim("lzf", 100, -200) is True
    assert r.ltrim("plain", 100, -200) is True
    assert lrange(r, "lzf") == lrange(r, "plain")
    assert r.memory_usage("lzf") * 2 < r.memory_usage("plain")
    assert r.execute_command("DEBUG", "DIGEST-VALUE", "lzf") == \
        r.execute_command("DEBUG", "DIGEST-VALUE", "plain")


def test_compressed_list_blocking_pop(r, depth_reset):
    vals = build_pair(r, 3000)
    assert r.blpop(["lzf"], 1) == (b"lzf", vals[0])
    assert r.brpop(["lzf"], 1) == (b"lzf", vals[-1])
    assert r.blmove("lzf", "dst", 1, "LEFT", "RIGHT") == vals[1]
    assert r.lmpop(1, "lzf", direction="RIGHT", count=1000) == [b"lzf", vals[-2:-1002:-1]]
    assert lrange(r, "lzf") == vals[2:-1001]
