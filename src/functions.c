/* functions: Redis 7.0 Functions.
 *
 * A library is loaded from "#!lua name=<lib>\n<code>": the code runs once
 * (FUNCTION LOAD) and registers its functions with redis.register_function.
 * Functions live in their own Lua state (FL), separate from EVAL's, built by
 * the shared layer (script_lua.h) with the same libraries, redis API and
 * read-only globals.
 *
 * Load-time sandbox: while a library's top-level code runs, the globals
 * proxy's lookups go to a small API table instead of the real globals: only
 * redis.register_function, redis.log, the LOG_* levels and REDIS_VERSION*
 * exist; any other name ("math", redis.call, ...) raises "Script attempted to
 * access nonexistent global variable". The library's functions keep the same
 * globals proxy, which at call time reads the real globals again. A load
 * running longer than 500 ms is aborted ("FUNCTION LOAD timeout").
 *
 * Registry: a `struct fnctx` holds libraries (list, load order, names
 * case-sensitive) and a dict of all their functions (names case-insensitive,
 * unique across libraries). FUNCTION RESTORE loads a payload into a scratch
 * ctx first, then joins it into the current one (APPEND/REPLACE) or swaps it in
 * (FLUSH), so a failure leaves the current libraries untouched. Each function's
 * callback is a reference in FL's registry.
 *
 * FCALL runs the callback with (keys, args) through sl_run; flags
 * (no-writes, allow-oom, ...) are kept per function (functions_flags). */
#include "functions.h"
#include "rdb.h"
#include "ae.h"
#include "client.h"
#include "commands.h"
#include "config.h"
#include "crc64.h"
#include "dict.h"
#include "evict.h"
#include "mem.h"
#include "rdb_io.h"
#include "reply.h"
#include "resp.h"
#include "script.h"
#include "script_lua.h"
#include "server.h"
#include "util.h"
#include <lauxlib.h>
#include <lua.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define LOAD_TIMEOUT_MS 500

struct fn {
    struct dnode node; /* in the ctx's function dict */
    char *name;
    size_t name_len;
    char *desc; /* NULL: none */
    int flags;  /* SF_* */
    int ref;    /* the callback in FL's registry */
    struct lib *lib;
};

struct lib {
    struct lib *next;
    char *name;
    char *code;
    size_t code_len;
    struct fn **fns;
    int nfns;
};

struct fnctx {
    struct lib *head, *tail;
    long nlibs, nfns;
    struct dict fns;
};

static lua_State *FL;
static struct fnctx *cur;

/* ---- the registry ---- */

static uint64_t fn_hash(const void *key, size_t len) {
    return hash_bytes_nocase(key, len);
}
static uint64_t fn_node_hash(const struct dnode *n) {
    const struct fn *f = (const struct fn *)n;
    return hash_bytes_nocase(f->name, f->name_len);
}
static int fn_node_eq(const struct dnode *n, const void *key, size_t len) {
    const struct fn *f = (const struct fn *)n;
    return f->name_len == len && strncasecmp(f->name, key, len) == 0;
}
static const struct dict_type fn_dict_type = {fn_hash, fn_node_hash, fn_node_eq};

static struct fnctx *ctx_new(void) {
    struct fnctx *x = xcalloc(sizeof(*x));
    dict_init(&x->fns, &fn_dict_type);
    return x;
}

static void lib_free(struct lib *li) {
    for (int i = 0; i < li->nfns; i++) {
        struct fn *f = li->fns[i];
        luaL_unref(FL, LUA_REGISTRYINDEX, f->ref);
        xfree(f->name);
        xfree(f->desc);
        xfree(f);
    }
    xfree(li->fns);
    xfree(li->name);
    xfree(li->code);
    xfree(li);
}

static struct lib *ctx_find_lib(struct fnctx *x, const char *name, size_t len) {
    for (struct lib *li = x->head; li; li = li->next)
        if (strlen(li->name) == len && memcmp(li->name, name, len) == 0) return li;
    return NULL;
}

static struct fn *ctx_find_fn(struct fnctx *x, const char *name, size_t len) {
    return (struct fn *)dict_find(&x->fns, name, len);
}

static void ctx_link(struct fnctx *x, struct lib *li) {
    li->next = NULL;
    if (x->tail)
        x->tail->next = li;
    else
        x->head = li;
    x->tail = li;
    for (int i = 0; i < li->nfns; i++)
        dict_add(&x->fns, &li->fns[i]->node);
    x->nlibs++;
    x->nfns += li->nfns;
}

static void ctx_unlink(struct fnctx *x, struct lib *li) {
    struct lib *prev = NULL;
    for (struct lib *p = x->head; p; prev = p, p = p->next) {
        if (p != li) continue;
        if (prev)
            prev->next = li->next;
        else
            x->head = li->next;
        if (x->tail == li) x->tail = prev;
        break;
    }
    li->next = NULL;
    for (int i = 0; i < li->nfns; i++)
        dict_unlink(&x->fns, li->fns[i]->name, li->fns[i]->name_len);
    x->nlibs--;
    x->nfns -= li->nfns;
}

static void ctx_clear(struct fnctx *x) {
    while (x->head) {
        struct lib *li = x->head;
        ctx_unlink(x, li);
        lib_free(li);
    }
}

static void ctx_free(struct fnctx *x) {
    ctx_clear(x);
    dict_clear(&x->fns, NULL, NULL);
    xfree(x);
}

/* ---- loading a library ---- */

static int valid_name(const char *s, size_t n) {
    if (n == 0) return 0;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
              ch == '_'))
            return 0;
    }
    return 1;
}

static const char *const name_error = "Library names can only contain letters, numbers, or "
                                      "underscores(_) and must be at least one character long";

static char *xstrfmt(const char *fmt, const char *a) {
    size_t n = strlen(fmt) + strlen(a) + 1;
    char *s = xmalloc(n);
    snprintf(s, n, fmt, a);
    return s;
}

/* Parses the shebang line. Returns the library name (xfree it) and *body, or
 * NULL with *err set. */
static char *parse_metadata(const char *code, size_t len, const char **body, char **err) {
    if (len < 2 || code[0] != '#' || code[1] != '!') {
        *err = xstrdup("Missing library metadata");
        return NULL;
    }
    const char *nl = memchr(code, '\n', len);
    if (!nl || memchr(code, '\0', (size_t)(nl - code))) { /* the line ends at a NUL, as in Redis */
        *err = xstrdup("Invalid library metadata");
        return NULL;
    }
    size_t ll = (size_t)(nl - code);
    char *line = xmemdup(code, ll);
    size_t *off = NULL, *alen = NULL;
    int cap = 0;
    int argc = resp_split_inline(line, ll, &off, &alen, &cap);
    char *name = NULL, *engine = NULL;
    if (argc <= 0) {
        *err = xstrdup("Invalid library metadata");
        goto done;
    }
    engine = xmemdup(line + off[0] + 2, alen[0] >= 2 ? alen[0] - 2 : 0);
    for (int i = 1; i < argc; i++) {
        char *part = line + off[i];
        part[alen[i]] = '\0';
        if (alen[i] >= 5 && strncasecmp(part, "name=", 5) == 0) {
            if (name) {
                *err = xstrdup("Invalid metadata value, name argument was given multiple times");
                goto fail;
            }
            name = xmemdup(part + 5, alen[i] - 5);
            continue;
        }
        *err = xstrfmt("Invalid metadata value given: %s", part);
        goto fail;
    }
    if (!name) {
        *err = xstrdup("Library name was not given");
        goto fail;
    }
    if (!valid_name(name, strlen(name))) {
        *err = xstrdup(name_error);
        goto fail;
    }
    if (strcasecmp(engine, "lua") != 0) {
        *err = xstrfmt("Engine '%s' not found", engine);
        goto fail;
    }
    *body = nl;
    goto done;
fail:
    xfree(name);
    name = NULL;
done:
    xfree(engine);
    xfree(off);
    xfree(alen);
    xfree(line);
    return name;
}

/* The library being loaded (register_function adds to it) and the load's clock. */
static struct lib *loading;
static long long load_start, load_timeout;

static void load_hook(lua_State *l, lua_Debug *ar) {
    (void)ar;
    if (load_timeout > 0 && ae_now_ms() - load_start > load_timeout) {
        lua_sethook(l, load_hook, LUA_MASKLINE, 0);
        sl_raise(l, "FUNCTION LOAD timeout");
    }
}

static int read_flags(lua_State *l, int *flags) {
    int f = 0;
    for (int j = 1;; j++) {
        lua_rawgeti(l, -1, j);
        if (lua_isnil(l, -1)) {
            lua_pop(l, 1);
            break;
        }
        if (lua_type(l, -1) != LUA_TSTRING) {
            lua_pop(l, 1);
            return -1;
        }
        const char *s = lua_tostring(l, -1);
        int found = 0;
        for (const struct sl_flag *d = sl_flags; d->name; d++) {
            if (!strcasecmp(d->name, s)) {
                f |= d->flag;
                found = 1;
                break;
            }
        }
        lua_pop(l, 1);
        if (!found) return -1;
    }
    *flags = f;
    return 0;
}

/* redis.register_function(name, callback) or redis.register_function{...} */
static int l_register_function(lua_State *l) {
    if (!loading)
        return sl_raise(l, "redis.register_function can only be called on FUNCTION LOAD command");
    int argc = lua_gettop(l);
    if (argc < 1 || argc > 2)
        return sl_raise(l, "wrong number of arguments to redis.register_function");
    char *name = NULL, *desc = NULL;
    size_t name_len = 0;
    int flags = 0, have_cb = 0;
    const char *err = NULL;
    if (argc == 1) {
        if (!lua_istable(l, 1))
            return sl_raise(l, "calling redis.register_function with a single argument is only "
                               "applicable to Lua table (representing named arguments).");
        lua_pushnil(l);
        while (lua_next(l, 1)) {
            if (lua_type(l, -2) == LUA_TNUMBER) { /* a string for Lua, but no known name */
                err = "unknown argument given to redis.register_function";
                break;
            }
            if (lua_type(l, -2) != LUA_TSTRING) {
                err = "named argument key given to redis.register_function is not a string";
                break;
            }
            const char *key = lua_tostring(l, -2);
            if (!strcasecmp(key, "function_name")) {
                if (lua_type(l, -1) != LUA_TSTRING && lua_type(l, -1) != LUA_TNUMBER) {
                    err =
                        "function_name argument given to redis.register_function must be a string";
                    break;
                }
                xfree(name);
                const char *s = lua_tolstring(l, -1, &name_len);
                name = xmemdup(s, name_len);
            } else if (!strcasecmp(key, "description")) {
                if (lua_type(l, -1) != LUA_TSTRING && lua_type(l, -1) != LUA_TNUMBER) {
                    err = "description argument given to redis.register_function must be a string";
                    break;
                }
                xfree(desc);
                desc = xstrdup(lua_tostring(l, -1));
            } else if (!strcasecmp(key, "callback")) {
                if (!lua_isfunction(l, -1)) {
                    err = "callback argument given to redis.register_function must be a function";
                    break;
                }
                lua_pushvalue(l, -1);
                lua_setfield(l, LUA_REGISTRYINDEX, "mnemo_cb");
                have_cb = 1;
            } else if (!strcasecmp(key, "flags")) {
                if (!lua_istable(l, -1)) {
                    err = "flags argument to redis.register_function must be a table representing "
                          "function flags";
                    break;
                }
                if (read_flags(l, &flags) < 0) {
                    err = "unknown flag given";
                    break;
                }
            } else {
                err = "unknown argument given to redis.register_function";
                break;
            }
            lua_pop(l, 1);
        }
        if (!err && !name) err = "redis.register_function must get a function name argument";
        if (!err && !have_cb) err = "redis.register_function must get a callback argument";
    } else {
        if (lua_type(l, 1) != LUA_TSTRING && lua_type(l, 1) != LUA_TNUMBER)
            err = "first argument to redis.register_function must be a string";
        else if (!lua_isfunction(l, 2))
            err = "second argument to redis.register_function must be a function";
        else {
            const char *s = lua_tolstring(l, 1, &name_len);
            name = xmemdup(s, name_len);
            lua_pushvalue(l, 2);
            lua_setfield(l, LUA_REGISTRYINDEX, "mnemo_cb");
            have_cb = 1;
        }
    }
    if (!err && !valid_name(name, name_len)) err = name_error;
    if (!err) {
        for (int i = 0; i < loading->nfns; i++)
            if (!strcmp(loading->fns[i]->name, name))
                err = "Function already exists in the library";
    }
    if (err) {
        xfree(name);
        xfree(desc);
        lua_pushnil(l);
        lua_setfield(l, LUA_REGISTRYINDEX, "mnemo_cb");
        return sl_raise(l, err);
    }
    struct fn *f = xcalloc(sizeof(*f));
    f->name = name;
    f->name_len = name_len;
    f->desc = desc;
    f->flags = flags;
    lua_getfield(l, LUA_REGISTRYINDEX, "mnemo_cb");
    f->ref = luaL_ref(l, LUA_REGISTRYINDEX);
    lua_pushnil(l);
    lua_setfield(l, LUA_REGISTRYINDEX, "mnemo_cb");
    f->lib = loading;
    loading->fns = xrealloc(loading->fns, sizeof(*loading->fns) * (size_t)(loading->nfns + 1));
    loading->fns[loading->nfns++] = f;
    return 0;
}

/* Loads code into ctx x. Returns the library name (owned by the library) or
 * NULL with *err set (xfree it). */
static const char *create_library(struct fnctx *x, const char *code, size_t len, int replace,
                                  long long timeout, char **err) {
    const char *body;
    char *name = parse_metadata(code, len, &body, err);
    if (!name) return NULL;
    struct lib *old = ctx_find_lib(x, name, strlen(name));
    if (old && !replace) {
        *err = xstrfmt("Library '%s' already exists", name);
        xfree(name);
        return NULL;
    }
    if (old) ctx_unlink(x, old);
    struct lib *li = xcalloc(sizeof(*li));
    li->name = name;
    li->code = xmemdup(code, len);
    li->code_len = len;

    /* compile and run the top level with the load-time API as globals */
    lua_getfield(FL, LUA_REGISTRYINDEX, "mnemo_libapi");
    sl_set_globals_index(FL);
    int failed = 0;
    if (luaL_loadbuffer(FL, body, len - (size_t)(body - code), "@user_function")) {
        *err = xstrfmt("Error compiling function: %s", lua_tostring(FL, -1));
        lua_pop(FL, 1);
        failed = 1;
    } else {
        loading = li;
        load_start = ae_now_ms();
        load_timeout = timeout;
        lua_sethook(FL, load_hook, LUA_MASKCOUNT, 100000);
        if (lua_pcall(FL, 0, 0, 0)) {
            const char *m = NULL;
            char *tmp = NULL;
            if (lua_istable(FL, -1)) {
                lua_getfield(FL, -1, "err");
                m = tmp = lua_tostring(FL, -1) ? xstrdup(lua_tostring(FL, -1)) : NULL;
                lua_pop(FL, 1);
            } else if (lua_tostring(FL, -1)) {
                m = tmp = xstrfmt("ERR %s", lua_tostring(FL, -1));
            }
            *err = xstrfmt("Error registering functions: %s", m ? m : "unknown error");
            xfree(tmp);
            lua_pop(FL, 1);
            failed = 1;
        }
        lua_sethook(FL, NULL, 0, 0);
        loading = NULL;
    }
    sl_restore_globals(FL);
    if (!failed && li->nfns == 0) {
        *err = xstrdup("No functions registered");
        failed = 1;
    }
    for (int i = 0; !failed && i < li->nfns; i++) {
        if (ctx_find_fn(x, li->fns[i]->name, li->fns[i]->name_len)) {
            *err = xstrfmt("Function %s already exists", li->fns[i]->name);
            failed = 1;
        }
    }
    if (failed) {
        lib_free(li);
        if (old) ctx_link(x, old);
        return NULL;
    }
    ctx_link(x, li);
    if (old) lib_free(old);
    return li->name;
}

int functions_load_code(const char *code, size_t len, int replace, char **err) {
    if (!FL) functions_init(); /* loading may come before server_init's call */
    return create_library(cur, code, len, replace, 0, err) ? 0 : -1;
}

void functions_flush(void) {
    if (!FL) return;
    ctx_clear(cur);
    lua_gc(FL, LUA_GCCOLLECT, 0);
}

int functions_iter(long *pos, const char **name, const char **code, size_t *code_len) {
    struct lib *li = cur ? cur->head : NULL;
    for (long i = 0; li && i < *pos; i++)
        li = li->next;
    if (!li) return 0;
    (*pos)++;
    *name = li->name;
    *code = li->code;
    *code_len = li->code_len;
    return 1;
}

long functions_count(void) {
    return cur ? cur->nfns : 0;
}
long functions_lib_count(void) {
    return cur ? cur->nlibs : 0;
}
size_t functions_vm_memory(void) {
    return sl_memory(FL);
}
size_t functions_overhead(void) {
    if (!cur) return 0;
    size_t n = sizeof(*cur) + dict_buckets(&cur->fns) * sizeof(void *);
    for (struct lib *li = cur->head; li; li = li->next) {
        n += sizeof(*li) + strlen(li->name) + 1 + li->code_len + sizeof(void *) * (size_t)li->nfns;
        for (int i = 0; i < li->nfns; i++)
            n += sizeof(struct fn) + li->fns[i]->name_len + 1 +
                 (li->fns[i]->desc ? strlen(li->fns[i]->desc) + 1 : 0);
    }
    return n;
}

int functions_flags(const char *name, size_t len) {
    struct fn *f = cur ? ctx_find_fn(cur, name, len) : NULL;
    return f ? f->flags : -1;
}

static void fcall_cmd(struct client *c);
static void fcall_ro_cmd(struct client *c);

int functions_call_flags(struct client *c, const struct command *cmd) {
    if ((cmd->proc != fcall_cmd && cmd->proc != fcall_ro_cmd) || c->argc < 2) return -1;
    return functions_flags(c->argv[1].ptr, c->argv[1].len);
}

/* ---- FUNCTION subcommands ---- */

static void function_load_cmd(struct client *c) {
    int replace = 0, pos = 2;
    while (pos < c->argc - 1) {
        const char *a = c->argv[pos++].ptr;
        if (!strcasecmp(a, "replace")) {
            replace = 1;
            continue;
        }
        reply_error_fmt(c, "Unknown option given: %s", a);
        return;
    }
    if (pos >= c->argc) {
        reply_error(c, "Function code is missing");
        return;
    }
    char *err = NULL;
    const char *name = create_library(cur, c->argv[pos].ptr, c->argv[pos].len, replace,
                                      (c->flags & CF_FAKE) ? 0 : LOAD_TIMEOUT_MS, &err);
    if (!name) {
        reply_error(c, err);
        xfree(err);
        return;
    }
    srv.dirty++;
    reply_bulk_cstr(c, name);
}

static void function_delete_cmd(struct client *c) {
    struct lib *li = ctx_find_lib(cur, c->argv[2].ptr, c->argv[2].len);
    if (!li) {
        reply_error(c, "Library not found");
        return;
    }
    ctx_unlink(cur, li);
    lib_free(li);
    srv.dirty++;
    reply_ok(c);
}

static void function_flush_cmd(struct client *c) {
    if (c->argc > 3) {
        reply_subcommand_syntax_error(c);
        return;
    }
    if (c->argc == 3 && strcasecmp(c->argv[2].ptr, "sync") && strcasecmp(c->argv[2].ptr, "async")) {
        reply_error(c, "FUNCTION FLUSH only supports SYNC|ASYNC option");
        return;
    }
    functions_flush();
    srv.dirty++;
    reply_ok(c);
}

static void function_kill_cmd(struct client *c) {
    sl_kill(c, SL_FUNCTION);
}

static void reply_flags(struct client *c, int flags) {
    int n = 0;
    for (const struct sl_flag *d = sl_flags; d->name; d++)
        if (flags & d->flag) n++;
    reply_set_len(c, n);
    for (const struct sl_flag *d = sl_flags; d->name; d++)
        if (flags & d->flag) reply_status(c, d->name);
}

static void function_list_cmd(struct client *c) {
    int withcode = 0;
    const char *pattern = NULL;
    size_t plen = 0;
    for (int i = 2; i < c->argc; i++) {
        const char *a = c->argv[i].ptr;
        if (!withcode && !strcasecmp(a, "withcode")) {
            withcode = 1;
            continue;
        }
        if (!pattern && !strcasecmp(a, "libraryname")) {
            if (i >= c->argc - 1) {
                reply_error(c, "library name argument was not given");
                return;
            }
            i++;
            pattern = c->argv[i].ptr;
            plen = c->argv[i].len;
            continue;
        }
        reply_error_fmt(c, "Unknown argument %s", a);
        return;
    }
    void *h = NULL;
    long n = 0;
    if (pattern)
        h = reply_defer_len(c);
    else
        reply_array_len(c, cur->nlibs);
    for (struct lib *li = cur->head; li; li = li->next) {
        if (pattern && !glob_match(pattern, plen, li->name, strlen(li->name), 1)) continue;
        n++;
        reply_map_len(c, withcode ? 4 : 3);
        reply_bulk_cstr(c, "library_name");
        reply_bulk_cstr(c, li->name);
        reply_bulk_cstr(c, "engine");
        reply_bulk_cstr(c, "LUA");
        reply_bulk_cstr(c, "functions");
        reply_array_len(c, li->nfns);
        for (int i = 0; i < li->nfns; i++) {
            struct fn *f = li->fns[i];
            reply_map_len(c, 3);
            reply_bulk_cstr(c, "name");
            reply_bulk_cstr(c, f->name);
            reply_bulk_cstr(c, "description");
            if (f->desc)
                reply_bulk_cstr(c, f->desc);
            else
                reply_null(c);
            reply_bulk_cstr(c, "flags");
            reply_flags(c, f->flags);
        }
        if (withcode) {
            reply_bulk_cstr(c, "library_code");
            reply_bulk(c, li->code, li->code_len);
        }
    }
    if (h) reply_set_array_len(c, h, n);
}

static void function_stats_cmd(struct client *c) {
    if (sl_running() && sl_running_kind() == SL_EVAL) {
        reply_error(c, script_busy_error());
        return;
    }
    reply_map_len(c, 2);
    reply_bulk_cstr(c, "running_script");
    if (!sl_running()) {
        reply_null(c);
    } else {
        struct client *caller = sl_running_caller();
        reply_map_len(c, 3);
        reply_bulk_cstr(c, "name");
        reply_bulk_cstr(c, sl_running_name());
        reply_bulk_cstr(c, "command");
        reply_array_len(c, caller->argc);
        for (int i = 0; i < caller->argc; i++)
            reply_bulk(c, caller->argv[i].ptr, caller->argv[i].len);
        reply_bulk_cstr(c, "duration_ms");
        reply_long(c, sl_running_ms());
    }
    reply_bulk_cstr(c, "engines");
    reply_map_len(c, 1);
    reply_bulk_cstr(c, "LUA");
    reply_map_len(c, 2);
    reply_bulk_cstr(c, "libraries_count");
    reply_long(c, cur->nlibs);
    reply_bulk_cstr(c, "functions_count");
    reply_long(c, cur->nfns);
}

static void function_dump_cmd(struct client *c) {
    struct rdb_w w;
    rdbw_init_mem(&w);
    w.compress = cfg.rdbcompression;
    for (struct lib *li = cur->head; li; li = li->next) {
        rdb_save_byte(&w, RDB_OPCODE_FUNCTION2);
        rdb_save_string(&w, li->code, li->code_len);
    }
    rdb_payload_seal(&w);
    size_t len;
    unsigned char *p = rdbw_take(&w, &len);
    reply_bulk(c, (const char *)p, len);
    xfree(p);
}

/* Loads a FUNCTION DUMP payload into a new ctx. Returns it, or NULL with
 * *err set. */
static struct fnctx *load_payload(const unsigned char *p, size_t len, char **err) {
    long body = rdb_payload_check(p, len, 0);
    if (body < 0) {
        *err = xstrdup("DUMP payload version or checksum are wrong");
        return NULL;
    }
    struct fnctx *x = ctx_new();
    struct rdb_r r;
    rdbr_init_mem(&r, p, (size_t)body);
    while (r.total < body) {
        int type = rdb_load_byte(&r);
        if (type < 0) {
            *err = xstrdup("can not read data type");
            goto fail;
        }
        if (type != RDB_OPCODE_FUNCTION && type != RDB_OPCODE_FUNCTION2) {
            *err = xstrdup("given type is not a function");
            goto fail;
        }
        char *code = NULL;
        size_t clen = 0;
        if (type == RDB_OPCODE_FUNCTION) {
            /* 7.0 release candidates: name, engine, [description], code */
            size_t nl, el, dl, bl;
            uint64_t has_desc = 0;
            char *name = NULL, *engine = NULL, *desc = NULL, *blob = NULL;
            const char *e = NULL;
            if (!(name = (char *)rdb_load_string(&r, &nl)))
                e = "Failed loading library name";
            else if (!(engine = (char *)rdb_load_string(&r, &el)))
                e = "Failed loading engine name";
            else if (rdb_load_len(&r, &has_desc, NULL) < 0)
                e = "Failed loading library description indicator";
            else if (has_desc && !(desc = (char *)rdb_load_string(&r, &dl)))
                e = "Failed loading library description";
            else if (!(blob = (char *)rdb_load_string(&r, &bl)))
                e = "Failed loading library blob";
            if (blob) {
                clen = strlen(engine) + strlen(name) + bl + 16;
                code = xmalloc(clen);
                int hl = snprintf(code, clen, "#!%s name=%s\n", engine, name);
                memcpy(code + hl, blob, bl);
                clen = (size_t)hl + bl;
            }
            xfree(name);
            xfree(engine);
            xfree(desc);
            xfree(blob);
            if (e) {
                *err = xstrdup(e);
                goto fail;
            }
        } else if (!(code = (char *)rdb_load_string(&r, &clen))) {
            *err = xstrdup("Failed loading library payload");
            goto fail;
        }
        const char *ok = create_library(x, code, clen, 0, 0, err);
        xfree(code);
        if (!ok) goto fail;
    }
    rdbr_free(&r);
    return x;
fail:
    rdbr_free(&r);
    ctx_free(x);
    return NULL;
}

/* Moves every library of src into dst. On a library name collision: replace
 * (REPLACE) or fail (APPEND); a function name collision fails. On failure
 * both are left as they were. */
static int ctx_join(struct fnctx *dst, struct fnctx *src, int replace, char **err) {
    struct lib *olds = NULL; /* replaced libraries, unlinked from dst */
    for (struct lib *li = src->head; li; li = li->next) {
        struct lib *old = ctx_find_lib(dst, li->name, strlen(li->name));
        if (!old) continue;
        if (!replace) {
            *err = xstrfmt("Library %s already exists", li->name);
            goto fail;
        }
        ctx_unlink(dst, old);
        old->next = olds;
        olds = old;
    }
    for (struct lib *li = src->head; li; li = li->next) {
        for (int i = 0; i < li->nfns; i++) {
            if (ctx_find_fn(dst, li->fns[i]->name, li->fns[i]->name_len)) {
                *err = xstrfmt("Function %s already exists", li->fns[i]->name);
                goto fail;
            }
        }
    }
    while (src->head) {
        struct lib *li = src->head;
        ctx_unlink(src, li);
        ctx_link(dst, li);
    }
    while (olds) {
        struct lib *o = olds;
        olds = o->next;
        lib_free(o);
    }
    return 0;
fail:
    while (olds) {
        struct lib *o = olds;
        olds = o->next;
        ctx_link(dst, o);
    }
    return -1;
}

static void function_restore_cmd(struct client *c) {
    if (c->argc > 4) {
        reply_subcommand_syntax_error(c);
        return;
    }
    int policy = 0; /* 0 append, 1 replace, 2 flush */
    if (c->argc == 4) {
        const char *a = c->argv[3].ptr;
        if (!strcasecmp(a, "append"))
            policy = 0;
        else if (!strcasecmp(a, "replace"))
            policy = 1;
        else if (!strcasecmp(a, "flush"))
            policy = 2;
        else {
            reply_error(c, "Wrong restore policy given, value should be either FLUSH, APPEND or "
                           "REPLACE.");
            return;
        }
    }
    char *err = NULL;
    struct fnctx *x = load_payload((const unsigned char *)c->argv[2].ptr, c->argv[2].len, &err);
    if (x && policy == 2) {
        struct fnctx *old = cur;
        cur = x;
        ctx_free(old);
        x = NULL;
    } else if (x && ctx_join(cur, x, policy == 1, &err) < 0) {
        ctx_free(x);
        x = NULL;
    } else if (x) {
        ctx_free(x);
        x = NULL;
    }
    if (err) {
        reply_error(c, err);
        xfree(err);
        return;
    }
    srv.dirty++;
    reply_ok(c);
}

static void function_help_cmd(struct client *c) {
    static const char *const lines[] = {
        "LOAD [REPLACE] <FUNCTION CODE>",
        "    Create a new library with the given library name and code.",
        "DELETE <LIBRARY NAME>",
        "    Delete the given library.",
        "LIST [LIBRARYNAME PATTERN] [WITHCODE]",
        "    Return general information on all the libraries:",
        "    * Library name",
        "    * The engine used to run the Library",
        "    * Library description",
        "    * Functions list",
        "    * Library code (if WITHCODE is given)",
        "    It also possible to get only function that matches a pattern using LIBRARYNAME "
        "argument.",
        "STATS",
        "    Return information about the current function running:",
        "    * Function name",
        "    * Command used to run the function",
        "    * Duration in MS that the function is running",
        "    If no function is running, return nil",
        "    In addition, returns a list of available engines.",
        "KILL",
        "    Kill the current running function.",
        "FLUSH [ASYNC|SYNC]",
        "    Delete all the libraries.",
        "    When called without the optional mode argument, the behavior is determined by the",
        "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
        "    * ASYNC: Asynchronously flush the libraries.",
        "    * SYNC: Synchronously flush the libraries.",
        "DUMP",
        "    Return a serialized payload representing the current libraries, can be restored "
        "using FUNCTION RESTORE command",
        "RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]",
        "    Restore the libraries represented by the given payload, it is possible to give a "
        "restore policy to",
        "    control how to handle existing libraries (default APPEND):",
        "    * FLUSH: delete all existing libraries.",
        "    * APPEND: appends the restored libraries to the existing libraries. On collision, "
        "abort.",
        "    * REPLACE: appends the restored libraries to the existing libraries, On collision, "
        "replace the old",
        "      libraries with the new libraries (notice that even on this option there is a "
        "chance of failure",
        "      in case of functions name collision with another library).",
        NULL};
    reply_help(c, lines);
}

/* ---- FCALL ---- */

static void fcall_generic(struct client *c, int ro) {
    struct fn *f = ctx_find_fn(cur, c->argv[1].ptr, c->argv[1].len);
    if (!f) {
        reply_error(c, "Function not found");
        return;
    }
    long long nk;
    if (!str2ll(c->argv[2].ptr, c->argv[2].len, &nk)) {
        reply_error(c, "Bad number of keys provided");
        return;
    }
    if (nk > c->argc - 3) {
        reply_error(c, "Number of keys can't be greater than number of args");
        return;
    }
    if (nk < 0) {
        reply_error(c, "Number of keys can't be negative");
        return;
    }
    if (!(f->flags & SF_NO_WRITES) && ro) {
        reply_error(c, "Can not execute a script with write flag using *_ro command.");
        return;
    }
    if (!(f->flags & SF_NO_WRITES) && rdb_write_denied()) {
        reply_error(c, RDB_MISCONF_ERR); /* a function that may write is a write command */
        return;
    }
    /* maxmemory: a function without allow-oom (or no-writes) does not start */
    const char *oom = evict_script_check(1, !(f->flags & (SF_ALLOW_OOM | SF_NO_WRITES)), 0, 0);
    if (oom) {
        reply_error(c, oom);
        return;
    }
    lua_pushcfunction(FL, sl_error_handler);
    lua_rawgeti(FL, LUA_REGISTRYINDEX, f->ref);
    sl_run(c, FL, SL_FUNCTION, f->name, f->flags, ro || (f->flags & SF_NO_WRITES), c->argv + 3,
           (int)nk, c->argv + 3 + nk, c->argc - 3 - (int)nk);
}

static void fcall_cmd(struct client *c) {
    fcall_generic(c, 0);
}
static void fcall_ro_cmd(struct client *c) {
    fcall_generic(c, 1);
}

/* ---- set-up ---- */

void functions_init(void) {
    if (FL) return;
    FL = sl_new_state(SL_FUNCTION);
    /* the load-time API: {redis = {register_function, log, LOG_*, REDIS_VERSION*}} */
    lua_newtable(FL);
    lua_newtable(FL);
    lua_pushcfunction(FL, l_register_function);
    lua_setfield(FL, -2, "register_function");
    sl_register_log_and_version(FL);
    lua_newtable(FL);
    lua_pushcfunction(FL, sl_nonexistent_global);
    lua_setfield(FL, -2, "__index");
    lua_setmetatable(FL, -2);
    sl_make_readonly(FL);
    lua_setfield(FL, -2, "redis");
    lua_newtable(FL);
    lua_pushcfunction(FL, sl_nonexistent_global);
    lua_setfield(FL, -2, "__index");
    lua_setmetatable(FL, -2);
    sl_make_readonly(FL);
    lua_setfield(FL, LUA_REGISTRYINDEX, "mnemo_libapi");
    cur = ctx_new();
}

/* ---- command table ---- */

static struct command function_subcommands[] = {
    {.name = "delete",
     .proc = function_delete_cmd,
     .arity = 3,
     .flags = CMD_NOSCRIPT | CMD_WRITE,
     .acl = ACL_WRITE | ACL_SLOW | ACL_SCRIPTING,
     .group = "scripting",
     .since = "7.0.0",
     .complexity = "O(1)",
     .summary = "Delete a function by name",
     .syntax = "library-name",
     .tips = "request_policy:all_shards response_policy:all_succeeded"},
    {.name = "dump",
     .proc = function_dump_cmd,
     .arity = 2,
     .flags = CMD_NOSCRIPT,
     .acl = ACL_SLOW | ACL_SCRIPTING,
     .group = "scripting",
     .since = "7.0.0",
     .complexity = "O(N) where N is the number of functions",
     .summary = "Dump all functions into a serialized binary payload",
     .syntax = ""},
    {.name = "flush",
     .proc = function_flush_cmd,
     .arity = -2,
     .flags = CMD_NOSCRIPT | CMD_WRITE,
     .acl = ACL_WRITE | ACL_SLOW | ACL_SCRIPTING,
     .group = "scripting",
     .since = "7.0.0",
     .complexity = "O(N) where N is the number of functions deleted",
     .summary = "Deleting all functions",
     .syntax = "[ASYNC | SYNC]",
     .tips = "request_policy:all_shards response_policy:all_succeeded"},
    {.name = "help",
     .proc = function_help_cmd,
     .arity = 2,
     .flags = CMD_LOADING | CMD_STALE,
     .acl = ACL_SLOW | ACL_SCRIPTING,
     .group = "scripting",
     .since = "7.0.0",
     .complexity = "O(1)",
     .summary = "Show helpful text about the different subcommands",
     .syntax = ""},
    {.name = "kill",
     .proc = function_kill_cmd,
     .arity = 2,
     .flags = CMD_NOSCRIPT | CMD_ALLOW_BUSY,
     .acl = ACL_SLOW | ACL_SCRIPTING,
     .group = "scripting",
     .since = "7.0.0",
     .complexity = "O(1)",
     .summary = "Kill the function currently in execution.",
     .syntax = "",
     .tips = "request_policy:all_shards response_policy:one_succeeded"},
    {.name = "list",
     .proc = function_list_cmd,
     .arity = -2,
     .flags = CMD_NOSCRIPT,
     .acl = ACL_SLOW | ACL_SCRIPTING,
     .group = "scripting",
     .since = "7.0.0",
     .complexity = "O(N) where N is the number of functions",
     .summary = "List information about all the functions",
     .syntax = "[LIBRARYNAME library-name-pattern] [WITHCODE]",
     .tips = "nondeterministic_output_order"},
    {.name = "load",
     .proc = function_load_cmd,
     .arity = -3,
     .flags = CMD_NOSCRIPT | CMD_WRITE | CMD_DENYOOM,
     .acl = ACL_WRITE | ACL_SLOW | ACL_SCRIPTING,
     .group = "scripting",
     .since = "7.0.0",
     .complexity = "O(1) (considering compilation time is redundant)",
     .summary = "Create a function with the given arguments (name, code, description)",
     .syntax = "[REPLACE] function-code",
     .tips = "request_policy:all_shards response_policy:all_succeeded"},
    {.name = "restore",
     .proc = function_restore_cmd,
     .arity = -3,
     .flags = CMD_NOSCRIPT | CMD_WRITE | CMD_DENYOOM,
     .acl = ACL_WRITE | ACL_SLOW | ACL_SCRIPTING,
     .group = "scripting",
     .since = "7.0.0",
     .complexity = "O(N) where N is the number of functions on the payload",
     .summary = "Restore all the functions on the given payload",
     .syntax = "serialized-value [FLUSH | APPEND | REPLACE]",
     .tips = "request_policy:all_shards response_policy:all_succeeded"},
    {.name = "stats",
     .proc = function_stats_cmd,
     .arity = 2,
     .flags = CMD_NOSCRIPT | CMD_ALLOW_BUSY,
     .acl = ACL_SLOW | ACL_SCRIPTING,
     .group = "scripting",
     .since = "7.0.0",
     .complexity = "O(1)",
     .summary = "Return information about the function currently running (name, description, "
                "duration)",
     .syntax = "",
     .tips = "nondeterministic_output request_policy:all_shards response_policy:special"},
    {0}};

struct command function_commands[] = {
    {.name = "fcall",
     .proc = fcall_cmd,
     .arity = -3,
     .flags = CMD_NOSCRIPT | CMD_SKIP_MONITOR | CMD_MAY_REPLICATE | CMD_NO_MANDATORY_KEYS |
              CMD_STALE | CMD_MOVABLE_KEYS,
     .acl = ACL_SLOW | ACL_SCRIPTING,
     .group = "scripting",
     .since = "7.0.0",
     .complexity = "Depends on the function that is executed.",
     .summary = "Invoke a function",
     .syntax = "function numkeys [key [key ...]] [arg [arg ...]]",
     .getkeys = sl_numkeys_getkeys,
     .keyspecs = "RW access update index 2 keynum 0 1 1"},
    {.name = "fcall_ro",
     .proc = fcall_ro_cmd,
     .arity = -3,
     .flags = CMD_NOSCRIPT | CMD_SKIP_MONITOR | CMD_NO_MANDATORY_KEYS | CMD_STALE | CMD_READONLY |
              CMD_MOVABLE_KEYS,
     .acl = ACL_SLOW | ACL_SCRIPTING,
     .group = "scripting",
     .since = "7.0.0",
     .complexity = "Depends on the function that is executed.",
     .summary = "Invoke a read-only function",
     .syntax = "function numkeys [key [key ...]] [arg [arg ...]]",
     .getkeys = sl_numkeys_getkeys,
     .keyspecs = "RO access index 2 keynum 0 1 1"},
    {.name = "function",
     .arity = -2,
     .group = "scripting",
     .since = "7.0.0",
     .complexity = "Depends on subcommand.",
     .summary = "A container for function commands",
     .syntax = "",
     .subcommands = function_subcommands},
    {0}};
