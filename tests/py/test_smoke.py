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
