"""MEMORY USAGE / PURGE / MALLOC-STATS / HELP."""


def test_memory_usage_sizes(r):
    r.set("small", "v")
    r.set("big", "A" * 33000)
    small = r.memory_usage("small")
    big = r.memory_usage("big")
    assert 16 <= small <= 128
    # the value is stored exactly, not in an oversized query-buffer copy
    assert 33000 <= big < 42000
    assert r.memory_usage("missing") is None


def test_memory_usage_errors(raw):
    raw.call("SET", "k", "v")
    assert raw.call("MEMORY", "USAGE", "k", "SAMPLES", "-1") == b"-ERR syntax error\r\n"
    assert raw.call("MEMORY", "USAGE", "k", "SAMPLES", "x") == (
        b"-ERR value is not an integer or out of range\r\n")
    assert raw.call("MEMORY", "USAGE", "k", "FOO") == b"-ERR syntax error\r\n"
    assert raw.call("MEMORY", "USAGE", "k", "SAMPLES") == b"-ERR syntax error\r\n"
    assert raw.call("MEMORY", "USAGE") == b"-ERR wrong number of arguments for 'memory|usage' command\r\n"
    assert raw.call("MEMORY", "NOPE") == b"-ERR unknown subcommand 'NOPE'. Try MEMORY HELP.\r\n"
    assert raw.call("MEMORY", "USAGE", "k", "SAMPLES", "0").startswith(b":")


def test_memory_purge_and_stats(raw):
    assert raw.call("MEMORY", "PURGE") == b"+OK\r\n"
    stats = raw.call("MEMORY", "MALLOC-STATS")
    assert stats.startswith(b"$") and b"jemalloc statistics" in stats
    help_reply = raw.call("MEMORY", "HELP")
    assert help_reply.startswith(b"*9\r\n+MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n")
