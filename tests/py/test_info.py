"""INFO: sections, field names and order (as redis-server 7.0.15), values, commandstats and errorstats."""
import os
import re
import time

import pytest

from conftest import BINARY, Raw

# ASan/UBSan builds replace malloc, so jemalloc's counters (used_memory) read 0 there.
SANITIZER_BUILD = "build-san" in BINARY

# Field names of each section, in Redis 7.0.15's order (taken from redis-server's INFO everything).
FIELDS = {
    'Server': [
        'redis_version', 'redis_git_sha1', 'redis_git_dirty', 'redis_build_id', 'redis_mode', 'os',
        'arch_bits', 'monotonic_clock', 'multiplexing_api', 'atomicvar_api', 'gcc_version',
        'process_id', 'process_supervised', 'run_id', 'tcp_port', 'server_time_usec',
        'uptime_in_seconds', 'uptime_in_days', 'hz', 'configured_hz', 'lru_clock', 'executable',
        'config_file', 'io_threads_active',
    ],
    'Clients': [
        'connected_clients', 'cluster_connections', 'maxclients', 'client_recent_max_input_buffer',
        'client_recent_max_output_buffer', 'blocked_clients', 'tracking_clients',
        'clients_in_timeout_table',
    ],
    'Memory': [
        'used_memory', 'used_memory_human', 'used_memory_rss', 'used_memory_rss_human',
        'used_memory_peak', 'used_memory_peak_human', 'used_memory_peak_perc',
        'used_memory_overhead', 'used_memory_startup', 'used_memory_dataset',
        'used_memory_dataset_perc', 'allocator_allocated', 'allocator_active', 'allocator_resident',
        'total_system_memory', 'total_system_memory_human', 'used_memory_lua',
        'used_memory_vm_eval', 'used_memory_lua_human', 'used_memory_scripts_eval',
        'number_of_cached_scripts', 'number_of_functions', 'number_of_libraries',
        'used_memory_vm_functions', 'used_memory_vm_total', 'used_memory_vm_total_human',
        'used_memory_functions', 'used_memory_scripts', 'used_memory_scripts_human', 'maxmemory',
        'maxmemory_human', 'maxmemory_policy', 'allocator_frag_ratio', 'allocator_frag_bytes',
        'allocator_rss_ratio', 'allocator_rss_bytes', 'rss_overhead_ratio', 'rss_overhead_bytes',
        'mem_fragmentation_ratio', 'mem_fragmentation_bytes', 'mem_not_counted_for_evict',
        'mem_replication_backlog', 'mem_total_replication_buffers', 'mem_clients_slaves',
        'mem_clients_normal', 'mem_cluster_links', 'mem_aof_buffer', 'mem_allocator',
        'active_defrag_running', 'lazyfree_pending_objects', 'lazyfreed_objects',
    ],
    'Persistence': [
        'loading', 'async_loading', 'current_cow_peak', 'current_cow_size', 'current_cow_size_age',
        'current_fork_perc', 'current_save_keys_processed', 'current_save_keys_total',
        'rdb_changes_since_last_save', 'rdb_bgsave_in_progress', 'rdb_last_save_time',
        'rdb_last_bgsave_status', 'rdb_last_bgsave_time_sec', 'rdb_current_bgsave_time_sec',
        'rdb_saves', 'rdb_last_cow_size', 'rdb_last_load_keys_expired', 'rdb_last_load_keys_loaded',
        'aof_enabled', 'aof_rewrite_in_progress', 'aof_rewrite_scheduled',
        'aof_last_rewrite_time_sec', 'aof_current_rewrite_time_sec', 'aof_last_bgrewrite_status',
        'aof_rewrites', 'aof_rewrites_consecutive_failures', 'aof_last_write_status',
        'aof_last_cow_size', 'module_fork_in_progress', 'module_fork_last_cow_size',
    ],
    'Stats': [
        'total_connections_received', 'total_commands_processed', 'instantaneous_ops_per_sec',
        'total_net_input_bytes', 'total_net_output_bytes', 'total_net_repl_input_bytes',
        'total_net_repl_output_bytes', 'instantaneous_input_kbps', 'instantaneous_output_kbps',
        'instantaneous_input_repl_kbps', 'instantaneous_output_repl_kbps', 'rejected_connections',
        'sync_full', 'sync_partial_ok', 'sync_partial_err', 'expired_keys', 'expired_stale_perc',
        'expired_time_cap_reached_count', 'expire_cycle_cpu_milliseconds', 'evicted_keys',
        'evicted_clients', 'total_eviction_exceeded_time', 'current_eviction_exceeded_time',
        'keyspace_hits', 'keyspace_misses', 'pubsub_channels', 'pubsub_patterns',
        'pubsubshard_channels', 'latest_fork_usec', 'total_forks', 'migrate_cached_sockets',
        'slave_expires_tracked_keys', 'active_defrag_hits', 'active_defrag_misses',
        'active_defrag_key_hits', 'active_defrag_key_misses', 'total_active_defrag_time',
        'current_active_defrag_time', 'tracking_total_keys', 'tracking_total_items',
        'tracking_total_prefixes', 'unexpected_error_replies', 'total_error_replies',
        'dump_payload_sanitizations', 'total_reads_processed', 'total_writes_processed',
        'io_threaded_reads_processed', 'io_threaded_writes_processed', 'reply_buffer_shrinks',
        'reply_buffer_expands',
    ],
    'Replication': [
        'role', 'connected_slaves', 'master_failover_state', 'master_replid', 'master_replid2',
        'master_repl_offset', 'second_repl_offset', 'repl_backlog_active', 'repl_backlog_size',
        'repl_backlog_first_byte_offset', 'repl_backlog_histlen',
    ],
    'CPU': [
        'used_cpu_sys', 'used_cpu_user', 'used_cpu_sys_children', 'used_cpu_user_children',
        'used_cpu_sys_main_thread', 'used_cpu_user_main_thread',
    ],
    'Modules': [
       
    ],
    'Commandstats': [
       
    ],
    'Errorstats': [
       
    ],
    'Latencystats': [
       
    ],
    'Cluster': [
        'cluster_enabled',
    ],
    'Keyspace': [
       
    ],
}

DEFAULT = ["Server", "Clients", "Memory", "Persistence", "Stats", "Replication", "CPU", "Modules",
           "Errorstats", "Cluster", "Keyspace"]
ALL = ["Server", "Clients", "Memory", "Persistence", "Stats", "Replication", "CPU", "Modules",
       "Commandstats", "Errorstats", "Latencystats", "Cluster", "Keyspace"]


def info(raw, *sections):
    """Text of INFO (RESP2 bulk)."""
    reply = raw.call("INFO", *sections)
    head, body = reply.split(b"\r\n", 1)
    assert head[:1] == b"$" and int(head[1:]) == len(body) - 2 and body.endswith(b"\r\n")
    return body[:-2].decode()


def parse(text):
    """{section: [(field, value), ...]} of an INFO text, checking the layout on the way."""
    sections = {}
    for block in text.split("\r\n\r\n"):
        lines = block.split("\r\n")
        assert lines[0].startswith("# ")
        sections[lines[0][2:]] = [tuple(line.split(":", 1)) for line in lines[1:] if line]
        assert all(len(f) == 2 for f in sections[lines[0][2:]]), block
    return sections


def static_names(pairs):
    """Field names of a section without the per-command/-error/-db lines."""
    return [f for f, _ in pairs if not f.startswith(("cmdstat_", "errorstat_", "latency_percentiles_usec_"))
            and not re.fullmatch(r"db\d+", f)]


def fields(text, section):
    return dict(parse(text)[section])


def test_default_sections_and_field_order(raw):
    text = info(raw)
    assert text.endswith("\r\n")
    secs = parse(text)
    assert list(secs) == DEFAULT
    for name, expected in FIELDS.items():
        if name in secs:
            assert static_names(secs[name]) == expected, name
    assert list(parse(info(raw, "default"))) == DEFAULT


@pytest.mark.parametrize("arg", ["all", "everything", "ALL", "EveryThing"])
def test_all_and_everything(raw, arg):
    secs = parse(info(raw, arg))
    assert list(secs) == ALL
    for name, expected in FIELDS.items():
        assert static_names(secs[name]) == expected, name


def test_one_section_and_case_insensitive(raw):
    cpu = info(raw, "cpu")
    assert list(parse(cpu)) == ["CPU"]
    assert [f for f, _ in parse(cpu)["CPU"]] == FIELDS["CPU"]
    assert list(parse(info(raw, "CPU"))) == ["CPU"]
    assert list(parse(info(raw, "commandSTATS"))) == ["Commandstats"]
    assert list(parse(info(raw, "modules"))) == ["Modules"]
    assert info(raw, "modules") == "# Modules\r\n"
    assert info(raw, "cluster") == "# Cluster\r\ncluster_enabled:0\r\n"
    assert info(raw, "latencystats").startswith("# Latencystats\r\n")


def test_several_sections_in_fixed_order_once(raw):
    assert list(parse(info(raw, "keyspace", "cpu", "server", "cpu"))) == ["Server", "CPU", "Keyspace"]
    assert list(parse(info(raw, "cpu", "default"))) == DEFAULT
    assert list(parse(info(raw, "cpu", "all"))) == ALL
    assert list(parse(info(raw, "commandstats", "default"))) == ALL[:8] + ["Commandstats"] + DEFAULT[8:]


def test_unknown_section_gives_empty_text(raw):
    assert raw.call("INFO", "sentinel") == b"$0\r\n\r\n"
    assert list(parse(info(raw, "cpu", "sentinel"))) == ["CPU"]


def test_resp3_reply_is_verbatim(raw):
    raw.call("HELLO", "3")
    reply = raw.call("INFO", "cluster")
    assert reply == b"=34\r\ntxt:# Cluster\r\ncluster_enabled:0\r\n\r\n"


def test_server_fields(raw, server):
    f = fields(info(raw, "server"), "Server")
    assert f["redis_version"] == "7.0.15"
    assert f["redis_git_sha1"] == "00000000"
    assert f["redis_mode"] == "standalone"
    assert f["arch_bits"] == "64"
    assert f["multiplexing_api"] == "epoll"
    assert f["process_supervised"] == "no"
    assert f["tcp_port"] == str(server.port)
    assert f["process_id"] == str(server.proc.pid)
    assert re.fullmatch(r"[0-9a-f]{40}", f["run_id"])
    assert re.fullmatch(r"[0-9a-f]+", f["redis_build_id"])
    assert abs(int(f["server_time_usec"]) - time.time() * 1e6) < 5e6
    assert int(f["uptime_in_days"]) == int(f["uptime_in_seconds"]) // 86400
    assert f["hz"] == f["configured_hz"] == "10"
    assert f["config_file"] == ""
    assert f["executable"].startswith("/") and f["executable"].endswith("mnemo-server")
    assert f["io_threads_active"] == "0"


def test_clients_fields(raw, server):
    other = Raw(server.port)
    other.call("PING")
    f = fields(info(raw, "clients"), "Clients")
    assert int(f["connected_clients"]) >= 2
    assert f["maxclients"] == "10000"
    assert f["cluster_connections"] == f["blocked_clients"] == f["tracking_clients"] == "0"
    other.close()


@pytest.mark.skipif(SANITIZER_BUILD, reason="used_memory comes from jemalloc, replaced by ASan")
def test_memory_fields(raw, r):
    r.config_set("maxmemory", "2mb")
    r.config_set("maxmemory-policy", "allkeys-lru")
    try:
        f = fields(info(raw, "memory"), "Memory")
    finally:
        r.config_set("maxmemory", "0")
        r.config_set("maxmemory-policy", "noeviction")
    used = int(f["used_memory"])
    assert used > 0 and int(f["used_memory_rss"]) > 0
    assert int(f["used_memory_peak"]) >= used
    assert re.fullmatch(r"\d+\.\d\dK|\d+\.\d\dM|\d+B", f["used_memory_human"])
    assert re.fullmatch(r"\d+\.\d\d%", f["used_memory_peak_perc"])
    assert f["maxmemory"] == "2097152" and f["maxmemory_human"] == "2.00M"
    assert f["maxmemory_policy"] == "allkeys-lru"
    assert f["mem_allocator"].startswith("jemalloc-")
    assert re.fullmatch(r"\d+\.\d\d", f["mem_fragmentation_ratio"])
    assert int(f["used_memory_startup"]) > 0
    assert int(f["used_memory_overhead"]) + int(f["used_memory_dataset"]) == used


@pytest.mark.skipif(SANITIZER_BUILD, reason="used_memory comes from jemalloc, replaced by ASan")
def test_memory_grows_with_data(raw):
    before = int(fields(info(raw, "memory"), "Memory")["used_memory"])
    for i in range(200):
        raw.call("SET", f"key:{i}", "x" * 1000)
    after = int(fields(info(raw, "memory"), "Memory")["used_memory"])
    assert after - before > 200 * 1000


def test_persistence_and_replication_fields(raw):
    raw.call("SET", "a", "1")
    p = fields(info(raw, "persistence"), "Persistence")
    assert p["loading"] == "0" and p["aof_enabled"] == "0" and p["rdb_bgsave_in_progress"] == "0"
    assert p["rdb_last_bgsave_status"] == "ok" and p["rdb_last_bgsave_time_sec"] == "-1"
    assert int(p["rdb_changes_since_last_save"]) >= 1
    rep = fields(info(raw, "replication"), "Replication")
    assert rep["role"] == "master" and rep["connected_slaves"] == "0"
    assert re.fullmatch(r"[0-9a-f]{40}", rep["master_replid"])
    assert rep["master_replid2"] == "0" * 40
    assert rep["master_repl_offset"] == "0" and rep["second_repl_offset"] == "-1"
    assert rep["repl_backlog_size"] == "1048576"
    assert rep["master_failover_state"] == "no-failover"


def test_min_slaves_good_slaves_shown_when_configured(raw, r):
    r.config_set("min-replicas-to-write", "1")
    try:
        rep = parse(info(raw, "replication"))["Replication"]
    finally:
        r.config_set("min-replicas-to-write", "0")
    assert rep[2] == ("min_slaves_good_slaves", "0")


def test_cpu_fields(raw):
    f = fields(info(raw, "cpu"), "CPU")
    for v in f.values():
        assert re.fullmatch(r"\d+\.\d{6}", v)


def test_keyspace(raw):
    assert info(raw, "keyspace") == "# Keyspace\r\n"
    raw.call("SET", "a", "1")
    raw.call("SET", "b", "2")
    raw.call("SELECT", "3")
    raw.call("SET", "c", "3")
    assert info(raw, "keyspace") == ("# Keyspace\r\ndb0:keys=2,expires=0,avg_ttl=0\r\n"
                                     "db3:keys=1,expires=0,avg_ttl=0\r\n")
    raw.call("FLUSHALL")
    assert info(raw, "keyspace") == "# Keyspace\r\n"


def test_stats_counters(raw):
    assert raw.call("CONFIG", "RESETSTAT") == b"+OK\r\n"
    raw.call("SET", "k", "v")
    raw.call("GET", "k")
    raw.call("GET", "nokey")
    raw.call("GET", "nokey2")
    f = fields(info(raw, "stats"), "Stats")
    assert f["total_commands_processed"] == "5"  # RESETSTAT, SET, 3 GET (INFO counts after it ran)
    assert f["keyspace_hits"] == "1" and f["keyspace_misses"] == "2"
    assert f["total_error_replies"] == "0"
    assert int(f["total_net_input_bytes"]) > 0 and int(f["total_net_output_bytes"]) > 0
    assert re.fullmatch(r"\d+", f["instantaneous_ops_per_sec"])
    assert re.fullmatch(r"\d+\.\d\d", f["instantaneous_input_kbps"])


def test_instantaneous_ops_per_sec_moves(raw):
    deadline = time.time() + 1.0
    while time.time() < deadline:
        raw.call("PING")
    assert int(fields(info(raw, "stats"), "Stats")["instantaneous_ops_per_sec"]) > 0


def cmdstat(raw, name):
    for line in info(raw, "commandstats").split("\r\n"):
        if line.startswith(f"cmdstat_{name}:"):
            return line.split(":", 1)[1]
    return None


def test_commandstats(raw):
    assert raw.call("CONFIG", "RESETSTAT") == b"+OK\r\n"
    raw.call("SET", "k", "v")
    raw.call("SET", "k", "v2")
    raw.call("SET", "k", "v", "BAD")  # fails inside the command
    raw.call("GET")  # wrong arity: rejected before running
    m = re.fullmatch(r"calls=3,usec=(\d+),usec_per_call=(\d+\.\d\d),rejected_calls=0,failed_calls=1",
                     cmdstat(raw, "set"))
    assert m and float(m.group(2)) == pytest.approx(int(m.group(1)) / 3, abs=0.01)
    assert re.fullmatch(r"calls=0,usec=0,usec_per_call=0\.00,rejected_calls=1,failed_calls=0", cmdstat(raw, "get"))
    assert cmdstat(raw, "del") is None
    text = info(raw, "commandstats")
    assert text.startswith("# Commandstats\r\ncmdstat_")


def test_commandstats_subcommands(raw):
    assert raw.call("CONFIG", "RESETSTAT") == b"+OK\r\n"
    raw.call("CONFIG", "GET", "hz")
    raw.call("CONFIG", "SET", "hz", "bad")
    raw.call("CONFIG", "GET")
    assert re.fullmatch(r"calls=1,usec=\d+,usec_per_call=\d+\.\d\d,rejected_calls=1,failed_calls=0",
                        cmdstat(raw, "config|get"))
    assert re.fullmatch(r"calls=1,usec=\d+,usec_per_call=\d+\.\d\d,rejected_calls=0,failed_calls=1",
                        cmdstat(raw, "config|set"))
    assert re.fullmatch(r"calls=1,usec=\d+,usec_per_call=\d+\.\d\d,rejected_calls=0,failed_calls=0",
                        cmdstat(raw, "config|resetstat"))
    assert cmdstat(raw, "config") is None


def test_errorstats(raw):
    assert raw.call("CONFIG", "RESETSTAT") == b"+OK\r\n"
    assert info(raw, "errorstats") == "# Errorstats\r\n"
    raw.call("NOSUCH")
    raw.call("GET")
    raw.call("HELLO", "4")
    raw.call("SET", "k", "v", "BAD")
    assert info(raw, "errorstats") == "# Errorstats\r\nerrorstat_ERR:count=3\r\nerrorstat_NOPROTO:count=1\r\n"
    f = fields(info(raw, "stats"), "Stats")
    assert f["total_error_replies"] == "4"
    assert raw.call("CONFIG", "RESETSTAT") == b"+OK\r\n"
    assert info(raw, "errorstats") == "# Errorstats\r\n"


def test_errorstats_code_rules(start_server):
    s = start_server("--requirepass", "pw")
    raw = Raw(s.port)
    assert raw.call("AUTH", "pw") == b"+OK\r\n"
    assert raw.call("CONFIG", "RESETSTAT") == b"+OK\r\n"  # forget the harness's start-up PING
    other = Raw(s.port)
    assert other.call("PING") == b"-NOAUTH Authentication required.\r\n"
    assert other.call("AUTH", "wrong") == b"-WRONGPASS invalid username-password pair or user is disabled.\r\n"
    assert info(raw, "errorstats") == ("# Errorstats\r\nerrorstat_NOAUTH:count=1\r\n"
                                       "errorstat_WRONGPASS:count=1\r\n")


def latency(raw, name):
    for line in info(raw, "latencystats").split("\r\n"):
        if line.startswith(f"latency_percentiles_usec_{name}:"):
            return line.split(":", 1)[1]
    return None


def test_latencystats(raw, r):
    assert raw.call("CONFIG", "RESETSTAT") == b"+OK\r\n"
    # only CONFIG RESETSTAT itself, recorded once it finished
    assert re.fullmatch(r"# Latencystats\r\nlatency_percentiles_usec_config\|resetstat:p50=[\d.]+,p99=[\d.]+,"
                        r"p99\.9=[\d.]+\r\n", info(raw, "latencystats"))
    raw.call("SET", "a", "b")
    raw.call("CONFIG", "GET", "hz")
    m = re.fullmatch(r"p50=(\d+\.\d{3}),p99=(\d+\.\d{3}),p99\.9=(\d+\.\d{3})", latency(raw, "set"))
    assert m and 0 < float(m.group(1)) <= float(m.group(2)) <= float(m.group(3))
    assert re.fullmatch(r"p50=\d+\.\d{3},p99=\d+\.\d{3},p99\.9=\d+\.\d{3}", latency(raw, "config|get"))
    assert latency(raw, "get") is None
    try:
        assert raw.call("CONFIG", "SET", "latency-tracking-info-percentiles", "0.0 50.0 100.0") == b"+OK\r\n"
        assert re.fullmatch(r"p0=\d+\.\d{3},p50=\d+\.\d{3},p100=\d+\.\d{3}", latency(raw, "set"))
        assert raw.call("CONFIG", "SET", "latency-tracking", "no") == b"+OK\r\n"
        assert info(raw, "latencystats") == "# Latencystats\r\n"
        raw.call("GET", "a")
        assert raw.call("CONFIG", "SET", "latency-tracking", "yes") == b"+OK\r\n"
        assert latency(raw, "get") is None  # not recorded while tracking was off
    finally:
        r.config_set("latency-tracking-info-percentiles", "50 99 99.9")
        r.config_set("latency-tracking", "yes")
    assert raw.call("CONFIG", "RESETSTAT") == b"+OK\r\n"
    assert latency(raw, "set") is None


def test_latency_values_have_two_significant_digits_of_resolution(raw):
    """Values are reported as the top of their histogram bucket (HDR, 2 significant digits): a
    duration of d microseconds is recorded as d*1000 ns, so below 256 ns the value is exact and
    above it the bucket top ends in binary ones."""
    assert raw.call("CONFIG", "RESETSTAT") == b"+OK\r\n"
    for _ in range(50):
        raw.call("SET", "a", "b")
    for part in latency(raw, "set").split(","):
        ns = round(float(part.split("=")[1]) * 1000)
        if ns >= 256:
            k = ns.bit_length() - 1
            width = 1 << (k - 7)
            assert (ns + 1) % width == 0, part
