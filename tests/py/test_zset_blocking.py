"""Blocking sorted-set pops (BZPOPMIN, BZPOPMAX, BZMPOP) against Mnemo.

CASES are scripts whose expected replies are the bytes Redis 7.0.15 returned
(recorded from redis-server); the other tests block clients and wake them.
"""
import shlex
import threading
import time

import pytest

CASES = {
    'bzpop_immediate': [
        ('ZADD z 1 a 2 b 3 c', b':3\r\n'),
        ('BZPOPMIN z 0', b'*3\r\n$1\r\nz\r\n$1\r\na\r\n$1\r\n1\r\n'),
        ('BZPOPMAX z 0', b'*3\r\n$1\r\nz\r\n$1\r\nc\r\n$1\r\n3\r\n'),
        ('BZPOPMIN nokey z 1', b'*3\r\n$1\r\nz\r\n$1\r\nb\r\n$1\r\n2\r\n'),
        ('EXISTS z', b':0\r\n'),
        ('BZPOPMIN z 0.01', b'*-1\r\n'),
        ('ZADD z2 1 x 2 y', b':2\r\n'),
        ('BZMPOP 0.01 2 nokey z2 MAX COUNT 5', b'*2\r\n$2\r\nz2\r\n*2\r\n*2\r\n$1\r\ny\r\n$1\r\n2\r\n*2\r\n$1\r\nx\r\n$1\r\n1\r\n'),
        ('BZMPOP 0.01 1 z2 MIN', b'*-1\r\n'),
        ('SET s v', b'+OK\r\n'),
        ('BZPOPMIN s 0', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        ('BZPOPMIN nokey s 0', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
        ('BZMPOP 0 1 s MIN', b'-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'),
    ],
    'bzpop_errors': [
        ('BZPOPMIN z x', b'-ERR timeout is not a float or out of range\r\n'),
        ('BZPOPMIN z -1', b'-ERR timeout is negative\r\n'),
        ('BZPOPMIN z inf', b'-ERR timeout is negative\r\n'),
        ('BZPOPMIN z', b"-ERR wrong number of arguments for 'bzpopmin' command\r\n"),
        ('BZPOPMAX z 1e100', b'-ERR timeout is negative\r\n'),
        ('BZMPOP x 1 z MIN', b'-ERR timeout is not a float or out of range\r\n'),
        ('BZMPOP 0 0 z MIN', b'-ERR numkeys should be greater than 0\r\n'),
        ('BZMPOP 0 1 z FOO', b'-ERR syntax error\r\n'),
        ('BZMPOP -1 1 z MIN', b'-ERR timeout is negative\r\n'),
        ('BZMPOP 0 1 z MIN COUNT 0', b'-ERR count should be greater than 0\r\n'),
        ('BZMPOP 0 2 z MIN', b'-ERR syntax error\r\n'),
        ('BZMPOP 0 1 z', b"-ERR wrong number of arguments for 'bzmpop' command\r\n"),
    ],
    'resp3_bzpop': [
        ('ZADD z 1 a 2 b 3 c', b':3\r\n'),
        ('BZPOPMIN z 0', b'*3\r\n$1\r\nz\r\n$1\r\na\r\n,1\r\n'),
        ('BZMPOP 0 1 z MAX COUNT 2', b'*2\r\n$1\r\nz\r\n*2\r\n*2\r\n$1\r\nc\r\n,3\r\n*2\r\n$1\r\nb\r\n,2\r\n'),
        ('BZPOPMIN z 0.01', b'_\r\n'),
        ('BZMPOP 0.01 1 z MIN', b'_\r\n'),
    ],
}



@pytest.mark.parametrize("name", sorted(CASES))
def test_script(server, name):
    from conftest import Raw
    c = Raw(server.port)
    try:
        c.call("FLUSHALL")
        if name.startswith("resp3_"):
            c.call("HELLO", "3")
        for line, want in CASES[name]:
            got = c.call(*shlex.split(line))
            assert got == want, f"{name}: {line}"
    finally:
        c.close()


def wait_blocked(r, n, timeout=5.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if r.info("clients")["blocked_clients"] == n:
            return
        time.sleep(0.01)
    raise AssertionError(f"expected {n} blocked clients")


def test_blocked_client_is_served_by_zadd(r, server):
    from conftest import Raw
    c = Raw(server.port)
    c.cmd("BZPOPMIN", "nokey", "z", "0")
    wait_blocked(r, 1)
    r.zadd("z", {"b": 2, "a": 1})
    assert c.reply() == b"*3\r\n$1\r\nz\r\n$1\r\na\r\n$1\r\n1\r\n"
    assert r.zrange("z", 0, -1) == [b"b"]
    c.close()


def test_bzmpop_served_with_count_and_key_deleted(r, server):
    from conftest import Raw
    c = Raw(server.port)
    c.cmd("BZMPOP", "0", "2", "z1", "z2", "MAX", "COUNT", "5")
    wait_blocked(r, 1)
    r.zadd("z2", {"x": 1, "y": 2})
    assert c.reply() == (b"*2\r\n$2\r\nz2\r\n*2\r\n*2\r\n$1\r\ny\r\n$1\r\n2\r\n"
                         b"*2\r\n$1\r\nx\r\n$1\r\n1\r\n")
    assert r.exists("z2") == 0
    c.close()


def test_waiters_are_served_in_order(r, server):
    from conftest import Raw
    a, b = Raw(server.port), Raw(server.port)
    a.cmd("BZPOPMAX", "z", "0")
    wait_blocked(r, 1)
    b.cmd("BZPOPMAX", "z", "0")
    wait_blocked(r, 2)
    r.zadd("z", {"m1": 1, "m2": 2})
    assert a.reply() == b"*3\r\n$1\r\nz\r\n$2\r\nm2\r\n$1\r\n2\r\n"
    assert b.reply() == b"*3\r\n$1\r\nz\r\n$2\r\nm1\r\n$1\r\n1\r\n"
    assert r.exists("z") == 0
    a.close()
    b.close()


def test_timeout_replies_null(r, server):
    from conftest import Raw
    c = Raw(server.port)
    t = time.time()
    assert c.call("BZPOPMIN", "z", "0.2") == b"*-1\r\n"
    assert time.time() - t >= 0.15
    assert c.call("BZMPOP", "0.1", "1", "z", "MIN") == b"*-1\r\n"
    c.close()


def test_other_type_does_not_wake(r, server):
    from conftest import Raw
    c = Raw(server.port)
    c.cmd("BZPOPMIN", "z", "0")
    wait_blocked(r, 1)
    r.set("z", "string")
    time.sleep(0.05)
    assert r.info("clients")["blocked_clients"] == 1
    r.delete("z")
    r.zadd("z", {"a": 5})
    assert c.reply() == b"*3\r\n$1\r\nz\r\n$1\r\na\r\n$1\r\n5\r\n"
    c.close()


def test_zunionstore_into_waited_key_wakes(r, server):
    from conftest import Raw
    c = Raw(server.port)
    c.cmd("BZPOPMIN", "dst", "0")
    wait_blocked(r, 1)
    r.zadd("src", {"q": 3})
    r.zunionstore("dst", ["src"])
    assert c.reply() == b"*3\r\n$3\r\ndst\r\n$1\r\nq\r\n$1\r\n3\r\n"
    c.close()
