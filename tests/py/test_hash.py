"""Hash commands: replies, options and error texts as Redis 7.0.15 gives them, encodings at
Redis's thresholds, keyspace bookkeeping (empty hashes deleted, no key left behind by errors).

Every expectation here was checked against redis-server 7.0.15 (the suite passes with
MNEMO_SERVER=/usr/bin/redis-server)."""
import pytest

WRONGTYPE = b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"


def arity(cmd):
    return b"-ERR wrong number of arguments for '%s' command\r\n" % cmd.encode()


def bulks(*items):
    return b"".join(b"$%d\r\n%s\r\n" % (len(i), i) for i in items)


def arr(*items):
    return b"*%d\r\n" % len(items) + bulks(*items)


def encoding(r, key):
    return r.object("encoding", key)


@pytest.fixture
def config(r):
    """CONFIG SET that restores the old values afterwards."""
    saved = {}

    def set_(name, value):
        if name not in saved:
            saved[name] = r.config_get(name)[name]
        r.config_set(name, value)

    yield set_
    for k, v in saved.items():
        r.config_set(k, v)


# ---------------------------------------------------------------- basics


def test_hset_hget_hlen(r, raw):
    assert raw.call("HSET", "h", "a", "1", "b", "2") == b":2\r\n"
    assert raw.call("HSET", "h", "a", "3", "c", "4") == b":1\r\n"
    assert raw.call("HSET", "h", "a", "3") == b":0\r\n"
    assert raw.call("HGET", "h", "a") == b"$1\r\n3\r\n"
    assert raw.call("HGET", "h", "zz") == b"$-1\r\n"
    assert raw.call("HLEN", "h") == b":3\r\n"
    assert raw.call("HEXISTS", "h", "b") == b":1\r\n"
    assert raw.call("HEXISTS", "h", "zz") == b":0\r\n"
    assert raw.call("HSTRLEN", "h", "c") == b":1\r\n"
    assert raw.call("HMGET", "h", "a", "zz", "b") == b"*3\r\n$1\r\n3\r\n$-1\r\n$1\r\n2\r\n"
    assert raw.call("HGETALL", "h") == arr(b"a", b"3", b"b", b"2", b"c", b"4")  # listpack keeps order
    assert raw.call("HKEYS", "h") == arr(b"a", b"b", b"c")
    assert raw.call("HVALS", "h") == arr(b"3", b"2", b"4")


def test_missing_key_replies(raw):
    assert raw.call("HGET", "nokey", "a") == b"$-1\r\n"
    assert raw.call("HMGET", "nokey", "a", "b") == b"*2\r\n$-1\r\n$-1\r\n"
    assert raw.call("HLEN", "nokey") == b":0\r\n"
    assert raw.call("HEXISTS", "nokey", "a") == b":0\r\n"
    assert raw.call("HSTRLEN", "nokey", "a") == b":0\r\n"
    assert raw.call("HDEL", "nokey", "a") == b":0\r\n"
    assert raw.call("HGETALL", "nokey") == b"*0\r\n"
    assert raw.call("HKEYS", "nokey") == b"*0\r\n"
    assert raw.call("HVALS", "nokey") == b"*0\r\n"
    assert raw.call("HRANDFIELD", "nokey") == b"$-1\r\n"
    assert raw.call("HRANDFIELD", "nokey", "3") == b"*0\r\n"
    assert raw.call("HRANDFIELD", "nokey", "-3", "WITHVALUES") == b"*0\r\n"
    assert raw.call("HSCAN", "nokey", "0") == b"*2\r\n$1\r\n0\r\n*0\r\n"


def test_resp3_shapes(r, raw):
    r.hset("h", mapping={"a": "1"})
    raw.call("HELLO", "3")
    assert raw.call("HGETALL", "h") == b"%1\r\n$1\r\na\r\n$1\r\n1\r\n"
    assert raw.call("HGETALL", "nokey") == b"%0\r\n"
    assert raw.call("HKEYS", "nokey") == b"*0\r\n"
    assert raw.call("HGET", "nokey", "a") == b"_\r\n"
    assert raw.call("HRANDFIELD", "h", "1", "WITHVALUES") == b"*1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n"
    assert raw.call("HRANDFIELD", "h", "-2", "WITHVALUES") == b"*2\r\n" + b"*2\r\n$1\r\na\r\n$1\r\n1\r\n" * 2
    assert raw.call("HRANDFIELD", "h", "5") == b"*1\r\n$1\r\na\r\n"
    raw.call("HELLO", "2")
    assert raw.call("HRANDFIELD", "h", "1", "WITHVALUES") == b"*2\r\n$1\r\na\r\n$1\r\n1\r\n"


def test_wrongtype(r, raw):
    r.set("str", "x")
    for cmd in (["HSET", "str", "a", "b"], ["HSETNX", "str", "a", "b"], ["HMSET", "str", "a", "b"],
                ["HGET", "str", "a"], ["HMGET", "str", "a"], ["HDEL", "str", "a"], ["HLEN", "str"],
                ["HEXISTS", "str", "a"], ["HSTRLEN", "str", "a"], ["HGETALL", "str"], ["HKEYS", "str"],
                ["HVALS", "str"], ["HINCRBY", "str", "a", "1"], ["HINCRBYFLOAT", "str", "a", "1"],
                ["HRANDFIELD", "str"], ["HRANDFIELD", "str", "2"], ["HSCAN", "str", "0"]):
        assert raw.call(*cmd) == WRONGTYPE, cmd
    assert r.get("str") == b"x"


@pytest.mark.parametrize("cmd,args", [
    ("hset", ["h"]), ("hset", ["h", "f"]), ("hsetnx", ["h", "f"]), ("hget", ["h"]), ("hmget", ["h"]),
    ("hmset", ["h", "f"]), ("hgetall", []), ("hdel", ["h"]), ("hlen", []), ("hexists", ["h"]),
    ("hkeys", []), ("hvals", []), ("hincrby", ["h", "f"]), ("hincrbyfloat", ["h", "f"]),
    ("hstrlen", ["h"]), ("hrandfield", []), ("hscan", ["h"]),
])
def test_arity(raw, cmd, args):
    assert raw.call(cmd.upper(), *args) == arity(cmd)


def test_hset_odd_arguments(r, raw):
    assert raw.call("HSET", "h", "a", "1", "b") == arity("hset")
    assert raw.call("HMSET", "h", "a", "1", "b") == arity("hmset")
    assert r.dbsize() == 0


def test_hmset_hsetnx(r, raw):
    assert raw.call("HMSET", "h", "a", "1", "b", "2") == b"+OK\r\n"
    assert raw.call("HSETNX", "h", "a", "9") == b":0\r\n"
    assert raw.call("HGET", "h", "a") == b"$1\r\n1\r\n"
    assert raw.call("HSETNX", "h", "c", "3") == b":1\r\n"
    assert raw.call("HSETNX", "new", "f", "v") == b":1\r\n"
    assert r.hgetall("new") == {b"f": b"v"}


def test_hdel_deletes_empty_hash(r, raw):
    r.hset("h", mapping={"a": "1", "b": "2", "c": "3"})
    assert raw.call("HDEL", "h", "a", "zz", "a") == b":1\r\n"
    assert raw.call("HDEL", "h", "zz") == b":0\r\n"
    assert raw.call("HDEL", "h", "b", "c", "d") == b":2\r\n"
    assert r.dbsize() == 0


def test_values_round_trip(r):
    vals = [b"", b"0", b"-1", b"127", b"128", b"-4096", b"32767", b"8388608", b"2147483648",
            b"9223372036854775807", b"-9223372036854775808", b"9223372036854775808", b"007", b" 1",
            b"\x00\xff", b"x" * 70, b"y" * 5000]
    for i, v in enumerate(vals):
        r.hset("h", str(i), v)
        r.hset("big", str(i), v)
    r.hset("big", "force", "z" * 100)
    for i, v in enumerate(vals):
        assert r.hget("h", str(i)) == v
        assert r.hget("big", str(i)) == v
        assert r.hstrlen("h", str(i)) == len(v)
        assert r.hstrlen("big", str(i)) == len(v)


def test_binary_fields(r):
    r.hset("h", b"a\x00b", b"v\x00")
    r.hset("h", b"", b"empty")
    assert r.hget("h", b"a\x00b") == b"v\x00"
    assert r.hget("h", b"") == b"empty"
    assert r.hget("h", b"a") is None


# ---------------------------------------------------------------- HINCRBY / HINCRBYFLOAT


def test_hincrby(r, raw):
    assert raw.call("HINCRBY", "h", "n", "5") == b":5\r\n"
    assert raw.call("HINCRBY", "h", "n", "-10") == b":-5\r\n"
    assert raw.call("HINCRBY", "h", "n", "17179869184") == b":17179869179\r\n"
    r.hset("h", "s", " 1")
    assert raw.call("HINCRBY", "h", "s", "1") == b"-ERR hash value is not an integer\r\n"
    r.hset("h", "s", "1 ")
    assert raw.call("HINCRBY", "h", "s", "1") == b"-ERR hash value is not an integer\r\n"
    r.hset("h", "f", "1.5")
    assert raw.call("HINCRBY", "h", "f", "1") == b"-ERR hash value is not an integer\r\n"
    assert raw.call("HINCRBY", "h", "n", "abc") == b"-ERR value is not an integer or out of range\r\n"
    assert raw.call("HINCRBY", "h", "n", "1.5") == b"-ERR value is not an integer or out of range\r\n"
    assert raw.call("HINCRBY", "h", "n", "9223372036854775808") == (
        b"-ERR value is not an integer or out of range\r\n")
    r.hset("h", "max", "9223372036854775807")
    assert raw.call("HINCRBY", "h", "max", "1") == b"-ERR increment or decrement would overflow\r\n"
    r.hset("h", "min", "-9223372036854775808")
    assert raw.call("HINCRBY", "h", "min", "-1") == b"-ERR increment or decrement would overflow\r\n"
    assert raw.call("HINCRBY", "h", "min", "0") == b":-9223372036854775808\r\n"
    # errors on a new key leave no key behind
    assert raw.call("HINCRBY", "new", "n", "x") == b"-ERR value is not an integer or out of range\r\n"
    assert raw.call("HINCRBY", "new2", "n", "-9223372036854775808") == b":-9223372036854775808\r\n"
    assert r.hgetall("new") == {}


def test_hincrbyfloat(r, raw):
    assert raw.call("HINCRBYFLOAT", "h", "f", "1.23") == b"$4\r\n1.23\r\n"
    assert raw.call("HINCRBYFLOAT", "h", "f", "0.77") == b"$1\r\n2\r\n"
    assert raw.call("HINCRBYFLOAT", "h", "f", "-0.1") == b"$3\r\n1.9\r\n"
    assert raw.call("HINCRBYFLOAT", "h", "f", "2.5e3") == b"$22\r\n2501.89999999999999991\r\n"
    r.hset("h", "i", "17179869184")
    assert raw.call("HINCRBYFLOAT", "h", "i", "1.5") == b"$13\r\n17179869185.5\r\n"
    r.hset("h", "s", " 1")
    assert raw.call("HINCRBYFLOAT", "h", "s", "1") == b"-ERR hash value is not a float\r\n"
    r.hset("h", "z", "1\x002")
    assert raw.call("HINCRBYFLOAT", "h", "z", "1") == b"-ERR hash value is not a float\r\n"
    assert raw.call("HINCRBYFLOAT", "h", "f", "abc") == b"-ERR value is not a valid float\r\n"
    assert raw.call("HINCRBYFLOAT", "h", "f", "nan") == b"-ERR value is not a valid float\r\n"
    assert raw.call("HINCRBYFLOAT", "h", "f", "inf") == b"-ERR value is NaN or Infinity\r\n"
    assert raw.call("HINCRBYFLOAT", "h", "f", "-inf") == b"-ERR value is NaN or Infinity\r\n"
    r.hset("h", "huge", "1e308")
    reply = raw.call("HINCRBYFLOAT", "h", "huge", "1e308")
    assert reply.startswith(b"$309\r\n1999999999999999999933717593116912913211201996948311344155940959898")
    assert raw.call("HGET", "h", "huge") == reply
    assert raw.call("HINCRBYFLOAT", "hfoo", "field", "+inf") == b"-ERR value is NaN or Infinity\r\n"
    assert r.dbsize() == 1


def test_hincrbyfloat_overflow_to_infinity(r, raw):
    r.hset("h", "g", "1.1e4932")  # close to the long double maximum
    assert raw.call("HINCRBYFLOAT", "h", "g", "1e4932") == b"-ERR increment would produce NaN or Infinity\r\n"
    assert raw.call("HINCRBYFLOAT", "new", "g", "1.1e4932")[:1] == b"$"


# ---------------------------------------------------------------- HRANDFIELD


def test_hrandfield(r, raw):
    contents = {b"a": b"1", b"b": b"2", b"c": b"3", b"d": b"4", b"e": b"5",
                b"6": b"f", b"7": b"g", b"8": b"h", b"9": b"i", b"10": b"j"}
    r.hset("h", mapping=contents)
    for _ in range(20):
        assert r.hrandfield("h") in contents
    assert raw.call("HRANDFIELD", "h", "0") == b"*0\r\n"
    assert raw.call("HRANDFIELD", "h", "0", "WITHVALUES") == b"*0\r\n"
    for count in (-20, -1001):
        got = r.hrandfield("h", count)
        assert len(got) == -count and set(got) <= set(contents)
        got = r.hrandfield("h", count, withvalues=True)
        assert len(got) == -2 * count
        for f, v in zip(got[::2], got[1::2]):
            assert contents[f] == v
    for count in (1, 5, 9, 10, 100):
        got = r.hrandfield("h", count)
        assert len(got) == min(count, 10) and len(set(got)) == len(got) and set(got) <= set(contents)
        got = r.hrandfield("h", count, withvalues=True)
        assert len(got) == 2 * min(count, 10)
        assert dict(zip(got[::2], got[1::2])).items() <= contents.items()
    seen = set()
    for _ in range(200):
        seen.update(r.hrandfield("h", -10))
    assert seen == set(contents)


def test_hrandfield_big(r):
    contents = {b"field:%d" % i: b"value:%d" % i for i in range(3000)}
    r.hset("h", mapping=contents)
    got = r.hrandfield("h", 20, withvalues=True)
    assert len(set(got[::2])) == 20
    for f, v in zip(got[::2], got[1::2]):
        assert contents[f] == v
    got = r.hrandfield("h", 2500)
    assert len(set(got)) == 2500
    assert len(r.hrandfield("h", -5000)) == 5000


def test_hrandfield_errors(r, raw):
    r.hset("h", "a", "1")
    assert raw.call("HRANDFIELD", "h", "abc") == b"-ERR value is not an integer or out of range\r\n"
    assert raw.call("HRANDFIELD", "h", "-9223372036854775808") == (
        b"-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n")
    assert raw.call("HRANDFIELD", "h", "-9223372036854770000", "WITHVALUES") == b"-ERR value is out of range\r\n"
    assert raw.call("HRANDFIELD", "h", "4611686018427387904", "WITHVALUES") == b"-ERR value is out of range\r\n"
    assert raw.call("HRANDFIELD", "h", "1", "FOO") == b"-ERR syntax error\r\n"
    assert raw.call("HRANDFIELD", "h", "1", "WITHVALUES", "x") == b"-ERR syntax error\r\n"
    assert raw.call("HRANDFIELD", "h", "abc", "FOO") == b"-ERR value is not an integer or out of range\r\n"
    assert raw.call("HRANDFIELD", "h", "-2") == b"*2\r\n$1\r\na\r\n$1\r\na\r\n"


# ---------------------------------------------------------------- encodings


def test_encoding_thresholds(r):
    # Redis 7.0's built-in default is 512 entries (redis.conf's example says 128)
    r.hset("h", mapping={"f%d" % i: i for i in range(512)})
    assert encoding(r, "h") == b"listpack"
    r.hset("h", "f0", "again")
    assert encoding(r, "h") == b"listpack"
    r.hset("h", "f512", "1")
    assert encoding(r, "h") == b"hashtable"
    r.hdel("h", "f512", "f511")
    assert encoding(r, "h") == b"hashtable"  # never back
    r.hset("v", "a", "x" * 64)
    assert encoding(r, "v") == b"listpack"
    r.hset("v", "b", "x" * 65)
    assert encoding(r, "v") == b"hashtable"
    r.hset("f", "x" * 65, "1")
    assert encoding(r, "f") == b"hashtable"
    # HSETNX on an existing field changes nothing
    r.hset("n", "a", "1")
    r.hsetnx("n", "a", "x" * 100)
    assert encoding(r, "n") == b"listpack"
    r.hsetnx("n", "b", "x" * 100)
    assert encoding(r, "n") == b"hashtable"


def test_hset_converts_before_writing(r):
    # a long value anywhere in the arguments converts, even for a field that already exists
    r.hset("h", "a", "1")
    r.hset("h", "a", "x" * 65)
    assert encoding(r, "h") == b"hashtable"
    r.hset("g", mapping={"a": "1", "b": "y" * 100})
    assert encoding(r, "g") == b"hashtable"
    assert r.hgetall("g") == {b"a": b"1", b"b": b"y" * 100}


def test_encoding_thresholds_config(r, config):
    config("hash-max-listpack-entries", 4)
    config("hash-max-listpack-value", 8)
    r.hset("h", mapping={"a": 1, "b": 2, "c": 3, "d": 4})
    assert encoding(r, "h") == b"listpack"
    r.hset("h", "e", 5)
    assert encoding(r, "h") == b"hashtable"
    assert r.hgetall("h") == {b"a": b"1", b"b": b"2", b"c": b"3", b"d": b"4", b"e": b"5"}
    r.hset("v", "a", "12345678")
    assert encoding(r, "v") == b"listpack"
    r.hset("v", "a", "123456789")
    assert encoding(r, "v") == b"hashtable"
    # HINCRBYFLOAT's result and HINCRBY's field are checked too
    r.hset("s", "tmp", 0)
    r.hset("b", "tmp", 0)
    r.hincrbyfloat("s", "tmp", 0.000005)
    r.hincrbyfloat("b", "tmp", 0.0000005)
    assert encoding(r, "s") == b"listpack"
    assert encoding(r, "b") == b"hashtable"
    r.hincrbyfloat("s2", "abcdefgh", 1)
    r.hincrby("b2", "abcdefghi", 1)
    assert encoding(r, "s2") == b"listpack"
    assert encoding(r, "b2") == b"hashtable"


def test_lowered_entries_limit_converts_on_any_write(r, config):
    r.hset("u", mapping={"f%d" % i: i for i in range(10)})
    config("hash-max-listpack-entries", 4)
    assert encoding(r, "u") == b"listpack"
    r.hsetnx("u", "f0", "x")  # nothing written
    r.hdel("u", "f9")
    assert encoding(r, "u") == b"listpack"
    r.hset("u", "f0", "updated")  # an update checks the count too
    assert encoding(r, "u") == b"hashtable"
    assert r.hget("u", "f0") == b"updated" and r.hlen("u") == 9


def test_stress_conversion(r, config):
    config("hash-max-listpack-entries", 32)
    for j in range(20):
        r.delete("h")
        expect = {}
        for i in range(64):
            f, v = b"f%d:%d" % (j, i), b"v" * (i % 70)
            r.hset("h", f, v)
            expect[f] = v
        assert encoding(r, "h") == b"hashtable"
        assert r.hgetall("h") == expect


def test_large_hash(r):
    n = 20000
    r.hset("h", mapping={b"f%d" % i: b"v%d" % i for i in range(n)})
    assert r.hlen("h") == n
    assert r.hget("h", "f12345") == b"v12345"
    r.hset("h", "f12345", "x" * 300)
    assert r.hget("h", "f12345") == b"x" * 300
    r.hset("h", "f12345", "short")
    assert r.hget("h", "f12345") == b"short"
    assert r.hdel("h", *[b"f%d" % i for i in range(0, n, 2)]) == n // 2
    assert r.hlen("h") == n // 2
    assert r.hget("h", "f1") == b"v1" and r.hget("h", "f0") is None
    assert len(r.hgetall("h")) == n // 2


# ---------------------------------------------------------------- HSCAN


def test_hscan_small(r, raw):
    r.hset("h", mapping={"f1": "v1", "f2": "v2", "x3": "v3"})
    assert raw.call("HSCAN", "h", "0") == b"*2\r\n$1\r\n0\r\n" + arr(b"f1", b"v1", b"f2", b"v2", b"x3", b"v3")
    assert raw.call("HSCAN", "h", "0", "MATCH", "f*", "COUNT", "1") == (
        b"*2\r\n$1\r\n0\r\n" + arr(b"f1", b"v1", b"f2", b"v2"))
    assert raw.call("HSCAN", "h", "0", "MATCH", "v*") == b"*2\r\n$1\r\n0\r\n*0\r\n"  # values don't match


def test_hscan_big(r):
    n = 4000
    r.hset("h", mapping={b"f%d" % i: b"v%d" % i for i in range(n)})
    cursor, got, calls = 0, {}, 0
    while True:
        cursor, items = r.hscan("h", cursor, count=100)
        got.update(items)
        calls += 1
        if cursor == 0:
            break
    assert got == {b"f%d" % i: b"v%d" % i for i in range(n)}
    assert calls > 10
    cursor, got = 0, {}
    while True:
        cursor, items = r.hscan("h", cursor, match="f1??", count=500)
        got.update(items)
        if cursor == 0:
            break
    assert got == {b"f1%02d" % i: b"v1%02d" % i for i in range(100)}


def test_hscan_errors(r, raw):
    r.hset("h", "a", "1")
    assert raw.call("HSCAN", "h", "x") == b"-ERR invalid cursor\r\n"
    assert raw.call("HSCAN", "h", "0", "COUNT", "0") == b"-ERR syntax error\r\n"
    assert raw.call("HSCAN", "h", "0", "COUNT", "-1") == b"-ERR syntax error\r\n"
    assert raw.call("HSCAN", "h", "0", "COUNT", "x") == b"-ERR value is not an integer or out of range\r\n"
    assert raw.call("HSCAN", "h", "0", "NOVALUES") == b"-ERR syntax error\r\n"
    assert raw.call("HSCAN", "nokey", "0", "COUNT", "x") == b"*2\r\n$1\r\n0\r\n*0\r\n"


# ---------------------------------------------------------------- bookkeeping


def test_dirty_counter(r):
    r.config_resetstat()
    before = r.info("persistence")["rdb_changes_since_last_save"]
    r.hset("h", mapping={"a": 1, "b": 2})   # +2
    r.hset("h", "a", 1)                     # +1 (counted even when nothing changes)
    r.hsetnx("h", "a", 5)                   # +0
    r.hincrby("h", "a", 1)                  # +1
    r.hdel("h", "a", "zz")                  # +1
    after = r.info("persistence")["rdb_changes_since_last_save"]
    assert after - before == 5


def test_debug_digest_matches_content(r):
    r.hset("a", mapping={"x": "1", "y": "2"})
    d1 = r.execute_command("DEBUG", "DIGEST-VALUE", "a")
    r.hset("b", mapping={"y": "2", "x": "1"})
    assert r.execute_command("DEBUG", "DIGEST-VALUE", "b") == d1
    r.hset("c", mapping={"y": "2", "x": "1", "z": "q" * 100})
    r.hdel("c", "z")  # hashtable now, same content
    assert r.execute_command("DEBUG", "DIGEST-VALUE", "c") == d1
