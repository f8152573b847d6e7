"""HyperLogLog: PFADD PFCOUNT PFMERGE PFDEBUG PFSELFTEST.

Exact replies as Redis 7.0.15 gives them (this file also passes with
MNEMO_SERVER=/usr/bin/redis-server), and cross-checks against a real
redis-server started by the `ref` fixture: the same commands must leave
byte-identical values (sparse edits, promotion to dense, cached cardinality),
PFCOUNT must agree, values copied with GET/SET must count the same on the other
server, and corrupted values must give the same reply and leave the same bytes.
"""
import os
import random
import socket
import subprocess
import tempfile
import time

import pytest
import redis

from conftest import free_port

WRONGTYPE = b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
NOT_HLL = b"-WRONGTYPE Key is not a valid HyperLogLog string value.\r\n"
CORRUPT = b"-INVALIDOBJ Corrupted HLL object detected\r\n"
OK = b"+OK\r\n"
REDIS = "/usr/bin/redis-server"

# A new HLL: header (sparse, cache marked stale by PFADD) and one XZERO of 16384.
EMPTY_NEW = b"HYLL\x01\x00\x00\x00" + b"\x00" * 7 + b"\x80" + b"\x7f\xff"
DENSE_SIZE = 16 + 12288


def bulk(s):
    s = s if isinstance(s, bytes) else str(s).encode()
    return b"$%d\r\n%s\r\n" % (len(s), s)


def integer(n):
    return b":%d\r\n" % n


def arity(name):
    return b"-ERR wrong number of arguments for '%s' command\r\n" % name.encode()


@pytest.fixture(autouse=True)
def _flushed(r):
    yield


@pytest.fixture(scope="module")
def ref():
    """A real Redis 7.0 server to compare with (skipped when not installed)."""
    if not os.path.exists(REDIS):
        pytest.skip("redis-server (the reference Redis 7.0) is not installed")
    port = free_port()
    d = tempfile.mkdtemp(prefix="hll-ref-")
    proc = subprocess.Popen([REDIS, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no", "--dir", d, "--enable-debug-command", "yes"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if time.time() > deadline or proc.poll() is not None:
                proc.kill()
                raise RuntimeError("redis-server did not start")
            time.sleep(0.02)
    c = redis.Redis(host="127.0.0.1", port=port)
    yield c
    c.close()
    proc.terminate()
    proc.wait(10)


@pytest.fixture
def both(r, ref):
    ref.flushall()
    for c in (r, ref):
        c.config_set("hll-sparse-max-bytes", 3000)
    yield r, ref
    r.config_set("hll-sparse-max-bytes", 3000)


def elements(rng, n):
    return [("%x-%d" % (rng.getrandbits(40), i)).encode() for i in range(n)]


def pfadd_chunks(c, key, items, chunk=500):
    res = []
    for i in range(0, len(items), chunk):
        res.append(c.pfadd(key, *items[i:i + chunk]))
    return res


def dirty(c):
    return c.info("persistence")["rdb_changes_since_last_save"]


# ----------------------------------------------------------------- PFADD


def test_pfadd_without_elements_creates_empty_sparse(raw):
    assert raw.call("PFADD", "h") == integer(1)
    assert raw.call("EXISTS", "h") == integer(1)
    assert raw.call("GET", "h") == bulk(EMPTY_NEW)
    assert raw.call("PFADD", "h") == integer(0)
    assert raw.call("PFCOUNT", "h") == integer(0)
    # the cache is now valid: card 0, top bit clear
    assert raw.call("GET", "h") == bulk(EMPTY_NEW[:15] + b"\x00" + EMPTY_NEW[16:])
    assert raw.call("PFDEBUG", "ENCODING", "h") == b"+sparse\r\n"
    assert raw.call("TYPE", "h") == b"+string\r\n"


def test_pfadd_reports_register_changes(raw):
    assert raw.call("PFADD", "h", "a", "b", "c") == integer(1)
    assert raw.call("PFADD", "h", "a", "b", "c") == integer(0)
    assert raw.call("PFADD", "h", "") == integer(1)
    assert raw.call("PFADD", "h", "") == integer(0)
    assert raw.call("PFCOUNT", "h") == integer(4)


def test_pfadd_exact_sparse_bytes(raw):
    assert raw.call("PFADD", "h", "a", "b", "c", "d", "e", "f", "g") == integer(1)
    assert raw.call("PFDEBUG", "DECODE", "h") == bulk(
        "Z:1646 v:1,1 Z:5645 v:1,1 Z:1085 v:2,1 z:57 v:1,1 Z:4274 v:2,1 Z:2445 v:1,1 Z:622 v:1,1 "
        "Z:603")
    assert raw.call("PFCOUNT", "h") == integer(7)


def test_pfcount_estimates(raw):
    raw.call("PFADD", "h", 1, 2, 3, 4, 5)
    assert raw.call("PFCOUNT", "h") == integer(5)
    raw.call("PFADD", "h", 6, 7, 8, 8, 9, 10)
    assert raw.call("PFCOUNT", "h") == integer(10)


def test_pfcount_missing_key_and_several_missing(raw):
    assert raw.call("PFCOUNT", "nokey") == integer(0)
    assert raw.call("PFCOUNT", "nokey", "other") == integer(0)
    assert raw.call("EXISTS", "nokey") == integer(0)


def test_cache_invalidation_bytes(r):
    r.pfadd("h", "a", "b", "c")
    assert r.getrange("h", 15, 15) == b"\x80"
    assert r.pfcount("h") == 3
    v = r.get("h")
    assert v[8:16] == b"\x03" + b"\x00" * 7
    r.pfadd("h", "a", "b", "c")  # nothing changed: cache stays valid
    assert r.getrange("h", 15, 15) == b"\x00"
    r.pfadd("h", "1", "2", "3")
    # only the stale bit is set; the old count stays in the other bytes
    assert r.get("h")[8:16] == b"\x03" + b"\x00" * 6 + b"\x80"


def test_pfcount_uses_cached_value(r):
    r.pfadd("h", *[str(i) for i in range(100)])
    v = bytearray(r.get("h"))
    v[8:16] = (12345).to_bytes(8, "little")
    r.set("h", bytes(v))
    assert r.pfcount("h") == 12345
    v[15] |= 0x80
    r.set("h", bytes(v))
    assert r.pfcount("h") == 100
    assert r.get("h")[8:16] == (100).to_bytes(8, "little")


def test_pfcount_on_embstr_value(r, raw):
    # a short sparse HLL set back with SET is an embstr string; PFCOUNT works on it
    r.pfadd("h")
    r.set("e", r.get("h"))
    assert raw.call("OBJECT", "ENCODING", "e") == bulk("embstr")
    assert raw.call("PFCOUNT", "e") == integer(0)
    assert raw.call("OBJECT", "ENCODING", "e") == bulk("raw")
    assert raw.call("PFADD", "e", "x") == integer(1)
    assert raw.call("PFCOUNT", "e") == integer(1)


def test_dirty_counts_like_redis(r):
    d = dirty(r)
    r.pfadd("h", "a", "b", "c")  # creation + 3 registers
    assert dirty(r) == d + 4
    r.pfadd("h", "a")
    assert dirty(r) == d + 4
    r.pfcount("h")  # computes and stores the cache
    assert dirty(r) == d + 5
    r.pfcount("h")  # served from the cache
    assert dirty(r) == d + 5
    r.pfmerge("m", "h")
    assert dirty(r) == d + 6


# ----------------------------------------------------------------- errors


def test_arity(raw):
    assert raw.call("PFADD") == arity("pfadd")
    assert raw.call("PFCOUNT") == arity("pfcount")
    assert raw.call("PFMERGE") == arity("pfmerge")
    assert raw.call("PFDEBUG", "encoding") == arity("pfdebug")
    assert raw.call("PFDEBUG", "encoding", "a", "b") == arity("pfdebug")
    assert raw.call("PFSELFTEST", "x") == arity("pfselftest")


def test_wrong_type_non_string(raw):
    raw.call("RPUSH", "l", "a")
    assert raw.call("PFADD", "l", "x") == WRONGTYPE
    assert raw.call("PFCOUNT", "l") == WRONGTYPE
    assert raw.call("PFCOUNT", "nokey", "l") == WRONGTYPE
    assert raw.call("PFMERGE", "d", "l") == WRONGTYPE
    assert raw.call("PFMERGE", "l", "nokey") == WRONGTYPE
    assert raw.call("PFDEBUG", "encoding", "l") == WRONGTYPE
    assert raw.call("EXISTS", "d") == integer(0)


@pytest.mark.parametrize("value", [
    b"bar",
    b"12345678901234567",              # an integer string (int encoding)
    b"HYLL\x01\x00\x00",              # shorter than the header
    b"HYLX\x01" + b"\x00" * 11 + b"\x7f\xff",  # bad magic
    b"HYLL\x02" + b"\x00" * 11 + b"\x7f\xff",  # unknown encoding
    b"HYLL\xff" + b"\x00" * 11 + b"\x7f\xff",  # the internal raw encoding is not accepted
    b"HYLL\x00" + b"\x00" * 11 + b"\x7f\xff",  # dense of the wrong length
    b"HYLL\x00" + b"\x00" * (DENSE_SIZE - 4),  # one byte too long
])
def test_not_a_valid_hll(raw, value):
    raw.call("SET", "s", value)
    assert raw.call("PFADD", "s", "x") == NOT_HLL
    assert raw.call("PFCOUNT", "s") == NOT_HLL
    assert raw.call("PFCOUNT", "s", "nokey") == NOT_HLL
    assert raw.call("PFMERGE", "d", "s") == NOT_HLL
    assert raw.call("PFMERGE", "s") == NOT_HLL
    assert raw.call("PFDEBUG", "getreg", "s") == NOT_HLL
    assert raw.call("GET", "s") == bulk(value)
    assert raw.call("EXISTS", "d") == integer(0)


def test_setrange_corruptions_from_redis_suite(r, raw):
    r.pfadd("h", "a", "b", "c")
    r.append("h", "hello")
    assert raw.call("PFCOUNT", "h") == CORRUPT
    r.delete("h")
    r.pfadd("h", "a", "b", "c")
    r.setrange("h", 0, "0123")
    assert raw.call("PFCOUNT", "h") == NOT_HLL
    r.delete("h")
    r.pfadd("h", "a", "b", "c")
    r.setrange("h", 4, "x")
    assert raw.call("PFCOUNT", "h") == NOT_HLL
    r.delete("h")
    r.pfadd("h", "a", "b", "c")
    r.setrange("h", 4, "\x00")
    assert raw.call("PFCOUNT", "h") == NOT_HLL


def sparse_value(body, cache=b"\x00" * 7 + b"\x80"):
    return b"HYLL\x01\x00\x00\x00" + cache + body


def test_corrupted_sparse_replies(raw):
    # covers too few registers
    raw.call("SET", "s", sparse_value(b"\x7f\xfe"))
    assert raw.call("PFCOUNT", "s") == CORRUPT
    assert raw.call("PFCOUNT", "s", "nokey") == CORRUPT
    assert raw.call("PFMERGE", "d", "s") == CORRUPT
    assert raw.call("PFDEBUG", "getreg", "s") == CORRUPT
    assert raw.call("PFDEBUG", "todense", "s") == CORRUPT
    assert raw.call("PFDEBUG", "encoding", "s") == b"+sparse\r\n"
    assert raw.call("PFDEBUG", "decode", "s") == bulk("Z:16383")
    # too many registers (an extra VAL past the end)
    raw.call("SET", "s", sparse_value(b"\x7f\xff\x80"))
    assert raw.call("PFCOUNT", "s") == CORRUPT
    assert raw.call("PFCOUNT", "s", "s") == CORRUPT
    # empty body: no opcode covers any register
    raw.call("SET", "s", sparse_value(b""))
    assert raw.call("PFADD", "s", "x") == CORRUPT
    assert raw.call("PFCOUNT", "s") == CORRUPT
    assert raw.call("PFDEBUG", "decode", "s") == bulk("")
    # an XZERO cut short by the end of the string
    raw.call("SET", "s", sparse_value(b"\x7f"))
    assert raw.call("PFCOUNT", "s") == CORRUPT
    assert raw.call("PFDEBUG", "decode", "s") == bulk("Z:16129")
    assert raw.call("EXISTS", "d") == integer(0)


def test_corrupted_value_with_valid_cache_answers_the_cache(raw):
    raw.call("SET", "s", sparse_value(b"\x00", cache=b"\x07" + b"\x00" * 7))
    assert raw.call("PFCOUNT", "s") == integer(7)
    assert raw.call("PFCOUNT", "s", "nokey") == CORRUPT


def test_pfadd_past_the_covered_registers_is_corrupt(raw):
    # a body covering 64 registers only: an element hashing past them fails
    raw.call("SET", "s", sparse_value(b"\x3f"))
    assert raw.call("PFADD", "s", "a") == CORRUPT


# ----------------------------------------------------------------- PFMERGE


def test_pfmerge_union(raw):
    raw.call("PFADD", "h1", "a", "b", "c")
    raw.call("PFADD", "h2", "b", "c", "d")
    raw.call("PFADD", "h3", "c", "d", "e")
    assert raw.call("PFMERGE", "h", "h1", "h2", "h3") == OK
    assert raw.call("PFCOUNT", "h") == integer(5)
    assert raw.call("PFCOUNT", "h1", "h2", "h3") == integer(5)
    assert raw.call("PFCOUNT", "h1", "h2") == integer(4)


def test_pfmerge_creates_empty_dest(raw):
    assert raw.call("PFMERGE", "d") == OK
    assert raw.call("GET", "d") == bulk(EMPTY_NEW)
    assert raw.call("PFMERGE", "d2", "nokey") == OK
    assert raw.call("GET", "d2") == bulk(EMPTY_NEW)
    assert raw.call("PFCOUNT", "d2") == integer(0)


def test_pfmerge_dest_is_also_a_source(raw):
    raw.call("PFADD", "h1", "a", "b", "c")
    raw.call("PFADD", "h2", "x")
    assert raw.call("PFMERGE", "h1", "h2") == OK
    assert raw.call("PFCOUNT", "h1") == integer(4)
    assert raw.call("PFMERGE", "h1") == OK
    assert raw.call("PFCOUNT", "h1") == integer(4)


def test_pfmerge_dense_source_makes_dense_dest(raw):
    raw.call("PFADD", "a", "x", "y")
    raw.call("PFADD", "b", "z")
    assert raw.call("PFDEBUG", "todense", "b") == integer(1)
    assert raw.call("PFDEBUG", "todense", "b") == integer(0)
    assert raw.call("PFMERGE", "d", "a", "b") == OK
    assert raw.call("PFDEBUG", "encoding", "d") == b"+dense\r\n"
    assert raw.call("STRLEN", "d") == integer(DENSE_SIZE)
    assert raw.call("PFCOUNT", "d") == integer(3)
    assert raw.call("PFMERGE", "s", "a") == OK
    assert raw.call("PFDEBUG", "encoding", "s") == b"+sparse\r\n"


def test_pfmerge_missing_key_with_non_hll_dest(raw):
    raw.call("SET", "d", "plain")
    assert raw.call("PFMERGE", "d", "nokey") == NOT_HLL
    assert raw.call("GET", "d") == bulk("plain")


# ----------------------------------------------------------------- PFDEBUG


def test_pfdebug(raw, r):
    assert raw.call("PFDEBUG", "encoding", "nokey") == b"-ERR The specified key does not exist\r\n"
    assert raw.call("PFDEBUG", "nosuch", "nokey") == b"-ERR The specified key does not exist\r\n"
    raw.call("PFADD", "h", "a", "b", "c")
    assert raw.call("PFDEBUG", "nosuch", "h") == b"-ERR Unknown PFDEBUG subcommand 'nosuch'\r\n"
    assert raw.call("PFDEBUG", "EnCoDiNg", "h") == b"+sparse\r\n"
    regs = r.execute_command("PFDEBUG", "GETREG", "h")
    assert len(regs) == 16384
    assert sorted(x for x in regs if x) == [1, 1, 2]
    # GETREG converts to dense
    assert raw.call("PFDEBUG", "encoding", "h") == b"+dense\r\n"
    assert raw.call("PFDEBUG", "decode", "h") == b"-ERR HLL encoding is not sparse\r\n"
    assert raw.call("PFDEBUG", "todense", "h") == integer(0)
    assert raw.call("PFCOUNT", "h") == integer(3)
    raw.call("SET", "s", "x")
    assert raw.call("PFDEBUG", "decode", "s") == NOT_HLL


def test_pfdebug_todense_keeps_cache(r):
    r.pfadd("h", "a", "b")
    assert r.pfcount("h") == 2
    hdr = r.get("h")[:16]
    assert r.execute_command("PFDEBUG", "TODENSE", "h") == 1
    v = r.get("h")
    assert len(v) == DENSE_SIZE
    assert v[:16] == hdr[:4] + b"\x00" + hdr[5:]


def test_promotion_on_size(r):
    r.config_set("hll-sparse-max-bytes", 100)
    try:
        r.pfadd("h", *[str(i) for i in range(10)])
        assert r.execute_command("PFDEBUG", "ENCODING", "h") == b"sparse"
        r.pfadd("h", *[str(i) for i in range(10, 100)])
        assert r.execute_command("PFDEBUG", "ENCODING", "h") == b"dense"
        assert r.strlen("h") == DENSE_SIZE
        assert r.pfcount("h") == 100
        r.config_set("hll-sparse-max-bytes", 0)
        r.pfadd("z")
        r.pfadd("z", "one")
        assert r.execute_command("PFDEBUG", "ENCODING", "z") == b"dense"
    finally:
        r.config_set("hll-sparse-max-bytes", 3000)


def test_sparse_and_dense_agree(r):
    rng = random.Random(7)
    for n in (0, 1, 5, 50, 300, 1000):
        items = elements(rng, n)
        r.delete("s", "d")
        r.pfadd("d")
        r.execute_command("PFDEBUG", "TODENSE", "d")
        pfadd_chunks(r, "s", items or [b"x"])
        pfadd_chunks(r, "d", items or [b"x"])
        assert r.execute_command("PFDEBUG", "ENCODING", "s") == b"sparse"
        assert r.pfcount("s") == r.pfcount("d")
        assert r.execute_command("PFDEBUG", "GETREG", "s") == \
            r.execute_command("PFDEBUG", "GETREG", "d")


def test_pfselftest(raw):
    assert raw.call("PFSELFTEST") == OK


def notes_stripped(reply):
    return reply.replace(b"*8\r\n$5\r\nnotes\r\n$90\r\nRW because it may change the internal "
                         b"representation of the key, and propagate to replicas\r\n", b"*6\r\n")


def test_command_info(server, ref):
    from conftest import Raw
    ours, theirs = Raw(server.port), Raw(ref.connection_pool.connection_kwargs["port"])
    try:
        for name in ("pfadd", "pfcount", "pfmerge", "pfdebug", "pfselftest"):
            # Known gap: key specs carry no "notes" (Redis has one on PFCOUNT's).
            a, b = (notes_stripped(c.call("COMMAND", "INFO", name)) for c in (ours, theirs))
            assert a == b
            assert b"@hyperloglog" in a
        assert ours.call("COMMAND", "INFO", "pfcount").startswith(
            b"*1\r\n*10\r\n$7\r\npfcount\r\n:-2\r\n*1\r\n+readonly\r\n:1\r\n:-1\r\n:1\r\n")
    finally:
        ours.close()
        theirs.close()


# ------------------------------------------------------- against Redis 7.0


@pytest.mark.parametrize("n", [0, 1, 3, 10, 100, 400, 1000, 2500, 5000, 20000])
def test_same_bytes_as_redis(both, n):
    ours, theirs = both
    rng = random.Random(n)
    items = elements(rng, n)
    assert pfadd_chunks(ours, "h", items or [b"x"]) == pfadd_chunks(theirs, "h", items or [b"x"])
    assert ours.get("h") == theirs.get("h")
    assert ours.pfcount("h") == theirs.pfcount("h")
    assert ours.get("h") == theirs.get("h")  # cached cardinality
    assert ours.execute_command("PFDEBUG", "ENCODING", "h") == \
        theirs.execute_command("PFDEBUG", "ENCODING", "h")


def test_same_bytes_one_element_at_a_time(both):
    ours, theirs = both
    rng = random.Random(99)
    for i, e in enumerate(elements(rng, 1500)):
        assert ours.pfadd("h", e) == theirs.pfadd("h", e)
        if i % 50 == 0:
            assert ours.get("h") == theirs.get("h"), i
    assert ours.get("h") == theirs.get("h")


@pytest.mark.parametrize("maxbytes", [0, 50, 700, 3000, 10000, 20000])
def test_same_promotion_as_redis(both, maxbytes):
    ours, theirs = both
    rng = random.Random(maxbytes)
    for c in both:
        c.config_set("hll-sparse-max-bytes", maxbytes)
    for _ in range(6):
        items = elements(rng, rng.choice([1, 20, 200]))
        assert ours.pfadd("h", *items) == theirs.pfadd("h", *items)
        assert ours.get("h") == theirs.get("h")


def test_merge_and_multi_count_like_redis(both):
    ours, theirs = both
    rng = random.Random(5)
    sizes = {"a": 10, "b": 300, "c": 3000, "d": 40}
    for k, n in sizes.items():
        items = elements(rng, n)
        for c in both:
            pfadd_chunks(c, k, items)
    assert ours.pfcount("a", "b", "c", "d") == theirs.pfcount("a", "b", "c", "d")
    assert ours.pfcount("a", "d", "nokey") == theirs.pfcount("a", "d", "nokey")
    for dest, srcs in (("m1", ["a", "d"]), ("m2", ["a", "b"]), ("m3", ["c", "a"]),
                       ("a", ["b"]), ("m4", ["nokey"])):
        for c in both:
            c.pfmerge(dest, *srcs)
        assert ours.get(dest) == theirs.get(dest), dest
        assert ours.pfcount(dest) == theirs.pfcount(dest)


def test_values_move_between_servers(both):
    ours, theirs = both
    rng = random.Random(11)
    for n in (0, 7, 500, 4000, 30000):
        items = elements(rng, n) or [b"x"]
        ours.delete("h")
        theirs.delete("h")
        pfadd_chunks(theirs, "h", items)
        ours.set("h", theirs.get("h"))
        assert ours.pfcount("h") == theirs.pfcount("h")
        # and back: Mnemo's value counts in Redis
        ours.delete("o")
        pfadd_chunks(ours, "o", items)
        theirs.set("o", ours.get("o"))
        assert theirs.pfcount("o") == ours.pfcount("o") == theirs.pfcount("h")
        more = elements(rng, 50)
        assert ours.pfadd("h", *more) == theirs.pfadd("h", *more)
        assert ours.get("h") == theirs.get("h")


def ends_in_cut_xzero(v):
    """The sparse body's last opcode is an XZERO missing its second byte. Redis
    then reads whatever byte lies past the end of its buffer (after an edit, a
    stale one), so its replies and bytes are not reproducible there."""
    p = 16
    while p < len(v):
        if v[p] & 0xc0 == 0x40:
            if p + 1 == len(v):
                return True
            p += 2
        else:
            p += 1
    return False


def reply_of(c, *args):
    try:
        return ("ok", c.execute_command(*args))
    except redis.ResponseError as e:
        return ("err", str(e))


def test_corruption_fuzz_same_as_redis(both):
    """Random byte corruptions: both servers give the same reply and keep the
    same bytes, and Mnemo survives every one."""
    ours, theirs = both
    rng = random.Random(1234)
    for round_ in range(300):
        n = rng.choice([0, 3, 30, 300, 3000])
        items = elements(rng, n) or [b"x"]
        theirs.delete("h")
        pfadd_chunks(theirs, "h", items)
        if rng.random() < 0.3:
            theirs.execute_command("PFDEBUG", "TODENSE", "h")
        v = bytearray(theirs.get("h"))
        for _ in range(rng.choice([1, 1, 2, 5])):
            kind = rng.random()
            if kind < 0.7 and len(v) > 16:
                v[rng.randrange(16, len(v))] = rng.randrange(256)
            elif kind < 0.8:
                v[rng.randrange(len(v))] = rng.randrange(256)
            elif kind < 0.9 and len(v) > 16:
                del v[rng.randrange(16, len(v)):]
            else:
                v += bytes(rng.randrange(256) for _ in range(rng.randrange(1, 4)))
        v[15] |= 0x80 if rng.random() < 0.9 else 0
        for c in both:
            c.set("h", bytes(v))
            c.set("g", bytes(v))
        cmds = (("PFCOUNT", "h"), ("PFCOUNT", "h", "nokey"), ("PFADD", "h", *elements(rng, 5)),
                ("PFMERGE", "m", "g"), ("PFDEBUG", "DECODE", "g"), ("PFCOUNT", "h"))
        if v[4] == 1 and ends_in_cut_xzero(v):
            for cmd in cmds:
                reply_of(ours, *cmd)
            continue
        for cmd in cmds:
            a, b = reply_of(ours, *cmd), reply_of(theirs, *cmd)
            assert a == b, (round_, cmd, bytes(v))
        assert ours.get("h") == theirs.get("h"), (round_, bytes(v))
        assert ours.get("m") == theirs.get("m"), (round_, bytes(v))
    assert ours.ping()


def random_body(rng):
    """Opcodes drawn at random (mostly well formed, totals rarely exactly 16384)."""
    out = bytearray()
    for _ in range(rng.randrange(0, 40)):
        k = rng.random()
        if k < 0.4:
            run = rng.randrange(1, 16385)
            out += bytes([0x40 | ((run - 1) >> 8), (run - 1) & 0xff])
        elif k < 0.7:
            out.append(rng.randrange(0, 64))
        else:
            out.append(0x80 | rng.randrange(0, 128))
    return bytes(out)


def test_random_opcode_bodies_same_as_redis(both):
    ours, theirs = both
    rng = random.Random(77)
    for round_ in range(400):
        v = sparse_value(random_body(rng))
        if ends_in_cut_xzero(v):
            continue
        for c in both:
            c.set("h", v)
            c.set("g", v)
        for cmd in (("PFCOUNT", "h"), ("PFCOUNT", "g", "g"), ("PFMERGE", "m", "g"),
                    ("PFADD", "h", *elements(rng, 3)), ("PFDEBUG", "DECODE", "h"),
                    ("PFDEBUG", "TODENSE", "g")):
            a, b = reply_of(ours, *cmd), reply_of(theirs, *cmd)
            assert a == b, (round_, cmd, v)
        for k in ("h", "g", "m"):
            assert ours.get(k) == theirs.get(k), (round_, k, v)


def test_register_total_overflowing_32_bits_is_corrupt(r, raw):
    # 2^32 + 16384 registers of zeros: a 32-bit running total would wrap to
    # exactly 16384; Mnemo counts in 64 bits and reports the value as corrupt.
    xzero = b"\x7f\xff"
    v = sparse_value(xzero * (262144 + 1))
    r.set("h", v)
    assert raw.call("PFCOUNT", "h") == CORRUPT
    assert raw.call("PFCOUNT", "h", "nokey") == CORRUPT
    assert raw.call("PFMERGE", "m", "h") == CORRUPT
    assert raw.call("PFDEBUG", "GETREG", "h") == CORRUPT
    # then VALs that a wrapped index would write before the registers
    r.set("h", sparse_value(xzero * 262144 + b"\xfc" * 8))
    assert raw.call("PFCOUNT", "h") == CORRUPT
    assert raw.call("PFMERGE", "m", "h") == CORRUPT
    assert raw.call("PFDEBUG", "TODENSE", "h") == CORRUPT
    assert raw.call("EXISTS", "m") == integer(0)
    # an edit grows the string past hll-sparse-max-bytes: the conversion to
    # dense finds the corruption
    assert raw.call("PFADD", "h", "a") == CORRUPT
    assert raw.call("PING") == b"+PONG\r\n"
