"""redis-cli (Debian's redis-tools 7.0) used the way people use it: one-shot
commands, commands on stdin, -x, --raw/--no-raw/--csv, -n, -r, -s, and --pipe
mass insertion. Expected outputs are what redis-cli prints against
redis-server 7.0.15."""
import os
import shutil
import subprocess
import tempfile

import pytest

pytestmark = pytest.mark.skipif(shutil.which("redis-cli") is None, reason="redis-cli not installed")


def cli(server, *args, stdin=b"", port=True):
    cmd = ["redis-cli"] + (["-p", str(server.port)] if port else []) + [str(a) for a in args]
    p = subprocess.run(cmd, input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=30)
    return p.returncode, p.stdout, p.stderr


def test_set_get(server, r):
    assert cli(server, "set", "a", "b") == (0, b"OK\n", b"")
    assert cli(server, "get", "a") == (0, b"b\n", b"")
    assert r.get("a") == b"b"


def test_missing_key_raw_and_not_raw(server, r):
    # not a tty: raw output by default, so nil is an empty line
    assert cli(server, "get", "missing") == (0, b"\n", b"")
    assert cli(server, "--no-raw", "get", "missing") == (0, b"(nil)\n", b"")


def test_reply_types_no_raw(server, r):
    assert cli(server, "--no-raw", "set", "k", "v") == (0, b"OK\n", b"")
    assert cli(server, "--no-raw", "get", "k") == (0, b'"v"\n', b"")
    assert cli(server, "--no-raw", "del", "k", "nope") == (0, b"(integer) 1\n", b"")
    assert cli(server, "--no-raw", "dbsize") == (0, b"(integer) 0\n", b"")


def test_errors(server, r):
    assert cli(server, "nosuch", "x") == (0, b"ERR unknown command 'nosuch', with args beginning with: 'x' \n\n", b"")
    assert cli(server, "--no-raw", "nosuch", "x") == (
        0,
        b"(error) ERR unknown command 'nosuch', with args beginning with: 'x' \n",
        b"",
    )
    assert cli(server, "--no-raw", "set", "a") == (0, b"(error) ERR wrong number of arguments for 'set' command\n", b"")


def test_commands_from_stdin(server, r):
    script = b'set k "hello world"\nget k\nping\necho \'a b\'\n'
    assert cli(server, stdin=script) == (0, b"OK\nhello world\nPONG\na b\n", b"")
    assert r.get("k") == b"hello world"


def test_x_reads_last_argument_from_stdin(server, r):
    assert cli(server, "-x", "set", "x", stdin=b"line1\nline2") == (0, b"OK\n", b"")
    assert r.get("x") == b"line1\nline2"
    assert cli(server, "--raw", "get", "x") == (0, b"line1\nline2\n", b"")
    assert cli(server, "--no-raw", "get", "x") == (0, b'"line1\\nline2"\n', b"")
    # binary data survives
    blob = bytes(range(256))
    assert cli(server, "-x", "set", "bin", stdin=blob) == (0, b"OK\n", b"")
    assert r.get("bin") == blob


def test_csv(server, r):
    r.set("k", "hello world")
    assert cli(server, "--csv", "get", "k") == (0, b'"hello world"\n', b"")


def test_select_db_and_repeat(server, r):
    assert cli(server, "-n", "1", "set", "k1", "v") == (0, b"OK\n", b"")
    assert cli(server, "-n", "1", "get", "k1") == (0, b"v\n", b"")
    assert cli(server, "get", "k1") == (0, b"\n", b"")
    assert cli(server, "-r", "3", "ping") == (0, b"PONG\nPONG\nPONG\n", b"")


def test_resp3_flag(server, r):
    assert cli(server, "-3", "--no-raw", "get", "missing") == (0, b"(nil)\n", b"")
    r.set("k", "v")
    assert cli(server, "-3", "get", "k") == (0, b"v\n", b"")


def resp(*args):
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        a = a if isinstance(a, bytes) else str(a).encode()
        out.append(b"$%d\r\n%s\r\n" % (len(a), a))
    return b"".join(out)


def test_pipe_mass_insertion(server, r):
    n = 20000
    data = b"".join(resp("SET", "pipe:%d" % i, "value:%d" % i) for i in range(n))
    rc, out, err = cli(server, "--pipe", stdin=data)
    assert rc == 0
    assert out == (
        b"All data transferred. Waiting for the last reply...\n"
        b"Last reply received from server.\n"
        b"errors: 0, replies: %d\n" % n
    )
    assert r.dbsize() == n
    assert r.get("pipe:0") == b"value:0"
    assert r.get("pipe:%d" % (n - 1)) == b"value:%d" % (n - 1)


def test_pipe_counts_errors(server, r):
    data = resp("SET", "a", "1") + resp("SET", "b") + resp("GET", "a")
    rc, out, err = cli(server, "--pipe", stdin=data)
    assert rc == 1
    assert out.endswith(b"errors: 1, replies: 3\n")
    assert b"ERR wrong number of arguments for 'set' command" in out + err
    assert r.get("a") == b"1"


def test_unix_socket(start_server):
    d = tempfile.mkdtemp(prefix="mn-")
    path = os.path.join(d, "c.sock")
    try:
        s = start_server("--unixsocket", path)
        assert cli(s, "-s", path, "ping", port=False) == (0, b"PONG\n", b"")
        assert cli(s, "-s", path, "set", "u", "1", port=False) == (0, b"OK\n", b"")
        assert cli(s, "get", "u") == (0, b"1\n", b"")
    finally:
        if os.path.exists(path):
            os.unlink(path)
        os.rmdir(d)
