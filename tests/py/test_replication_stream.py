"""SYNC: the master side of the old replication handshake. A client that
sends SYNC gets an RDB snapshot as one bulk payload, then every propagated
write in RESP, with a SELECT whenever the database changes. The expected
streams were checked against redis-server 7.0.15."""
import socket
import time
import subprocess
import shutil
import tempfile
import os

import pytest


def read_line(f):
    line = f.readline()
    assert line.endswith(b"\r\n"), line
    return line[:-2]


def read_command(f):
    head = read_line(f)
    assert head[:1] == b"*", head
    args = []
    for _ in range(int(head[1:])):
        ln = read_line(f)
        assert ln[:1] == b"$", ln
        args.append(f.read(int(ln[1:]) + 2)[:-2])
    return args


def attach(server):
    s = socket.create_connection(("127.0.0.1", server.port), timeout=5)
    s.sendall(b"SYNC\r\n")
    f = s.makefile("rb")
    line = read_line(f)
    while line == b"":  # newlines are keep-alives while the snapshot is made
        line = read_line(f)
    assert line[:1] == b"$", line
    payload = f.read(int(line[1:]))
    return s, f, payload


def test_sync_sends_a_loadable_snapshot(server, tmp_path):
    r = server.client()
    r.set("k", "v")
    r.rpush("l", 1, 2, 3)
    r.hset("h", "f", "x")
    s, f, payload = attach(server)
    assert payload.startswith(b"REDIS0010")
    s.close()
    rdb = tmp_path / "sync.rdb"
    rdb.write_bytes(payload)
    if shutil.which("redis-check-rdb"):
        out = subprocess.run(["redis-check-rdb", str(rdb)], capture_output=True, text=True)
        assert out.returncode == 0, out.stdout
        assert "RDB looks OK!" in out.stdout


def test_stream_of_writes_with_selects_and_effects(server):
    r = server.client()
    s, f, _ = attach(server)
    r.set("foo", "bar")
    r.get("foo")  # reads propagate nothing
    r.expire("foo", 100)  # relative TTL: absolute time
    with r.pipeline(transaction=True) as p:
        p.incr("n")
        p.incr("n")
        p.execute()
    r.eval("redis.call('set', KEYS[1], 'x') redis.call('del', KEYS[1])", 1, "t")
    r.execute_command("SELECT", 3)
    r.execute_command("SET", "in3", "v")
    r.execute_command("SELECT", 0)
    assert read_command(f) == [b"SELECT", b"0"]
    assert read_command(f) == [b"SET", b"foo", b"bar"]
    cmd = read_command(f)
    assert cmd[0] == b"PEXPIREAT" and cmd[1] == b"foo" and int(cmd[2]) > 0
    assert read_command(f) == [b"MULTI"]
    assert read_command(f) == [b"INCRBY", b"n", b"1"]
    assert read_command(f) == [b"INCRBY", b"n", b"1"]
    assert read_command(f) == [b"EXEC"]
    assert read_command(f) == [b"MULTI"]
    assert read_command(f) == [b"set", b"t", b"x"]
    assert read_command(f) == [b"del", b"t"]
    assert read_command(f) == [b"EXEC"]
    assert read_command(f) == [b"SELECT", b"3"]
    assert read_command(f) == [b"SET", b"in3", b"v"]
    s.close()
    assert r.ping() is True


def test_sync_refused_inside_multi_and_scripts(raw):
    assert raw.call("MULTI") == b"+OK\r\n"
    assert raw.call("SYNC") == b"-ERR Command not allowed inside a transaction\r\n"
    assert raw.call("DISCARD") == b"+OK\r\n"
    assert raw.call("EVAL", "return redis.call('sync')", "0") == (
        b"-ERR This Redis command is not allowed from script script: "
        b"17168312deb203d3f3e7ee73c570ee72764574c0, on @user_script:1.\r\n")


def test_replica_and_aof_buffers_not_counted_for_eviction(start_server):
    s = start_server("--appendonly", "yes")
    r = s.client()
    r.set("a", "b")  # the AOF buffer exists once something was written
    m = r.info("memory")
    assert m["mem_clients_slaves"] == 0
    assert m["mem_aof_buffer"] > 0
    assert m["mem_not_counted_for_evict"] == m["mem_aof_buffer"]
    sock, f, _ = attach(s)
    r.set("x", "y" * 1000)
    m = r.info("memory")
    assert m["mem_clients_slaves"] > 0
    assert m["mem_not_counted_for_evict"] == m["mem_aof_buffer"] + m["mem_clients_slaves"]
    f.close()
    sock.close()
    r.config_set("appendonly", "no")
    for _ in range(100):  # the server notices the closed replica on its next turn
        m = r.info("memory")
        if m["mem_clients_slaves"] == 0:
            break
        time.sleep(0.01)
    assert m["mem_aof_buffer"] == 0 and m["mem_clients_slaves"] == 0
    assert m["mem_not_counted_for_evict"] == 0
