"""MULTI / EXEC / DISCARD / WATCH / UNWATCH: replies and errors byte for byte
as Redis 7.0.15 gives them, WATCH invalidation by every kind of write, and
optimistic locking under contention."""

import threading
import time

import pytest
import redis

from conftest import Raw

OK = b"+OK\r\n"
QUEUED = b"+QUEUED\r\n"
NULL_ARRAY = b"*-1\r\n"
EXECABORT = b"-EXECABORT Transaction discarded because of previous errors.\r\n"


def run_tx(raw, *cmds):
    """MULTI, the commands (each must be QUEUED), EXEC: returns EXEC's raw reply."""
    assert raw.call("MULTI") == OK
    for c in cmds:
        assert raw.call(*c) == QUEUED
    return raw.call("EXEC")


def empty_tx(raw):
    return run_tx(raw, ("PING",))


# ------------------------------------------------------------------ basics


def test_multi_exec_basics(raw):
    raw.call("FLUSHALL")
    assert run_tx(raw, ("SET", "a", "1"), ("INCR", "a"), ("GET", "a"), ("PING",)) == (
        b"*4\r\n+OK\r\n:2\r\n$1\r\n2\r\n+PONG\r\n"
    )


def test_empty_transaction(raw):
    assert raw.call("MULTI") == OK
    assert raw.call("EXEC") == b"*0\r\n"


def test_runtime_errors_do_not_roll_back(raw):
    raw.call("FLUSHALL")
    assert run_tx(raw, ("SET", "a", "x"), ("INCR", "a"), ("LPUSH", "a", "v"), ("SET", "b", "2")) == (
        b"*4\r\n+OK\r\n-ERR value is not an integer or out of range\r\n"
        b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n+OK\r\n"
    )
    assert raw.call("GET", "a") == b"$1\r\nx\r\n"
    assert raw.call("GET", "b") == b"$1\r\n2\r\n"


def test_queued_args_are_copied(raw):
    # big and many arguments: the query buffer is reused between commands
    raw.call("FLUSHALL")
    big = "v" * 100000
    assert raw.call("MULTI") == OK
    for i in range(20):
        assert raw.call("SET", f"k{i}", big + str(i)) == QUEUED
    reply = raw.call("EXEC")
    assert reply == b"*20\r\n" + OK * 20
    for i in range(20):
        assert raw.call("STRLEN", f"k{i}") == b":%d\r\n" % (100000 + len(str(i)))
    assert raw.call("GET", "k7")[-8:] == b"vvvvv7\r\n"


def test_pipelined_transaction(raw):
    raw.call("FLUSHALL")
    raw.send(b"MULTI\r\nSET p 1\r\nINCRBY p 10\r\nEXEC\r\n")
    assert [raw.reply() for _ in range(4)] == [OK, QUEUED, QUEUED, b"*2\r\n+OK\r\n:11\r\n"]


def test_discard(raw):
    raw.call("FLUSHALL")
    raw.call("SET", "a", "1")
    assert raw.call("MULTI") == OK
    assert raw.call("DEL", "a") == QUEUED
    assert raw.call("DISCARD") == OK
    assert raw.call("GET", "a") == b"$1\r\n1\r\n"
    assert raw.call("EXEC") == b"-ERR EXEC without MULTI\r\n"


def test_errors_outside_multi(raw):
    assert raw.call("EXEC") == b"-ERR EXEC without MULTI\r\n"
    assert raw.call("DISCARD") == b"-ERR DISCARD without MULTI\r\n"
    assert raw.call("UNWATCH") == OK


def test_arity_errors(raw):
    assert raw.call("MULTI", "x") == b"-ERR wrong number of arguments for 'multi' command\r\n"
    # a rejected EXEC is an aborted transaction even outside MULTI
    assert raw.call("EXEC", "x") == (
        b"-EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command\r\n"
    )
    assert raw.call("DISCARD", "x") == b"-ERR wrong number of arguments for 'discard' command\r\n"
    assert raw.call("WATCH") == b"-ERR wrong number of arguments for 'watch' command\r\n"
    assert raw.call("UNWATCH", "x") == b"-ERR wrong number of arguments for 'unwatch' command\r\n"


def test_nested_multi(raw):
    assert raw.call("MULTI") == OK
    assert raw.call("MULTI") == b"-ERR MULTI calls can not be nested\r\n"
    # not a queueing error: the transaction still runs
    assert raw.call("PING") == QUEUED
    assert raw.call("EXEC") == b"*1\r\n+PONG\r\n"


def test_watch_inside_multi(raw):
    assert raw.call("MULTI") == OK
    assert raw.call("WATCH", "x") == b"-ERR WATCH inside MULTI is not allowed\r\n"
    assert raw.call("EXEC") == b"*0\r\n"


def test_unwatch_is_queued_inside_multi(raw):
    assert raw.call("MULTI") == OK
    assert raw.call("UNWATCH") == QUEUED
    assert raw.call("EXEC") == b"*1\r\n+OK\r\n"


# --------------------------------------------------------------- EXECABORT


def test_execabort_unknown_command(raw):
    raw.call("FLUSHALL")
    assert raw.call("MULTI") == OK
    assert raw.call("SET", "a", "1") == QUEUED
    assert raw.call("NOSUCH", "x") == b"-ERR unknown command 'NOSUCH', with args beginning with: 'x' \r\n"
    assert raw.call("SET", "b", "1") == QUEUED
    assert raw.call("EXEC") == EXECABORT
    assert raw.call("EXISTS", "a", "b") == b":0\r\n"
    # the client is out of MULTI
    assert raw.call("PING") == b"+PONG\r\n"


def test_execabort_wrong_arity(raw):
    assert raw.call("MULTI") == OK
    assert raw.call("SET", "a") == b"-ERR wrong number of arguments for 'set' command\r\n"
    assert raw.call("EXEC") == EXECABORT


def test_execabort_unknown_subcommand(raw):
    assert raw.call("MULTI") == OK
    assert raw.call("CONFIG", "NOPE") == b"-ERR unknown subcommand 'NOPE'. Try CONFIG HELP.\r\n"
    assert raw.call("EXEC") == EXECABORT


def test_execabort_no_multi_commands(raw):
    raw.call("FLUSHALL")
    for cmd in (("SHUTDOWN",), ("SHUTDOWN", "NOSAVE")):
        assert raw.call("MULTI") == OK
        assert raw.call("SET", "foo", "bar") == QUEUED
        assert raw.call(*cmd) == b"-ERR Command not allowed inside a transaction\r\n"
        assert raw.call("EXEC") == EXECABORT
        assert raw.call("GET", "foo") == b"$-1\r\n"


def test_rejected_exec_outside_multi_drops_watches(raw, server):
    raw.call("SET", "x", "1")
    raw.call("WATCH", "x")
    assert raw.call("EXEC", "x").startswith(b"-EXECABORT Transaction discarded because of: wrong number")
    other = Raw(server.port)
    other.call("SET", "x", "2")
    other.close()
    assert empty_tx(raw) == b"*1\r\n+PONG\r\n"


def test_exec_with_args_aborts_transaction(raw):
    raw.call("FLUSHALL")
    assert raw.call("MULTI") == OK
    assert raw.call("SET", "a", "1") == QUEUED
    assert raw.call("EXEC", "x") == (
        b"-EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command\r\n"
    )
    assert raw.call("EXEC") == b"-ERR EXEC without MULTI\r\n"
    assert raw.call("EXISTS", "a") == b":0\r\n"


def test_runtime_error_is_not_a_queueing_error(raw):
    # a syntax error found by the command itself only shows up in EXEC's array
    assert run_tx(raw, ("SET", "a", "1", "NX", "XX")) == b"*1\r\n-ERR syntax error\r\n"


def test_discard_clears_execabort(raw):
    assert raw.call("MULTI") == OK
    assert raw.call("NOSUCH") == b"-ERR unknown command 'NOSUCH', with args beginning with: \r\n"
    assert raw.call("DISCARD") == OK
    assert empty_tx(raw) == b"*1\r\n+PONG\r\n"


def test_noauth_inside_multi(start_server):
    s = start_server("--requirepass", "pw")
    c = Raw(s.port)
    try:
        assert c.call("MULTI") == b"-NOAUTH Authentication required.\r\n"
        assert c.call("AUTH", "pw") == OK
        assert c.call("MULTI") == OK
        assert c.call("SET", "a", "1") == QUEUED
        assert c.call("EXEC") == b"*1\r\n+OK\r\n"
    finally:
        c.close()


# ------------------------------------------------------------------- WATCH


def test_watch_unmodified(raw):
    raw.call("FLUSHALL")
    assert raw.call("WATCH", "x", "y", "z") == OK
    assert raw.call("WATCH", "k") == OK
    assert empty_tx(raw) == b"*1\r\n+PONG\r\n"


def test_watch_modified_by_other_client(raw, server):
    raw.call("SET", "x", "30")
    assert raw.call("WATCH", "a", "b", "x", "k", "z") == OK
    other = Raw(server.port)
    assert other.call("SET", "x", "40") == OK
    other.close()
    assert run_tx(raw, ("SET", "x", "50")) == NULL_ARRAY
    assert raw.call("GET", "x") == b"$2\r\n40\r\n"


def test_watch_modified_by_self(raw):
    raw.call("SET", "x", "30")
    raw.call("WATCH", "x")
    raw.call("SET", "x", "40")
    assert empty_tx(raw) == NULL_ARRAY


def test_watch_resp3_null(raw):
    assert raw.call("HELLO", "3").startswith(b"%7\r\n")
    raw.call("SET", "x", "30")
    raw.call("WATCH", "x")
    raw.call("SET", "x", "40")
    assert empty_tx(raw) == b"_\r\n"
    # EXECABORT and normal replies stay the same in RESP3
    assert raw.call("MULTI") == OK
    assert raw.call("NOSUCH") == b"-ERR unknown command 'NOSUCH', with args beginning with: \r\n"
    assert raw.call("EXEC") == EXECABORT


def test_key_no_longer_watched_after_exec(raw):
    raw.call("SET", "x", "30")
    raw.call("WATCH", "x")
    assert empty_tx(raw) == b"*1\r\n+PONG\r\n"
    raw.call("SET", "x", "40")
    assert empty_tx(raw) == b"*1\r\n+PONG\r\n"
    # and after a failed one
    raw.call("WATCH", "x")
    raw.call("SET", "x", "41")
    assert empty_tx(raw) == NULL_ARRAY
    raw.call("SET", "x", "42")
    assert empty_tx(raw) == b"*1\r\n+PONG\r\n"


def test_unwatch(raw):
    raw.call("SET", "x", "30")
    raw.call("WATCH", "x")
    raw.call("SET", "x", "40")
    assert raw.call("UNWATCH") == OK
    assert empty_tx(raw) == b"*1\r\n+PONG\r\n"


def test_discard_unwatches_and_clears_dirty(raw):
    raw.call("FLUSHALL")
    raw.call("WATCH", "x")
    raw.call("SET", "x", "10")
    assert raw.call("MULTI") == OK
    assert raw.call("DISCARD") == OK
    assert run_tx(raw, ("INCR", "x")) == b"*1\r\n:11\r\n"
    raw.call("WATCH", "x")
    assert raw.call("MULTI") == OK
    assert raw.call("DISCARD") == OK
    raw.call("SET", "x", "10")
    assert run_tx(raw, ("INCR", "x")) == b"*1\r\n:11\r\n"


def test_watch_remembers_db(raw):
    raw.call("FLUSHALL")
    raw.call("SELECT", "5")
    raw.call("SET", "x", "30")
    raw.call("WATCH", "x")
    raw.call("SELECT", "1")
    raw.call("SET", "x", "10")
    raw.call("SELECT", "5")
    assert empty_tx(raw) == b"*1\r\n+PONG\r\n"
    # a key of another db watched from there is broken by a write there
    raw.call("WATCH", "x")
    raw.call("SELECT", "0")
    raw.call("SELECT", "5")
    raw.call("DEL", "x")
    raw.call("SELECT", "0")
    assert empty_tx(raw) == NULL_ARRAY


def test_watch_same_key_twice(raw, server):
    raw.call("SET", "x", "1")
    raw.call("WATCH", "x", "x")
    raw.call("WATCH", "x")
    other = Raw(server.port)
    other.call("SET", "x", "2")
    other.close()
    assert empty_tx(raw) == NULL_ARRAY


def test_many_watchers_one_key(server):
    clients = [Raw(server.port) for _ in range(5)]
    try:
        clients[0].call("SET", "shared", "0")
        for c in clients:
            assert c.call("WATCH", "shared", "other") == OK
        clients[0].call("INCR", "shared")
        for c in clients:
            assert empty_tx(c) == NULL_ARRAY
    finally:
        for c in clients:
            c.close()


def test_watch_survives_disconnect_of_other_watcher(server):
    a, b, w = Raw(server.port), Raw(server.port), Raw(server.port)
    try:
        a.call("WATCH", "dk")
        b.call("WATCH", "dk")
        a.close()
        time.sleep(0.05)
        w.call("SET", "dk", "1")
        assert empty_tx(b) == NULL_ARRAY
    finally:
        b.close()
        w.close()


def test_reset_unwatches_and_discards(raw, server):
    raw.call("SET", "x", "1")
    raw.call("WATCH", "x")
    assert raw.call("MULTI") == OK
    assert raw.call("SET", "x", "9") == QUEUED
    assert raw.call("RESET") == b"+RESET\r\n"
    assert raw.call("EXEC") == b"-ERR EXEC without MULTI\r\n"
    assert raw.call("GET", "x") == b"$1\r\n1\r\n"
    other = Raw(server.port)
    other.call("SET", "x", "2")
    other.close()
    assert empty_tx(raw) == b"*1\r\n+PONG\r\n"


@pytest.mark.parametrize(
    "setup,write",
    [
        ([("SET", "w", "1")], ("SET", "w", "2")),
        ([("SET", "w", "1")], ("DEL", "w")),
        ([("SET", "w", "1")], ("UNLINK", "w")),
        ([("SET", "w", "1")], ("APPEND", "w", "x")),
        ([("SET", "w", "1")], ("INCR", "w")),
        ([("SET", "w", "1")], ("SETRANGE", "w", "0", "x")),
        ([("SET", "w", "1")], ("SETBIT", "w", "0", "1")),
        ([("SET", "w", "1")], ("GETDEL", "w")),
        ([("SET", "w", "1")], ("GETEX", "w", "EX", "100")),
        ([("SET", "w", "1")], ("GETSET", "w", "2")),
        ([], ("MSET", "w", "1", "o", "2")),
        ([], ("MSETNX", "w", "1")),
        ([], ("SETNX", "w", "1")),
        ([], ("SETEX", "w", "100", "1")),
        ([("SET", "w", "1")], ("EXPIRE", "w", "100")),
        ([("SET", "w", "1", "EX", "100")], ("PERSIST", "w")),
        ([("SET", "w", "1")], ("RENAME", "w", "o")),
        ([("SET", "o", "1")], ("RENAME", "o", "w")),
        ([("SET", "o", "1")], ("COPY", "o", "w")),
        ([("SET", "w", "1")], ("MOVE", "w", "3")),
        ([], ("LPUSH", "w", "a")),
        ([("RPUSH", "w", "a", "b")], ("LPOP", "w")),
        ([("RPUSH", "w", "a", "b")], ("LSET", "w", "0", "x")),
        ([("RPUSH", "w", "a")], ("LMOVE", "w", "o", "LEFT", "LEFT")),
        ([], ("HSET", "w", "f", "v")),
        ([("HSET", "w", "f", "v")], ("HDEL", "w", "f")),
        ([], ("SADD", "w", "m")),
        ([("SADD", "w", "m", "n")], ("SPOP", "w")),
        ([("SADD", "o", "m")], ("SUNIONSTORE", "w", "o")),
        ([("SET", "w", "1")], ("FLUSHDB",)),
        ([("SET", "w", "1")], ("FLUSHALL",)),
        ([("SET", "w", "1")], ("FLUSHALL", "ASYNC")),
        ([("SET", "w", "1")], ("SWAPDB", "0", "1")),
        ([("SET", "w", "1")], ("DECR", "w")),
        ([("SET", "w", "1")], ("INCRBYFLOAT", "w", "1.5")),
        ([("SET", "w", "1")], ("SET", "w", "1", "KEEPTTL")),
        ([("SET", "w", "1", "EX", "100")], ("GETEX", "w", "PERSIST")),
        ([("SET", "w", "1")], ("PEXPIRE", "w", "100000")),
        ([("SET", "w", "1")], ("EXPIREAT", "w", "99999999999")),
        ([("SET", "o", "1")], ("RENAMENX", "o", "w")),
        ([("SET", "o", "1")], ("COPY", "o", "w", "REPLACE")),
        ([("SET", "a", "1")], ("BITOP", "OR", "w", "a")),
        ([], ("BITFIELD", "w", "SET", "u8", "0", "255")),
        ([("RPUSH", "w", "a", "b")], ("LREM", "w", "0", "a")),
        ([("RPUSH", "w", "a")], ("LINSERT", "w", "BEFORE", "a", "x")),
        ([("RPUSH", "w", "a", "b")], ("LTRIM", "w", "0", "0")),
        ([("RPUSH", "w", "a")], ("LPOP", "w")),
        ([("RPUSH", "w", "a")], ("RPUSHX", "w", "b")),
        ([("RPUSH", "o", "a")], ("RPOPLPUSH", "o", "w")),
        ([("RPUSH", "w", "a")], ("RPOPLPUSH", "w", "o")),
        ([("SADD", "w", "m")], ("SREM", "w", "m")),
        ([("SADD", "w", "m")], ("SMOVE", "w", "o", "m")),
        ([("SADD", "o", "m")], ("SMOVE", "o", "w", "m")),
        ([("SADD", "o", "m")], ("SINTERSTORE", "w", "o")),
        ([("SADD", "o", "m")], ("SDIFFSTORE", "w", "o")),
        ([("SADD", "w", "m", "n")], ("SPOP", "w", "2")),
        ([("HSET", "w", "f", "1")], ("HINCRBY", "w", "f", "1")),
        ([("HSET", "w", "f", "1")], ("HINCRBYFLOAT", "w", "f", "1.5")),
        ([], ("HSETNX", "w", "f", "1")),
        ([], ("HMSET", "w", "f", "1")),
    ],
)
def test_watch_broken_by_write(raw, setup, write):
    raw.call("FLUSHALL")
    for c in setup:
        raw.call(*c)
    assert raw.call("WATCH", "w") == OK
    reply = raw.call(*write)
    assert not reply.startswith(b"-"), reply
    assert empty_tx(raw) == NULL_ARRAY
    raw.call("FLUSHALL")


@pytest.mark.parametrize(
    "setup,cmd",
    [
        ([("SET", "w", "1")], ("GET", "w")),
        ([("SET", "w", "1")], ("SET", "o", "2")),
        ([], ("DEL", "w")),  # deleting a missing key changes nothing
        ([], ("FLUSHDB",)),  # the watched key did not exist
        ([], ("FLUSHALL",)),
        ([("SET", "w", "1")], ("EXPIRE", "o", "100")),
        ([("SET", "w", "1")], ("RENAME", "w", "w")),
        ([("SET", "w", "1")], ("GETEX", "w", "PERSIST")),  # had no TTL: nothing changed
        ([("RPUSH", "w", "a")], ("LRANGE", "w", "0", "-1")),
    ],
)
def test_watch_not_broken(raw, setup, cmd):
    raw.call("FLUSHALL")
    for c in setup:
        raw.call(*c)
    assert raw.call("WATCH", "w") == OK
    raw.call(*cmd)
    assert empty_tx(raw) == b"*1\r\n+PONG\r\n"


def test_watch_broken_by_move_and_copy_into_watched_db(raw):
    raw.call("FLUSHALL")
    raw.call("SELECT", "3")
    raw.call("WATCH", "w")
    raw.call("SELECT", "0")
    raw.call("SET", "w", "1")
    assert raw.call("MOVE", "w", "3") == b":1\r\n"
    assert empty_tx(raw) == NULL_ARRAY
    raw.call("SELECT", "3")
    raw.call("WATCH", "c")
    raw.call("SELECT", "0")
    raw.call("SET", "o", "1")
    assert raw.call("COPY", "o", "c", "DB", "3") == b":1\r\n"
    assert empty_tx(raw) == NULL_ARRAY
    raw.call("FLUSHALL")


def test_watch_broken_by_blocked_client_pop(raw, server):
    raw.call("FLUSHALL")
    waiter = Raw(server.port)
    try:
        waiter.cmd("BLPOP", "bq", "0")
        time.sleep(0.1)
        raw.call("WATCH", "bq")
        pusher = Raw(server.port)
        pusher.call("RPUSH", "bq", "x")
        pusher.close()
        assert waiter.reply() == b"*2\r\n$2\r\nbq\r\n$1\r\nx\r\n"
        assert empty_tx(raw) == NULL_ARRAY
    finally:
        waiter.close()


def test_swapdb_touches_missing_key_created_by_swap(raw):
    raw.call("FLUSHALL")
    raw.call("SELECT", "1")
    raw.call("SET", "x", "30")
    raw.call("SELECT", "0")
    raw.call("WATCH", "x")
    assert raw.call("SWAPDB", "0", "1") == OK
    assert empty_tx(raw) == NULL_ARRAY
    raw.call("FLUSHALL")


def test_swapdb_keeps_watch_when_absent_in_both(raw):
    raw.call("FLUSHALL")
    raw.call("WATCH", "x")
    assert raw.call("SWAPDB", "0", "1") == OK
    assert empty_tx(raw) == b"*1\r\n+PONG\r\n"


def test_watch_broken_by_expire_in_the_past(raw):
    raw.call("FLUSHALL")
    raw.call("SET", "x", "1")
    raw.call("WATCH", "x")
    assert raw.call("PEXPIREAT", "x", "1") == b":1\r\n"
    assert empty_tx(raw) == NULL_ARRAY


def test_watch_broken_by_active_expiry(raw):
    raw.call("FLUSHALL")
    raw.call("SET", "x", "foo", "PX", "50")
    raw.call("WATCH", "x")
    deadline = time.time() + 5
    while raw.call("DBSIZE") != b":0\r\n" and time.time() < deadline:
        time.sleep(0.05)
    assert raw.call("DBSIZE") == b":0\r\n"
    assert empty_tx(raw) == NULL_ARRAY


def test_watch_broken_by_lazy_expiry(raw):
    raw.call("FLUSHALL")
    raw.call("DEBUG", "SET-ACTIVE-EXPIRE", "0")
    try:
        raw.call("SET", "x", "1", "PX", "30")
        raw.call("WATCH", "x")
        time.sleep(0.06)
        # nothing deleted it yet: EXEC sees it expired
        assert run_tx(raw, ("INCR", "x")) == NULL_ARRAY
        raw.call("SET", "x", "1", "PX", "30")
        raw.call("WATCH", "x")
        time.sleep(0.06)
        assert raw.call("GET", "x") == b"$-1\r\n"  # lazy expiry deletes it
        assert run_tx(raw, ("INCR", "x")) == NULL_ARRAY
    finally:
        raw.call("DEBUG", "SET-ACTIVE-EXPIRE", "1")


def test_watch_stale_key(raw):
    raw.call("FLUSHALL")
    raw.call("DEBUG", "SET-ACTIVE-EXPIRE", "0")
    try:
        # watched while already expired: its deletion is no change
        raw.call("SET", "x", "foo", "PX", "1")
        time.sleep(0.01)
        raw.call("WATCH", "x")
        assert empty_tx(raw) == b"*1\r\n+PONG\r\n"
        raw.call("SET", "x", "foo", "PX", "1")
        time.sleep(0.01)
        raw.call("WATCH", "x")
        assert raw.call("EXISTS", "x") == b":0\r\n"
        assert empty_tx(raw) == b"*1\r\n+PONG\r\n"
        raw.call("SET", "x", "foo", "PX", "1")
        time.sleep(0.01)
        raw.call("WATCH", "x")
        assert raw.call("FLUSHDB") == OK
        assert empty_tx(raw) == b"*1\r\n+PONG\r\n"
        # but creating it again after the deletion is a change
        raw.call("SET", "x", "foo", "PX", "1")
        time.sleep(0.01)
        raw.call("WATCH", "x")
        raw.call("SET", "x", "bar")
        assert empty_tx(raw) == NULL_ARRAY
    finally:
        raw.call("DEBUG", "SET-ACTIVE-EXPIRE", "1")


def test_swapdb_stale_keys(raw):
    raw.call("FLUSHALL")
    raw.call("DEBUG", "SET-ACTIVE-EXPIRE", "0")
    try:
        # stale key replaced with nothing
        raw.call("SELECT", "1")
        raw.call("SET", "x", "foo", "PX", "1")
        time.sleep(0.01)
        raw.call("WATCH", "x")
        raw.call("SWAPDB", "0", "1")
        assert empty_tx(raw) == b"*1\r\n+PONG\r\n"
        # nothing replaced with a stale key
        raw.call("FLUSHALL")
        raw.call("SELECT", "0")
        raw.call("SET", "x", "foo", "PX", "1")
        time.sleep(0.01)
        raw.call("SELECT", "1")
        raw.call("WATCH", "x")
        raw.call("SWAPDB", "0", "1")
        assert empty_tx(raw) == b"*1\r\n+PONG\r\n"
    finally:
        raw.call("SELECT", "0")
        raw.call("FLUSHALL")
        raw.call("DEBUG", "SET-ACTIVE-EXPIRE", "1")


def test_sort_store_breaks_watch(raw):
    raw.call("FLUSHALL")
    raw.call("LPUSH", "foo", "bar")
    raw.call("WATCH", "foo")
    assert raw.call("SORT", "emptylist", "STORE", "foo") == b":0\r\n"
    assert empty_tx(raw) == NULL_ARRAY


# -------------------------------------------------------------- contention


def test_optimistic_increment_no_lost_update(server):
    r = server.client()
    r.set("counter", 0)
    threads, per_thread = 4, 25
    errors = []

    def worker():
        c = server.client()
        try:
            done = attempts = 0
            while done < per_thread and attempts < 2000:
                attempts += 1
                with c.pipeline(transaction=True) as p:
                    try:
                        p.watch("counter")
                        v = int(p.get("counter"))
                        p.multi()
                        p.set("counter", v + 1)
                        p.execute()
                        done += 1
                    except redis.WatchError:
                        continue
            if done != per_thread:
                errors.append(f"only {done} increments after {attempts} attempts")
        except Exception as e:  # noqa: BLE001 - surfaced below
            errors.append(repr(e))
        finally:
            c.close()

    ts = [threading.Thread(target=worker) for _ in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join(60)
    assert errors == []
    assert r.get("counter") == str(threads * per_thread).encode()
    r.close()


# -------------------------------------------------------------- blocking


def test_blocking_commands_inside_multi_do_not_block(raw):
    raw.call("FLUSHALL")
    assert run_tx(
        raw,
        ("BLPOP", "empty", "0"),
        ("BRPOP", "empty", "0"),
        ("BRPOPLPUSH", "empty1", "empty2", "0"),
        ("BLMOVE", "empty1", "empty2", "LEFT", "LEFT", "0"),
        ("BLMPOP", "0", "1", "empty", "LEFT"),
    ) == b"*5\r\n*-1\r\n*-1\r\n$-1\r\n$-1\r\n*-1\r\n"


def test_blocking_command_inside_multi_serves_existing(raw):
    raw.call("FLUSHALL")
    raw.call("RPUSH", "l", "a")
    assert run_tx(raw, ("BLPOP", "l", "0")) == b"*1\r\n*2\r\n$1\r\nl\r\n$1\r\na\r\n"


def test_blocked_client_served_after_whole_exec(raw, server):
    raw.call("FLUSHALL")
    waiter = Raw(server.port)
    try:
        waiter.cmd("BLPOP", "q", "0")
        time.sleep(0.1)
        # inside the transaction the pushed element is popped again: the
        # waiter must not get it in between
        assert run_tx(raw, ("RPUSH", "q", "x"), ("LPOP", "q"), ("RPUSH", "q", "y")) == (
            b"*3\r\n:1\r\n$1\r\nx\r\n:1\r\n"
        )
        assert waiter.reply() == b"*2\r\n$1\r\nq\r\n$1\r\ny\r\n"
        assert raw.call("LLEN", "q") == b":0\r\n"
    finally:
        waiter.close()


# ------------------------------------------------------ stats, client list


def test_commandstats_counted_at_exec(raw, server):
    raw.call("CONFIG", "RESETSTAT")
    other = Raw(server.port)
    assert raw.call("MULTI") == OK
    assert raw.call("SET", "a", "1") == QUEUED
    assert raw.call("GET", "a") == QUEUED
    assert raw.call("GET", "nokey") == QUEUED
    info = other.call("INFO", "commandstats").decode()
    other.close()
    assert "cmdstat_set:" not in info
    assert "cmdstat_get:" not in info
    assert "cmdstat_multi:calls=1," in info
    assert raw.call("EXEC") == b"*3\r\n+OK\r\n$1\r\n1\r\n$-1\r\n"
    info = raw.call("INFO", "commandstats").decode()
    assert "cmdstat_set:calls=1," in info
    assert "cmdstat_get:calls=2," in info
    assert "cmdstat_exec:calls=1," in info
    stats = raw.call("INFO", "stats").decode()
    assert "keyspace_hits:1\r\n" in stats
    assert "keyspace_misses:1\r\n" in stats


def test_rejected_calls_while_queueing(raw):
    raw.call("CONFIG", "RESETSTAT")
    assert raw.call("MULTI") == OK
    raw.call("SET", "a")
    assert raw.call("EXEC") == EXECABORT
    info = raw.call("INFO", "commandstats").decode()
    assert "cmdstat_set:calls=0,usec=0,usec_per_call=0.00,rejected_calls=1,failed_calls=0" in info


def test_slowlog_records_inner_commands_not_exec(raw):
    raw.call("CONFIG", "SET", "slowlog-log-slower-than", "0")
    try:
        raw.call("SLOWLOG", "RESET")
        assert run_tx(raw, ("SET", "a", "1")) == b"*1\r\n+OK\r\n"
        log = raw.call("SLOWLOG", "GET")
        # newest first: SET (run by EXEC), MULTI, SLOWLOG RESET; EXEC itself is skipped
        assert log.startswith(b"*3\r\n")
        assert log.index(b"*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n") < log.index(b"*1\r\n$5\r\nMULTI\r\n")
        assert b"EXEC" not in log
    finally:
        raw.call("CONFIG", "SET", "slowlog-log-slower-than", "10000")


def test_client_list_multi_fields(raw):
    info = raw.call("CLIENT", "INFO").decode()
    assert " flags=N " in info and " multi=-1 " in info
    assert raw.call("MULTI") == OK
    assert raw.call("SET", "a", "1") == QUEUED
    assert raw.call("GET", "a") == QUEUED
    other = Raw(raw.sock.getpeername()[1])
    try:
        listing = other.call("CLIENT", "LIST").decode()
    finally:
        other.close()
    line = [l for l in listing.split("\n") if "cmd=get" in l or "cmd=set" in l]
    assert len(line) == 1
    assert " flags=x " in line[0] and " multi=2 " in line[0]
    assert raw.call("DISCARD") == OK


def test_client_list_dirty_flag(raw, server):
    raw.call("SET", "x", "1")
    raw.call("WATCH", "x")
    assert " flags=N " in raw.call("CLIENT", "INFO").decode()
    other = Raw(server.port)
    other.call("SET", "x", "2")
    other.close()
    assert " flags=d " in raw.call("CLIENT", "INFO").decode()
    assert raw.call("MULTI") == OK
    assert raw.call("EXEC") == NULL_ARRAY
    assert " flags=N " in raw.call("CLIENT", "INFO").decode()


def test_quit_inside_multi(server):
    c = Raw(server.port)
    assert c.call("MULTI") == OK
    assert c.call("QUIT") == OK
    assert c.closed()


# ------------------------------------------------------------ client pause


def test_write_exec_waits_for_pause_write(raw, server):
    raw.call("FLUSHALL")
    admin = Raw(server.port)
    try:
        assert raw.call("MULTI") == OK
        assert raw.call("SET", "pz", "1") == QUEUED
        assert admin.call("CLIENT", "PAUSE", "60000", "WRITE") == OK
        raw.cmd("EXEC")
        raw.sock.settimeout(0.3)
        with pytest.raises(OSError):
            raw.reply()
        raw.sock.settimeout(5)
        assert admin.call("CLIENT", "UNPAUSE") == OK
        assert raw.reply() == b"*1\r\n+OK\r\n"
    finally:
        admin.call("CLIENT", "UNPAUSE")
        admin.close()


def test_read_exec_not_blocked_by_pause_write(raw, server):
    raw.call("SET", "pz", "v")
    admin = Raw(server.port)
    try:
        assert admin.call("CLIENT", "PAUSE", "60000", "WRITE") == OK
        assert run_tx(raw, ("PING",), ("GET", "pz")) == b"*2\r\n+PONG\r\n$1\r\nv\r\n"
    finally:
        admin.call("CLIENT", "UNPAUSE")
        admin.close()


def test_pause_inside_transaction_starts_after_exec(raw, server):
    raw.call("FLUSHALL")
    admin = Raw(server.port)
    try:
        assert run_tx(raw, ("SET", "p1", "a"), ("CLIENT", "PAUSE", "60000", "WRITE"), ("SET", "p2", "b")) == (
            b"*3\r\n+OK\r\n+OK\r\n+OK\r\n"
        )
        assert admin.call("MGET", "p1", "p2") == b"*2\r\n$1\r\na\r\n$1\r\nb\r\n"
    finally:
        admin.call("CLIENT", "UNPAUSE")
        admin.close()


# ------------------------------------------------------------ metadata


def test_command_info(raw):
    assert raw.call("COMMAND", "INFO", "exec", "watch") == (
        b"*2\r\n*10\r\n$4\r\nexec\r\n:1\r\n*4\r\n+noscript\r\n+loading\r\n+stale\r\n+skip_slowlog\r\n"
        b":0\r\n:0\r\n:0\r\n*2\r\n+@slow\r\n+@transaction\r\n*0\r\n*0\r\n*0\r\n"
        b"*10\r\n$5\r\nwatch\r\n:-2\r\n*5\r\n+noscript\r\n+loading\r\n+stale\r\n+fast\r\n+allow_busy\r\n"
        b":1\r\n:-1\r\n:1\r\n*2\r\n+@fast\r\n+@transaction\r\n*0\r\n"
        b"*1\r\n*6\r\n$5\r\nflags\r\n*1\r\n+RO\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n"
        b"$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n"
        b"$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:-1\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n"
    )


def test_protected_command_inside_multi_aborts(start_server):
    s = start_server("--enable-debug-command", "no")
    c = Raw(s.port)
    try:
        assert c.call("MULTI") == OK
        assert c.call("DEBUG", "HELP").startswith(b"-ERR DEBUG command not allowed.")
        assert c.call("EXEC") == EXECABORT
    finally:
        c.close()
