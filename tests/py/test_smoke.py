def test_ping(r):
    assert r.ping() is True


def test_set_get(r):
    assert r.set("k", "v") is True
    assert r.get("k") == b"v"
    assert r.get("missing") is None


def test_unknown_command(raw):
    assert raw.call("NOSUCH", "a", "b") == b"-ERR unknown command 'NOSUCH', with args beginning with: 'a' 'b' \r\n"


def test_arity(raw):
    assert raw.call("GET") == b"-ERR wrong number of arguments for 'get' command\r\n"


def test_select_errors(raw):
    assert raw.call("SELECT", "15") == b"+OK\r\n"
    assert raw.call("SELECT", "16") == b"-ERR DB index is out of range\r\n"
    assert raw.call("SELECT", "-1") == b"-ERR DB index is out of range\r\n"
    assert raw.call("SELECT", "abc") == b"-ERR value is not an integer or out of range\r\n"
    assert raw.call("SELECT", "4294967296") == (
        b"-ERR value is out of range, value must between -2147483648 and 2147483647\r\n")
    assert raw.call("SELECT", "0") == b"+OK\r\n"
