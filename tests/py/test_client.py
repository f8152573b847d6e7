"""CLIENT: every subcommand, option and error, with Redis 7.0's exact replies."""
import re
import time

import pytest

from conftest import Raw

LINE_RE = re.compile(
    r"id=(\d+) addr=(127\.0\.0\.1:\d+) laddr=(127\.0\.0\.1:\d+) fd=(\d+) name=(\S*) age=(\d+) idle=(\d+) "
    r"flags=(\S+) db=(\d+) sub=0 psub=0 ssub=0 multi=(-?\d+) qbuf=(\d+) qbuf-free=(\d+) argv-mem=(\d+) "
    r"multi-mem=0 rbs=(\d+) rbp=(\d+) obl=(\d+) oll=(\d+) omem=(\d+) tot-mem=(\d+) events=(r?w?) "
    r"cmd=(\S+) user=(\S+) redir=-1 resp=([23])$")


def bulk(raw_reply):
    """Payload of a bulk string reply."""
    head, rest = raw_reply.split(b"\r\n", 1)
    assert head[:1] == b"$", raw_reply
    return rest[:int(head[1:])]


def lines(raw_reply):
    text = bulk(raw_reply).decode()
    assert text.endswith("\n")
    return text[:-1].split("\n") if text != "\n" else []


def fields(line):
    m = LINE_RE.match(line)
    assert m, line
    names = ["id", "addr", "laddr", "fd", "name", "age", "idle", "flags", "db", "multi", "qbuf", "qbuf-free",
             "argv-mem", "rbs", "rbp", "obl", "oll", "omem", "tot-mem", "events", "cmd", "user", "resp"]
    return dict(zip(names, m.groups()))


def client_id(raw):
    reply = raw.call("CLIENT", "ID")
    assert reply[:1] == b":"
    return int(reply[1:-2])


# --------------------------------------------------------------------------- ID / INFO / LIST

def test_id_is_unique_and_increasing(server, raw):
    other = Raw(server.port)
    try:
        a, b = client_id(raw), client_id(other)
        assert b > a > 0
    finally:
        other.close()


def test_info_line_format(raw):
    cid = client_id(raw)
    f = fields(lines(raw.call("CLIENT", "INFO"))[0])
    assert f["id"] == str(cid)
    # the query buffer still holds the running command: *2 $6 CLIENT $4 INFO = 26 bytes
    assert f["qbuf"] == "26"
    assert f["argv-mem"] == "10"
    assert f["cmd"] == "client|info"
    assert (f["flags"], f["db"], f["multi"], f["events"], f["user"], f["resp"]) == ("N", "0", "-1", "r", "default", "2")
    assert (f["obl"], f["oll"], f["omem"]) == ("0", "0", "0")
    assert f["addr"] == "127.0.0.1:%d" % raw.sock.getsockname()[1]
    assert f["laddr"] == "127.0.0.1:%d" % raw.sock.getpeername()[1]


def test_info_tracks_db_and_last_command(raw):
    assert raw.call("SELECT", "5") == b"+OK\r\n"
    assert raw.call("PING") == b"+PONG\r\n"
    f = fields(lines(raw.call("CLIENT", "INFO"))[0])
    assert f["db"] == "5"
    assert f["cmd"] == "client|info"


def test_list_shows_other_clients_last_command(server, raw):
    other = Raw(server.port)
    try:
        oid = client_id(other)
        assert other.call("ECHO", "x") == b"$1\r\nx\r\n"
        [line] = lines(raw.call("CLIENT", "LIST", "ID", str(oid)))
        f = fields(line)
        assert f["cmd"] == "echo"
        assert f["qbuf"] == "0" and f["argv-mem"] == "0"
    finally:
        other.close()


def test_unknown_command_resets_cmd_field(server, raw):
    cid = client_id(raw)
    assert raw.call("NOSUCH2").startswith(b"-ERR unknown command")
    # seen from another connection: cmd=NULL after an unknown command, as Redis
    other = Raw(server.port)
    try:
        [line] = lines(other.call("CLIENT", "LIST", "ID", str(cid)))
        assert fields(line)["cmd"] == "NULL"
        assert raw.call("CLIENT", "FOO").startswith(b"-ERR unknown subcommand")
        [line] = lines(other.call("CLIENT", "LIST", "ID", str(cid)))
        assert fields(line)["cmd"] == "NULL"
        assert raw.call("GET") == b"-ERR wrong number of arguments for 'get' command\r\n"
        [line] = lines(other.call("CLIENT", "LIST", "ID", str(cid)))
        assert fields(line)["cmd"] == "get"
    finally:
        other.close()


def test_info_resp3_is_verbatim(raw):
    raw.call("HELLO", "3")
    reply = raw.call("CLIENT", "INFO")
    head, rest = reply.split(b"\r\n", 1)
    assert head[:1] == b"="
    assert rest.startswith(b"txt:id=")
    assert int(head[1:]) == len(rest) - 2
    assert b" resp=3\n\r\n" in rest


def test_list_oldest_first_and_filters(server, raw):
    a, b = Raw(server.port), Raw(server.port)
    try:
        ids = [client_id(raw), client_id(a), client_id(b)]
        listed = [int(fields(l)["id"]) for l in lines(raw.call("CLIENT", "LIST"))]
        assert [i for i in listed if i in ids] == ids
        assert listed == sorted(listed)
        normal = [int(fields(l)["id"]) for l in lines(raw.call("CLIENT", "LIST", "TYPE", "normal"))]
        assert normal == listed
        for t in ("master", "replica", "slave", "pubsub", "MASTER"):
            assert raw.call("CLIENT", "LIST", "TYPE", t) == b"$0\r\n\r\n"
        by_id = lines(raw.call("CLIENT", "LIST", "ID", str(ids[2]), "999999", str(ids[0])))
        assert [int(fields(l)["id"]) for l in by_id] == [ids[2], ids[0]]
        assert raw.call("CLIENT", "LIST", "ID", "999999") == b"$0\r\n\r\n"
        assert raw.call("CLIENT", "LIST", "ID", "-5") == b"$0\r\n\r\n"
    finally:
        a.close()
        b.close()


@pytest.mark.parametrize("args,err", [
    (("TYPE", "foo"), b"-ERR Unknown client type 'foo'\r\n"),
    (("ID", "abc"), b"-ERR Invalid client ID\r\n"),
    (("ID", "1", "x"), b"-ERR Invalid client ID\r\n"),
    (("foo",), b"-ERR syntax error\r\n"),
    (("ID",), b"-ERR syntax error\r\n"),
    (("TYPE",), b"-ERR syntax error\r\n"),
    (("TYPE", "normal", "x"), b"-ERR syntax error\r\n"),
])
def test_list_errors(raw, args, err):
    assert raw.call("CLIENT", "LIST", *args) == err


def test_info_and_id_arity(raw):
    assert raw.call("CLIENT", "INFO", "x") == b"-ERR wrong number of arguments for 'client|info' command\r\n"
    assert raw.call("CLIENT", "ID", "x") == b"-ERR wrong number of arguments for 'client|id' command\r\n"
    assert raw.call("CLIENT") == b"-ERR wrong number of arguments for 'client' command\r\n"


def test_unknown_subcommands(raw):
    assert raw.call("CLIENT", "FOO") == b"-ERR unknown subcommand 'FOO'. Try CLIENT HELP.\r\n"
    # CLIENT SETINFO is Redis 7.2: 7.0 does not know it
    assert raw.call("CLIENT", "SETINFO", "lib-name", "x") == \
        b"-ERR unknown subcommand 'SETINFO'. Try CLIENT HELP.\r\n"
    assert raw.call("CLIENT", "NO-TOUCH", "on") == b"-ERR unknown subcommand 'NO-TOUCH'. Try CLIENT HELP.\r\n"


# --------------------------------------------------------------------------- names

def test_getname_setname(raw):
    assert raw.call("CLIENT", "GETNAME") == b"$-1\r\n"
    assert raw.call("CLIENT", "SETNAME", "myname") == b"+OK\r\n"
    assert raw.call("CLIENT", "GETNAME") == b"$6\r\nmyname\r\n"
    assert fields(lines(raw.call("CLIENT", "INFO"))[0])["name"] == "myname"
    assert raw.call("CLIENT", "SETNAME", "other!~") == b"+OK\r\n"
    assert raw.call("CLIENT", "GETNAME") == b"$7\r\nother!~\r\n"
    assert raw.call("CLIENT", "SETNAME", "") == b"+OK\r\n"
    assert raw.call("CLIENT", "GETNAME") == b"$-1\r\n"
    assert fields(lines(raw.call("CLIENT", "INFO"))[0])["name"] == ""


@pytest.mark.parametrize("name", ["foo bar", "a\nb", "tab\t", "\x7f", "caf\xc3\xa9"])
def test_setname_rejects_special_characters(raw, name):
    assert raw.call("CLIENT", "SETNAME", "keep") == b"+OK\r\n"
    assert raw.call("CLIENT", "SETNAME", name.encode("latin-1")) == \
        b"-ERR Client names cannot contain spaces, newlines or special characters.\r\n"
    assert raw.call("CLIENT", "GETNAME") == b"$4\r\nkeep\r\n"


def test_name_arity(raw):
    assert raw.call("CLIENT", "SETNAME") == b"-ERR wrong number of arguments for 'client|setname' command\r\n"
    assert raw.call("CLIENT", "SETNAME", "a", "b") == \
        b"-ERR wrong number of arguments for 'client|setname' command\r\n"
    assert raw.call("CLIENT", "GETNAME", "x") == b"-ERR wrong number of arguments for 'client|getname' command\r\n"


def test_name_disappears_from_list_after_close(server, raw):
    other = Raw(server.port)
    assert other.call("CLIENT", "SETNAME", "goingaway") == b"+OK\r\n"
    assert b"name=goingaway " in raw.call("CLIENT", "LIST")
    other.close()
    deadline = time.time() + 5
    while b"name=goingaway " in raw.call("CLIENT", "LIST"):
        assert time.time() < deadline
        time.sleep(0.02)


# --------------------------------------------------------------------------- KILL

def test_kill_old_form_by_addr(server, raw):
    victim = Raw(server.port)
    addr = "127.0.0.1:%d" % victim.sock.getsockname()[1]
    assert victim.call("PING") == b"+PONG\r\n"
    assert raw.call("CLIENT", "KILL", addr) == b"+OK\r\n"
    assert victim.closed()
    assert raw.call("CLIENT", "KILL", addr) == b"-ERR No such client\r\n"
    assert raw.call("CLIENT", "KILL", "1.2.3.4:5") == b"-ERR No such client\r\n"


def test_kill_old_form_can_kill_self(raw):
    addr = "127.0.0.1:%d" % raw.sock.getsockname()[1]
    assert raw.call("CLIENT", "KILL", addr) == b"+OK\r\n"
    assert raw.closed()


def test_kill_by_id(server, raw):
    victim = Raw(server.port)
    vid = client_id(victim)
    assert raw.call("CLIENT", "KILL", "ID", str(vid)) == b":1\r\n"
    assert victim.closed()
    assert raw.call("CLIENT", "KILL", "ID", str(vid)) == b":0\r\n"


def test_kill_by_addr_laddr_and_combined_filters(server, raw):
    victim = Raw(server.port)
    addr = "127.0.0.1:%d" % victim.sock.getsockname()[1]
    laddr = "127.0.0.1:%d" % server.port
    vid = client_id(victim)
    # filters are ANDed: the right address with another id kills nothing
    assert raw.call("CLIENT", "KILL", "ADDR", addr, "ID", str(vid + 1000)) == b":0\r\n"
    assert raw.call("CLIENT", "KILL", "LADDR", "127.0.0.1:1", "ID", str(vid)) == b":0\r\n"
    assert raw.call("CLIENT", "KILL", "addr", addr, "laddr", laddr, "type", "normal", "user", "default") == b":1\r\n"
    assert victim.closed()


def test_kill_skipme(server, raw):
    others = [Raw(server.port) for _ in range(2)]
    for o in others:
        assert o.call("PING") == b"+PONG\r\n"
    n = int(raw.call("CLIENT", "KILL", "LADDR", "127.0.0.1:%d" % server.port)[1:-2])
    assert n >= 2
    for o in others:
        assert o.closed()
    assert raw.call("PING") == b"+PONG\r\n"  # SKIPME yes is the default
    me = client_id(raw)
    assert raw.call("CLIENT", "KILL", "ID", str(me), "SKIPME", "yes") == b":0\r\n"
    # SKIPME no: the reply is sent, then the connection is closed
    assert raw.call("CLIENT", "KILL", "ID", str(me), "SKIPME", "no") == b":1\r\n"
    assert raw.closed()


def test_kill_type_matches_only_normal(server, raw):
    victim = Raw(server.port)
    vid = client_id(victim)
    for t in ("master", "replica", "slave", "pubsub"):
        assert raw.call("CLIENT", "KILL", "TYPE", t, "ID", str(vid)) == b":0\r\n"
    assert raw.call("CLIENT", "KILL", "TYPE", "NORMAL", "ID", str(vid)) == b":1\r\n"


@pytest.mark.parametrize("args,err", [
    (("ID", "10", "wrong_arg"), b"-ERR syntax error\r\n"),
    (("ID", "str"), b"-ERR client-id should be greater than 0\r\n"),
    (("ID", "-1"), b"-ERR client-id should be greater than 0\r\n"),
    (("ID", "0"), b"-ERR client-id should be greater than 0\r\n"),
    (("TYPE", "wrong_type"), b"-ERR Unknown client type 'wrong_type'\r\n"),
    (("USER", "wrong_user"), b"-ERR No such user 'wrong_user'\r\n"),
    (("SKIPME", "yes_or_no"), b"-ERR syntax error\r\n"),
    (("FOO", "bar"), b"-ERR syntax error\r\n"),
    (("ID", "5", "TYPE"), b"-ERR syntax error\r\n"),
])
def test_kill_errors(raw, args, err):
    assert raw.call("CLIENT", "KILL", *args) == err
    assert raw.call("PING") == b"+PONG\r\n"


def test_kill_arity(raw):
    assert raw.call("CLIENT", "KILL") == b"-ERR wrong number of arguments for 'client|kill' command\r\n"


# --------------------------------------------------------------------------- REPLY

def test_reply_off_on(raw):
    raw.send(b"CLIENT REPLY OFF\r\nPING pong\r\nGET\r\nNOSUCH\r\nCLIENT REPLY foo\r\nCLIENT REPLY ON\r\nPING x\r\n")
    assert raw.reply() == b"+OK\r\n"
    assert raw.reply() == b"$1\r\nx\r\n"


def test_reply_skip_mutes_exactly_the_next_command(raw):
    raw.send(b"CLIENT REPLY SKIP\r\nPING a\r\nPING b\r\n")
    assert raw.reply() == b"$1\r\nb\r\n"


def test_reply_skip_applies_to_rejected_commands(raw):
    raw.send(b"CLIENT REPLY SKIP\r\nNOSUCH\r\nPING\r\n")
    assert raw.reply() == b"+PONG\r\n"
    raw.send(b"CLIENT REPLY SKIP\r\nGET\r\nPING\r\n")
    assert raw.reply() == b"+PONG\r\n"


def test_reply_skip_twice_and_on_clears_skip(raw):
    raw.send(b"CLIENT REPLY SKIP\r\nCLIENT REPLY SKIP\r\nPING a\r\nPING b\r\n")
    assert raw.reply() == b"$1\r\nb\r\n"
    raw.send(b"CLIENT REPLY SKIP\r\nCLIENT REPLY ON\r\nPING\r\n")
    assert raw.reply() == b"+OK\r\n"
    assert raw.reply() == b"+PONG\r\n"


def test_reply_skip_is_ignored_while_off(raw):
    raw.send(b"CLIENT REPLY OFF\r\nCLIENT REPLY SKIP\r\nCLIENT REPLY ON\r\nPING\r\n")
    assert raw.reply() == b"+OK\r\n"
    assert raw.reply() == b"+PONG\r\n"


def test_reply_errors(raw):
    assert raw.call("CLIENT", "REPLY", "foo") == b"-ERR syntax error\r\n"
    assert raw.call("CLIENT", "REPLY") == b"-ERR wrong number of arguments for 'client|reply' command\r\n"
    assert raw.call("CLIENT", "REPLY", "on", "x") == b"-ERR wrong number of arguments for 'client|reply' command\r\n"
    assert raw.call("CLIENT", "REPLY", "ON") == b"+OK\r\n"


# --------------------------------------------------------------------------- NO-EVICT, tracking

def test_no_evict(raw):
    assert raw.call("CLIENT", "NO-EVICT", "on") == b"+OK\r\n"
    assert fields(lines(raw.call("CLIENT", "INFO"))[0])["flags"] == "e"
    assert raw.call("CLIENT", "NO-EVICT", "OFF") == b"+OK\r\n"
    assert fields(lines(raw.call("CLIENT", "INFO"))[0])["flags"] == "N"
    assert raw.call("CLIENT", "NO-EVICT", "maybe") == b"-ERR syntax error\r\n"
    assert raw.call("CLIENT", "NO-EVICT") == b"-ERR wrong number of arguments for 'client|no-evict' command\r\n"


def test_tracking_is_off(raw):
    assert raw.call("CLIENT", "GETREDIR") == b":-1\r\n"
    assert raw.call("CLIENT", "TRACKINGINFO") == \
        b"*6\r\n$5\r\nflags\r\n*1\r\n$3\r\noff\r\n$8\r\nredirect\r\n:-1\r\n$8\r\nprefixes\r\n*0\r\n"
    raw.call("HELLO", "3")
    assert raw.call("CLIENT", "TRACKINGINFO") == \
        b"%3\r\n$5\r\nflags\r\n~1\r\n$3\r\noff\r\n$8\r\nredirect\r\n:-1\r\n$8\r\nprefixes\r\n*0\r\n"


# --------------------------------------------------------------------------- HELP

def test_help(raw):
    reply = raw.call("CLIENT", "HELP")
    assert reply.startswith(b"*48\r\n+CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n"
                            b"+CACHING (YES|NO)\r\n")
    assert reply.endswith(b"+NO-EVICT (ON|OFF)\r\n+    Protect current client connection from eviction.\r\n"
                          b"+HELP\r\n+    Prints this help.\r\n")
    assert reply.count(b"\r\n") == 49
    assert raw.call("CLIENT", "HELP", "x") == b"-ERR wrong number of arguments for 'client|help' command\r\n"


# --------------------------------------------------------------------------- PAUSE / UNPAUSE

def test_pause_all_delays_every_command(server, raw):
    other = Raw(server.port)
    try:
        assert raw.call("CLIENT", "PAUSE", "300", "ALL") == b"+OK\r\n"
        t = time.time()
        assert other.call("CLIENT", "UNPAUSE") == b"+OK\r\n"  # as in Redis 7.0, even UNPAUSE waits
        assert time.time() - t >= 0.25
    finally:
        other.close()


def test_pause_write_delays_only_writes(server, r, raw):
    other = Raw(server.port)
    try:
        assert raw.call("CLIENT", "PAUSE", "300", "WRITE") == b"+OK\r\n"
        t = time.time()
        assert other.call("GET", "x") == b"$-1\r\n"
        assert time.time() - t < 0.2
        assert other.call("SET", "x", "1") == b"+OK\r\n"
        assert time.time() - t >= 0.25
        assert other.call("GET", "x") == b"$1\r\n1\r\n"
    finally:
        other.close()


def test_unpause_releases_postponed_clients_in_order(server, raw):
    other = Raw(server.port)
    try:
        oid = client_id(other)
        assert raw.call("CLIENT", "PAUSE", "10000", "WRITE") == b"+OK\r\n"
        other.send(b"SET y 2\r\nGET y\r\n")
        deadline = time.time() + 5
        while b" flags=b " not in raw.call("CLIENT", "LIST", "ID", str(oid)):
            assert time.time() < deadline
            time.sleep(0.01)
        assert raw.call("GET", "y") == b"$-1\r\n"
        t = time.time()
        assert raw.call("CLIENT", "UNPAUSE") == b"+OK\r\n"
        assert other.reply() == b"+OK\r\n"
        assert other.reply() == b"$1\r\n2\r\n"
        assert time.time() - t < 2
        assert b" flags=N " in raw.call("CLIENT", "LIST", "ID", str(oid))
    finally:
        other.close()
        raw.call("DEL", "y")


def test_postponed_client_may_disconnect(server, raw):
    other = Raw(server.port)
    assert raw.call("CLIENT", "PAUSE", "10000", "WRITE") == b"+OK\r\n"
    other.send(b"SET gone 1\r\n")
    time.sleep(0.1)
    other.close()
    time.sleep(0.1)
    assert raw.call("CLIENT", "UNPAUSE") == b"+OK\r\n"
    time.sleep(0.1)
    assert raw.call("GET", "gone") == b"$-1\r\n"  # the command of a vanished client never runs


def test_pause_longer_pause_wins(server, raw):
    other = Raw(server.port)
    try:
        assert raw.call("CLIENT", "PAUSE", "400", "WRITE") == b"+OK\r\n"
        assert raw.call("CLIENT", "PAUSE", "50", "WRITE") == b"+OK\r\n"  # does not shorten it
        t = time.time()
        assert other.call("SET", "z", "1") == b"+OK\r\n"
        assert time.time() - t >= 0.3
    finally:
        other.close()
        raw.call("DEL", "z")


def test_pause_zero_is_no_pause(server, raw):
    assert raw.call("CLIENT", "PAUSE", "0") == b"+OK\r\n"
    t = time.time()
    assert raw.call("SET", "p", "1") == b"+OK\r\n"
    assert time.time() - t < 0.2
    raw.call("DEL", "p")


@pytest.mark.parametrize("args,err", [
    (("10", "foo"), b"-ERR CLIENT PAUSE mode must be WRITE or ALL\r\n"),
    (("abc", "foo"), b"-ERR CLIENT PAUSE mode must be WRITE or ALL\r\n"),
    (("abc",), b"-ERR timeout is not an integer or out of range\r\n"),
    (("1.5",), b"-ERR timeout is not an integer or out of range\r\n"),
    (("-1",), b"-ERR timeout is negative\r\n"),
    (("10", "all", "x"), b"-ERR unknown subcommand or wrong number of arguments for 'pause'. Try CLIENT HELP.\r\n"),
])
def test_pause_errors(raw, args, err):
    assert raw.call("CLIENT", "pause", *args) == err


def test_pause_arity(raw):
    assert raw.call("CLIENT", "PAUSE") == b"-ERR wrong number of arguments for 'client|pause' command\r\n"
    assert raw.call("CLIENT", "UNPAUSE", "x") == b"-ERR wrong number of arguments for 'client|unpause' command\r\n"
    assert raw.call("CLIENT", "UNPAUSE") == b"+OK\r\n"


def test_client_unblock_errors(raw):
    assert raw.call("CLIENT", "UNBLOCK", "1", "FOO") == (
        b"-ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR\r\n")
    assert raw.call("CLIENT", "UNBLOCK", "x") == b"-ERR value is not an integer or out of range\r\n"
    assert raw.call("CLIENT", "UNBLOCK", "999999") == b":0\r\n"
    assert raw.call("CLIENT", "UNBLOCK") == (
        b"-ERR wrong number of arguments for 'client|unblock' command\r\n")
    assert raw.call("CLIENT", "UNBLOCK", "1", "TIMEOUT", "x") == (
        b"-ERR unknown subcommand or wrong number of arguments for 'UNBLOCK'. Try CLIENT HELP.\r\n")
