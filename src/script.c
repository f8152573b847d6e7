/* script: Lua scripting (EVAL, EVALSHA, EVAL_RO, EVALSHA_RO, SCRIPT ...) on
 * Lua 5.1, with Redis 7.0's semantics.
 *
 * One interpreter serves every script. A script body is compiled once into a
 * function stored in a registry table under "f_<sha1 of the body>"; a second
 * registry table keeps its shebang flags. SCRIPT FLUSH throws the whole
 * interpreter away and builds a new one.
 *
 * redis.call/pcall run commands through one fake client: its output buffer is
 * parsed straight into Lua values (no intermediate objects) and then cleared.
 *
 * Sandbox: dangerous base functions and libraries are removed before the
 * global table gets a metatable that refuses new globals ("Attempt to modify a
 * readonly table") and reads of unknown ones; the metatable is protected
 * (__metatable) and rawset refuses the global table. loadstring refuses
 * bytecode.
 *
 * Time: the script runs with srv.in_script set (one clock). A count hook
 * checks the elapsed time; past busy-reply-threshold it lets the event loop
 * serve other clients, which get -BUSY for everything but CMD_ALLOW_BUSY
 * commands (SCRIPT KILL, SHUTDOWN NOSAVE); the calling client is held
 * (CF_BLOCKED) meanwhile so that its pipeline waits for the script. */
#include "script.h"
#include "rdb.h"
#include "script_lua.h"
#include "functions.h"
#include "ae.h"
#include "client.h"
#include "commands.h"
#include "config.h"
#include "db.h"
#include "evict.h"
#include "log.h"
#include "mem.h"
#include "reply.h"
#include "server.h"
#include "sha1.h"
#include "util.h"
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <ctype.h>
#include <math.h>
#include <stdint.h>

int luaopen_cjson(lua_State *L);
int luaopen_bit(lua_State *L);
int luaopen_cmsgpack(lua_State *L); /* lua_cmsgpack.c */
int luaopen_struct(lua_State *L);   /* lua_struct.c */

const struct sl_flag sl_flags[] = {{SF_NO_WRITES, "no-writes"},
                                   {SF_ALLOW_OOM, "allow-oom"},
                                   {SF_ALLOW_STALE, "allow-stale"},
                                   {SF_NO_CLUSTER, "no-cluster"},
                                   {SF_CROSS_SLOT, "allow-cross-slot-keys"},
                                   {0, NULL}};

#define HOOK_EVERY 100000

static lua_State *L;
static struct client *fake;
static long nscripts;
int script_disable_deny;   /* DEBUG set-disable-deny-scripts */
static size_t scripts_mem; /* bytes of cached script bodies and their names */

/* The running script. */
static struct {
    int running;
    int readonly; /* EVAL_RO or no-writes */
    int wrote;    /* a write command ran */
    int resp;     /* redis.setresp */
    int busy;     /* past busy-reply-threshold */
    int kill;     /* SCRIPT KILL asked */
    int kind;     /* SL_EVAL, SL_FUNCTION */
    int flags;    /* SF_* of the script or function */
    long long start_ms;
    struct client *caller;
    const char *name; /* sha or function name */
} run;

int script_busy(void) {
    return run.busy;
}

const char *script_busy_error(void) {
    if (run.kind == SL_FUNCTION)
        return "-BUSY Redis is busy running a script. You can only call FUNCTION KILL or "
               "SHUTDOWN NOSAVE.";
    return "-BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN "
           "NOSAVE.";
}

int sl_running(void) {
    return run.running;
}
int sl_running_kind(void) {
    return run.kind;
}
const char *sl_running_name(void) {
    return run.name;
}
struct client *sl_running_caller(void) {
    return run.caller;
}
int sl_running_flags(void) {
    return run.running ? run.flags : 0;
}
long long sl_running_ms(void) {
    return ae_now_ms() - run.start_ms;
}

/* ---- RESP (fake client's output) -> Lua ---- */

static const char *parse_reply(lua_State *l, const char *p);

static const char *line_end(const char *p) {
    return strchr(p, '\r');
}

static void push_err_table(lua_State *l, const char *msg, size_t len) {
    lua_newtable(l);
    lua_pushlstring(l, msg, len);
    lua_setfield(l, -2, "err");
}

/* Raises an error table {err="ERR msg"}: no position prefix, as Redis's lib errors. */
static int raise_err(lua_State *l, const char *msg) {
    char buf[256];
    snprintf(buf, sizeof(buf), "ERR %s", msg);
    push_err_table(l, buf, strlen(buf));
    return lua_error(l);
}

static const char *parse_aggregate(lua_State *l, const char *p, const char *e, char t) {
    long long n = strtoll(p + 1, NULL, 10);
    const char *q = e + 2;
    if (n < 0) {
        lua_pushboolean(l, 0);
        return q;
    }
    lua_checkstack(l, 4);
    lua_newtable(l);
    if (t == '%') {
        lua_newtable(l);
        for (long long i = 0; i < n; i++) {
            q = parse_reply(l, q);
            q = parse_reply(l, q);
            lua_settable(l, -3);
        }
        lua_setfield(l, -2, "map");
    } else if (t == '~') {
        lua_newtable(l);
        for (long long i = 0; i < n; i++) {
            q = parse_reply(l, q);
            lua_pushboolean(l, 1);
            lua_settable(l, -3);
        }
        lua_setfield(l, -2, "set");
    } else {
        for (long long i = 0; i < n; i++) {
            q = parse_reply(l, q);
            lua_rawseti(l, -2, (int)i + 1);
        }
    }
    return q;
}

static const char *parse_reply(lua_State *l, const char *p) {
    const char *e = line_end(p);
    switch (*p) {
    case ':': lua_pushnumber(l, (lua_Number)strtoll(p + 1, NULL, 10)); return e + 2;
    case '+':
        lua_newtable(l);
        lua_pushlstring(l, p + 1, (size_t)(e - p - 1));
        lua_setfield(l, -2, "ok");
        return e + 2;
    case '-': /* counted when the command replied: flagged so it is not counted again */
        push_err_table(l, p + 1, (size_t)(e - p - 1));
        lua_pushboolean(l, 1);
        lua_setfield(l, -2, "ignore_error_stats_update");
        return e + 2;
    case '$': {
        long long n = strtoll(p + 1, NULL, 10);
        if (n < 0) {
            lua_pushboolean(l, 0);
            return e + 2;
        }
        lua_pushlstring(l, e + 2, (size_t)n);
        return e + 2 + n + 2;
    }
    case '*':
    case '%':
    case '~':
    case '>': return parse_aggregate(l, p, e, *p);
    case '_': lua_pushnil(l); return e + 2;
    case '#': lua_pushboolean(l, p[1] == 't'); return e + 2;
    case ',':
        lua_newtable(l);
        lua_pushnumber(l, strtod(p + 1, NULL));
        lua_setfield(l, -2, "double");
        return e + 2;
    case '(':
        lua_newtable(l);
        lua_pushlstring(l, p + 1, (size_t)(e - p - 1));
        lua_setfield(l, -2, "big_number");
        return e + 2;
    case '=': {
        long long n = strtoll(p + 1, NULL, 10);
        const char *d = e + 2;
        lua_newtable(l);
        lua_newtable(l);
        lua_pushlstring(l, d, 3);
        lua_setfield(l, -2, "format");
        lua_pushlstring(l, d + 4, n >= 4 ? (size_t)n - 4 : 0);
        lua_setfield(l, -2, "string");
        lua_setfield(l, -2, "verbatim_string");
        return d + n + 2;
    }
    case '|': { /* attribute: skip it, the value follows */
        long long n = strtoll(p + 1, NULL, 10);
        const char *q = e + 2;
        for (long long i = 0; i < 2 * n; i++) {
            q = parse_reply(l, q);
            lua_pop(l, 1);
        }
        return parse_reply(l, q);
    }
    default: lua_pushboolean(l, 0); return p + strlen(p);
    }
}

/* ---- Lua -> RESP (the script's return value) ---- */

/* nostats: the error came from redis.call/pcall and was counted then. */
static void reply_lua_error_string(struct client *c, const char *s, size_t n, int nostats) {
    char *buf = xmalloc(n + 2);
    buf[0] = '-';
    memcpy(buf + 1, s, n);
    buf[n + 1] = '\0';
    if (nostats)
        reply_error_no_stats(c, buf);
    else
        reply_error(c, buf);
    xfree(buf);
}

/* t[name] without metamethods: a returned table's metatable must not run
 * (it could raise outside any protected call). */
static void rawfield(lua_State *l, int idx, const char *name) {
    lua_pushstring(l, name);
    lua_rawget(l, idx < 0 ? idx - 1 : idx);
}

static void lua_to_reply(struct client *c, lua_State *l, int depth) {
    int t = lua_type(l, -1);
    lua_checkstack(l, 4);
    switch (t) {
    case LUA_TSTRING: {
        size_t n;
        const char *s = lua_tolstring(l, -1, &n);
        reply_bulk(c, s, n);
        break;
    }
    case LUA_TBOOLEAN:
        if (run.resp == 2) {
            if (lua_toboolean(l, -1))
                reply_long(c, 1);
            else
                reply_null(c);
        } else {
            reply_bool(c, lua_toboolean(l, -1));
        }
        break;
    case LUA_TNUMBER: reply_long(c, (long long)lua_tonumber(l, -1)); break;
    case LUA_TTABLE: {
        if (depth > 1000) {
            reply_error(c, "reached lua stack limit");
            break;
        }
        rawfield(l, -1, "err");
        if (lua_type(l, -1) == LUA_TSTRING) {
            size_t n;
            const char *s = lua_tolstring(l, -1, &n);
            rawfield(l, -2, "ignore_error_stats_update");
            int nostats = lua_toboolean(l, -1);
            lua_pop(l, 1);
            reply_lua_error_string(c, s, n, nostats);
            lua_pop(l, 2);
            return;
        }
        lua_pop(l, 1);
        rawfield(l, -1, "ok");
        if (lua_type(l, -1) == LUA_TSTRING) {
            char *s = xstrdup(lua_tostring(l, -1));
            for (char *q = s; *q; q++)
                if (*q == '\r' || *q == '\n') *q = ' ';
            reply_status(c, s);
            xfree(s);
            lua_pop(l, 2);
            return;
        }
        lua_pop(l, 1);
        rawfield(l, -1, "double");
        if (lua_type(l, -1) == LUA_TNUMBER) {
            reply_double(c, lua_tonumber(l, -1));
            lua_pop(l, 2);
            return;
        }
        lua_pop(l, 1);
        rawfield(l, -1, "big_number");
        if (lua_type(l, -1) == LUA_TSTRING) {
            size_t n;
            const char *bn = lua_tolstring(l, -1, &n);
            char *s = xmemdup(bn, n);
            for (size_t i = 0; i < n; i++) /* as Redis: no line breaks in a big number */
                if (s[i] == '\r' || s[i] == '\n') s[i] = ' ';
            reply_bignum(c, s, n);
            xfree(s);
            lua_pop(l, 2);
            return;
        }
        lua_pop(l, 1);
        rawfield(l, -1, "verbatim_string");
        if (lua_type(l, -1) == LUA_TTABLE) {
            rawfield(l, -1, "format");
            rawfield(l, -2, "string");
            if (lua_type(l, -1) == LUA_TSTRING && lua_type(l, -2) == LUA_TSTRING) {
                size_t n;
                const char *s = lua_tolstring(l, -1, &n);
                reply_verbatim(c, s, n, lua_tostring(l, -2));
                lua_pop(l, 4);
                return;
            }
            lua_pop(l, 2);
        }
        lua_pop(l, 1);
        rawfield(l, -1, "map");
        if (lua_type(l, -1) == LUA_TTABLE) {
            void *h = reply_defer_len(c);
            long n = 0;
            lua_pushnil(l);
            while (lua_next(l, -2)) {
                lua_pushvalue(l, -2);
                lua_to_reply(c, l, depth + 1); /* key */
                lua_to_reply(c, l, depth + 1); /* value */
                n++;
            }
            reply_set_map_len(c, h, n);
            lua_pop(l, 2);
            return;
        }
        lua_pop(l, 1);
        rawfield(l, -1, "set");
        if (lua_type(l, -1) == LUA_TTABLE) {
            void *h = reply_defer_len(c);
            long n = 0;
            lua_pushnil(l);
            while (lua_next(l, -2)) {
                lua_pop(l, 1);
                lua_pushvalue(l, -1);
                lua_to_reply(c, l, depth + 1);
                n++;
            }
            reply_set_set_len(c, h, n);
            lua_pop(l, 2);
            return;
        }
        lua_pop(l, 1);
        void *h = reply_defer_len(c);
        long n = 0;
        for (int i = 1;; i++) {
            lua_rawgeti(l, -1, i);
            if (lua_isnil(l, -1)) {
                lua_pop(l, 1);
                break;
            }
            lua_to_reply(c, l, depth + 1);
            n++;
        }
        reply_set_array_len(c, h, n);
        break;
    }
    default: reply_null(c); break;
    }
    lua_pop(l, 1);
}

/* ---- the redis library ---- */

/* Pushes the error table for msg ("-CODE text", or "text" for ERR); with
 * ignore_stats it is flagged so the script's own error reply does not count
 * it again. Then raises it (call) or returns it (pcall). */
static int push_script_error(lua_State *l, const char *msg, int ignore_stats, int raise) {
    char buf[512];
    if (msg[0] == '-')
        snprintf(buf, sizeof(buf), "%s", msg + 1);
    else
        snprintf(buf, sizeof(buf), "ERR %s", msg);
    push_err_table(l, buf, strlen(buf));
    if (ignore_stats) {
        lua_pushboolean(l, 1);
        lua_setfield(l, -2, "ignore_error_stats_update");
    }
    if (raise) return lua_error(l);
    return 1;
}

static int script_error(lua_State *l, const char *msg, int raise) {
    return push_script_error(l, msg, 0, raise);
}

/* A command the script was refused: counted as Redis counts it (errorstats,
 * the command's rejected_calls), then raised or returned flagged. */
static int script_rejected(lua_State *l, struct command *cmd, const char *msg, int raise) {
    reply_count_error(msg);
    if (cmd) cmd->rejected_calls++;
    return push_script_error(l, msg, 1, raise);
}

static int redis_call_impl(lua_State *l, int raise) {
    int argc = lua_gettop(l);
    if (!run.running)
        return script_error(l, "redis.call/pcall can only be called inside a script invocation",
                            raise);
    if (argc == 0)
        return script_error(l, "Please specify at least one argument for this redis lib call",
                            raise);
    static struct str *argv;
    static int argv_cap;
    if (argc > argv_cap) {
        argv_cap = argc;
        argv = xrealloc(argv, sizeof(*argv) * (size_t)argv_cap);
    }
    for (int i = 0; i < argc; i++) {
        int t = lua_type(l, i + 1);
        if (t == LUA_TNUMBER) {
            /* Redis formats numbers as %.17g; convert in place on the stack. */
            char nb[64];
            lua_Number d = lua_tonumber(l, i + 1);
            int n = snprintf(nb, sizeof(nb), "%.17g", (double)d);
            lua_pushlstring(l, nb, (size_t)n);
            lua_replace(l, i + 1);
        } else if (t != LUA_TSTRING) {
            return script_error(l, "Lua redis lib command arguments must be strings or integers",
                                raise);
        }
        size_t n;
        argv[i].ptr = (char *)lua_tolstring(l, i + 1, &n);
        argv[i].len = n;
    }
    struct client *c = fake;
    c->argv = argv;
    c->argc = argc;
    c->argv_cap = argv_cap;
    c->resp = run.resp;
    c->ob_len = 0;
    struct command *cmd = cmd_lookup_argv(c);
    int arity_bad = cmd && (cmd->arity > 0 ? argc != cmd->arity : argc < -cmd->arity);
    if (!cmd || arity_bad) {
        /* a container with an unknown subcommand counts as unknown */
        c->argv = NULL;
        c->argc = 0;
        c->argv_cap = 0;
        return script_rejected(l, cmd,
                               cmd ? "Wrong number of args calling Redis command from script"
                                   : "Unknown Redis command called from script",
                               raise);
    }
    const char *err = NULL;
    if ((cmd->flags & CMD_NOSCRIPT) && !script_disable_deny)
        err = "This Redis command is not allowed from script";
    else if (run.readonly && (cmd->flags & (CMD_WRITE | CMD_MAY_REPLICATE)))
        err = "Write commands are not allowed from read-only scripts.";
    else if ((cmd->flags & CMD_WRITE) && !run.wrote && rdb_write_denied())
        err = RDB_MISCONF_ERR; /* only before the script's first write, as Redis */
    else
        err = evict_script_check(0, !(run.flags & SF_ALLOW_OOM), run.wrote, cmd->flags);
    if (err) {
        c->argv = NULL;
        c->argc = 0;
        c->argv_cap = 0;
        return script_rejected(l, cmd, err, raise);
    }
    if (cmd->flags & CMD_WRITE) run.wrote = 1;
    cmd_call(c, cmd);
    c->argv = NULL;
    c->argc = 0;
    c->argv_cap = 0;
    lua_settop(l, 0);
    if (c->ob_len == 0) {
        lua_pushboolean(l, 0);
        return 1;
    }
    c->ob[c->ob_len] = '\0';
    parse_reply(l, c->ob);
    c->ob_len = 0;
    if (raise && lua_type(l, -1) == LUA_TTABLE) {
        lua_getfield(l, -1, "err");
        int is_err = lua_type(l, -1) == LUA_TSTRING;
        lua_pop(l, 1);
        if (is_err) return lua_error(l);
    }
    return 1;
}

static int l_call(lua_State *l) {
    return redis_call_impl(l, 1);
}
static int l_pcall(lua_State *l) {
    return redis_call_impl(l, 0);
}

/* redis.acl_check_cmd(cmd, ...): whether the caller's user may run it.
 * Without ACL users every existing command is allowed. */
static int l_acl_check_cmd(lua_State *l) {
    if (!run.running)
        return raise_err(l, "redis.acl_check_cmd can only be called inside a script invocation");
    int argc = lua_gettop(l);
    if (argc == 0)
        return raise_err(l, "Please specify at least one argument for this redis lib call");
    struct str *argv = xmalloc(sizeof(*argv) * (size_t)argc);
    for (int i = 0; i < argc; i++) {
        int t = lua_type(l, i + 1);
        if (t != LUA_TNUMBER && t != LUA_TSTRING) {
            xfree(argv);
            return raise_err(l, "Lua redis lib command arguments must be strings or integers");
        }
        size_t n;
        argv[i].ptr = (char *)lua_tolstring(l, i + 1, &n);
        argv[i].len = n;
    }
    struct client *c = fake;
    c->argv = argv;
    c->argc = argc;
    struct command *cmd = cmd_lookup_argv(c);
    c->argv = NULL;
    c->argc = 0;
    xfree(argv);
    if (!cmd) return raise_err(l, "Invalid command passed to redis.acl_check_cmd()");
    lua_pushboolean(l, 1);
    return 1;
}

static int l_sha1hex(lua_State *l) {
    if (lua_gettop(l) != 1) {
        lua_pushstring(l, "wrong number of arguments");
        return lua_error(l);
    }
    size_t n;
    const char *s = lua_tolstring(l, 1, &n);
    unsigned char d[20];
    char hex[41];
    sha1(s ? s : "", s ? n : 0, d);
    sha1_hex(d, hex);
    lua_pushstring(l, hex);
    return 1;
}

static int l_field_reply(lua_State *l, const char *field) {
    if (lua_gettop(l) != 1 || lua_type(l, 1) != LUA_TSTRING) {
        push_err_table(l, "ERR wrong number or type of arguments", 37);
        return 1;
    }
    lua_newtable(l);
    lua_pushvalue(l, 1);
    lua_setfield(l, -2, field);
    return 1;
}

/* redis.error_reply(msg): {err = "CODE rest"} as Redis builds it: a leading
 * '-' is optional; the first word is the code, or, with no space, ERR is the
 * code and the whole text the message; trailing line breaks go. */
static int l_error_reply(lua_State *l) {
    if (lua_gettop(l) != 1 || lua_type(l, 1) != LUA_TSTRING) return l_field_reply(l, "err");
    size_t n;
    const char *s = lua_tolstring(l, 1, &n);
    if (n > 0 && s[0] == '-') {
        s++;
        n--;
    }
    const char *code = "ERR", *msg = s;
    size_t code_len = 3;
    const char *sp = memchr(s, ' ', n);
    if (sp) {
        code = s;
        code_len = (size_t)(sp - s);
        msg = sp + 1;
    }
    size_t ml = n - (size_t)(msg - s);
    while (ml > 0 && (msg[ml - 1] == '\r' || msg[ml - 1] == '\n'))
        ml--;
    luaL_Buffer b;
    luaL_buffinit(l, &b);
    luaL_addlstring(&b, code, code_len);
    luaL_addchar(&b, ' ');
    luaL_addlstring(&b, msg, ml);
    lua_newtable(l);
    luaL_pushresult(&b);
    lua_setfield(l, -2, "err");
    return 1;
}

static int l_status_reply(lua_State *l) {
    return l_field_reply(l, "ok");
}

static int l_log(lua_State *l) {
    int argc = lua_gettop(l);
    if (argc < 2) return raise_err(l, "redis.log() requires two arguments or more.");
    if (!lua_isnumber(l, 1)) return raise_err(l, "First argument must be a number (log level).");
    int level = (int)lua_tonumber(l, 1);
    if (level < LL_DEBUG || level > LL_WARNING) return raise_err(l, "Invalid debug level.");
    luaL_Buffer b;
    luaL_buffinit(l, &b);
    for (int i = 2; i <= argc; i++) {
        size_t n;
        const char *s = lua_tolstring(l, i, &n);
        if (!s) continue;
        if (i > 2) luaL_addchar(&b, ' ');
        luaL_addlstring(&b, s, n);
    }
    luaL_pushresult(&b);
    log_write(level, "%s", lua_tostring(l, -1));
    return 0;
}

static int l_setresp(lua_State *l) {
    if (!run.running)
        return raise_err(l, "redis.setresp can only be called inside a script invocation");
    if (lua_gettop(l) != 1) return raise_err(l, "redis.setresp() requires one argument.");
    int v = (int)lua_tonumber(l, 1);
    if (v != 2 && v != 3) return raise_err(l, "RESP version must be 2 or 3.");
    run.resp = v;
    return 0;
}

static int l_set_repl(lua_State *l) {
    if (!run.running)
        return raise_err(l, "redis.set_repl can only be called inside a script invocation");
    if (lua_gettop(l) != 1) return raise_err(l, "redis.set_repl() requires two arguments.");
    int f = (int)lua_tonumber(l, 1);
    if (f & ~3)
        return raise_err(
            l, "Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.");
    return 0;
}

static int l_true(lua_State *l) {
    lua_pushboolean(l, 1);
    return 1;
}
static int l_noop(lua_State *l) {
    return 0;
}

/* ---- sandbox helpers ---- */

/* loadstring/load that never load precompiled bytecode: a chunk starting
 * with the bytecode signature is parsed as text (one space in front keeps its
 * line numbers), failing as Redis's patched Lua does ("unexpected symbol near
 * 'char(27)'"). Pushes the function, or nil and the message. */
static int load_text(lua_State *l, const char *s, size_t n, const char *name) {
    int rc;
    if (n > 0 && s[0] == '\033') {
        char *text = xmalloc(n + 1);
        text[0] = ' ';
        memcpy(text + 1, s, n);
        rc = luaL_loadbuffer(l, text, n + 1, name);
        xfree(text);
    } else {
        rc = luaL_loadbuffer(l, s, n, name);
    }
    if (rc != 0) { /* nil, message */
        lua_pushnil(l);
        lua_insert(l, -2);
        return 2;
    }
    return 1;
}

static int l_loadstring(lua_State *l) {
    size_t n;
    const char *s = luaL_checklstring(l, 1, &n);
    return load_text(l, s, n, luaL_optstring(l, 2, s));
}

/* load(reader [, name]): the reader's pieces are gathered first, so a chunk
 * of bytecode is refused like loadstring's. */
static int l_load(lua_State *l) {
    luaL_checktype(l, 1, LUA_TFUNCTION);
    const char *name = luaL_optstring(l, 2, "=(load)");
    luaL_Buffer b;
    luaL_buffinit(l, &b);
    for (;;) {
        lua_pushvalue(l, 1);
        lua_call(l, 0, 1);
        if (lua_isnil(l, -1)) {
            lua_pop(l, 1);
            break;
        }
        if (!lua_isstring(l, -1)) {
            lua_pushnil(l);
            lua_pushstring(l, "reader function must return a string");
            return 2;
        }
        size_t n;
        lua_tolstring(l, -1, &n);
        if (n == 0) {
            lua_pop(l, 1);
            break;
        }
        luaL_addvalue(&b);
    }
    luaL_pushresult(&b);
    size_t n;
    const char *s = lua_tolstring(l, -1, &n);
    return load_text(l, s, n, name);
}

/* 1 if the value at idx is one of the read-only proxies. */
static int is_readonly(lua_State *l, int idx) {
    if (lua_type(l, idx) != LUA_TTABLE) return 0;
    lua_pushvalue(l, idx);
    lua_getfield(l, LUA_REGISTRYINDEX, "mnemo_ro");
    lua_insert(l, -2);
    lua_rawget(l, -2);
    int ro = lua_toboolean(l, -1);
    lua_pop(l, 2);
    return ro;
}

static int l_rawset(lua_State *l) {
    luaL_checktype(l, 1, LUA_TTABLE);
    luaL_checkany(l, 2);
    luaL_checkany(l, 3);
    if (is_readonly(l, 1)) return raise_err(l, "Attempt to modify a readonly table");
    lua_settop(l, 3);
    lua_rawset(l, 1);
    return 1;
}

static int l_setmetatable(lua_State *l) {
    if (is_readonly(l, 1)) return raise_err(l, "Attempt to modify a readonly table");
    lua_pushvalue(l, lua_upvalueindex(1));
    lua_insert(l, 1);
    lua_call(l, lua_gettop(l) - 1, LUA_MULTRET);
    return lua_gettop(l);
}

static int l_g_newindex(lua_State *l) {
    return luaL_error(l, "Attempt to modify a readonly table");
}

static int l_g_index(lua_State *l) {
    const char *name = lua_tostring(l, 2);
    return luaL_error(l, "Script attempted to access nonexistent global variable '%s'",
                      name ? name : "?");
}

int sl_nonexistent_global(lua_State *l) {
    return l_g_index(l);
}

int sl_raise(lua_State *l, const char *msg) {
    return raise_err(l, msg);
}

void sl_make_readonly(lua_State *l) {
    lua_newtable(l); /* T P */
    lua_newtable(l); /* T P M */
    lua_pushvalue(l, -3);
    lua_setfield(l, -2, "__index");
    lua_pushcfunction(l, l_g_newindex);
    lua_setfield(l, -2, "__newindex");
    lua_getfield(l, LUA_REGISTRYINDEX, "mnemo_ro_mt");
    lua_setfield(l, -2, "__metatable");
    lua_setmetatable(l, -2); /* T P */
    lua_getfield(l, LUA_REGISTRYINDEX, "mnemo_ro");
    lua_pushvalue(l, -2);
    lua_pushboolean(l, 1);
    lua_rawset(l, -3);
    lua_pop(l, 1);
    lua_remove(l, -2); /* P */
}

void sl_set_globals_index(lua_State *l) {
    lua_getfield(l, LUA_REGISTRYINDEX, "mnemo_gmt");
    lua_insert(l, -2);
    lua_setfield(l, -2, "__index");
    lua_pop(l, 1);
}

void sl_push_real_globals(lua_State *l) {
    lua_getfield(l, LUA_REGISTRYINDEX, "mnemo_g0");
}

void sl_restore_globals(lua_State *l) {
    sl_push_real_globals(l);
    sl_set_globals_index(l);
}

static void open_lib(lua_State *l, lua_CFunction fn, const char *name) {
    lua_pushcfunction(l, fn);
    lua_pushstring(l, name);
    lua_call(l, 1, 1);
    if (*name && lua_istable(l, -1))
        lua_setglobal(l, name);
    else
        lua_pop(l, 1);
}

/* math.random: the rand48 LCG, so sequences match Redis's. */
static uint64_t rand48_x =
    0x1234ABCD330EULL; /* rand48's default state; never reseeded per script, like Redis 7.0 */
static void rand48_seed(int32_t seed) {
    rand48_x = ((uint64_t)(uint32_t)seed << 16) | 0x330E;
}
static int32_t rand48_next(void) {
    rand48_x = (0x5DEECE66DULL * rand48_x + 0xB) & ((1ULL << 48) - 1);
    return (int32_t)(rand48_x >> 17);
}
#define RAND48_MAX 2147483647

static int l_math_random(lua_State *l) {
    lua_Number r = (lua_Number)(rand48_next() % RAND48_MAX) / (lua_Number)RAND48_MAX;
    switch (lua_gettop(l)) {
    case 0: lua_pushnumber(l, r); break;
    case 1: {
        int u = luaL_checkint(l, 1);
        luaL_argcheck(l, 1 <= u, 1, "interval is empty");
        lua_pushnumber(l, floor(r * u) + 1);
        break;
    }
    case 2: {
        int lo = luaL_checkint(l, 1);
        int up = luaL_checkint(l, 2);
        luaL_argcheck(l, lo <= up, 2, "interval is empty");
        lua_pushnumber(l, floor(r * (up - lo + 1)) + lo);
        break;
    }
    default: return luaL_error(l, "wrong number of arguments");
    }
    return 1;
}

static int l_math_randomseed(lua_State *l) {
    rand48_seed(luaL_checkint(l, 1));
    return 0;
}

static void reg(lua_State *l, const char *name, lua_CFunction fn) {
    lua_pushcfunction(l, fn);
    lua_setfield(l, -2, name);
}

void sl_register_log_and_version(lua_State *l) {
    reg(l, "log", l_log);
    static const struct {
        const char *name;
        int v;
    } levels[] = {{"LOG_DEBUG", LL_DEBUG},
                  {"LOG_VERBOSE", LL_VERBOSE},
                  {"LOG_NOTICE", LL_NOTICE},
                  {"LOG_WARNING", LL_WARNING},
                  {NULL, 0}};
    for (int i = 0; levels[i].name; i++) {
        lua_pushnumber(l, levels[i].v);
        lua_setfield(l, -2, levels[i].name);
    }
    lua_pushstring(l, MNEMO_VERSION);
    lua_setfield(l, -2, "REDIS_VERSION");
    int a = 0, b = 0, c = 0;
    sscanf(MNEMO_VERSION, "%d.%d.%d", &a, &b, &c);
    lua_pushnumber(l, (a << 16) | (b << 8) | c);
    lua_setfield(l, -2, "REDIS_VERSION_NUM");
}

lua_State *sl_new_state(int kind) {
    lua_State *l = luaL_newstate();
    open_lib(l, luaopen_base, "");
    open_lib(l, luaopen_table, LUA_TABLIBNAME);
    open_lib(l, luaopen_string, LUA_STRLIBNAME);
    open_lib(l, luaopen_math, LUA_MATHLIBNAME);
    open_lib(l, luaopen_cjson, "cjson");
    open_lib(l, luaopen_bit, "bit");
    open_lib(l, luaopen_cmsgpack, "cmsgpack");
    open_lib(l, luaopen_struct, "struct");
    /* the globals Redis 7.0.15 (Debian) leaves out; gcinfo and load stay */
    static const char *const removed[] = {"loadfile", "dofile", "require", "module",   "package",
                                          "os",       "io",     "debug",   "newproxy", "setfenv",
                                          "getfenv",  "print",  NULL};
    for (int i = 0; removed[i]; i++) {
        lua_pushnil(l);
        lua_setglobal(l, removed[i]);
    }
    lua_pushcfunction(l, l_loadstring);
    lua_setglobal(l, "loadstring");
    lua_pushcfunction(l, l_load);
    lua_setglobal(l, "load");
    lua_pushcfunction(l, l_rawset);
    lua_setglobal(l, "rawset");
    lua_getglobal(l, "setmetatable");
    lua_pushcclosure(l, l_setmetatable, 1);
    lua_setglobal(l, "setmetatable");

    lua_getglobal(l, "math");
    reg(l, "random", l_math_random);
    reg(l, "randomseed", l_math_randomseed);
    lua_pop(l, 1);

    lua_newtable(l);
    reg(l, "call", l_call);
    reg(l, "pcall", l_pcall);
    reg(l, "sha1hex", l_sha1hex);
    reg(l, "error_reply", l_error_reply);
    reg(l, "status_reply", l_status_reply);
    reg(l, "setresp", l_setresp);
    reg(l, "set_repl", l_set_repl);
    reg(l, "acl_check_cmd", l_acl_check_cmd);
    if (kind == SL_EVAL) { /* EVAL-only parts of the API */
        reg(l, "replicate_commands", l_true);
        reg(l, "breakpoint", l_noop);
        reg(l, "debug", l_noop);
    }
    sl_register_log_and_version(l);
    static const struct {
        const char *name;
        int v;
    } consts[] = {{"REPL_NONE", 0},    {"REPL_AOF", 1}, {"REPL_SLAVE", 2},
                  {"REPL_REPLICA", 2}, {"REPL_ALL", 3}, {NULL, 0}};
    for (int i = 0; consts[i].name; i++) {
        lua_pushnumber(l, consts[i].v);
        lua_setfield(l, -2, consts[i].name);
    }
    lua_setglobal(l, "redis");

    /* read-only machinery: the set of proxies (weak keys) and the stand-in
     * metatable getmetatable() returns for them */
    lua_newtable(l);
    lua_newtable(l);
    lua_pushstring(l, "k");
    lua_setfield(l, -2, "__mode");
    lua_setmetatable(l, -2);
    lua_setfield(l, LUA_REGISTRYINDEX, "mnemo_ro");
    lua_newtable(l);
    lua_newtable(l);
    lua_pushcfunction(l, l_g_newindex);
    lua_setfield(l, -2, "__newindex");
    lua_pushboolean(l, 0);
    lua_setfield(l, -2, "__metatable");
    lua_setmetatable(l, -2);
    lua_getfield(l, LUA_REGISTRYINDEX, "mnemo_ro");
    lua_pushvalue(l, -2);
    lua_pushboolean(l, 1);
    lua_rawset(l, -3);
    lua_pop(l, 1);
    lua_setfield(l, LUA_REGISTRYINDEX, "mnemo_ro_mt");

    /* every library table becomes a read-only proxy */
    static const char *const libs[] = {"redis", "string", "math",     "table",     "cjson",
                                       "bit",   "struct", "cmsgpack", "coroutine", NULL};
    for (int i = 0; libs[i]; i++) {
        lua_getglobal(l, libs[i]);
        if (!lua_istable(l, -1)) {
            lua_pop(l, 1);
            continue;
        }
        sl_make_readonly(l);
        lua_setglobal(l, libs[i]);
    }

    /* strings' metatable: methods through the read-only string table, and
     * getmetatable('') gives a read-only stand-in {__index = string} */
    lua_pushstring(l, "");
    lua_getmetatable(l, -1);
    lua_getglobal(l, "string");
    lua_setfield(l, -2, "__index");
    lua_newtable(l);
    lua_getglobal(l, "string");
    lua_setfield(l, -2, "__index");
    sl_make_readonly(l);
    lua_setfield(l, -2, "__metatable");
    lua_pop(l, 2);

    /* the real globals: unknown names raise; then the proxy replaces them */
    lua_pushvalue(l, LUA_GLOBALSINDEX);
    lua_newtable(l);
    lua_pushcfunction(l, l_g_index);
    lua_setfield(l, -2, "__index");
    lua_pushboolean(l, 0);
    lua_setfield(l, -2, "__metatable");
    lua_setmetatable(l, -2);
    lua_pushvalue(l, -1);
    lua_setfield(l, LUA_REGISTRYINDEX, "mnemo_g0");
    sl_make_readonly(l); /* G0 -> proxy */
    lua_getmetatable(l, -1);
    lua_setfield(l, LUA_REGISTRYINDEX, "mnemo_gmt");
    lua_pushvalue(l, -1);
    lua_setfield(l, LUA_REGISTRYINDEX, "mnemo_g");
    sl_push_real_globals(l);
    lua_pushvalue(l, -2);
    lua_setfield(l, -2, "_G");
    lua_pop(l, 1);
    lua_replace(l, LUA_GLOBALSINDEX);
    return l;
}

static void lua_setup(void) {
    L = sl_new_state(SL_EVAL);
    /* registry tables: scripts by "f_<sha>", flags by sha */
    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, "mnemo_scripts");
    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, "mnemo_flags");
    nscripts = 0;
    scripts_mem = 0;
}

/* ---- compile / cache ---- */

static int parse_shebang(const char *body, size_t len, int *flags, char *err, size_t errsz) {
    *flags = 0;
    if (len < 2 || body[0] != '#' || body[1] != '!') return 0;
    *flags = SF_SHEBANG;
    const char *nl = memchr(body, '\n', len);
    size_t ll = nl ? (size_t)(nl - body) : len;
    char *line = xmemdup(body + 2, ll - 2);
    int ret = 0;
    char *save = NULL;
    char *tok = strtok_r(line, " ", &save);
    if (tok && strcmp(tok, "lua") != 0) {
        snprintf(err, errsz, "Unexpected engine in script shebang: #!%s", tok);
        ret = -1;
    } else if (!tok) {
        snprintf(err, errsz, "Invalid script shebang");
        ret = -1;
    } else if (strcmp(tok, "lua") != 0) {
        snprintf(err, errsz, "Unexpected engine in script shebang: %s", tok);
        ret = -1;
    }
    while (ret == 0 && (tok = strtok_r(NULL, " ", &save))) {
        if (strncmp(tok, "flags=", 6) != 0) {
            snprintf(err, errsz, "Unknown lua shebang option: %s", tok);
            ret = -1;
            break;
        }
        char *s2 = NULL;
        for (char *f = strtok_r(tok + 6, ",", &s2); f; f = strtok_r(NULL, ",", &s2)) {
            if (!strcmp(f, "no-writes"))
                *flags |= SF_NO_WRITES;
            else if (!strcmp(f, "allow-oom"))
                *flags |= SF_ALLOW_OOM;
            else if (!strcmp(f, "allow-stale"))
                *flags |= SF_ALLOW_STALE;
            else if (!strcmp(f, "no-cluster"))
                *flags |= SF_NO_CLUSTER;
            else if (!strcmp(f, "allow-cross-slot-keys"))
                *flags |= SF_CROSS_SLOT;
            else {
                snprintf(err, errsz, "Unexpected flag in script shebang: %s", f);
                ret = -1;
                break;
            }
        }
    }
    xfree(line);
    return ret;
}

/* Compiles body unless cached; fills sha. Returns 0, or -1 after replying an error. */
static int script_create(struct client *c, const char *body, size_t len, char sha[41]) {
    unsigned char d[20];
    sha1(body, len, d);
    sha1_hex(d, sha);
    char fname[43];
    snprintf(fname, sizeof(fname), "f_%s", sha);
    lua_getfield(L, LUA_REGISTRYINDEX, "mnemo_scripts");
    lua_getfield(L, -1, fname);
    int have = !lua_isnil(L, -1);
    lua_pop(L, 2);
    if (have) return 0;
    int flags;
    char err[256];
    if (parse_shebang(body, len, &flags, err, sizeof(err)) < 0) {
        reply_error(c, err);
        return -1;
    }
    const char *code = body;
    size_t clen = len;
    if (flags & SF_SHEBANG) { /* compile from the line after the shebang, keep line numbers */
        const char *nl = memchr(body, '\n', len);
        code = nl ? nl : body + len;
        clen = len - (size_t)(code - body);
    }
    if (luaL_loadbuffer(L, code, clen, "@user_script") != 0) {
        reply_error_fmt(c, "Error compiling script (new function): %s", lua_tostring(L, -1));
        lua_pop(L, 1);
        return -1;
    }
    lua_getfield(L, LUA_REGISTRYINDEX, "mnemo_scripts");
    lua_insert(L, -2);
    lua_setfield(L, -2, fname);
    lua_pop(L, 1);
    lua_getfield(L, LUA_REGISTRYINDEX, "mnemo_flags");
    lua_pushnumber(L, flags);
    lua_setfield(L, -2, sha);
    lua_pop(L, 1);
    nscripts++;
    scripts_mem += len + 64; /* body + sha + table slot */
    return 0;
}

/* ---- running ---- */

static void push_array(lua_State *l, struct str *v, int n) {
    lua_createtable(l, n, 0);
    for (int i = 0; i < n; i++) {
        lua_pushlstring(l, v[i].ptr, v[i].len);
        lua_rawseti(l, -2, i + 1);
    }
}

/* KEYS / ARGV go into the real globals (the proxy refuses writes). */
static void set_array(lua_State *l, const char *name, struct str *v, int n) {
    sl_push_real_globals(l);
    lua_pushstring(l, name);
    push_array(l, v, n);
    lua_rawset(l, -3);
    lua_pop(l, 1);
}

#define GC_PERIOD 50

static void count_hook(lua_State *l, lua_Debug *ar) {
    (void)ar;
    long long now = ae_now_ms();
    if (!run.busy) {
        if (cfg.busy_reply_threshold <= 0 || now - run.start_ms < cfg.busy_reply_threshold) return;
        run.busy = 1;
        log_warning("Slow script detected: still in execution after %lld milliseconds. You can "
                    "try killing the script using the %s command. Script name is: %s.",
                    now - run.start_ms, run.kind == SL_EVAL ? "SCRIPT KILL" : "FUNCTION KILL",
                    run.name);
        client_own_argv(run.caller);
        run.caller->flags |= CF_BLOCKED;
    }
    /* Serve other clients (they get -BUSY); the cron stays paused so that no
     * active expiry or eviction touches the dataset under the script. */
    int saved = srv.in_script, saved_cron = srv.cron_paused;
    srv.in_script = 0;
    srv.cron_paused = 1;
    ae_process(srv.loop, 0);
    clients_flush_pending();
    srv.cron_paused = saved_cron;
    srv.in_script = saved;
    if (run.kill) {
        log_warning("Lua script killed by user with SCRIPT KILL.");
        lua_sethook(l, count_hook, LUA_MASKLINE, 0);
        push_err_table(l, "ERR Script killed by user with SCRIPT KILL...", 45);
        lua_error(l);
    }
}

/* Error handler: adds source and line of the first Lua frame. */
int sl_error_handler(lua_State *l) {
    lua_Debug ar;
    for (int lv = 1; lua_getstack(l, lv, &ar); lv++) {
        lua_getinfo(l, "Sl", &ar);
        if (ar.currentline > 0 && strcmp(ar.what, "C") != 0) {
            if (lua_type(l, 1) != LUA_TTABLE) {
                const char *m = lua_tostring(l, 1);
                lua_newtable(l);
                lua_pushfstring(l, "ERR %s", m ? m : "unknown error");
                lua_setfield(l, -2, "err");
                lua_replace(l, 1);
            }
            lua_pushstring(l, ar.source);
            lua_setfield(l, 1, "source");
            lua_pushnumber(l, ar.currentline);
            lua_setfield(l, 1, "line");
            break;
        }
    }
    lua_settop(l, 1);
    return 1;
}

void sl_run(struct client *c, lua_State *l, int kind, const char *name, int flags, int readonly,
            struct str *keys, int nkeys, struct str *args, int nargs) {
    if (kind == SL_EVAL) {
        set_array(l, "KEYS", keys, nkeys);
        set_array(l, "ARGV", args, nargs);
    } else {
        push_array(l, keys, nkeys);
        push_array(l, args, nargs);
    }
    memset(&run, 0, sizeof(run));
    run.running = 1;
    run.kind = kind;
    run.flags = flags;
    run.readonly = readonly;
    run.resp = 2;
    run.caller = c;
    run.start_ms = ae_now_ms();
    run.name = name;
    fake->db = c->db; /* SELECT inside the script does not leak to the caller */
    srv.in_script = 1;
    lua_sethook(l, count_hook, LUA_MASKCOUNT, HOOK_EVERY);
    int rc = kind == SL_EVAL ? lua_pcall(l, 0, 1, -2) : lua_pcall(l, 2, 1, -4);
    lua_sethook(l, NULL, 0, 0);
    srv.in_script = 0;
    if (run.busy) c->flags &= ~CF_BLOCKED;
    int resp = run.resp;
    run.running = 0;
    run.busy = 0;
    if (rc != 0) {
        if (lua_type(l, -1) == LUA_TTABLE) {
            lua_getfield(l, -1, "err");
            lua_getfield(l, -2, "source");
            lua_getfield(l, -3, "line");
            const char *msg = lua_tostring(l, -3);
            const char *src = lua_tostring(l, -2);
            const char *line = lua_tostring(l, -1);
            char *buf;
            size_t bl = (msg ? strlen(msg) : 0) + (src ? strlen(src) : 0) + strlen(name) + 128;
            buf = xmalloc(bl);
            if (src && line)
                snprintf(buf, bl, "-%s script: %s, on %s:%s.", msg ? msg : "ERR", name, src, line);
            else
                snprintf(buf, bl, "-%s", msg ? msg : "ERR unknown error");
            lua_getfield(l, -4, "ignore_error_stats_update");
            if (lua_toboolean(l, -1))
                reply_error_no_stats(c, buf); /* counted when redis.call failed */
            else
                reply_error(c, buf);
            lua_pop(l, 1);
            xfree(buf);
            lua_pop(l, 3);
        } else {
            const char *m = lua_tostring(l, -1);
            if (kind == SL_EVAL)
                reply_error_fmt(c, "Error running script (call to f_%s): %s", name, m ? m : "?");
            else
                reply_error_fmt(c, "Error running script %s, %.100s\n", name,
                                m ? m : "execution failure");
        }
        lua_pop(l, 2); /* error, handler */
    } else {
        run.resp = resp;
        lua_to_reply(c, l, 0);
        lua_pop(l, 1); /* handler */
    }
    run.name = NULL;
    /* The garbage of a call (KEYS/ARGV tables, strings) is small: one
     * incremental GC step per GC_PERIOD calls, sized to match, keeps up with it
     * without restarting a collection cycle over the whole state every call. */
    static int calls;
    if (++calls >= GC_PERIOD) {
        lua_gc(l, LUA_GCSTEP, GC_PERIOD);
        calls = 0;
    }
}

static void run_script(struct client *c, const char *sha, int numkeys, int ro) {
    char fname[43];
    snprintf(fname, sizeof(fname), "f_%s", sha);
    lua_getfield(L, LUA_REGISTRYINDEX, "mnemo_flags");
    lua_getfield(L, -1, sha);
    int flags = (int)lua_tonumber(L, -1);
    lua_pop(L, 2);
    if (ro && (flags & SF_SHEBANG) && !(flags & SF_NO_WRITES)) {
        reply_error(c, "Can not execute a script with write flag using *_ro command.");
        return;
    }
    if ((flags & SF_SHEBANG) && !(flags & SF_NO_WRITES) && rdb_write_denied()) {
        reply_error(c, RDB_MISCONF_ERR); /* a script declared as writing is a write command */
        return;
    }
    if (flags & SF_SHEBANG) { /* maxmemory: declared flags decide at start */
        const char *oom = evict_script_check(1, !(flags & (SF_ALLOW_OOM | SF_NO_WRITES)), 0, 0);
        if (oom) {
            reply_error(c, oom);
            return;
        }
    }
    lua_pushcfunction(L, sl_error_handler);
    lua_getfield(L, LUA_REGISTRYINDEX, "mnemo_scripts");
    lua_getfield(L, -1, fname);
    lua_remove(L, -2);
    sl_run(c, L, SL_EVAL, sha, flags, ro || (flags & SF_NO_WRITES), c->argv + 3, numkeys,
           c->argv + 3 + numkeys, c->argc - 3 - numkeys);
}

static int get_numkeys(struct client *c, long long *nk) {
    if (!str2ll(c->argv[2].ptr, c->argv[2].len, nk)) {
        reply_error_not_int(c);
        return -1;
    }
    if (*nk > c->argc - 3) {
        reply_error(c, "Number of keys can't be greater than number of args");
        return -1;
    }
    if (*nk < 0) {
        reply_error(c, "Number of keys can't be negative");
        return -1;
    }
    return 0;
}

static void eval_generic(struct client *c, int is_sha, int ro) {
    if (!L) lua_setup();
    long long nk;
    if (get_numkeys(c, &nk) < 0) return;
    char sha[41];
    if (!is_sha) {
        if (script_create(c, c->argv[1].ptr, c->argv[1].len, sha) < 0) return;
    } else {
        if (c->argv[1].len != 40) {
            reply_error(c, "-NOSCRIPT No matching script. Please use EVAL.");
            return;
        }
        for (int i = 0; i < 40; i++)
            sha[i] = (char)tolower((unsigned char)c->argv[1].ptr[i]);
        sha[40] = '\0';
        char fname[43];
        snprintf(fname, sizeof(fname), "f_%s", sha);
        lua_getfield(L, LUA_REGISTRYINDEX, "mnemo_scripts");
        lua_getfield(L, -1, fname);
        int have = !lua_isnil(L, -1);
        lua_pop(L, 2);
        if (!have) {
            reply_error(c, "-NOSCRIPT No matching script. Please use EVAL.");
            return;
        }
    }
    run_script(c, sha, (int)nk, ro);
}

static void eval_cmd(struct client *c) {
    eval_generic(c, 0, 0);
}
static void evalsha_cmd(struct client *c) {
    eval_generic(c, 1, 0);
}
static void eval_ro_cmd(struct client *c) {
    eval_generic(c, 0, 1);
}
static void evalsha_ro_cmd(struct client *c) {
    eval_generic(c, 1, 1);
}

/* ---- flags for dispatch ---- */

uint64_t script_flags_to_cmd_flags(uint64_t flags, int sf) {
    flags &= ~(CMD_STALE | CMD_DENYOOM | CMD_WRITE | CMD_MAY_REPLICATE);
    if (!(sf & (SF_ALLOW_OOM | SF_NO_WRITES)))
        flags |= CMD_DENYOOM; /* no-writes implies allow-oom */
    if (!(sf & SF_NO_WRITES)) flags |= CMD_WRITE;
    if (sf & SF_ALLOW_STALE) flags |= CMD_STALE;
    return flags;
}

uint64_t script_command_flags(struct client *c, const struct command *cmd) {
    if (!(cmd->acl & ACL_SCRIPTING) || c->argc < 2) return cmd->flags;
    int sf;
    int sha = cmd->proc == evalsha_cmd || cmd->proc == evalsha_ro_cmd;
    if (sha || cmd->proc == eval_cmd || cmd->proc == eval_ro_cmd) {
        if (sha && c->argv[1].len != 40) return cmd->flags;
        char digest[41];
        if (sha) {
            for (int i = 0; i < 40; i++)
                digest[i] = (char)tolower((unsigned char)c->argv[1].ptr[i]);
            digest[40] = '\0';
        } else {
            unsigned char d[20];
            sha1(c->argv[1].ptr, c->argv[1].len, d);
            sha1_hex(d, digest);
        }
        if (!L) lua_setup();
        lua_getfield(L, LUA_REGISTRYINDEX, "mnemo_flags");
        lua_getfield(L, -1, digest);
        int cached = !lua_isnil(L, -1);
        sf = (int)lua_tonumber(L, -1);
        lua_pop(L, 2);
        if (!cached) {
            char err[256];
            if (sha || parse_shebang(c->argv[1].ptr, c->argv[1].len, &sf, err, sizeof(err)) < 0)
                return cmd->flags;
        }
        if (!(sf & SF_SHEBANG)) return cmd->flags; /* no shebang: EVAL's historic flags */
    } else {
        sf = functions_call_flags(c, cmd);
        if (sf < 0) return cmd->flags;
    }
    return script_flags_to_cmd_flags(cmd->flags, sf);
}

/* ---- SCRIPT ---- */

static void script_load_cmd(struct client *c) {
    if (!L) lua_setup();
    char sha[41];
    if (script_create(c, c->argv[2].ptr, c->argv[2].len, sha) < 0) return;
    reply_bulk(c, sha, 40);
}

static void script_exists_cmd(struct client *c) {
    if (!L) lua_setup();
    reply_array_len(c, c->argc - 2);
    lua_getfield(L, LUA_REGISTRYINDEX, "mnemo_scripts");
    for (int i = 2; i < c->argc; i++) {
        int have = 0;
        if (c->argv[i].len == 40) {
            char fname[43] = "f_";
            for (int j = 0; j < 40; j++)
                fname[2 + j] = (char)tolower((unsigned char)c->argv[i].ptr[j]);
            fname[42] = '\0';
            lua_getfield(L, -1, fname);
            have = !lua_isnil(L, -1);
            lua_pop(L, 1);
        }
        reply_long(c, have);
    }
    lua_pop(L, 1);
}

static void script_flush_cmd(struct client *c) {
    if (c->argc == 3) {
        if (strcasecmp(c->argv[2].ptr, "sync") && strcasecmp(c->argv[2].ptr, "async")) {
            reply_error(c, "SCRIPT FLUSH only support SYNC|ASYNC option");
            return;
        }
    }
    if (L) lua_close(L);
    L = NULL;
    lua_setup();
    reply_ok(c);
}

void sl_kill(struct client *c, int kind) {
    if (!run.running) {
        reply_error(c, "-NOTBUSY No scripts in execution right now.");
        return;
    }
    if (run.wrote) {
        reply_error(c, "-UNKILLABLE Sorry the script already executed write commands against the "
                       "dataset. You can either wait the script termination or kill the server in "
                       "a hard way using the SHUTDOWN NOSAVE command.");
        return;
    }
    if (kind != run.kind) {
        reply_error(c, script_busy_error());
        return;
    }
    run.kill = 1;
    reply_ok(c);
}

static void script_kill_cmd(struct client *c) {
    sl_kill(c, SL_EVAL);
}

static void script_debug_cmd(struct client *c) {
    const char *m = c->argv[2].ptr;
    if (!strcasecmp(m, "no")) {
        reply_ok(c);
        return;
    }
    if (!strcasecmp(m, "yes") || !strcasecmp(m, "sync")) {
        reply_error(c, "SCRIPT DEBUG is not supported");
        return;
    }
    reply_error(c, "Use SCRIPT DEBUG YES/SYNC/NO");
}

static void script_help_cmd(struct client *c) {
    static const char *const lines[] = {
        "DEBUG (YES|SYNC|NO)",
        "    Set the debug mode for subsequent scripts executed.",
        "EXISTS <sha1> [<sha1> ...]",
        "    Return information about the existence of the scripts in the script cache.",
        "FLUSH [ASYNC|SYNC]",
        "    Flush the Lua scripts cache. Very dangerous on replicas.",
        "    When called without the optional mode argument, the behavior is determined by the",
        "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
        "    * ASYNC: Asynchronously flush the scripts cache.",
        "    * SYNC: Synchronously flush the scripts cache.",
        "KILL",
        "    Kill the currently executing Lua script.",
        "LOAD <script>",
        "    Load a script into the scripts cache without executing it.",
        NULL};
    reply_help(c, lines);
}

size_t sl_memory(lua_State *l) {
    return l ? (size_t)lua_gc(l, LUA_GCCOUNT, 0) * 1024 : 0;
}

size_t script_memory(void) {
    return sl_memory(L);
}
size_t script_overhead(void) {
    return scripts_mem;
}
long script_count(void) {
    return nscripts;
}

void script_init(void) {
    fake = client_create_fake();
    lua_setup();
}

static struct command script_subcommands[] = {
    {.name = "debug",
     .proc = script_debug_cmd,
     .arity = 3,
     .flags = CMD_NOSCRIPT,
     .acl = ACL_SLOW | ACL_SCRIPTING,
     .group = "scripting",
     .since = "3.2.0",
     .complexity = "O(1)",
     .summary = "Set the debug mode for executed scripts.",
     .syntax = "YES | SYNC | NO"},
    {.name = "exists",
     .proc = script_exists_cmd,
     .arity = -3,
     .flags = CMD_NOSCRIPT,
     .acl = ACL_SLOW | ACL_SCRIPTING,
     .group = "scripting",
     .since = "2.6.0",
     .complexity = "O(N) with N being the number of scripts to check (so checking a single script "
                   "is an O(1) operation).",
     .summary = "Check existence of scripts in the script cache.",
     .syntax = "sha1 [sha1 ...]",
     .tips = "request_policy:all_shards response_policy:agg_logical_and"},
    {.name = "flush",
     .proc = script_flush_cmd,
     .arity = -2,
     .flags = CMD_NOSCRIPT,
     .acl = ACL_SLOW | ACL_SCRIPTING,
     .group = "scripting",
     .since = "2.6.0",
     .complexity = "O(N) with N being the number of scripts in cache",
     .summary = "Remove all the scripts from the script cache.",
     .syntax = "[ASYNC | SYNC]",
     .tips = "request_policy:all_nodes response_policy:all_succeeded"},
    {.name = "help",
     .proc = script_help_cmd,
     .arity = 2,
     .flags = CMD_LOADING | CMD_STALE,
     .acl = ACL_SLOW | ACL_SCRIPTING,
     .group = "scripting",
     .since = "5.0.0",
     .complexity = "O(1)",
     .summary = "Show helpful text about the different subcommands",
     .syntax = ""},
    {.name = "kill",
     .proc = script_kill_cmd,
     .arity = 2,
     .flags = CMD_NOSCRIPT | CMD_ALLOW_BUSY,
     .acl = ACL_SLOW | ACL_SCRIPTING,
     .group = "scripting",
     .since = "2.6.0",
     .complexity = "O(1)",
     .summary = "Kill the script currently in execution.",
     .syntax = "",
     .tips = "request_policy:all_shards response_policy:one_succeeded"},
    {.name = "load",
     .proc = script_load_cmd,
     .arity = 3,
     .flags = CMD_NOSCRIPT | CMD_STALE,
     .acl = ACL_SLOW | ACL_SCRIPTING,
     .group = "scripting",
     .since = "2.6.0",
     .complexity = "O(N) with N being the length in bytes of the script body.",
     .summary = "Load the specified Lua script into the script cache.",
     .syntax = "script",
     .tips = "request_policy:all_nodes response_policy:all_succeeded"},
    {0}};

#define EVAL_FLAGS                                                                                 \
    (CMD_NOSCRIPT | CMD_SKIP_MONITOR | CMD_MAY_REPLICATE | CMD_NO_MANDATORY_KEYS | CMD_STALE)
#define EVAL_RO_FLAGS                                                                              \
    (CMD_NOSCRIPT | CMD_SKIP_MONITOR | CMD_NO_MANDATORY_KEYS | CMD_STALE | CMD_READONLY)

int sl_numkeys_getkeys(struct client *c, int argc, int *keys, int max) {
    long long nk;
    if (argc < 3 || !str2ll(c->argv[2].ptr, c->argv[2].len, &nk) || nk < 0 || nk > argc - 3)
        return -1;
    int n = 0;
    for (int i = 0; i < nk && n < max; i++)
        keys[n++] = 3 + i;
    return n;
}

struct command script_commands[] = {{.name = "eval",
                                     .proc = eval_cmd,
                                     .arity = -3,
                                     .flags = EVAL_FLAGS | CMD_MOVABLE_KEYS,
                                     .acl = ACL_SLOW | ACL_SCRIPTING,
                                     .group = "scripting",
                                     .since = "2.6.0",
                                     .complexity = "Depends on the script that is executed.",
                                     .summary = "Execute a Lua script server side",
                                     .syntax = "script numkeys [key [key ...]] [arg [arg ...]]",
                                     .getkeys = sl_numkeys_getkeys},
                                    {.name = "evalsha",
                                     .proc = evalsha_cmd,
                                     .arity = -3,
                                     .flags = EVAL_FLAGS | CMD_MOVABLE_KEYS,
                                     .acl = ACL_SLOW | ACL_SCRIPTING,
                                     .group = "scripting",
                                     .since = "2.6.0",
                                     .complexity = "Depends on the script that is executed.",
                                     .summary = "Execute a Lua script server side",
                                     .syntax = "sha1 numkeys [key [key ...]] [arg [arg ...]]",
                                     .getkeys = sl_numkeys_getkeys},
                                    {.name = "eval_ro",
                                     .proc = eval_ro_cmd,
                                     .arity = -3,
                                     .flags = EVAL_RO_FLAGS | CMD_MOVABLE_KEYS,
                                     .acl = ACL_SLOW | ACL_SCRIPTING,
                                     .group = "scripting",
                                     .since = "7.0.0",
                                     .complexity = "Depends on the script that is executed.",
                                     .summary = "Execute a read-only Lua script server side",
                                     .syntax = "script numkeys [key [key ...]] [arg [arg ...]]",
                                     .getkeys = sl_numkeys_getkeys},
                                    {.name = "evalsha_ro",
                                     .proc = evalsha_ro_cmd,
                                     .arity = -3,
                                     .flags = EVAL_RO_FLAGS | CMD_MOVABLE_KEYS,
                                     .acl = ACL_SLOW | ACL_SCRIPTING,
                                     .group = "scripting",
                                     .since = "7.0.0",
                                     .complexity = "Depends on the script that is executed.",
                                     .summary = "Execute a read-only Lua script server side",
                                     .syntax = "sha1 numkeys [key [key ...]] [arg [arg ...]]",
                                     .getkeys = sl_numkeys_getkeys},
                                    {.name = "script",
                                     .arity = -2,
                                     .group = "scripting",
                                     .since = "2.6.0",
                                     .complexity = "Depends on subcommand.",
                                     .summary = "A container for Lua scripts management commands",
                                     .syntax = "",
                                     .subcommands = script_subcommands},
                                    {0}};
