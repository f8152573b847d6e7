"""Lua scripting: EVAL/EVALSHA/EVAL_RO/EVALSHA_RO, SCRIPT, the redis API, reply
conversions both ways (RESP2 and RESP3), the sandbox, busy scripts and SCRIPT KILL.
Expected bytes are those of Redis 7.0.15."""
import hashlib
import threading
import time

import pytest
import redis


def sha(body):
    return hashlib.sha1(body.encode()).hexdigest()


def err_at(msg, body, line=1):
    return b"-" + msg.encode() + b" script: " + sha(body).encode() + b", on @user_script:" + str(line).encode() + b".\r\n"


@pytest.fixture(autouse=True)
def _flushed(r):
    """every test starts with an empty dataset (the r fixture flushes)"""
    yield


def ev(raw, body, *args):
    return raw.call("EVAL", body, *args)


# ---- EVAL / numkeys ----

def test_eval_basic_and_keys_argv(raw):
    assert ev(raw, "return {KEYS[1], KEYS[2], ARGV[1]}", "2", "a", "b", "c") == b"*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n"
    assert ev(raw, "return #KEYS + #ARGV * 10", "0") == b":0\r\n"
    assert ev(raw, "return #ARGV", "0", "x", "y") == b":2\r\n"


def test_numkeys_errors(raw):
    assert ev(raw, "return 1", "2", "a") == b"-ERR Number of keys can't be greater than number of args\r\n"
    assert ev(raw, "return 1", "-1") == b"-ERR Number of keys can't be negative\r\n"
    assert ev(raw, "return 1", "x") == b"-ERR value is not an integer or out of range\r\n"
    assert raw.call("EVAL", "return 1") == b"-ERR wrong number of arguments for 'eval' command\r\n"
    assert raw.call("EVALSHA", "x") == b"-ERR wrong number of arguments for 'evalsha' command\r\n"


def test_compile_error(raw):
    assert ev(raw, "return 1 +", "0") == b"-ERR Error compiling script (new function): user_script:1: unexpected symbol near '<eof>'\r\n"


def test_evalsha_and_script_load_exists_flush(raw):
    body = "return 'hi'"
    h = sha(body)
    assert raw.call("SCRIPT", "FLUSH") == b"+OK\r\n"
    assert raw.call("EVALSHA", h, "0") == b"-NOSCRIPT No matching script. Please use EVAL.\r\n"
    assert raw.call("EVALSHA", "abc", "0") == b"-NOSCRIPT No matching script. Please use EVAL.\r\n"
    assert raw.call("SCRIPT", "LOAD", body) == b"$40\r\n" + h.encode() + b"\r\n"
    assert raw.call("SCRIPT", "EXISTS", h, h.upper(), "nope") == b"*3\r\n:1\r\n:1\r\n:0\r\n"
    assert raw.call("EVALSHA", h, "0") == b"$2\r\nhi\r\n"
    assert raw.call("EVALSHA", h.upper(), "0") == b"$2\r\nhi\r\n"
    assert raw.call("EVALSHA_RO", h, "0") == b"$2\r\nhi\r\n"
    assert raw.call("SCRIPT", "FLUSH", "ASYNC") == b"+OK\r\n"
    assert raw.call("SCRIPT", "EXISTS", h) == b"*1\r\n:0\r\n"
    ev(raw, body, "0")  # EVAL caches too
    assert raw.call("SCRIPT", "EXISTS", h) == b"*1\r\n:1\r\n"
    assert raw.call("SCRIPT", "FLUSH", "SYNC") == b"+OK\r\n"
    assert raw.call("SCRIPT", "FLUSH", "x") == b"-ERR SCRIPT FLUSH only support SYNC|ASYNC option\r\n"
    assert raw.call("SCRIPT", "LOAD", "return +") == b"-ERR Error compiling script (new function): user_script:1: unexpected symbol near '+'\r\n"
    assert raw.call("SCRIPT", "LOAD") == b"-ERR wrong number of arguments for 'script|load' command\r\n"
    assert raw.call("SCRIPT", "EXISTS") == b"-ERR wrong number of arguments for 'script|exists' command\r\n"


def test_script_kill_notbusy_and_help(raw):
    assert raw.call("SCRIPT", "KILL") == b"-NOTBUSY No scripts in execution right now.\r\n"
    assert raw.call("SCRIPT", "HELP").startswith(b"*17\r\n+SCRIPT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n")
    assert raw.call("SCRIPT", "NOPE") == b"-ERR unknown subcommand 'NOPE'. Try SCRIPT HELP.\r\n"


# ---- redis.call / pcall and errors ----

def test_call_errors(raw):
    b = "return redis.call('nosuch')"
    assert ev(raw, b, "0") == err_at("ERR Unknown Redis command called from script", b)
    b = "return redis.call('set','a')"
    assert ev(raw, b, "0") == err_at("ERR Wrong number of args calling Redis command from script", b)
    b = "return redis.call('multi')"
    assert ev(raw, b, "0") == err_at("ERR This Redis command is not allowed from script", b)
    b = "return redis.call('eval', 'return 1', '0')"
    assert ev(raw, b, "0") == err_at("ERR This Redis command is not allowed from script", b)
    b = "return redis.call()"
    assert ev(raw, b, "0") == err_at("ERR Please specify at least one argument for this redis lib call", b)
    b = "return redis.call({})"
    assert ev(raw, b, "0") == err_at("ERR Lua redis lib command arguments must be strings or integers", b)
    raw.call("SET", "s", "x")
    b = "return redis.call('incr','s')"
    assert ev(raw, b, "0") == err_at("ERR value is not an integer or out of range", b)
    b = "\nreturn redis.call('incr','s')"
    assert ev(raw, b, "0") == err_at("ERR value is not an integer or out of range", b, 2)


def test_pcall_returns_error_tables(raw):
    assert ev(raw, "return redis.pcall('nosuch')", "0") == b"-ERR Unknown Redis command called from script\r\n"
    raw.call("SET", "s", "x")
    assert ev(raw, "return redis.pcall('incr','s')", "0") == b"-ERR value is not an integer or out of range\r\n"
    assert ev(raw, "return redis.pcall('incr','s')['err']", "0") == b"$43\r\nERR value is not an integer or out of range\r\n"
    raw.call("LPUSH", "l", "1")
    assert ev(raw, "return redis.pcall('get','l')", "0") == b"-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"


def test_lua_errors(raw):
    b = "error('boom')"
    assert ev(raw, b, "0") == err_at("ERR user_script:1: boom", b)
    b = "return {err='My Err'}"
    assert ev(raw, b, "0") == b"-My Err\r\n"
    b = "error({err='CUSTOM thing'})"
    assert ev(raw, b, "0") == err_at("CUSTOM thing", b)


def test_write_in_readonly(raw):
    b = "return redis.call('set','s','y')"
    assert raw.call("EVAL_RO", b, "0") == err_at("ERR Write commands are not allowed from read-only scripts.", b)
    assert raw.call("EVAL_RO", "return redis.call('get','s')", "0") == b"$-1\r\n"
    h = sha(b)
    raw.call("SCRIPT", "LOAD", b)
    assert raw.call("EVALSHA_RO", h, "0") == err_at("ERR Write commands are not allowed from read-only scripts.", b)
    assert raw.call("GET", "s") == b"$-1\r\n"


def test_shebang_flags(raw):
    b = "#!lua flags=no-writes\nreturn redis.call('set','x','y')"
    assert ev(raw, b, "0") == err_at("ERR Write commands are not allowed from read-only scripts.", b, 2)
    assert ev(raw, "#!lua flags=no-writes,allow-oom\nreturn redis.call('get','x')", "0") == b"$-1\r\n"
    assert ev(raw, "#!lua flags=bad\nreturn 1", "0") == b"-ERR Unexpected flag in script shebang: bad\r\n"
    assert ev(raw, "#!luajit\nreturn 1", "0") == b"-ERR Unexpected engine in script shebang: #!luajit\r\n"
    assert ev(raw, "#!lua foo=1\nreturn 1", "0") == b"-ERR Unknown lua shebang option: foo=1\r\n"
    assert raw.call("EVAL_RO", "#!lua\nreturn 1", "0") == b"-ERR Can not execute a script with write flag using *_ro command.\r\n"
    assert raw.call("EVAL_RO", "#!lua flags=no-writes\nreturn 1", "0") == b":1\r\n"
    assert ev(raw, "#!lua\nreturn redis.call('set','x','1')", "0") == b"+OK\r\n"


# ---- conversions RESP -> Lua -> RESP, RESP2 ----

def test_conversions_resp2(raw):
    raw.call("SET", "k", "v")
    raw.call("RPUSH", "l", "a", "b")
    assert ev(raw, "return redis.call('get','k')", "0") == b"$1\r\nv\r\n"
    assert ev(raw, "return type(redis.call('get','nokey'))", "0") == b"$7\r\nboolean\r\n"
    assert ev(raw, "return redis.call('get','nokey')", "0") == b"$-1\r\n"
    assert ev(raw, "return redis.call('incr','n')", "0") == b":1\r\n"
    assert ev(raw, "return type(redis.call('incr','n'))", "0") == b"$6\r\nnumber\r\n"
    assert ev(raw, "return redis.call('lrange','l',0,-1)", "0") == b"*2\r\n$1\r\na\r\n$1\r\nb\r\n"
    assert ev(raw, "return redis.call('ping')", "0") == b"+PONG\r\n"
    assert ev(raw, "return redis.call('ping')['ok']", "0") == b"$4\r\nPONG\r\n"
    assert ev(raw, "return 3.99", "0") == b":3\r\n"
    assert ev(raw, "return -3.99", "0") == b":-3\r\n"
    assert ev(raw, "return true", "0") == b":1\r\n"
    assert ev(raw, "return false", "0") == b"$-1\r\n"
    assert ev(raw, "return nil", "0") == b"$-1\r\n"
    assert ev(raw, "return {1,2,nil,4}", "0") == b"*2\r\n:1\r\n:2\r\n"
    assert ev(raw, "return {1,'x',{2,{true,false}}}", "0") == b"*3\r\n:1\r\n$1\r\nx\r\n*2\r\n:2\r\n*2\r\n:1\r\n$-1\r\n"
    assert ev(raw, "return {ok='fine'}", "0") == b"+fine\r\n"
    assert ev(raw, "return redis.status_reply('FINE')", "0") == b"+FINE\r\n"
    assert ev(raw, "return redis.error_reply('MY err')", "0") == b"-MY err\r\n"
    assert ev(raw, "return redis.error_reply('-MY err')", "0") == b"-MY err\r\n"
    assert ev(raw, "return {double=3.5}", "0") == b"$3\r\n3.5\r\n"
    # numbers passed to redis.call are formatted like Redis (%.17g)
    assert ev(raw, "redis.call('set','f',3.5) return redis.call('get','f')", "0") == b"$3\r\n3.5\r\n"
    assert ev(raw, "redis.call('set','f',10) return redis.call('get','f')", "0") == b"$2\r\n10\r\n"


def test_conversions_resp3(raw):
    raw.call("HELLO", "3")
    raw.call("HSET", "h", "f", "v")
    assert ev(raw, "redis.setresp(3); return redis.call('hgetall','h')", "0") == b"%1\r\n$1\r\nf\r\n$1\r\nv\r\n"
    assert ev(raw, "redis.setresp(3); return redis.call('hgetall','h')['map']['f']", "0") == b"$1\r\nv\r\n"
    assert ev(raw, "redis.setresp(3); return type(redis.call('get','nokey'))", "0") == b"$3\r\nnil\r\n"
    assert ev(raw, "redis.setresp(3); return redis.call('get','nokey')", "0") == b"_\r\n"
    assert ev(raw, "return redis.call('get','nokey')", "0") == b"_\r\n"
    assert ev(raw, "redis.setresp(3); return {double=3.5}", "0") == b",3.5\r\n"
    assert ev(raw, "return {map={a=1}}", "0") == b"%1\r\n$1\r\na\r\n:1\r\n"
    assert ev(raw, "return {set={a=true}}", "0") == b"~1\r\n$1\r\na\r\n"
    assert ev(raw, "redis.setresp(3); return true", "0") == b"#t\r\n"
    assert ev(raw, "redis.setresp(3); return false", "0") == b"#f\r\n"
    assert ev(raw, "return false", "0") == b"_\r\n"
    assert ev(raw, "return {big_number='123456789012345678901234567890'}", "0") == b"(123456789012345678901234567890\r\n"
    assert ev(raw, "return {verbatim_string={format='txt', string='hi'}}", "0") == b"=6\r\ntxt:hi\r\n"
    raw.call("SADD", "s", "m")
    assert ev(raw, "redis.setresp(3); return redis.call('smembers','s')['set']['m']", "0") == b"#t\r\n"
    assert ev(raw, "redis.setresp(3); return redis.call('smembers','s')", "0") == b"~1\r\n$1\r\nm\r\n"
    raw.call("HELLO", "2")


def test_resp3_script_replies_degrade_for_resp2_client(raw):
    raw.call("HSET", "h", "f", "v")
    assert ev(raw, "redis.setresp(3); return redis.call('hgetall','h')", "0") == b"*2\r\n$1\r\nf\r\n$1\r\nv\r\n"
    assert ev(raw, "redis.setresp(3); return {double=1.5}", "0") == b"$3\r\n1.5\r\n"


# ---- the redis library ----

def test_redis_lib(raw):
    assert ev(raw, "return redis.sha1hex('')", "0") == b"$40\r\nda39a3ee5e6b4b0d3255bfef95601890afd80709\r\n"
    assert ev(raw, "return redis.REDIS_VERSION", "0") == b"$6\r\n7.0.15\r\n"
    assert ev(raw, "return redis.REDIS_VERSION_NUM", "0") == b":458767\r\n"
    assert ev(raw, "return tostring(redis.replicate_commands())", "0") == b"$4\r\ntrue\r\n"
    assert ev(raw, "return {redis.LOG_DEBUG, redis.LOG_VERBOSE, redis.LOG_NOTICE, redis.LOG_WARNING}", "0") == b"*4\r\n:0\r\n:1\r\n:2\r\n:3\r\n"
    assert ev(raw, "return {redis.REPL_NONE, redis.REPL_AOF, redis.REPL_REPLICA, redis.REPL_SLAVE, redis.REPL_ALL}", "0") == b"*5\r\n:0\r\n:1\r\n:2\r\n:2\r\n:3\r\n"
    assert ev(raw, "redis.set_repl(redis.REPL_ALL) return 1", "0") == b":1\r\n"
    b = "redis.set_repl(99)"
    assert ev(raw, b, "0") == err_at("ERR Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.", b)
    assert ev(raw, "redis.log(redis.LOG_WARNING, 'hello', 'from lua') return 1", "0") == b":1\r\n"
    b = "redis.log(redis.LOG_WARNING)"
    assert ev(raw, b, "0") == err_at("ERR redis.log() requires two arguments or more.", b)
    b = "redis.log(9, 'x')"
    assert ev(raw, b, "0") == err_at("ERR Invalid debug level.", b)
    b = "redis.setresp(4)"
    assert ev(raw, b, "0") == err_at("ERR RESP version must be 2 or 3.", b)
    assert ev(raw, "redis.breakpoint() redis.debug('x') return 1", "0") == b":1\r\n"


def test_libraries(raw):
    assert ev(raw, "return cjson.encode({1,2})", "0") == b"$5\r\n[1,2]\r\n"
    assert ev(raw, "return cjson.decode('{\"a\":7}').a", "0") == b":7\r\n"
    assert ev(raw, "return bit.band(7,3)", "0") == b":3\r\n"
    assert ev(raw, "return bit.tohex(255)", "0") == b"$8\r\n000000ff\r\n"
    assert ev(raw, "return string.format('%d-%s', 5, 'x')", "0") == b"$3\r\n5-x\r\n"
    assert ev(raw, "return table.concat({'a','b'}, ',')", "0") == b"$3\r\na,b\r\n"
    assert ev(raw, "return math.floor(2.7)", "0") == b":2\r\n"
    assert ev(raw, "return tonumber('12')", "0") == b":12\r\n"


# ---- sandbox ----

@pytest.mark.parametrize("name", ["os", "io", "require", "package", "loadfile", "dofile", "module", "debug", "print", "undefined_thing"])
def test_sandbox_missing_globals(raw, name):
    b = "return %s" % name
    assert ev(raw, b, "0") == err_at("ERR user_script:1: Script attempted to access nonexistent global variable '%s'" % name, b)


def test_sandbox_escapes(raw):
    b = "os.execute('touch /tmp/pwned')"
    assert ev(raw, b, "0") == err_at("ERR user_script:1: Script attempted to access nonexistent global variable 'os'", b)
    b = "return io.open('/etc/passwd')"
    assert ev(raw, b, "0") == err_at("ERR user_script:1: Script attempted to access nonexistent global variable 'io'", b)
    b = "return package.loadlib('libc.so.6','system')"
    assert ev(raw, b, "0") == err_at("ERR user_script:1: Script attempted to access nonexistent global variable 'package'", b)
    b = "return require('os')"
    assert ev(raw, b, "0") == err_at("ERR user_script:1: Script attempted to access nonexistent global variable 'require'", b)
    assert ev(raw, "return loadstring('\\27Lua')", "0") == b"$-1\r\n"
    assert ev(raw, "return loadstring(string.dump(function() return 1 end))", "0") == b"$-1\r\n"
    b = "return loadstring(string.dump(function() return 1 end))()"
    assert ev(raw, b, "0") == err_at("ERR user_script:1: attempt to call a nil value", b)
    assert ev(raw, "return loadstring('return 5')()", "0") == b":5\r\n"
    b = "setmetatable(_G, nil)"
    assert ev(raw, b, "0") == err_at("ERR Attempt to modify a readonly table", b)
    b = "rawset(_G, 'x', 1)"
    assert ev(raw, b, "0") == err_at("ERR Attempt to modify a readonly table", b)
    b = "x = 1"
    assert ev(raw, b, "0") == err_at("ERR user_script:1: Attempt to modify a readonly table", b)
    # as in Redis, the globals' metatable is visible (a table) but read-only
    assert ev(raw, "return tostring(getmetatable(_G))", "0").startswith(b"$")
    assert b"table: " in ev(raw, "return tostring(getmetatable(_G))", "0")
    b = "getmetatable(_G).__index = {}"
    assert ev(raw, b, "0") == err_at("ERR user_script:1: Attempt to modify a readonly table", b)
    b = "redis.call = nil"
    assert ev(raw, b, "0") == err_at("ERR user_script:1: Attempt to modify a readonly table", b)
    b = "rawset(string, 'rep', nil)"
    assert ev(raw, b, "0") == err_at("ERR Attempt to modify a readonly table", b)
    assert ev(raw, "local t = {} rawset(t, 'a', 1) setmetatable(t, {}) return t.a", "0") == b":1\r\n"


def test_globals_do_not_leak_between_scripts(raw):
    assert ev(raw, "return KEYS[1]", "1", "a") == b"$1\r\na\r\n"
    assert ev(raw, "return KEYS[1]", "0") == b"$-1\r\n"


def test_math_random_is_rand48(raw):
    # deterministic sequence shared by every script
    v = ev(raw, "return math.random(1000000)", "0")
    assert v.startswith(b":")


# ---- scenarios ----

RATE = ("local current = redis.call('INCR', KEYS[1]) if current == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end "
        "if current > tonumber(ARGV[2]) then return 0 end return 1")


def test_rate_limiter_register_script(r):
    limiter = r.register_script(RATE)
    assert [limiter(keys=["rl"], args=[1, 3]) for _ in range(5)] == [1, 1, 1, 0, 0]
    assert 0 < r.pttl("rl") <= 1000
    assert r.get("rl") == b"5"
    time.sleep(1.1)
    assert r.exists("rl") == 0
    assert limiter(keys=["rl"], args=[1, 3]) == 1


def test_register_script_after_flush(r):
    s = r.register_script("return ARGV[1]")
    r.script_flush()
    assert s(args=["x"]) == b"x"  # redis-py falls back to EVAL on NOSCRIPT


def test_lock_release_compare_and_delete(r):
    release = r.register_script(
        "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end")
    r.set("lock", "token1")
    assert release(keys=["lock"], args=["other"]) == 0
    assert r.get("lock") == b"token1"
    assert release(keys=["lock"], args=["token1"]) == 1
    assert r.exists("lock") == 0


def test_eval_in_multi_and_watch(server, r):
    p = r.pipeline(transaction=True)
    p.eval("return redis.call('incr', KEYS[1])", 1, "c")
    p.eval("return redis.call('incr', KEYS[1])", 1, "c")
    assert p.execute() == [1, 2]
    # a script's write breaks another client's WATCH
    other = server.client()
    with r.pipeline() as p:
        p.watch("w")
        other.eval("return redis.call('set', KEYS[1], 'x')", 1, "w")
        p.multi()
        p.set("w", "y")
        with pytest.raises(redis.WatchError):
            p.execute()
    assert r.get("w") == b"x"
    other.close()


def test_select_inside_script_does_not_leak(raw):
    raw.call("SELECT", "0")
    assert ev(raw, "redis.call('select', 1) redis.call('set','sel','1') return 1", "0") == b":1\r\n"
    assert raw.call("EXISTS", "sel") == b":0\r\n"
    raw.call("SELECT", "1")
    assert raw.call("GET", "sel") == b"$1\r\n1\r\n"
    raw.call("DEL", "sel")
    raw.call("SELECT", "0")


def _busy(server, body, setup=None):
    a = server.client()
    b = server.client()
    c = server.client()
    a.config_set("busy-reply-threshold", 100)
    res = {}

    def run():
        try:
            res["a"] = a.eval(body, 0)
        except Exception as e:  # noqa: BLE001
            res["a"] = e

    t = threading.Thread(target=run)
    t.start()
    time.sleep(0.4)
    return a, b, c, t, res


def test_busy_script_killed(server):
    a, b, c, t, res = _busy(server, "while true do end")
    with pytest.raises(redis.ResponseError) as e:
        c.get("x")
    assert str(e.value) == "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE."
    assert b.script_kill() is True
    t.join(5)
    assert isinstance(res["a"], redis.ResponseError)
    assert str(res["a"]) == ("Script killed by user with SCRIPT KILL... script: %s, on @user_script:1."
                             % sha("while true do end"))
    assert a.ping() is True
    assert c.ping() is True
    with pytest.raises(redis.ResponseError) as e:
        b.script_kill()
    assert str(e.value) == "NOTBUSY No scripts in execution right now."
    a.config_set("busy-reply-threshold", 5000)
    for x in (a, b, c):
        x.close()


def test_busy_script_that_wrote_is_unkillable(server):
    body = "redis.call('set','bw','1') local t = redis.call('time')[1] + 0 while tonumber(redis.call('time')[1]) < t + 2 do end return 'done'"
    a, b, c, t, res = _busy(server, body)
    with pytest.raises(redis.ResponseError) as e:
        b.script_kill()
    assert str(e.value) == ("UNKILLABLE Sorry the script already executed write commands against the dataset. "
                            "You can either wait the script termination or kill the server in a hard way using "
                            "the SHUTDOWN NOSAVE command.")
    t.join(10)
    a.config_set("busy-reply-threshold", 5000)
    a.delete("bw")
    for x in (a, b, c):
        x.close()


def test_returned_tables_metatables_do_not_run(raw):
    # the reply conversion reads tables raw: no __index runs outside the script
    assert ev(raw, "return _G", "0") == b"*0\r\n"
    assert ev(raw, "local a = {}; setmetatable(a,{__index=function() foo() end}) return a", "0") == b"*0\r\n"
    assert ev(raw, "local a = {}; setmetatable(a,{__index=function() redis.call('set', 'x', '1') end}) return a", "0") == b"*0\r\n"
    assert raw.call("GET", "x") == b"$-1\r\n"
    assert raw.call("PING") == b"+PONG\r\n"


def test_cmsgpack_and_struct_from_scripts(raw):
    # the libraries Redis scripts expect, reachable as globals
    assert raw.call("EVAL", "return cmsgpack.pack({1, 2, 'x'})", "0") == b"$5\r\n\x93\x01\x02\xa1x\r\n"
    assert raw.call("EVAL", "return cmsgpack.unpack(cmsgpack.pack({1, 2, 'x'}))", "0") == (
        b"*3\r\n:1\r\n:2\r\n$1\r\nx\r\n")
    assert raw.call("EVAL", "return struct.pack('>I2', 258)", "0") == b"$2\r\n\x01\x02\r\n"
    assert raw.call("EVAL", "return {struct.unpack('<i4', ARGV[1])}", "0", b"\x05\x00\x00\x00") == (
        b"*2\r\n:5\r\n:5\r\n")


SLIDING = """
local now, window, limit = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < limit then
    redis.call('ZADD', KEYS[1], now, ARGV[4])
    redis.call('EXPIRE', KEYS[1], math.ceil(window / 1000))
    return 1
end
return 0
"""


def test_sliding_window_limiter_under_concurrency(server):
    """Six clients hammer one limiter: exactly `limit` requests get through in a
    window, and a later window admits again once the old entries fall out."""
    limit, window, threads, per_thread = 100, 60000, 6, 40
    setup = server.client()
    sha = setup.script_load(SLIDING)
    allowed = [0] * threads
    errors = []

    def worker(i, now):
        c = server.client()
        try:
            for j in range(per_thread):
                allowed[i] += c.evalsha(sha, 1, "win", now, window, limit, f"{now}-{i}-{j}")
        except Exception as e:  # noqa: BLE001 - surfaced below
            errors.append(repr(e))
        finally:
            c.close()

    for now in (1_000_000, 1_000_000 + window + 1):
        allowed[:] = [0] * threads
        ts = [threading.Thread(target=worker, args=(i, now)) for i in range(threads)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        assert errors == []
        assert sum(allowed) == limit
        assert setup.zcard("win") == limit
        assert setup.zcount("win", now, now) == limit  # the old window is gone
        assert 0 < setup.ttl("win") <= 60
