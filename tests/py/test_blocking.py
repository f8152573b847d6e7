"""Blocking list commands (BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP) with several
connections: waking, FIFO order, timeouts, chains of BLMOVE, disconnects, pipelined
input held back while blocked. Expected replies were checked against Redis 7.0.15
(the file passes with MNEMO_SERVER=/usr/bin/redis-server)."""
import socket
import time

import pytest

from conftest import Raw

WRONGTYPE = b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"
NOTFLOAT = b"-ERR timeout is not a float or out of range\r\n"
NEGATIVE = b"-ERR timeout is negative\r\n"


def bulk(s):
    s = s if isinstance(s, bytes) else str(s).encode()
    return b"$%d\r\n%s\r\n" % (len(s), s)


def arr(*items):
    return b"*%d\r\n" % len(items) + b"".join(bulk(i) for i in items)


def kv(key, *items):
    """[key, [items...]] as BLMPOP replies."""
    return b"*2\r\n" + bulk(key) + arr(*items)


@pytest.fixture
def clients(server, r):
    """Opens extra raw connections on a flushed server; closes them afterwards."""
    opened = []

    def make(n=1):
        out = [Raw(server.port) for _ in range(n)]
        opened.extend(out)
        return out if n > 1 else out[0]

    yield make
    for c in opened:
        c.close()


def blocked(r):
    return sum(1 for c in r.client_list() if "b" in c["flags"])


def wait_blocked(r, n, timeout=5.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if blocked(r) == n:
            return
        time.sleep(0.005)
    raise AssertionError(f"expected {n} blocked clients, have {blocked(r)}")


def no_reply(c, wait=0.2):
    """True if nothing arrives on c within wait seconds."""
    c.sock.settimeout(wait)
    try:
        data = c.sock.recv(1)
        if data:
            c.buf += data
            return False
        return False
    except socket.timeout:
        return True
    finally:
        c.sock.settimeout(5.0)


def block(c, r, n, *cmd):
    c.cmd(*cmd)
    wait_blocked(r, n)


# ------------------------------------------------------------ without blocking


def test_immediate_pops(r, clients):
    c = clients()
    r.rpush("l", "a", "b", "c")
    assert c.call("BLPOP", "nokey", "l", "0") == arr("l", "a")
    assert c.call("BRPOP", "l", "0") == arr("l", "c")
    assert c.call("BLMPOP", "0", "2", "nokey", "l", "LEFT", "COUNT", "5") == kv("l", "b")
    assert r.dbsize() == 0
    r.rpush("l", "a", "b")
    assert c.call("BLMOVE", "l", "d", "RIGHT", "LEFT", "0") == bulk("b")
    assert c.call("BRPOPLPUSH", "l", "d", "0") == bulk("a")
    assert r.lrange("d", 0, -1) == [b"a", b"b"]


def test_blpop_same_key_several_times(r, clients):
    c = clients()
    block(c, r, 1, "BLPOP", "l1", "l2", "l2", "l1", "0")
    r.lpush("l1", "a")
    assert c.reply() == arr("l1", "a")
    block(c, r, 1, "BLPOP", "l1", "l2", "l2", "l1", "0")
    r.lpush("l2", "b")
    assert c.reply() == arr("l2", "b")
    r.lpush("l1", "a")
    r.lpush("l2", "b")
    assert c.call("BLPOP", "l1", "l2", "l2", "l1", "0") == arr("l1", "a")
    assert c.call("BLPOP", "l1", "l2", "l2", "l1", "0") == arr("l2", "b")
    assert blocked(r) == 0


def test_errors(r, clients):
    c = clients()
    r.set("s", "v")
    assert c.call("BLPOP", "s", "0") == WRONGTYPE
    assert c.call("BLPOP", "nokey", "s", "1") == WRONGTYPE
    assert c.call("BRPOP", "s", "0") == WRONGTYPE
    assert c.call("BLMPOP", "0", "2", "nokey", "s", "LEFT") == WRONGTYPE
    assert c.call("BRPOPLPUSH", "s", "d", "0") == WRONGTYPE
    r.rpush("l", "x")
    assert c.call("BRPOPLPUSH", "l", "s", "0") == WRONGTYPE
    assert c.call("BLMOVE", "l", "s", "LEFT", "LEFT", "0") == WRONGTYPE
    assert r.lrange("l", 0, -1) == [b"x"]
    assert c.call("BLPOP", "l") == b"-ERR wrong number of arguments for 'blpop' command\r\n"
    assert c.call("BRPOP", "l") == b"-ERR wrong number of arguments for 'brpop' command\r\n"
    assert c.call("BLMOVE", "l", "d", "LEFT", "LEFT") == b"-ERR wrong number of arguments for 'blmove' command\r\n"
    assert c.call("BRPOPLPUSH", "l", "d") == b"-ERR wrong number of arguments for 'brpoplpush' command\r\n"
    assert c.call("BLMPOP", "0", "1", "l") == b"-ERR wrong number of arguments for 'blmpop' command\r\n"
    assert c.call("BLMOVE", "l", "d", "UP", "LEFT", "x") == b"-ERR syntax error\r\n"
    assert c.call("BLMOVE", "l", "d", "LEFT", "LEFT", "x") == NOTFLOAT
    # BLMPOP checks numkeys, side and COUNT before the timeout
    assert c.call("BLMPOP", "x", "0", "l", "LEFT") == b"-ERR numkeys should be greater than 0\r\n"
    assert c.call("BLMPOP", "x", "1", "l", "MIDDLE") == b"-ERR syntax error\r\n"
    assert c.call("BLMPOP", "x", "1", "l", "LEFT", "COUNT", "0") == b"-ERR count should be greater than 0\r\n"
    assert c.call("BLMPOP", "x", "1", "l", "LEFT") == NOTFLOAT
    assert c.call("BLMPOP", "-1", "1", "l", "LEFT") == NEGATIVE


@pytest.mark.parametrize("timeout,reply", [
    ("abc", NOTFLOAT), ("", NOTFLOAT), (" 1", NOTFLOAT), ("1 ", NOTFLOAT), ("nan", NOTFLOAT),
    ("-1", NEGATIVE), ("-0.01", NEGATIVE), ("-0.5", NEGATIVE), ("-inf", NEGATIVE), ("inf", NEGATIVE), ("1e400", NEGATIVE),
    ("1e20", NEGATIVE),
])
def test_timeout_parsing(r, clients, timeout, reply):
    c = clients()
    assert c.call("BLPOP", "l", timeout) == reply
    assert c.call("BRPOPLPUSH", "l", "d", timeout) == reply
    assert c.call("BLMOVE", "l", "d", "LEFT", "LEFT", timeout) == reply
    assert c.call("BLMPOP", timeout, "1", "l", "LEFT") == reply


# ------------------------------------------------------------ timeouts


@pytest.mark.parametrize("cmd", [
    ("BLPOP", "a", "b", "0.1"), ("BRPOP", "a", "0.1"), ("BLMPOP", "0.1", "2", "a", "b", "LEFT"),
    ("BLMOVE", "a", "b", "LEFT", "RIGHT", "0.1"), ("BRPOPLPUSH", "a", "b", "0.1"),
])
def test_timeout_replies_null_array(r, clients, cmd):
    c = clients()
    t0 = time.time()
    assert c.call(*cmd) == b"*-1\r\n"
    took = time.time() - t0
    assert 0.09 <= took < 1.0
    assert blocked(r) == 0
    assert c.call("PING") == b"+PONG\r\n"


def test_timeout_resp3(r, clients):
    c = clients()
    c.call("HELLO", "3")
    assert c.call("BLPOP", "a", "0.05") == b"_\r\n"
    assert c.call("BLMOVE", "a", "b", "LEFT", "LEFT", "0.05") == b"_\r\n"


def test_tiny_timeout_does_not_block_forever(r, clients):
    c = clients()
    assert c.call("BLPOP", "a", "0.001") == b"*-1\r\n"
    assert c.call("BLMPOP", "0.0001", "1", "a", "LEFT") == b"*-1\r\n"


def test_timeouts_fire_in_deadline_order(r, clients):
    a, b, c = clients(3)
    a.cmd("BLPOP", "k", "0.6")
    b.cmd("BLPOP", "k", "0.2")
    c.cmd("BLPOP", "k", "0.4")
    wait_blocked(r, 3)
    t0 = time.time()
    assert b.reply() == b"*-1\r\n"
    tb = time.time() - t0
    assert c.reply() == b"*-1\r\n"
    tc = time.time() - t0
    assert a.reply() == b"*-1\r\n"
    ta = time.time() - t0
    assert tb < tc < ta < 2.0
    assert blocked(r) == 0


def test_zero_timeout_blocks_until_push(r, clients):
    c = clients()
    block(c, r, 1, "BRPOP", "l", "0")
    assert no_reply(c, 0.5)
    assert blocked(r) == 1
    r.rpush("l", "foo")
    assert c.reply() == arr("l", "foo")
    assert r.llen("l") == 0


def test_served_before_timeout(r, clients):
    c = clients()
    block(c, r, 1, "BLPOP", "l", "5")
    r.rpush("l", "x")
    assert c.reply() == arr("l", "x")
    time.sleep(0.1)
    assert no_reply(c, 0.1)  # no late timeout reply


# ------------------------------------------------------------ waking and fairness


def test_fifo_order_one_element_each(r, clients):
    a, b, c = clients(3)
    block(a, r, 1, "BLPOP", "q", "0")
    block(b, r, 2, "BLPOP", "q", "0")
    block(c, r, 3, "BLPOP", "q", "0")
    assert r.rpush("q", "1") == 1
    assert a.reply() == arr("q", "1")
    assert no_reply(b) and no_reply(c, 0.05)
    assert blocked(r) == 2
    assert r.rpush("q", "2", "3") == 2
    assert b.reply() == arr("q", "2")
    assert c.reply() == arr("q", "3")
    assert r.llen("q") == 0


def test_variadic_push_serves_last_pushed_first_for_blpop(r, clients):
    c = clients()
    block(c, r, 1, "BLPOP", "blist", "0")
    assert r.lpush("blist", "foo", "bar") == 2
    assert c.reply() == arr("blist", "bar")
    assert r.lrange("blist", 0, -1) == [b"foo"]


def test_blmpop_multiple_blocked_clients(r, clients):
    rd1, rd2, rd3, rd4 = clients(4)
    block(rd1, r, 1, "BLMPOP", "0", "2", "blist", "blist2", "LEFT", "COUNT", "1")
    block(rd2, r, 2, "BLMPOP", "0", "2", "blist", "blist2", "RIGHT", "COUNT", "10")
    block(rd3, r, 3, "BLMPOP", "0", "2", "blist", "blist2", "LEFT", "COUNT", "10")
    block(rd4, r, 4, "BLMPOP", "0", "2", "blist", "blist2", "RIGHT", "COUNT", "1")
    r.lpush("blist", "a", "b", "c", "d", "e")
    assert rd1.reply() == kv("blist", "e")
    assert rd2.reply() == kv("blist", "a", "b", "c", "d")
    r.lpush("blist2", "1", "2", "3", "4", "5")
    assert rd3.reply() == kv("blist2", "5", "4", "3", "2", "1")
    r.lpush("blist2", "1", "2", "3")
    assert rd4.reply() == kv("blist2", "1")
    assert r.lrange("blist2", 0, -1) == [b"3", b"2"]


def test_client_waiting_on_two_keys_served_once(r, clients):
    a, b = clients(2)
    block(a, r, 1, "BLPOP", "k1", "k2", "0")
    block(b, r, 2, "BLPOP", "k2", "0")
    r.rpush("k1", "x")
    assert a.reply() == arr("k1", "x")
    r.rpush("k2", "y")
    assert b.reply() == arr("k2", "y")


# ------------------------------------------------------------ BLMOVE chains


@pytest.mark.parametrize("src_side", ["LEFT", "RIGHT"])
@pytest.mark.parametrize("dst_side", ["LEFT", "RIGHT"])
def test_blmove_wakes_and_pushes(r, clients, src_side, dst_side):
    c = clients()
    r.rpush("target", "bar")
    block(c, r, 1, "BLMOVE", "blist", "target", src_side, dst_side, "0")
    r.rpush("blist", "foo")
    assert c.reply() == bulk("foo")
    want = [b"foo", b"bar"] if dst_side == "LEFT" else [b"bar", b"foo"]
    assert r.lrange("target", 0, -1) == want
    assert r.llen("blist") == 0


@pytest.mark.parametrize("src_side", ["LEFT", "RIGHT"])
@pytest.mark.parametrize("dst_side", ["LEFT", "RIGHT"])
def test_blmove_feeds_blpop_on_target(r, clients, src_side, dst_side):
    rd, rd2 = clients(2)
    block(rd2, r, 1, "BLPOP", "target", "0")
    block(rd, r, 2, "BLMOVE", "blist", "target", src_side, dst_side, "0")
    r.rpush("blist", "foo")
    assert rd.reply() == bulk("foo")
    assert rd2.reply() == arr("target", "foo")
    assert r.llen("target") == 0


def test_linked_lmoves(r, clients):
    a, b = clients(2)
    block(a, r, 1, "BLMOVE", "list1", "list2", "RIGHT", "LEFT", "0")
    block(b, r, 2, "BLMOVE", "list2", "list3", "LEFT", "RIGHT", "0")
    r.rpush("list1", "foo")
    assert a.reply() == bulk("foo")
    assert b.reply() == bulk("foo")
    assert r.lrange("list1", 0, -1) == []
    assert r.lrange("list2", 0, -1) == []
    assert r.lrange("list3", 0, -1) == [b"foo"]


def test_circular_brpoplpush(r, clients):
    a, b = clients(2)
    block(a, r, 1, "BRPOPLPUSH", "list1", "list2", "0")
    block(b, r, 2, "BRPOPLPUSH", "list2", "list1", "0")
    r.rpush("list1", "foo")
    assert a.reply() == bulk("foo")
    assert b.reply() == bulk("foo")
    assert r.lrange("list1", 0, -1) == [b"foo"]
    assert r.lrange("list2", 0, -1) == []


def test_self_referential_brpoplpush(r, clients):
    c = clients()
    block(c, r, 1, "BRPOPLPUSH", "blist", "blist", "0")
    r.rpush("blist", "foo")
    assert c.reply() == bulk("foo")
    assert r.lrange("blist", 0, -1) == [b"foo"]


def test_brpoplpush_wrong_destination_when_served(r, clients):
    c = clients()
    r.set("target", "nolist")
    block(c, r, 1, "BRPOPLPUSH", "blist", "target", "0")
    r.rpush("blist", "a", "b", "c")
    assert c.reply() == WRONGTYPE
    assert r.lrange("blist", 0, -1) == [b"a", b"b", b"c"]
    assert blocked(r) == 0


def test_brpoplpush_multiple_blocked_clients(r, clients):
    rd1, rd2 = clients(2)
    r.set("target1", "nolist")
    block(rd1, r, 1, "BRPOPLPUSH", "blist", "target1", "0")
    block(rd2, r, 2, "BRPOPLPUSH", "blist", "target2", "0")
    r.lpush("blist", "foo")
    assert rd1.reply() == WRONGTYPE
    assert rd2.reply() == bulk("foo")
    assert r.lrange("target2", 0, -1) == [b"foo"]


def test_chained_brpoplpush_with_pipelined_second_command(r, clients):
    """Redis bug 593: a served client's next (pipelined) blocking command blocks again."""
    rd1, rd2 = clients(2)
    rd1.send(b"*4\r\n$10\r\nBRPOPLPUSH\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\n0\r\n" * 2)
    wait_blocked(r, 1)
    block(rd2, r, 2, "BRPOPLPUSH", "b", "c", "0")
    r.lpush("a", "data")
    assert rd1.reply() == bulk("data")
    assert rd2.reply() == bulk("data")
    wait_blocked(r, 1)  # rd1's second BRPOPLPUSH
    r.lpush("a", "more")
    assert rd1.reply() == bulk("more")
    assert r.lrange("c", 0, -1) == [b"data"]
    assert r.lrange("b", 0, -1) == [b"more"]


# ------------------------------------------------------------ client state while blocked


def test_pipelined_commands_wait_until_unblocked(r, clients):
    c = clients()
    c.send(b"*3\r\n$5\r\nBLPOP\r\n$1\r\nl\r\n$1\r\n0\r\n*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nLLEN\r\n$1\r\nl\r\n")
    wait_blocked(r, 1)
    assert no_reply(c, 0.3)
    r.rpush("l", "x", "y")
    assert c.reply() == arr("l", "x")
    assert c.reply() == b"+PONG\r\n"
    assert c.reply() == b":1\r\n"


def test_input_sent_while_blocked_runs_after(r, clients):
    c = clients()
    block(c, r, 1, "BLPOP", "l", "0")
    c.cmd("RPUSH", "other", "1")
    c.cmd("GET", "nokey")
    assert no_reply(c, 0.2)
    assert r.llen("other") == 0  # not executed while blocked
    r.rpush("l", "x")
    assert c.reply() == arr("l", "x")
    assert c.reply() == b":1\r\n"
    assert c.reply() == b"$-1\r\n"


def test_argv_survives_query_buffer_growth(r, clients):
    c = clients()
    key = "k" * 300
    block(c, r, 1, "BLMOVE", key, "dst" * 50, "LEFT", "RIGHT", "0")
    for i in range(200):  # lots of input behind the blocked command
        c.cmd("SET", f"x{i}", "v" * 1000)
    time.sleep(0.1)
    r.rpush(key, "val")
    assert c.reply() == bulk("val")
    assert r.lrange("dst" * 50, 0, -1) == [b"val"]
    for i in range(200):
        assert c.reply() == b"+OK\r\n"


def test_disconnect_while_blocked(r, clients, server):
    a, b = clients(2)
    block(a, r, 1, "BLPOP", "l", "0")
    block(b, r, 2, "BLPOP", "l", "5")
    a.close()
    b.close()
    wait_blocked(r, 0)
    r.rpush("l", "x")
    assert r.lrange("l", 0, -1) == [b"x"]  # nobody took it
    c = Raw(server.port)
    try:
        assert c.call("BLPOP", "l", "0") == arr("l", "x")
    finally:
        c.close()


def test_client_list_shows_blocked_command(r, clients):
    c = clients()
    block(c, r, 1, "BLPOP", "listkey", "0")
    info = [x for x in r.client_list() if "b" in x["flags"]]
    assert len(info) == 1 and info[0]["cmd"] == "blpop"
    r.rpush("listkey", "1")
    assert c.reply() == arr("listkey", "1")


def test_swapdb_wakes_client(r, clients):
    c = clients()
    r.execute_command("SELECT", "1")
    r.rpush("k", "hello")
    c.call("SELECT", "9")
    block(c, r, 1, "BRPOP", "k", "5")
    r.execute_command("SWAPDB", "1", "9")
    assert c.reply() == arr("k", "hello")


def test_rename_into_place_wakes_client(r, clients):
    c = clients()
    block(c, r, 1, "BLPOP", "foo", "0")
    r.lpush("bob", "abc", "def", "hij")
    r.rename("bob", "foo")
    assert c.reply() == arr("foo", "hij")


def test_multi_exec_is_isolated(r, clients):
    c, m = clients(2)
    block(c, r, 1, "BLPOP", "list", "0")
    assert m.call("MULTI") == b"+OK\r\n"
    m.call("LPUSH", "list", "a")
    m.call("LPUSH", "list", "b")
    m.call("LPUSH", "list", "c")
    m.call("EXEC")
    assert c.reply() == arr("list", "c")
    # LPUSH + DEL inside a transaction wakes nobody
    assert m.call("DEL", "list") == b":1\r\n"
    block(c, r, 1, "BLPOP", "list", "0")
    m.call("MULTI")
    m.call("LPUSH", "list", "a")
    m.call("DEL", "list")
    m.call("EXEC")
    assert no_reply(c, 0.2)
    r.lpush("list", "b")
    assert c.reply() == arr("list", "b")


def test_blocking_inside_multi_replies_null(r, clients):
    m = clients()
    r.lpush("xlist", "foo", "bar")
    m.call("MULTI")
    for _ in range(3):
        m.call("BRPOPLPUSH", "xlist", "target", "0")
    assert m.call("EXEC") == b"*3\r\n" + bulk("foo") + bulk("bar") + b"$-1\r\n"


def test_client_unblock(r, clients):
    c = clients()
    cid = int(c.call("CLIENT", "ID")[1:-2])
    block(c, r, 1, "BLPOP", "l", "0")
    assert r.execute_command("CLIENT", "UNBLOCK", cid) == 1
    assert c.reply() == b"*-1\r\n"
    block(c, r, 1, "BLMPOP", "0", "1", "l", "RIGHT")
    assert r.execute_command("CLIENT", "UNBLOCK", cid, "TIMEOUT") == 1
    assert c.reply() == b"*-1\r\n"
    block(c, r, 1, "BLPOP", "l", "0")
    assert r.execute_command("CLIENT", "UNBLOCK", cid, "ERROR") == 1
    assert c.reply() == b"-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n"
    assert r.execute_command("CLIENT", "UNBLOCK", cid) == 0
    block(c, r, 1, "BLPOP", "l", "0")
    r.lpush("l", "foo")
    assert c.reply() == arr("l", "foo")


def test_info_counts_blocked_clients(r, clients):
    a, b = clients(2)
    block(a, r, 1, "BLPOP", "l", "0")
    block(b, r, 2, "BLPOP", "l", "10")
    info = r.info("clients")
    assert info["blocked_clients"] == 2
    assert info["clients_in_timeout_table"] == 1
    r.rpush("l", "1", "2")
    assert a.reply() == arr("l", "1")
    assert b.reply() == arr("l", "2")
    info = r.info("clients")
    assert info["blocked_clients"] == 0
    assert info["clients_in_timeout_table"] == 0
