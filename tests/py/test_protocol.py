"""The wire protocol, byte for byte: RESP multibulk and inline requests,
pipelining, protocol errors (each with Redis's exact text, each closing the
connection after the replies that came before it), the auth limits,
proto-max-bulk-len, and HELLO / RESP3.

Expected bytes were taken from redis-server 7.0.15 fed the same input."""
import re
import socket

import pytest

from conftest import Raw


def send_and_close(raw, data):
    """Sends data, waits for the server to close; returns everything it sent."""
    try:
        raw.send(data)
    except (BrokenPipeError, ConnectionResetError):
        pass
    assert raw.closed(), "server did not close the connection"
    return raw.buf


def still_serving(port):
    c = Raw(port)
    try:
        assert c.call("PING") == b"+PONG\r\n"
    finally:
        c.close()


# ------------------------------------------------------------ pipelining


def test_pipeline_many_commands_one_send(raw):
    n = 2000
    out = []
    for i in range(n):
        out.append(b"*3\r\n$3\r\nSET\r\n$%d\r\nk%d\r\n$%d\r\nv%d\r\n" % (len(str(i)) + 1, i, len(str(i)) + 1, i))
        out.append(b"*2\r\n$3\r\nGET\r\n$%d\r\nk%d\r\n" % (len(str(i)) + 1, i))
    raw.send(b"".join(out))
    for i in range(n):
        assert raw.reply() == b"+OK\r\n"
        assert raw.reply() == b"$%d\r\nv%d\r\n" % (len(str(i)) + 1, i)
    assert raw.call("DEL", *["k%d" % i for i in range(n)]) == b":%d\r\n" % n


def test_pipeline_mixed_inline_and_multibulk(raw):
    raw.send(b"PING\r\n*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\nECHO inline\r\n*1\r\n$4\r\nPING\r\nPING\n")
    assert raw.reply() == b"+PONG\r\n"
    assert raw.reply() == b"$2\r\nhi\r\n"
    assert raw.reply() == b"$6\r\ninline\r\n"
    assert raw.reply() == b"+PONG\r\n"
    assert raw.reply() == b"+PONG\r\n"


def test_pipeline_replies_in_order_with_errors(raw):
    raw.send(b"ECHO a\r\nNOSUCH\r\nGET\r\nECHO b\r\n")
    assert raw.reply() == b"$1\r\na\r\n"
    assert raw.reply() == b"-ERR unknown command 'NOSUCH', with args beginning with: \r\n"
    assert raw.reply() == b"-ERR wrong number of arguments for 'get' command\r\n"
    assert raw.reply() == b"$1\r\nb\r\n"


def test_request_split_in_tiny_writes(raw):
    data = b"*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nva\r\nl\r\n*2\r\n$3\r\nGET\r\n$3\r\nkey\r\n"
    raw.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    for b in data:
        raw.send(bytes([b]))
    assert raw.reply() == b"+OK\r\n"
    assert raw.reply() == b"$5\r\nva\r\nl\r\n"


def test_empty_and_negative_multibulk_are_skipped(raw):
    raw.send(b"*0\r\n*-1\r\n*-10\r\nPING\r\n")
    assert raw.reply() == b"+PONG\r\n"


def test_quit_stops_the_pipeline(raw):
    assert send_and_close(raw, b"PING\r\nQUIT\r\nPING\r\n") == b"+PONG\r\n+OK\r\n"


def test_binary_safe_arguments(raw):
    value = bytes(range(256)) * 4 + b"\r\n\x00\r\n"
    assert raw.call("SET", b"bin\x00key", value) == b"+OK\r\n"
    assert raw.call("GET", b"bin\x00key") == b"$%d\r\n%s\r\n" % (len(value), value)


def test_big_argument_round_trip(raw):
    value = (b"0123456789abcdef" * 65536 * 3)[: 3 * 1024 * 1024 + 5]  # > 3 MB, not aligned
    assert raw.call("SET", "big", value) == b"+OK\r\n"
    assert raw.call("GET", "big") == b"$%d\r\n%s\r\n" % (len(value), value)
    assert raw.call("DEL", "big") == b":1\r\n"


def test_short_bulk_shifts_the_framing(raw):
    # "$1" followed by two bytes: the extra byte and CR are taken as the
    # bulk's CRLF, the LF starts a new (inline) request, as in Redis.
    raw.send(b"*2\r\n$4\r\nECHO\r\n$1\r\nab\r\n$1\r\nc\r\n")
    assert raw.reply() == b"$1\r\na\r\n"
    assert raw.reply() == b"-ERR unknown command '$1', with args beginning with: \r\n"
    assert raw.reply() == b"-ERR unknown command 'c', with args beginning with: \r\n"


# ---------------------------------------------------------------- inline


@pytest.mark.parametrize(
    "line,reply",
    [
        (b"ECHO hello\r\n", b"$5\r\nhello\r\n"),
        (b"ECHO hello\n", b"$5\r\nhello\r\n"),
        (b"   ECHO    spaced   \r\n", b"$6\r\nspaced\r\n"),
        (b'ECHO "a b"\r\n', b"$3\r\na b\r\n"),
        (b"ECHO 'a b'\r\n", b"$3\r\na b\r\n"),
        (b'ECHO ""\r\n', b"$0\r\n\r\n"),
        (b'ECHO "\\x41\\x4"\r\n', b"$3\r\nAx4\r\n"),
        (b'ECHO "tab\\there"\r\n', b"$8\r\ntab\there\r\n"),
        (b'ECHO "q\\"uote"\r\n', b'$6\r\nq"uote\r\n'),
        (b"ECHO 'it\\'s'\r\n", b"$4\r\nit's\r\n"),
        (b"ECHO 'no\\nescape'\r\n", b"$10\r\nno\\nescape\r\n"),
        (b'ECHO ab"c d"\r\n', b"$5\r\nabc d\r\n"),
    ],
)
def test_inline_quoting(raw, line, reply):
    raw.send(line)
    assert raw.reply() == reply


def test_inline_set_get_with_quotes(raw):
    raw.send(b"SET \"my key\" 'my value'\r\n")
    assert raw.reply() == b"+OK\r\n"
    assert raw.call("GET", "my key") == b"$8\r\nmy value\r\n"
    assert raw.call("DEL", "my key") == b":1\r\n"


def test_inline_blank_lines_are_ignored(raw):
    raw.send(b"\r\n\n   \r\n\t\r\nPING\r\n")
    assert raw.reply() == b"+PONG\r\n"


def test_inline_unknown_command_text(raw):
    raw.send(b"nosuch a b\r\n")
    assert raw.reply() == b"-ERR unknown command 'nosuch', with args beginning with: 'a' 'b' \r\n"


# -------------------------------------------------------- protocol errors


@pytest.mark.parametrize(
    "data,error",
    [
        (b"*abc\r\n", b"invalid multibulk length"),
        (b"*3000000000\r\n", b"invalid multibulk length"),
        (b"*+1\r\n", b"invalid multibulk length"),
        (b"*1\r\n$abc\r\n", b"invalid bulk length"),
        (b"*1\r\n$-1\r\n", b"invalid bulk length"),
        (b"*1\r\n$\r\n", b"invalid bulk length"),
        (b"*1\r\nx3\r\nfoo\r\n", b"expected '$', got 'x'"),
        (b"*2\r\n$4\r\nECHO\r\n:1\r\n", b"expected '$', got ':'"),
        (b'SET "a b\r\n', b"unbalanced quotes in request"),
        (b"SET 'a\r\n", b"unbalanced quotes in request"),
        (b'ECHO "a"b\r\n', b"unbalanced quotes in request"),
    ],
)
def test_protocol_error_closes_connection(server, raw, data, error):
    assert send_and_close(raw, data) == b"-ERR Protocol error: " + error + b"\r\n"
    still_serving(server.port)


def test_too_big_inline_request(server, raw):
    assert send_and_close(raw, b"a" * 70000) == b"-ERR Protocol error: too big inline request\r\n"
    still_serving(server.port)


def test_inline_at_the_limit_is_still_waiting(raw):
    raw.send(b"ECHO " + b"x" * (64 * 1024 - 5))  # exactly 64 KB, no newline yet
    assert not raw.closed(timeout=0.3)
    raw.send(b"\r\n")
    assert raw.reply() == b"$65531\r\n" + b"x" * 65531 + b"\r\n"


def test_too_big_mbulk_count_string(server, raw):
    assert send_and_close(raw, b"*" + b"1" * 70000) == b"-ERR Protocol error: too big mbulk count string\r\n"
    still_serving(server.port)


def test_too_big_bulk_count_string(server, raw):
    data = b"*1\r\n$" + b"1" * 70000
    assert send_and_close(raw, data) == b"-ERR Protocol error: too big bulk count string\r\n"
    still_serving(server.port)


def test_error_after_good_commands_in_same_pipeline(raw):
    data = b"*1\r\n$4\r\nPING\r\nECHO ok\r\n*x\r\nPING\r\n"
    assert send_and_close(raw, data) == b"+PONG\r\n$2\r\nok\r\n-ERR Protocol error: invalid multibulk length\r\n"


def test_error_after_a_partial_command(raw):
    # the first argument arrived, then the framing breaks
    raw.send(b"*3\r\n$3\r\nSET\r\n")
    assert not raw.closed(timeout=0.2)
    assert send_and_close(raw, b"$1\r\nk\r\n!\r\n") == b"-ERR Protocol error: expected '$', got '!'\r\n"


def test_bulk_over_proto_max_bulk_len(start_server):
    s = start_server("--proto-max-bulk-len", "1mb")
    c = Raw(s.port)
    # exactly the limit is accepted
    value = b"v" * (1024 * 1024)
    assert c.call("ECHO", value) == b"$1048576\r\n" + value + b"\r\n"
    c.close()
    c = Raw(s.port)
    assert send_and_close(c, b"*2\r\n$4\r\nECHO\r\n$1048577\r\n") == b"-ERR Protocol error: invalid bulk length\r\n"
    c.close()
    still_serving(s.port)


def test_unauthenticated_limits(start_server):
    s = start_server("--requirepass", "secret")
    c = Raw(s.port)
    assert send_and_close(c, b"*11\r\n") == b"-ERR Protocol error: unauthenticated multibulk length\r\n"
    c.close()
    c = Raw(s.port)
    assert send_and_close(c, b"*2\r\n$4\r\nECHO\r\n$16385\r\n") == b"-ERR Protocol error: unauthenticated bulk length\r\n"
    c.close()
    # the limits themselves are fine, and are lifted by AUTH
    c = Raw(s.port)
    assert c.call("PING") == b"-NOAUTH Authentication required.\r\n"
    assert c.call(*["DEL"] + ["x"] * 9) == b"-NOAUTH Authentication required.\r\n"
    assert c.call("AUTH", "x" * 16384) == b"-WRONGPASS invalid username-password pair or user is disabled.\r\n"
    assert c.call("AUTH", "secret") == b"+OK\r\n"
    value = b"y" * 20000
    assert c.call("ECHO", value) == b"$20000\r\n" + value + b"\r\n"
    c.send(b"*12\r\n" + b"$1\r\na\r\n" * 12)
    assert c.reply() == b"-ERR unknown command 'a', with args beginning with: 'a' 'a' 'a' 'a' 'a' 'a' 'a' 'a' 'a' 'a' 'a' \r\n"
    c.close()


# ------------------------------------------------------------ HELLO, RESP3


def hello_map(proto, cid):
    return (
        b"$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nproto\r\n:%d\r\n"
        b"$2\r\nid\r\n:%d\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n"
        b"$7\r\nmodules\r\n*0\r\n" % (proto, cid)
    )


def client_id(reply):
    m = re.search(rb"\$2\r\nid\r\n:(\d+)\r\n", reply)
    assert m, reply
    return int(m.group(1))


def test_hello_3_and_back_to_2(raw):
    r3 = raw.call("HELLO", "3")
    cid = client_id(r3)
    assert r3 == b"%7\r\n" + hello_map(3, cid)
    assert raw.call("GET", "no-such-key") == b"_\r\n"
    assert raw.call("PING") == b"+PONG\r\n"
    assert raw.call("ECHO", "x") == b"$1\r\nx\r\n"
    r2 = raw.call("HELLO", "2")
    assert r2 == b"*14\r\n" + hello_map(2, cid)
    assert raw.call("GET", "no-such-key") == b"$-1\r\n"


def test_hello_without_version_keeps_protocol(raw):
    assert raw.call("HELLO") == b"*14\r\n" + hello_map(2, client_id(raw.call("HELLO")))
    raw.call("HELLO", "3")
    r = raw.call("HELLO")
    assert r == b"%7\r\n" + hello_map(3, client_id(r))


def test_hello_ids_differ_per_connection(server, raw):
    other = Raw(server.port)
    try:
        assert client_id(raw.call("HELLO")) != client_id(other.call("HELLO"))
    finally:
        other.close()


@pytest.mark.parametrize(
    "args,error",
    [
        (("4",), b"-NOPROTO unsupported protocol version"),
        (("1",), b"-NOPROTO unsupported protocol version"),
        (("-1",), b"-NOPROTO unsupported protocol version"),
        (("abc",), b"-ERR Protocol version is not an integer or out of range"),
        (("3.0",), b"-ERR Protocol version is not an integer or out of range"),
        (("3", "foo"), b"-ERR Syntax error in HELLO option 'foo'"),
        (("3", "setname"), b"-ERR Syntax error in HELLO option 'setname'"),
        (("3", "auth", "default"), b"-ERR Syntax error in HELLO option 'auth'"),
    ],
)
def test_hello_errors(raw, args, error):
    assert raw.call("HELLO", *args) == error + b"\r\n"
    # a failed HELLO leaves the protocol alone
    assert raw.call("GET", "no-such-key") == b"$-1\r\n"


def test_hello_auth_and_setname(start_server):
    s = start_server("--requirepass", "pw")
    c = Raw(s.port)
    assert c.call("HELLO", "3") == (
        b"-NOAUTH HELLO must be called with the client already authenticated, otherwise the "
        b"HELLO AUTH <user> <pass> option can be used to authenticate the client and "
        b"select the RESP protocol version at the same time\r\n"
    )
    assert c.call("HELLO", "3", "AUTH", "default", "bad") == (
        b"-WRONGPASS invalid username-password pair or user is disabled.\r\n"
    )
    r = c.call("HELLO", "3", "AUTH", "default", "pw", "SETNAME", "conn1")
    assert r == b"%7\r\n" + hello_map(3, client_id(r))
    assert c.call("GET", "x") == b"_\r\n"
    assert c.call("HELLO", "2", "SETNAME", "bad name") == (
        b"-ERR Client names cannot contain spaces, newlines or special characters.\r\n"
    )
    c.close()
