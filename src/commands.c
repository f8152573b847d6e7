/* commands: registry of every module's command table, lookup, and dispatch
 * (the checks Redis makes before running a command, then the call itself with
 * its statistics). */
#include "commands.h"
#include "client.h"
#include "client_cmd.h"
#include "config.h"
#include "dict.h"
#include "evict.h"
#include "info.h"
#include "mem.h"
#include "reply.h"
#include "server.h"
#include "slowlog.h"
#include "util.h"
#include "ae.h"
#include "blocking.h"
#include "multi.h"
#include "propagate.h"
#include "aof.h"
#include <stdio.h>
#include "script.h"
#include "rdb.h"
#include <string.h>
#include <strings.h>

static struct command *const tables[] = {
    server_commands,  string_commands, bitmap_commands,   keyspace_commands, expire_commands,
    config_commands,  info_commands,   client_commands,   debug_commands,    slowlog_commands,
    command_commands, hash_commands,   list_commands,     set_commands,      zset_commands,
    geo_commands,     hll_commands,    sort_commands,     memory_commands,   multi_commands,
    script_commands,  rdb_commands,    function_commands, aof_commands,      replication_commands,
};
#define NTABLES (sizeof(tables) / sizeof(tables[0]))

/* Open-addressing index of top-level commands by lowercase name. */
static struct command **index_slots;
static size_t index_mask;
static long ncommands;
static struct command **all; /* every top-level command, in table order */

static void index_put(struct command *cmd) {
    size_t i = hash_bytes_nocase(cmd->name, strlen(cmd->name)) & index_mask;
    while (index_slots[i])
        i = (i + 1) & index_mask;
    index_slots[i] = cmd;
}

static void setup(struct command *cmd, struct command *parent) {
    static uint64_t next_id;
    cmd->id = next_id++;
    cmd->parent = parent;
    if (parent)
        snprintf(cmd->fullname, sizeof(cmd->fullname), "%s|%s", parent->name, cmd->name);
    else
        snprintf(cmd->fullname, sizeof(cmd->fullname), "%s", cmd->name);
    for (struct command *s = cmd->subcommands; s && s->name; s++)
        setup(s, cmd);
}

void cmd_init(void) {
    ncommands = 0;
    for (size_t t = 0; t < NTABLES; t++)
        for (struct command *c = tables[t]; c->name; c++)
            ncommands++;
    size_t slots = 16;
    while (slots < (size_t)ncommands * 3)
        slots *= 2;
    index_slots = xcalloc(sizeof(*index_slots) * slots);
    index_mask = slots - 1;
    all = xmalloc(sizeof(*all) * (size_t)(ncommands ? ncommands : 1));
    long k = 0;
    for (size_t t = 0; t < NTABLES; t++)
        for (struct command *c = tables[t]; c->name; c++) {
            setup(c, NULL);
            index_put(c);
            all[k++] = c;
        }
}

struct command *cmd_lookup(const char *name, size_t len) {
    size_t i = hash_bytes_nocase(name, len) & index_mask;
    while (index_slots[i]) {
        struct command *c = index_slots[i];
        if (strlen(c->name) == len && strncasecmp(c->name, name, len) == 0) return c;
        i = (i + 1) & index_mask;
    }
    return NULL;
}

static struct command *find_sub(struct command *parent, const char *name, size_t len) {
    for (struct command *s = parent->subcommands; s && s->name; s++)
        if (strlen(s->name) == len && strncasecmp(s->name, name, len) == 0) return s;
    return NULL;
}

struct command *cmd_lookup_argv(struct client *c) {
    struct command *cmd = cmd_lookup(c->argv[0].ptr, c->argv[0].len);
    if (!cmd || !cmd->subcommands || c->argc < 2) return cmd;
    return find_sub(cmd, c->argv[1].ptr, c->argv[1].len);
}

struct command *cmd_iter(long *pos) {
    return *pos < ncommands ? all[(*pos)++] : NULL;
}

long cmd_count(void) {
    return ncommands;
}

static void reset_stats(struct command *c) {
    c->calls = c->usec = c->rejected_calls = c->failed_calls = 0;
    for (struct command *s = c->subcommands; s && s->name; s++)
        reset_stats(s);
}

void cmd_reset_stats(void) {
    for (long i = 0; i < ncommands; i++)
        reset_stats(all[i]);
}

int cmd_get_keys(struct command *cmd, struct client *c, int *keys, int max) {
    if (cmd->getkeys) return cmd->getkeys(c, c->argc, keys, max);
    if (cmd->first_key <= 0) return 0;
    int last = cmd->last_key < 0 ? c->argc + cmd->last_key : cmd->last_key;
    int n = 0;
    for (int i = cmd->first_key; i <= last && i < c->argc && n < max;
         i += cmd->key_step ? cmd->key_step : 1)
        keys[n++] = i;
    return n;
}

static const struct {
    uint64_t flag;
    const char *name;
} flag_names[] = {
    {CMD_WRITE, "write"},
    {CMD_READONLY, "readonly"},
    {CMD_DENYOOM, "denyoom"},
    {CMD_ADMIN, "admin"},
    {CMD_PUBSUB, "pubsub"},
    {CMD_NOSCRIPT, "noscript"},
    {CMD_BLOCKING, "blocking"},
    {CMD_LOADING, "loading"},
    {CMD_STALE, "stale"},
    {CMD_SKIP_MONITOR, "skip_monitor"},
    {CMD_SKIP_SLOWLOG, "skip_slowlog"},
    {CMD_ASKING, "asking"},
    {CMD_FAST, "fast"},
    {CMD_NO_AUTH, "no_auth"},
    {CMD_MAY_REPLICATE, "may_replicate"},
    {CMD_SENTINEL, "sentinel"},
    {CMD_ONLY_SENTINEL, "only_sentinel"},
    {CMD_NO_MANDATORY_KEYS, "no_mandatory_keys"},
    {CMD_PROTECTED, "protected"},
    {CMD_NO_ASYNC_LOADING, "no_async_loading"},
    {CMD_NO_MULTI, "no_multi"},
    {CMD_MOVABLE_KEYS, "movablekeys"},
    {CMD_ALLOW_BUSY, "allow_busy"},
};

const char *cmd_flag_names(uint64_t flags, int i) {
    for (size_t k = 0; k < sizeof(flag_names) / sizeof(flag_names[0]); k++) {
        if (!(flags & flag_names[k].flag)) continue;
        if (i-- == 0) return flag_names[k].name;
    }
    return NULL;
}

/* --------------------------------------------------------------- dispatch */

static int arity_ok(const struct command *cmd, int argc) {
    return cmd->arity > 0 ? argc == cmd->arity : argc >= -cmd->arity;
}

/* A pre-execution rejection: counts it, and inside MULTI flags the
 * transaction (EXEC itself aborts it with EXECABORT). */
static void reject(struct client *c, struct command *cmd, const char *err) {
    if (cmd) cmd->rejected_calls++;
    if (!multi_reject(c, cmd, err)) reply_error(c, err);
}

static void unknown_command(struct client *c, struct command *container) {
    char err[512];
    if (container) {
        char up[64];
        snprintf(up, sizeof(up), "%s", container->name);
        str_toupper(up, strlen(up));
        snprintf(err, sizeof(err), "unknown subcommand '%.128s'. Try %s HELP.", c->argv[1].ptr, up);
    } else {
        char args[256];
        size_t al = 0;
        args[0] = '\0';
        for (int i = 1; i < c->argc && al < 128; i++) {
            int n =
                snprintf(args + al, sizeof(args) - al, "'%.*s' ", (int)(128 - al), c->argv[i].ptr);
            if (n < 0) break;
            al += (size_t)n;
            if (al >= sizeof(args)) al = sizeof(args) - 1;
        }
        snprintf(err, sizeof(err), "unknown command '%.128s', with args beginning with: %s",
                 c->argv[0].ptr, args);
    }
    reject(c, NULL, err);
}

void cmd_call(struct client *c, struct command *cmd) {
    struct client *prev = srv.current;
    const struct command *prevcmd = c->cmd;
    srv.current = c;
    c->cmd = cmd;
    long long dirty_before = srv.dirty;
    struct prop_frame pf; /* propagation of what this call changes (propagate.h) */
    propagate_call_begin(&pf);
    long long start = ae_mono_us();
    cmd->proc(c);
    long long dur = ae_mono_us() - start;
    propagate_call_end(&pf, c, cmd, srv.dirty - dirty_before);
    cmd->calls++;
    cmd->usec += dur;
    if (cfg.latency_tracking) latency_record(cmd, dur);
    srv.stat.numcommands++;
    c->commands_processed++;
    if (!(cmd->flags & CMD_SKIP_SLOWLOG) && !(c->flags & CF_FAKE)) slowlog_push_if_needed(c, dur);
    c->cmd = prevcmd ? prevcmd : cmd;
    srv.current = prev;
}

/* DEBUG and MODULE need enable-debug-command / enable-module-command: "yes",
 * or "local" for a unix socket or loopback client. */
static int protected_allowed(struct client *c, const struct command *cmd) {
    int mode =
        strcmp(cmd->name, "debug") == 0 ? cfg.enable_debug_command : cfg.enable_module_command;
    if (mode == 1) return 1;
    if (mode != 2) return 0;
    if (c->flags & CF_UNIX_SOCKET) return 1;
    char ip[64];
    const char *colon = strrchr(c->addr, ':');
    size_t n = colon ? (size_t)(colon - c->addr) : strlen(c->addr);
    if (n >= sizeof(ip)) return 0;
    memcpy(ip, c->addr, n);
    ip[n] = '\0';
    return strcmp(ip, "127.0.0.1") == 0 || strcmp(ip, "::1") == 0 || strcmp(ip, "[::1]") == 0;
}

static void dispatch(struct client *c) {
    struct command *base = cmd_lookup(c->argv[0].ptr, c->argv[0].len);
    struct command *cmd = base;
    c->cmd = NULL;
    if (base && base->subcommands && c->argc >= 2) {
        cmd = find_sub(base, c->argv[1].ptr, c->argv[1].len);
        if (!cmd) {
            c->lastcmd = NULL;
            unknown_command(c, base);
            return;
        }
    }
    c->lastcmd = cmd; /* as Redis: set before any check, NULL when unknown */
    if (!cmd) {
        unknown_command(c, NULL);
        return;
    }
    c->cmd = cmd;
    if (!arity_ok(cmd, c->argc)) {
        char err[128];
        snprintf(err, sizeof(err), "wrong number of arguments for '%s' command", cmd->fullname);
        reject(c, cmd, err);
        return;
    }
    if ((cmd->flags & CMD_PROTECTED) && !protected_allowed(c, cmd)) {
        int dbg = strcmp(cmd->name, "debug") == 0;
        char err[512];
        snprintf(
            err, sizeof(err),
            "%s command not allowed. If the %s option is set to \"local\", you can run it from a "
            "local connection, otherwise you need to set this option in the configuration file, "
            "and then restart the server.",
            dbg ? "DEBUG" : "MODULE", dbg ? "enable-debug-command" : "enable-module-command");
        reject(c, cmd, err);
        return;
    }
    if (!c->authenticated && !(cmd->flags & CMD_NO_AUTH)) {
        reject(c, cmd, "-NOAUTH Authentication required.");
        return;
    }
    if ((c->flags & CF_MULTI) && (cmd->flags & CMD_NO_MULTI)) {
        reject(c, cmd, "Command not allowed inside a transaction");
        return;
    }
    /* EXEC counts as the commands it queued, EVAL/FCALL as their script's flags */
    uint64_t sflags = script_command_flags(c, cmd);
    uint64_t wflags =
        (multi_is_exec(cmd) && (c->flags & CF_MULTI)) ? cmd->flags | multi_queued_flags(c) : sflags;
    if (rdb_write_denied() && ((wflags & CMD_WRITE) || strcmp(cmd->name, "ping") == 0)) {
        reject(c, cmd, RDB_MISCONF_ERR);
        return;
    }
    const char *aof_err = aof_write_denied(); /* the AOF could not be written */
    if (aof_err && ((wflags & CMD_WRITE) || strcmp(cmd->name, "ping") == 0)) {
        reject(c, cmd, aof_err);
        return;
    }
    if (srv.loading && !(cmd->flags & CMD_LOADING)) {
        reject(c, cmd, "-LOADING Redis is loading the dataset in memory");
        return;
    }
    if (multi_is_exec(cmd) && (c->flags & CF_MULTI)) {
        struct command as_exec = *cmd; /* EXEC waits out a write pause if its queue writes */
        as_exec.flags |= multi_queued_flags(c) & (CMD_WRITE | CMD_MAY_REPLICATE);
        if (client_pause_postpone(c, &as_exec)) return;
    } else {
        /* EVAL/FCALL: a script's declared flags decide whether it writes */
        struct command eff;
        const struct command *pc = cmd;
        if (sflags != cmd->flags) {
            eff = *cmd;
            eff.flags = sflags;
            pc = &eff;
        }
        if (client_pause_postpone(c, pc)) return;
    }
    const char *oom = evict_command_check(c, cmd, sflags); /* maxmemory: evict, or refuse */
    if (oom) {
        reject(c, cmd, oom);
        return;
    }
    if (script_busy() && !(cmd->flags & CMD_ALLOW_BUSY)) {
        reject(c, cmd, script_busy_error());
        return;
    }
    if (multi_should_queue(c, cmd)) {
        multi_queue(c, cmd);
        return;
    }
    cmd_call(c, cmd);
    /* Keys made ready by this command (or whole MULTI/EXEC, script) serve their waiters now. */
    if (blocking_ready_pending()) blocking_handle_ready();
}

void cmd_dispatch(struct client *c) {
    server_update_time();
    /* CLIENT REPLY SKIP mutes the reply of the next command, whatever happens to it
     * (rejected commands included). */
    if (c->flags & CF_REPLY_SKIP_NEXT) {
        c->flags &= ~CF_REPLY_SKIP_NEXT;
        c->flags |= CF_REPLY_SKIP;
    }
    dispatch(c);
    c->flags &= ~CF_REPLY_SKIP;
}
