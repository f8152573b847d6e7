"""Shared fixtures: each test session starts the built server on a free port.

  r       redis.Redis (redis-py, RESP2) on db 0, flushed before each test
  raw     a Raw socket client: send exact bytes, read exact replies
  server  the running Server (port, log path, start/stop helpers)
  start_server(*args)  starts an extra server with its own arguments (stopped at teardown)

MNEMO_SERVER names the binary (default: build/mnemo-server next to the repo root).
"""
import os
import socket
import subprocess
import tempfile
import time

import pytest
import redis

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = os.environ.get("MNEMO_SERVER", os.path.join(ROOT, "build", "mnemo-server"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, args=(), port=None, config_file=None):
        self.port = port or free_port()
        self.dir = tempfile.mkdtemp(prefix="mnemo-test-")
        self.log = os.path.join(self.dir, "stdout.log")
        cmd = [BINARY]
        if config_file:
            cmd.append(config_file)
        cmd += ["--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--dir", self.dir, "--enable-debug-command", "yes"] + list(args)
        self.cmd = cmd
        self.out = open(self.log, "wb")
        self.proc = subprocess.Popen(cmd, stdout=self.out, stderr=subprocess.STDOUT, cwd=self.dir)
        self.wait_ready()

    def wait_ready(self, timeout=10.0):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}: {self.read_log()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(64):
                        return
            except OSError:
                time.sleep(0.02)
        raise RuntimeError("server did not start: " + self.read_log())

    def read_log(self):
        with open(self.log, "rb") as f:
            return f.read().decode(errors="replace")

    def client(self, **kw):
        return redis.Redis(host="127.0.0.1", port=self.port, **kw)

    def alive(self):
        return self.proc.poll() is None

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.out.close()


class Raw:
    """A byte-exact RESP client for protocol tests."""

    def __init__(self, port, timeout=5.0):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.buf = b""

    def send(self, data):
        self.sock.sendall(data if isinstance(data, bytes) else data.encode())

    def cmd(self, *args):
        out = [b"*%d\r\n" % len(args)]
        for a in args:
            a = a if isinstance(a, bytes) else str(a).encode()
            out.append(b"$%d\r\n%s\r\n" % (len(a), a))
        self.send(b"".join(out))

    def _fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed")
        self.buf += chunk

    def line(self):
        while b"\r\n" not in self.buf:
            self._fill()
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def exact(self, n):
        while len(self.buf) < n:
            self._fill()
        data, self.buf = self.buf[:n], self.buf[n:]
        return data

    def reply(self):
        """Reads one whole reply and returns its raw bytes (nested replies included)."""
        line = self.line()
        t = line[:1]
        out = line + b"\r\n"
        if t in (b"$", b"="):
            n = int(line[1:])
            if n >= 0:
                out += self.exact(n + 2)
        elif t in (b"*", b"~", b">", b"%", b"|"):
            n = int(line[1:])
            if t in (b"%", b"|"):
                n *= 2
            for _ in range(max(n, 0)):
                out += self.reply()
        return out

    def call(self, *args):
        self.cmd(*args)
        return self.reply()

    def closed(self, timeout=2.0):
        """True if the server closed the connection (after any pending bytes)."""
        self.sock.settimeout(timeout)
        try:
            while True:
                chunk = self.sock.recv(65536)
                if not chunk:
                    return True
                self.buf += chunk
        except (ConnectionResetError, BrokenPipeError):
            return True
        except socket.timeout:
            return False

    def close(self):
        self.sock.close()


@pytest.fixture(scope="session")
def server():
    s = Server()
    yield s
    s.stop()


@pytest.fixture
def r(server):
    c = server.client()
    c.flushall()
    yield c
    c.close()


@pytest.fixture
def raw(server):
    c = Raw(server.port)
    yield c
    c.close()


@pytest.fixture
def start_server():
    started = []

    def start(*args, **kw):
        s = Server(args, **kw)
        started.append(s)
        return s

    yield start
    for s in started:
        s.stop()
