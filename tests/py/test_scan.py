"""SCAN: cursor parsing, MATCH / COUNT / TYPE, expired keys, and the guarantee that every key present
for the whole iteration is returned even while the table grows, shrinks and rehashes."""
import time

import pytest

SYNTAX = b"-ERR syntax error\r\n"
BAD_CURSOR = b"-ERR invalid cursor\r\n"


@pytest.fixture
def c(r, raw):
    return raw


def full_scan(r, **kw):
    cursor, seen, calls = 0, [], 0
    while True:
        cursor, keys = r.scan(cursor, **kw)
        seen += keys
        calls += 1
        if cursor == 0:
            return seen, calls


def fill(r, n, prefix="k", start=0):
    with r.pipeline(transaction=False) as p:
        for i in range(start, start + n):
            p.set(f"{prefix}{i}", "x")
        p.execute()


def test_scan_empty_db(c):
    assert c.call("SCAN", "0") == b"*2\r\n$1\r\n0\r\n*0\r\n"
    assert c.call("SCAN", "12345") == b"*2\r\n$1\r\n0\r\n*0\r\n"


def test_scan_returns_every_key(r):
    fill(r, 1000)
    seen, calls = full_scan(r)
    assert set(seen) == {f"k{i}".encode() for i in range(1000)}
    assert calls > 1  # COUNT 10 by default: the iteration takes many calls


def test_scan_count(r):
    fill(r, 1000)
    seen, calls = full_scan(r, count=200)
    assert set(seen) == {f"k{i}".encode() for i in range(1000)}
    assert calls < 20
    cursor, keys = r.scan(0, count=1000000)
    assert cursor == 0 and len(set(keys)) == 1000
    cursor, keys = r.scan(0, count=9223372036854775807)  # no overflow in the work bound
    assert cursor == 0 and len(set(keys)) == 1000


def test_scan_small_table_single_call(c):
    c.call("SET", "a", "1")
    assert c.call("SCAN", "0") == b"*2\r\n$1\r\n0\r\n*1\r\n$1\r\na\r\n"


def test_scan_match(r):
    fill(r, 300, "user:")
    fill(r, 300, "item:")
    seen, _ = full_scan(r, match="user:1*")
    want = {f"user:{i}".encode() for i in range(300) if str(i).startswith("1")}
    assert set(seen) == want
    seen, _ = full_scan(r, match="*")
    assert len(set(seen)) == 600
    seen, _ = full_scan(r, match="nothing*")
    assert seen == []


def test_scan_type(r, c):
    fill(r, 50)
    seen, _ = full_scan(r, _type="string")
    assert len(set(seen)) == 50
    seen, _ = full_scan(r, _type="STRING")
    assert len(set(seen)) == 50
    seen, _ = full_scan(r, _type="hash")
    assert seen == []
    seen, _ = full_scan(r, _type="none")
    assert seen == []
    seen, _ = full_scan(r, match="k1*", _type="string")
    assert set(seen) == {f"k{i}".encode() for i in range(50) if str(i).startswith("1")}


@pytest.mark.parametrize("cursor", ["abc", " 1", "1 ", "0x1", "1.5", "18446744073709551616", "-18446744073709551616",
                                    "1a", "\t0"])
def test_scan_invalid_cursor(c, cursor):
    c.call("SET", "a", "1")
    assert c.call("SCAN", cursor) == BAD_CURSOR
    assert c.call("SCAN", cursor, "COUNT", "0") == BAD_CURSOR  # the cursor is checked first


@pytest.mark.parametrize("cursor", ["", "+0", "0", "-0"])
def test_scan_cursors_that_mean_zero(c, cursor):
    c.call("SET", "a", "1")
    assert c.call("SCAN", cursor) == b"*2\r\n$1\r\n0\r\n*1\r\n$1\r\na\r\n"


@pytest.mark.parametrize("cursor", ["-1", "18446744073709551615", "9223372036854775808"])
def test_scan_huge_cursors_are_accepted(c, cursor):
    c.call("SET", "a", "1")
    reply = c.call("SCAN", cursor)
    assert reply.startswith(b"*2\r\n$1\r\n0\r\n*")


def test_scan_option_errors(c):
    c.call("SET", "a", "1")
    assert c.call("SCAN", "0", "COUNT", "0") == SYNTAX
    assert c.call("SCAN", "0", "COUNT", "-1") == SYNTAX
    assert c.call("SCAN", "0", "COUNT", "abc") == b"-ERR value is not an integer or out of range\r\n"
    assert c.call("SCAN", "0", "COUNT", "9223372036854775808") == \
        b"-ERR value is not an integer or out of range\r\n"
    assert c.call("SCAN", "0", "COUNT") == SYNTAX
    assert c.call("SCAN", "0", "MATCH") == SYNTAX
    assert c.call("SCAN", "0", "TYPE") == SYNTAX
    assert c.call("SCAN", "0", "FOO", "bar") == SYNTAX
    assert c.call("SCAN", "0", "MATCH", "*", "COUNT") == SYNTAX
    assert c.call("SCAN") == b"-ERR wrong number of arguments for 'scan' command\r\n"


def test_scan_options_case_and_repeats(c):
    c.call("SET", "ab", "1")
    c.call("SET", "b", "1")
    assert c.call("SCAN", "0", "match", "a*", "count", "5", "type", "string") == \
        b"*2\r\n$1\r\n0\r\n*1\r\n$2\r\nab\r\n"
    # a later option of the same kind wins
    assert c.call("SCAN", "0", "MATCH", "zzz", "MATCH", "b") == b"*2\r\n$1\r\n0\r\n*1\r\n$1\r\nb\r\n"


def test_scan_skips_and_deletes_expired_keys(c):
    c.call("SET", "live", "1")
    c.call("SET", "dead", "1")
    c.call("PEXPIRE", "dead", "1")
    time.sleep(0.01)
    assert c.call("SCAN", "0") == b"*2\r\n$1\r\n0\r\n*1\r\n$4\r\nlive\r\n"
    assert c.call("DBSIZE") == b":1\r\n"


def test_scan_only_current_db(r, c):
    fill(r, 20)
    c.call("SELECT", "3")
    assert c.call("SCAN", "0") == b"*2\r\n$1\r\n0\r\n*0\r\n"
    c.call("SET", "x", "1")
    assert c.call("SCAN", "0") == b"*2\r\n$1\r\n0\r\n*1\r\n$1\r\nx\r\n"


def test_scan_guarantee_while_table_grows(r):
    """Keys present from start to end are all returned although the table is resized (and so
    rehashed incrementally) several times between SCAN calls."""
    fill(r, 500, "orig:")
    original = {f"orig:{i}".encode() for i in range(500)}
    cursor, seen, added, calls = 0, set(), 0, 0
    while True:
        cursor, keys = r.scan(cursor, count=20)
        seen.update(keys)
        calls += 1
        if added < 40000:
            fill(r, 400, "new:", added)  # grows 500 -> 40500 keys: the table doubles 7 times
            added += 400
        if cursor == 0:
            break
    assert original <= seen
    assert calls > 10
    assert r.dbsize() == 500 + added


def test_scan_guarantee_while_table_shrinks(r):
    """Deleting most keys mid-iteration lets the cron shrink the table; the survivors are all
    still returned."""
    fill(r, 20000, "tmp:")
    fill(r, 200, "keep:")
    keep = {f"keep:{i}".encode() for i in range(200)}
    cursor, seen, deleted = 0, set(), 0
    while True:
        cursor, keys = r.scan(cursor, count=50)
        seen.update(keys)
        if deleted < 20000:
            with r.pipeline(transaction=False) as p:
                for i in range(deleted, deleted + 2000):
                    p.delete(f"tmp:{i}")
                p.execute()
            deleted += 2000
            time.sleep(0.15)  # let the cron start (and advance) a shrink
        if cursor == 0:
            break
    assert keep <= seen
    assert r.dbsize() == 200


def test_scan_guarantee_random_churn(r):
    """Adds and removes other keys between calls in a pattern that makes the table both grow and
    shrink during one iteration."""
    fill(r, 300, "stable:")
    stable = {f"stable:{i}".encode() for i in range(300)}
    cursor, seen, step = 0, set(), 0
    while True:
        cursor, keys = r.scan(cursor, count=10)
        seen.update(keys)
        with r.pipeline(transaction=False) as p:
            if step % 10 < 5:
                for i in range(1000):
                    p.set(f"churn:{step}:{i}", "x")
            else:
                for k in r.keys("churn:*")[:3000]:
                    p.delete(k)
            p.execute()
        step += 1
        if cursor == 0:
            break
    assert stable <= seen
