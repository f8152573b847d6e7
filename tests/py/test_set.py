"""Set commands: replies, options and error texts as Redis 7.0.15 gives them, encodings at
Redis's thresholds, keyspace bookkeeping (empty sets deleted, STORE variants replacing keys).

Every expectation here was checked against redis-server 7.0.15 (the suite passes with
MNEMO_SERVER=/usr/bin/redis-server)."""
import pytest

WRONGTYPE = b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"


def arity(cmd):
    return b"-ERR wrong number of arguments for '%s' command\r\n" % cmd.encode()


def bulks(*items):
    return b"".join(b"$%d\r\n%s\r\n" % (len(i), i) for i in items)


def arr(*items, t=b"*"):
    return t + b"%d\r\n" % len(items) + bulks(*items)


def encoding(r, key):
    return r.object("encoding", key)


def members(r, key):
    return sorted(r.smembers(key))


def exists(r, key):
    return r.type(key) != b"none"


# ---------------------------------------------------------------- basics


def test_sadd_scard_sismember_smembers(r, raw):
    assert raw.call("SADD", "s", "a", "b", "a") == b":2\r\n"
    assert raw.call("SADD", "s", "b", "c") == b":1\r\n"
    assert raw.call("SADD", "s", "a") == b":0\r\n"
    assert raw.call("SCARD", "s") == b":3\r\n"
    assert raw.call("SISMEMBER", "s", "a") == b":1\r\n"
    assert raw.call("SISMEMBER", "s", "zz") == b":0\r\n"
    assert raw.call("SMISMEMBER", "s", "a", "zz", "c") == b"*3\r\n:1\r\n:0\r\n:1\r\n"
    assert members(r, "s") == [b"a", b"b", b"c"]


def test_missing_key_replies(raw):
    assert raw.call("SCARD", "nokey") == b":0\r\n"
    assert raw.call("SISMEMBER", "nokey", "a") == b":0\r\n"
    assert raw.call("SMISMEMBER", "nokey", "a", "b") == b"*2\r\n:0\r\n:0\r\n"
    assert raw.call("SMEMBERS", "nokey") == b"*0\r\n"
    assert raw.call("SREM", "nokey", "a") == b":0\r\n"
    assert raw.call("SPOP", "nokey") == b"$-1\r\n"
    assert raw.call("SPOP", "nokey", "3") == b"*0\r\n"
    assert raw.call("SRANDMEMBER", "nokey") == b"$-1\r\n"
    assert raw.call("SRANDMEMBER", "nokey", "5") == b"*0\r\n"
    assert raw.call("SRANDMEMBER", "nokey", "-5") == b"*0\r\n"
    assert raw.call("SMOVE", "nokey", "other", "a") == b":0\r\n"
    assert raw.call("SSCAN", "nokey", "0") == b"*2\r\n$1\r\n0\r\n*0\r\n"


def test_intset_members_come_sorted(raw):
    raw.call("SADD", "i", "5", "-3", "100000", "7", "-9223372036854775808", "9223372036854775807")
    assert raw.call("SMEMBERS", "i") == arr(b"-9223372036854775808", b"-3", b"5", b"7", b"100000",
                                            b"9223372036854775807")


def test_wrongtype(r, raw):
    r.set("str", "x")
    for cmd in (["SADD", "str", "a"], ["SREM", "str", "a"], ["SMEMBERS", "str"], ["SISMEMBER", "str", "a"],
                ["SMISMEMBER", "str", "a"], ["SCARD", "str"], ["SPOP", "str"], ["SPOP", "str", "2"],
                ["SRANDMEMBER", "str"], ["SRANDMEMBER", "str", "2"], ["SINTER", "str"], ["SINTER", "nokey", "str"],
                ["SINTERCARD", "1", "str"], ["SINTERSTORE", "d", "str"], ["SUNION", "str"],
                ["SUNIONSTORE", "d", "nokey", "str"], ["SDIFF", "nokey", "str"], ["SDIFFSTORE", "d", "str"],
                ["SMOVE", "str", "d", "a"], ["SSCAN", "str", "0"]):
        assert raw.call(*cmd) == WRONGTYPE, cmd
    r.sadd("s", "a")
    assert raw.call("SMOVE", "s", "str", "a") == WRONGTYPE
    assert r.smembers("s") == {b"a"}
    assert r.get("str") == b"x"


@pytest.mark.parametrize("cmd,args", [
    ("sadd", ["s"]), ("srem", ["s"]), ("smembers", []), ("sismember", ["s"]), ("smismember", ["s"]),
    ("scard", []), ("spop", []), ("srandmember", []), ("smove", ["a", "b"]), ("sinter", []),
    ("sintercard", ["1"]), ("sinterstore", ["d"]), ("sunion", []), ("sunionstore", ["d"]), ("sdiff", []),
    ("sdiffstore", ["d"]), ("sscan", ["s"]),
])
def test_arity(raw, cmd, args):
    assert raw.call(cmd.upper(), *args) == arity(cmd)


def test_srem_deletes_empty_set(r, raw):
    r.sadd("s", "a", "b", "c", "d")
    assert raw.call("SREM", "s", "k", "k") == b":0\r\n"
    assert raw.call("SREM", "s", "b", "d", "x", "y") == b":2\r\n"
    assert members(r, "s") == [b"a", b"c"]
    r.sadd("n", "1", "2", "3")
    assert raw.call("SREM", "n", "1", "2", "3", "4", "5") == b":3\r\n"
    assert r.dbsize() == 1  # only s is left


def test_big_and_odd_integers_are_strings(r, raw):
    r.sadd("s", "213244124402402314402033402")
    assert raw.call("SISMEMBER", "s", "213244124402402314402033402") == b":1\r\n"
    r.sadd("z", "-0", "00", "+1", " 1", "1")
    assert r.scard("z") == 5
    assert raw.call("SMISMEMBER", "z", "0", "1", "-0") == b"*3\r\n:0\r\n:1\r\n:1\r\n"


def test_binary_members(r):
    vals = [b"", b"\x00", b"a\x00b", b"\xff" * 10, b"x" * 1000]
    assert r.sadd("b", *vals) == 5
    assert members(r, "b") == sorted(vals)
    for v in vals:
        assert r.sismember("b", v)


# ---------------------------------------------------------------- SMOVE


def test_smove(r, raw):
    r.sadd("src", "1", "a", "b")
    r.sadd("dst", "2", "3")
    assert raw.call("SMOVE", "src", "dst", "a") == b":1\r\n"
    assert members(r, "src") == [b"1", b"b"]
    assert members(r, "dst") == [b"2", b"3", b"a"]
    assert raw.call("SMOVE", "src", "dst", "zz") == b":0\r\n"
    assert raw.call("SMOVE", "src", "src", "b") == b":1\r\n"
    assert raw.call("SMOVE", "src", "src", "zz") == b":0\r\n"
    assert members(r, "src") == [b"1", b"b"]
    # into a new key, and emptying the source
    assert raw.call("SMOVE", "src", "new", "1") == b":1\r\n"
    assert raw.call("SMOVE", "src", "new", "b") == b":1\r\n"
    assert members(r, "new") == [b"1", b"b"]
    assert r.scard("src") == 0
    assert r.dbsize() == 2
    # the member already in the destination: removed from the source only
    r.sadd("x", "m")
    r.sadd("y", "m")
    assert raw.call("SMOVE", "x", "y", "m") == b":1\r\n"
    assert r.scard("x") == 0 and members(r, "y") == [b"m"]


def test_smove_encodings(r):
    r.sadd("h", "1", "a", "b")
    r.sadd("i", "2", "3", "4")
    assert encoding(r, "h") == b"hashtable"
    assert encoding(r, "i") == b"intset"
    r.smove("h", "i", "1")
    assert encoding(r, "i") == b"intset"
    r.smove("h", "i", "a")
    assert encoding(r, "i") == b"hashtable"
    r.smove("i", "n1", "2")
    assert encoding(r, "n1") == b"intset"
    r.smove("h", "n2", "b")
    assert encoding(r, "n2") == b"hashtable"


# ---------------------------------------------------------------- SPOP / SRANDMEMBER


def test_spop_single(r, raw):
    r.sadd("s", "a", "b", "c")
    got = {r.spop("s") for _ in range(3)}
    assert got == {b"a", b"b", b"c"}
    assert r.dbsize() == 0
    assert raw.call("SPOP", "s") == b"$-1\r\n"
    r.sadd("i", "7")
    assert raw.call("SPOP", "i") == b"$1\r\n7\r\n"


def test_spop_count_errors(r, raw):
    r.sadd("s", "a")
    for bad in ("-1", "abc", "1.5", "", "9223372036854775808"):
        assert raw.call("SPOP", "s", bad) == b"-ERR value is out of range, must be positive\r\n", bad
    assert raw.call("SPOP", "s", "1", "2") == b"-ERR syntax error\r\n"
    assert raw.call("SPOP", "nokey", "-1") == b"-ERR value is out of range, must be positive\r\n"
    assert raw.call("SPOP", "s", "0") == b"*0\r\n"
    assert r.smembers("s") == {b"a"}


@pytest.mark.parametrize("contents", [
    [str(i).encode() for i in range(1, 27)],
    [bytes([c]) for c in range(ord("a"), ord("z") + 1)],
    [b"m:%d" % i for i in range(300)],
])
def test_spop_count_all_paths(r, contents):
    """Counts that take a few, most, and all members; the pops partition the set."""
    n = len(contents)
    r.sadd("s", *contents)
    popped = []
    for count in (1, n // 10, n // 2, 0, n):
        got = r.spop("s", count)
        assert len(got) == min(count, n - len(popped))
        assert len(set(got)) == len(got)
        popped += got
        if len(popped) < n:
            assert r.scard("s") == n - len(popped)
    assert sorted(popped) == sorted(contents)
    assert r.dbsize() == 0


def test_spop_count_reply_types(r, raw):
    r.sadd("s", "1", "2", "3")
    raw.call("HELLO", "3")
    assert raw.call("SPOP", "s", "0") == b"~0\r\n"
    assert raw.call("SPOP", "nokey", "2") == b"~0\r\n"
    assert raw.call("SPOP", "s", "1")[:4] == b"~1\r\n"
    assert raw.call("SPOP", "s", "5")[:4] == b"~2\r\n"
    assert raw.call("SPOP", "s") == b"_\r\n"
    raw.call("HELLO", "2")


def test_spop_most_members_rebuilds_encoding(r):
    r.sadd("s", *[str(i) for i in range(20)], "x")
    assert encoding(r, "s") == b"hashtable"
    # leave one member: Redis rebuilds the set from the survivors
    rest = r.spop("s", 20)
    left = r.smembers("s")
    assert len(left) == 1
    assert encoding(r, "s") == (b"intset" if left != {b"x"} else b"hashtable")
    assert sorted(rest + list(left)) == sorted([str(i).encode() for i in range(20)] + [b"x"])


def test_spop_few_members_keeps_encoding(r):
    r.sadd("s", *[str(i) for i in range(20)], "x")
    r.spop("s", 2)
    assert encoding(r, "s") == b"hashtable"


def test_srandmember(r, raw):
    contents = [str(i).encode() for i in range(50)]
    r.sadd("s", *contents)
    assert r.srandmember("s") in contents
    assert raw.call("SRANDMEMBER", "s", "0") == b"*0\r\n"
    # negative: exactly that many, repeats allowed
    got = r.srandmember("s", -100)
    assert len(got) == 100 and set(got) <= set(contents)
    # positive: distinct, at most the set
    for count in (5, 45, 50, 100):
        got = r.srandmember("s", count)
        assert len(got) == min(count, 50)
        assert len(set(got)) == len(got) and set(got) <= set(contents)
    assert r.scard("s") == 50
    # every member eventually shows up
    seen = set()
    for _ in range(200):
        seen.update(r.srandmember("s", -10))
        if len(seen) == 50:
            break
    assert seen == set(contents)


def test_srandmember_big_table(r):
    contents = [b"member:%d" % i for i in range(2000)]
    r.sadd("s", *contents)
    got = r.srandmember("s", 10)  # picks with retries
    assert len(set(got)) == 10 and set(got) <= set(contents)
    got = r.srandmember("s", 1500)  # copy and shuffle
    assert len(set(got)) == 1500 and set(got) <= set(contents)
    assert len(r.srandmember("s", -3000)) == 3000


def test_srandmember_errors(r, raw):
    r.sadd("s", "a")
    assert raw.call("SRANDMEMBER", "s", "-9223372036854775808") == (
        b"-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n")
    assert raw.call("SRANDMEMBER", "s", "abc") == b"-ERR value is not an integer or out of range\r\n"
    assert raw.call("SRANDMEMBER", "s", "1", "2") == b"-ERR syntax error\r\n"
    assert raw.call("SRANDMEMBER", "s", "-3") == b"*3\r\n$1\r\na\r\n$1\r\na\r\n$1\r\na\r\n"
    raw.call("HELLO", "3")
    assert raw.call("SRANDMEMBER", "s", "2") == b"*1\r\n$1\r\na\r\n"  # an array, not a set
    assert raw.call("SRANDMEMBER", "nokey") == b"_\r\n"
    raw.call("HELLO", "2")


# ---------------------------------------------------------------- algebra


@pytest.fixture
def friends(r):
    """The seed's example: whom do two users both follow?"""
    r.sadd("friends:alice", "bob", "carol", "dave", "erin")
    r.sadd("friends:bob", "alice", "carol", "erin", "frank")
    r.sadd("friends:carol", "erin", "zoe")
    return r


def test_sinter_mutual_friends(friends, raw):
    assert sorted(friends.sinter("friends:alice", "friends:bob")) == [b"carol", b"erin"]
    assert sorted(friends.sinter("friends:alice", "friends:bob", "friends:carol")) == [b"erin"]
    assert raw.call("SINTERCARD", "2", "friends:alice", "friends:bob") == b":2\r\n"
    assert raw.call("SINTERSTORE", "mutual", "friends:alice", "friends:bob") == b":2\r\n"
    assert members(friends, "mutual") == [b"carol", b"erin"]


def test_sinter_family(r, raw):
    r.sadd("a", "1", "2", "3", "x")
    r.sadd("b", "2", "3", "4", "x")
    assert sorted(r.sinter("a", "b")) == [b"2", b"3", b"x"]
    assert sorted(r.sinter("a", "a", "a")) == [b"1", b"2", b"3", b"x"]
    assert raw.call("SINTER", "a", "nokey") == b"*0\r\n"
    assert raw.call("SINTER", "nokey", "a") == b"*0\r\n"
    assert raw.call("SINTERCARD", "1", "a") == b":4\r\n"
    assert raw.call("SINTERCARD", "2", "a", "b", "LIMIT", "2") == b":2\r\n"
    assert raw.call("SINTERCARD", "2", "a", "b", "limit", "0") == b":3\r\n"
    assert raw.call("SINTERCARD", "2", "a", "b", "LIMIT", "10") == b":3\r\n"
    assert raw.call("SINTERCARD", "2", "a", "nokey") == b":0\r\n"
    raw.call("HELLO", "3")
    assert raw.call("SINTER", "a", "nokey") == b"~0\r\n"
    assert raw.call("SMEMBERS", "nokey") == b"~0\r\n"
    assert raw.call("SINTER", "a", "b")[:4] == b"~3\r\n"
    raw.call("HELLO", "2")


def test_sintercard_errors(r, raw):
    r.sadd("s", "a")
    assert raw.call("SINTERCARD", "0", "s") == b"-ERR numkeys should be greater than 0\r\n"
    assert raw.call("SINTERCARD", "a", "s") == b"-ERR numkeys should be greater than 0\r\n"
    assert raw.call("SINTERCARD", "-1", "s") == b"-ERR numkeys should be greater than 0\r\n"
    assert raw.call("SINTERCARD", "2", "s") == b"-ERR Number of keys can't be greater than number of args\r\n"
    assert raw.call("SINTERCARD", "1", "s", "t") == b"-ERR syntax error\r\n"
    assert raw.call("SINTERCARD", "1", "s", "LIMIT") == b"-ERR syntax error\r\n"
    assert raw.call("SINTERCARD", "1", "s", "LIMIT", "-1") == b"-ERR LIMIT can't be negative\r\n"
    assert raw.call("SINTERCARD", "1", "s", "LIMIT", "a") == b"-ERR LIMIT can't be negative\r\n"
    assert raw.call("SINTERCARD", "1", "s", "LIMIT", "1", "LIMIT", "2") == b":1\r\n"


def test_sunion_sdiff(r, raw):
    r.sadd("a", "1", "2", "x")
    r.sadd("b", "2", "3", "y")
    r.sadd("c", "x")
    assert sorted(r.sunion("a", "b", "nokey")) == [b"1", b"2", b"3", b"x", b"y"]
    assert sorted(r.sdiff("a", "b")) == [b"1", b"x"]
    assert sorted(r.sdiff("a", "b", "c")) == [b"1"]
    assert sorted(r.sdiff("a", "nokey")) == [b"1", b"2", b"x"]
    assert raw.call("SDIFF", "nokey", "a") == b"*0\r\n"
    assert raw.call("SDIFF", "a", "a") == b"*0\r\n"
    assert raw.call("SDIFF", "a", "b", "a") == b"*0\r\n"
    assert raw.call("SUNION", "nokey", "nokey2") == b"*0\r\n"
    raw.call("HELLO", "3")
    assert raw.call("SUNION", "c") == b"~1\r\n$1\r\nx\r\n"
    assert raw.call("SDIFF", "c", "a") == b"~0\r\n"
    raw.call("HELLO", "2")


def test_store_commands(r, raw):
    r.sadd("a", "1", "2", "3")
    r.sadd("b", "2", "3", "4")
    r.set("dst", "a string")
    assert raw.call("SINTERSTORE", "dst", "a", "b") == b":2\r\n"
    assert members(r, "dst") == [b"2", b"3"]
    assert raw.call("SUNIONSTORE", "dst", "a", "b") == b":4\r\n"
    assert members(r, "dst") == [b"1", b"2", b"3", b"4"]
    assert raw.call("SDIFFSTORE", "dst", "a", "b") == b":1\r\n"
    assert members(r, "dst") == [b"1"]
    # a source may be the destination
    assert raw.call("SUNIONSTORE", "a", "a", "b") == b":4\r\n"
    assert members(r, "a") == [b"1", b"2", b"3", b"4"]
    # empty results delete the destination, whatever it held
    for cmd in (["SINTERSTORE", "dst", "a", "nokey"], ["SINTERSTORE", "dst", "a", "empty"],
                ["SUNIONSTORE", "dst", "nokey", "nokey2"], ["SDIFFSTORE", "dst", "b", "a"],
                ["SDIFFSTORE", "dst", "nokey", "a"]):
        r.set("dst", "x")
        assert raw.call(*cmd) == b":0\r\n", cmd
        assert r.get("dst") is None
    r.sadd("x", "e")
    assert raw.call("SINTERSTORE", "x", "a", "nokey") == b":0\r\n"
    assert r.scard("x") == 0


def test_store_wrongtype_leaves_destination(r, raw):
    r.set("str", "x")
    r.sadd("dst", "e")
    r.sadd("a", "a")
    assert raw.call("SINTERSTORE", "dst", "a", "str", "nokey") == WRONGTYPE
    assert raw.call("SUNIONSTORE", "dst", "nokey", "str") == WRONGTYPE
    assert raw.call("SDIFFSTORE", "dst", "a", "str") == WRONGTYPE
    assert members(r, "dst") == [b"e"]


def test_store_removes_ttl(r, raw):
    r.sadd("a", "1")
    r.sadd("dst", "x")
    assert r.expire("dst", 100)
    assert raw.call("SUNIONSTORE", "dst", "a") == b":1\r\n"
    assert r.ttl("dst") == -1


def test_algebra_encodings(r):
    r.sadd("i1", *range(0, 200))
    r.sadd("i2", *range(195, 400))
    r.sadd("h1", *range(0, 200), "foo")
    r.sadd("h2", *range(195, 400), "foo")
    r.sinterstore("d", "i1", "i2")
    assert encoding(r, "d") == b"intset"
    r.sunionstore("d", "i1", "i2")
    assert encoding(r, "d") == b"intset"
    r.sdiffstore("d", "i1", "i2")
    assert encoding(r, "d") == b"intset"
    r.sinterstore("d", "h1", "h2")
    assert encoding(r, "d") == b"hashtable"
    assert sorted(r.smembers("d")) == sorted([b"195", b"196", b"197", b"198", b"199", b"foo"])
    r.sdiffstore("d", "h1", "h2")  # members are all integers again
    assert encoding(r, "d") == b"intset"
    r.sunionstore("d", "i1", "i2", *[])
    r.sadd("big", *range(600))
    r.sunionstore("d", "big")
    assert encoding(r, "d") == b"hashtable"


def test_sinter_same_integers_different_encodings(r):
    r.sadd("a", "1", "2", "3")
    r.sadd("b", "1", "2", "3", "a")
    r.srem("b", "a")
    assert encoding(r, "a") == b"intset"
    assert encoding(r, "b") == b"hashtable"
    assert sorted(r.sinter("a", "b")) == [b"1", b"2", b"3"]


# ---------------------------------------------------------------- encodings


def test_encoding_thresholds(r):
    for i in range(512):
        r.sadd("s", i)
    assert encoding(r, "s") == b"intset"
    r.sadd("s", 511)
    assert encoding(r, "s") == b"intset"
    r.sadd("s", 512)
    assert encoding(r, "s") == b"hashtable"
    r.srem("s", 512, 511, 510)
    assert encoding(r, "s") == b"hashtable"  # never back
    r.sadd("t", "1", "2")
    r.sadd("t", "a")
    assert encoding(r, "t") == b"hashtable"
    r.sadd("u", "a")
    assert encoding(r, "u") == b"hashtable"
    r.sadd("v", "12345678901234567890")
    assert encoding(r, "v") == b"hashtable"
    r.sadd("w", "-9223372036854775808")
    assert encoding(r, "w") == b"intset"


def test_encoding_thresholds_config(r):
    old = r.config_get("set-max-intset-entries")["set-max-intset-entries"]
    try:
        r.config_set("set-max-intset-entries", 10)
        r.sadd("s", *range(10))
        assert encoding(r, "s") == b"intset"
        r.sadd("s", 10)
        assert encoding(r, "s") == b"hashtable"
        # lowering the limit does not convert existing sets until they grow
        r.config_set("set-max-intset-entries", 512)
        r.sadd("t", *range(20))
        r.config_set("set-max-intset-entries", 5)
        assert encoding(r, "t") == b"intset"
        r.sadd("t", 5)
        assert encoding(r, "t") == b"intset"  # not added: nothing changes
        r.sadd("t", 100)
        assert encoding(r, "t") == b"hashtable"
        r.config_set("set-max-intset-entries", 0)
        r.sadd("z", 1)
        assert encoding(r, "z") == b"hashtable"
    finally:
        r.config_set("set-max-intset-entries", old)


def test_large_sets(r):
    n = 20000
    r.sadd("s", *[b"member:%d" % i for i in range(n)])
    assert r.scard("s") == n
    assert r.sismember("s", b"member:12345")
    assert not r.sismember("s", b"member:20000")
    assert r.srem("s", *[b"member:%d" % i for i in range(0, n, 2)]) == n // 2
    assert r.scard("s") == n // 2
    assert r.sismember("s", b"member:1") and not r.sismember("s", b"member:0")
    r.sadd("n", *range(n))
    assert r.scard("n") == n
    assert r.sismember("n", 19999)
    assert len(r.spop("n", 19990)) == 19990
    assert r.scard("n") == 10


# ---------------------------------------------------------------- SSCAN


def scan_all(r, key, **kw):
    cursor, seen, calls = 0, [], 0
    while True:
        cursor, items = r.sscan(key, cursor, **kw)
        seen += items
        calls += 1
        if cursor == 0:
            return seen, calls


def test_sscan_small(r, raw):
    r.sadd("i", "1", "2", "30")
    assert raw.call("SSCAN", "i", "0") == b"*2\r\n$1\r\n0\r\n" + arr(b"1", b"2", b"30")
    assert raw.call("SSCAN", "i", "0", "MATCH", "3*") == b"*2\r\n$1\r\n0\r\n" + arr(b"30")
    assert raw.call("SSCAN", "i", "0", "COUNT", "1") == b"*2\r\n$1\r\n0\r\n" + arr(b"1", b"2", b"30")
    r.sadd("s", "foo", "bar", "baz")
    assert sorted(scan_all(r, "s", match="ba*")[0]) == [b"bar", b"baz"]


def test_sscan_big(r):
    n = 5000
    r.sadd("s", *[b"m:%d" % i for i in range(n)])
    seen, calls = scan_all(r, "s", count=100)
    assert set(seen) == {b"m:%d" % i for i in range(n)}
    assert calls > 10
    seen, _ = scan_all(r, "s", match="m:1?", count=1000)
    assert sorted(seen) == sorted(b"m:1%d" % i for i in range(10))
    r.sadd("n", *range(n))
    seen, _ = scan_all(r, "n")
    assert set(seen) == {str(i).encode() for i in range(n)}


def test_sscan_guarantee_under_changes(r):
    """Members present for the whole scan are returned, while the set grows and shrinks."""
    stable = {b"s:%d" % i for i in range(1000)}
    r.sadd("s", *stable)
    cursor, seen, extra = 0, set(), 0
    while True:
        cursor, items = r.sscan("s", cursor, count=50)
        seen.update(items)
        r.sadd("s", *[b"x:%d" % (extra + i) for i in range(300)])
        extra += 300
        if extra > 6000:
            r.srem("s", *[b"x:%d" % i for i in range(extra)])
        if cursor == 0:
            break
    assert stable <= seen


def test_sscan_errors(r, raw):
    r.sadd("s", "a")
    assert raw.call("SSCAN", "s", "abc") == b"-ERR invalid cursor\r\n"
    assert raw.call("SSCAN", "s", " 1") == b"-ERR invalid cursor\r\n"
    assert raw.call("SSCAN", "s", "18446744073709551616") == b"-ERR invalid cursor\r\n"
    assert raw.call("SSCAN", "s", "0", "COUNT", "0") == b"-ERR syntax error\r\n"
    assert raw.call("SSCAN", "s", "0", "COUNT", "abc") == b"-ERR value is not an integer or out of range\r\n"
    assert raw.call("SSCAN", "s", "0", "MATCH") == b"-ERR syntax error\r\n"
    assert raw.call("SSCAN", "s", "0", "TYPE", "set") == b"-ERR syntax error\r\n"
    # a missing key answers before the options are looked at
    assert raw.call("SSCAN", "nokey", "0", "COUNT", "abc") == b"*2\r\n$1\r\n0\r\n*0\r\n"
    assert raw.call("SSCAN", "nokey", "abc") == b"-ERR invalid cursor\r\n"
    # out-of-range cursors are accepted like Redis (strtoul); an intset ignores the cursor
    r.sadd("i", "7")
    assert raw.call("SSCAN", "i", "18446744073709551615") == b"*2\r\n$1\r\n0\r\n" + arr(b"7")
    assert raw.call("SSCAN", "i", "-1") == b"*2\r\n$1\r\n0\r\n" + arr(b"7")


# ---------------------------------------------------------------- bookkeeping


def test_dirty_counter(r):
    r.config_resetstat()
    before = r.info("persistence")["rdb_changes_since_last_save"]
    r.sadd("s", "a", "b", "a")   # +2
    r.sadd("s", "a")             # +0
    r.srem("s", "a", "zz")       # +1
    r.sinterstore("d", "s")      # +1
    r.spop("s")                  # +1 (and the key goes)
    after = r.info("persistence")["rdb_changes_since_last_save"]
    assert after - before == 5


def test_object_encoding_of_copy(r):
    r.sadd("s", "1", "2")
    assert r.copy("s", "c")
    assert encoding(r, "c") == b"intset"
    r.sadd("c", "a")
    assert members(r, "s") == [b"1", b"2"]
    r.sadd("big", *range(1000))
    r.copy("big", "big2")
    r.srem("big", 5)
    assert r.scard("big2") == 1000 and r.scard("big") == 999


def test_command_getkeys(raw):
    assert raw.call("COMMAND", "GETKEYS", "SINTERCARD", "2", "a", "b", "LIMIT", "1") == arr(b"a", b"b")
    assert raw.call("COMMAND", "GETKEYS", "SMOVE", "x", "y", "m") == arr(b"x", b"y")
    assert raw.call("COMMAND", "GETKEYS", "SINTERSTORE", "d", "a", "b") == arr(b"d", b"a", b"b")
    assert raw.call("COMMAND", "GETKEYS", "SADD", "k", "m") == arr(b"k")
