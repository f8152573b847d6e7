"""Command propagation and the append only file.

What is propagated is compared, command by command, with what redis-server 7.0
writes for the same commands; the files are checked by redis-check-aof and
loaded by redis-server (and Redis's files by Mnemo); crash safety is checked
by killing the server while a client writes.
"""
import os
import random
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time

import pytest
import redis

from conftest import BINARY, Raw, free_port

REDIS = shutil.which("redis-server")
CHECK_AOF = shutil.which("redis-check-aof")
need_redis = pytest.mark.skipif(REDIS is None, reason="redis-server not installed")
need_check = pytest.mark.skipif(CHECK_AOF is None, reason="redis-check-aof not installed")

AOF_ON = ("--appendonly", "yes", "--appendfsync", "always", "--aof-use-rdb-preamble", "no")


# ------------------------------------------------------------------ helpers


def parse_resp_file(data):
    """The commands of an AOF in RESP format (annotations skipped)."""
    out, i = [], 0
    while i < len(data):
        if data[i:i + 1] == b"#":
            i = data.index(b"\r\n", i) + 2
            continue
        assert data[i:i + 1] == b"*", data[i:i + 40]
        j = data.index(b"\r\n", i)
        n = int(data[i + 1:j])
        i = j + 2
        args = []
        for _ in range(n):
            j = data.index(b"\r\n", i)
            ln = int(data[i + 1:j])
            args.append(data[j + 2:j + 2 + ln])
            i = j + 2 + ln + 2
        out.append(args)
    return out


def manifest_lines(d, name="appendonly.aof"):
    with open(os.path.join(d, "appendonlydir", name + ".manifest")) as f:
        return f.read().splitlines()


def incr_path(d, name="appendonly.aof"):
    last = [ln for ln in manifest_lines(d, name) if ln.endswith("type i")][-1]
    return os.path.join(d, "appendonlydir", last.split()[1])


def incr_cmds(d):
    with open(incr_path(d), "rb") as f:
        return parse_resp_file(f.read())


def rawcall(c, *args):
    """Exact reply bytes of one command on c's server (redis-py rewrites some replies)."""
    raw = Raw(c.connection_pool.connection_kwargs["port"])
    try:
        return raw.call(*args)
    finally:
        raw.close()


def info(c, field):
    for line in rawcall(c, "INFO", "persistence").decode().splitlines():
        if line.startswith(field + ":"):
            return line.split(":", 1)[1]
    return None


def wait_rewrite(c, timeout=10):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if info(c, "aof_rewrite_in_progress") == "0" and info(c, "aof_rewrite_scheduled") == "0":
            return
        time.sleep(0.02)
    raise AssertionError("AOF rewrite did not finish")


def wait_loaded(c, timeout=20):
    """Clients get -LOADING while a big AOF loads."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            return c.ping()
        except redis.exceptions.BusyLoadingError:
            time.sleep(0.02)
    raise AssertionError("still loading")


def ping_ready(port, proc, timeout=10):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("server exited with %d" % proc.returncode)
        try:
            c = redis.Redis(port=port)
            c.ping()
            return c
        except (redis.ConnectionError, redis.exceptions.BusyLoadingError):
            time.sleep(0.02)
    raise RuntimeError("server did not start")


class RedisServer:
    """The real redis-server on a directory (for cross-checks)."""

    def __init__(self, d, *args):
        self.port = free_port()
        self.dir = d
        self.log = os.path.join(d, "redis.log")
        self.proc = subprocess.Popen(
            [REDIS, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--dir", d,
             "--logfile", self.log, "--daemonize", "no"] + list(args),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.c = ping_ready(self.port, self.proc)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)


@pytest.fixture
def redis_server():
    started = []

    def start(d, *args):
        s = RedisServer(d, *args)
        started.append(s)
        return s

    yield start
    for s in started:
        s.stop()


def run_to_exit(d, *args, timeout=10):
    """Starts Mnemo on dir d expecting it to exit; returns (rc, log text)."""
    log = os.path.join(d, "exit.log")
    port = free_port()
    with open(log, "wb") as out:
        p = subprocess.run([BINARY, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                            "--dir", d] + list(args), stdout=out, stderr=subprocess.STDOUT,
                           timeout=timeout)
    with open(log, errors="replace") as f:
        return p.returncode, f.read()


def resp(*args):
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        a = a if isinstance(a, bytes) else str(a).encode()
        out.append(b"$%d\r\n%s\r\n" % (len(a), a))
    return b"".join(out)


def write_aof_dir(d, incr_bytes, base_bytes=None):
    """A manifest with an optional base and one incr file, written by hand."""
    ad = os.path.join(d, "appendonlydir")
    os.makedirs(ad, exist_ok=True)
    lines = []
    if base_bytes is not None:
        with open(os.path.join(ad, "appendonly.aof.1.base.aof"), "wb") as f:
            f.write(base_bytes)
        lines.append("file appendonly.aof.1.base.aof seq 1 type b\n")
    with open(os.path.join(ad, "appendonly.aof.1.incr.aof"), "wb") as f:
        f.write(incr_bytes)
    lines.append("file appendonly.aof.1.incr.aof seq 1 type i\n")
    with open(os.path.join(ad, "appendonly.aof.manifest"), "w") as f:
        f.write("".join(lines))
    return os.path.join(ad, "appendonly.aof.1.incr.aof")


def snapshot(c):
    """Every key of every non-empty db: type, value, absolute expire (ms)."""
    out = {}
    for db in range(16):
        c.execute_command("SELECT", db)
        for k in c.execute_command("KEYS", "*"):
            t = c.execute_command("TYPE", k)
            if t == b"string":
                v = c.execute_command("GET", k)
            elif t == b"list":
                v = c.execute_command("LRANGE", k, 0, -1)
            elif t == b"set":
                v = sorted(c.execute_command("SMEMBERS", k))
            elif t == b"zset":
                v = c.execute_command("ZRANGE", k, 0, -1, "WITHSCORES")
            elif t == b"hash":
                v = sorted(c.execute_command("HGETALL", k))
            else:
                v = None
            out[(db, k)] = (t, v, c.execute_command("PEXPIRETIME", k))
    c.execute_command("SELECT", 0)
    return out


def fill_all_types(c):
    """A data set with every type and encoding, TTLs, scripts and transactions."""
    c.execute_command("SET", "str", "hello")
    c.execute_command("SET", "int", "12345")
    c.execute_command("SET", "bin", b"a\x00b\r\nc\xff")
    c.execute_command("SET", "big", "x" * 5000)
    c.execute_command("SET", "ttl", "v", "PX", 500000)
    c.execute_command("RPUSH", "list", *[str(i) for i in range(200)])
    c.execute_command("RPUSH", "smalllist", "a", "1", "b")
    c.execute_command("SADD", "intset", *range(100))
    c.execute_command("SADD", "set", *["m%d" % i for i in range(150)])
    c.execute_command("ZADD", "zsmall", 1, "a", 2.5, "b", "-inf", "c")
    c.execute_command("ZADD", "zbig", *sum(([i / 3, "member%d" % i] for i in range(300)), []))
    c.execute_command("HSET", "hsmall", "f", "v", "n", 1)
    c.execute_command("HSET", "hbig", *sum((["f%d" % i, "v%d" % i] for i in range(200)), []))
    c.execute_command("PEXPIRE", "hbig", 900000)
    c.execute_command("EXPIRE", "zbig", 800)
    c.execute_command("INCRBYFLOAT", "float", "3.25")
    c.execute_command("EVAL", "redis.call('set', KEYS[1], 'a'); redis.call('append', KEYS[1], 'b')",
                      1, "scripted")
    p = c.pipeline(transaction=True)
    p.execute_command("INCR", "counter")
    p.execute_command("INCR", "counter")
    p.execute()
    c.execute_command("SELECT", 7)
    c.execute_command("SET", "in7", "seven")
    c.execute_command("SELECT", 0)


# ------------------------------------------------------------------ propagation


# Commands whose AOF translation is compared with Redis's, grouped so that the
# blocking ones can be served by a second client.
PROP_SCRIPT = [
    ("SET", "k1", "v1"),
    ("SET", "k2", "v2", "EX", "100"),
    ("SET", "k3", "v3", "PX", "100000", "GET"),
    ("SET", "k4", "v4", "GET"),
    ("SET", "k4", "v5", "NX"),  # not set: nothing
    ("SETEX", "k5", "100", "v"),
    ("PSETEX", "k6", "100000", "v"),
    ("GETSET", "k1", "v1b"),
    ("EXPIRE", "k1", "100"),
    ("PEXPIRE", "k1", "100000"),
    ("EXPIREAT", "k1", "4102444800"),
    ("PEXPIREAT", "k1", "4102444800123"),
    ("EXPIREAT", "k1", "5000000000", "GT"),
    ("EXPIRE", "k1", "10", "NX"),  # refused: nothing
    ("EXPIRE", "k4", "-1"),
    ("GETEX", "k2", "PERSIST"),
    ("GETEX", "k2", "EX", "100"),
    ("GETEX", "k2"),  # nothing
    ("GETEX", "k3", "PXAT", "1000"),
    ("GETDEL", "k2"),
    ("INCRBYFLOAT", "f", "1.5"),
    ("INCRBYFLOAT", "f", "0.25"),
    ("HINCRBYFLOAT", "h", "x", "2.5"),
    ("SADD", "s", "a"),
    ("SPOP", "s"),
    ("SADD", "s2", "a", "b", "c"),
    ("SPOP", "s2", "5"),
    ("RPUSH", "l", "a", "b", "c"),
    ("LMPOP", "1", "l", "LEFT", "COUNT", "2"),
    ("BLPOP", "l", "0"),
    ("RPUSH", "l2", "x", "y"),
    ("BLMOVE", "l2", "l3", "LEFT", "RIGHT", "0"),
    ("BRPOPLPUSH", "l2", "l3", "0"),
    ("BLMPOP", "0", "1", "l3", "RIGHT", "COUNT", "5"),
    ("ZADD", "z", "1", "a", "2", "b", "3", "c"),
    ("ZMPOP", "1", "z", "MIN", "COUNT", "2"),
    ("BZPOPMAX", "z", "0"),
    ("ZADD", "z", "1", "a"),
    ("BZMPOP", "0", "1", "z", "MAX", "COUNT", "3"),
    ("EVAL", "redis.call('set', KEYS[1], '1'); redis.call('incr', KEYS[1])", "1", "e"),
    ("EVAL", "return redis.call('get', KEYS[1])", "1", "e"),
    ("EVAL", "#!lua flags=no-writes\nreturn redis.call('get', KEYS[1])", "1", "e"),
    ("EVAL", "redis.call('set', KEYS[1], '5')", "1", "single"),
    ("FUNCTION", "LOAD", "#!lua name=lib\nredis.register_function('f', function(keys, args) "
     "redis.call('set', keys[1], args[1]); return redis.call('incr', keys[1]) end)"),
    ("FCALL", "f", "1", "fk", "5"),
    ("FUNCTION", "DELETE", "lib"),
    ("MULTI",), ("SET", "m", "1"), ("GET", "m"), ("EXEC",),
    ("MULTI",), ("SET", "m", "1"), ("INCR", "m"), ("EXEC",),
    ("SELECT", "3"), ("SET", "x", "1"), ("SELECT", "0"), ("SET", "y", "1"),
    ("SELECT", "5"), ("FLUSHDB",), ("SELECT", "0"),
    ("SET", "lazy", "1", "PX", "1"),
]


def run_prop_script(port):
    raw = Raw(port)
    replies = []
    for cmd in PROP_SCRIPT:
        replies.append(raw.call(*cmd))
    time.sleep(0.05)
    replies.append(raw.call("GET", "lazy"))  # lazily expired (or actively): DEL
    # a blocked client served by a push: RPUSH, then the served LPOP
    blocked = Raw(port)
    blocked.cmd("BLPOP", "wl", "0")
    time.sleep(0.1)
    replies.append(raw.call("RPUSH", "wl", "w"))
    replies.append(blocked.reply())
    blocked.cmd("BZPOPMIN", "wz", "0")
    time.sleep(0.1)
    replies.append(raw.call("ZADD", "wz", "1", "m"))
    replies.append(blocked.reply())
    for block, feed in ((("BLMOVE", "wl", "wd", "RIGHT", "LEFT", "0"), ("RPUSH", "wl", "a", "b")),
                        (("BRPOPLPUSH", "wl", "wd", "0"), ("RPUSH", "wl", "c")),
                        (("BLMPOP", "0", "2", "none", "wl", "LEFT", "COUNT", "5"),
                         ("RPUSH", "wl", "d", "e")),
                        (("BZMPOP", "0", "1", "wz", "MAX", "COUNT", "2"),
                         ("ZADD", "wz", "1", "x", "2", "y", "3", "z"))):
        blocked.cmd(*block)
        time.sleep(0.1)
        replies.append(raw.call(*feed))
        replies.append(blocked.reply())
    blocked.close()
    raw.call("FLUSHALL")
    raw.close()
    return replies


def normalize(cmds):
    """Absolute times computed from the clock differ between two runs."""
    out = []
    for args in cmds:
        n = []
        for a in args:
            n.append(b"<ms>" if a.isdigit() and len(a) == 13 and a.startswith(b"1") else a)
        out.append(n)
    return out


@need_redis
def test_propagation_matches_redis(start_server, redis_server):
    s = start_server(*AOF_ON)
    mnemo_replies = run_prop_script(s.port)
    rd = tempfile.mkdtemp(prefix="redis-aof-")
    rs = redis_server(rd, *AOF_ON)
    redis_replies = run_prop_script(rs.port)
    spop = PROP_SCRIPT.index(("SPOP", "s2", "5"))  # a set's order is the encoding's
    assert sorted(mnemo_replies[spop].split(b"\r\n")) == sorted(redis_replies[spop].split(b"\r\n"))
    mnemo_replies[spop] = redis_replies[spop] = None
    assert mnemo_replies == redis_replies
    mine = normalize(incr_cmds(s.dir))
    theirs = normalize(incr_cmds(rd))
    assert mine == theirs
    # spot checks of the translations, so a failure says which rule broke
    assert [b"SET", b"k2", b"v2", b"PXAT", b"<ms>"] in mine
    assert [b"SET", b"k4", b"v4"] in mine
    assert [b"PEXPIREAT", b"k1", b"4102444800000"] in mine
    assert [b"PEXPIREAT", b"k1", b"5000000000000", b"GT"] in mine
    assert [b"DEL", b"k4"] in mine
    assert [b"PERSIST", b"k2"] in mine
    assert [b"SET", b"f", b"1.75", b"KEEPTTL"] in mine
    assert [b"HSET", b"h", b"x", b"2.5"] in mine
    assert [b"SREM", b"s", b"a"] in mine
    assert [b"LPOP", b"l", b"2"] in mine
    assert [b"LMOVE", b"l2", b"l3", b"LEFT", b"RIGHT"] in mine
    assert [b"RPOPLPUSH", b"l2", b"l3"] in mine
    assert [b"ZPOPMAX", b"z"] in mine
    assert [b"LPOP", b"wl"] in mine
    assert [b"LMOVE", b"wl", b"wd", b"right", b"left"] in mine  # served: Redis's lowercase words
    assert [b"ZPOPMAX", b"wz", b"2"] in mine
    assert not any(a[0].upper() in (b"EVAL", b"GETEX", b"BLPOP", b"SPOP") for a in mine)


def test_propagation_exact_sequence(start_server):
    """The wrapping rules without a reference server."""
    s = start_server(*AOF_ON)
    raw = Raw(s.port)
    assert raw.call("SET", "a", "1") == b"+OK\r\n"
    assert raw.call("EVAL", "redis.call('set','b','2'); redis.call('del','a')", "0") == b"$-1\r\n"
    assert raw.call("EVAL", "return redis.call('get','b')", "0") == b"$1\r\n2\r\n"
    assert raw.call("MULTI") == b"+OK\r\n"
    assert raw.call("INCR", "c") == b"+QUEUED\r\n"
    assert raw.call("EXEC") == b"*1\r\n:1\r\n"
    assert raw.call("SET", "t", "1", "PX", "1") == b"+OK\r\n"
    time.sleep(0.02)
    assert raw.call("SET", "t", "2") == b"+OK\r\n"  # the lazy DEL and the SET: one transaction
    assert raw.call("SELECT", "2") == b"+OK\r\n"
    assert raw.call("SET", "d", "1") == b"+OK\r\n"
    assert raw.call("GET", "missing") == b"$-1\r\n"
    assert raw.call("EXPIRE", "d", "0") == b":1\r\n"
    raw.close()
    cmds = incr_cmds(s.dir)
    assert cmds[:7] == [
        [b"SELECT", b"0"], [b"SET", b"a", b"1"],
        [b"MULTI"], [b"set", b"b", b"2"], [b"del", b"a"], [b"EXEC"],
        [b"INCR", b"c"],
    ]
    assert cmds[7][:4] == [b"SET", b"t", b"1", b"PXAT"]
    rest = cmds[8:]
    if rest[0] == [b"MULTI"]:  # lazy expiry inside SET
        assert rest[:4] == [[b"MULTI"], [b"DEL", b"t"], [b"SET", b"t", b"2"], [b"EXEC"]]
        rest = rest[4:]
    else:  # active expiry got there first
        assert rest[:2] == [[b"DEL", b"t"], [b"SET", b"t", b"2"]]
        rest = rest[2:]
    assert rest == [[b"SELECT", b"2"], [b"SET", b"d", b"1"], [b"DEL", b"d"]]


def test_nothing_propagated_without_changes(start_server):
    s = start_server(*AOF_ON)
    c = s.client()
    c.set("foo", "bar")
    before = os.path.getsize(incr_path(s.dir))
    assert c.execute_command("GETEX", "foo") == b"bar"
    assert c.execute_command("EXPIRE", "missing", "10") == 0
    assert c.execute_command("SET", "foo", "x", "NX") is None
    assert c.execute_command("DEL", "missing") == 0
    assert c.execute_command("EVAL", "return 1", 0) == 1
    with pytest.raises(redis.ResponseError, match="^wrong number of arguments for 'set' command$"):
        c.execute_command("SET", "x")
    assert os.path.getsize(incr_path(s.dir)) == before


def test_flushall_propagated_even_when_empty(start_server):
    s = start_server(*AOF_ON)
    c = s.client()
    assert rawcall(c, "FLUSHALL") == b"+OK\r\n"
    assert rawcall(c, "FLUSHDB") == b"+OK\r\n"
    assert incr_cmds(s.dir) == [[b"SELECT", b"0"], [b"FLUSHALL"], [b"FLUSHDB"]]


def test_active_expiry_propagates_del(start_server):
    s = start_server(*AOF_ON, "--hz", "100", "--lazyfree-lazy-expire", "yes")
    c = s.client()
    c.execute_command("SET", "gone", "1", "PX", "5")
    deadline = time.time() + 5
    while c.execute_command("DBSIZE") and time.time() < deadline:
        time.sleep(0.02)
    cmds = incr_cmds(s.dir)
    assert cmds[-1] == [b"UNLINK", b"gone"]  # lazyfree-lazy-expire: UNLINK


# ------------------------------------------------------------------ files


@need_check
def test_manifest_layout_and_redis_check_aof(start_server):
    s = start_server(*AOF_ON)
    c = s.client()
    fill_all_types(c)
    assert manifest_lines(s.dir) == [
        "file appendonly.aof.1.base.aof seq 1 type b",
        "file appendonly.aof.1.incr.aof seq 1 type i",
    ]
    out = subprocess.run([CHECK_AOF, os.path.join(s.dir, "appendonlydir", "appendonly.aof.manifest")],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout
    assert "All AOF files and manifest are valid" in out.stdout
    assert rawcall(c, "BGREWRITEAOF") == b"+Background append only file rewriting started\r\n"
    wait_rewrite(c)
    c.execute_command("SET", "after", "rewrite")
    assert manifest_lines(s.dir) == [
        "file appendonly.aof.2.base.aof seq 2 type b",
        "file appendonly.aof.2.incr.aof seq 2 type i",
    ]
    assert sorted(os.listdir(os.path.join(s.dir, "appendonlydir"))) == [
        "appendonly.aof.2.base.aof", "appendonly.aof.2.incr.aof", "appendonly.aof.manifest"]
    out = subprocess.run([CHECK_AOF, os.path.join(s.dir, "appendonlydir", "appendonly.aof.manifest")],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout
    assert "All AOF files and manifest are valid" in out.stdout


def test_restart_replays_every_type(start_server):
    s = start_server(*AOF_ON)
    c = s.client()
    fill_all_types(c)
    before = snapshot(c)
    digest = c.execute_command("DEBUG", "DIGEST")
    s.stop()
    s2 = start_server("--dir", s.dir, *AOF_ON)
    c2 = s2.client()
    assert snapshot(c2) == before
    assert c2.execute_command("DEBUG", "DIGEST") == digest
    assert "DB loaded from incr file appendonly.aof.1.incr.aof" in s2.read_log()
    # and again after a rewrite (the base now holds everything, in batches)
    assert rawcall(c2, "BGREWRITEAOF") == b"+Background append only file rewriting started\r\n"
    wait_rewrite(c2)
    base = os.path.join(s.dir, "appendonlydir", "appendonly.aof.2.base.aof")
    cmds = parse_resp_file(open(base, "rb").read())
    rpush = [a for a in cmds if a[0] == b"RPUSH" and a[1] == b"list"]
    assert [len(a) - 2 for a in rpush] == [64, 64, 64, 8]  # AOF_REWRITE_ITEMS_PER_CMD
    assert [b"PEXPIREAT", b"hbig", str(before[(0, b"hbig")][2]).encode()] in cmds
    hm = [a for a in cmds if a[0] == b"HMSET" and a[1] == b"hsmall"]
    assert len(hm) == 1 and len(hm[0]) == 6
    s2.stop()
    s3 = start_server("--dir", s.dir, *AOF_ON)
    assert snapshot(s3.client()) == before


def test_bgrewriteaof_shrinks_and_keeps_data(start_server):
    s = start_server(*AOF_ON, "--appendfsync", "no")
    c = s.client()
    for i in range(2000):
        c.execute_command("INCR", "counter")
    c.execute_command("RPUSH", "l", *range(10))
    size_before = os.path.getsize(incr_path(s.dir))
    assert info(c, "aof_rewrites") == "0"
    assert rawcall(c, "BGREWRITEAOF") == b"+Background append only file rewriting started\r\n"
    wait_rewrite(c)
    assert info(c, "aof_rewrites") == "1"
    assert info(c, "aof_last_bgrewrite_status") == "ok"
    ad = os.path.join(s.dir, "appendonlydir")
    total = sum(os.path.getsize(os.path.join(ad, f)) for f in os.listdir(ad) if "manifest" not in f)
    assert total < size_before / 10
    assert info(c, "aof_base_size") == str(os.path.getsize(os.path.join(ad, "appendonly.aof.2.base.aof")))
    assert "Background AOF rewrite finished successfully" in s.read_log()
    s.stop()
    c2 = start_server("--dir", s.dir, *AOF_ON).client()
    assert c2.get("counter") == b"2000"
    assert c2.lrange("l", 0, -1) == [str(i).encode() for i in range(10)]


def test_bgrewriteaof_in_progress_and_scheduled(start_server):
    s = start_server(*AOF_ON, "--appendfsync", "no")
    raw = Raw(s.port)
    for i in range(20):
        raw.call("SET", "k%d" % i, i)
    assert raw.call("CONFIG", "SET", "rdb-key-save-delay", "100000") == b"+OK\r\n"
    assert raw.call("BGREWRITEAOF") == b"+Background append only file rewriting started\r\n"
    assert raw.call("BGREWRITEAOF") == \
        b"-ERR Background append only file rewriting already in progress\r\n"
    c = s.client()
    assert info(c, "aof_rewrite_in_progress") == "1"
    assert int(info(c, "aof_current_rewrite_time_sec")) >= 0
    # the new incr file is already there and receives the writes
    assert manifest_lines(s.dir)[-1] == "file appendonly.aof.2.incr.aof seq 2 type i"
    raw.call("SET", "during", "rewrite")
    assert raw.call("CONFIG", "SET", "rdb-key-save-delay", "0") == b"+OK\r\n"
    wait_rewrite(c, 15)
    assert info(c, "aof_last_rewrite_time_sec") in ("0", "1", "2", "3")
    assert raw.call("MULTI") == b"+OK\r\n"
    assert raw.call("BGREWRITEAOF") == b"+QUEUED\r\n"
    assert raw.call("EXEC") == b"*1\r\n+Background append only file rewriting scheduled\r\n"
    assert raw.call("BGREWRITEAOF", "x") == \
        b"-ERR wrong number of arguments for 'bgrewriteaof' command\r\n"
    wait_rewrite(c)
    assert info(c, "aof_rewrites") == "2"
    raw.close()
    s.stop()
    c2 = start_server("--dir", s.dir, *AOF_ON).client()
    assert c2.get("during") == b"rewrite"
    assert c2.get("k19") == b"19"


def test_automatic_rewrite_on_growth(start_server):
    s = start_server(*AOF_ON, "--appendfsync", "no", "--auto-aof-rewrite-percentage", "100",
                     "--auto-aof-rewrite-min-size", "64kb", "--hz", "50")
    c = s.client()
    c.set("seed", "x" * 100)
    for i in range(100):
        c.set("k", "v" * 1000)  # ~100 KB of log for one key
    deadline = time.time() + 10
    while info(c, "aof_rewrites") == "0" and time.time() < deadline:
        time.sleep(0.05)
    wait_rewrite(c)
    assert info(c, "aof_rewrites") == "1"
    assert "Starting automatic rewriting of AOF on" in s.read_log()
    base = os.path.join(s.dir, "appendonlydir", "appendonly.aof.2.base.aof")
    assert os.path.getsize(base) < 5000  # one SET of 1000 bytes (plus the seed) left
    assert int(info(c, "aof_base_size")) >= os.path.getsize(base)
    assert c.get("k") == b"v" * 1000


def test_bgrewriteaof_waits_for_bgsave(start_server):
    s = start_server(*AOF_ON, "--appendfsync", "no")
    c = s.client()
    for i in range(10):
        c.set("k%d" % i, i)
    assert rawcall(c, "CONFIG", "SET", "rdb-key-save-delay", "100000") == b"+OK\r\n"
    assert rawcall(c, "BGSAVE") == b"+Background saving started\r\n"
    assert rawcall(c, "BGREWRITEAOF") == b"+Background append only file rewriting scheduled\r\n"
    assert info(c, "aof_rewrite_scheduled") == "1"
    assert info(c, "aof_rewrite_in_progress") == "0"
    assert rawcall(c, "CONFIG", "SET", "rdb-key-save-delay", "0") == b"+OK\r\n"
    wait_rewrite(c, 20)  # after the BGSAVE child, the cron starts the rewrite
    assert info(c, "aof_rewrites") == "1"
    assert info(c, "aof_last_bgrewrite_status") == "ok"


def test_config_set_appendonly_at_runtime(start_server):
    s = start_server("--appendonly", "no", "--aof-use-rdb-preamble", "no")
    c = s.client()
    assert info(c, "aof_enabled") == "0"
    assert info(c, "aof_current_size") is None
    c.execute_command("RPUSH", "l", "a", "b")
    assert rawcall(c, "CONFIG", "SET", "appendonly", "yes") == b"+OK\r\n"
    wait_rewrite(c)
    assert info(c, "aof_enabled") == "1"
    c.execute_command("SET", "k", "v")
    assert manifest_lines(s.dir) == [
        "file appendonly.aof.1.base.aof seq 1 type b",
        "file appendonly.aof.1.incr.aof seq 1 type i",
    ]
    assert "Background append only file rewriting started" in s.read_log()
    assert rawcall(c, "CONFIG", "GET", "appendonly") == b"*2\r\n$10\r\nappendonly\r\n$3\r\nyes\r\n"
    assert rawcall(c, "CONFIG", "SET", "appendonly", "no") == b"+OK\r\n"
    assert info(c, "aof_enabled") == "0"
    c.execute_command("SET", "not", "logged")
    s.stop()
    c2 = start_server("--dir", s.dir, *AOF_ON).client()
    assert c2.lrange("l", 0, -1) == [b"a", b"b"]
    assert c2.get("k") == b"v"
    assert c2.get("not") is None


def test_info_persistence_fields(start_server):
    s = start_server(*AOF_ON)
    c = s.client()
    c.set("a", "b")
    text = rawcall(c, "INFO", "persistence").decode()
    fields = dict(ln.split(":", 1) for ln in text.splitlines() if ":" in ln)
    for name in ("aof_enabled", "aof_rewrite_in_progress", "aof_rewrite_scheduled",
                 "aof_last_rewrite_time_sec", "aof_current_rewrite_time_sec",
                 "aof_last_bgrewrite_status", "aof_rewrites", "aof_rewrites_consecutive_failures",
                 "aof_last_write_status", "aof_last_cow_size", "aof_current_size", "aof_base_size",
                 "aof_pending_rewrite", "aof_buffer_length", "aof_pending_bio_fsync",
                 "aof_delayed_fsync"):
        assert name in fields, name
    assert fields["aof_enabled"] == "1"
    assert fields["aof_last_write_status"] == "ok"
    assert fields["aof_buffer_length"] == "0"
    assert int(fields["aof_current_size"]) == os.path.getsize(incr_path(s.dir))


def test_timestamp_annotations(start_server):
    s = start_server(*AOF_ON, "--aof-timestamp-enabled", "yes")
    c = s.client()
    time.sleep(1.1)  # the base written at start-up took this second's annotation
    c.set("a", "1")
    time.sleep(1.1)
    c.set("b", "2")
    data = open(incr_path(s.dir), "rb").read()
    ts = [ln for ln in data.split(b"\r\n") if ln.startswith(b"#TS:")]
    assert len(ts) == 2
    assert all(abs(int(t[4:]) - time.time()) < 10 for t in ts)
    s.stop()
    c2 = start_server("--dir", s.dir, *AOF_ON).client()
    assert c2.mget("a", "b") == [b"1", b"2"]


def test_debug_loadaof(start_server):
    s = start_server(*AOF_ON)
    c = s.client()
    c.set("a", "1")
    c.execute_command("SELECT", 3)
    c.set("b", "2")
    c.execute_command("SELECT", 0)
    assert rawcall(c, "DEBUG", "LOADAOF") == b"+OK\r\n"
    assert c.get("a") == b"1"
    c.execute_command("SELECT", 3)
    assert c.get("b") == b"2"
    assert "Append Only File loaded by DEBUG LOADAOF" in s.read_log()


def test_debug_loadaof_without_aof_exits(start_server):
    """As Redis: with no AOF to load, DEBUG LOADAOF ends the process."""
    s = start_server("--appendonly", "no")
    raw = Raw(s.port)
    raw.call("SET", "a", "1")
    raw.cmd("DEBUG", "LOADAOF")
    assert raw.closed()
    s.proc.wait(10)
    assert s.proc.returncode == 1


def test_clients_get_loading_while_the_aof_loads(start_server):
    d = tempfile.mkdtemp(prefix="mnemo-aof-")
    # every 1024 commands the loader serves clients: 8 windows in about 2.4 s
    write_aof_dir(d, b"".join(resp("SET", "k%d" % i, i) for i in range(8000)))
    s = start_server("--dir", d, *AOF_ON, "--key-load-delay", "300")
    raw = Raw(s.port)
    assert raw.call("GET", "k1") == b"-LOADING Redis is loading the dataset in memory\r\n"
    assert raw.call("INFO", "persistence").count(b"loading:1") == 1
    deadline = time.time() + 20
    while raw.call("DBSIZE").startswith(b"-LOADING") and time.time() < deadline:
        time.sleep(0.05)
    assert raw.call("DBSIZE") == b":8000\r\n"
    assert raw.call("GET", "k7999") == b"$4\r\n7999\r\n"
    raw.close()


def test_shutdown_flushes_the_aof(start_server):
    s = start_server("--appendonly", "yes", "--appendfsync", "no", "--aof-use-rdb-preamble", "no")
    c = s.client()
    for i in range(100):
        c.set("k%d" % i, i)
    try:
        c.execute_command("SHUTDOWN")
    except redis.ConnectionError:
        pass
    s.proc.wait(10)
    assert "Calling fsync() on the AOF file." in s.read_log()
    c2 = start_server("--dir", s.dir, *AOF_ON).client()
    assert c2.dbsize() == 100 and c2.get("k99") == b"99"


def test_shutdown_nosave_during_busy_script_after_first_rewrite(start_server):
    """The first rewrite's child has finished, but a busy script keeps the cron
    (hz 1) from reaping it: SHUTDOWN NOSAVE still exits, with the AOF complete."""
    s = start_server("--hz", "1", "--busy-reply-threshold", "10")
    c = s.client()
    c.set("before", "1")
    assert c.config_set("appendonly", "yes")
    busy = s.client(socket_timeout=10)
    def spin():
        try:
            busy.eval("while true do end", 0)
        except redis.ConnectionError:  # the shutdown ends the script's connection
            pass

    t = threading.Thread(target=spin, daemon=True)
    t.start()
    time.sleep(0.3)
    with pytest.raises(redis.ResponseError, match="^BUSY"):
        c.ping()
    try:
        c.execute_command("SHUTDOWN", "NOSAVE")
    except redis.ConnectionError:
        pass
    assert s.proc.wait(10) == 0
    assert "Writing initial AOF, can't exit." not in s.read_log()
    c2 = start_server("--dir", s.dir, "--appendonly", "yes").client()
    wait_loaded(c2)
    assert c2.get("before") == b"1"


# ------------------------------------------------------------------ interop


@need_redis
def test_redis_loads_mnemo_aof(start_server, redis_server):
    s = start_server(*AOF_ON)
    c = s.client()
    fill_all_types(c)
    expected = snapshot(c)
    assert rawcall(c, "BGREWRITEAOF") == b"+Background append only file rewriting started\r\n"
    wait_rewrite(c)
    c.execute_command("SET", "tail", "after-rewrite")
    c.execute_command("SPOP", "intset", 3)
    expected = snapshot(c)
    s.stop()
    rs = redis_server(s.dir, "--appendonly", "yes")
    assert snapshot(rs.c) == expected


@need_redis
def test_mnemo_loads_redis_aof(start_server, redis_server):
    d = tempfile.mkdtemp(prefix="redis-aof-")
    rs = redis_server(d, *AOF_ON)
    fill_all_types(rs.c)
    rawcall(rs.c, "BGREWRITEAOF")
    wait_rewrite(rs.c)
    rs.c.execute_command("SET", "tail", "after-rewrite")
    rs.c.execute_command("SPOP", "set", 20)
    rs.c.execute_command("BLMPOP", "0", "1", "list", "LEFT", "COUNT", "5")
    expected = snapshot(rs.c)
    rs.stop()
    s = start_server("--dir", d, *AOF_ON)
    assert snapshot(s.client()) == expected


PREAMBLE = ("--appendonly", "yes", "--appendfsync", "always", "--aof-use-rdb-preamble", "yes")


def test_rdb_preamble_base(start_server):
    s = start_server(*PREAMBLE)
    c = s.client()
    assert manifest_lines(s.dir)[0] == "file appendonly.aof.1.base.rdb seq 1 type b"
    fill_all_types(c)
    assert rawcall(c, "BGREWRITEAOF") == b"+Background append only file rewriting started\r\n"
    wait_rewrite(c)
    c.execute_command("SET", "tail", "after-rewrite")
    expected = snapshot(c)
    assert manifest_lines(s.dir) == [
        "file appendonly.aof.2.base.rdb seq 2 type b",
        "file appendonly.aof.2.incr.aof seq 2 type i",
    ]
    base = open(os.path.join(s.dir, "appendonlydir", "appendonly.aof.2.base.rdb"), "rb").read()
    assert base.startswith(b"REDIS0010") and b"aof-base" in base
    s.stop()
    s2 = start_server("--dir", s.dir, *PREAMBLE)
    assert snapshot(s2.client()) == expected
    assert "Reading RDB base file on AOF loading..." in s2.read_log()


@need_redis
def test_rdb_preamble_interop(start_server, redis_server):
    s = start_server(*PREAMBLE)
    c = s.client()
    fill_all_types(c)
    rawcall(c, "BGREWRITEAOF")
    wait_rewrite(c)
    c.execute_command("SET", "tail", "1")
    expected = snapshot(c)
    s.stop()
    rs = redis_server(s.dir, *PREAMBLE)  # Redis loads Mnemo's RDB base
    assert snapshot(rs.c) == expected
    rs.c.execute_command("SADD", "more", "x")
    rawcall(rs.c, "BGREWRITEAOF")  # now an RDB base written by Redis
    wait_rewrite(rs.c)
    rs.c.execute_command("SET", "tail", "2")
    expected = snapshot(rs.c)
    rs.stop()
    assert manifest_lines(s.dir)[0] == "file appendonly.aof.3.base.rdb seq 3 type b"
    s2 = start_server("--dir", s.dir, *PREAMBLE)
    assert snapshot(s2.client()) == expected


@need_check
def test_old_style_single_file_is_migrated(start_server, redis_server):
    """An appendonly.aof of Redis < 7 in dir becomes the base of the directory."""
    d = tempfile.mkdtemp(prefix="mnemo-aof-")
    with open(os.path.join(d, "appendonly.aof"), "wb") as f:
        f.write(resp("SELECT", "0") + resp("SET", "old", "style") + resp("RPUSH", "l", "a"))
    s = start_server("--dir", d, *AOF_ON)
    c = s.client()
    assert c.get("old") == b"style"
    assert "Successfully migrated an old-style AOF file (appendonly.aof) into the AOF directory " \
        "(appendonlydir)." in s.read_log()
    assert not os.path.exists(os.path.join(d, "appendonly.aof"))
    assert manifest_lines(d) == [
        "file appendonly.aof seq 1 type b",
        "file appendonly.aof.1.incr.aof seq 1 type i",
    ]
    c.set("new", "1")
    out = subprocess.run([CHECK_AOF, os.path.join(d, "appendonlydir", "appendonly.aof.manifest")],
                         capture_output=True, text=True)
    assert "All AOF files and manifest are valid" in out.stdout


# ------------------------------------------------------------------ damaged files


BASE_CMDS = resp("SELECT", "0") + resp("SET", "foo", "1") + resp("SET", "foo", "2")


def test_truncated_aof_loaded_when_allowed(start_server):
    d = tempfile.mkdtemp(prefix="mnemo-aof-")
    incr = write_aof_dir(d, BASE_CMDS + b"*3\r\n$3\r\nSET\r\n$3\r\nfoo")
    s = start_server("--dir", d, *AOF_ON, "--aof-load-truncated", "yes")
    c = s.client()
    assert c.get("foo") == b"2"
    log = s.read_log()
    assert "!!! Warning: short read while loading the AOF file appendonly.aof.1.incr.aof!!!" in log
    assert "!!! Truncating the AOF appendonly.aof.1.incr.aof at offset %d !!!" % len(BASE_CMDS) in log
    assert "AOF appendonly.aof.1.incr.aof loaded anyway because aof-load-truncated is enabled" in log
    c.set("foo", "3")  # appended after the cut: a valid file again
    assert os.path.getsize(incr) == len(BASE_CMDS) + len(resp("SELECT", "0") + resp("SET", "foo", "3"))
    s.stop()
    assert start_server("--dir", d, *AOF_ON).client().get("foo") == b"3"


def test_truncated_aof_refused(tmp_path):
    write_aof_dir(str(tmp_path), BASE_CMDS + b"*3\r\n$3\r\nSET\r\n$3\r\nfo")
    rc, log = run_to_exit(str(tmp_path), *AOF_ON, "--aof-load-truncated", "no")
    assert rc == 1
    assert ("Unexpected end of file reading the append only file appendonly.aof.1.incr.aof. You "
            "can: 1) Make a backup of your AOF file, then use ./redis-check-aof --fix "
            "<filename.manifest>. 2) Alternatively you can set the 'aof-load-truncated' "
            "configuration option to yes and restart the server.") in log


def test_unfinished_multi_is_discarded(start_server):
    d = tempfile.mkdtemp(prefix="mnemo-aof-")
    incr = write_aof_dir(d, BASE_CMDS + resp("MULTI") + resp("SET", "foo", "3") + resp("SET", "x", "y"))
    s = start_server("--dir", d, *AOF_ON)
    c = s.client()
    assert c.get("foo") == b"2"
    assert c.get("x") is None
    assert "Revert incomplete MULTI/EXEC transaction in AOF file appendonly.aof.1.incr.aof" in s.read_log()
    assert os.path.getsize(incr) == len(BASE_CMDS)


def test_complete_multi_in_aof(start_server):
    d = tempfile.mkdtemp(prefix="mnemo-aof-")
    write_aof_dir(d, BASE_CMDS + resp("MULTI") + resp("SET", "foo", "3") + resp("INCR", "foo") +
                  resp("EXEC"), base_bytes=resp("SET", "base", "b"))
    c = start_server("--dir", d, *AOF_ON).client()
    assert c.get("foo") == b"4"
    assert c.get("base") == b"b"


def test_truncated_file_must_be_the_last(tmp_path):
    write_aof_dir(str(tmp_path), resp("SET", "a", "1"),
                  base_bytes=resp("SET", "b", "1") + b"*2\r\n$3\r\nGET")
    rc, log = run_to_exit(str(tmp_path), *AOF_ON)
    assert rc == 1
    assert "Fatal error: the truncated file is not the last file" in log


def test_corrupt_aof_exits(tmp_path):
    write_aof_dir(str(tmp_path), BASE_CMDS + b"!!!garbage\r\n")
    rc, log = run_to_exit(str(tmp_path), *AOF_ON)
    assert rc == 1
    assert ("Bad file format reading the append only file appendonly.aof.1.incr.aof: make a backup "
            "of your AOF file, then use ./redis-check-aof --fix <filename.manifest>") in log


def test_unknown_command_in_aof_exits(tmp_path):
    write_aof_dir(str(tmp_path), resp("SET", "a", "1") + resp("BLA", "foo"))
    rc, log = run_to_exit(str(tmp_path), *AOF_ON)
    assert rc == 1
    assert "Unknown command 'BLA' reading the append only file appendonly.aof.1.incr.aof" in log


def test_bad_manifest_exits(tmp_path):
    write_aof_dir(str(tmp_path), BASE_CMDS)
    with open(os.path.join(str(tmp_path), "appendonlydir", "appendonly.aof.manifest"), "w") as f:
        f.write("file appendonly.aof.1.incr.aof seq 1\n")
    rc, log = run_to_exit(str(tmp_path), *AOF_ON)
    assert rc == 1
    assert "*** FATAL AOF MANIFEST FILE ERROR ***" in log
    assert "Invalid AOF manifest file format" in log
    with open(os.path.join(str(tmp_path), "appendonlydir", "appendonly.aof.manifest"), "w") as f:
        f.write("file appendonly.aof.1.incr.aof seq 1 type x\n")
    rc, log = run_to_exit(str(tmp_path), *AOF_ON)
    assert rc == 1 and "Unknown AOF file type" in log


def test_missing_aof_file_exits(tmp_path):
    write_aof_dir(str(tmp_path), BASE_CMDS)
    os.unlink(os.path.join(str(tmp_path), "appendonlydir", "appendonly.aof.1.incr.aof"))
    rc, log = run_to_exit(str(tmp_path), *AOF_ON)
    assert rc == 1
    assert "Unable to obtain the AOF file appendonly.aof.1.incr.aof length. stat: No such file" in log


# ------------------------------------------------------------------ crash safety


def test_acknowledged_writes_survive_sigkill(start_server):
    """appendfsync always: every INCR the client saw acknowledged is on disk,
    whenever the server is killed."""
    rng = random.Random(7)
    s = start_server(*AOF_ON)
    d = s.dir
    acked = 0
    for rnd in range(6):
        c = s.client(socket_timeout=5)
        stop_at = time.time() + rng.uniform(0.2, 1.0)
        killer = threading.Timer(stop_at - time.time(), lambda p=s.proc: p.send_signal(signal.SIGKILL))
        killer.start()
        try:
            while True:  # both in one transaction: the AOF must keep them together
                p = c.pipeline(transaction=True)
                p.incr("counter")
                p.rpush("log", "x")
                acked = p.execute()[0]
        except (redis.RedisError, OSError):
            pass
        killer.join()
        s.proc.wait(10)
        s = start_server("--dir", d, *AOF_ON)
        c = s.client()
        wait_loaded(c)
        got = int(c.get("counter") or 0)
        assert acked <= got <= acked + 1, (rnd, acked, got)
        assert c.llen("log") == got
        acked = got
    assert acked > 0


def test_everysec_loses_at_most_about_a_second(start_server):
    """appendfsync everysec: after a SIGKILL, whatever is missing was
    acknowledged in the last second or so before the kill."""
    s = start_server("--appendonly", "yes", "--appendfsync", "everysec", "--aof-use-rdb-preamble", "no")
    d = s.dir
    c = s.client(socket_timeout=5)
    acks = []  # (time acknowledged, value)
    end = time.time() + 1.5
    while time.time() < end:
        acks.append((time.time(), c.incr("counter")))
    s.proc.send_signal(signal.SIGKILL)
    killed_at = time.time()
    s.proc.wait(10)
    s = start_server("--dir", d, "--appendonly", "yes", "--aof-use-rdb-preamble", "no")
    c = s.client()
    wait_loaded(c)
    got = int(c.get("counter") or 0)
    lost = [t for t, v in acks if v > got]
    assert got <= acks[-1][1]
    assert not lost or min(lost) >= killed_at - 2.0, (got, acks[-1][1], killed_at - min(lost))
    assert got > 0
