"""maxmemory: the eight eviction policies, the OOM rejection of commands (plain,
in MULTI/EXEC, in scripts) and the INFO fields, byte for byte as Redis 7.0.15.

Limits are set relative to the used_memory INFO reports after filling the
keyspace, so that a known handful of keys has to go; maxmemory-samples is raised
above the key count where a test needs the exact best candidates."""

import hashlib
import time

import pytest
import redis

from conftest import Raw, Server

OK = b"+OK\r\n"
QUEUED = b"+QUEUED\r\n"
OOM = b"-OOM command not allowed when used memory > 'maxmemory'.\r\n"
OOM_TEXT = "OOM command not allowed when used memory > 'maxmemory'."


@pytest.fixture(scope="module")
def srv():
    s = Server()
    yield s
    s.stop()


@pytest.fixture
def r(srv):
    c = srv.client()
    c.config_set("maxmemory", 0)
    c.config_set("maxmemory-policy", "noeviction")
    c.config_set("maxmemory-samples", 5)
    c.config_set("maxmemory-eviction-tenacity", 10)
    c.config_set("lfu-log-factor", 10)
    # no per-command latency histograms appearing in the middle of a measure
    c.config_set("latency-tracking", "no")
    c.flushall()
    c.config_resetstat()
    yield c
    c.config_set("maxmemory", 0)
    c.close()


@pytest.fixture
def raw(srv, r):
    c = Raw(srv.port)
    yield c
    c.close()


def used(r):
    return int(r.info("memory")["used_memory"])


def stat(r, name, section="stats"):
    return r.info(section)[name]


def fill(r, prefix, n, ttl=None, size=1000):
    """n keys of `size` bytes; returns the memory one key costs (measured)."""
    before = used(r)
    for i in range(n):
        if ttl is None:
            r.set(f"{prefix}{i}", "x" * size)
        else:
            r.set(f"{prefix}{i}", "x" * size, ex=ttl + i)
    return (used(r) - before) // n


def squeeze(r, per_key, nkeys):
    """Sets maxmemory so that about nkeys keys must go, and runs a command
    (every command evicts first). Returns the limit."""
    limit = used(r) - per_key * nkeys
    r.config_set("maxmemory", limit)
    r.ping()
    return limit


def existing(r, prefix, n):
    return {i for i in range(n) if r.exists(f"{prefix}{i}")}


# ------------------------------------------------------------------ INFO


def test_info_fields_without_limit(r):
    mem = r.info("memory")
    assert mem["maxmemory"] == 0
    assert mem["maxmemory_human"] == "0B"
    assert mem["maxmemory_policy"] == "noeviction"
    assert mem["mem_not_counted_for_evict"] == 0
    st = r.info("stats")
    assert st["evicted_keys"] == 0
    assert st["total_eviction_exceeded_time"] == 0
    assert st["current_eviction_exceeded_time"] == 0


def test_info_fields_with_limit(r):
    r.config_set("maxmemory", "100mb")
    r.config_set("maxmemory-policy", "allkeys-lfu")
    mem = r.info("memory")
    assert mem["maxmemory"] == 104857600
    assert mem["maxmemory_human"] == "100.00M"
    assert mem["maxmemory_policy"] == "allkeys-lfu"


def test_eviction_exceeded_time(r):
    r.config_set("maxmemory", 1)  # noeviction: stays over the limit
    r.ping()
    time.sleep(0.05)
    st = r.info("stats")
    assert st["current_eviction_exceeded_time"] >= 40
    assert st["total_eviction_exceeded_time"] >= st["current_eviction_exceeded_time"]
    r.config_set("maxmemory", 0)
    r.config_set("maxmemory", 1 << 40)  # under the limit again: the episode ends
    r.ping()
    st = r.info("stats")
    assert st["current_eviction_exceeded_time"] == 0
    assert st["total_eviction_exceeded_time"] >= 40
    r.config_resetstat()
    assert r.info("stats")["total_eviction_exceeded_time"] == 0


# ------------------------------------------------------------------ noeviction


def test_noeviction_refuses_denyoom_commands(r, raw):
    r.set("k", "v")
    r.config_set("maxmemory", 1)
    assert raw.call("SET", "x", "1") == OOM
    assert raw.call("APPEND", "k", "more") == OOM
    assert raw.call("LPUSH", "l", "a") == OOM
    assert raw.call("INCR", "n") == OOM
    # reads and commands that cannot grow memory still run
    assert raw.call("GET", "k") == b"$1\r\nv\r\n"
    assert raw.call("EXPIRE", "k", "100") == b":1\r\n"
    assert raw.call("PING") == b"+PONG\r\n"
    assert raw.call("DEL", "k") == b":1\r\n"
    assert raw.call("DBSIZE") == b":0\r\n"
    assert r.info("stats")["evicted_keys"] == 0
    r.config_set("maxmemory", 0)
    assert raw.call("SET", "x", "1") == OK


def test_oom_rejection_counts(r, raw):
    r.config_set("maxmemory", 1)
    assert raw.call("SET", "x", "1") == OOM
    assert raw.call("SET", "x", "1") == OOM
    r.config_set("maxmemory", 0)
    cs = r.info("commandstats")["cmdstat_set"]
    assert (cs["calls"], cs["rejected_calls"], cs["failed_calls"]) == (0, 2, 0)
    assert r.info("errorstats")["errorstat_OOM"] == "count=2"
    assert r.info("stats")["total_error_replies"] == 2


def test_oom_wrong_arity_wins(r, raw):
    # arity is checked before memory, as in Redis
    r.config_set("maxmemory", 1)
    assert raw.call("SET", "x") == b"-ERR wrong number of arguments for 'set' command\r\n"
    assert raw.call("NOSUCH") == (
        b"-ERR unknown command 'NOSUCH', with args beginning with: \r\n"
    )


def test_volatile_policy_without_volatile_keys_is_oom(r, raw):
    fill(r, "k", 20)
    r.config_set("maxmemory-policy", "volatile-lru")
    r.config_set("maxmemory", 1)
    assert raw.call("SET", "x", "1") == OOM
    assert r.dbsize() == 20
    assert r.info("stats")["evicted_keys"] == 0


# ------------------------------------------------------------------ policies


@pytest.mark.parametrize("policy", ["allkeys-random", "allkeys-lru", "allkeys-lfu"])
def test_allkeys_policies_evict_any_key(r, policy):
    r.config_set("maxmemory-policy", policy)
    per_key = fill(r, "k", 100)
    limit = squeeze(r, per_key, 20)
    evicted = r.info("stats")["evicted_keys"]
    assert 10 <= evicted < 100
    assert r.dbsize() == 100 - evicted
    assert used(r) <= limit
    # keeps working under the limit: new writes evict older keys
    for i in range(50):
        r.set(f"new{i}", "y" * 1000)
    assert used(r) <= limit + 4096


@pytest.mark.parametrize("policy", ["volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl"])
def test_volatile_policies_never_evict_persistent_keys(r, policy):
    r.config_set("maxmemory-policy", policy)
    per_key = fill(r, "p", 50)
    fill(r, "v", 50, ttl=10000)
    limit = squeeze(r, per_key, 20)
    assert 10 <= r.info("stats")["evicted_keys"] <= 50
    assert existing(r, "p", 50) == set(range(50))
    assert used(r) <= limit
    # once the volatile keys are gone, writes fail with OOM
    r.config_set("maxmemory", limit - per_key * 60)
    with pytest.raises(redis.exceptions.ResponseError) as e:
        r.set("x", "y")
    assert str(e.value) == OOM_TEXT
    assert existing(r, "v", 50) == set()
    assert existing(r, "p", 50) == set(range(50))
    assert r.info("stats")["evicted_keys"] == 50


def test_volatile_ttl_evicts_nearest_expire_first(r):
    r.config_set("maxmemory-policy", "volatile-ttl")
    r.config_set("maxmemory-samples", 64)  # every key sampled: exact order
    per_key = fill(r, "v", 40, ttl=1000)  # v0 expires first, v39 last
    fill(r, "p", 10)
    squeeze(r, per_key, 10)
    gone = r.info("stats")["evicted_keys"]
    assert 5 <= gone < 40
    assert existing(r, "v", 40) == set(range(gone, 40))
    assert existing(r, "p", 10) == set(range(10))


def test_volatile_ttl_rare_volatile_keys_are_found(r):
    # a few volatile keys among many persistent ones: random samples may miss
    # them, eviction must still find them
    r.config_set("maxmemory-policy", "volatile-ttl")
    per_key = fill(r, "p", 300, size=200)
    r.set("v1", "x" * 200, ex=100)
    r.set("v2", "x" * 200, ex=200)
    squeeze(r, per_key, 1)
    assert r.exists("v1") == 0
    assert r.info("stats")["evicted_keys"] >= 1
    assert r.dbsize() >= 300


def test_allkeys_lru_keeps_recently_used_keys(r):
    r.config_set("maxmemory-policy", "allkeys-lru")
    r.config_set("maxmemory-samples", 64)
    per_key = fill(r, "k", 40)
    time.sleep(1.1)  # the LRU clock has a 1 s resolution
    for i in range(20):  # touch the first half
        assert r.get(f"k{i}") == b"x" * 1000
    squeeze(r, per_key, 10)
    gone = r.info("stats")["evicted_keys"]
    assert 5 <= gone <= 20
    left = existing(r, "k", 40)
    assert set(range(20)) <= left
    assert len(left) == 40 - gone


def test_volatile_lru_keeps_recently_used_keys(r):
    r.config_set("maxmemory-policy", "volatile-lru")
    r.config_set("maxmemory-samples", 64)
    per_key = fill(r, "v", 40, ttl=1000)
    fill(r, "p", 10)
    time.sleep(1.1)
    for i in range(20, 40):  # touch the second half
        r.get(f"v{i}")
    squeeze(r, per_key, 10)
    left = existing(r, "v", 40)
    assert set(range(20, 40)) <= left
    assert len(left) < 40
    assert existing(r, "p", 10) == set(range(10))


def test_allkeys_lfu_keeps_frequently_used_keys(r):
    r.config_set("maxmemory-policy", "allkeys-lfu")
    r.config_set("maxmemory-samples", 64)
    r.config_set("lfu-log-factor", 0)  # every access counts
    per_key = fill(r, "k", 40)
    for _ in range(3):
        for i in range(0, 40, 2):  # even keys are hot
            r.get(f"k{i}")
    assert r.object("freq", "k0") == 8
    assert r.object("freq", "k1") == 5
    squeeze(r, per_key, 10)
    left = existing(r, "k", 40)
    assert set(range(0, 40, 2)) <= left
    assert len(left) < 40


def test_volatile_lfu_keeps_frequently_used_keys(r):
    r.config_set("maxmemory-policy", "volatile-lfu")
    r.config_set("maxmemory-samples", 64)
    r.config_set("lfu-log-factor", 0)
    per_key = fill(r, "v", 40, ttl=1000)
    fill(r, "p", 10)
    for _ in range(3):
        for i in range(1, 40, 2):  # odd keys are hot
            r.get(f"v{i}")
    squeeze(r, per_key, 10)
    left = existing(r, "v", 40)
    assert set(range(1, 40, 2)) <= left
    assert len(left) < 40
    assert existing(r, "p", 10) == set(range(10))


def test_lazyfree_lazy_eviction(r):
    r.config_set("lazyfree-lazy-eviction", "yes")
    try:
        r.config_set("maxmemory-policy", "allkeys-random")
        for i in range(20):  # big values go to the lazyfree thread
            r.rpush(f"l{i}", *[f"element-{j}" for j in range(200)])
        limit = used(r) // 2
        r.config_set("maxmemory", limit)
        r.ping()
        assert r.info("stats")["evicted_keys"] > 0
        assert r.dbsize() < 20
    finally:
        r.config_set("lazyfree-lazy-eviction", "no")


def test_eviction_in_other_dbs(r):
    r.config_set("maxmemory-policy", "allkeys-lru")
    r.execute_command("SELECT", 3)
    per_key = fill(r, "k", 30)
    r.execute_command("SELECT", 0)
    squeeze(r, per_key, 5)
    r.execute_command("SELECT", 3)
    assert 0 < r.dbsize() < 30
    r.execute_command("SELECT", 0)


def test_config_set_maxmemory_evicts(r, srv):
    r.config_set("maxmemory-policy", "allkeys-random")
    fill(r, "k", 50)
    r.config_set("maxmemory", 1)
    # everything goes: the limit cannot be met, so eviction runs until no key is left
    assert r.dbsize() == 0
    assert r.info("stats")["evicted_keys"] == 50


def test_eviction_breaks_watch(r, srv):
    r.set("w", "1")
    c1 = Raw(srv.port)
    try:
        assert c1.call("WATCH", "w") == OK
        r.config_set("maxmemory-policy", "allkeys-random")
        r.config_set("maxmemory", 1)
        assert r.dbsize() == 0
        r.config_set("maxmemory", 0)
        assert c1.call("MULTI") == OK
        assert c1.call("SET", "w", "2") == QUEUED
        assert c1.call("EXEC") == b"*-1\r\n"
    finally:
        c1.close()


def test_watch_survives_when_other_keys_are_evicted(r, srv):
    r.set("w", "1")
    r.config_set("maxmemory-policy", "volatile-random")
    per_key = fill(r, "v", 20, ttl=1000)
    c1 = Raw(srv.port)
    try:
        assert c1.call("WATCH", "w") == OK
        squeeze(r, per_key, 5)
        assert r.info("stats")["evicted_keys"] > 0
        r.config_set("maxmemory", 0)
        assert c1.call("MULTI") == OK
        assert c1.call("SET", "w", "2") == QUEUED
        assert c1.call("EXEC") == b"*1\r\n+OK\r\n"
    finally:
        c1.close()


# ------------------------------------------------------------------ MULTI / EXEC


def test_multi_commands_queued_under_oom_abort_exec(r, raw):
    r.set("k", "v")
    assert raw.call("MULTI") == OK
    assert raw.call("SET", "a", "1") == QUEUED
    r.config_set("maxmemory", 1)
    # in MULTI every command but EXEC/DISCARD/QUIT/RESET is refused, reads too
    assert raw.call("GET", "k") == OOM
    assert raw.call("SET", "b", "1") == OOM
    r.config_set("maxmemory", 0)
    assert raw.call("SET", "c", "1") == QUEUED
    assert raw.call("EXEC") == b"-EXECABORT Transaction discarded because of previous errors.\r\n"
    assert r.exists("a", "b", "c") == 0


def test_discard_allowed_under_oom(r, raw):
    r.config_set("maxmemory", 1)
    assert raw.call("MULTI") == OK
    assert raw.call("SET", "x", "1") == OOM
    assert raw.call("DISCARD") == OK
    assert raw.call("PING") == b"+PONG\r\n"


def test_exec_with_denyoom_command_is_rejected(r, raw):
    assert raw.call("MULTI") == OK
    assert raw.call("SET", "x", "1") == QUEUED
    assert raw.call("GET", "x") == QUEUED
    r.config_set("maxmemory", 1)
    assert raw.call("EXEC") == (
        b"-EXECABORT Transaction discarded because of: OOM command not allowed when used "
        b"memory > 'maxmemory'.\r\n"
    )
    assert raw.call("EXEC") == b"-ERR EXEC without MULTI\r\n"
    r.config_set("maxmemory", 0)
    assert r.exists("x") == 0
    assert r.info("commandstats")["cmdstat_exec"]["rejected_calls"] == 1


def test_exec_with_only_reads_runs_under_oom(r, raw):
    r.set("x", "value")
    assert raw.call("MULTI") == OK
    assert raw.call("GET", "x") == QUEUED
    assert raw.call("PING") == QUEUED
    r.config_set("maxmemory", 1)
    assert raw.call("EXEC") == b"*2\r\n$5\r\nvalue\r\n+PONG\r\n"


def test_exec_with_shebang_eval_is_rejected(r, raw):
    # a script with a shebang and no allow-oom counts as a denyoom command
    assert raw.call("MULTI") == OK
    assert raw.call("EVAL", "#!lua\nreturn 1", "0") == QUEUED
    r.config_set("maxmemory", 1)
    assert raw.call("EXEC") == (
        b"-EXECABORT Transaction discarded because of: OOM command not allowed when used "
        b"memory > 'maxmemory'.\r\n"
    )


# ------------------------------------------------------------------ scripts


def test_eval_without_shebang_write_is_refused(r, raw):
    r.set("x", "123")
    r.config_set("maxmemory", 1)
    body = "redis.call('set','x',1) return 1"
    sha = hashlib.sha1(body.encode()).hexdigest().encode()
    assert raw.call("EVAL", body, "1", "x") == (
        b"-OOM command not allowed when used memory > 'maxmemory'. script: "
        + sha
        + b", on @user_script:1.\r\n"
    )
    assert raw.call("EVAL", "return redis.call('get','x')", "1", "x") == b"$3\r\n123\r\n"
    assert raw.call("EVAL_RO", "return redis.call('get','x')", "1", "x") == b"$3\r\n123\r\n"
    r.config_set("maxmemory", 0)
    assert r.get("x") == b"123"
    cs = r.info("commandstats")
    assert (cs["cmdstat_set"]["calls"], cs["cmdstat_set"]["rejected_calls"]) == (1, 1)


def test_eval_pcall_gets_oom_error_table(r, raw):
    r.config_set("maxmemory", 1)
    script = (
        "local t = redis.pcall('set','x','y') "
        "if t['err'] == \"OOM command not allowed when used memory > 'maxmemory'.\" then "
        "return 1 else return 0 end"
    )
    assert raw.call("EVAL", script, "1", "x") == b":1\r\n"
    assert raw.call("EVAL", "return redis.pcall('set','x','y')", "1", "x") == OOM


def test_eval_after_first_write_is_not_stopped(r, raw):
    # the decision is made at the first write: DEL is a write that cannot
    # grow memory, after it the script may not be stopped half-way
    r.set("a", "1")
    r.config_set("maxmemory", 1)
    script = "redis.call('del','a') return redis.call('set','x','1')"
    assert raw.call("EVAL", script, "2", "a", "x") == OK
    r.config_set("maxmemory", 0)
    assert r.get("x") == b"1"


def test_eval_started_before_oom_is_not_refused(r, raw):
    # the OOM state is the one seen when the command started: a script that
    # itself pushes memory over the limit completes its writes
    r.config_set("maxmemory", used(r) + 200000)
    script = (
        "for i = 1, 100 do redis.call('set', 'k' .. i, string.rep('x', 10000)) end "
        "return redis.call('dbsize')"
    )
    assert raw.call("EVAL", script, "0") == b":100\r\n"
    assert raw.call("SET", "y", "1") == OOM


def test_shebang_scripts_under_oom(r, raw):
    r.set("x", "123")
    r.config_set("maxmemory", 1)
    # declared flags (none): refused whatever the body does
    assert raw.call("EVAL", "#!lua flags=\nreturn 1", "0") == OOM
    assert raw.call("EVAL", "#!lua\nreturn 1", "0") == OOM
    # allow-oom: may write
    assert raw.call("EVAL", "#!lua flags=allow-oom\nredis.call('set','x',1)\nreturn 1", "1", "x") == (
        b":1\r\n"
    )
    # no-writes implies allow-oom
    assert raw.call("EVAL", "#!lua flags=no-writes\nreturn redis.call('get','x')", "1", "x") == (
        b"$1\r\n1\r\n"
    )
    assert raw.call("EVAL_RO", "#!lua flags=no-writes\nreturn redis.call('get','x')", "1", "x") == (
        b"$1\r\n1\r\n"
    )
    # a bad shebang is reported as such, not as OOM
    assert raw.call("EVAL", "#!lua flags=allow-oom,what?\nreturn 1", "0") == (
        b"-ERR Unexpected flag in script shebang: what?\r\n"
    )


def test_evalsha_of_cached_shebang_script_is_refused(r, raw):
    sha = r.script_load("#!lua\nreturn 1")
    sha_oom = r.script_load("#!lua flags=allow-oom\nreturn 2")
    r.config_set("maxmemory", 1)
    assert raw.call("EVALSHA", sha, "0") == OOM
    assert raw.call("EVALSHA", sha.upper(), "0") == OOM
    assert raw.call("EVALSHA", sha_oom, "0") == b":2\r\n"
    assert raw.call("EVALSHA", "0" * 40, "0") == b"-NOSCRIPT No matching script. Please use EVAL.\r\n"


def test_script_rejections_do_not_leak(r, raw):
    r.config_set("maxmemory", 1)
    for _ in range(50):
        assert raw.call("EVAL", "#!lua\nreturn 1", "0") == OOM
    r.config_set("maxmemory", 0)
    assert raw.call("EVAL", "#!lua\nreturn 1", "0") == b":1\r\n"


def test_eval_allkeys_policy_evicts_before_script(r, raw):
    r.config_set("maxmemory-policy", "allkeys-random")
    per_key = fill(r, "k", 30)
    limit = used(r) - per_key * 5
    r.config_set("maxmemory", limit)
    assert raw.call("EVAL", "return redis.call('set','x','1')", "1", "x") == OK
    assert r.info("stats")["evicted_keys"] > 0


def test_eviction_continues_in_a_timer(r):
    # tenacity 0: one call evicts 16 keys and leaves the rest to the timer,
    # which runs between event-loop turns until nothing is left to evict
    r.config_set("maxmemory-policy", "allkeys-random")
    r.config_set("maxmemory-eviction-tenacity", 0)
    for i in range(0, 500, 100):
        r.mset({f"k{j}": "v" for j in range(i, i + 100)})
    r.config_set("maxmemory", 1)
    time.sleep(0.3)
    assert r.info("stats")["evicted_keys"] == 500
    assert r.dbsize() == 0


def test_no_eviction_while_clients_are_paused(r, srv):
    r.config_set("maxmemory-policy", "allkeys-random")
    r.mset({f"k{i}": "v" for i in range(20)})
    other = srv.client()
    try:
        assert other.client_pause(400, all=False)  # WRITE pause: reads still run
        r.config_set("maxmemory", 1)
        assert r.get("k1") == b"v"
        assert r.dbsize() == 20
        assert r.info("stats")["evicted_keys"] == 0
        other.client_unpause()
        assert r.dbsize() == 0  # the first command after the pause evicts
        assert r.info("stats")["evicted_keys"] == 20
    finally:
        other.client_unpause()
        other.close()
