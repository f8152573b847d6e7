"""CONFIG GET/SET/RESETSTAT/REWRITE/HELP, config files and command-line options.

Expected replies and error texts were taken from redis-server 7.0.15."""
import os
import socket
import subprocess
import tempfile

import pytest

from conftest import BINARY, ROOT, Raw, free_port

REDIS_DEFAULTS = {
    'acl-pubsub-default': 'resetchannels', 'aclfile': '', 'acllog-max-len': '128',
    'active-defrag-cycle-max': '25', 'active-defrag-cycle-min': '1',
    'active-defrag-ignore-bytes': '104857600', 'active-defrag-max-scan-fields': '1000',
    'active-defrag-threshold-lower': '10', 'active-defrag-threshold-upper': '100',
    'active-expire-effort': '1', 'activedefrag': 'no', 'activerehashing': 'yes',
    'always-show-logo': 'no', 'aof-disable-auto-gc': 'no', 'aof-load-truncated': 'yes',
    'aof-rewrite-incremental-fsync': 'yes', 'aof-timestamp-enabled': 'no',
    'aof-use-rdb-preamble': 'yes', 'aof_rewrite_cpulist': '', 'appenddirname': 'appendonlydir',
    'appendfilename': 'appendonly.aof', 'appendfsync': 'everysec',
    'auto-aof-rewrite-min-size': '67108864', 'auto-aof-rewrite-percentage': '100',
    'bgsave_cpulist': '', 'bind-source-addr': '', 'bio_cpulist': '', 'busy-reply-threshold': '5000',
    'client-output-buffer-limit': 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60',
    'client-query-buffer-limit': '1073741824', 'cluster-allow-pubsubshard-when-down': 'yes',
    'cluster-allow-reads-when-down': 'no', 'cluster-allow-replica-migration': 'yes',
    'cluster-announce-bus-port': '0', 'cluster-announce-hostname': '', 'cluster-announce-ip': '',
    'cluster-announce-port': '0', 'cluster-announce-tls-port': '0',
    'cluster-config-file': 'nodes.conf', 'cluster-enabled': 'no', 'cluster-link-sendbuf-limit': '0',
    'cluster-migration-barrier': '1', 'cluster-node-timeout': '15000', 'cluster-port': '0',
    'cluster-preferred-endpoint-type': 'ip', 'cluster-replica-no-failover': 'no',
    'cluster-replica-validity-factor': '10', 'cluster-require-full-coverage': 'yes',
    'cluster-slave-no-failover': 'no', 'cluster-slave-validity-factor': '10',
    'crash-log-enabled': 'yes', 'crash-memcheck-enabled': 'yes', 'daemonize': 'no',
    'databases': '16', 'dbfilename': 'dump.rdb', 'disable-thp': 'yes', 'dynamic-hz': 'yes',
    'enable-module-command': 'no', 'enable-protected-configs': 'no',
    'hash-max-listpack-entries': '512', 'hash-max-listpack-value': '64',
    'hash-max-ziplist-entries': '512', 'hash-max-ziplist-value': '64',
    'hll-sparse-max-bytes': '3000', 'hz': '10', 'ignore-warnings': '', 'io-threads': '1',
    'io-threads-do-reads': 'no', 'jemalloc-bg-thread': 'yes', 'latency-monitor-threshold': '0',
    'latency-tracking': 'yes', 'latency-tracking-info-percentiles': '50 99 99.9',
    'lazyfree-lazy-eviction': 'no', 'lazyfree-lazy-expire': 'no', 'lazyfree-lazy-server-del': 'no',
    'lazyfree-lazy-user-del': 'no', 'lazyfree-lazy-user-flush': 'no', 'lfu-decay-time': '1',
    'lfu-log-factor': '10', 'list-compress-depth': '0', 'list-max-listpack-size': '-2',
    'list-max-ziplist-size': '-2', 'logfile': '', 'loglevel': 'notice', 'lua-time-limit': '5000',
    'masterauth': '', 'masteruser': '', 'maxclients': '10000', 'maxmemory': '0',
    'maxmemory-clients': '0', 'maxmemory-eviction-tenacity': '10', 'maxmemory-policy': 'noeviction',
    'maxmemory-samples': '5', 'min-replicas-max-lag': '10', 'min-replicas-to-write': '0',
    'min-slaves-max-lag': '10', 'min-slaves-to-write': '0', 'no-appendfsync-on-rewrite': 'no',
    'notify-keyspace-events': '', 'oom-score-adj': 'no', 'oom-score-adj-values': '0 200 800',
    'pidfile': '', 'proc-title-template': '{title} {listen-addr} {server-mode}',
    'propagation-error-behavior': 'ignore', 'protected-mode': 'yes',
    'proto-max-bulk-len': '536870912', 'rdb-del-sync-files': 'no',
    'rdb-save-incremental-fsync': 'yes', 'rdbchecksum': 'yes', 'rdbcompression': 'yes',
    'repl-backlog-size': '1048576', 'repl-backlog-ttl': '3600', 'repl-disable-tcp-nodelay': 'no',
    'repl-diskless-load': 'disabled', 'repl-diskless-sync': 'yes', 'repl-diskless-sync-delay': '5',
    'repl-diskless-sync-max-replicas': '0', 'repl-ping-replica-period': '10',
    'repl-ping-slave-period': '10', 'repl-timeout': '60', 'replica-announce-ip': '',
    'replica-announce-port': '0', 'replica-announced': 'yes',
    'replica-ignore-disk-write-errors': 'no', 'replica-ignore-maxmemory': 'yes',
    'replica-lazy-flush': 'no', 'replica-priority': '100', 'replica-read-only': 'yes',
    'replica-serve-stale-data': 'yes', 'replicaof': '', 'requirepass': '',
    'sanitize-dump-payload': 'no', 'server_cpulist': '', 'set-max-intset-entries': '512',
    'set-proc-title': 'yes', 'shutdown-on-sigint': 'default', 'shutdown-on-sigterm': 'default',
    'shutdown-timeout': '10', 'slave-announce-ip': '', 'slave-announce-port': '0',
    'slave-ignore-maxmemory': 'yes', 'slave-lazy-flush': 'no', 'slave-priority': '100',
    'slave-read-only': 'yes', 'slave-serve-stale-data': 'yes', 'slaveof': '',
    'slowlog-log-slower-than': '10000', 'slowlog-max-len': '128', 'socket-mark-id': '0',
    'stop-writes-on-bgsave-error': 'yes', 'stream-node-max-bytes': '4096',
    'stream-node-max-entries': '100', 'supervised': 'no', 'syslog-enabled': 'no',
    'syslog-facility': 'local0', 'syslog-ident': 'redis', 'tcp-backlog': '511',
    'tcp-keepalive': '300', 'timeout': '0', 'tls-auth-clients': 'yes', 'tls-ca-cert-dir': '',
    'tls-ca-cert-file': '', 'tls-cert-file': '', 'tls-ciphers': '', 'tls-ciphersuites': '',
    'tls-client-cert-file': '', 'tls-client-key-file': '', 'tls-client-key-file-pass': '',
    'tls-cluster': 'no', 'tls-dh-params-file': '', 'tls-key-file': '', 'tls-key-file-pass': '',
    'tls-port': '0', 'tls-prefer-server-ciphers': 'no', 'tls-protocols': '',
    'tls-replication': 'no', 'tls-session-cache-size': '20480', 'tls-session-cache-timeout': '300',
    'tls-session-caching': 'yes', 'tracking-table-max-keys': '1000000', 'unixsocket': '',
    'unixsocketperm': '0', 'zset-max-listpack-entries': '128', 'zset-max-listpack-value': '64',
    'zset-max-ziplist-entries': '128', 'zset-max-ziplist-value': '64',
}
# Set by the test harness (conftest) on the command line: not defaults.
HARNESS = {"port", "bind", "save", "dir", "enable-debug-command", "appendonly"}


def resp(*items):
    """RESP2 array of bulk strings."""
    out = b"*%d\r\n" % len(items)
    for i in items:
        i = i.encode() if isinstance(i, str) else i
        out += b"$%d\r\n%s\r\n" % (len(i), i)
    return out


def err(text):
    return b"-" + text.encode() + b"\r\n"


def set_err(arg, reason):
    return err(f"ERR CONFIG SET failed (possibly related to argument '{arg}') - {reason}")


def run_server(*args, stdin=None, timeout=5, cwd=None):
    """Runs the binary expecting it to exit (start-up errors)."""
    p = subprocess.run([BINARY, *args], input=stdin, capture_output=True, timeout=timeout,
                       cwd=cwd or tempfile.gettempdir())
    return p.returncode, p.stderr.decode(), p.stdout.decode()


def fatal(linenum, line, reason):
    return (f"\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\n"
            f"Reading the configuration file, at line {linenum}\n>>> '{line}'\n{reason}\n")


# ------------------------------------------------------------------ CONFIG GET

def test_config_get_all_same_parameters_and_defaults_as_redis(r):
    dec = lambda x: x.decode() if isinstance(x, bytes) else x  # noqa: E731
    got = {dec(k): dec(v) for k, v in r.config_get("*").items()}
    assert set(got) == set(REDIS_DEFAULTS) | HARNESS
    assert len(got) == 192
    for k, v in REDIS_DEFAULTS.items():
        assert got[k] == v, k
    assert got["bind"] == "127.0.0.1"
    assert got["save"] == ""
    assert got["enable-debug-command"] == "yes"


def test_config_get_exact_name_keeps_the_case_typed(raw):
    assert raw.call("CONFIG", "GET", "MAXMEMORY") == resp("MAXMEMORY", "0")
    assert raw.call("CONFIG", "GET", "maxmemory", "MAXMEMORY") == resp("maxmemory", "0")


def test_config_get_alias_and_pattern_report_both_names(raw):
    assert raw.call("CONFIG", "GET", "slaveof") == resp("slaveof", "")
    assert raw.call("CONFIG", "GET", "*of") == resp("replicaof", "", "slaveof", "")
    assert raw.call("CONFIG", "GET", "hash-max-*-entries") == resp(
        "hash-max-listpack-entries", "512", "hash-max-ziplist-entries", "512")


def test_config_get_several_patterns_each_parameter_once(r):
    res = r.execute_command("CONFIG", "GET", "maxmemory", "maxmemory*", "bind", "*of", "MAXMEMORY-POLICY")
    keys = [k.decode() if isinstance(k, bytes) else k for k in res[::2]]
    assert len(keys) == len({k.lower() for k in keys})
    assert {"maxmemory", "maxmemory-samples", "maxmemory-clients", "maxmemory-policy",
            "maxmemory-eviction-tenacity", "bind", "slaveof", "replicaof"} == set(keys)


def test_config_get_unknown_gives_empty_map(raw):
    assert raw.call("CONFIG", "GET", "nosuch") == b"*0\r\n"
    assert raw.call("CONFIG", "GET", "nosuch*") == b"*0\r\n"


def test_config_get_hidden_only_by_exact_name(raw):
    assert raw.call("CONFIG", "GET", "key-load-delay") == resp("key-load-delay", "0")
    assert raw.call("CONFIG", "GET", "key-load-*") == b"*0\r\n"
    assert raw.call("CONFIG", "GET", "rdb-key-save-delay") == resp("rdb-key-save-delay", "0")


def test_config_get_resp3_is_a_map(raw):
    raw.call("HELLO", "3")
    assert raw.call("CONFIG", "GET", "maxmemory") == b"%1\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n"


def test_config_arity_and_unknown_subcommand(raw):
    assert raw.call("CONFIG", "GET") == err("ERR wrong number of arguments for 'config|get' command")
    assert raw.call("CONFIG", "SET", "a") == err("ERR wrong number of arguments for 'config|set' command")
    assert raw.call("CONFIG") == err("ERR wrong number of arguments for 'config' command")
    assert raw.call("CONFIG", "BOGUS") == err("ERR unknown subcommand 'BOGUS'. Try CONFIG HELP.")
    assert raw.call("CONFIG", "RESETSTAT", "x") == err(
        "ERR wrong number of arguments for 'config|resetstat' command")
    assert raw.call("CONFIG", "REWRITE", "x") == err("ERR wrong number of arguments for 'config|rewrite' command")


def test_config_help(raw):
    assert raw.call("CONFIG", "HELP") == (
        b"*11\r\n+CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n"
        b"+GET <pattern>\r\n"
        b"+    Return parameters matching the glob-like <pattern> and their values.\r\n"
        b"+SET <directive> <value>\r\n"
        b"+    Set the configuration <directive> to <value>.\r\n"
        b"+RESETSTAT\r\n+    Reset statistics reported by the INFO command.\r\n"
        b"+REWRITE\r\n+    Rewrite the configuration file.\r\n"
        b"+HELP\r\n+    Prints this help.\r\n")


# ------------------------------------------------------------------ CONFIG SET

@pytest.fixture
def restore(r):
    """Remembers parameters and puts them back after the test."""
    saved = {}

    def keep(*names):
        for n in names:
            saved[n] = r.config_get(n)[n]

    yield keep
    for n, v in saved.items():
        r.config_set(n, v)


def test_config_set_and_get_back(raw, restore):
    restore("maxmemory", "slowlog-max-len", "maxmemory-policy", "lazyfree-lazy-expire")
    assert raw.call("CONFIG", "SET", "maxmemory", "1mb", "slowlog-max-len", "5") == b"+OK\r\n"
    assert raw.call("CONFIG", "GET", "maxmemory", "slowlog-max-len") == resp(
        "maxmemory", "1048576", "slowlog-max-len", "5")
    assert raw.call("CONFIG", "SET", "MAXMEMORY-POLICY", "AllKeys-LRU") == b"+OK\r\n"
    assert raw.call("CONFIG", "GET", "maxmemory-policy") == resp("maxmemory-policy", "allkeys-lru")
    assert raw.call("CONFIG", "SET", "lazyfree-lazy-expire", "YES") == b"+OK\r\n"
    assert raw.call("CONFIG", "GET", "lazyfree-lazy-expire") == resp("lazyfree-lazy-expire", "yes")


@pytest.mark.parametrize("value,expected", [
    ("1k", "1000"), ("1K", "1000"), ("1kb", "1024"), ("1KB", "1024"), ("1m", "1000000"),
    ("1mb", "1048576"), ("1Mb", "1048576"), ("1g", "1000000000"), ("1gb", "1073741824"),
    ("2GB", "2147483648"), ("100", "100"), ("100b", "100"), ("007", "7"), ("", "0"),
])
def test_memory_units(raw, restore, value, expected):
    restore("maxmemory")
    assert raw.call("CONFIG", "SET", "maxmemory", value) == b"+OK\r\n"
    assert raw.call("CONFIG", "GET", "maxmemory") == resp("maxmemory", expected)


@pytest.mark.parametrize("name,value,reason", [
    ("maxmemory", "1x", "argument must be a memory value"),
    ("maxmemory", "-1", "argument must be a memory value"),
    ("maxmemory", "1.5mb", "argument must be a memory value"),
    ("maxmemory", " 1", "argument must be a memory value"),
    ("hz", "x", "argument couldn't be parsed into an integer"),
    ("hz", "1.0", "argument couldn't be parsed into an integer"),
    ("maxclients", "0", "argument must be between 1 and 4294967295 inclusive"),
    ("maxclients", "-1", "argument must be between 1 and 4294967295 inclusive"),
    ("slowlog-log-slower-than", "-2", "argument must be between -1 and 9223372036854775807 inclusive"),
    ("active-expire-effort", "11", "argument must be between 1 and 10 inclusive"),
    ("proto-max-bulk-len", "1k", "argument must be between 1048576 and 9223372036854775807 inclusive"),
    ("hash-max-listpack-entries", "-1", "argument must be between 0 and 9223372036854775807 inclusive"),
    ("maxmemory-clients", "200%", "percentage argument must be less or equal to 100"),
    ("maxmemory-clients", "-5", "argument must be a memory or percent value"),
    ("protected-mode", "maybe", "argument must be 'yes' or 'no'"),
    ("appendfsync", "sometimes", "argument(s) must be one of the following: everysec, always, no"),
    ("maxmemory-policy", "lru", "argument(s) must be one of the following: volatile-lru, volatile-lfu, "
                                "volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, "
                                "noeviction"),
    ("loglevel", "loud", "argument(s) must be one of the following: debug, verbose, notice, warning"),
    ("shutdown-on-sigint", "", "argument(s) must be one of the following: default, save, nosave, now, force"),
    ("shutdown-on-sigint", "save nosave", "shutdown options SAVE and NOSAVE can't be used simultaneously"),
    ("save", "100", "Invalid save parameters"),
    ("save", "0 1", "Invalid save parameters"),
    ("save", "100 -1", "Invalid save parameters"),
    ("save", "100  1", "Invalid save parameters"),
    ("client-output-buffer-limit", "normal 1 2",
     "Wrong number of arguments in buffer limit configuration."),
    ("client-output-buffer-limit", "master 1 2 3",
     "Invalid client class specified in buffer limit configuration."),
    ("client-output-buffer-limit", "normal 1x 2 3",
     "Error in hard, soft or soft_seconds setting in buffer limit configuration."),
    ("oom-score-adj-values", "1 2", "wrong number of arguments"),
    ("oom-score-adj-values", "1 2 3000", "Invalid oom-score-adj-values, elements must be between -2000 and 2000."),
    ("notify-keyspace-events", "KEQ", "Invalid event class character. Use 'Ag$lshzxeKEtmdn'."),
    ("latency-tracking-info-percentiles", "50 abc", "Invalid latency-tracking-info-percentiles parameters"),
    ("latency-tracking-info-percentiles", "101",
     "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]"),
    ("proc-title-template", "{title} {nope}", "template format is invalid or contains unknown variables"),
    ("proc-title-template", "  ", "template format is invalid or contains unknown variables"),
    ("cluster-announce-hostname", "a_b", "Hostnames may only contain alphanumeric characters, hyphens or dots"),
    ("activedefrag", "yes", "Active defragmentation cannot be enabled: it requires a Redis server compiled "
                            "with a modified Jemalloc like the one shipped by default with the Redis source "
                            "distribution"),
])
def test_config_set_invalid_values(raw, name, value, reason):
    before = raw.call("CONFIG", "GET", name)
    assert raw.call("CONFIG", "SET", name, value) == set_err(name, reason)
    assert raw.call("CONFIG", "GET", name) == before


def test_config_set_error_names_the_parameter_as_the_table_spells_it(raw):
    assert raw.call("CONFIG", "SET", "MAXMEMORY", "x") == set_err("maxmemory", "argument must be a memory value")
    assert raw.call("CONFIG", "SET", "Slave-Read-Only", "x") == set_err(
        "slave-read-only", "argument must be 'yes' or 'no'")


def test_config_set_refusals(raw):
    assert raw.call("CONFIG", "SET", "daemonize", "yes") == set_err("daemonize", "can't set immutable config")
    assert raw.call("CONFIG", "SET", "DATABASES", "1") == set_err("DATABASES", "can't set immutable config")
    assert raw.call("CONFIG", "SET", "slaveof", "127.0.0.1 1") == set_err("slaveof", "can't set immutable config")
    assert raw.call("CONFIG", "SET", "dir", "/tmp") == set_err("dir", "can't set protected config")
    assert raw.call("CONFIG", "SET", "dbfilename", "x") == set_err("dbfilename", "can't set protected config")
    assert raw.call("CONFIG", "SET", "bogus", "1") == err(
        "ERR Unknown option or number of arguments for CONFIG SET - 'bogus'")
    assert raw.call("CONFIG", "SET", "maxmemory", "1", "maxmemory", "2") == set_err(
        "maxmemory", "duplicate parameter")
    assert raw.call("CONFIG", "SET", "a", "b", "c") == err("ERR syntax error")
    # the first problem in argument order wins; nothing changes
    assert raw.call("CONFIG", "SET", "maxmemory", "5", "bogus", "2", "daemonize", "3") == err(
        "ERR Unknown option or number of arguments for CONFIG SET - 'bogus'")
    assert raw.call("CONFIG", "SET", "maxmemory", "5", "daemonize", "yes", "bogus", "2") == set_err(
        "daemonize", "can't set immutable config")
    assert raw.call("CONFIG", "GET", "maxmemory") == resp("maxmemory", "0")


def test_config_set_is_atomic_on_a_bad_value(raw, restore):
    restore("maxmemory")
    assert raw.call("CONFIG", "SET", "maxmemory", "10000002") == b"+OK\r\n"
    assert raw.call("CONFIG", "SET", "maxmemory", "10000001", "maxmemory-clients", "200%",
                    "client-query-buffer-limit", "invalid") == set_err(
        "maxmemory-clients", "percentage argument must be less or equal to 100")
    assert raw.call("CONFIG", "GET", "maxmemory", "maxmemory-clients", "client-query-buffer-limit") == resp(
        "maxmemory", "10000002", "maxmemory-clients", "0", "client-query-buffer-limit", "1073741824")


def test_config_set_is_atomic_on_an_apply_failure(start_server):
    s = start_server()
    raw = Raw(s.port)
    busy = socket.socket()
    busy.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    busy.bind(("127.0.0.1", 0))
    busy.listen()
    used = busy.getsockname()[1]
    try:
        assert raw.call("CONFIG", "SET", "maxmemory", "10000001", "port", str(used),
                        "client-query-buffer-limit", "10m") == set_err(
            "port", "Unable to listen on this port. Check server logs.")
        assert raw.call("CONFIG", "GET", "maxmemory", "port", "client-query-buffer-limit") == resp(
            "maxmemory", "0", "port", str(s.port), "client-query-buffer-limit", "1073741824")
        assert Raw(s.port).call("PING") == b"+PONG\r\n"
    finally:
        busy.close()


def test_config_set_port_listens_on_the_new_port(start_server):
    s = start_server()
    new = free_port()
    assert Raw(s.port).call("CONFIG", "SET", "port", str(new)) == b"+OK\r\n"
    assert Raw(new).call("CONFIG", "GET", "port") == resp("port", str(new))
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", s.port), timeout=1).close()
    s.port = new  # so the harness can stop it


def test_config_set_same_port_is_a_no_op(raw, server):
    assert raw.call("CONFIG", "SET", "port", str(server.port)) == b"+OK\r\n"
    assert Raw(server.port).call("PING") == b"+PONG\r\n"


def test_config_set_multi_arg_values(raw, restore):
    restore("save", "shutdown-on-sigint", "client-output-buffer-limit", "latency-tracking-info-percentiles",
            "oom-score-adj-values")
    assert raw.call("CONFIG", "SET", "save", "100 10 200 20") == b"+OK\r\n"
    assert raw.call("CONFIG", "GET", "save") == resp("save", "100 10 200 20")
    assert raw.call("CONFIG", "SET", "save", "") == b"+OK\r\n"
    assert raw.call("CONFIG", "GET", "save") == resp("save", "")
    assert raw.call("CONFIG", "SET", "shutdown-on-sigint", "force nosave now") == b"+OK\r\n"
    assert raw.call("CONFIG", "GET", "shutdown-on-sigint") == resp("shutdown-on-sigint", "nosave now force")
    assert raw.call("CONFIG", "SET", "client-output-buffer-limit", "normal 1mb 2mb 3 pubsub 1k 2k 3") == b"+OK\r\n"
    assert raw.call("CONFIG", "GET", "client-output-buffer-limit") == resp(
        "client-output-buffer-limit", "normal 1048576 2097152 3 slave 268435456 67108864 60 pubsub 1000 2000 3")
    assert raw.call("CONFIG", "SET", "client-output-buffer-limit", "replica 1 2 3") == b"+OK\r\n"
    assert raw.call("CONFIG", "GET", "client-output-buffer-limit") == resp(
        "client-output-buffer-limit", "normal 1048576 2097152 3 slave 1 2 3 pubsub 1000 2000 3")
    assert raw.call("CONFIG", "SET", "latency-tracking-info-percentiles", "1.5 99.999 100") == b"+OK\r\n"
    assert raw.call("CONFIG", "GET", "latency-tracking-info-percentiles") == resp(
        "latency-tracking-info-percentiles", "1.5 99.999 100")
    assert raw.call("CONFIG", "SET", "oom-score-adj-values", "-10 0 10") == b"+OK\r\n"
    assert raw.call("CONFIG", "GET", "oom-score-adj-values") == resp("oom-score-adj-values", "-10 0 10")


@pytest.mark.parametrize("value,expected", [
    ("KEA", "AKE"), ("Ag$lshzxetdnKEm", "AKEm"), ("Exg", "gxE"), ("$lsn", "$lsn"), ("", ""), ("md", "dm"),
])
def test_notify_keyspace_events_format(raw, restore, value, expected):
    restore("notify-keyspace-events")
    assert raw.call("CONFIG", "SET", "notify-keyspace-events", value) == b"+OK\r\n"
    assert raw.call("CONFIG", "GET", "notify-keyspace-events") == resp("notify-keyspace-events", expected)


def test_enum_and_percent_formats(raw, restore):
    restore("oom-score-adj", "maxmemory-clients")
    assert raw.call("CONFIG", "SET", "oom-score-adj", "relative") == b"+OK\r\n"
    assert raw.call("CONFIG", "GET", "oom-score-adj") == resp("oom-score-adj", "yes")
    assert raw.call("CONFIG", "SET", "oom-score-adj", "no") == b"+OK\r\n"
    assert raw.call("CONFIG", "SET", "maxmemory-clients", "5%") == b"+OK\r\n"
    assert raw.call("CONFIG", "GET", "maxmemory-clients") == resp("maxmemory-clients", "5%")
    assert raw.call("CONFIG", "SET", "maxmemory-clients", "1kb") == b"+OK\r\n"
    assert raw.call("CONFIG", "GET", "maxmemory-clients") == resp("maxmemory-clients", "1024")


def test_alias_sets_the_same_parameter(raw, restore):
    restore("hash-max-listpack-entries")
    assert raw.call("CONFIG", "SET", "hash-max-ziplist-entries", "100") == b"+OK\r\n"
    assert raw.call("CONFIG", "GET", "hash-max-listpack-entries") == resp("hash-max-listpack-entries", "100")
    # name and alias in one call are two different arguments for Redis: the last one wins
    assert raw.call("CONFIG", "SET", "hash-max-listpack-entries", "1", "hash-max-ziplist-entries", "2") == b"+OK\r\n"
    assert raw.call("CONFIG", "GET", "hash-max-listpack-entries") == resp("hash-max-listpack-entries", "2")


def test_hz_is_capped(raw, restore):
    restore("hz")
    assert raw.call("CONFIG", "SET", "hz", "1000") == b"+OK\r\n"
    assert raw.call("CONFIG", "GET", "hz") == resp("hz", "500")
    assert raw.call("CONFIG", "SET", "hz", "0") == b"+OK\r\n"
    assert raw.call("CONFIG", "GET", "hz") == resp("hz", "1")
    assert raw.call("INFO", "server").count(b"\r\nhz:1\r\nconfigured_hz:1\r\n") == 1


def test_maxclients_takes_effect(start_server):
    s = start_server()
    raw = Raw(s.port)
    assert raw.call("CONFIG", "SET", "maxclients", "2") == b"+OK\r\n"
    assert b"\r\nmaxclients:2\r\n" in raw.call("INFO", "clients")
    second = Raw(s.port)
    assert second.call("PING") == b"+PONG\r\n"
    third = Raw(s.port)
    assert third.reply() == b"-ERR max number of clients reached\r\n"
    assert raw.call("CONFIG", "SET", "maxclients", "1000") == b"+OK\r\n"
    assert Raw(s.port).call("PING") == b"+PONG\r\n"


def test_requirepass_takes_effect_for_new_connections(start_server):
    s = start_server()
    raw = Raw(s.port)
    assert raw.call("CONFIG", "SET", "requirepass", "secret") == b"+OK\r\n"
    assert raw.call("CONFIG", "GET", "requirepass") == resp("requirepass", "secret")
    other = Raw(s.port)
    assert other.call("PING") == b"-NOAUTH Authentication required.\r\n"
    assert other.call("AUTH", "secret") == b"+OK\r\n"
    assert raw.call("CONFIG", "SET", "requirepass", "") == b"+OK\r\n"
    assert raw.call("CONFIG", "GET", "requirepass") == resp("requirepass", "")


def test_protected_configs_when_enabled(start_server):
    s = start_server("--enable-protected-configs", "yes")
    raw = Raw(s.port)
    assert raw.call("CONFIG", "SET", "dbfilename", "a.rdb") == b"+OK\r\n"
    assert raw.call("CONFIG", "SET", "dbfilename", "a/b.rdb") == set_err(
        "dbfilename", "dbfilename can't be a path, just a filename")
    assert raw.call("CONFIG", "SET", "dir", "/nonexistent/dir") == set_err("dir", "No such file or directory")
    assert raw.call("CONFIG", "SET", "dir", s.dir + "/") == b"+OK\r\n"
    assert raw.call("CONFIG", "GET", "dir") == resp("dir", os.path.realpath(s.dir))


def test_protected_configs_local(start_server):
    s = start_server("--enable-protected-configs", "local")
    assert Raw(s.port).call("CONFIG", "SET", "dbfilename", "a.rdb") == b"+OK\r\n"


# ------------------------------------------------------------------ CONFIG RESETSTAT

def test_config_resetstat(raw):
    raw.call("SET", "k", "v")
    raw.call("GET", "k")
    raw.call("GET")
    raw.call("NOSUCHCMD")
    assert raw.call("CONFIG", "RESETSTAT") == b"+OK\r\n"
    info = raw.call("INFO", "all").decode()
    assert "cmdstat_set" not in info and "cmdstat_get" not in info
    assert "\r\n# Errorstats\r\n\r\n" in info
    assert "\r\ntotal_error_replies:0\r\n" in info
    assert "\r\nkeyspace_hits:0\r\n" in info
    assert "\r\ntotal_commands_processed:1\r\n" in info  # CONFIG RESETSTAT itself


# ------------------------------------------------------------------ CONFIG REWRITE

def test_config_rewrite_without_config_file(raw):
    assert raw.call("CONFIG", "REWRITE") == err("ERR The server is running without a config file")


ORIGINAL = """# my comment
port PORT
save 100 1
save 200 2



slave-read-only no
maxmemory 2mb
hash-max-ziplist-entries 20
Hash-Max-Listpack-Entries 21
"""


def test_config_rewrite_round_trip(start_server, tmp_path):
    port = free_port()
    path = tmp_path / "redis.conf"
    path.write_text(ORIGINAL.replace("PORT", str(port)))
    s = start_server(port=port, config_file=str(path))
    raw = Raw(s.port)
    with open(path, "a") as f:
        f.write("bogus-directive 1\n")
    assert raw.call("CONFIG", "SET", "save", "300 3", "maxmemory", "3000", "hz", "20",
                    "notify-keyspace-events", "KEA", "requirepass", 'a"b c', "hash-max-ziplist-entries", "5",
                    "client-output-buffer-limit", "pubsub 1mb 0 0") == b"+OK\r\n"
    assert raw.call("CONFIG", "REWRITE") == b"+OK\r\n"
    text = path.read_text()
    # The test harness adds --port/--bind/--save/--appendonly/--dir/--enable-debug-command.
    assert text == (
        f"# my comment\nport {port}\nsave 300 3\n\n"
        "replica-read-only no\nmaxmemory 3000\nhash-max-listpack-entries 5\n\n"
        "# ??? bogus-directive 1\n\n"  # the file's last newline leaves an empty line, as in Redis
        "# Generated by CONFIG REWRITE\n"
        "bind 127.0.0.1\n"
        "enable-debug-command yes\n"
        f'dir "{os.path.realpath(s.dir)}"\n'
        'requirepass "a\\"b c"\n'
        "latency-tracking-info-percentiles 50 99 99.9\n"
        'notify-keyspace-events "AKE"\n'
        "client-output-buffer-limit pubsub 1mb 0 0\n"
        "hz 20\n")
    # A second rewrite reuses the lines and keeps the signature once. Like Redis, the first
    # client-output-buffer-limit line (class normal) takes the old line and the changed class
    # is appended after the file's trailing empty line.
    assert raw.call("CONFIG", "SET", "hz", "30") == b"+OK\r\n"
    assert raw.call("CONFIG", "REWRITE") == b"+OK\r\n"
    assert path.read_text() == text.replace("hz 20", "hz 30").replace(
        "pubsub 1mb 0 0\n", "normal 0 0 0\n") + "\nclient-output-buffer-limit pubsub 1mb 0 0\n"
    # The rewritten file loads (without the unknown line) and gives the same values.
    path.write_text(path.read_text().replace("# ??? bogus-directive 1\n", ""))
    assert "bogus" not in path.read_text()
    s2 = start_server(config_file=str(path))
    raw2 = Raw(s2.port)
    assert raw2.call("AUTH", 'a"b c') == b"+OK\r\n"
    # (save is not compared: the harness starts servers with --save "")
    for name in ("maxmemory", "hz", "notify-keyspace-events", "hash-max-listpack-entries",
                 "replica-read-only", "client-output-buffer-limit", "requirepass"):
        assert raw2.call("CONFIG", "GET", name) == raw.call("CONFIG", "GET", name), name


def test_config_rewrite_save_empty_and_defaults(start_server, tmp_path):
    path = tmp_path / "a.conf"
    path.write_text("# nothing\n")
    s = start_server(config_file=str(path))
    raw = Raw(s.port)
    assert raw.call("CONFIG", "SET", "save", "", "maxmemory", "0") == b"+OK\r\n"
    assert raw.call("CONFIG", "REWRITE") == b"+OK\r\n"
    text = path.read_text()
    assert 'save ""\n' in text
    assert "maxmemory" not in text  # default values are not written


def test_config_rewrite_failure(start_server, tmp_path):
    d = tmp_path / "gone"
    d.mkdir()
    path = d / "a.conf"
    path.write_text("# x\n")
    s = start_server(config_file=str(path))
    path.unlink()
    d.rmdir()  # the temporary file cannot be created any more
    assert Raw(s.port).call("CONFIG", "REWRITE") == err("ERR Rewriting config file: No such file or directory")


# ------------------------------------------------------------------ config files and options

def test_mnemo_conf_is_the_dumped_table_and_loads():
    with open(os.path.join(ROOT, "mnemo.conf")) as f:
        shipped = f.read()
    code, _, out = run_server("--dump-config")
    assert code == 0
    assert out == shipped
    assert "\nmaxmemory 0\n" in shipped and "\nbind * -::*\n" in shipped


def test_server_starts_with_mnemo_conf(start_server):
    s = start_server(config_file=os.path.join(ROOT, "mnemo.conf"))
    raw = Raw(s.port)
    assert raw.call("CONFIG", "GET", "maxmemory-policy") == resp("maxmemory-policy", "noeviction")
    assert raw.call("CONFIG", "GET", "client-output-buffer-limit") == resp(
        "client-output-buffer-limit", "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60")
    assert b"config_file:" + os.path.join(ROOT, "mnemo.conf").encode() + b"\r\n" in raw.call("INFO", "server")


@pytest.mark.parametrize("args,line,linenum,reason", [
    (["--port"], "port", 2, "wrong number of arguments"),
    (["--port", "6380", "--loglevel"], "loglevel", 3, "wrong number of arguments"),
    (["--port", "6379", "6380"], 'port "6379" "6380"', 2, "wrong number of arguments"),
    (["--port", "--loglevel", "verbose"], 'port "--loglevel" "verbose"', 2, "wrong number of arguments"),
    (["--port", "--bla", "--loglevel", "verbose"], 'port "--bla"', 2,
     "argument couldn't be parsed into an integer"),
    (["--logfile", "--my--log--file", "--loglevel", "--bla"], 'loglevel "--bla"', 3,
     "argument(s) must be one of the following: debug, verbose, notice, warning"),
    (["--shutdown-on-sigint"], "shutdown-on-sigint", 2,
     "argument(s) must be one of the following: default, save, nosave, now, force"),
    (["--replicaof", "127.0.0.1", "abc"], 'replicaof "127.0.0.1" "abc"', 2, "Invalid master port"),
    (["--replicaof", "--127.0.0.1", "--abc"], 'replicaof "--127.0.0.1"', 2, "wrong number of arguments"),
    (["--bogus", "1"], 'bogus "1"', 2, "Bad directive or wrong number of arguments"),
    (["--maxmemory", "1x"], 'maxmemory "1x"', 2, "argument must be a memory value"),
    (["--unixsocketperm", "8"], 'unixsocketperm "8"', 2, "argument couldn't be parsed as an octal number"),
    (["--unixsocketperm", "1000"], 'unixsocketperm "1000"', 2, "argument must be between 0 and 777 inclusive"),
    (["--bind", *"a b c d e f g h i j k l m n o p q".split()],
     'bind "a" "b" "c" "d" "e" "f" "g" "h" "i" "j" "k" "l" "m" "n" "o" "p" "q"', 2,
     "Too many bind addresses specified."),
    (["--save", "1"], 'save "1"', 2, "Invalid save parameters"),
    (["--dir", "/nonexistent/dir"], 'dir "/nonexistent/dir"', 2, "No such file or directory"),
    (["--hz", "1", "--mymod.x"], "mymod.x", 3, "Module config specified without value"),
    (["--port", "'x"], 'port "\'x"', 2, "argument couldn't be parsed into an integer"),
    (["--list-max-ziplist-entries", "5", "--bogus", "x"], 'bogus "x"', 3,
     "Bad directive or wrong number of arguments"),
    (["--dbfilename", "a/b"], 'dbfilename "a/b"', 2, "dbfilename can't be a path, just a filename"),
    (["--appendfilename", ""], 'appendfilename ""', 2, "appendfilename can't be empty"),
])
def test_command_line_errors(args, line, linenum, reason):
    code, stderr, _ = run_server(*args)
    assert code == 1
    assert stderr == fatal(linenum, line, reason)


def test_logfile_that_cannot_be_opened():
    code, stderr, _ = run_server("--logfile", "/nonexistent/dir/x.log")
    assert code == 1
    assert stderr == ("\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\n"
                      "Can't open the log file: No such file or directory\n")


def test_missing_config_file():
    code, stderr, out = run_server("/nonexistent.conf")
    assert code == 1 and stderr == ""
    assert out.endswith("# Fatal error, can't open config file '/nonexistent.conf': No such file or directory\n")


def test_config_file_errors(tmp_path):
    inc = tmp_path / "inc.conf"
    inc.write_text("# included\n\nport 0\nbogus yes\n")
    cases = [
        ("# c\n\nport 0\nbogus yes\n", 4, "bogus yes", "Bad directive or wrong number of arguments"),
        ("port 0\n  \t save 1 \n", 2, "save 1", "Invalid save parameters"),
        (f"port 0\ninclude {inc}\n", 4, "bogus yes", "Bad directive or wrong number of arguments"),
        ('port 0\nmaxmemory "1mb\n', 2, 'maxmemory "1mb', "Unbalanced quotes in configuration line"),
        ('port 0\n"loglevel" "bad"x\n', 2, '"loglevel" "bad"x', "Unbalanced quotes in configuration line"),
        ("port 0\r\nloglevel 'x'\r\n", 2, "loglevel 'x'",
         "argument(s) must be one of the following: debug, verbose, notice, warning"),
        ("PORT 0\nMAXMEMORY 1Z\n", 2, "MAXMEMORY 1Z", "argument must be a memory value"),
        ("port 0\nsave 1 2 3\n", 2, "save 1 2 3", "Invalid save parameters"),
        ("port 0\nhz\n", 2, "hz", "wrong number of arguments"),
        (f"include {tmp_path}/none*.conf\nport x\n", 2, "port x", "argument couldn't be parsed into an integer"),
    ]
    for text, linenum, line, reason in cases:
        path = tmp_path / "a.conf"
        path.write_text(text)
        code, stderr, _ = run_server(str(path))
        assert (code, stderr) == (1, fatal(linenum, line, reason)), text


def test_option_line_numbers_follow_the_file_and_stdin(tmp_path):
    path = tmp_path / "a.conf"
    path.write_text("port 0\nsave 900 1\n")
    code, stderr, _ = run_server(str(path), "--bogus", "1")
    assert (code, stderr) == (1, fatal(4, 'bogus "1"', "Bad directive or wrong number of arguments"))
    code, stderr, _ = run_server(str(path), "--hz", "5", "-", stdin=b"port 0\nfoo bar\n")
    assert (code, stderr) == (1, fatal(4, "foo bar", "Bad directive or wrong number of arguments"))


def test_deprecated_directives_are_ignored(start_server):
    s = start_server("--list-max-ziplist-entries", "5", "--lua-replicate-commands", "yes")
    assert Raw(s.port).call("PING") == b"+PONG\r\n"


def test_config_from_stdin(tmp_path):
    port = free_port()
    proc = subprocess.Popen([BINARY, "-", "--save", ""], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, cwd=str(tmp_path))
    proc.stdin.write(f"port {port}\nbind 127.0.0.1\nmaxmemory 2mb\n".encode())
    proc.stdin.close()
    try:
        raw = wait_raw(port, proc)
        assert raw.call("CONFIG", "GET", "maxmemory", "save") == resp("maxmemory", "2097152", "save", "")
        assert raw.call("CONFIG", "REWRITE") == err("ERR The server is running without a config file")
    finally:
        proc.terminate()
        proc.wait(5)


def wait_raw(port, proc):
    import time
    for _ in range(200):
        if proc.poll() is not None:
            raise RuntimeError("server exited")
        try:
            return Raw(port)
        except OSError:
            time.sleep(0.02)
    raise RuntimeError("server did not start")


@pytest.mark.parametrize("args,expected", [
    (["--save", "--loglevel", "verbose"], ("", "verbose")),
    (["--loglevel", "verbose", "--save"], ("", "verbose")),
    (["--save", "", "--loglevel", "verbose"], ("", "verbose")),
    (["--save", "100", "100"], ("100 100", "notice")),
    (["--save", "100 100", "--save", "5 5"], ("100 100 5 5", "notice")),
    (["--loglevel verbose", "--save 7 7"], ("7 7", "verbose")),
])
def test_command_line_save_and_options(start_server, tmp_path, args, expected):
    path = tmp_path / "a.conf"
    path.write_text("save 900 1\n")
    # The harness passes --save "" before these options: it empties the file's "save 900 1",
    # and later save options add points (only the first save line read replaces the defaults).
    s = start_server(*args, config_file=str(path))
    raw = Raw(s.port)
    assert raw.call("CONFIG", "GET", "save", "loglevel") == resp("save", expected[0], "loglevel", expected[1])


def test_command_line_values_with_spaces_and_dashes(start_server):
    s = start_server("--proc-title-template", "--my--title {title}", "--bind", "127.0.0.1", "-::1",
                     "--shutdown-on-sigint", "nosave", "force", "now", "--ignore-warnings", "a b",
                     '--maxmemory-policy "volatile-lru"', "--maxmemory 700mb")
    raw = Raw(s.port)
    assert raw.call("CONFIG", "GET", "proc-title-template", "bind", "shutdown-on-sigint", "ignore-warnings",
                    "maxmemory-policy", "maxmemory") == resp(
        "proc-title-template", "--my--title {title}", "bind", "127.0.0.1 -::1", "shutdown-on-sigint",
        "nosave now force", "ignore-warnings", "a b", "maxmemory-policy", "volatile-lru",
        "maxmemory", "734003200")


def test_include_and_glob_include(start_server, tmp_path):
    (tmp_path / "conf.d").mkdir()
    (tmp_path / "conf.d" / "a.conf").write_text("maxmemory 1mb\n")
    (tmp_path / "conf.d" / "b.conf").write_text("maxmemory-samples 7\n")
    main = tmp_path / "main.conf"
    main.write_text(f"include {tmp_path}/conf.d/*.conf\ninclude {tmp_path}/nothing-*.conf\nhz 11\n")
    s = start_server(config_file=str(main))
    assert Raw(s.port).call("CONFIG", "GET", "maxmemory", "maxmemory-samples", "hz") == resp(
        "maxmemory", "1048576", "maxmemory-samples", "7", "hz", "11")


def test_bind_empty_means_no_tcp():
    code, _, out = run_server("--bind", "")
    assert code == 1
    assert out.endswith("# Configured to not listen anywhere, exiting.\n")
