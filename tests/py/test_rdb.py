"""RDB persistence: SAVE/BGSAVE/LASTSAVE, save points, loading at start-up
(-LOADING meanwhile), MISCONF after a failed background save, DEBUG RELOAD,
SHUTDOWN [NO]SAVE, FLUSHALL, corrupt files, and files exchanged both ways
with Redis 7.0 (redis-check-rdb, redis-server)."""
import hashlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time

import pytest
import redis

from conftest import Raw, free_port

REDIS_SERVER = shutil.which("redis-server")
CHECK_RDB = shutil.which("redis-check-rdb")

MISCONF = (b"-MISCONF Redis is configured to save RDB snapshots, but it's currently unable to "
           b"persist to disk. Commands that may modify the data set are disabled, because this "
           b"instance is configured to report errors during writes if RDB snapshotting fails "
           b"(stop-writes-on-bgsave-error option). Please check the Redis logs for details about "
           b"the RDB error.\r\n")


def wait_for(cond, timeout=10.0, step=0.05):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if cond():
            return True
        time.sleep(step)
    return False


def persistence(c):
    return c.info("persistence")


def bgsave_done(c):
    return wait_for(lambda: persistence(c)["rdb_bgsave_in_progress"] == 0)


def build_dataset(c):
    """Every type and encoding Redis 7.0 has (streams aside), TTLs, several dbs."""
    c.config_set("list-compress-depth", "0")
    c.set("s:int", 12345)
    c.set("s:neg", -42)
    c.set("s:big", "12345678901234567890")
    c.set("s:emb", "hello")
    c.set("s:raw", "r" * 100)
    c.set("s:lzf", "a" * 2000)
    c.set("s:bin", b"\x00\x01\xff binary \r\n")
    c.set("s:empty", "")
    c.set("s:ttl", "v", px=500000)
    c.hset("h:lp", mapping={"a": "1", "b": "2", "c": "three"})
    c.hset("h:ht", mapping={f"f{i}": f"v{i}" for i in range(600)})
    c.hset("h:bigval", mapping={"x": "y" * 100})
    c.expire("h:lp", 100000)
    c.sadd("set:int", 1, 2, 3, -5, 100000, 6000000000)
    c.sadd("set:str", "a", "b", "c")
    c.sadd("set:bigint", *range(600))
    c.zadd("z:lp", {"a": 1, "b": 2.5, "c": -3})
    c.zadd("z:sl", {f"m{i}": i * 1.5 for i in range(200)})
    c.zadd("z:inf", {"lo": float("-inf"), "hi": float("inf"), "mid": 0.1})
    c.rpush("l:small", 1, 2, 3, "a", "b", "c", 100000, 6000000000)
    c.rpush("l:big", *[f"element-{i}" for i in range(3000)])
    c.config_set("list-compress-depth", "1")
    c.rpush("l:compressed", *[f"compressible-element-{i % 10}-xxxxxxxxxxxxxxxxxxxx" for i in range(3000)])
    c.config_set("list-compress-depth", "0")
    c.pexpire("l:big", 900000)
    c.pfadd("hll", *[f"e{i}" for i in range(100)])
    c.geoadd("geo", (13.361389, 38.115556, "Palermo"), (15.087269, 37.502669, "Catania"))
    c.execute_command("SELECT", 0)
    c1 = redis.Redis(host=c.connection_pool.connection_kwargs["host"],
                     port=c.connection_pool.connection_kwargs["port"], db=1)
    c1.set("db1key", "one")
    c1.sadd("db1set", "x")
    c1.close()
    c5 = redis.Redis(host=c.connection_pool.connection_kwargs["host"],
                     port=c.connection_pool.connection_kwargs["port"], db=5)
    c5.set("db5key", "five", ex=100000)
    c5.close()


def dump_dataset(port):
    """Every key of every db with its type, encoding, value and TTL (rounded)."""
    out = {}
    for dbi in range(16):
        c = redis.Redis(host="127.0.0.1", port=port, db=dbi)
        for k in sorted(c.keys("*")):
            t = c.type(k)
            if t == b"string":
                v = c.get(k)
            elif t == b"hash":
                v = sorted(c.hgetall(k).items())
            elif t == b"set":
                v = sorted(c.smembers(k))
            elif t == b"zset":
                v = c.zrange(k, 0, -1, withscores=True)
            elif t == b"list":
                v = c.lrange(k, 0, -1)
            else:
                v = None
            pttl = c.pttl(k)
            ttl = -1 if pttl < 0 else round(pttl / 20000)  # coarse: the two reads differ in time
            enc = c.object("encoding", k)
            out[(dbi, k)] = (t, enc, ttl, v)
        c.close()
    return out


class RedisServer:
    """The real redis-server, on a spare port, in dir."""

    def __init__(self, dir, *args):
        self.port = free_port()
        self.dir = dir
        self.log = os.path.join(dir, "redis.log")
        self.proc = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", dir, "--logfile", self.log] + list(args),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        c = redis.Redis(port=self.port)
        assert wait_for(lambda: self._ready(c)), open(self.log).read() if os.path.exists(self.log) else ""
        c.close()

    @staticmethod
    def _ready(c):
        try:
            return c.ping() and c.info("persistence")["loading"] == 0
        except redis.exceptions.RedisError:
            return False

    def stop(self):
        try:
            redis.Redis(port=self.port).shutdown(nosave=True)
        except redis.exceptions.RedisError:
            pass
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def server_exit_code(server, timeout=10):
    try:
        return server.proc.wait(timeout)
    except subprocess.TimeoutExpired:
        return None


def start_expect_exit(args, dir):
    """Starts the binary (which should refuse the file and exit); returns (code, log)."""
    from conftest import BINARY
    log = os.path.join(dir, "fail.log")
    with open(log, "wb") as out:
        p = subprocess.Popen([BINARY, "--port", str(free_port()), "--bind", "127.0.0.1", "--save", "",
                              "--appendonly", "no", "--dir", dir] + list(args),
                             stdout=out, stderr=subprocess.STDOUT, cwd=dir)
        try:
            code = p.wait(10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
            code = None
    return code, open(log, "rb").read().decode(errors="replace")


def restart_same_dir(start_server, s, *args):
    """Stops s (SIGTERM, which saves only with save points) and starts a server on its dir."""
    s.stop()
    return start_server("--dir", s.dir, *args)


# ------------------------------------------------------------------ commands


def test_save_writes_file_and_resets_counters(start_server):
    s = start_server()
    c = s.client()
    c.set("a", "1")
    p = persistence(c)
    assert p["rdb_changes_since_last_save"] == 1 and p["rdb_saves"] == 0
    raw = Raw(s.port)
    assert raw.call("SAVE") == b"+OK\r\n"
    assert os.path.exists(os.path.join(s.dir, "dump.rdb"))
    p = persistence(c)
    assert p["rdb_changes_since_last_save"] == 0 and p["rdb_saves"] == 1
    assert p["rdb_last_bgsave_status"] == "ok"
    assert "DB saved on disk" in s.read_log()
    assert not [f for f in os.listdir(s.dir) if f.startswith("temp-")]
    with open(os.path.join(s.dir, "dump.rdb"), "rb") as f:
        assert f.read(9) == b"REDIS0010"


def test_save_errors(raw):
    assert raw.call("SAVE", "x") == b"-ERR wrong number of arguments for 'save' command\r\n"
    assert raw.call("BGSAVE", "foo") == b"-ERR syntax error\r\n"
    assert raw.call("BGSAVE", "SCHEDULE", "x") == b"-ERR syntax error\r\n"
    assert raw.call("MULTI") == b"+OK\r\n"
    assert raw.call("SAVE") == b"-ERR Command not allowed inside a transaction\r\n"
    assert raw.call("EXEC") == \
        b"-EXECABORT Transaction discarded because of previous errors.\r\n"
    assert raw.call("DEBUG", "RELOAD", "FOO") == \
        b"-ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.\r\n"


def test_lastsave_changes(start_server):
    s = start_server()
    raw = Raw(s.port)
    first = int(raw.call("LASTSAVE")[1:-2])
    assert abs(first - time.time()) < 5
    time.sleep(1.1)
    assert raw.call("SAVE") == b"+OK\r\n"
    second = int(raw.call("LASTSAVE")[1:-2])
    assert second > first
    assert persistence(s.client())["rdb_last_save_time"] == second


def test_bgsave_under_writes(start_server):
    s = start_server()
    c = s.client()
    for i in range(200):
        c.set(f"k{i}", i)
    c.config_set("rdb-key-save-delay", 2000)  # 200 keys: ~0.4 s
    raw = Raw(s.port)
    assert raw.call("BGSAVE") == b"+Background saving started\r\n"
    assert persistence(c)["rdb_bgsave_in_progress"] == 1
    assert raw.call("BGSAVE") == b"-ERR Background save already in progress\r\n"
    assert raw.call("BGSAVE", "SCHEDULE") == b"-ERR Background save already in progress\r\n"
    assert raw.call("SAVE") == b"-ERR Background save already in progress\r\n"
    # writes while the child saves: not in the snapshot, still counted as changes
    for i in range(50):
        c.set(f"after{i}", i)
    c.delete("k0")
    assert persistence(c)["rdb_current_bgsave_time_sec"] >= 0
    assert bgsave_done(c)
    p = persistence(c)
    assert p["rdb_last_bgsave_status"] == "ok"
    assert p["rdb_changes_since_last_save"] == 51
    assert p["rdb_current_bgsave_time_sec"] == -1 and p["rdb_last_bgsave_time_sec"] >= 0
    assert c.info("stats")["total_forks"] == 1
    log = s.read_log()
    assert "Background saving started by pid" in log
    assert "Background saving terminated with success" in log
    # the file holds the data set as it was at the fork
    c.config_set("rdb-key-save-delay", 0)
    s2 = restart_same_dir(start_server, s)
    c2 = s2.client()
    assert c2.dbsize() == 200 and c2.get("k0") == b"0" and c2.get("after0") is None


def test_bgsave_child_reports_progress(start_server):
    s = start_server()
    c = s.client()
    for i in range(3000):
        c.set(f"k{i}", "v" * 500)
    c.config_set("rdb-key-save-delay", 1000)  # ~3 s
    assert c.bgsave()
    assert wait_for(lambda: persistence(c)["current_save_keys_processed"] > 0, 5)
    p = persistence(c)
    assert p["current_save_keys_total"] == 3000
    assert 0 < p["current_fork_perc"] < 100
    for i in range(200):  # dirty pages the child shares with us
        c.setrange(f"k{i}", 0, "w" * 500)
    c.config_set("rdb-key-save-delay", 0)
    assert bgsave_done(c)
    p = persistence(c)
    assert p["current_save_keys_total"] == 0 and p["current_save_keys_processed"] == 0
    assert p["current_cow_size"] == 0 and p["current_fork_perc"] == 0
    assert p["rdb_last_cow_size"] > 0
    assert "Fork CoW for RDB: current" in s.read_log()


def test_save_points_trigger(start_server):
    s = start_server("--save", "1 2")
    c = s.client()
    c.set("a", 1)
    time.sleep(1.3)
    assert persistence(c)["rdb_changes_since_last_save"] == 1  # 2 changes needed
    c.set("b", 2)
    assert wait_for(lambda: persistence(c)["rdb_changes_since_last_save"] == 0, 5)
    assert bgsave_done(c)
    assert "2 changes in 1 seconds. Saving..." in s.read_log()
    assert os.path.exists(os.path.join(s.dir, "dump.rdb"))
    assert c.config_get("save") == {"save": "1 2"}
    c.config_set("save", "")
    c.set("c", 3)
    c.set("d", 4)
    time.sleep(1.5)
    assert persistence(c)["rdb_changes_since_last_save"] == 2


def _kill_bgsave_child(s, c):
    c.config_set("rdb-key-save-delay", 1000000)
    c.set("x", "x")
    assert c.bgsave()
    pids = subprocess.run(["ps", "--ppid", str(s.proc.pid), "-o", "pid="], capture_output=True,
                          text=True).stdout.split()
    assert len(pids) == 1
    os.kill(int(pids[0]), signal.SIGKILL)
    assert bgsave_done(c)


def test_misconf_after_failed_bgsave(start_server):
    s = start_server("--save", "3600 1")
    c = s.client()
    _kill_bgsave_child(s, c)
    assert persistence(c)["rdb_last_bgsave_status"] == "err"
    assert "Background saving terminated by signal 9" in s.read_log()
    raw = Raw(s.port)
    assert raw.call("GET", "x") == b"$1\r\nx\r\n"
    assert raw.call("SET", "x", "y") == MISCONF
    assert raw.call("PING") == MISCONF
    body = "return redis.call('set','x',1)"
    sha = hashlib.sha1(body.encode()).hexdigest().encode()
    assert raw.call("EVAL", body, 1, "x") == \
        MISCONF[:-2] + b" script: " + sha + b", on @user_script:1.\r\n"
    assert raw.call("EVAL", "return redis.pcall('set','x',1)", 1, "x") == MISCONF
    assert raw.call("EVAL", "return redis.call('get','x')", 1, "x") == b"$1\r\nx\r\n"
    assert raw.call("EVAL", "#!lua\nreturn redis.call('set','x',1)", 1, "x") == MISCONF
    assert raw.call("EVAL", "#!lua flags=no-writes\nreturn redis.call('get','x')", 1, "x") == \
        b"$1\r\nx\r\n"
    assert raw.call("MULTI") == b"+OK\r\n"
    assert raw.call("SET", "x", "z") == MISCONF
    assert raw.call("EXEC") == \
        b"-EXECABORT Transaction discarded because of previous errors.\r\n"
    # stop-writes-on-bgsave-error no lifts it; so does a good save
    assert raw.call("CONFIG", "SET", "stop-writes-on-bgsave-error", "no") == b"+OK\r\n"
    assert raw.call("SET", "x", "y") == b"+OK\r\n"
    assert raw.call("CONFIG", "SET", "stop-writes-on-bgsave-error", "yes") == b"+OK\r\n"
    assert raw.call("SET", "x", "y") == MISCONF
    c.config_set("rdb-key-save-delay", 0)
    assert c.bgsave()
    assert bgsave_done(c)
    assert raw.call("SET", "x", "y") == b"+OK\r\n"


def test_misconf_when_dir_unwritable(start_server):
    s = start_server("--save", "3600 1", "--enable-protected-configs", "yes")
    gone = tempfile.mkdtemp(prefix="mnemo-gone-")
    c = s.client()
    c.config_set("dir", gone)
    os.rmdir(gone)  # the server's cwd disappears: the temp file cannot be created
    c.set("a", 1)
    raw = Raw(s.port)
    assert raw.call("SAVE") == b"-ERR\r\n"
    assert "Failed opening the temp RDB file temp-" in s.read_log()
    assert raw.call("BGSAVE") == b"+Background saving started\r\n"
    assert bgsave_done(c)
    assert persistence(c)["rdb_last_bgsave_status"] == "err"
    assert "Background saving error" in s.read_log()
    assert raw.call("SET", "a", "2") == MISCONF
    assert raw.call("SHUTDOWN") == b"-ERR Errors trying to SHUTDOWN. Check logs.\r\n"
    assert "Error trying to save the DB, can't exit." in s.read_log()
    assert raw.call("PING") == MISCONF  # still running
    raw.cmd("SHUTDOWN", "NOSAVE")
    assert raw.closed()
    assert server_exit_code(s) == 0


def test_flushall_aborts_bgsave_and_saves_with_save_points(start_server):
    s = start_server()
    c = s.client()
    for i in range(2000):
        c.set(f"k{i}", i)
    c.config_set("rdb-key-save-delay", 1000)
    assert c.bgsave()
    assert persistence(c)["rdb_bgsave_in_progress"] == 1
    c.flushall()
    assert wait_for(lambda: persistence(c)["rdb_bgsave_in_progress"] == 0, 1)
    p = persistence(c)
    assert p["rdb_last_bgsave_status"] == "ok"  # killed on purpose: not an error
    assert p["rdb_changes_since_last_save"] > 1999
    assert not os.path.exists(os.path.join(s.dir, "dump.rdb"))
    c.set("x", "xx")
    # with save points FLUSHALL writes the (empty) data set at once
    c.config_set("rdb-key-save-delay", 0)
    c.config_set("save", "3600 1")
    c.flushall()
    assert os.path.exists(os.path.join(s.dir, "dump.rdb"))
    assert persistence(c)["rdb_changes_since_last_save"] == 0


# ---------------------------------------------------------- files with Redis


@pytest.mark.skipif(not (REDIS_SERVER and CHECK_RDB), reason="needs redis-server")
def test_mnemo_file_checks_and_loads_into_redis(start_server):
    s = start_server()
    c = s.client()
    build_dataset(c)
    mine = dump_dataset(s.port)
    assert c.save()
    path = os.path.join(s.dir, "dump.rdb")
    chk = subprocess.run([CHECK_RDB, path], capture_output=True, text=True)
    assert chk.returncode == 0 and "RDB looks OK" in chk.stdout, chk.stdout
    d = tempfile.mkdtemp(prefix="mnemo-redis-")
    shutil.copy(path, d)
    rs = RedisServer(d)
    try:
        theirs = dump_dataset(rs.port)
    finally:
        rs.stop()
    assert theirs == mine
    # the same file back into Mnemo
    s2 = restart_same_dir(start_server, s)
    assert dump_dataset(s2.port) == mine


@pytest.mark.skipif(not REDIS_SERVER, reason="needs redis-server")
@pytest.mark.parametrize("compression", ["yes", "no"])
def test_redis_file_loads_into_mnemo(start_server, compression):
    d = tempfile.mkdtemp(prefix="mnemo-redis-")
    rs = RedisServer(d, "--rdbcompression", compression)
    try:
        c = redis.Redis(port=rs.port)
        build_dataset(c)
        theirs = dump_dataset(rs.port)
        assert c.save()
    finally:
        rs.stop()
    s = start_server("--dir", d)
    assert dump_dataset(s.port) == theirs
    assert "Loading RDB produced by version 7.0.15" in s.read_log()
    assert "DB loaded from disk:" in s.read_log()


@pytest.mark.skipif(not (REDIS_SERVER and CHECK_RDB), reason="needs redis-server")
def test_functions_travel_with_the_file(start_server):
    code = "#!lua name=mylib\nredis.register_function('f1', function() return 1 end)"
    s = start_server()
    c = s.client()
    assert c.execute_command("FUNCTION", "LOAD", code) == b"mylib"
    c.set("k", "v")
    assert c.save()
    path = os.path.join(s.dir, "dump.rdb")
    chk = subprocess.run([CHECK_RDB, path], capture_output=True, text=True)
    assert chk.returncode == 0, chk.stdout
    d = tempfile.mkdtemp(prefix="mnemo-redis-")
    shutil.copy(path, d)
    rs = RedisServer(d)
    try:
        assert redis.Redis(port=rs.port).execute_command("FCALL", "f1", 0) == 1
    finally:
        rs.stop()
    s2 = restart_same_dir(start_server, s)
    assert s2.client().execute_command("FCALL", "f1", 0) == 1
    # DEBUG RELOAD flushes the libraries and loads them back
    raw = Raw(s2.port)
    assert raw.call("DEBUG", "RELOAD") == b"+OK\r\n"
    assert raw.call("FCALL", "f1", 0) == b":1\r\n"


# ------------------------------------------------------------------- loading


def test_debug_reload_keeps_everything(start_server):
    s = start_server()
    c = s.client()
    build_dataset(c)
    before = dump_dataset(s.port)
    digest = c.execute_command("DEBUG", "DIGEST")
    raw = Raw(s.port)
    assert raw.call("DEBUG", "RELOAD") == b"+OK\r\n"
    assert c.execute_command("DEBUG", "DIGEST") == digest
    assert dump_dataset(s.port) == before
    assert "DB reloaded by DEBUG RELOAD" in s.read_log()
    assert persistence(c)["rdb_last_load_keys_loaded"] == len(before)
    # NOSAVE loads the file as it is; NOFLUSH MERGE overlays it on the data set
    c.set("s:emb", "changed")
    c.set("newkey", "n")
    assert raw.call("DEBUG", "RELOAD", "NOSAVE") == b"+OK\r\n"
    assert c.get("s:emb") == b"hello" and c.get("newkey") is None
    c.set("s:emb", "changed")
    c.set("newkey", "n")
    assert raw.call("DEBUG", "RELOAD", "NOSAVE", "NOFLUSH", "MERGE") == b"+OK\r\n"
    assert c.get("s:emb") == b"hello" and c.get("newkey") == b"n"


def test_debug_reload_missing_file(start_server):
    s = start_server()
    raw = Raw(s.port)
    assert raw.call("DEBUG", "RELOAD", "NOSAVE") == \
        b"-ERR Error trying to load the RDB dump\r\n"


def test_expired_keys_skipped_on_load(start_server):
    s = start_server()
    c = s.client()
    c.execute_command("DEBUG", "SET-ACTIVE-EXPIRE", 0)
    for i in range(10):
        c.set(f"keep{i}", i)
    for i in range(7):
        c.set(f"gone{i}", i, px=10)
    time.sleep(0.05)
    assert c.save()
    s2 = restart_same_dir(start_server, s)
    c2 = s2.client()
    p = persistence(c2)
    assert p["rdb_last_load_keys_loaded"] == 10 and p["rdb_last_load_keys_expired"] == 7
    assert c2.dbsize() == 10
    assert "Done loading RDB, keys loaded: 10, keys expired: 7." in s2.read_log()


def test_loading_replies_loading(start_server):
    s = start_server()
    c = s.client()
    c.execute_command("DEBUG", "POPULATE", 3000, "key", 1000)
    assert c.save()
    s2 = restart_same_dir(start_server, s, "--key-load-delay", "1000",
                          "--loading-process-events-interval-bytes", "1024",
                          "--rdbcompression", "no")
    raw = Raw(s2.port)
    assert raw.call("GET", "key:1") == b"-LOADING Redis is loading the dataset in memory\r\n"
    assert raw.call("SET", "a", "b") == b"-LOADING Redis is loading the dataset in memory\r\n"
    info = raw.call("INFO", "persistence").decode()
    assert "loading:1\r\n" in info and "loading_total_bytes:" in info
    assert "loading_loaded_perc:" in info and "loading_eta_seconds:" in info
    assert raw.call("ECHO", "hi") == b"$2\r\nhi\r\n"  # CMD_LOADING commands run
    assert raw.call("CONFIG", "SET", "key-load-delay", "0") == b"+OK\r\n"
    c2 = s2.client()
    assert wait_for(lambda: persistence(c2)["loading"] == 0, 20)
    assert c2.strlen("key:1") == 1000
    assert c2.dbsize() == 3000


def test_sigterm_during_loading_exits_without_saving(start_server):
    s = start_server()
    c = s.client()
    c.execute_command("DEBUG", "POPULATE", 2000, "key", 100)
    assert c.save()
    size = os.path.getsize(os.path.join(s.dir, "dump.rdb"))
    s2 = restart_same_dir(start_server, s, "--key-load-delay", "2000", "--save", "1 1",
                          "--loading-process-events-interval-bytes", "1024")
    assert persistence(s2.client())["loading"] == 1
    s2.proc.send_signal(signal.SIGTERM)
    assert server_exit_code(s2) == 0
    log = s2.read_log()
    assert "Received shutdown signal during loading, scheduling shutdown." in log
    assert "Saving the final RDB snapshot" not in log
    assert os.path.getsize(os.path.join(s.dir, "dump.rdb")) == size


def test_sigterm_saves_with_save_points(start_server):
    s = start_server("--save", "3600 1")
    c = s.client()
    c.set("a", "1")
    s.proc.send_signal(signal.SIGTERM)
    assert server_exit_code(s) == 0
    log = s.read_log()
    assert "Saving the final RDB snapshot before exiting." in log
    assert "DB saved on disk" in log
    s2 = start_server("--dir", s.dir)
    assert s2.client().get("a") == b"1"


def test_shutdown_save_and_nosave(start_server):
    s = start_server()  # no save points
    c = s.client()
    c.set("a", "1")
    raw = Raw(s.port)
    raw.cmd("SHUTDOWN", "SAVE")
    assert raw.closed()
    assert server_exit_code(s) == 0
    assert os.path.exists(os.path.join(s.dir, "dump.rdb"))
    s2 = start_server("--dir", s.dir, "--save", "3600 1")
    c2 = s2.client()
    assert c2.get("a") == b"1"
    c2.set("a", "2")
    raw2 = Raw(s2.port)
    raw2.cmd("SHUTDOWN", "NOSAVE")
    assert raw2.closed()
    assert server_exit_code(s2) == 0
    s3 = start_server("--dir", s.dir)
    assert s3.client().get("a") == b"1"


def test_shutdown_kills_bgsave_child(start_server):
    s = start_server()
    c = s.client()
    for i in range(100):
        c.set(f"k{i}", i)
    c.config_set("rdb-key-save-delay", 100000)
    assert c.bgsave()
    raw = Raw(s.port)
    raw.cmd("SHUTDOWN", "NOSAVE")
    assert raw.closed()
    assert server_exit_code(s) == 0
    assert "There is a child saving an .rdb. Killing it!" in s.read_log()
    assert not [f for f in os.listdir(s.dir) if f.startswith("temp-")]


def test_lru_and_lfu_survive(start_server):
    s = start_server("--maxmemory-policy", "allkeys-lfu")
    c = s.client()
    c.set("hot", "v")
    for _ in range(300):
        c.get("hot")
    freq = c.object("freq", "hot")
    assert freq > 5
    raw = Raw(s.port)
    assert raw.call("DEBUG", "RELOAD") == b"+OK\r\n"
    assert c.object("freq", "hot") == freq
    c.config_set("maxmemory-policy", "allkeys-lru")
    c.set("old", "v")
    time.sleep(2.1)
    assert raw.call("DEBUG", "RELOAD") == b"+OK\r\n"
    assert c.object("idletime", "old") >= 2
    if CHECK_RDB:
        chk = subprocess.run([CHECK_RDB, os.path.join(s.dir, "dump.rdb")], capture_output=True,
                             text=True)
        assert chk.returncode == 0, chk.stdout


# ------------------------------------------------------------- bad files


def _saved_file(start_server, nkeys=50):
    s = start_server()
    c = s.client()
    for i in range(nkeys):
        c.set(f"key{i}", f"value{i}" * 5)
    assert c.save()
    s.stop()
    return os.path.join(s.dir, "dump.rdb")


def test_truncated_file_refused(start_server):
    path = _saved_file(start_server)
    data = open(path, "rb").read()
    d = tempfile.mkdtemp(prefix="mnemo-bad-")
    with open(os.path.join(d, "dump.rdb"), "wb") as f:
        f.write(data[: len(data) // 2])
    code, log = start_expect_exit([], d)
    assert code == 1
    assert "Short read or OOM loading DB. Unrecoverable error, aborting now." in log
    assert "Unexpected EOF reading RDB file" in log


def test_bad_crc_refused(start_server):
    path = _saved_file(start_server)
    data = bytearray(open(path, "rb").read())
    data[-8:] = b"foobar00"
    d = tempfile.mkdtemp(prefix="mnemo-bad-")
    with open(os.path.join(d, "dump.rdb"), "wb") as f:
        f.write(data)
    code, log = start_expect_exit([], d)
    assert code == 1
    assert "Wrong RDB checksum expected: (" in log and "RDB CRC error" in log
    # rdbchecksum no skips the check
    s = start_server("--dir", d, "--rdbchecksum", "no")
    assert s.client().dbsize() == 50


def test_checksum_disabled_file_loads(start_server):
    s = start_server("--rdbchecksum", "no")
    c = s.client()
    c.set("a", "1")
    assert c.save()
    assert open(os.path.join(s.dir, "dump.rdb"), "rb").read()[-8:] == b"\x00" * 8
    s2 = restart_same_dir(start_server, s)
    assert s2.client().get("a") == b"1"
    assert "RDB file was saved with checksum disabled: no check performed." in s2.read_log()


def test_bad_signature_and_version_refused():
    d = tempfile.mkdtemp(prefix="mnemo-bad-")
    with open(os.path.join(d, "dump.rdb"), "wb") as f:
        f.write(b"NOTRDB0010\xff" + b"\x00" * 8)
    code, log = start_expect_exit([], d)
    assert code == 1
    assert "Wrong signature trying to load DB from file" in log
    assert "Fatal error loading the DB: Invalid argument. Exiting." in log
    with open(os.path.join(d, "dump.rdb"), "wb") as f:
        f.write(b"REDIS0011\xff" + b"\x00" * 8)
    code, log = start_expect_exit([], d)
    assert code == 1 and "Can't handle RDB format version 11" in log


def test_corrupt_value_refused(start_server):
    path = _saved_file(start_server, 5)
    data = bytearray(open(path, "rb").read())
    i = data.index(b"key0")  # its value follows: make the length huge
    data[i + 4] = 0x80 | 0x00
    data[i + 5:i + 5] = b"\x7f\xff\xff\xff"
    d = tempfile.mkdtemp(prefix="mnemo-bad-")
    with open(os.path.join(d, "dump.rdb"), "wb") as f:
        f.write(data)
    code, log = start_expect_exit(["--rdbchecksum", "no"], d)
    assert code == 1
    assert "Short read or OOM loading DB. Unrecoverable error, aborting now." in log


def test_empty_and_missing_file(start_server):
    s = start_server()  # no file: starts empty
    assert s.client().dbsize() == 0
    assert s.client().save()
    s2 = restart_same_dir(start_server, s)
    assert s2.client().execute_command("DEBUG", "DIGEST") == b"0" * 40


def test_shutdown_abort_cancels_signal(start_server):
    s = start_server()
    raw = Raw(s.port)
    assert raw.call("SHUTDOWN", "ABORT") == b"-ERR No shutdown in progress.\r\n"
    assert raw.call("SHUTDOWN", "ABORT", "NOSAVE") == b"-ERR syntax error\r\n"
    assert raw.call("SHUTDOWN", "SAVE", "NOSAVE") == b"-ERR syntax error\r\n"
    assert raw.call("DEBUG", "PAUSE-CRON", "1") == b"+OK\r\n"
    s.proc.send_signal(signal.SIGTERM)
    time.sleep(0.1)
    assert raw.call("SHUTDOWN", "ABORT") == b"+OK\r\n"
    assert "Shutdown manually aborted." in s.read_log()
    assert raw.call("DEBUG", "PAUSE-CRON", "0") == b"+OK\r\n"
    time.sleep(0.3)
    assert raw.call("PING") == b"+PONG\r\n"


def test_second_sigint_exits_during_shutdown_save(start_server):
    s = start_server("--save", "3600 1")
    c = s.client()
    for i in range(20):
        c.set(i, i)
    c.config_set("rdb-key-save-delay", 100000)  # the shutdown save takes 2 s
    temp = os.path.join(s.dir, f"temp-{s.proc.pid}.rdb")
    s.proc.send_signal(signal.SIGINT)
    assert wait_for(lambda: os.path.exists(temp), 3)
    s.proc.send_signal(signal.SIGINT)
    assert server_exit_code(s) == 1
    assert not os.path.exists(temp)
    assert "You insist... exiting now." in s.read_log()


def test_shutdown_refused_when_rename_fails(start_server):
    s = start_server("--save", "3600 1")
    c = s.client()
    c.set("a", 1)
    os.mkdir(os.path.join(s.dir, "dump.rdb"))  # the rename onto it fails
    s.proc.send_signal(signal.SIGINT)
    assert wait_for(lambda: "Error trying to save the DB, can't exit." in s.read_log(), 5)
    assert "Error moving temp DB file temp-" in s.read_log()
    raw = Raw(s.port)
    assert raw.call("PING") == b"+PONG\r\n"
    assert raw.call("SHUTDOWN") == b"-ERR Errors trying to SHUTDOWN. Check logs.\r\n"
    raw.cmd("SHUTDOWN", "FORCE")
    assert raw.closed()
    assert server_exit_code(s) == 0
    assert "Error trying to save the DB. Exit anyway." in s.read_log()


def test_debug_reload_of_corrupt_file_replies_error(start_server):
    s = start_server()
    c = s.client()
    c.set("a", "1")
    assert c.save()
    path = os.path.join(s.dir, "dump.rdb")
    data = bytearray(open(path, "rb").read())
    data[-8:] = b"foobar00"
    open(path, "wb").write(data)
    raw = Raw(s.port)
    assert raw.call("DEBUG", "RELOAD", "NOSAVE") == b"-ERR Error trying to load the RDB dump\r\n"
    assert "Wrong RDB checksum expected: (" in s.read_log()
    assert raw.call("PING") == b"+PONG\r\n"


def test_corrupt_compact_value_reported_like_redis_check(start_server):
    """A value that fails its integrity check at start-up: the error, then the
    RDB checker's summary of what was being read, then exit 1."""
    s = start_server("--rdbcompression", "no", "--rdbchecksum", "no")
    c = s.client()
    c.set("a", "1")
    c.hset("hkey", mapping={"f1": "v1", "f2": "v2"})
    assert c.object("encoding", "hkey") == b"listpack"
    assert c.save()
    s.stop()
    data = bytearray(open(os.path.join(s.dir, "dump.rdb"), "rb").read())
    i = data.index(b"hkey") + 4 + 1  # the blob follows its 1-byte length
    assert data[i + 4] == 4  # listpack header: 4 elements
    data[i + 4] = 3  # an odd count: not field/value pairs
    d = tempfile.mkdtemp(prefix="mnemo-bad-")
    with open(os.path.join(d, "dump.rdb"), "wb") as f:
        f.write(data)
    code, log = start_expect_exit([], d)
    assert code == 1
    assert log.count("integrity check failed") == 2
    assert "--- RDB ERROR DETECTED ---" in log
    assert "[additional info] Reading key 'hkey'" in log
    assert "[additional info] Reading type 16 (hash-listpack)" in log
    assert log.count("Terminating server after rdb file reading failure.") == 1
