"""Redis 7.0 Functions: FUNCTION LOAD/DELETE/FLUSH/LIST/STATS/KILL/DUMP/RESTORE/HELP,
FCALL/FCALL_RO, library and function flags, the load-time sandbox, busy functions,
and FUNCTION DUMP payloads exchanged with a real redis-server 7.0.15.
Expected bytes are those of Redis 7.0.15 (the file passes with
MNEMO_SERVER=/usr/bin/redis-server)."""
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time

import pytest
import redis
from conftest import Raw as Raw_

NAME_ERR = ("Library names can only contain letters, numbers, or underscores(_) and must be at "
            "least one character long")


@pytest.fixture(autouse=True)
def _no_functions(r):
    """every test starts with no libraries (FLUSHALL keeps them, as in Redis)"""
    r.function_flush()
    yield
    r.function_flush()


def lib(name, body):
    return "#!lua name=%s\n%s" % (name, body)


def simple(libname, fname, ret):
    return lib(libname, "redis.register_function('%s', function(keys, args) %s end)" % (fname, ret))


def err(msg):
    return b"-" + msg.encode() + b"\r\n"


def crc64(data):
    """Redis's CRC-64 (Jones polynomial, reflected)."""
    crc = 0
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ (0x95AC9329AC4BC9B5 if crc & 1 else 0)
    return crc


def seal(body, version=10):
    """A DUMP-style payload: body, 2-byte RDB version, CRC64 of both."""
    data = body + version.to_bytes(2, "little")
    return data + crc64(data).to_bytes(8, "little")


def rdb_str(s):
    s = s if isinstance(s, bytes) else s.encode()
    assert len(s) < 16384
    return (bytes([len(s)]) if len(s) < 64 else bytes([0x40 | (len(s) >> 8), len(s) & 0xFF])) + s


def bulk(s):
    s = s if isinstance(s, bytes) else s.encode()
    return b"$%d\r\n%s\r\n" % (len(s), s)


# ---- FUNCTION LOAD ----

def test_load_and_fcall(raw):
    assert raw.call("FUNCTION", "LOAD", simple("mylib", "hello", "return 'hi'")) == bulk("mylib")
    assert raw.call("FCALL", "hello", "0") == bulk("hi")
    assert raw.call("FCALL", "HELLO", "0") == bulk("hi")  # function names: any case
    assert raw.call("FUNCTION", "LOAD", simple("mylib", "other", "return 1")) == \
        err("ERR Library 'mylib' already exists")
    assert raw.call("FUNCTION", "LOAD", "REPLACE", simple("mylib", "hello", "return 'v2'")) == bulk("mylib")
    assert raw.call("FCALL", "hello", "0") == bulk("v2")
    # library names are case-sensitive
    assert raw.call("FUNCTION", "LOAD", simple("MYLIB", "h2", "return 2")) == bulk("MYLIB")


def test_load_argument_errors(raw):
    assert raw.call("FUNCTION", "LOAD", "foo", simple("a", "f", "return 1")) == err("ERR Unknown option given: foo")
    assert raw.call("FUNCTION", "LOAD", "REPLACE") == err("ERR Missing library metadata")
    assert raw.call("FUNCTION", "LOAD") == err("ERR wrong number of arguments for 'function|load' command")
    assert raw.call("FUNCTION", "LOAD", "REPLACE", "REPLACE", simple("a", "f", "return 1")) == bulk("a")


def test_metadata_errors(raw):
    load = lambda code: raw.call("FUNCTION", "LOAD", code)
    assert load("return 1") == err("ERR Missing library metadata")
    assert load("#!lua name=x") == err("ERR Invalid library metadata")
    assert load("#!lua\nreturn 1") == err("ERR Library name was not given")
    assert load("#!lua name=a name=b\nx") == err("ERR Invalid metadata value, name argument was given multiple times")
    assert load("#!lua name=a foo=bar\nx") == err("ERR Invalid metadata value given: foo=bar")
    assert load("#!lua name=a-b\nx") == err("ERR " + NAME_ERR)
    assert load("#!lua name=\nx") == err("ERR " + NAME_ERR)
    assert load("#!js name=a\nx") == err("ERR Engine 'js' not found")
    assert load("#! name=a\nx") == err("ERR Engine '' not found")
    assert load('#!LUA name="quoted"\n' + "redis.register_function('q', function() return 1 end)") == bulk("quoted")
    assert load("#!lua name=c\nbad code") == err("ERR Error compiling function: user_function:2: '=' expected near 'code'")
    assert load("#!lua name=c\nreturn 1") == err("ERR No functions registered")


def test_register_function_errors(raw):
    def load(body):
        return raw.call("FUNCTION", "LOAD", lib("l", body))
    pre = "ERR Error registering functions: "
    assert load("redis.register_function()") == err(pre + "ERR wrong number of arguments to redis.register_function")
    assert load("redis.register_function('a', function() end, 3)") == \
        err(pre + "ERR wrong number of arguments to redis.register_function")
    assert load("redis.register_function('f1')") == err(
        pre + "ERR calling redis.register_function with a single argument is only applicable to Lua table "
        "(representing named arguments).")
    assert load("redis.register_function(nil, function() end)") == \
        err(pre + "ERR first argument to redis.register_function must be a string")
    assert load("redis.register_function('f', 'x')") == \
        err(pre + "ERR second argument to redis.register_function must be a function")
    assert load("redis.register_function('a-b', function() end)") == err(pre + "ERR " + NAME_ERR)
    assert load("redis.register_function('', function() end)") == err(pre + "ERR " + NAME_ERR)
    assert load("redis.register_function('f', function() end) redis.register_function('f', function() end)") == \
        err(pre + "ERR Function already exists in the library")
    assert load("redis.register_function{function_name=function() end, callback=function() end}") == \
        err(pre + "ERR function_name argument given to redis.register_function must be a string")
    assert load("redis.register_function{function_name='f', callback='x'}") == \
        err(pre + "ERR callback argument given to redis.register_function must be a function")
    assert load("redis.register_function{function_name='f', callback=function() end, description={}}") == \
        err(pre + "ERR description argument given to redis.register_function must be a string")
    assert load("redis.register_function{function_name='f', callback=function() end, flags='no-writes'}") == \
        err(pre + "ERR flags argument to redis.register_function must be a table representing function flags")
    assert load("redis.register_function{function_name='f', callback=function() end, flags={'bad'}}") == \
        err(pre + "ERR unknown flag given")
    assert load("redis.register_function{function_name='f', callback=function() end, other=1}") == \
        err(pre + "ERR unknown argument given to redis.register_function")
    assert load("redis.register_function{callback=function() end}") == \
        err(pre + "ERR redis.register_function must get a function name argument")
    assert load("redis.register_function{function_name='f'}") == \
        err(pre + "ERR redis.register_function must get a callback argument")
    assert raw.call("FUNCTION", "LIST") == b"*0\r\n"


def test_function_name_collision_across_libraries(raw):
    assert raw.call("FUNCTION", "LOAD", simple("a", "f", "return 1")) == bulk("a")
    assert raw.call("FUNCTION", "LOAD", simple("b", "F", "return 2")) == err("ERR Function F already exists")
    # a failed REPLACE keeps the old library
    assert raw.call("FUNCTION", "LOAD", "REPLACE", lib("a", "bad code")).startswith(b"-ERR Error compiling function")
    assert raw.call("FCALL", "f", "0") == b":1\r\n"


def test_load_time_sandbox(raw):
    pre = "ERR Error registering functions: ERR user_function:2: "

    def load(body):
        return raw.call("FUNCTION", "LOAD", lib("l", body))
    assert load("return redis.call('ping')") == err(pre + "Script attempted to access nonexistent global variable 'call'")
    assert load("return redis.setresp(3)") == err(pre + "Script attempted to access nonexistent global variable 'setresp'")
    assert load("return redis.set_repl(1)") == err(pre + "Script attempted to access nonexistent global variable 'set_repl'")
    assert load("return math.random()") == err(pre + "Script attempted to access nonexistent global variable 'math'")
    assert load("mt = getmetatable(_G)") == err(pre + "Script attempted to access nonexistent global variable 'getmetatable'")
    assert load("a = 1") == err(pre + "Attempt to modify a readonly table")
    assert load("redis.x = 1") == err(pre + "Attempt to modify a readonly table")
    assert load("redis.log(1)") == err("ERR Error registering functions: ERR redis.log() requires two arguments or more.")
    # what is available: register_function, log and the version fields
    body = ("redis.log(redis.LOG_NOTICE, 'loading') local v = redis.REDIS_VERSION "
            "redis.register_function('ver', function() return {v, redis.REDIS_VERSION_NUM} end)")
    assert load(body) == bulk("l")
    out = raw.call("FCALL", "ver", "0")
    assert out.startswith(b"*2\r\n$")


def test_load_timeout(raw):
    assert raw.call("FUNCTION", "LOAD", lib("l", "local a = 1 while 1 do a = a + 1 end")) == \
        err("ERR Error registering functions: ERR FUNCTION LOAD timeout")


def test_run_time_sandbox(raw):
    body = """
local lib = redis
lib.register_function('f1', function() lib.x = 1 end)
lib.register_function('f2', function() lib.register_function('f3', function() end) end)
redis.register_function('f4', function() redis.register_function('f5', function() end) end)
redis.register_function('f6', function() x = 1 end)
redis.register_function('f7', function() local mt = getmetatable(_G) mt.__index = {} end)
redis.register_function('f8', function() return redis.call('ping') end)
redis.register_function('f9', function() redis.call = nil end)
redis.register_function('f10', function() return os.time() end)
redis.register_function('f11', function() rawset(_G, 'x', 1) end)
redis.register_function('f12', function(keys, args) return {keys[1], args[1], args[2]} end)
redis.register_function('f13', function() return KEYS end)
"""
    assert raw.call("FUNCTION", "LOAD", lib("l", body)) == bulk("l")
    assert raw.call("FCALL", "f1", "0") == err(
        "ERR user_function:4: Attempt to modify a readonly table script: f1, on @user_function:4.")
    assert raw.call("FCALL", "f2", "0") == err(
        "ERR redis.register_function can only be called on FUNCTION LOAD command script: f2, on @user_function:5.")
    assert raw.call("FCALL", "f4", "0") == err(
        "ERR user_function:6: attempt to call field 'register_function' (a nil value) script: f4, on @user_function:6.")
    assert raw.call("FCALL", "f6", "0") == err(
        "ERR user_function:7: Attempt to modify a readonly table script: f6, on @user_function:7.")
    assert raw.call("FCALL", "f7", "0") == err(
        "ERR user_function:8: Attempt to modify a readonly table script: f7, on @user_function:8.")
    assert raw.call("FCALL", "f8", "0") == b"+PONG\r\n"
    assert raw.call("FCALL", "f9", "0") == err(
        "ERR user_function:10: Attempt to modify a readonly table script: f9, on @user_function:10.")
    assert raw.call("FCALL", "f10", "0") == err(
        "ERR user_function:11: Script attempted to access nonexistent global variable 'os' script: f10, on @user_function:11.")
    assert raw.call("FCALL", "f11", "0") == err(
        "ERR Attempt to modify a readonly table script: f11, on @user_function:12.")
    assert raw.call("FCALL", "f12", "1", "k", "a1", "a2") == b"*3\r\n$1\r\nk\r\n$2\r\na1\r\n$2\r\na2\r\n"
    assert raw.call("FCALL", "f13", "0") == err(
        "ERR user_function:14: Script attempted to access nonexistent global variable 'KEYS' script: f13, on @user_function:14.")


def test_bytecode_refused(raw):
    code = lib("l", "redis.register_function('bc', function() return loadstring(string.dump(function() return 1 end))() end)\n"
                    "redis.register_function('bc2', function() local f, e = loadstring(string.dump(function() end)) return e end)")
    assert raw.call("FUNCTION", "LOAD", code) == bulk("l")
    assert raw.call("FCALL", "bc", "0") == err("ERR user_function:2: attempt to call a nil value script: bc, on @user_function:2.")
    assert raw.call("FCALL", "bc2", "0") == bulk("[string \"\x1bLuaQ\"]:1: unexpected symbol near 'char(27)'")


def test_disable_deny_scripts(raw):
    code = lib("l", "redis.register_function('cl', function() return type(redis.call('client', 'id')) end)")
    assert raw.call("FUNCTION", "LOAD", code) == bulk("l")
    assert raw.call("FCALL", "cl", "0") == err(
        "ERR This Redis command is not allowed from script script: cl, on @user_function:2.")
    assert raw.call("DEBUG", "set-disable-deny-scripts", "1") == b"+OK\r\n"
    try:
        assert raw.call("FCALL", "cl", "0") == bulk("number")
    finally:
        assert raw.call("DEBUG", "set-disable-deny-scripts", "0") == b"+OK\r\n"
    assert raw.call("FCALL", "cl", "0").startswith(b"-ERR This Redis command is not allowed from script")


def test_functions_and_eval_do_not_share_globals(raw):
    # a function's library state is separate from EVAL's interpreter
    assert raw.call("EVAL", "return type(redis.register_function)", "0") == bulk("nil")
    assert raw.call("FUNCTION", "LOAD", simple("l", "f", "return type(redis.call)")) == bulk("l")
    assert raw.call("FCALL", "f", "0") == bulk("function")


# ---- FCALL / FCALL_RO ----

def test_fcall_errors(raw):
    assert raw.call("FUNCTION", "LOAD", simple("l", "f", "return #keys")) == bulk("l")
    assert raw.call("FCALL", "nosuch", "0") == err("ERR Function not found")
    assert raw.call("FCALL", "f", "x") == err("ERR Bad number of keys provided")
    assert raw.call("FCALL", "f", "2", "a") == err("ERR Number of keys can't be greater than number of args")
    assert raw.call("FCALL", "f", "-1") == err("ERR Number of keys can't be negative")
    assert raw.call("FCALL", "f") == err("ERR wrong number of arguments for 'fcall' command")
    assert raw.call("FCALL_RO", "f") == err("ERR wrong number of arguments for 'fcall_ro' command")
    assert raw.call("FCALL", "f", "2", "a", "b") == b":2\r\n"


def test_fcall_keys_args_and_writes(r, raw):
    code = lib("l", "redis.register_function('setget', function(keys, args) "
                    "redis.call('set', keys[1], args[1]) return redis.call('get', keys[1]) end)")
    assert raw.call("FUNCTION", "LOAD", code) == bulk("l")
    assert raw.call("FCALL", "setget", "1", "k", "v") == bulk("v")
    assert r.get("k") == b"v"
    assert raw.call("FCALL_RO", "setget", "1", "k", "v") == \
        err("ERR Can not execute a script with write flag using *_ro command.")


def test_no_writes_flag(r, raw):
    body = ("redis.register_function{function_name='w', callback=function(keys) return redis.call('set', keys[1], 1) end, "
            "flags={'no-writes'}}\n"
            "redis.register_function{function_name='g', callback=function(keys) return redis.call('get', keys[1]) end, "
            "flags={'no-writes'}}")
    assert raw.call("FUNCTION", "LOAD", lib("l", body)) == bulk("l")
    expect = err("ERR Write commands are not allowed from read-only scripts. script: w, on @user_function:2.")
    assert raw.call("FCALL", "w", "1", "x") == expect
    assert raw.call("FCALL_RO", "w", "1", "x") == expect
    r.set("x", "5")
    assert raw.call("FCALL_RO", "g", "1", "x") == bulk("5")
    assert raw.call("FCALL", "g", "1", "x") == bulk("5")


def test_fcall_error_replies(raw):
    body = """
redis.register_function('e1', function() error('boom') end)
redis.register_function('e2', function() return redis.call('nosuch') end)
redis.register_function('e3', function() return redis.error_reply('MY custom') end)
redis.register_function('e4', function() return redis.pcall('incr', 'x', 'y') end)
redis.register_function('e5', function() error({err='XX table error'}) end)
"""
    assert raw.call("FUNCTION", "LOAD", lib("l", body)) == bulk("l")
    assert raw.call("FCALL", "e1", "0") == err("ERR user_function:3: boom script: e1, on @user_function:3.")
    assert raw.call("FCALL", "e2", "0") == err("ERR Unknown Redis command called from script script: e2, on @user_function:4.")
    assert raw.call("FCALL", "e3", "0") == err("MY custom")
    assert raw.call("FCALL", "e4", "0") == err("ERR Wrong number of args calling Redis command from script")
    assert raw.call("FCALL", "e5", "0") == err("XX table error script: e5, on @user_function:7.")


def test_error_reply_codes(raw):
    body = "redis.register_function('er', function(keys, args) return redis.error_reply(args[1]) end)"
    assert raw.call("FUNCTION", "LOAD", lib("l", body)) == bulk("l")
    for arg, out in (("My", "-ERR My"), ("-My", "-ERR My"), ("-", "-ERR "), ("", "-ERR "), ("A B", "-A B"),
                     ("-X y\r\n", "-X y"), ("MY_CODE custom msg", "-MY_CODE custom msg")):
        assert raw.call("FCALL", "er", "0", arg) == out.encode() + b"\r\n"


def test_fcall_resp3(raw):
    body = ("redis.register_function('m', function() redis.setresp(3) return redis.call('hgetall', 'h') end)\n"
            "redis.register_function('t', function() return {1, 'a', {ok='fine'}, true, false} end)\n"
            "redis.register_function('d', function() return {double=1.5} end)\n"
            "redis.register_function('b', function() return {big_number='123\\r\\n456'} end)")
    assert raw.call("FUNCTION", "LOAD", lib("l", body)) == bulk("l")
    raw.call("HSET", "h", "f", "v")
    assert raw.call("FCALL", "m", "0") == b"*2\r\n$1\r\nf\r\n$1\r\nv\r\n"
    assert raw.call("FCALL", "t", "0") == b"*5\r\n:1\r\n$1\r\na\r\n+fine\r\n:1\r\n$-1\r\n"
    assert raw.call("FCALL", "d", "0") == b"$3\r\n1.5\r\n"
    assert raw.call("FCALL", "b", "0") == b"$8\r\n123  456\r\n"
    assert raw.call("HELLO", "3").startswith(b"%7\r\n")
    assert raw.call("FCALL", "b", "0") == b"(123  456\r\n"
    assert raw.call("FCALL", "m", "0") == b"%1\r\n$1\r\nf\r\n$1\r\nv\r\n"
    assert raw.call("FCALL", "t", "0") == b"*5\r\n:1\r\n$1\r\na\r\n+fine\r\n:1\r\n_\r\n"
    assert raw.call("FCALL", "d", "0") == b",1.5\r\n"
    raw.call("DEL", "h")


def test_fcall_in_multi_and_select(r, raw):
    code = lib("l", "redis.register_function('f', function(keys, args) redis.call('select', 1) "
                    "return redis.call('incr', keys[1]) end)")
    assert raw.call("FUNCTION", "LOAD", code) == bulk("l")
    assert raw.call("MULTI") == b"+OK\r\n"
    assert raw.call("FCALL", "f", "1", "c") == b"+QUEUED\r\n"
    assert raw.call("FCALL", "f", "1", "c") == b"+QUEUED\r\n"
    assert raw.call("EXEC") == b"*2\r\n:1\r\n:2\r\n"
    assert raw.call("EXISTS", "c") == b":0\r\n"  # the SELECT inside did not leak
    assert raw.call("SELECT", "1") == b"+OK\r\n"
    assert raw.call("GET", "c") == bulk("2")
    raw.call("DEL", "c")
    raw.call("SELECT", "0")


def test_fcall_not_allowed_from_scripts(raw):
    assert raw.call("FUNCTION", "LOAD", simple("l", "f", "return 1")) == bulk("l")
    assert raw.call("EVAL", "return redis.pcall('fcall', 'f', 0)", "0") == \
        err("ERR This Redis command is not allowed from script")
    assert raw.call("EVAL", "return redis.pcall('function', 'list')", "0") == \
        err("ERR This Redis command is not allowed from script")


# ---- DELETE / FLUSH / LIST / STATS / HELP ----

def test_delete(raw):
    assert raw.call("FUNCTION", "LOAD", simple("l", "f", "return 1")) == bulk("l")
    assert raw.call("FUNCTION", "DELETE", "nosuch") == err("ERR Library not found")
    assert raw.call("FUNCTION", "DELETE", "L") == err("ERR Library not found")
    assert raw.call("FUNCTION", "DELETE", "l") == b"+OK\r\n"
    assert raw.call("FCALL", "f", "0") == err("ERR Function not found")
    assert raw.call("FUNCTION", "DELETE") == err("ERR wrong number of arguments for 'function|delete' command")


def test_flush(r, raw):
    assert raw.call("FUNCTION", "LOAD", simple("l", "f", "return 1")) == bulk("l")
    r.flushall()  # FLUSHALL keeps functions
    assert raw.call("FCALL", "f", "0") == b":1\r\n"
    assert raw.call("FUNCTION", "FLUSH", "bad") == err("ERR FUNCTION FLUSH only supports SYNC|ASYNC option")
    assert raw.call("FUNCTION", "FLUSH", "sync", "x") == \
        err("ERR unknown subcommand or wrong number of arguments for 'FLUSH'. Try FUNCTION HELP.")
    for mode in ([], ["ASYNC"], ["sync"]):
        assert raw.call("FUNCTION", "LOAD", "REPLACE", simple("l", "f", "return 1")) == bulk("l")
        assert raw.call("FUNCTION", "FLUSH", *mode) == b"+OK\r\n"
        assert raw.call("FUNCTION", "LIST") == b"*0\r\n"


def function_entry(name, desc=None, flags=(), resp=2):
    if resp == 2:
        d = bulk(desc) if desc is not None else b"$-1\r\n"
        f = b"*%d\r\n" % len(flags) + b"".join(b"+%s\r\n" % x.encode() for x in flags)
        return b"*6\r\n" + bulk("name") + bulk(name) + bulk("description") + d + bulk("flags") + f
    d = bulk(desc) if desc is not None else b"_\r\n"
    f = b"~%d\r\n" % len(flags) + b"".join(b"+%s\r\n" % x.encode() for x in flags)
    return b"%3\r\n" + bulk("name") + bulk(name) + bulk("description") + d + bulk("flags") + f


def test_list_exact_resp2_resp3(raw):
    code = lib("mylib", "redis.register_function{function_name='f1', callback=function() return 1 end, "
                        "flags={'allow-stale', 'no-writes', 'allow-cross-slot-keys', 'no-cluster', 'allow-oom'}, "
                        "description='desc one'}")
    assert raw.call("FUNCTION", "LOAD", code) == bulk("mylib")
    allflags = ["no-writes", "allow-oom", "allow-stale", "no-cluster", "allow-cross-slot-keys"]
    entry2 = function_entry("f1", "desc one", allflags)
    head2 = b"*1\r\n*6\r\n" + bulk("library_name") + bulk("mylib") + bulk("engine") + bulk("LUA") + bulk("functions") + b"*1\r\n"
    assert raw.call("FUNCTION", "LIST") == head2 + entry2
    assert raw.call("FUNCTION", "LIST", "WITHCODE") == \
        head2.replace(b"*1\r\n*6\r\n", b"*1\r\n*8\r\n", 1) + entry2 + bulk("library_code") + bulk(code)
    assert raw.call("FUNCTION", "LIST", "LIBRARYNAME", "my*") == head2 + entry2
    assert raw.call("FUNCTION", "LIST", "libraryname", "x*") == b"*0\r\n"
    raw.call("HELLO", "3")
    head3 = b"*1\r\n%3\r\n" + bulk("library_name") + bulk("mylib") + bulk("engine") + bulk("LUA") + bulk("functions") + b"*1\r\n"
    assert raw.call("FUNCTION", "LIST") == head3 + function_entry("f1", "desc one", allflags, resp=3)
    assert raw.call("FUNCTION", "LOAD", simple("other", "g", "return 1")) == bulk("other")
    assert raw.call("FUNCTION", "LIST", "LIBRARYNAME", "oth*") == \
        b"*1\r\n%3\r\n" + bulk("library_name") + bulk("other") + bulk("engine") + bulk("LUA") + bulk("functions") + \
        b"*1\r\n" + function_entry("g", None, (), resp=3)


def test_list_argument_errors(raw):
    assert raw.call("FUNCTION", "LIST", "bad") == err("ERR Unknown argument bad")
    assert raw.call("FUNCTION", "LIST", "LIBRARYNAME") == err("ERR library name argument was not given")
    assert raw.call("FUNCTION", "LIST", "WITHCODE", "WITHCODE") == err("ERR Unknown argument WITHCODE")
    assert raw.call("FUNCTION", "LIST", "LIBRARYNAME", "a", "LIBRARYNAME", "b") == err("ERR Unknown argument LIBRARYNAME")


def test_stats(raw):
    def stats(libs, fns):
        return (b"*4\r\n" + bulk("running_script") + b"$-1\r\n" + bulk("engines") + b"*2\r\n" + bulk("LUA") +
                b"*4\r\n" + bulk("libraries_count") + b":%d\r\n" % libs + bulk("functions_count") + b":%d\r\n" % fns)
    assert raw.call("FUNCTION", "STATS") == stats(0, 0)
    raw.call("FUNCTION", "LOAD", lib("a", "redis.register_function('f1', function() end) "
                                          "redis.register_function('f2', function() end)"))
    raw.call("FUNCTION", "LOAD", simple("b", "f3", "return 1"))
    assert raw.call("FUNCTION", "STATS") == stats(2, 3)
    assert raw.call("FUNCTION", "LOAD", simple("a", "f9", "return 1")) == err("ERR Library 'a' already exists")
    assert raw.call("FUNCTION", "DELETE", "a") == b"+OK\r\n"
    assert raw.call("FUNCTION", "STATS") == stats(1, 1)
    raw.call("HELLO", "3")
    assert raw.call("FUNCTION", "STATS") == (
        b"%2\r\n" + bulk("running_script") + b"_\r\n" + bulk("engines") + b"%1\r\n" + bulk("LUA") +
        b"%2\r\n" + bulk("libraries_count") + b":1\r\n" + bulk("functions_count") + b":1\r\n")
    assert raw.call("FUNCTION", "STATS", "x") == err("ERR wrong number of arguments for 'function|stats' command")


def test_help_and_unknown_subcommand(raw):
    out = raw.call("FUNCTION", "HELP")
    assert out.startswith(b"*40\r\n+FUNCTION <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n"
                          b"+LOAD [REPLACE] <FUNCTION CODE>\r\n")
    assert out.endswith(b"+HELP\r\n+    Prints this help.\r\n")
    assert raw.call("FUNCTION", "bad") == \
        err("ERR unknown subcommand 'bad'. Try FUNCTION HELP.")
    assert raw.call("FUNCTION") == err("ERR wrong number of arguments for 'function' command")


# ---- DUMP / RESTORE ----

def test_dump_restore_policies(r):
    r.function_load(simple("test", "test", "return 'hello'"))
    payload = r.function_dump()
    assert payload[0] == 245 and payload[-10:-8] == b"\x0a\x00"
    r.function_delete("test")
    assert r.function_list() == []
    assert r.function_restore(payload) is True
    assert r.fcall("test", 0) == b"hello"
    # APPEND (default) fails on a library name collision and keeps what exists
    with pytest.raises(redis.ResponseError, match="^Library test already exists$"):
        r.function_restore(payload)
    with pytest.raises(redis.ResponseError, match="^Library test already exists$"):
        r.function_restore(payload, "APPEND")
    r.function_load(simple("test", "test", "return 'v2'"), replace=True)
    assert r.function_restore(payload, "REPLACE") is True
    assert r.fcall("test", 0) == b"hello"
    r.function_flush()
    r.function_load(simple("other", "other", "return 1"))
    assert r.function_restore(payload, "FLUSH") is True
    assert [x[b"library_name"] if isinstance(x, dict) else x[1] for x in r.function_list()] == [b"test"]


def test_restore_function_collision_keeps_state(r):
    r.function_load(lib("lib1", "redis.register_function('f1', function() return 1 end) "
                                "redis.register_function('f3', function() return 3 end)"))
    payload = r.function_dump()
    r.function_flush()
    r.function_load(simple("lib1", "f6", "return 6"))
    r.function_load(simple("lib2", "f3", "return 33"))
    with pytest.raises(redis.ResponseError, match="^Library lib1 already exists$"):
        r.function_restore(payload)
    with pytest.raises(redis.ResponseError, match="^Function f3 already exists$"):
        r.function_restore(payload, "REPLACE")
    assert r.fcall("f6", 0) == 6 and r.fcall("f3", 0) == 33


def test_restore_errors(raw, r):
    r.function_load(simple("keep", "k", "return 1"))
    payload = r.function_dump()
    assert raw.call("FUNCTION", "RESTORE", "bad_payload") == err("ERR DUMP payload version or checksum are wrong")
    bad = bytearray(payload)
    bad[3] ^= 0xFF
    assert raw.call("FUNCTION", "RESTORE", bytes(bad)) == err("ERR DUMP payload version or checksum are wrong")
    newer = bytearray(payload)
    newer[-10] = 11  # RDB version 11
    assert raw.call("FUNCTION", "RESTORE", bytes(newer)) == err("ERR DUMP payload version or checksum are wrong")
    assert raw.call("FUNCTION", "RESTORE", payload, "bad") == \
        err("ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.")
    assert raw.call("FUNCTION", "RESTORE", payload, "a", "b") == \
        err("ERR unknown subcommand or wrong number of arguments for 'RESTORE'. Try FUNCTION HELP.")
    # a payload holding a string key (as DUMP makes) instead of a function
    assert crc64(b"123456789") == 0xe9c6d914c4b8d9ca
    assert raw.call("FUNCTION", "RESTORE", seal(b"\x00" + rdb_str("v"))) == err("ERR given type is not a function")
    assert raw.call("FUNCTION", "RESTORE", seal(b"\xf5")) == err("ERR Failed loading library payload")
    assert raw.call("FUNCTION", "RESTORE", seal(b"\xf5" + rdb_str("return 1"))) == err("ERR Missing library metadata")
    assert raw.call("FUNCTION", "RESTORE", seal(b"\xf6" + rdb_str("n"))) == err("ERR Failed loading engine name")
    assert raw.call("FUNCTION", "RESTORE", seal(b"\xf6" + rdb_str("n") + rdb_str("LUA") + b"\x01")) == \
        err("ERR Failed loading library description")
    assert r.fcall("k", 0) == 1


def test_restore_hand_made_payloads(r):
    code = simple("hand", "hf", "return 'made'")
    assert r.function_restore(seal(b"\xf5" + rdb_str(code))) is True
    assert r.fcall("hf", 0) == b"made"
    assert r.function_dump() == seal(b"\xf5" + rdb_str(code))
    # the 7.0 release-candidate format: name, engine, description flag, code without shebang
    old = b"\xf6" + rdb_str("oldlib") + rdb_str("LUA") + b"\x00" + \
        rdb_str("redis.register_function('oldf', function() return 'old' end)")
    assert r.function_restore(old and seal(old)) is True
    assert r.fcall("oldf", 0) == b"old"
    lst = {x[b"library_name"] if isinstance(x, dict) else x[1]: x for x in r.function_list(withcode=True)}
    assert b"oldlib" in lst


def test_empty_dump(raw):
    out = raw.call("FUNCTION", "DUMP")
    assert out.startswith(b"$10\r\n\x0a\x00")
    body = out[5:-2]
    assert raw.call("FUNCTION", "RESTORE", body) == b"+OK\r\n"


def _start_redis():
    exe = shutil.which("redis-server")
    if not exe:
        pytest.skip("redis-server not installed")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    d = tempfile.mkdtemp(prefix="fn-redis-")
    p = subprocess.Popen([exe, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                          "--dir", d], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    c = redis.Redis(port=port)
    for _ in range(200):
        try:
            c.ping()
            return p, c
        except redis.ConnectionError:
            time.sleep(0.02)
    p.kill()
    pytest.skip("redis-server did not start")


def test_dump_interop_with_redis(r):
    proc, real = _start_redis()
    try:
        big = lib("biglib", "\n".join("redis.register_function('f%d', function(keys, args) return %d end)" % (i, i)
                                      for i in range(40)))
        real.function_load(big)
        real.function_load(simple("small", "s", "return 'small'"))
        payload = real.function_dump()  # LZF-compressed library code
        assert r.function_restore(payload) is True
        assert r.fcall("f33", 0) == 33 and r.fcall("s", 0) == b"small"
        ours = r.function_dump()
        real.function_flush()
        assert real.function_restore(ours) is True
        assert real.fcall("f7", 0) == 7 and real.fcall("s", 0) == b"small"
        # the same libraries in the same order give the same bytes
        real.function_flush()
        r.function_flush()
        for c in (real, r):
            c.function_load(big)
        assert r.function_dump() == real.function_dump()
    finally:
        proc.terminate()
        proc.wait()


# ---- busy functions ----

LOOP = lib("busy", "redis.register_function('loop', function() local a = 1 while true do a = a + 1 end end)\n"
                   "redis.register_function('wloop', function(keys) redis.call('set', keys[1], 1) "
                   "local a = 1 while true do a = a + 1 end end)")


def _run_in_thread(server, *args):
    res = {}

    def run():
        c = server.client()
        try:
            res["v"] = c.execute_command(*args)
        except redis.RedisError as e:  # an error reply, or the connection of a killed server
            res["v"] = e
        c.close()
    t = threading.Thread(target=run)
    t.start()
    return t, res


def _wait_busy(raw):
    for _ in range(100):
        if raw.call("PING").startswith(b"-BUSY"):
            return
        time.sleep(0.02)
    raise AssertionError("never busy")


def test_busy_function_and_kill(server, r, raw):
    r.config_set("busy-reply-threshold", 50)
    try:
        r.function_load(LOOP)
        t, res = _run_in_thread(server, "FCALL", "loop", "0")
        _wait_busy(raw)
        busy = err("BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.")
        assert raw.call("PING") == busy
        assert raw.call("SCRIPT", "KILL") == busy
        st = raw.call("FUNCTION", "STATS")
        assert st.startswith(b"*4\r\n" + bulk("running_script") + b"*6\r\n" + bulk("name") + bulk("loop") +
                             bulk("command") + b"*3\r\n" + bulk("FCALL") + bulk("loop") + bulk("0") + bulk("duration_ms"))
        assert raw.call("FUNCTION", "KILL") == b"+OK\r\n"
        t.join(5)
        assert str(res["v"]) == "Script killed by user with SCRIPT KILL... script: loop, on @user_function:2."
        assert raw.call("PING") == b"+PONG\r\n"
        assert raw.call("FUNCTION", "KILL") == err("NOTBUSY No scripts in execution right now.")
    finally:
        r.config_set("busy-reply-threshold", 5000)


def test_function_kill_refuses_eval(server, r, raw):
    r.config_set("busy-reply-threshold", 50)
    try:
        t, res = _run_in_thread(server, "EVAL", "local a = 1 while true do a = a + 1 end", "0")
        _wait_busy(raw)
        busy = err("BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.")
        assert raw.call("FUNCTION", "KILL") == busy
        assert raw.call("FUNCTION", "STATS") == busy
        assert raw.call("SCRIPT", "KILL") == b"+OK\r\n"
        t.join(5)
        assert raw.call("PING") == b"+PONG\r\n"
    finally:
        r.config_set("busy-reply-threshold", 5000)


def test_unkillable_function(start_server):
    s = start_server("--busy-reply-threshold", "50")
    c = s.client()
    c.function_load(LOOP)
    t, res = _run_in_thread(s, "FCALL", "wloop", "1", "wk")
    raw = Raw_(s.port)
    try:
        _wait_busy(raw)
        assert raw.call("FUNCTION", "KILL") == err(
            "UNKILLABLE Sorry the script already executed write commands against the dataset. You can either "
            "wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.")
        assert raw.call("SCRIPT", "KILL") == err(
            "UNKILLABLE Sorry the script already executed write commands against the dataset. You can either "
            "wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.")
    finally:
        raw.close()
        s.proc.kill()
        s.proc.wait()
        t.join(5)


# ---- COMMAND and INFO ----

def test_command_info_and_getkeys(raw, r):
    assert raw.call("COMMAND", "GETKEYS", "FCALL", "f", "2", "a", "b", "c") == b"*2\r\n$1\r\na\r\n$1\r\nb\r\n"
    assert raw.call("COMMAND", "GETKEYS", "FCALL_RO", "f", "1", "x", "y") == b"*1\r\n$1\r\nx\r\n"
    assert raw.call("COMMAND", "GETKEYS", "FCALL", "f", "0") == b"*0\r\n"
    info = r.execute_command("COMMAND", "INFO", "fcall")["fcall"]
    assert info["arity"] == -3 and (info["first_key_pos"], info["last_key_pos"], info["step_count"]) == (0, 0, 0)
    assert set(info["flags"]) == {"noscript", "stale", "skip_monitor", "no_mandatory_keys", "movablekeys"}
    spec = (b"$5\r\nflags\r\n*3\r\n+RW\r\n+access\r\n+update\r\n$12\r\nbegin_search\r\n"
            b"*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:2\r\n$9\r\nfind_keys\r\n"
            b"*4\r\n$4\r\ntype\r\n$6\r\nkeynum\r\n$4\r\nspec\r\n*6\r\n$9\r\nkeynumidx\r\n:0\r\n"
            b"$8\r\nfirstkey\r\n:1\r\n$7\r\nkeystep\r\n:1\r\n")
    assert spec in raw.call("COMMAND", "INFO", "fcall")
    assert spec.replace(b"*3\r\n+RW\r\n+access\r\n+update", b"*2\r\n+RO\r\n+access") \
        in raw.call("COMMAND", "INFO", "fcall_ro")
    sub = {x[0]: x for x in r.execute_command("COMMAND", "INFO", "function")["function"]["subcommands"]}
    assert sorted(sub) == [b"function|delete", b"function|dump", b"function|flush", b"function|help",
                           b"function|kill", b"function|list", b"function|load", b"function|restore",
                           b"function|stats"]
    assert sub[b"function|load"][1] == -3 and set(sub[b"function|load"][2]) == {b"noscript", b"write", b"denyoom"}
    assert sub[b"function|load"][6] == [b"@write", b"@slow", b"@scripting"]
    assert set(sub[b"function|kill"][2]) == {b"noscript", b"allow_busy"}
    assert sub[b"function|stats"][7] == [b"nondeterministic_output", b"request_policy:all_shards",
                                         b"response_policy:special"]


def test_info_memory_fields(r):
    before = r.info("memory")
    r.function_load(lib("l", "redis.register_function('a', function() return 1 end) "
                             "redis.register_function('b', function() return 1 end)"))
    m = r.info("memory")
    assert m["number_of_functions"] == 2 and m["number_of_libraries"] == 1
    assert m["used_memory_vm_functions"] > 0 and m["used_memory_functions"] > before["used_memory_functions"]
    assert m["used_memory_vm_total"] == m["used_memory_vm_eval"] + m["used_memory_vm_functions"]
    assert m["used_memory_scripts"] == m["used_memory_scripts_eval"] + m["used_memory_functions"]
    r.function_flush()
    m = r.info("memory")
    assert m["number_of_functions"] == 0 and m["number_of_libraries"] == 0


def test_busy_function_does_not_serve_blocked_clients(start_server):
    """a BLPOP waiting on a key the busy function pushed to is served only after the function ends"""
    s = start_server("--busy-reply-threshold", "50")
    c = s.client()
    c.execute_command("DEBUG", "set-disable-deny-scripts", "1")
    c.function_load(lib("l", "redis.register_function('f', function(keys) redis.call('lpush', keys[1], 'y') "
                             "while true do if string.find(redis.call('client', 'list'), 'abortscript') then break end end "
                             "redis.call('lpush', keys[1], 'z') return 'done' end)"))
    popped, res = _run_in_thread(s, "BLPOP", "x", "0")
    for _ in range(100):
        if c.info("clients")["blocked_clients"] == 1:
            break
        time.sleep(0.02)
    t, fres = _run_in_thread(s, "FCALL", "f", "1", "x")
    raw = Raw_(s.port)
    try:
        _wait_busy(raw)
        assert raw.call("HELLO", "2", "SETNAME", "abortscript").startswith(b"*14\r\n")
        t.join(5)
        popped.join(5)
        assert fres["v"] == b"done"
        assert list(res["v"]) == [b"x", b"z"]
    finally:
        raw.close()


def _stats(r, *cmds):
    info = r.info("all")
    res = {k: v for k, v in info.items() if k.startswith("errorstat_")}
    res["total"] = info["total_error_replies"]
    for c in cmds:
        v = info.get("cmdstat_" + c)
        res[c] = (v["calls"], v["rejected_calls"], v["failed_calls"]) if v else None
    return res


def test_error_accounting_is_counted_once(r):
    """an error from redis.call counts once in errorstats (when the command fails), as in Redis"""
    r.function_load(lib("l", "redis.register_function('c', function() return redis.call('select', 99) end)\n"
                             "redis.register_function('p', function() redis.pcall('select', 99) return 1 end)\n"
                             "redis.register_function('rp', function() return redis.pcall('select', 99) end)\n"
                             "redis.register_function{function_name='ro', callback=function() "
                             "return redis.call('set', 'x', 1) end, flags={'no-writes'}}\n"
                             "redis.register_function('u', function() return redis.call('nosuch') end)\n"
                             "redis.register_function('own', function() return {err='MY thing'} end)"))
    cases = [
        (("c",), ("select", "fcall"), {"errorstat_ERR": "count=1", "total": 1, "select": (1, 0, 1), "fcall": (1, 0, 1)}),
        (("p",), ("select", "fcall"), {"errorstat_ERR": "count=1", "total": 1, "select": (1, 0, 1), "fcall": (1, 0, 0)}),
        (("rp",), ("select", "fcall"), {"errorstat_ERR": "count=1", "total": 1, "select": (1, 0, 1), "fcall": (1, 0, 1)}),
        (("ro",), ("set", "fcall"), {"errorstat_ERR": "count=1", "total": 1, "set": (0, 1, 0), "fcall": (1, 0, 1)}),
        (("u",), ("fcall",), {"errorstat_ERR": "count=1", "total": 1, "fcall": (1, 0, 1)}),
        (("own",), ("fcall",), {"errorstat_MY": "count=1", "total": 1, "fcall": (1, 0, 1)}),
    ]
    for (fname,), cmds, expect in cases:
        r.config_resetstat()
        try:
            r.fcall(fname, 0)
        except redis.ResponseError:
            pass
        assert _stats(r, *cmds) == expect, fname
    r.config_resetstat()
    with pytest.raises(redis.ResponseError):
        r.eval("return redis.call('get')", 0)
    assert _stats(r, "get", "eval") == {"errorstat_ERR": "count=1", "total": 1, "get": (0, 1, 0), "eval": (1, 0, 1)}
    r.config_resetstat()
    r.eval("return {1, redis.pcall('select', 99), {err='XX y'}}", 0)
    assert _stats(r, "select", "eval") == {"errorstat_ERR": "count=1", "errorstat_XX": "count=1", "total": 2,
                                           "select": (1, 0, 1), "eval": (1, 0, 2)}


def test_client_pause_write_uses_declared_flags(server, r, raw):
    """CLIENT PAUSE WRITE holds FCALL/EVAL of scripts that may write, not no-writes ones"""
    r.function_load(lib("l", "redis.register_function{function_name='ro', callback=function() return 'hello' end, "
                             "flags={'no-writes'}}\n"
                             "redis.register_function('rw', function() return 'written' end)"))
    sha = r.script_load("#!lua flags=no-writes\nreturn 2")
    assert raw.call("CLIENT", "PAUSE", "60000", "WRITE") == b"+OK\r\n"
    try:
        other = Raw_(server.port)
        assert other.call("FCALL", "ro", "0") == bulk("hello")
        assert other.call("EVAL", "#!lua flags=no-writes\nreturn 'unique script'", "0") == bulk("unique script")
        assert other.call("EVALSHA", sha, "0") == b":2\r\n"
        assert other.call("FCALL_RO", "ro", "0") == bulk("hello")
        assert other.call("MULTI") == b"+OK\r\n"
        assert other.call("FCALL", "ro", "0") == b"+QUEUED\r\n"
        assert other.call("EVAL", "#!lua flags=no-writes\nreturn 13", "0") == b"+QUEUED\r\n"
        assert other.call("EXEC") == b"*2\r\n" + bulk("hello") + b":13\r\n"
        # scripts that may write wait for the unpause
        other.cmd("FCALL", "rw", "0")
        other.sock.settimeout(0.3)
        with pytest.raises(socket.timeout):
            other.reply()
        other.sock.settimeout(5)
        assert raw.call("CLIENT", "UNPAUSE") == b"+OK\r\n"
        assert other.reply() == bulk("written")
        other.close()
    finally:
        raw.call("CLIENT", "UNPAUSE")
