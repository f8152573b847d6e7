"""DUMP / RESTORE: round trips for every type and encoding, payloads crossing
both ways with a real Redis 7.0 (skipped when redis-server is missing), the
encodings of older Redis versions (hand-made zipmap / ziplist / intset /
quicklist payloads), every RESTORE error, and corrupt payloads (the server
answers an error and keeps serving)."""

import os
import random
import shutil
import struct
import subprocess
import time

import pytest
import redis

from conftest import free_port

REDIS_SERVER = shutil.which("redis-server")


# ---------------------------------------------------------------- payloads


def crc64(data):
    crc = 0
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ (0x95AC9329AC4BC9B5 if crc & 1 else 0)
    return crc


def seal(body, version=10):
    """A DUMP payload: body + RDB version + CRC64."""
    body = body + struct.pack("<H", version)
    return body + struct.pack("<Q", crc64(body))


def reseal(payload):
    return seal(payload[:-10], struct.unpack("<H", payload[-10:-8])[0])


def rlen(n):
    if n < 64:
        return bytes([n])
    if n < 16384:
        return bytes([0x40 | (n >> 8), n & 0xFF])
    return b"\x80" + struct.pack(">I", n)


def rstr(s):
    s = s if isinstance(s, bytes) else str(s).encode()
    return rlen(len(s)) + s


def ziplist(entries):
    """A ziplist of str/bytes/int entries, as Redis 6.2 wrote them."""
    body = b""
    prev = 0
    tail = 10
    for e in entries:
        pl = bytes([prev]) if prev < 254 else b"\xfe" + struct.pack("<I", prev)
        if isinstance(e, int):
            if 0 <= e <= 12:
                enc = bytes([0xF1 + e])
            elif -128 <= e <= 127:
                enc = b"\xfe" + struct.pack("<b", e)
            elif -32768 <= e <= 32767:
                enc = b"\xc0" + struct.pack("<h", e)
            elif -(1 << 23) <= e < (1 << 23):
                enc = b"\xf0" + struct.pack("<i", e)[:3]
            elif -(1 << 31) <= e < (1 << 31):
                enc = b"\xd0" + struct.pack("<i", e)
            else:
                enc = b"\xe0" + struct.pack("<q", e)
        else:
            e = e if isinstance(e, bytes) else e.encode()
            if len(e) < 64:
                enc = bytes([len(e)]) + e
            elif len(e) < 16384:
                enc = bytes([0x40 | (len(e) >> 8), len(e) & 0xFF]) + e
            else:
                enc = b"\x80" + struct.pack(">I", len(e)) + e
        tail = 10 + len(body)
        entry = pl + enc
        body += entry
        prev = len(entry)
    total = 10 + len(body) + 1
    return struct.pack("<IIH", total, tail, min(len(entries), 65535)) + body + b"\xff"


def zipmap(pairs):
    out = bytes([len(pairs) if len(pairs) < 254 else 254])
    for f, v in pairs:
        f, v = f.encode(), v.encode()
        out += bytes([len(f)]) + f + bytes([len(v)]) + b"\x00" + v
    return out + b"\xff"


def intset(width, values):
    fmt = {2: "<h", 4: "<i", 8: "<q"}[width]
    return struct.pack("<II", width, len(values)) + b"".join(
        struct.pack(fmt, v) for v in sorted(values)
    )


# ---------------------------------------------------------------- readers


def read_value(c, key):
    """Type, encoding and full contents of key, for comparing two servers."""
    t = c.type(key)
    enc = c.object("encoding", key)
    if t == b"string":
        v = c.get(key)
    elif t == b"list":
        v = c.lrange(key, 0, -1)
    elif t == b"set":
        v = sorted(c.smembers(key))
    elif t == b"zset":
        v = c.zrange(key, 0, -1, withscores=True)
    elif t == b"hash":
        v = sorted(c.hgetall(key).items())
    else:
        v = None
    return t, enc, v


# Each case: name, config (list-max-listpack-size etc.), commands building key "k".
BIG = "x" * 100
CASES = [
    ("str_embstr", {}, [("SET", "k", "hello world")]),
    ("str_raw", {}, [("SET", "k", "a" * 60)]),
    ("str_lzf", {}, [("SET", "k", "abcdefgh" * 40)]),
    ("str_int", {}, [("SET", "k", "12345")]),
    ("str_int_neg", {}, [("SET", "k", "-7")]),
    ("str_int64", {}, [("SET", "k", "9223372036854775807")]),
    ("str_empty", {}, [("SET", "k", "")]),
    ("str_binary", {}, [("SET", "k", b"\x00\xff\r\n" * 10)]),
    ("hash_lp", {}, [("HSET", "k", "a", "1", "b", "two", "c", "-3")]),
    ("hash_ht_long_value", {}, [("HSET", "k", "a", "1", "b", BIG)]),
    ("hash_ht_many", {}, [("HSET", "k", *sum(([f"f{i}", f"v{i}"] for i in range(300)), []))]),
    (
        "hash_ht_by_config",
        {"hash-max-listpack-entries": "2"},
        [("HSET", "k", "a", "1", "b", "2", "c", "3")],
    ),
    ("set_intset16", {}, [("SADD", "k", 1, 2, 3, -5)]),
    ("set_intset32", {}, [("SADD", "k", 1, 100000, -100000)]),
    ("set_intset64", {}, [("SADD", "k", 1, 10000000000, -(2**63))]),
    ("set_intset_wide_after_rem", {}, [("SADD", "k", 1, 2, 10000000000), ("SREM", "k", 10000000000)]),
    ("set_small_strings", {}, [("SADD", "k", "a", "b", "c", "1")]),
    ("set_big_ints", {}, [("SADD", "k", *range(600))]),
    ("set_big_strings", {}, [("SADD", "k", *[f"m{i}" for i in range(200)])]),
    ("zset_lp", {}, [("ZADD", "k", 1, "a", 2.5, "b", "-inf", "c", "inf", "d", 3, "e")]),
    ("zset_lp_float", {}, [("ZADD", "k", 0.1, "a", 1e300, "b", -3.75, "c")]),
    ("zset_skiplist_many", {}, [("ZADD", "k", *sum(([i * 1.5, f"m{i}"] for i in range(200)), []))]),
    ("zset_skiplist_long", {}, [("ZADD", "k", 1, "a", 2, BIG)]),
    ("zset_skiplist_ties", {}, [("ZADD", "k", *sum(([1, f"m{i}"] for i in range(150)), []))]),
    ("list_small", {}, [("RPUSH", "k", "a", "b", 1, 2, -3, "c")]),
    ("list_one_node_big", {}, [("RPUSH", "k", *[f"elem{i}" for i in range(100)])]),
    ("list_many_nodes", {}, [("RPUSH", "k", *[f"e{i}-{'y' * (i % 40)}" for i in range(2000)])]),
    (
        "list_fill5",
        {"list-max-listpack-size": "5"},
        [("RPUSH", "k", *[f"v{i}" for i in range(23)])],
    ),
    (
        "list_compressed",
        {"list-compress-depth": "1", "list-max-listpack-size": "10"},
        [("RPUSH", "k", *[("abcdefghij" * 3) + str(i) for i in range(100)])],
    ),
]


def setup_case(c, case):
    name, conf, cmds = case
    for k, v in conf.items():
        c.config_set(k, v)
    for cmd in cmds:
        c.execute_command(*cmd)


TUNABLES = (
    "hash-max-listpack-entries",
    "hash-max-listpack-value",
    "set-max-intset-entries",
    "zset-max-listpack-entries",
    "zset-max-listpack-value",
    "list-max-listpack-size",
    "list-compress-depth",
    "sanitize-dump-payload",
    "rdbcompression",
    "maxmemory-policy",
)
_defaults = {}


def reset_config(c):
    """Puts back each server's own defaults (read the first time)."""
    key = c.connection_pool.connection_kwargs["port"]
    if key not in _defaults:
        _defaults[key] = {k: c.config_get(k)[k] for k in TUNABLES}
    for k, v in _defaults[key].items():
        c.config_set(k, v)


# ---------------------------------------------------------------- fixtures


@pytest.fixture
def m(r):
    reset_config(r)
    yield r
    reset_config(r)
    r.execute_command("DEBUG", "SET-SKIP-CHECKSUM-VALIDATION", "0")


@pytest.fixture(scope="module")
def ref_server():
    if not REDIS_SERVER:
        pytest.skip("redis-server not installed")
    port = free_port()
    proc = subprocess.Popen(
        [REDIS_SERVER, "--port", str(port), "--save", "", "--enable-debug-command", "yes"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    c = redis.Redis(port=port)
    for _ in range(100):
        try:
            c.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    yield c
    c.close()
    proc.terminate()
    proc.wait(10)


@pytest.fixture
def ref(ref_server):
    ref_server.flushall()
    reset_config(ref_server)
    yield ref_server
    reset_config(ref_server)


# ---------------------------------------------------------------- round trips


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_round_trip(m, case):
    setup_case(m, case)
    before = read_value(m, "k")
    payload = m.dump("k")
    assert payload[-10:-8] == b"\x0a\x00"
    assert m.restore("k2", 0, payload) == b"OK"
    assert read_value(m, "k2") == before
    # the restored value dumps the same bytes (same encoding, same layout;
    # hash tables iterate in their own order)
    if before[1] != b"hashtable":
        assert m.dump("k2") == payload
    # DEBUG OBJECT serializedlength is the value's RDB size
    line = m.execute_command("DEBUG", "OBJECT", "k")
    line = line if isinstance(line, bytes) else line.encode()
    assert b"serializedlength:%d " % (len(payload) - 11) in line


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_from_redis(m, ref, case):
    setup_case(ref, case)
    setup_case(m, case)
    payload = ref.dump("k")
    assert m.restore("r", 0, payload) == b"OK"
    assert read_value(m, "r") == read_value(ref, "k")
    # deep sanitization accepts whatever Redis writes
    m.config_set("sanitize-dump-payload", "yes")
    assert m.restore("r2", 0, payload) == b"OK"
    assert read_value(m, "r2") == read_value(ref, "k")
    m.config_set("sanitize-dump-payload", "no")
    mine = m.dump("k")
    # hash tables iterate in their own order (LZF output is the same: Debian's
    # liblzf and Redis's copy compress identically)
    if read_value(ref, "k")[1] == b"hashtable":
        assert ref.restore("back", 0, mine) == b"OK"
        assert read_value(ref, "back") == read_value(ref, "k")
    else:
        assert mine == payload


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_to_redis(m, ref, case):
    setup_case(m, case)
    setup_case(ref, case)
    assert ref.restore("r", 0, m.dump("k")) == b"OK"
    assert read_value(ref, "r") == read_value(m, "k")


def test_restore_under_other_thresholds_from_redis(m, ref):
    """Loading converts by the loading server's thresholds, as Redis does."""
    ref.hset("h", mapping={f"f{i}": i for i in range(10)})
    ref.zadd("z", {f"m{i}": i for i in range(10)})
    ref.sadd("s", *range(10))
    ref.hset("hl", mapping={"a": BIG})  # listpack in Redis only while entries allow
    ref.config_set("hash-max-listpack-value", "1000")
    ref.hset("hv", mapping={"a": BIG})
    for c in (m, ref):
        c.config_set("hash-max-listpack-entries", "5")
        c.config_set("zset-max-listpack-entries", "5")
        c.config_set("set-max-intset-entries", "5")
        c.config_set("hash-max-listpack-value", "10")
    for key in ("h", "z", "s", "hl", "hv"):
        payload = ref.dump(key)
        assert m.restore(key, 0, payload) == b"OK"
        assert ref.restore(key + "2", 0, payload) == b"OK"
        assert read_value(m, key) == read_value(ref, key + "2")
    # a listpack hash with long values stays listpack (only the count is checked)
    assert m.object("encoding", "hv") == b"listpack"


# ---------------------------------------------------------------- old encodings

OLD = [
    ("zipmap", b"\x09" + rstr(zipmap([("a", "1"), ("bb", "hello"), ("c", "")]))),
    ("zipmap_big_value", b"\x09" + rstr(zipmap([("a", "x" * 100)]))),
    ("list_ziplist", b"\x0a" + rstr(ziplist(["a", 1, -200, 70000, 2**40, "b" * 70, 12]))),
    ("set_intset", b"\x0b" + rstr(intset(2, [3, 1, 2]))),
    ("set_intset64", b"\x0b" + rstr(intset(8, [3, 2**40]))),
    ("zset_ziplist", b"\x0c" + rstr(ziplist(["a", 1, "b", "2.5", "c", "inf"]))),
    ("hash_ziplist", b"\x0d" + rstr(ziplist(["f1", "v1", "f2", 2, 3, "x"]))),
    (
        "list_quicklist",
        b"\x0e" + rlen(2) + rstr(ziplist(["a", "b", 3])) + rstr(ziplist([4, "e"])),
    ),
    ("list_linked", b"\x01" + rlen(3) + rstr("a") + rstr("12") + rstr("c")),
    ("set_plain", b"\x02" + rlen(3) + rstr("a") + rstr("1") + rstr("b")),
    ("set_plain_ints", b"\x02" + rlen(3) + rstr("5") + rstr("1") + rstr("-9")),
    (
        "zset_old_doubles",
        b"\x03" + rlen(3) + rstr("a") + b"\x031.5" + rstr("b") + b"\xfe" + rstr("c") + b"\xff",
    ),
    ("zset2", b"\x05" + rlen(2) + rstr("a") + struct.pack("<d", 1.5) + rstr("b") + struct.pack("<d", -2)),
    ("hash_plain", b"\x04" + rlen(2) + rstr("a") + rstr("1") + rstr("b") + rstr("2")),
    ("hash_plain_long", b"\x04" + rlen(2) + rstr("a") + rstr(BIG) + rstr("b") + rstr("2")),
]


@pytest.mark.parametrize("name,body", OLD, ids=[o[0] for o in OLD])
def test_old_encodings(m, name, body):
    assert m.restore("k", 0, seal(body, 9)) == b"OK"
    t, enc, v = read_value(m, "k")
    expected = {
        "zipmap": (b"hash", b"listpack", [(b"a", b"1"), (b"bb", b"hello"), (b"c", b"")]),
        "zipmap_big_value": (b"hash", b"hashtable", [(b"a", b"x" * 100)]),
        "list_ziplist": (
            b"list",
            b"quicklist",
            [b"a", b"1", b"-200", b"70000", b"1099511627776", b"b" * 70, b"12"],
        ),
        "set_intset": (b"set", b"intset", [b"1", b"2", b"3"]),
        "set_intset64": (b"set", b"intset", [b"1099511627776", b"3"]),
        "zset_ziplist": (b"zset", b"listpack", [(b"a", 1.0), (b"b", 2.5), (b"c", float("inf"))]),
        "hash_ziplist": (b"hash", b"listpack", [(b"3", b"x"), (b"f1", b"v1"), (b"f2", b"2")]),
        "list_quicklist": (b"list", b"quicklist", [b"a", b"b", b"3", b"4", b"e"]),
        "list_linked": (b"list", b"quicklist", [b"a", b"12", b"c"]),
        "set_plain": (b"set", b"hashtable", [b"1", b"a", b"b"]),
        "set_plain_ints": (b"set", b"intset", [b"-9", b"1", b"5"]),
        "zset_old_doubles": (
            b"zset",
            b"listpack",
            [(b"c", float("-inf")), (b"a", 1.5), (b"b", float("inf"))],
        ),
        "zset2": (b"zset", b"listpack", [(b"b", -2.0), (b"a", 1.5)]),
        "hash_plain": (b"hash", b"listpack", [(b"a", b"1"), (b"b", b"2")]),
        "hash_plain_long": (b"hash", b"hashtable", [(b"a", BIG.encode()), (b"b", b"2")]),
    }[name]
    assert (t, enc, v) == expected


@pytest.mark.parametrize("name,body", OLD, ids=[o[0] for o in OLD])
def test_old_encodings_like_redis(m, ref, name, body):
    payload = seal(body, 9)
    assert ref.restore("k", 0, payload) == b"OK"
    assert m.restore("k", 0, payload) == b"OK"
    assert read_value(m, "k") == read_value(ref, "k")
    # and what we write back is what Redis writes back
    if read_value(ref, "k")[1] != b"hashtable":
        assert m.dump("k") == ref.dump("k")


def test_integer_strings_become_int(m, ref):
    """A raw string holding an integer is loaded int-encoded, as in Redis."""
    for c in (m, ref):
        c.set("k", "1")
        c.append("k", "23")
        assert c.object("encoding", "k") == b"raw"
    payload = m.dump("k")
    assert payload == ref.dump("k")
    for c in (m, ref):
        assert c.restore("k2", 0, payload) == b"OK"
        assert c.object("encoding", "k2") == b"int"


def test_old_encodings_convert_by_thresholds(m):
    m.config_set("hash-max-listpack-entries", "1")
    m.config_set("zset-max-listpack-entries", "1")
    m.config_set("set-max-intset-entries", "2")
    m.restore("h", 0, seal(b"\x0d" + rstr(ziplist(["f1", "v1", "f2", "v2"]))))
    m.restore("z", 0, seal(b"\x0c" + rstr(ziplist(["a", 1, "b", 2]))))
    m.restore("s", 0, seal(b"\x0b" + rstr(intset(2, [1, 2, 3]))))
    m.restore("zm", 0, seal(b"\x09" + rstr(zipmap([("a", "1"), ("b", "2")]))))
    assert m.object("encoding", "h") == b"hashtable"
    assert m.object("encoding", "z") == b"skiplist"
    assert m.object("encoding", "s") == b"hashtable"
    assert m.object("encoding", "zm") == b"hashtable"
    assert m.hgetall("h") == {b"f1": b"v1", b"f2": b"v2"}
    assert m.zrange("z", 0, -1, withscores=True) == [(b"a", 1.0), (b"b", 2.0)]
    assert m.smembers("s") == {b"1", b"2", b"3"}
    assert m.hgetall("zm") == {b"a": b"1", b"b": b"2"}


# ---------------------------------------------------------------- RESTORE options


def test_restore_errors(m, raw):
    m.set("k", "v")
    payload = m.dump("k")
    raw.call("SELECT", "9")
    assert raw.call("SELECT", "0") == b"+OK\r\n"
    assert raw.call("RESTORE", "k", "0", payload) == b"-BUSYKEY Target key name already exists.\r\n"
    assert raw.call("RESTORE", "n", "0", payload, "FOO") == b"-ERR syntax error\r\n"
    assert raw.call("RESTORE", "n", "0", payload, "IDLETIME") == b"-ERR syntax error\r\n"
    assert raw.call("RESTORE", "n", "0", payload, "IDLETIME", "1", "FREQ", "1") == (
        b"-ERR syntax error\r\n"
    )
    assert raw.call("RESTORE", "n", "0", payload, "FREQ", "1", "IDLETIME", "1") == (
        b"-ERR syntax error\r\n"
    )
    assert raw.call("RESTORE", "n", "abc", payload) == (
        b"-ERR value is not an integer or out of range\r\n"
    )
    assert raw.call("RESTORE", "n", "-1", payload) == b"-ERR Invalid TTL value, must be >= 0\r\n"
    assert raw.call("RESTORE", "n", "0", payload, "IDLETIME", "-1") == (
        b"-ERR Invalid IDLETIME value, must be >= 0\r\n"
    )
    assert raw.call("RESTORE", "n", "0", payload, "IDLETIME", "x") == (
        b"-ERR value is not an integer or out of range\r\n"
    )
    assert raw.call("RESTORE", "n", "0", payload, "FREQ", "256") == (
        b"-ERR Invalid FREQ value, must be >= 0 and <= 255\r\n"
    )
    assert raw.call("RESTORE", "n", "0", payload, "FREQ", "-1") == (
        b"-ERR Invalid FREQ value, must be >= 0 and <= 255\r\n"
    )
    assert raw.call("RESTORE", "n", "0", payload[:-1] + b"\x00") == (
        b"-ERR DUMP payload version or checksum are wrong\r\n"
    )
    assert raw.call("RESTORE", "n", "0", b"short") == (
        b"-ERR DUMP payload version or checksum are wrong\r\n"
    )
    assert raw.call("RESTORE", "n", "0", seal(payload[:-10], 11)) == (
        b"-ERR DUMP payload version or checksum are wrong\r\n"
    )
    assert raw.call("RESTORE", "n", "0", seal(b"\x0f\x00")) == b"-ERR Bad data format\r\n"
    assert raw.call("RESTORE", "n", "0", seal(b"\x63abc")) == b"-ERR Bad data format\r\n"
    assert raw.call("RESTORE", "n", "0", seal(b"")) == b"-ERR Bad data format\r\n"
    # order of checks: options, then BUSYKEY, then TTL, then the payload
    assert raw.call("RESTORE", "k", "-1", b"junk", "BAD") == b"-ERR syntax error\r\n"
    assert raw.call("RESTORE", "k", "-1", b"junk") == (
        b"-BUSYKEY Target key name already exists.\r\n"
    )
    assert raw.call("RESTORE", "n", "-1", b"junk") == b"-ERR Invalid TTL value, must be >= 0\r\n"
    assert raw.call("RESTORE", "n", "0") == (
        b"-ERR wrong number of arguments for 'restore' command\r\n"
    )
    assert raw.call("DUMP") == b"-ERR wrong number of arguments for 'dump' command\r\n"
    assert raw.call("DUMP", "a", "b") == b"-ERR wrong number of arguments for 'dump' command\r\n"
    assert raw.call("DUMP", "missing") == b"$-1\r\n"
    assert m.exists("n") == 0


def test_restore_replace_ttl_absttl(m):
    m.set("k", "v")
    payload = m.dump("k")
    m.set("k", "other")
    assert m.restore("k", 0, payload, replace=True) == b"OK"
    assert m.get("k") == b"v"
    assert m.ttl("k") == -1
    assert m.restore("t", 5000, payload) == b"OK"
    assert 4000 < m.pttl("t") <= 5000
    when = int(time.time() * 1000) + 100000
    assert m.restore("a", when, payload, absttl=True) == b"OK"
    assert 90000 < m.pttl("a") <= 100000
    # a TTL in the past: OK, nothing created, and REPLACE deletes the old key
    assert m.restore("p", 1, payload, absttl=True) == b"OK"
    assert m.exists("p") == 0
    m.set("old", "x")
    assert m.restore("old", 1, payload, absttl=True, replace=True) == b"OK"
    assert m.exists("old") == 0
    # the payload is checked even then
    with pytest.raises(redis.ResponseError, match="^Bad data format$"):
        m.restore("p", 1, seal(b"\x00\x05ab"), absttl=True)


def test_restore_idletime_freq(m):
    m.set("k", "v")
    payload = m.dump("k")
    assert m.restore("i", 0, payload, idletime=1000) == b"OK"
    assert 1000 <= m.object("idletime", "i") <= 1001
    m.config_set("maxmemory-policy", "allkeys-lfu")
    try:
        assert m.restore("f", 0, payload, frequency=100) == b"OK"
        assert m.object("freq", "f") == 100
    finally:
        m.config_set("maxmemory-policy", "noeviction")


def test_restore_asking_and_command_info(m, raw):
    m.set("k", "v")
    payload = m.dump("k")
    assert raw.call("RESTORE-ASKING", "n", "0", payload) == b"+OK\r\n"
    assert m.get("n") == b"v"
    info = m.execute_command("COMMAND", "INFO", "restore", "dump")
    assert len(info) == 2


def test_restore_invalidates_watch(server, m):
    m.set("k", "v")
    payload = m.dump("k")
    c = server.client()
    p = c.pipeline()
    p.watch("w")
    p.multi()
    p.set("x", "1")
    m.restore("w", 0, payload)
    with pytest.raises(redis.WatchError):
        p.execute()
    c.close()


def test_dump_compression_setting(m):
    m.set("k", "abcdefgh" * 40)
    compressed = m.dump("k")
    m.config_set("rdbcompression", "no")
    try:
        plain = m.dump("k")
    finally:
        m.config_set("rdbcompression", "yes")
    assert compressed[1] == 0xC3 and len(compressed) < len(plain)
    assert plain[:3] == b"\x00\x41\x40"
    assert m.restore("k2", 0, plain) == b"OK"
    assert m.get("k2") == b"abcdefgh" * 40


def test_plain_list_nodes(m, ref):
    for c in (m, ref):
        c.execute_command("DEBUG", "QUICKLIST-PACKED-THRESHOLD", "100")
    try:
        for c in (m, ref):
            c.rpush("l", "a", "b" * 200, "c", "d" * 300)
        p = m.dump("l")
        assert p == ref.dump("l")
        assert m.restore("l2", 0, ref.dump("l")) == b"OK"
        assert m.lrange("l2", 0, -1) == [b"a", b"b" * 200, b"c", b"d" * 300]
        assert m.dump("l2") == p
    finally:
        for c in (m, ref):
            c.execute_command("DEBUG", "QUICKLIST-PACKED-THRESHOLD", "0")


# ---------------------------------------------------------------- corrupt payloads


def restore_error(m, key, payload, *opts):
    with pytest.raises(redis.ResponseError) as e:
        m.restore(key, 0, payload, *opts)
    assert m.ping() is True
    return str(e.value)


def test_corrupt_blobs(m):
    bad = [
        b"\x0b" + rstr(intset(2, [1, 2])[:-1]),  # size mismatch
        b"\x0b" + rstr(struct.pack("<II", 3, 1) + b"\x01\x00\x00"),  # bad encoding
        b"\x0b" + rstr(struct.pack("<II", 2, 0)),  # empty
        b"\x0b" + rstr(intset(2, [1]) + struct.pack("<h", 1)[:0]),  # fine, see below
        b"\x0d" + rstr(ziplist(["a", "b", "c"])),  # odd count
        b"\x0d" + rstr(ziplist(["a", "b", "a", "c"])),  # duplicate field
        b"\x0c" + rstr(ziplist(["a", 1, "a", 2])),  # duplicate member
        b"\x0a" + rstr(ziplist(["a"])[:-1] + b"\x00"),  # no terminator
        b"\x09" + rstr(b"\x02\x01a\x01\x00b\xff"),  # zipmap count mismatch
        b"\x09" + rstr(b"\x00\xff"),  # empty zipmap
        b"\x09" + rstr(b"\x01\x05a\xff"),  # field runs past the end
        b"\x10" + rstr(b"\x07\x00\x00\x00\x00\x00"),  # listpack without terminator
        b"\x10" + rstr(b"\x0a\x00\x00\x00\x01\x00\x81a\x02\xff"),  # odd count
        b"\x11" + rstr(b"\x0c\x00\x00\x00\x02\x00\x81a\x02\x05\xff"),  # bad backlen
        b"\x12" + rlen(1) + rlen(3) + rstr(b"\x0b\x00\x00\x00\x01\x00\x81a\x02\xff"),  # container
        b"\x12" + rlen(1) + rlen(2) + rstr(b""),  # empty node
        b"\x12" + rlen(1) + rlen(2) + rstr(b"\x07\x00\x00\x00\x00\x00\xff"),  # empty list
        b"\x0e" + rlen(1) + rstr(ziplist([])),  # quicklist of an empty ziplist
        b"\x05" + rlen(1) + rstr("a") + struct.pack("<d", float("nan")),  # NaN score
        b"\x05" + rlen(2) + rstr("a") + struct.pack("<d", 1) + rstr("a") + struct.pack("<d", 2),
        b"\x02" + rlen(2) + rstr("a") + rstr("a"),  # duplicate set member
        b"\x02" + rlen(2) + rstr("1") + rstr("1"),  # duplicate integer member
        b"\x04" + rlen(2) + rstr("a") + rstr("1") + rstr("a") + rstr("2"),  # duplicate field
        b"\x04" + rlen(0),  # empty hash
        b"\x02" + rlen(0),  # empty set
        b"\x01" + rlen(0),  # empty list
        b"\x04" + rlen(5) + rstr("a"),  # truncated
        b"\x00" + b"\xc3" + rlen(5) + rlen(100) + b"\x01abc",  # bad LZF
        b"\x00" + b"\x80\x7f\xff\xff\xff",  # huge length
        b"\x02" + b"\x81" + b"\xff" * 8,  # huge count
    ]
    for body in bad:
        if body == b"\x0b" + rstr(intset(2, [1])):
            continue
        assert restore_error(m, "k", seal(body)) == "Bad data format", body
    assert m.dbsize() == 0


def test_sanitize_dump_payload_duplicates(m):
    hash_dups = b"\x10" + rstr(
        b"\x13\x00\x00\x00\x04\x00\x81a\x02\x81b\x02\x81a\x02\x81d\x02\xff"
    )
    zset_dups = b"\x11" + rstr(b"\x13\x00\x00\x00\x04\x00\x81a\x02\x01\x01\x81a\x02\x02\x01\xff")
    # without deep sanitization the listpack is taken as it is
    assert m.restore("h", 0, seal(hash_dups)) == b"OK"
    for mode in ("yes", "clients"):
        m.config_set("sanitize-dump-payload", mode)
        assert restore_error(m, "h2", seal(hash_dups)) == "Bad data format"
        assert restore_error(m, "z2", seal(zset_dups)) == "Bad data format"
    m.config_set("sanitize-dump-payload", "no")
    # converting a listpack with duplicates to a table refuses it whatever the mode
    m.config_set("hash-max-listpack-entries", "1")
    assert restore_error(m, "h3", seal(hash_dups)) == "Bad data format"
    m.config_set("zset-max-listpack-entries", "1")
    assert restore_error(m, "z3", seal(zset_dups)) == "Bad data format"


def test_skip_checksum_validation(m):
    m.set("k", "v")
    payload = m.dump("k")
    broken = payload[:-8] + b"\x00" * 8
    assert restore_error(m, "n", broken) == "DUMP payload version or checksum are wrong"
    m.execute_command("DEBUG", "SET-SKIP-CHECKSUM-VALIDATION", "1")
    assert m.restore("n", 0, broken) == b"OK"
    assert m.get("n") == b"v"


def exercise(m, key):
    """Reads and writes a restored (maybe odd) value: must not crash."""
    for cmd in (
        ("TYPE", key),
        ("DUMP", key),
        ("LRANGE", key, 0, -1),
        ("LPOP", key),
        ("RPUSH", key, "x"),
        ("LINDEX", key, 3),
        ("HGETALL", key),
        ("HSET", key, "f", "v"),
        ("HDEL", key, "a"),
        ("SMEMBERS", key),
        ("SADD", key, "zz", 77),
        ("SREM", key, "1"),
        ("ZRANGE", key, 0, -1, "WITHSCORES"),
        ("ZADD", key, 5, "q"),
        ("ZREM", key, "a"),
        ("ZRANGEBYSCORE", key, "-inf", "+inf"),
        ("DEBUG", "DIGEST-VALUE", key),
    ):
        try:
            m.execute_command(*cmd)
        except redis.ResponseError:
            pass
    assert m.ping() is True


def fuzz_payloads(m, rounds, seed):
    rnd = random.Random(seed)
    m.config_set("list-max-listpack-size", "5")
    m.config_set("hash-max-listpack-entries", "5")
    m.config_set("zset-max-listpack-entries", "5")
    for suffix, n in (("", 3), ("big", 10)):
        for j in range(n):
            val = str(j) if j % 2 == 0 else f"_{j}"
            m.hset("hash" + suffix, j, val)
            m.lpush("list" + suffix, val)
            m.zadd("zset" + suffix, {val: j})
            m.sadd("set" + suffix, val)
    m.sadd("ints", 1, 2, 300, 70000)
    m.set("string", "str")
    m.incr("int")
    sources = {k.decode(): m.dump(k) for k in m.keys()}
    sources["zipmap"] = seal(b"\x09" + rstr(zipmap([("a", "1"), ("bb", "hello")])))
    sources["ziplist"] = seal(b"\x0a" + rstr(ziplist(["a", 1, -200, 70000, "b" * 70])))
    sources["hashzl"] = seal(b"\x0d" + rstr(ziplist(["f1", "v1", "f2", 2])))
    sources["qlv1"] = seal(b"\x0e" + rlen(2) + rstr(ziplist(["a", 3])) + rstr(ziplist([4, "e"])))
    names = sorted(sources)
    for i in range(rounds):
        src = sources[names[rnd.randrange(len(names))]]
        body = bytearray(src[:-10])
        kind = rnd.randrange(3)
        if kind == 0:
            for _ in range(rnd.randint(1, 3)):
                pos = rnd.randrange(len(body))
                body[pos] ^= 1 << rnd.randrange(8)
        elif kind == 1:
            pos = rnd.randrange(len(body))
            body[pos] = rnd.randrange(256)
        else:
            body = body[: rnd.randrange(1, len(body))]
        payload = seal(bytes(body), struct.unpack("<H", src[-10:-8])[0])
        key = f"fz{i}"
        try:
            m.restore(key, 0, payload, replace=True)
        except redis.ResponseError as e:
            assert str(e) == "Bad data format"
        exercise(m, key)
        m.delete(key)


@pytest.mark.parametrize("sanitize", ["no", "yes"])
def test_fuzz_corrupt_payloads(m, sanitize):
    m.config_set("sanitize-dump-payload", sanitize)
    fuzz_payloads(m, 600, 1234 if sanitize == "no" else 4321)


def test_info_dump_payload_sanitizations(m):
    def count():
        return m.info("stats")["dump_payload_sanitizations"]

    m.hset("h", "a", "1")
    payload = m.dump("h")
    before = count()
    m.restore("h1", 0, payload)
    assert count() == before
    m.config_set("sanitize-dump-payload", "yes")
    m.restore("h2", 0, payload)
    assert count() == before + 1


def test_debug_reload_keeps_every_type(m):
    """The file layer saves and loads through the same codec."""
    expected = {}
    for case in CASES:
        if case[1]:
            continue
        name, _, cmds = case
        for cmd in cmds:
            m.execute_command(cmd[0], name, *cmd[2:])
        expected[name] = read_value(m, name)
    assert m.execute_command("DEBUG", "RELOAD") in (b"OK", "OK", True)
    for name, v in expected.items():
        assert read_value(m, name) == v, name


@pytest.mark.parametrize(
    "fill,threshold,depth", [(-2, 0, 0), (-1, 0, 0), (5, 0, 0), (128, 0, 0), (-2, 150, 0), (-2, 0, 1), (5, 0, 2)]
)
def test_list_nodes_like_redis(m, ref, fill, threshold, depth):
    """Lists changed by any list command split into the same nodes as in
    Redis, so their DUMP payloads are byte-identical."""
    rnd = random.Random(fill * 1000 + threshold)
    for c in (m, ref):
        c.config_set("list-max-listpack-size", fill)
        c.config_set("rdbcompression", "no")
        c.config_set("list-compress-depth", depth)
        c.execute_command("DEBUG", "QUICKLIST-PACKED-THRESHOLD", threshold)
    try:
        for _ in range(40):
            elems = [
                rnd.choice([str(rnd.randint(-100000, 100000)), "x" * rnd.randint(0, 300), "e%d" % rnd.randint(0, 9999)])
                for _ in range(rnd.randint(1, 150))
            ]
            op = rnd.choice(["rpush", "lpush", "linsert", "lset", "lrem", "ltrim", "rpop", "lpop", "lindex"])
            r1, r2, r3 = rnd.randint(0, 10**9), rnd.choice(["BEFORE", "AFTER"]), rnd.randint(1, 20)
            for c in (m, ref):
                n = c.llen("k")
                if op in ("rpush", "lpush"):
                    getattr(c, op)("k", *elems)
                elif op == "linsert" and n:
                    c.linsert("k", r2, c.lindex("k", r1 % n), elems[0])
                elif op == "lset" and n:
                    c.lset("k", r1 % n, elems[0])
                elif op == "lrem":
                    c.lrem("k", 0, elems[0])
                elif op == "ltrim":
                    c.ltrim("k", 1, -2)
                elif op in ("rpop", "lpop"):
                    getattr(c, op)("k", r3)
                elif op == "lindex" and n:  # reads decompress a node for a while
                    c.lindex("k", r1 % n)
            assert m.dump("k") == ref.dump("k"), op
    finally:
        for c in (m, ref):
            c.execute_command("DEBUG", "QUICKLIST-PACKED-THRESHOLD", 0)


@pytest.mark.parametrize("level,logged", [("verbose", True), ("notice", False)])
def test_refusal_logged_verbose(start_server, level, logged):
    s = start_server("--loglevel", level)
    c = s.client()
    bad = seal(b"\x0d" + rstr(ziplist(["a", "b", "c"])))
    with pytest.raises(redis.ResponseError, match="^Bad data format$"):
        c.restore("k", 0, bad)
    assert c.ping() is True
    assert ("Hash ziplist integrity check failed" in s.read_log()) is logged
    c.close()
