"""SLOWLOG GET/LEN/RESET/HELP and what gets logged, with Redis 7.0's exact replies.

Each test starts its own server: the slowlog settings are start-up arguments here and
the log is global state."""
import time

import pytest

from conftest import Raw


def entries(r, *count):
    return r.execute_command("SLOWLOG", "GET", *count)


@pytest.fixture
def logall(start_server):
    """A server that logs every command, keeping at most 10 entries."""
    s = start_server("--slowlog-log-slower-than", "0", "--slowlog-max-len", "10")
    c = s.client()
    yield c
    c.close()


def test_starts_empty_and_fast_commands_are_not_logged(start_server):
    s = start_server()  # default threshold: 10000 microseconds
    raw = Raw(s.port)
    assert raw.call("SLOWLOG", "LEN") == b":0\r\n"
    assert raw.call("PING") == b"+PONG\r\n"
    assert raw.call("SLOWLOG", "GET") == b"*0\r\n"
    assert raw.call("SLOWLOG", "LEN") == b":0\r\n"


def test_slow_command_entry(start_server):
    s = start_server()
    raw = Raw(s.port)
    assert raw.call("CLIENT", "SETNAME", "foobar") == b"+OK\r\n"
    before = int(time.time())
    assert raw.call("DEBUG", "SLEEP", "0.2") == b"+OK\r\n"
    reply = raw.call("SLOWLOG", "GET")
    addr = b"127.0.0.1:%d" % raw.sock.getsockname()[1]
    head = b"*1\r\n*6\r\n:0\r\n:"
    assert reply.startswith(head)
    rest = reply[len(head):]
    ts, rest = rest.split(b"\r\n", 1)
    assert before <= int(ts) <= int(time.time())
    assert rest[:1] == b":"
    dur, rest = rest[1:].split(b"\r\n", 1)
    assert 200000 <= int(dur) < 5000000
    assert rest == (b"*3\r\n$5\r\nDEBUG\r\n$5\r\nSLEEP\r\n$3\r\n0.2\r\n$%d\r\n%s\r\n$6\r\nfoobar\r\n"
                    % (len(addr), addr))
    assert raw.call("SLOWLOG", "LEN") == b":1\r\n"


def test_newest_first_ids_and_empty_name(logall):
    logall.execute_command("SLOWLOG", "RESET")
    logall.execute_command("ECHO", "a")
    logall.execute_command("ECHO", "b")
    e = entries(logall)
    assert [x[3] for x in e[:3]] == [[b"ECHO", b"b"], [b"ECHO", b"a"], [b"SLOWLOG", b"RESET"]]
    ids = [x[0] for x in e]
    assert ids == sorted(ids, reverse=True) and ids[0] == ids[2] + 2
    assert e[0][5] == b""


def test_max_len_and_ids_keep_counting(logall):
    for i in range(30):
        logall.execute_command("PING")
    assert logall.execute_command("SLOWLOG", "LEN") == 10
    first = entries(logall, 1)[0][0]
    logall.execute_command("SLOWLOG", "RESET")
    # the RESET itself is logged once it has run
    assert logall.execute_command("SLOWLOG", "LEN") == 1
    e = entries(logall, -1)
    assert [x[3] for x in e] == [[b"SLOWLOG", b"LEN"], [b"SLOWLOG", b"RESET"]]
    assert e[1][0] > first


def test_get_count(logall):
    for i in range(12):
        logall.execute_command("PING")
    assert len(entries(logall)) == 10
    assert len(entries(logall, 5)) == 5
    assert entries(logall, 0) == []
    assert len(entries(logall, 1)) == 1
    assert len(entries(logall, -1)) == 10
    assert len(entries(logall, 100)) == 10


@pytest.mark.parametrize("count", ["-2", "-222", "abc", "1.5", "99999999999999999999", ""])
def test_get_count_errors(start_server, count):
    s = start_server()
    assert Raw(s.port).call("SLOWLOG", "GET", count) == b"-ERR count should be greater than or equal to -1\r\n"


def test_too_many_arguments_are_trimmed(logall):
    args = [str(i) for i in range(2, 34)]  # DEL and 32 keys: 33 arguments
    logall.execute_command("ECHO", "x")
    logall.execute_command("SLOWLOG", "RESET")
    logall.execute_command("DEL", *args)
    argv = entries(logall)[0][3]
    assert len(argv) == 32
    assert argv[:31] == [b"DEL"] + [a.encode() for a in args[:30]]
    assert argv[31] == b"... (2 more arguments)"


def test_exactly_32_arguments_are_kept(logall):
    args = [str(i) for i in range(31)]
    logall.execute_command("SLOWLOG", "RESET")
    with pytest.raises(Exception, match="wrong number of arguments for 'ping' command"):
        logall.execute_command("PING", *args)  # an error reply: still logged
    assert entries(logall)[0][3] == [b"PING"] + [a.encode() for a in args]


def test_long_arguments_are_trimmed(logall):
    logall.execute_command("SLOWLOG", "RESET")
    logall.execute_command("ECHO", "A" * 129)
    logall.execute_command("ECHO", "B" * 128)
    e = entries(logall)
    assert e[0][3] == [b"ECHO", b"B" * 128]
    assert e[1][3] == [b"ECHO", b"A" * 128 + b"... (1 more bytes)"]
    logall.execute_command("ECHO", "C" * 1000)
    assert entries(logall, 1)[0][3] == [b"ECHO", b"C" * 128 + b"... (872 more bytes)"]


def test_disabled_with_negative_threshold(start_server):
    s = start_server("--slowlog-log-slower-than", "-1")
    raw = Raw(s.port)
    assert raw.call("DEBUG", "SLEEP", "0.05") == b"+OK\r\n"
    assert raw.call("SLOWLOG", "LEN") == b":0\r\n"


def test_max_len_zero_keeps_nothing(start_server):
    s = start_server("--slowlog-log-slower-than", "0", "--slowlog-max-len", "0")
    raw = Raw(s.port)
    assert raw.call("PING") == b"+PONG\r\n"
    assert raw.call("SLOWLOG", "LEN") == b":0\r\n"


def test_client_address_and_resp3(start_server):
    s = start_server("--slowlog-log-slower-than", "0")
    raw = Raw(s.port)
    raw.call("HELLO", "3")
    raw.call("SLOWLOG", "RESET")
    reply = raw.call("SLOWLOG", "GET", "1")
    addr = b"127.0.0.1:%d" % raw.sock.getsockname()[1]
    assert reply.startswith(b"*1\r\n*6\r\n:")
    assert reply.endswith(b"*2\r\n$7\r\nSLOWLOG\r\n$5\r\nRESET\r\n$%d\r\n%s\r\n$0\r\n\r\n" % (len(addr), addr))


def test_help_and_errors(start_server):
    s = start_server()
    raw = Raw(s.port)
    assert raw.call("SLOWLOG", "HELP") == (
        b"*12\r\n+SLOWLOG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n"
        b"+GET [<count>]\r\n"
        b"+    Return top <count> entries from the slowlog (default: 10, -1 mean all).\r\n"
        b"+    Entries are made of:\r\n"
        b"+    id, timestamp, time in microseconds, arguments array, client IP and port,\r\n"
        b"+    client name\r\n"
        b"+LEN\r\n+    Return the length of the slowlog.\r\n"
        b"+RESET\r\n+    Reset the slowlog.\r\n"
        b"+HELP\r\n+    Prints this help.\r\n")
    assert raw.call("SLOWLOG") == b"-ERR wrong number of arguments for 'slowlog' command\r\n"
    assert raw.call("SLOWLOG", "FOO") == b"-ERR unknown subcommand 'FOO'. Try SLOWLOG HELP.\r\n"
    assert raw.call("SLOWLOG", "GET", "1", "2") == \
        b"-ERR unknown subcommand or wrong number of arguments for 'GET'. Try SLOWLOG HELP.\r\n"
    assert raw.call("SLOWLOG", "LEN", "x") == b"-ERR wrong number of arguments for 'slowlog|len' command\r\n"
    assert raw.call("SLOWLOG", "RESET", "x") == b"-ERR wrong number of arguments for 'slowlog|reset' command\r\n"
    assert raw.call("SLOWLOG", "HELP", "x") == b"-ERR wrong number of arguments for 'slowlog|help' command\r\n"
    assert raw.call("slowlog", "reset") == b"+OK\r\n"
