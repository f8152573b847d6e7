"""SORT and SORT_RO: every option, the pattern rules, STORE bookkeeping and the error texts,
as Redis 7.0.15 gives them (this file passes with MNEMO_SERVER=/usr/bin/redis-server).

Sets are compared sorted where their native order is Redis's hash order."""

WRONGTYPE = b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
SYNTAX = b"-ERR syntax error\r\n"
NOT_INT = b"-ERR value is not an integer or out of range\r\n"
NOT_DOUBLE = b"-ERR One or more scores can't be converted into double\r\n"


def sort(r, *args):
    return r.execute_command("SORT", *args)


def sort_ro(r, *args):
    return r.execute_command("SORT_RO", *args)


def bulks(*items):
    out = b""
    for i in items:
        out += b"$-1\r\n" if i is None else b"$%d\r\n%s\r\n" % (len(i), i)
    return out


def arr(*items):
    return b"*%d\r\n" % len(items) + bulks(*items)


# ------------------------------------------------------------ the docs' examples


def test_docs_by_weight_get_object(r, raw):
    r.rpush("mylist", 1, 2, 3)
    r.mset({"weight_1": 30, "weight_2": 10, "weight_3": 20})
    r.mset({"object_1": "one", "object_2": "two", "object_3": "three"})
    assert raw.call("SORT", "mylist", "BY", "weight_*", "GET", "object_*", "GET", "#") == arr(
        b"two", b"2", b"three", b"3", b"one", b"1"
    )
    assert sort(r, "mylist", "BY", "weight_*") == [b"2", b"3", b"1"]
    assert sort(r, "mylist", "BY", "weight_*", "DESC") == [b"1", b"3", b"2"]
    assert sort(r, "mylist", "BY", "nosort", "GET", "object_*") == [b"one", b"two", b"three"]


def test_docs_alpha_limit_store(r):
    r.rpush("mylist", "c", "a", "b", "e", "d")
    assert sort(r, "mylist", "ALPHA") == [b"a", b"b", b"c", b"d", b"e"]
    assert sort(r, "mylist", "LIMIT", 0, 2, "ALPHA", "DESC") == [b"e", b"d"]
    assert sort(r, "mylist", "ALPHA", "LIMIT", 1, 3, "STORE", "out") == 3
    assert r.lrange("out", 0, -1) == [b"b", b"c", b"d"]
    assert r.type("out") == b"list"


def test_docs_hash_field(r):
    r.rpush("ids", 1, 2, 3)
    r.hset("weight_1", "w", 3)
    r.hset("weight_2", "w", 1)
    r.hset("weight_3", "w", 2)
    r.hset("object_1", "name", "x1")
    r.hset("object_3", "name", "x3")
    assert sort(r, "ids", "BY", "weight_*->w", "GET", "object_*->name") == [None, b"x3", b"x1"]


# ------------------------------------------------------------ numeric sorting


def test_numeric_default(r, raw):
    r.rpush("l", 3, -1, 10, 2.5, "1e2", "-inf", "inf", 0)
    assert raw.call("SORT", "l") == arr(b"-inf", b"-1", b"0", b"2.5", b"3", b"10", b"1e2", b"inf")
    assert sort(r, "l", "DESC") == [b"inf", b"1e2", b"10", b"3", b"2.5", b"0", b"-1", b"-inf"]
    assert sort(r, "l", "ASC") == sort(r, "l")


def test_floats_regression(r):
    floats = ["1.1", "5.10", "3.10", "7.44", "2.1", "5.75", "6.12", "0.25", "1.15"]
    r.lpush("l", *floats)
    assert sort(r, "l") == [x.encode() for x in sorted(floats, key=float)]


def test_numeric_ties_break_by_bytes(r):
    # equal scores: the elements' bytes decide ("01" < "1" < "1.0")
    r.rpush("l", "1.0", "1", "01", "0")
    assert sort(r, "l") == [b"0", b"01", b"1", b"1.0"]
    assert sort(r, "l", "DESC") == [b"1.0", b"1", b"01", b"0"]


def test_strtod_rules(r, raw):
    # leading spaces, an empty string (0) and hex are accepted as strtod reads them
    r.rpush("l", "  3", "", "0x10", "2")
    assert sort(r, "l") == [b"", b"2", b"  3", b"0x10"]
    for bad in ("3 ", "abc", "nan", "1e999", "1e-400", "1x"):
        r.delete("b")
        r.rpush("b", "1", bad)
        assert raw.call("SORT", "b") == NOT_DOUBLE, bad


def test_not_double_from_set_and_by(r, raw):
    r.sadd("s", 1, 2, 3, 4, "not-a-double")
    assert raw.call("SORT", "s") == NOT_DOUBLE
    r.delete("s")
    r.sadd("s", 1, 2, 3, 4)
    r.mset({"score:1": 10, "score:2": 20, "score:3": 30, "score:4": "not-a-double"})
    assert raw.call("SORT", "s", "BY", "score:*") == NOT_DOUBLE
    # the error wins over STORE: nothing is written
    r.set("dst", "keep")
    assert raw.call("SORT", "s", "BY", "score:*", "STORE", "dst") == NOT_DOUBLE
    assert r.get("dst") == b"keep"
    # ALPHA does not convert
    assert sort(r, "s", "BY", "score:*", "ALPHA") == [b"1", b"2", b"3", b"4"]


# ------------------------------------------------------------ ALPHA


def test_alpha_integer_encoded(r):
    r.lpush("l", 2, 1, 3, 10)
    assert sort(r, "l", "ALPHA") == [b"1", b"10", b"2", b"3"]
    assert sort(r, "l", "ALPHA", "DESC") == [b"3", b"2", b"10", b"1"]


def test_alpha_store_uses_bytes(r):
    r.rpush("l", "b", "B", "a", "A", "ab", "")
    assert sort(r, "l", "ALPHA", "STORE", "d") == 6
    assert r.lrange("d", 0, -1) == [b"", b"A", b"B", b"a", b"ab", b"b"]


def test_alpha_by_missing_first(r):
    r.rpush("l", "x", "y", "z", "w")
    r.mset({"k_x": "b", "k_y": "a"})
    # z and w have no BY key: they come first, in their original order (tie)
    assert sort(r, "l", "BY", "k_*", "ALPHA") == [b"z", b"w", b"y", b"x"]
    assert sort(r, "l", "BY", "k_*", "ALPHA", "DESC") == [b"x", b"y", b"z", b"w"]
    assert sort(r, "l", "BY", "k_*", "ALPHA", "STORE", "d") == 4
    assert r.lrange("d", 0, -1) == [b"z", b"w", b"y", b"x"]


# ------------------------------------------------------------ BY


def test_by_missing_weights_count_as_zero(r):
    r.rpush("l", "c", "a", "b", "d")
    r.mset({"w_c": -1, "w_d": 5})
    assert sort(r, "l", "BY", "w_*") == [b"c", b"a", b"b", b"d"]


def test_by_same_score_sorts_lexicographically(r):
    members = "a b c d e f g h i l m n o p q r s t u v z aa aaa azz".split()
    r.sadd("s", *members)
    for m in members:
        r.set("score:" + m, 100)
    assert sort(r, "s", "BY", "score:*") == [m.encode() for m in sorted(members)]


def test_by_hash_field_rules(r):
    r.rpush("l", "a", "b", "c")
    r.hset("h_a", "f", 3)
    r.hset("h_b", "f", 1)
    r.set("h_c", 2)  # not a hash: no weight (0)
    assert sort(r, "l", "BY", "h_*->f") == [b"c", b"b", b"a"]
    # a string weight key read through a hash pattern is ignored, and vice versa
    r.hset("s_a", "v", 9)
    r.set("s_b", 1)
    assert sort(r, "l", "BY", "s_*") == [b"a", b"c", b"b"]


def test_by_field_with_arrows(r):
    # only the first "->" after the '*' splits key and field
    r.rpush("l", "a", "b")
    r.hset("k_a", "f->g", 2)
    r.hset("k_b", "f->g", 1)
    assert sort(r, "l", "BY", "k_*->f->g") == [b"b", b"a"]
    # "->" before the '*' is part of the key name
    r.mset({"x->a": 2, "x->b": 1})
    assert sort(r, "l", "BY", "x->*") == [b"b", b"a"]


def test_by_constant_list_keeps_native_order(r):
    r.lpush("l", 2, 1, 4, 3, 5)
    assert sort(r, "l", "BY", "nosort") == [b"5", b"3", b"4", b"1", b"2"]
    assert sort(r, "l", "BY", "nosort", "DESC") == [b"2", b"1", b"4", b"3", b"5"]
    assert sort(r, "l", "BY", "nosort", "LIMIT", 1, 2) == [b"3", b"4"]
    assert sort(r, "l", "BY", "nosort", "DESC", "LIMIT", 1, 2) == [b"1", b"4"]
    assert sort(r, "l", "BY", "nosort", "LIMIT", 3, 100) == [b"1", b"2"]
    assert sort(r, "l", "BY", "nosort", "LIMIT", 5, 1) == []
    # ALPHA does not matter without sorting; "#" has no '*' either
    assert sort(r, "l", "BY", "#", "ALPHA") == [b"5", b"3", b"4", b"1", b"2"]
    # a constant BY anywhere disables sorting, even if a real pattern follows
    r.mset({"w_5": 1, "w_3": 2})
    assert sort(r, "l", "BY", "nosort", "BY", "w_*") == [b"5", b"3", b"4", b"1", b"2"]


def test_by_constant_store(r):
    r.lpush("l", 2, 1, 4, 3, 5)
    assert sort(r, "l", "BY", "nosort", "STORE", "d") == 5
    assert r.lrange("d", 0, -1) == [b"5", b"3", b"4", b"1", b"2"]
    assert sort(r, "l", "BY", "nosort", "LIMIT", 0, 3, "STORE", "d") == 3
    assert r.lrange("d", 0, -1) == [b"5", b"3", b"4"]


def test_by_constant_set_with_store_is_alpha_sorted(r):
    members = "a b c d e f g h i l m n o p q r s t u v z aa aaa azz".split()
    r.sadd("s", *members)
    assert sort(r, "s", "ALPHA", "BY", "_", "STORE", "d") == len(members)
    assert r.lrange("d", 0, -1) == [m.encode() for m in sorted(members)]
    # without STORE the set's own order is kept: same members
    assert sorted(sort(r, "s", "BY", "_")) == sorted(m.encode() for m in members)
    # forced ALPHA: no double conversion error for non-numbers, no DESC reversal lost
    assert sort(r, "s", "BY", "_", "DESC", "STORE", "d") == len(members)
    assert r.lrange("d", 0, -1) == [m.encode() for m in sorted(members, reverse=True)]


def test_intset_native_order(r):
    r.sadd("s", 5, -2, 30, 1)
    assert sort(r, "s", "BY", "nosort") == [b"-2", b"1", b"5", b"30"]
    assert sort(r, "s") == [b"-2", b"1", b"5", b"30"]
    assert sort(r, "s", "DESC", "LIMIT", 0, 2) == [b"30", b"5"]


def test_big_set_and_list(r):
    n = 300
    r.sadd("s", *range(n))
    r.rpush("l", *range(n))
    r.mset({"w_%d" % i: (i * 7919) % n for i in range(n)})
    want = [str(i).encode() for i in sorted(range(n), key=lambda i: (i * 7919) % n)]
    assert sort(r, "s", "BY", "w_*") == want
    assert sort(r, "l", "BY", "w_*") == want
    assert sort(r, "l", "BY", "w_*", "LIMIT", 5, 5) == want[5:10]
    assert sort(r, "s") == [str(i).encode() for i in range(n)]


# ------------------------------------------------------------ LIMIT


def test_limit_windows(r, raw):
    r.rpush("l", 5, 4, 3, 2, 1)
    cases = [
        ((0, 2), [b"1", b"2"]),
        ((3, 10), [b"4", b"5"]),
        ((-10, 2), [b"1", b"2"]),
        ((1, -1), [b"2", b"3", b"4", b"5"]),
        ((1, -5), [b"2", b"3", b"4", b"5"]),
        ((1, 0), []),
        ((5, 1), []),
        ((100, 100), []),
        ((4, 9223372036854775807), [b"5"]),
        ((-9223372036854775808, 1), [b"1"]),
    ]
    for (off, cnt), want in cases:
        assert sort(r, "l", "LIMIT", off, cnt) == want, (off, cnt)
    assert raw.call("SORT", "l", "LIMIT", 1, 0) == b"*0\r\n"
    assert raw.call("SORT", "missing", "LIMIT", 0, 10) == b"*0\r\n"


def test_limit_errors(r, raw):
    r.rpush("l", 1)
    assert raw.call("SORT", "l", "LIMIT", "a", 1) == NOT_INT
    assert raw.call("SORT", "l", "LIMIT", 1, "1.5") == NOT_INT
    assert raw.call("SORT", "l", "LIMIT", "9223372036854775808", 1) == NOT_INT
    assert raw.call("SORT", "l", "LIMIT", 1) == SYNTAX
    assert raw.call("SORT", "l", "LIMIT") == SYNTAX
    assert raw.call("SORT_RO", "l", "LIMIT", " 1", 1) == NOT_INT


def test_limit_huge_offset(r):
    r.lpush("L", 2, 1, 0)
    for value in (9223372036854775807, 2147483647):
        assert sort_ro(r, "L", "BY", "a", "LIMIT", 2, value) == [b"2"]


# ------------------------------------------------------------ GET


def test_get_patterns(r, raw):
    r.rpush("l", "b", "a", "c")
    r.mset({"v_a": "A", "v_b": "B"})
    r.hset("h_a", "f", "ha")
    r.hset("h_c", "f", "hc")
    assert raw.call("SORT", "l", "ALPHA", "GET", "#", "GET", "v_*", "GET", "h_*->f") == arr(
        b"a", b"A", b"ha", b"b", b"B", None, b"c", None, b"hc"
    )
    # a constant pattern names nothing: a nil per element
    assert sort(r, "l", "ALPHA", "GET", "foo") == [None, None, None]
    r.set("foo", "bar")
    assert sort(r, "l", "ALPHA", "GET", "foo") == [None, None, None]
    # GET on a key of the wrong type, and on a missing field, gives nil
    r.rpush("v_c", "x")
    assert sort(r, "l", "ALPHA", "GET", "v_*", "GET", "h_*->g") == [
        b"A", None, b"B", None, None, None]


def test_get_pattern_ending_with_arrow(r):
    r.lpush("l", "a")
    r.set("x:a->", 100)
    assert sort(r, "l", "BY", "num", "GET", "x:*->") == [b"100"]
    assert sort_ro(r, "l", "BY", "nosort", "GET", "x:*->") == [b"100"]


def test_get_integer_values(r):
    r.rpush("l", 1, 2)
    r.set("n_1", 12345)
    r.hset("h_2", "f", 678)
    assert sort(r, "l", "GET", "n_*", "GET", "h_*->f") == [b"12345", None, None, b"678"]


def test_get_resp3_nil(server):
    from conftest import Raw

    c = Raw(server.port)
    try:
        c.call("HELLO", "3")
        c.call("DEL", "l")
        c.call("RPUSH", "l", "a")
        assert c.call("SORT", "l", "ALPHA", "GET", "missing_*", "GET", "#") == (
            b"*2\r\n_\r\n$1\r\na\r\n")
        c.call("DEL", "l")
    finally:
        c.close()


def test_get_with_limit_and_store(r):
    r.rpush("l", 3, 1, 2)
    r.mset({"o_1": "one", "o_3": "three"})
    assert sort(r, "l", "LIMIT", 1, 2, "GET", "o_*", "GET", "#") == [None, b"2", b"three", b"3"]
    # STORE writes an empty string for a missing value, and counts every GET
    assert sort(r, "l", "GET", "o_*", "GET", "#", "STORE", "d") == 6
    assert r.lrange("d", 0, -1) == [b"one", b"1", b"", b"2", b"three", b"3"]


# ------------------------------------------------------------ STORE


def test_store_replaces_any_type_and_ttl(r):
    r.rpush("l", 2, 1)
    r.set("d", "old", ex=100)
    assert sort(r, "l", "STORE", "d") == 2
    assert r.lrange("d", 0, -1) == [b"1", b"2"]
    assert r.ttl("d") == -1
    r.sadd("d2", "x")
    assert sort(r, "l", "STORE", "d2", "DESC") == 2
    assert r.lrange("d2", 0, -1) == [b"2", b"1"]


def test_store_into_source(r):
    r.rpush("l", 3, 1, 2)
    assert sort(r, "l", "STORE", "l") == 3
    assert r.lrange("l", 0, -1) == [b"1", b"2", b"3"]


def test_store_last_store_wins(r):
    r.rpush("l", 2, 1)
    assert sort(r, "l", "STORE", "a", "STORE", "b") == 2
    assert r.exists("a") == 0
    assert r.lrange("b", 0, -1) == [b"1", b"2"]


def test_store_empty_result(r, raw):
    assert raw.call("SORT", "foo", "STORE", "bar") == b":0\r\n"
    assert r.exists("bar") == 0
    r.lpush("foo", "bar")
    assert sort(r, "foo", "ALPHA", "LIMIT", 10, 10, "STORE", "zap") == 0
    assert r.exists("zap") == 0
    # an empty result deletes the destination
    r.set("dst", "x")
    assert sort(r, "emptylist", "STORE", "dst") == 0
    assert r.exists("dst") == 0
    r.lpush("dst", "x")
    assert sort(r, "foo", "ALPHA", "LIMIT", 0, 0, "STORE", "dst") == 0
    assert r.exists("dst") == 0
    # every element is converted even when LIMIT selects none
    r.lpush("dst", "x")
    assert raw.call("SORT", "foo", "LIMIT", 0, 0, "STORE", "dst") == NOT_DOUBLE
    assert r.lrange("dst", 0, -1) == [b"x"]


def test_store_big_list(r):
    r.rpush("l", *range(1000))
    assert sort(r, "l", "DESC", "STORE", "d") == 1000
    assert r.llen("d") == 1000
    assert r.lindex("d", 0) == b"999"
    assert r.lindex("d", -1) == b"0"
    assert r.object("encoding", "d") == b"quicklist"


def test_store_wakes_blocked_client(server):
    a = server.client()
    b = server.client()
    try:
        a.delete("src", "dst")
        a.rpush("src", "x")
        import threading

        out = {}

        def pop():
            out["v"] = b.blpop("dst", 5)

        t = threading.Thread(target=pop)
        t.start()
        import time

        for _ in range(100):
            if int(a.info("clients")["blocked_clients"]) == 1:
                break
            time.sleep(0.02)
        assert sort(a, "src", "ALPHA", "STORE", "dst") == 1
        t.join(5)
        assert out["v"] == (b"dst", b"x")
    finally:
        a.delete("src", "dst")
        a.close()
        b.close()


# ------------------------------------------------------------ errors


def test_wrong_type_and_syntax(r, raw):
    r.set("str", "x")
    r.hset("h", "f", "v")
    assert raw.call("SORT", "str") == WRONGTYPE
    assert raw.call("SORT", "h") == WRONGTYPE
    assert raw.call("SORT_RO", "str") == WRONGTYPE
    # option errors come before the key is looked at
    assert raw.call("SORT", "str", "bogus") == SYNTAX
    assert raw.call("SORT", "str", "LIMIT", "x", "1") == NOT_INT
    r.rpush("l", 1)
    for args in (["bogus"], ["BY"], ["GET"], ["STORE"], ["LIMIT", 0], ["ALPHA", "DESC", "x"]):
        assert raw.call("SORT", "l", *args) == SYNTAX, args


def test_sort_ro_refuses_store(r, raw):
    r.rpush("l", 1)
    assert raw.call("SORT_RO", "foolist", "STORE", "bar") == SYNTAX
    assert raw.call("SORT_RO", "l", "STORE", "bar") == SYNTAX
    assert r.exists("bar") == 0
    assert raw.call("SORT_RO", "l") == arr(b"1")


def test_arity(raw):
    assert raw.call("SORT") == b"-ERR wrong number of arguments for 'sort' command\r\n"
    assert raw.call("SORT_RO") == b"-ERR wrong number of arguments for 'sort_ro' command\r\n"


def test_case_insensitive_options(r):
    r.rpush("l", "b", "a")
    r.mset({"w_a": 2, "w_b": 1})
    assert sort(r, "l", "by", "w_*", "limit", 0, 5, "get", "#", "desc", "Alpha") == [b"a", b"b"]


# ------------------------------------------------------------ keys


def test_command_getkeys(raw):
    def gk(*a):
        return raw.call("COMMAND", "GETKEYS", *a)

    assert gk("SORT", "abc", "STORE", "def") == arr(b"abc", b"def")
    assert gk("SORT_RO", "abc") == arr(b"abc")
    assert gk("SORT", "abc", "STORE", "invalid", "STORE", "stillbad", "STORE", "def") == arr(
        b"abc", b"def")
    assert gk("SORT", "abc") == arr(b"abc")
    assert gk("SORT", "abc", "STORE") == arr(b"abc")
    # option arguments are skipped: "store" after GET/BY/LIMIT is a pattern or a number
    assert gk("SORT", "abc", "GET", "store", "x") == arr(b"abc")
    assert gk("SORT", "abc", "BY", "store", "x") == arr(b"abc")
    assert gk("SORT", "abc", "LIMIT", "store", "store", "x") == arr(b"abc")
    assert gk("SORT", "abc", "LIMIT", 0, 1, "store", "x") == arr(b"abc", b"x")
    assert gk("SORT_RO", "abc", "STORE", "x") == arr(b"abc")


def test_command_info(raw):
    acl = b"*6\r\n+@%s\r\n+@set\r\n+@sortedset\r\n+@list\r\n+@slow\r\n+@dangerous\r\n"
    info = raw.call("COMMAND", "INFO", "sort")
    head = b"*1\r\n*10\r\n$4\r\nsort\r\n:-2\r\n*3\r\n+write\r\n+denyoom\r\n+movablekeys\r\n" \
           b":1\r\n:1\r\n:1\r\n"
    assert info.startswith(head + acl % b"write")
    info = raw.call("COMMAND", "INFO", "sort_ro")
    head = b"*1\r\n*10\r\n$7\r\nsort_ro\r\n:-2\r\n*2\r\n+readonly\r\n+movablekeys\r\n" \
           b":1\r\n:1\r\n:1\r\n"
    assert info.startswith(head + acl % b"read")


# ------------------------------------------------------------ sorted sets


def test_zset_sort(r):
    r.zadd("z", {"a": 1, "b": 5, "c": 2, "d": 10, "e": 3})
    assert sort(r, "z", "ALPHA", "DESC") == [b"e", b"d", b"c", b"b", b"a"]
    assert sort(r, "z", "BY", "nosort", "ASC") == [b"a", b"c", b"e", b"b", b"d"]
    assert sort(r, "z", "BY", "nosort", "DESC") == [b"d", b"b", b"e", b"c", b"a"]


def test_zset_nosort_limit(r):
    r.zadd("z", {"a": 1, "b": 5, "c": 2, "d": 10, "e": 3})
    assert sort(r, "z", "BY", "nosort", "ASC", "LIMIT", 0, 1) == [b"a"]
    assert sort(r, "z", "BY", "nosort", "DESC", "LIMIT", 0, 1) == [b"d"]
    assert sort(r, "z", "BY", "nosort", "ASC", "LIMIT", 0, 2) == [b"a", b"c"]
    assert sort(r, "z", "BY", "nosort", "DESC", "LIMIT", 0, 2) == [b"d", b"b"]
    assert sort(r, "z", "BY", "nosort", "DESC", "LIMIT", 1, 2) == [b"b", b"e"]
    assert sort(r, "z", "BY", "nosort", "LIMIT", 5, 10) == []
    assert sort(r, "z", "BY", "nosort", "LIMIT", -10, 100) == [b"a", b"c", b"e", b"b", b"d"]
    assert sort(r, "z", "BY", "nosort", "LIMIT", 1, 3, "STORE", "d") == 3
    assert r.lrange("d", 0, -1) == [b"c", b"e", b"b"]


def test_zset_numeric_and_by(r):
    r.zadd("z", {"10": 1, "2": 2, "33": 3})
    assert sort(r, "z") == [b"2", b"10", b"33"]
    r.mset({"w_10": 3, "w_2": 2, "w_33": 1})
    assert sort(r, "z", "BY", "w_*", "GET", "#", "GET", "w_*") == [
        b"33", b"1", b"2", b"2", b"10", b"3"]


# ------------------------------------------------------------ bookkeeping


def test_pattern_lookups_count_as_keyspace_reads(r):
    r.rpush("l", "a", "b", "c")
    r.set("w_a", 1)
    r.hset("h_b", "f", 2)
    r.config_resetstat()
    sort(r, "l", "BY", "w_*", "GET", "h_*->f")
    stats = r.info("stats")
    # source hit, BY: 1 hit 2 misses, GET: 1 hit 2 misses
    assert (stats["keyspace_hits"], stats["keyspace_misses"]) == (3, 4)
    r.config_resetstat()
    sort(r, "l", "BY", "nosort", "GET", "#", "GET", "const")
    stats = r.info("stats")
    assert (stats["keyspace_hits"], stats["keyspace_misses"]) == (1, 0)


def test_by_and_get_skip_expired_keys(r):
    r.rpush("l", "a", "b")
    r.set("w_a", 5)
    r.set("w_b", 10, px=1)  # would sort b last if it were still there
    r.set("g_b", "x", px=1)
    import time

    time.sleep(0.01)
    assert sort(r, "l", "BY", "w_*", "GET", "g_*") == [None, None]
    assert sort(r, "l", "BY", "w_*") == [b"b", b"a"]
    assert r.exists("w_b", "g_b") == 0


def test_zset_big_tree_encoding(r):
    n = 300
    r.zadd("z", {"m%03d" % i: (i * 37) % n for i in range(n)})
    by_score = [m for m, _ in sorted((("m%03d" % i, (i * 37) % n) for i in range(n)),
                                     key=lambda x: x[1])]
    enc = lambda l: [m.encode() for m in l]
    assert sort(r, "z", "BY", "nosort") == enc(by_score)
    assert sort(r, "z", "BY", "nosort", "DESC", "LIMIT", 10, 5) == enc(by_score[::-1][10:15])
    assert sort(r, "z", "BY", "nosort", "LIMIT", 290, 50) == enc(by_score[290:])
    assert sort(r, "z", "ALPHA", "LIMIT", 0, 3) == [b"m000", b"m001", b"m002"]
    assert sort(r, "z", "ALPHA", "DESC", "LIMIT", 0, 2, "STORE", "d") == 2
    assert r.lrange("d", 0, -1) == [b"m299", b"m298"]
    assert sort_ro(r, "z", "BY", "nosort", "GET", "#", "GET", "x_*", "LIMIT", 0, 1) == [
        enc(by_score)[0], None]


def test_zset_inf_scores(r, raw):
    r.zadd("z", {"a": -100, "b": 200, "c": -300, "d": 1000000, "max": float("inf"),
                 "min": float("-inf")})
    assert sort(r, "z", "BY", "nosort") == [b"min", b"c", b"a", b"b", b"d", b"max"]
    assert raw.call("SORT", "z") == NOT_DOUBLE
    assert sort(r, "z", "ALPHA") == [b"a", b"b", b"c", b"d", b"max", b"min"]
