"""Bitmap commands: SETBIT GETBIT BITCOUNT BITPOS BITOP BITFIELD BITFIELD_RO, exact replies as Redis
7.0.15 gives them (checked by running this file with MNEMO_SERVER=/usr/bin/redis-server)."""
import random

import pytest

WRONGTYPE = b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
NOT_INT = b"-ERR value is not an integer or out of range\r\n"
SYNTAX = b"-ERR syntax error\r\n"
BAD_OFFSET = b"-ERR bit offset is not an integer or out of range\r\n"
BAD_BIT = b"-ERR bit is not an integer or out of range\r\n"
BAD_TYPE = (b"-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but "
            b"i64 is.\r\n")
OK = b"+OK\r\n"
NIL = b"$-1\r\n"


@pytest.fixture(autouse=True)
def _flushed(r):
    """Every test starts with an empty keyspace (the r fixture flushes it)."""
    yield


def bulk(s):
    s = s if isinstance(s, bytes) else str(s).encode()
    return b"$%d\r\n%s\r\n" % (len(s), s)


def ints(*vals):
    out = b"*%d\r\n" % len(vals)
    for v in vals:
        out += NIL if v is None else b":%d\r\n" % v
    return out


def i(v):
    return b":%d\r\n" % v


def arity(name):
    return b"-ERR wrong number of arguments for '%s' command\r\n" % name.encode()


@pytest.fixture
def wrongtype_key(raw):
    assert raw.call("LPUSH", "wt", "x") == b":1\r\n"
    return "wt"


def encoding(raw, key):
    return raw.call("OBJECT", "ENCODING", key)


# ------------------------------------------------------------ SETBIT / GETBIT


def test_setbit_getbit(raw):
    assert raw.call("SETBIT", "k", "1", "1") == i(0)
    assert raw.call("GET", "k") == bulk(b"\x40")
    assert raw.call("SETBIT", "k", "1", "1") == i(1)
    assert raw.call("SETBIT", "k", "7", "1") == i(0)
    assert raw.call("GET", "k") == bulk(b"\x41")
    assert raw.call("SETBIT", "k", "1", "0") == i(1)
    assert raw.call("SETBIT", "k", "20", "1") == i(0)
    assert raw.call("GET", "k") == bulk(b"\x01\x00\x08")
    assert raw.call("GETBIT", "k", "7") == i(1)
    assert raw.call("GETBIT", "k", "6") == i(0)
    assert raw.call("GETBIT", "k", "20") == i(1)
    assert raw.call("GETBIT", "k", "24") == i(0)
    assert raw.call("GETBIT", "k", "100000") == i(0)
    assert raw.call("GETBIT", "missing", "0") == i(0)


def test_setbit_on_existing_strings(raw):
    raw.call("SET", "s", "@")  # 0x40
    assert raw.call("SETBIT", "s", "2", "1") == i(0)
    assert raw.call("GET", "s") == bulk("`")
    assert raw.call("SETBIT", "s", "1", "0") == i(1)
    assert raw.call("GET", "s") == bulk(" ")
    raw.call("SET", "n", "1")  # "1" = 0x31
    assert raw.call("SETBIT", "n", "6", "1") == i(0)
    assert raw.call("GET", "n") == bulk("3")
    assert raw.call("SETBIT", "n", "2", "0") == i(1)
    assert raw.call("GET", "n") == bulk(b"\x13")


def test_getbit_on_strings_and_ints(raw):
    raw.call("SET", "s", "`")  # 0110 0000
    assert [raw.call("GETBIT", "s", str(b)) for b in range(9)] == [i(x) for x in (0, 1, 1, 0, 0, 0, 0, 0, 0)]
    raw.call("SET", "n", "1")  # 0011 0001
    assert [raw.call("GETBIT", "n", str(b)) for b in range(9)] == [i(x) for x in (0, 0, 1, 1, 0, 0, 0, 1, 0)]


def test_setbit_getbit_errors(raw):
    for off in ["-1", "abc", "1.0", "", "4294967296", "9223372036854775807", "99999999999999999999"]:
        assert raw.call("SETBIT", "k", off, "1") == BAD_OFFSET, off
        assert raw.call("GETBIT", "k", off) == BAD_OFFSET, off
    for val in ["2", "-1", "a", "", "1.0", "01"]:
        assert raw.call("SETBIT", "k", "0", val) == BAD_BIT, val
    # the offset is checked first
    assert raw.call("SETBIT", "k", "x", "x") == BAD_OFFSET
    assert raw.call("GET", "k") == NIL
    assert raw.call("SETBIT", "k", "0") == arity("setbit")
    assert raw.call("GETBIT", "k") == arity("getbit")


def test_setbit_max_offset_boundary(raw):
    # offset/8 must stay below proto-max-bulk-len (512mb): 4294967295 is the last valid bit
    assert raw.call("SETBIT", "k", "4294967296", "1") == BAD_OFFSET
    assert raw.call("GETBIT", "k", "4294967295") == i(0)


def test_setbit_fuzz_against_model(raw):
    rnd = random.Random(7)
    model = bytearray()
    for _ in range(300):
        off = rnd.randrange(0, 400)
        bit = rnd.randrange(0, 2)
        byte = off >> 3
        if len(model) <= byte:
            model.extend(b"\x00" * (byte + 1 - len(model)))
        old = (model[byte] >> (7 - (off & 7))) & 1
        if bit:
            model[byte] |= 1 << (7 - (off & 7))
        else:
            model[byte] &= ~(1 << (7 - (off & 7))) & 0xFF
        assert raw.call("SETBIT", "k", str(off), str(bit)) == i(old)
    assert raw.call("GET", "k") == bulk(bytes(model))
    for off in range(len(model) * 8 + 8):
        want = (model[off >> 3] >> (7 - (off & 7))) & 1 if off >> 3 < len(model) else 0
        assert raw.call("GETBIT", "k", str(off)) == i(want)


def test_setbit_keeps_ttl_and_encoding(raw):
    raw.call("SET", "k", "12", "PX", "100000")
    raw.call("SETBIT", "k", "0", "0")
    assert encoding(raw, "k") == bulk("raw")
    ttl = raw.call("PTTL", "k")
    assert ttl.startswith(b":") and 90000 < int(ttl[1:]) <= 100000


def test_bit_wrongtype(raw, wrongtype_key):
    for cmd in (("SETBIT", wrongtype_key, "0", "1"), ("GETBIT", wrongtype_key, "0"), ("BITCOUNT", wrongtype_key),
                ("BITPOS", wrongtype_key, "1"), ("BITFIELD", wrongtype_key, "GET", "u8", "0"),
                ("BITFIELD", wrongtype_key, "SET", "u8", "0", "1"), ("BITFIELD_RO", wrongtype_key, "GET", "u8", "0"),
                ("BITOP", "AND", "dest", "missing", wrongtype_key)):
        assert raw.call(*cmd) == WRONGTYPE, cmd
    # argument errors come first
    assert raw.call("SETBIT", wrongtype_key, "-1", "1") == BAD_OFFSET
    assert raw.call("BITFIELD", wrongtype_key, "GET", "u64", "0") == BAD_TYPE
    assert raw.call("BITPOS", wrongtype_key, "2") == b"-ERR The bit argument must be 1 or 0.\r\n"
    assert raw.call("GET", "dest") == NIL


# ------------------------------------------------------------------ BITCOUNT


def test_bitcount_whole(raw):
    assert raw.call("BITCOUNT", "missing") == i(0)
    raw.call("SET", "k", "foobar")
    assert raw.call("BITCOUNT", "k") == i(26)
    raw.call("SET", "e", "")
    assert raw.call("BITCOUNT", "e") == i(0)
    raw.call("SET", "n", "1234")
    assert raw.call("BITCOUNT", "n") == i(13)
    raw.call("SET", "b", b"\xff" * 1000 + b"\x01" * 37)
    assert raw.call("BITCOUNT", "b") == i(8037)


@pytest.mark.parametrize("args,want", [
    (("0", "0"), 4), (("1", "1"), 6), (("1", "1", "BYTE"), 6), (("0", "-1"), 26), (("-2", "-1"), 7),
    (("5", "30", "BIT"), 17), (("5", "5", "bit"), 1), (("7", "8", "BIT"), 0), (("-1", "-1", "BIT"), 0),
    (("-5", "-1", "BIT"), 2), (("0", "1000", "BIT"), 26), (("3", "2", "BIT"), 0), (("-3", "-2"), 6),
    (("100", "200"), 0), (("-100", "-50"), 4), (("-1", "-2"), 0), (("-1", "-2", "nonsense"), 0),
    (("2", "100"), 16), (("-100", "100", "BIT"), 26),
])
def test_bitcount_ranges(raw, args, want):
    raw.call("SET", "k", "foobar")
    assert raw.call("BITCOUNT", "k", *args) == i(want)


def test_bitcount_bit_ranges_against_model(raw):
    rnd = random.Random(3)
    data = bytes(rnd.randrange(256) for _ in range(100))
    raw.call("SET", "k", data)
    bits = "".join(format(b, "08b") for b in data)
    for _ in range(200):
        s, e = rnd.randrange(-900, 900), rnd.randrange(-900, 900)
        if s < 0 and e < 0 and s > e:
            want = 0
        else:
            ss = max(s + 800 if s < 0 else s, 0)
            ee = min(max(e + 800 if e < 0 else e, 0), 799)
            want = bits[ss:ee + 1].count("1") if ss <= ee else 0
        assert raw.call("BITCOUNT", "k", str(s), str(e), "BIT") == i(want), (s, e)


def test_bitcount_errors(raw):
    raw.call("SET", "k", "foobar")
    assert raw.call("BITCOUNT", "k", "0") == SYNTAX
    assert raw.call("BITCOUNT", "k", "0", "1", "BIT", "x") == SYNTAX
    assert raw.call("BITCOUNT", "k", "0", "1", "bits") == SYNTAX
    assert raw.call("BITCOUNT", "k", "a", "1") == NOT_INT
    assert raw.call("BITCOUNT", "k", "0", "1.5") == NOT_INT
    # a missing key answers 0 before the range is parsed
    assert raw.call("BITCOUNT", "missing", "a", "b") == i(0)
    assert raw.call("BITCOUNT", "missing", "0") == i(0)
    assert raw.call("BITCOUNT") == arity("bitcount")


# ------------------------------------------------------------------- BITPOS


@pytest.mark.parametrize("value,args,want", [
    (b"\xff\xf0\x00", ("0",), 12), (b"\xff\xf0\x00", ("1",), 0), (b"\xff\xf0\x00", ("0", "1"), 12),
    (b"\xff\xf0\x00", ("1", "2"), -1), (b"\xff\xf0\x00", ("0", "0", "0"), -1), (b"\xff\xf0\x00", ("0", "0", "-1"), 12),
    (b"\xff\xf0\x00", ("1", "1", "-1"), 8), (b"\xff\xf0\x00", ("0", "0", "11", "BIT"), -1),
    (b"\xff\xf0\x00", ("0", "0", "12", "BIT"), 12), (b"\xff\xf0\x00", ("1", "12", "23", "bit"), -1),
    (b"\xff\xf0\x00", ("1", "11", "23", "BIT"), 11), (b"\xff\xf0\x00", ("1", "3", "5", "BIT"), 3),
    (b"\xff\xf0\x00", ("0", "3", "5", "BIT"), -1), (b"\xff\xf0\x00", ("0", "5", "3", "BIT"), -1),
    (b"\xff\xf0\x00", ("0", "-3", "-1", "BIT"), 21), (b"\xff\xf0\x00", ("1", "-3", "-1", "BYTE"), 0),
    (b"\xff\xf0\x00", ("1", "-100", "-50"), 0),
    (b"\xff\xff\xff", ("0",), 24), (b"\xff\xff\xff", ("0", "1"), 24), (b"\xff\xff\xff", ("0", "5"), -1),
    (b"\xff\xff\xff", ("0", "0", "-1"), -1), (b"\xff\xff\xff", ("0", "0", "-1", "BIT"), -1),
    (b"\x00\x00\x00", ("1",), -1), (b"\x00\x00\x00", ("0",), 0), (b"\x00\x00\x00", ("0", "2", "2", "BIT"), 2),
    (b"\x00\x00\x00", ("1", "0", "-1", "BIT"), -1), (b"", ("0",), -1), (b"", ("1",), -1), (b"", ("0", "0"), -1),
    (b"\x00" * 19 + b"\x01", ("1",), 159), (b"\x00" * 19 + b"\x01", ("1", "3", "18"), -1),
    (b"\x00" * 19 + b"\x01", ("1", "25", "159", "BIT"), 159), (b"\x00" * 19 + b"\x01", ("1", "25", "158", "BIT"), -1),
    (b"\xff" * 19 + b"\xfe", ("0",), 159), (b"\xff" * 19 + b"\xfe", ("0", "2", "18"), -1),
    (b"\xff" * 19 + b"\xfe", ("0", "9", "158", "BIT"), -1), (b"\xff" * 19 + b"\xfe", ("0", "9", "159", "BIT"), 159),
    (b"12", ("1",), 2), (b"12", ("0", "1"), 8),
])
def test_bitpos(raw, value, args, want):
    raw.call("SET", "k", value)
    assert raw.call("BITPOS", "k", *args) == i(want)


def test_bitpos_against_model(raw):
    rnd = random.Random(11)
    data = bytes(rnd.choice([0, 0xFF, 0x10, 0xEF, rnd.randrange(256)]) for _ in range(64))
    raw.call("SET", "k", data)
    bits = "".join(format(b, "08b") for b in data)
    n = len(bits)
    for _ in range(200):
        bit = rnd.randrange(2)
        s, e = rnd.randrange(-600, 600), rnd.randrange(-600, 600)
        ss = max(s + n if s < 0 else s, 0)
        ee = min(max(e + n if e < 0 else e, 0), n - 1)
        pos = bits.find(str(bit), ss, ee + 1) if ss <= ee else -1
        assert raw.call("BITPOS", "k", str(bit), str(s), str(e), "BIT") == i(pos), (bit, s, e)


def test_bitpos_missing_key_and_errors(raw):
    assert raw.call("BITPOS", "missing", "0") == i(0)
    assert raw.call("BITPOS", "missing", "1") == i(-1)
    assert raw.call("BITPOS", "missing", "1", "a", "b") == i(-1)
    assert raw.call("BITPOS", "missing", "2") == b"-ERR The bit argument must be 1 or 0.\r\n"
    assert raw.call("BITPOS", "missing", "x") == NOT_INT
    raw.call("SET", "k", "abc")
    assert raw.call("BITPOS", "k", "-1") == b"-ERR The bit argument must be 1 or 0.\r\n"
    assert raw.call("BITPOS", "k", "0", "a") == NOT_INT
    assert raw.call("BITPOS", "k", "0", "0", "a") == NOT_INT
    assert raw.call("BITPOS", "k", "0", "a", "0", "foo") == NOT_INT
    # the unit is checked before the end
    assert raw.call("BITPOS", "k", "0", "0", "a", "foo") == SYNTAX
    assert raw.call("BITPOS", "k", "0", "0", "1", "foo") == SYNTAX
    assert raw.call("BITPOS", "k", "0", "0", "1", "bit", "x") == SYNTAX
    assert raw.call("BITPOS", "k") == arity("bitpos")


# -------------------------------------------------------------------- BITOP


def test_bitop_basic(raw):
    raw.call("SET", "a", b"\x0f\xf0\xaa")
    raw.call("SET", "b", b"\xff\x00")
    assert raw.call("BITOP", "AND", "d", "a", "b") == i(3)
    assert raw.call("GET", "d") == bulk(b"\x0f\x00\x00")
    assert raw.call("BITOP", "or", "d", "a", "b") == i(3)
    assert raw.call("GET", "d") == bulk(b"\xff\xf0\xaa")
    assert raw.call("BITOP", "Xor", "d", "a", "b") == i(3)
    assert raw.call("GET", "d") == bulk(b"\xf0\xf0\xaa")
    assert raw.call("BITOP", "NOT", "d", "a") == i(3)
    assert raw.call("GET", "d") == bulk(b"\xf0\x0f\x55")
    assert raw.call("BITOP", "OR", "d", "a") == i(3)
    assert raw.call("GET", "d") == bulk(b"\x0f\xf0\xaa")
    raw.call("SET", "n", "12")
    assert raw.call("BITOP", "OR", "d", "n", "b") == i(2)
    assert raw.call("GET", "d") == bulk(b"\xff\x32")


def test_bitop_against_model(raw):
    rnd = random.Random(5)
    vals = [bytes(rnd.randrange(256) for _ in range(rnd.randrange(0, 90))) for _ in range(4)]
    for j, v in enumerate(vals):
        raw.call("SET", "s%d" % j, v)
    maxlen = max(len(v) for v in vals)
    pad = [v + b"\x00" * (maxlen - len(v)) for v in vals]
    for op in ("AND", "OR", "XOR"):
        want = bytearray(pad[0])
        for v in pad[1:]:
            for k in range(maxlen):
                want[k] = want[k] & v[k] if op == "AND" else want[k] | v[k] if op == "OR" else want[k] ^ v[k]
        assert raw.call("BITOP", op, "d", "s0", "s1", "s2", "s3") == i(maxlen)
        assert raw.call("GET", "d") == bulk(bytes(want))
    assert raw.call("BITOP", "NOT", "d", "s0") == i(len(vals[0]))
    assert raw.call("GET", "d") == (bulk(bytes(b ^ 0xFF for b in vals[0])) if vals[0] else NIL)


def test_bitop_empty_result_deletes_destination(raw):
    raw.call("SET", "d", "x")
    assert raw.call("BITOP", "AND", "d", "m1", "m2") == i(0)
    assert raw.call("GET", "d") == NIL
    raw.call("SET", "e", "")
    raw.call("SET", "d", "x")
    assert raw.call("BITOP", "NOT", "d", "e") == i(0)
    assert raw.call("GET", "d") == NIL


def test_bitop_dest_is_source_and_drops_ttl(raw):
    raw.call("SET", "a", b"\x01\x02", "PX", "100000")
    assert raw.call("BITOP", "NOT", "a", "a") == i(2)
    assert raw.call("GET", "a") == bulk(b"\xfe\xfd")
    assert raw.call("TTL", "a") == i(-1)
    assert encoding(raw, "a") == bulk("raw")


def test_bitop_errors(raw):
    assert raw.call("BITOP", "NOT", "d", "a", "b") == b"-ERR BITOP NOT must be called with a single source key.\r\n"
    assert raw.call("BITOP", "NAND", "d", "a") == SYNTAX
    assert raw.call("BITOP", "AND", "d") == arity("bitop")


# ----------------------------------------------------------------- BITFIELD


def test_bitfield_basic(raw):
    assert raw.call("BITFIELD", "k") == b"*0\r\n"
    assert raw.call("GET", "k") == NIL
    assert raw.call("BITFIELD", "k", "GET", "u8", "0") == ints(0)
    assert raw.call("GET", "k") == NIL
    assert raw.call("BITFIELD", "k", "SET", "u8", "0", "255", "GET", "u8", "0", "INCRBY", "u8", "0", "10") == \
        ints(0, 255, 9)
    assert raw.call("GET", "k") == bulk(b"\x09")
    assert raw.call("BITFIELD", "k", "set", "i5", "13", "-7", "get", "i5", "13", "get", "u5", "13",
                    "get", "u3", "14", "get", "i3", "14") == ints(0, -7, 25, 4, -4)
    assert raw.call("GET", "k") == bulk(b"\x09\x06\x40")
    assert raw.call("BITFIELD", "k", "GET", "u8", "#1", "SET", "u8", "#2", "65") == ints(6, 64)
    assert raw.call("GET", "k") == bulk(b"\x09\x06\x41")


def test_bitfield_get_widths(raw):
    raw.call("SET", "k", "hello")
    assert raw.call("BITFIELD_RO", "k", "GET", "u63", "0", "GET", "i64", "0", "GET", "i64", "1",
                    "GET", "i64", "3", "GET", "u1", "1", "GET", "i1", "1", "GET", "i64", "100") == \
        ints(3761268982783410176, 7522537965566820352, -3401668142575910912, 4840071503405907968, 1, -1, 0)
    raw.call("SET", "n", "1234")
    assert raw.call("BITFIELD", "n", "GET", "u8", "0", "GET", "i16", "4", "GET", "u32", "30") == \
        ints(49, 4899, 0)


@pytest.mark.parametrize("ow,ops,want", [
    ("WRAP", ["INCRBY", "u2", "100", "1"] * 4, (1, 2, 3, 0)),
    ("SAT", ["INCRBY", "u2", "100", "1"] * 4 + ["INCRBY", "u2", "100", "-5"], (1, 2, 3, 3, 0)),
    ("FAIL", ["INCRBY", "u2", "100", "3", "INCRBY", "u2", "100", "1", "INCRBY", "u2", "100", "-4"], (3, None, None)),
    ("WRAP", ["INCRBY", "i8", "0", "100"] * 2 + ["INCRBY", "i8", "0", "-300"], (100, -56, -100)),
    ("SAT", ["INCRBY", "i8", "0", "100"] * 2 + ["INCRBY", "i8", "0", "-300"], (100, 127, -128)),
    ("FAIL", ["INCRBY", "i8", "0", "100"] * 2 + ["INCRBY", "i8", "0", "-300"], (100, None, None)),
    ("WRAP", ["SET", "u8", "0", "256", "SET", "u8", "0", "-1", "GET", "u8", "0"], (0, 0, 255)),
    # a negative value is a huge unsigned one: it saturates at the top
    ("SAT", ["SET", "u8", "0", "256", "SET", "u8", "0", "-1", "GET", "u8", "0"], (0, 255, 255)),
    ("FAIL", ["SET", "u8", "0", "256", "SET", "u8", "0", "-1", "GET", "u8", "0"], (None, None, 0)),
    ("WRAP", ["SET", "i8", "0", "200", "SET", "i8", "0", "-200", "GET", "i8", "0"], (0, -56, 56)),
    ("SAT", ["SET", "i8", "0", "200", "SET", "i8", "0", "-200", "GET", "i8", "0"], (0, 127, -128)),
    # quirk kept from Redis: the "above max" test wraps around for the most negative SET value
    ("SAT", ["SET", "i8", "0", "-9223372036854775808", "GET", "i8", "0"], (0, 127)),
    ("WRAP", ["SET", "i8", "0", "-9223372036854775808", "GET", "i8", "0"], (0, 0)),
    ("WRAP", ["SET", "i64", "0", "9223372036854775807", "INCRBY", "i64", "0", "1"],
     (0, -9223372036854775808)),
    ("SAT", ["SET", "i64", "0", "9223372036854775807", "INCRBY", "i64", "0", "1", "INCRBY", "i64", "0",
             "-9223372036854775808", "INCRBY", "i64", "0", "-9223372036854775808", "INCRBY", "i64", "0", "-1"],
     (0, 9223372036854775807, -1, -9223372036854775808, -9223372036854775808)),
    ("FAIL", ["SET", "i64", "0", "-9223372036854775808", "INCRBY", "i64", "0", "-1", "INCRBY", "i64", "0",
              "9223372036854775807"], (0, None, -1)),
    ("WRAP", ["SET", "u63", "0", "9223372036854775807", "INCRBY", "u63", "0", "1", "INCRBY", "u63", "0", "-1"],
     (0, 0, 9223372036854775807)),
    ("SAT", ["INCRBY", "u63", "0", "9223372036854775807", "INCRBY", "u63", "0", "9223372036854775807",
             "INCRBY", "u63", "0", "-9223372036854775808"], (9223372036854775807, 9223372036854775807, 0)),
    ("WRAP", ["SET", "u63", "0", "-1", "GET", "u63", "0"], (0, 9223372036854775807)),
    ("FAIL", ["INCRBY", "u1", "5", "1", "INCRBY", "u1", "5", "1", "INCRBY", "i1", "5", "-1", "INCRBY", "i1", "5", "1"],
     (1, None, None, 0)),
    ("WRAP", ["INCRBY", "i1", "5", "1", "INCRBY", "i1", "5", "1", "INCRBY", "i1", "5", "-5"], (-1, 0, -1)),
    ("SAT", ["INCRBY", "i1", "5", "1", "INCRBY", "i1", "5", "1", "INCRBY", "i1", "5", "-5"], (0, 0, -1)),
])
def test_bitfield_overflow(raw, ow, ops, want):
    assert raw.call("BITFIELD", "k", "OVERFLOW", ow, *ops) == ints(*want)


def test_bitfield_overflow_switches_midway(raw):
    assert raw.call("BITFIELD", "k", "SET", "u2", "100", "1", "OVERFLOW", "SAT", "INCRBY", "u2", "100", "5",
                    "OVERFLOW", "fail", "INCRBY", "u2", "102", "7", "GET", "u4", "100") == ints(0, 3, None, 12)
    assert raw.call("GET", "k") == bulk(b"\x00" * 12 + b"\x0c")


def test_bitfield_fail_still_creates_key(raw):
    assert raw.call("BITFIELD", "k", "OVERFLOW", "FAIL", "SET", "u8", "8", "500") == ints(None)
    assert raw.call("GET", "k") == bulk(b"\x00\x00")


def test_bitfield_on_int_value(raw):
    raw.call("SET", "n", "1234")
    assert raw.call("BITFIELD", "n", "SET", "u8", "0", "50") == ints(49)
    assert raw.call("GET", "n") == bulk("2234")
    assert encoding(raw, "n") == bulk("raw")


def test_bitfield_offsets(raw):
    assert raw.call("BITFIELD", "k", "GET", "u8", "4294967288") == ints(0)
    assert raw.call("BITFIELD", "k", "GET", "u8", "4294967295") == ints(0)
    assert raw.call("BITFIELD", "k", "GET", "u8", "4294967296") == BAD_OFFSET
    assert raw.call("BITFIELD", "k", "GET", "u8", "-1") == BAD_OFFSET
    assert raw.call("BITFIELD", "k", "GET", "u8", "a") == BAD_OFFSET
    assert raw.call("BITFIELD", "k", "GET", "u8", "#-1") == BAD_OFFSET
    assert raw.call("BITFIELD", "k", "GET", "u8", "##1") == BAD_OFFSET
    assert raw.call("BITFIELD", "k", "GET", "i64", "#67108864") == BAD_OFFSET
    assert raw.call("BITFIELD", "k", "GET", "i64", "#67108863") == ints(0)
    # #N * bits wraps in 64 bits as in Redis
    assert raw.call("BITFIELD", "k", "GET", "i64", "#2305843009213693952") == ints(0)
    assert raw.call("BITFIELD", "k", "GET", "i64", "#1152921504606846976") == ints(0)
    assert raw.call("BITFIELD", "k", "GET", "i64", "#144115188075855872") == BAD_OFFSET
    assert raw.call("GET", "k") == NIL


def test_bitfield_errors(raw):
    for t in ["u64", "i65", "i0", "u0", "x8", "U8", "u08", "u", "i-1", "", "u8x"]:
        assert raw.call("BITFIELD", "k", "GET", t, "0") == BAD_TYPE, t
    assert raw.call("BITFIELD", "k", "GET", "u8") == SYNTAX
    assert raw.call("BITFIELD", "k", "foo") == SYNTAX
    assert raw.call("BITFIELD", "k", "SET", "u8", "0") == SYNTAX
    assert raw.call("BITFIELD", "k", "INCRBY", "u8", "200") == SYNTAX
    assert raw.call("BITFIELD", "k", "GET", "u8", "0", "GET") == SYNTAX
    assert raw.call("BITFIELD", "k", "OVERFLOW") == SYNTAX
    assert raw.call("BITFIELD", "k", "OVERFLOW", "foo") == b"-ERR Invalid OVERFLOW type specified\r\n"
    assert raw.call("BITFIELD", "k", "SET", "u8", "#1", "abc") == NOT_INT
    assert raw.call("BITFIELD", "k", "SET", "u8", "0", "1.5") == NOT_INT
    # an error anywhere means nothing ran
    assert raw.call("BITFIELD", "k", "SET", "u8", "0", "1", "GET", "u64", "0") == BAD_TYPE
    assert raw.call("GET", "k") == NIL
    assert raw.call("BITFIELD") == arity("bitfield")


def test_bitfield_ro(raw):
    raw.call("SET", "k", "hello")
    assert raw.call("BITFIELD_RO", "k", "GET", "u8", "0", "GET", "i8", "#1") == ints(104, 101)
    assert raw.call("BITFIELD_RO", "missing", "GET", "u8", "0") == ints(0)
    assert raw.call("BITFIELD_RO", "k") == b"*0\r\n"
    err = b"-ERR BITFIELD_RO only supports the GET subcommand\r\n"
    assert raw.call("BITFIELD_RO", "k", "SET", "u8", "0", "1") == err
    assert raw.call("BITFIELD_RO", "k", "INCRBY", "u8", "0", "1") == err
    assert raw.call("BITFIELD_RO", "k", "GET", "u8", "0", "INCRBY", "u8", "0", "1") == err
    assert raw.call("BITFIELD_RO", "k", "OVERFLOW", "SAT") == b"*0\r\n"
    assert raw.call("BITFIELD_RO", "k", "GET", "u64", "0") == BAD_TYPE
    assert raw.call("BITFIELD_RO", "k", "foo") == SYNTAX
    assert raw.call("BITFIELD_RO", "k", "SET", "u8", "0", "x") == NOT_INT
    assert raw.call("GET", "k") == bulk("hello")
    assert raw.call("BITFIELD_RO") == arity("bitfield_ro")


def test_bitfield_resp3_null(raw):
    raw.call("HELLO", "3")
    assert raw.call("BITFIELD", "k", "OVERFLOW", "FAIL", "INCRBY", "u2", "0", "5", "GET", "u2", "0") == \
        b"*2\r\n_\r\n:0\r\n"
