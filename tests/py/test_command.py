"""COMMAND and its subcommands, with Redis 7.0's exact replies (bytes taken from Redis 7.0.15).

COMMAND DOCS is also checked the way redis-cli consumes it: the hint strings rendered
from the argument trees must be the ones redis-cli shows with Redis."""
import pytest

from conftest import Raw

GET_INFO = (b"*10\r\n$3\r\nget\r\n:2\r\n*2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n"
            b"*3\r\n+@read\r\n+@string\r\n+@fast\r\n*0\r\n"
            b"*1\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RO\r\n+access\r\n"
            b"$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n"
            b"$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n"
            b"*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n")

GET_INFO_RESP3 = (b"*10\r\n$3\r\nget\r\n:2\r\n~2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n"
                  b"~3\r\n+@read\r\n+@string\r\n+@fast\r\n~0\r\n"
                  b"~1\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RO\r\n+access\r\n"
                  b"$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n"
                  b"$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n"
                  b"%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n")

GET_DOCS = (b"$3\r\nget\r\n*10\r\n$7\r\nsummary\r\n$22\r\nGet the value of a key\r\n$5\r\nsince\r\n$5\r\n1.0.0\r\n"
            b"$5\r\ngroup\r\n$6\r\nstring\r\n$10\r\ncomplexity\r\n$4\r\nO(1)\r\n$9\r\narguments\r\n"
            b"*1\r\n*6\r\n$4\r\nname\r\n$3\r\nkey\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:0\r\n")

CLIENT_ID_INFO = (b"*10\r\n$9\r\nclient|id\r\n:2\r\n*3\r\n+noscript\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n"
                  b"*2\r\n+@slow\r\n+@connection\r\n*0\r\n*0\r\n*0\r\n")

SLOWLOG_GET_INFO = (b"*10\r\n$11\r\nslowlog|get\r\n:-2\r\n*3\r\n+admin\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n"
                    b"*3\r\n+@admin\r\n+@slow\r\n+@dangerous\r\n"
                    b"*2\r\n$24\r\nrequest_policy:all_nodes\r\n$23\r\nnondeterministic_output\r\n*0\r\n*0\r\n")

CLIENT_REPLY_DOCS_RESP3 = (
    b"%1\r\n$12\r\nclient|reply\r\n%5\r\n$7\r\nsummary\r\n$48\r\nInstruct the server whether to reply to commands\r\n"
    b"$5\r\nsince\r\n$5\r\n3.2.0\r\n$5\r\ngroup\r\n$10\r\nconnection\r\n$10\r\ncomplexity\r\n$4\r\nO(1)\r\n"
    b"$9\r\narguments\r\n*1\r\n%3\r\n$4\r\nname\r\n$11\r\non_off_skip\r\n$4\r\ntype\r\n$5\r\noneof\r\n"
    b"$9\r\narguments\r\n*3\r\n"
    b"%3\r\n$4\r\nname\r\n$2\r\non\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$2\r\nON\r\n"
    b"%3\r\n$4\r\nname\r\n$3\r\noff\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$3\r\nOFF\r\n"
    b"%3\r\n$4\r\nname\r\n$4\r\nskip\r\n$4\r\ntype\r\n$10\r\npure-token\r\n$5\r\ntoken\r\n$4\r\nSKIP\r\n")

# What redis-cli 7.0 shows as hints with Redis 7.0.15 (rendered from its COMMAND DOCS).
REDIS_HINTS = {
    "set": "key value [NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|"
           "PXAT unix-time-milliseconds|KEEPTTL]",
    "get": "key",
    "del": "key [key ...]",
    "ping": "[message]",
    "echo": "message",
    "select": "index",
    "auth": "[username] password",
    "hello": "[protover [AUTH username password] [SETNAME clientname]]",
    "shutdown": "[NOSAVE|SAVE] [NOW] [FORCE] [ABORT]",
    "flushall": "[ASYNC|SYNC]",
    "client|list": "[TYPE NORMAL|MASTER|REPLICA|PUBSUB] [ID client-id [client-id ...]]",
    "client|reply": "ON|OFF|SKIP",
    "client|no-evict": "ON|OFF",
    "client|setname": "connection-name",
    "client|id": "",
    "command|list": "[FILTERBY MODULE module-name|ACLCAT category|PATTERN pattern]",
    "command|info": "[command-name [command-name ...]]",
    "command|docs": "[command-name [command-name ...]]",
    "slowlog|get": "[count]",
}


def pairs(flat):
    return dict(zip(flat[::2], flat[1::2]))


def render(arg):
    """redis-cli's cliAddArgument, on a redis-py (RESP2, decoded) argument map."""
    d = pairs(arg)
    typ, name, token = d["type"], d.get("name"), d.get("token", "")
    flags = d.get("flags", [])
    if typ in ("key", "string", "integer", "double", "pattern", "unix-time", "token"):
        rep = name
    elif typ == "oneof":
        rep = "|".join(render(a) for a in d["arguments"])
    elif typ == "block":
        rep = " ".join(render(a) for a in d["arguments"])
    else:
        assert typ == "pure-token", typ
        rep = ""
    tp = token + (" " if token and typ != "pure-token" else "")
    out = "[" if "optional" in flags else ""
    out += tp + rep
    if "multiple" in flags:
        out += " [" + (tp if "multiple_token" in flags else "") + rep + " ...]"
    return out + ("]" if "optional" in flags else "")


def hints_of(docs):
    out = {}

    def one(name, spec):
        d = pairs(spec)
        out[name] = " ".join(render(a) for a in d.get("arguments", []))
        for sub, sspec in pairs(d.get("subcommands", [])).items():
            one(sub, sspec)

    for name, spec in pairs(docs).items():
        one(name, spec)
    return out


def parse(data):
    """Decodes one RESP2/RESP3 reply: strings as str, maps and sets as flat lists."""
    def one(pos):
        end = data.index(b"\r\n", pos)
        t, line, pos = data[pos:pos + 1], data[pos + 1:end], end + 2
        if t in b"+":
            return line.decode(), pos
        if t == b"-":
            raise AssertionError(line.decode())
        if t == b":":
            return int(line), pos
        if t == b"$":
            n = int(line)
            return (None, pos) if n < 0 else (data[pos:pos + n].decode(), pos + n + 2)
        if t == b"_":
            return None, pos
        n = int(line) * (2 if t == b"%" else 1)
        out = []
        for _ in range(n):
            v, pos = one(pos)
            out.append(v)
        return out, pos
    value, end = one(0)
    assert end == len(data)
    return value


class Decoded:
    def __init__(self, port):
        self.raw = Raw(port)

    def execute_command(self, *args):
        return parse(self.raw.call(*args))


@pytest.fixture
def d(server):
    c = Decoded(server.port)
    yield c
    c.raw.close()


# --------------------------------------------------------------------------- COMMAND, COUNT

def test_command_lists_every_command(d):
    count = d.execute_command("COMMAND", "COUNT")
    infos = d.execute_command("COMMAND")
    assert len(infos) == count > 10
    names = [i[0] for i in infos]
    assert len(set(names)) == count
    assert {"get", "set", "client", "command", "debug", "slowlog"} <= set(names)
    for info in infos:
        assert len(info) == 10
        assert isinstance(info[1], int) and info[1] != 0
    assert sorted(i[0] for i in d.execute_command("COMMAND", "INFO")) == sorted(names)
    top = [n for n in d.execute_command("COMMAND", "LIST") if "|" not in n]
    assert sorted(top) == sorted(names)


def test_count_arity(raw):
    assert raw.call("COMMAND", "COUNT", "x") == b"-ERR wrong number of arguments for 'command|count' command\r\n"


def test_unknown_subcommand(raw):
    assert raw.call("COMMAND", "FOO") == b"-ERR unknown subcommand 'FOO'. Try COMMAND HELP.\r\n"


# --------------------------------------------------------------------------- INFO

def test_info_exact(raw):
    assert raw.call("COMMAND", "INFO", "get") == b"*1\r\n" + GET_INFO
    assert raw.call("COMMAND", "INFO", "GET", "client|id", "SLOWLOG|GET") == \
        b"*3\r\n" + GET_INFO + CLIENT_ID_INFO + SLOWLOG_GET_INFO
    raw.call("HELLO", "3")
    assert raw.call("COMMAND", "INFO", "get") == b"*1\r\n" + GET_INFO_RESP3


def test_info_unknown_names(raw):
    assert raw.call("COMMAND", "INFO", "nosuch", "get|key", "config|get|key", "client|nosuch", "client|id|x") == \
        b"*5\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n"
    raw.call("HELLO", "3")
    assert raw.call("COMMAND", "INFO", "nosuch") == b"*1\r\n_\r\n"


def test_info_container(d):
    [info] = d.execute_command("COMMAND", "INFO", "client")
    assert info[:9] == ["client", -2, [], 0, 0, 0, ["@slow"], [], []]
    subs = {s[0]: s for s in info[9]}
    assert {"client|id", "client|list", "client|kill", "client|help"} <= set(subs)
    assert subs["client|kill"][1:7] == [-3, ["admin", "noscript", "loading", "stale"], 0, 0, 0,
                                        ["@admin", "@slow", "@dangerous", "@connection"]]
    assert subs["client|list"][7] == ["nondeterministic_output"]


def test_info_implicit_categories_and_hidden_flags(d):
    [debug] = d.execute_command("COMMAND", "INFO", "debug")
    # PROTECTED is not shown; ADMIN implies @admin and @dangerous; not @fast means @slow
    assert debug == ["debug", -2, ["admin", "noscript", "loading", "stale"], 0, 0, 0,
                     ["@admin", "@slow", "@dangerous"], [], [], []]
    [ping] = d.execute_command("COMMAND", "INFO", "ping")
    assert ping[2] == ["fast"] and ping[6] == ["@fast", "@connection"]


def test_info_key_ranges(d):
    [dele] = d.execute_command("COMMAND", "INFO", "del")
    assert dele[3:6] == [1, -1, 1]
    specs = dele[8]
    assert len(specs) == 1
    spec = pairs(specs[0])
    assert pairs(spec["begin_search"]) == {"type": "index", "spec": ["index", 1]}
    assert pairs(spec["find_keys"]) == {"type": "range", "spec": ["lastkey", -1, "keystep", 1, "limit", 0]}


# --------------------------------------------------------------------------- DOCS

def test_docs_exact(raw):
    assert raw.call("COMMAND", "DOCS", "get") == b"*2\r\n" + GET_DOCS
    assert raw.call("COMMAND", "DOCS", "nosuch") == b"*0\r\n"
    assert raw.call("COMMAND", "DOCS", "nosuch", "get", "get|x") == b"*2\r\n" + GET_DOCS
    raw.call("HELLO", "3")
    assert raw.call("COMMAND", "DOCS", "nosuch") == b"%0\r\n"
    assert raw.call("COMMAND", "DOCS", "client|reply") == CLIENT_REPLY_DOCS_RESP3


def test_docs_all_commands(d):
    docs = pairs(d.execute_command("COMMAND", "DOCS"))
    assert len(docs) == d.execute_command("COMMAND", "COUNT")
    for name, spec in docs.items():
        s = pairs(spec)
        assert {"summary", "since", "group"} <= set(s), name
    client = pairs(docs["client"])
    assert "arguments" not in client
    assert "client|kill" in pairs(client["subcommands"])
    assert pairs(docs["echo"])["group"] == "connection"


def test_docs_render_like_redis_cli(d):
    hints = hints_of(d.execute_command("COMMAND", "DOCS"))
    for name, expected in REDIS_HINTS.items():
        assert hints[name] == expected, name


def test_docs_argument_details(d):
    docs = pairs(d.execute_command("COMMAND", "DOCS", "set"))
    args = [pairs(a) for a in pairs(docs["set"])["arguments"]]
    assert args[0] == {"name": "key", "type": "key", "key_spec_index": 0}
    assert args[1] == {"name": "value", "type": "string"}
    assert args[3] == {"name": "get", "type": "pure-token", "token": "GET", "flags": ["optional"]}
    expiration = args[4]
    assert expiration["type"] == "oneof" and expiration["flags"] == ["optional"]
    assert [pairs(a) for a in expiration["arguments"]][:2] == [
        {"name": "seconds", "type": "integer", "token": "EX"},
        {"name": "milliseconds", "type": "integer", "token": "PX"}]
    listing = pairs(d.execute_command("COMMAND", "DOCS", "client|list"))["client|list"]
    idarg = pairs(pairs(listing)["arguments"][1])
    assert idarg == {"name": "client-id", "type": "integer", "token": "ID", "flags": ["optional", "multiple"]}


# --------------------------------------------------------------------------- LIST

def test_list_without_filter(d):
    names = d.execute_command("COMMAND", "LIST")
    assert "set" in names and "client|list" in names and "command|docs" in names
    assert len(names) == len(set(names))


def test_list_filters(d):
    assert d.execute_command("COMMAND", "LIST", "FILTERBY", "PATTERN", "get") == ["get"]
    assert d.execute_command("COMMAND", "LIST", "filterby", "pattern", "non_exists*") == []
    client = d.execute_command("COMMAND", "LIST", "FILTERBY", "PATTERN", "CLIENT*")
    assert "client" in client and "client|list" in client
    with_n = d.execute_command("COMMAND", "LIST", "FILTERBY", "PATTERN", "client|*n*")
    assert {"client|getname", "client|info", "client|no-evict", "client|setname", "client|trackinginfo"} <= \
        set(with_n)
    assert "client|id" not in with_n and "client" not in with_n
    helps = d.execute_command("COMMAND", "LIST", "FILTERBY", "PATTERN", "cl*help")
    assert "client|help" in helps and all(h.startswith("cl") and h.endswith("help") for h in helps)
    conn = d.execute_command("COMMAND", "LIST", "FILTERBY", "ACLCAT", "CONNECTION")
    assert "ping" in conn and "client|id" in conn and "command" in conn and "set" not in conn
    slow = d.execute_command("COMMAND", "LIST", "FILTERBY", "ACLCAT", "slow")
    assert "set" in slow and "client" in slow and "get" not in slow
    assert d.execute_command("COMMAND", "LIST", "FILTERBY", "ACLCAT", "non_existing_category") == []
    assert d.execute_command("COMMAND", "LIST", "FILTERBY", "MODULE", "x") == []


@pytest.mark.parametrize("args", [("bad_arg",), ("filterby", "bad_arg"), ("filterby", "bad_arg", "bad_arg2"),
                                  ("filterby", "pattern"), ("filterby", "pattern", "a", "b"),
                                  ("filterby", "pattern", "a", "filterby", "pattern", "b")])
def test_list_syntax_errors(raw, args):
    assert raw.call("COMMAND", "LIST", *args) == b"-ERR syntax error\r\n"


# --------------------------------------------------------------------------- GETKEYS

def test_getkeys(raw):
    assert raw.call("COMMAND", "GETKEYS", "get", "key") == b"*1\r\n$3\r\nkey\r\n"
    assert raw.call("COMMAND", "GETKEYS", "SET", "k", "v", "EX", "10") == b"*1\r\n$1\r\nk\r\n"
    assert raw.call("COMMAND", "GETKEYS", "del", "a", "b", "c") == b"*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n"


def test_getkeysandflags(raw):
    assert raw.call("COMMAND", "GETKEYSANDFLAGS", "get", "k") == b"*1\r\n*2\r\n$1\r\nk\r\n*2\r\n+RO\r\n+access\r\n"


def test_getkeysandflags_variable_flags(d, raw):
    [set_info] = d.execute_command("COMMAND", "INFO", "set")
    assert pairs(set_info[8][0])["flags"] == ["RW", "access", "update", "variable_flags"]
    assert raw.call("COMMAND", "GETKEYSANDFLAGS", "set", "k1", "v1") == \
        b"*1\r\n*2\r\n$2\r\nk1\r\n*2\r\n+OW\r\n+update\r\n"
    assert raw.call("COMMAND", "GETKEYSANDFLAGS", "set", "k1", "v1", "get") == \
        b"*1\r\n*2\r\n$2\r\nk1\r\n*3\r\n+RW\r\n+access\r\n+update\r\n"
    [bitfield_info] = d.execute_command("COMMAND", "INFO", "bitfield")
    assert pairs(bitfield_info[8][0])["flags"] == ["RW", "access", "update", "variable_flags"]
    assert raw.call("COMMAND", "GETKEYSANDFLAGS", "bitfield", "k", "get", "u8", "0") == \
        b"*1\r\n*2\r\n$1\r\nk\r\n*2\r\n+RO\r\n+access\r\n"
    assert raw.call("COMMAND", "GETKEYSANDFLAGS", "bitfield", "k", "get", "u8", "0", "incrby", "u8", "0", "1") == \
        b"*1\r\n*2\r\n$1\r\nk\r\n*3\r\n+RW\r\n+access\r\n+update\r\n"


@pytest.mark.parametrize("sub", ["GETKEYS", "GETKEYSANDFLAGS"])
@pytest.mark.parametrize("args,err", [
    (("nosuch", "x"), b"-ERR Invalid command specified\r\n"),
    (("client", "nosuch"), b"-ERR Invalid command specified\r\n"),
    (("ping", "x"), b"-ERR The command has no key arguments\r\n"),
    (("client", "list"), b"-ERR The command has no key arguments\r\n"),
    (("get", "a", "b"), b"-ERR Invalid number of arguments specified for command\r\n"),
    (("get",), None),
])
def test_getkeys_errors(raw, sub, args, err):
    if err is None:  # too few arguments for COMMAND GETKEYS itself
        err = b"-ERR wrong number of arguments for 'command|%s' command\r\n" % sub.lower().encode()
    assert raw.call("COMMAND", sub, *args) == err


def test_getkeys_too_few_for_command(raw):
    assert raw.call("COMMAND", "GETKEYS", "set", "k") == b"-ERR Invalid number of arguments specified for command\r\n"


# --------------------------------------------------------------------------- HELP

def test_help(raw):
    assert raw.call("COMMAND", "HELP") == (
        b"*21\r\n+COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n"
        b"+(no subcommand)\r\n+    Return details about all Redis commands.\r\n"
        b"+COUNT\r\n+    Return the total number of commands in this Redis server.\r\n"
        b"+LIST\r\n+    Return a list of all commands in this Redis server.\r\n"
        b"+INFO [<command-name> ...]\r\n+    Return details about multiple Redis commands.\r\n"
        b"+    If no command names are given, documentation details for all\r\n+    commands are returned.\r\n"
        b"+DOCS [<command-name> ...]\r\n+    Return documentation details about multiple Redis commands.\r\n"
        b"+    If no command names are given, documentation details for all\r\n+    commands are returned.\r\n"
        b"+GETKEYS <full-command>\r\n+    Return the keys from a full Redis command.\r\n"
        b"+GETKEYSANDFLAGS <full-command>\r\n"
        b"+    Return the keys and the access flags from a full Redis command.\r\n"
        b"+HELP\r\n+    Prints this help.\r\n")
