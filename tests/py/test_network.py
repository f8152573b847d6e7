"""Connections and their limits: client-query-buffer-limit, maxclients, the
idle timeout, unix sockets, many clients, slow readers and clients that
vanish mid-request. Every limit closes only the offending client: the server
keeps serving the others and the data stays intact."""
import os
import socket
import stat
import tempfile
import time

import pytest

from conftest import Raw


def wait_until(pred, timeout=5.0, step=0.05):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if pred():
            return True
        time.sleep(step)
    return pred()


def send_quietly(c, data):
    try:
        c.send(data)
    except (BrokenPipeError, ConnectionResetError):
        pass


# ----------------------------------------------------- query buffer limit


def test_query_buffer_limit_closes_only_that_client(start_server):
    s = start_server("--client-query-buffer-limit", "1mb")
    good = Raw(s.port)
    assert good.call("SET", "kept", "value") == b"+OK\r\n"
    bad = Raw(s.port)
    # a 3 MB argument, of which 1.5 MB arrive: past the 1 MB limit
    send_quietly(bad, b"*3\r\n$3\r\nSET\r\n$4\r\nhuge\r\n$3000000\r\n")
    send_quietly(bad, b"x" * 1500000)
    assert bad.closed(timeout=5)
    assert bad.buf == b""  # closed without a reply, as Redis does
    bad.close()
    assert good.call("GET", "kept") == b"$5\r\nvalue\r\n"
    assert good.call("GET", "huge") == b"$-1\r\n"
    assert good.call("DBSIZE") == b":1\r\n"
    good.close()
    assert "Closing client that reached max query buffer length" in s.read_log()


def test_query_buffer_limit_counts_unparsed_bytes_only(start_server):
    # 3 MB of complete commands in one go: each is executed as it arrives,
    # so the buffer never holds more than a read's worth
    s = start_server("--client-query-buffer-limit", "1mb")
    c = Raw(s.port)
    cmd = b"*3\r\n$3\r\nSET\r\n$2\r\npk\r\n$1000\r\n" + b"p" * 1000 + b"\r\n"
    c.send(cmd * 3000)
    for _ in range(3000):
        assert c.reply() == b"+OK\r\n"
    assert c.call("GET", "pk") == b"$1000\r\n" + b"p" * 1000 + b"\r\n"
    c.close()


def test_query_buffer_under_the_limit_is_fine(start_server):
    s = start_server("--client-query-buffer-limit", "1mb")
    c = Raw(s.port)
    value = b"v" * (900 * 1024)
    assert c.call("SET", "k", value) == b"+OK\r\n"
    assert c.call("GET", "k") == b"$%d\r\n%s\r\n" % (len(value), value)
    c.close()


# ------------------------------------------------------------- maxclients


def test_maxclients(start_server):
    s = start_server("--maxclients", "3")

    def fill():
        # the fixture's readiness probe may still hold a slot for a moment
        cs = [Raw(s.port) for _ in range(3)]
        if all(c.call("PING") == b"+PONG\r\n" for c in cs):
            return cs
        for c in cs:
            c.close()
        time.sleep(0.1)
        return None

    clients = None
    for _ in range(20):
        clients = fill()
        if clients:
            break
    assert clients, "could not connect maxclients clients"
    extra = Raw(s.port)
    assert extra.closed(timeout=3)
    assert extra.buf == b"-ERR max number of clients reached\r\n"
    extra.close()
    # the connected ones are unaffected
    assert clients[0].call("SET", "a", "1") == b"+OK\r\n"
    # once one leaves, a newcomer gets in
    clients[2].close()

    def newcomer_ok():
        c = Raw(s.port)
        try:
            return c.call("GET", "a") == b"$1\r\n1\r\n"
        except (ConnectionError, OSError):
            return False
        finally:
            c.close()

    assert wait_until(newcomer_ok)
    for c in clients[:2]:
        c.close()


# ----------------------------------------------------------- idle timeout


def test_idle_timeout_closes_idle_clients_only(start_server):
    s = start_server("--timeout", "1")
    idle = Raw(s.port)
    busy = Raw(s.port)
    assert idle.call("PING") == b"+PONG\r\n"
    start = time.time()
    closed = False
    while time.time() - start < 4:
        assert busy.call("PING") == b"+PONG\r\n"
        if idle.closed(timeout=0.25):
            closed = True
            break
    assert closed, "idle client was not closed"
    assert time.time() - start >= 1.0  # not before the timeout
    assert idle.buf == b""
    assert busy.call("PING") == b"+PONG\r\n"
    idle.close()
    busy.close()


def test_no_timeout_by_default(server):
    c = Raw(server.port)
    assert c.call("PING") == b"+PONG\r\n"
    assert not c.closed(timeout=1.5)
    assert c.call("PING") == b"+PONG\r\n"
    c.close()


# ------------------------------------------------------------ unix socket


def unix_call(path, data):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(5)
    s.connect(path)
    s.sendall(data)
    out = b""
    while not out.endswith(b"\r\n"):
        chunk = s.recv(4096)
        if not chunk:
            break
        out += chunk
    s.close()
    return out


@pytest.fixture
def sockdir():
    d = tempfile.mkdtemp(prefix="mn-")  # short: sun_path is 108 bytes
    yield d
    for f in os.listdir(d):
        os.unlink(os.path.join(d, f))
    os.rmdir(d)


def test_unix_socket(start_server, sockdir):
    path = os.path.join(sockdir, "m.sock")
    s = start_server("--unixsocket", path, "--unixsocketperm", "700")
    st = os.stat(path)
    assert stat.S_ISSOCK(st.st_mode)
    assert stat.S_IMODE(st.st_mode) == 0o700
    assert unix_call(path, b"PING\r\n") == b"+PONG\r\n"
    assert unix_call(path, b"*3\r\n$3\r\nSET\r\n$1\r\nu\r\n$2\r\nvv\r\n") == b"+OK\r\n"
    # the same keyspace over TCP
    c = Raw(s.port)
    assert c.call("GET", "u") == b"$2\r\nvv\r\n"
    c.close()


def test_unix_socket_other_perm(start_server, sockdir):
    path = os.path.join(sockdir, "p.sock")
    start_server("--unixsocket", path, "--unixsocketperm", "640")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640


def test_unix_socket_removed_on_shutdown(start_server, sockdir):
    path = os.path.join(sockdir, "r.sock")
    s = start_server("--unixsocket", path)
    assert os.path.exists(path)
    s.stop()
    assert not os.path.exists(path)


# --------------------------------------------------- many and rude clients


def test_many_clients_interleaved(server):
    clients = [Raw(server.port) for _ in range(50)]
    # every client sends half a command, then all finish in reverse order
    for i, c in enumerate(clients):
        c.send(b"*3\r\n$3\r\nSET\r\n$%d\r\nmc%d\r\n" % (len(str(i)) + 2, i))
    for i, c in reversed(list(enumerate(clients))):
        c.send(b"$%d\r\nv%d\r\n" % (len(str(i)) + 1, i))
    for c in clients:
        assert c.reply() == b"+OK\r\n"
    for i, c in enumerate(clients):
        assert c.call("GET", "mc%d" % i) == b"$%d\r\nv%d\r\n" % (len(str(i)) + 1, i)
        c.close()


def test_client_vanishing_mid_command(server):
    for partial in (b"*3\r\n$3\r\nSET\r\n$1\r\nz\r\n$10\r\nabc", b"SET z ", b"*2\r\n", b"*3\r\n$3\r\nSET\r\n$100000\r\nxx"):
        c = Raw(server.port)
        c.send(partial)
        c.close()
    c = Raw(server.port)
    assert c.call("GET", "z") == b"$-1\r\n"
    c.close()


def test_client_reset_with_unread_replies(server):
    # a client that pipelines a large reply and disconnects without reading it
    c = Raw(server.port)
    assert c.call("SET", "blob", b"b" * 1000000) == b"+OK\r\n"
    c.send(b"*2\r\n$3\r\nGET\r\n$4\r\nblob\r\n" * 20)
    c.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    c.close()  # RST
    d = Raw(server.port)
    assert d.call("DEL", "blob") == b":1\r\n"
    d.close()


def test_slow_reader_gets_everything(server):
    # 20 x 1 MB replies: more than the socket buffers hold, written as the
    # client reads
    c = Raw(server.port)
    value = bytes(range(256)) * 4096
    assert c.call("SET", "slow", value) == b"+OK\r\n"
    c.send(b"*2\r\n$3\r\nGET\r\n$4\r\nslow\r\n" * 20)
    time.sleep(0.3)
    expect = b"$%d\r\n%s\r\n" % (len(value), value)
    for _ in range(20):
        assert c.reply() == expect
    assert c.call("DEL", "slow") == b":1\r\n"
    c.close()


def test_half_closed_client_still_gets_replies(server):
    c = Raw(server.port)
    c.send(b"PING\r\nECHO bye\r\n")
    c.sock.shutdown(socket.SHUT_WR)
    assert c.closed(timeout=3)
    # the requests before the EOF are answered, then the connection closes
    assert c.buf == b"+PONG\r\n$3\r\nbye\r\n"
    c.close()


def ipv6_loopback():
    try:
        with socket.socket(socket.AF_INET6) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


@pytest.mark.skipif(not ipv6_loopback(), reason="no IPv6 loopback")
def test_default_bind_listens_on_ipv4_and_ipv6(start_server):
    s = start_server("--bind", "*", "-::*")  # the default bind
    for family, host in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")):
        with socket.socket(family) as c:
            c.settimeout(5)
            c.connect((host, s.port))
            c.sendall(b"PING\r\n")
            assert c.recv(64) == b"+PONG\r\n"
