/* config: the table of parameters and the config-file / argument loader.
 *
 * Each parameter is one row: name (and an alias), a type, where its value
 * lives in `cfg`, its default, limits and flags. Loading, CONFIG GET/SET,
 * CONFIG REWRITE and the shipped mnemo.conf are all derived from the rows.
 * Types: BOOL, INT (long long range), MEMORY (units: 1k 1kb 1m 1mb 1g 1gb),
 * STRING (NULL allowed), ENUM (names -> int), SPECIAL (own parse/format). */
#include "config.h"
#include "configtab.h"
#include "log.h"
#include "mem.h"
#include "resp.h"
#include "server.h"
#include "util.h"
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct config cfg;

/* ------------------------------------------------------------ enums */

const struct cfg_enum loglevel_enum[] = {
    {"debug", LL_DEBUG}, {"verbose", LL_VERBOSE}, {"notice", LL_NOTICE}, {"warning", LL_WARNING}, {NULL, 0}};
const struct cfg_enum debug_enum[] = {{"no", 0}, {"yes", 1}, {"local", 2}, {NULL, 0}};
const struct cfg_enum fsync_enum[] = {{"no", 0}, {"always", 1}, {"everysec", 2}, {NULL, 0}};
const struct cfg_enum maxmemory_policy_enum[] = {
    {"volatile-lru", 0}, {"volatile-lfu", 1}, {"volatile-random", 2}, {"volatile-ttl", 3},
    {"allkeys-lru", 4},  {"allkeys-lfu", 5},  {"allkeys-random", 6},  {"noeviction", 7}, {NULL, 0}};

/* ------------------------------------------------------------ special types */

static int save_set(struct cfg_param *p, char **argv, int argc, const char **err) {
    if (argc == 1 && argv[0][0] == '\0') {
        xfree(cfg.save);
        cfg.save = NULL;
        cfg.nsave = 0;
        return 1;
    }
    if (argc % 2) {
        *err = "Invalid save parameters";
        return 0;
    }
    struct save_point *sp = xmalloc(sizeof(*sp) * (size_t)(argc / 2 + 1));
    for (int i = 0; i < argc; i += 2) {
        long long s, c;
        if (!str2ll(argv[i], strlen(argv[i]), &s) || !str2ll(argv[i + 1], strlen(argv[i + 1]), &c) || s < 1 ||
            c < 0) {
            xfree(sp);
            *err = "Invalid save parameters";
            return 0;
        }
        sp[i / 2].seconds = s;
        sp[i / 2].changes = c;
    }
    /* In a config file, successive "save" lines accumulate (Redis 7.0: the first
     * line replaces the defaults). */
    if (p->loading_seen && cfg.nsave) {
        cfg.save = xrealloc(cfg.save, sizeof(*sp) * (size_t)(cfg.nsave + argc / 2));
        memcpy(cfg.save + cfg.nsave, sp, sizeof(*sp) * (size_t)(argc / 2));
        cfg.nsave += argc / 2;
        xfree(sp);
    } else {
        xfree(cfg.save);
        cfg.save = sp;
        cfg.nsave = argc / 2;
    }
    return 1;
}

static char *save_get(struct cfg_param *p) {
    char *s = xmalloc((size_t)cfg.nsave * 48 + 1);
    size_t n = 0;
    s[0] = '\0';
    for (int i = 0; i < cfg.nsave; i++)
        n += (size_t)sprintf(s + n, "%s%lld %lld", i ? " " : "", cfg.save[i].seconds, cfg.save[i].changes);
    return s;
}

static int bind_set(struct cfg_param *p, char **argv, int argc, const char **err) {
    if (argc > CONFIG_MAX_BIND) {
        *err = "Too many bind addresses specified.";
        return 0;
    }
    for (int i = 0; i < cfg.nbind; i++) xfree(cfg.bind[i]);
    cfg.nbind = 0;
    for (int i = 0; i < argc; i++)
        if (argv[i][0]) cfg.bind[cfg.nbind++] = xstrdup(argv[i]);
    return 1;
}

static char *bind_get(struct cfg_param *p) {
    size_t len = 1;
    for (int i = 0; i < cfg.nbind; i++) len += strlen(cfg.bind[i]) + 1;
    char *s = xmalloc(len);
    s[0] = '\0';
    for (int i = 0; i < cfg.nbind; i++) {
        if (i) strcat(s, " ");
        strcat(s, cfg.bind[i]);
    }
    return s;
}

/* notify-keyspace-events flags: K E g $ l s h z x e t m d n A */
static int nke_set(struct cfg_param *p, char **argv, int argc, const char **err) {
    int flags = 0;
    for (const char *s = argv[0]; *s; s++) {
        switch (*s) {
        case 'A': flags |= 0x7fc | (1 << 10); break; /* g$lshzxet + d (stream) */
        case 'g': flags |= 1 << 2; break;
        case '$': flags |= 1 << 3; break;
        case 'l': flags |= 1 << 4; break;
        case 's': flags |= 1 << 5; break;
        case 'h': flags |= 1 << 6; break;
        case 'z': flags |= 1 << 7; break;
        case 'x': flags |= 1 << 8; break;
        case 'e': flags |= 1 << 9; break;
        case 'K': flags |= 1 << 0; break;
        case 'E': flags |= 1 << 1; break;
        case 't': flags |= 1 << 10; break;
        case 'm': flags |= 1 << 11; break;
        case 'd': flags |= 1 << 13; break;
        case 'n': flags |= 1 << 14; break;
        default: *err = "Invalid event class character. Use 'Ag$lshzxeKEtmdn'."; return 0;
        }
    }
    cfg.notify_keyspace_events = flags;
    return 1;
}

static char *nke_get(struct cfg_param *p) {
    char buf[32], *s = buf;
    int f = cfg.notify_keyspace_events;
    if ((f & (0x7fc | (1 << 10))) == (0x7fc | (1 << 10))) *s++ = 'A';
    else {
        if (f & (1 << 2)) *s++ = 'g';
        if (f & (1 << 3)) *s++ = '$';
        if (f & (1 << 4)) *s++ = 'l';
        if (f & (1 << 5)) *s++ = 's';
        if (f & (1 << 6)) *s++ = 'h';
        if (f & (1 << 7)) *s++ = 'z';
        if (f & (1 << 8)) *s++ = 'x';
        if (f & (1 << 9)) *s++ = 'e';
        if (f & (1 << 10)) *s++ = 't';
    }
    if (f & (1 << 13)) *s++ = 'd';
    if (f & (1 << 11)) *s++ = 'm';
    if (f & (1 << 14)) *s++ = 'n';
    if (f & (1 << 0)) *s++ = 'K';
    if (f & (1 << 1)) *s++ = 'E';
    *s = '\0';
    return xstrdup(buf);
}

/* ------------------------------------------------------------ the table */

#define B(n, field, def, fl) {n, NULL, CT_BOOL, &cfg.field, sizeof(cfg.field), def, 0, 1, NULL, NULL, fl, NULL, NULL, NULL, 0}
#define I(n, field, def, lo, hi, fl) {n, NULL, CT_INT, &cfg.field, sizeof(cfg.field), def, lo, hi, NULL, NULL, fl, NULL, NULL, NULL, 0}
#define M(n, field, def, lo, hi, fl) {n, NULL, CT_MEMORY, &cfg.field, sizeof(cfg.field), def, lo, hi, NULL, NULL, fl, NULL, NULL, NULL, 0}
#define S(n, field, def, fl) {n, NULL, CT_STRING, &cfg.field, sizeof(cfg.field), 0, 0, 0, def, NULL, fl, NULL, NULL, NULL, 0}
#define E(n, field, def, en, fl) {n, NULL, CT_ENUM, &cfg.field, sizeof(cfg.field), def, 0, 0, NULL, en, fl, NULL, NULL, NULL, 0}
#define X(n, def, set, get, fl) {n, NULL, CT_SPECIAL, NULL, 0, 0, 0, 0, def, NULL, fl, set, get, NULL, 0}

struct cfg_param cfg_params[] = {
    I("port", port, 6379, 0, 65535, CF_MODIFIABLE),
    X("bind", "* -::*", bind_set, bind_get, CF_MULTI_ARG),
    I("tcp-backlog", tcp_backlog, 511, 0, INT_MAX, CF_IMMUTABLE),
    I("tcp-keepalive", tcp_keepalive, 300, 0, INT_MAX, 0),
    S("unixsocket", unixsocket, NULL, CF_IMMUTABLE),
    {"unixsocketperm", NULL, CT_INT, &cfg.unixsocketperm, sizeof(int), 0, 0, 0777, NULL, NULL, CF_IMMUTABLE | CF_OCTAL, NULL, NULL, NULL, 0},
    I("timeout", timeout, 0, 0, INT_MAX, 0),
    I("maxclients", maxclients, 10000, 1, INT_MAX, 0),
    B("protected-mode", protected_mode, 1, 0),
    M("proto-max-bulk-len", proto_max_bulk_len, 512LL * 1024 * 1024, 1024 * 1024, LLONG_MAX, 0),
    M("client-query-buffer-limit", client_query_buffer_limit, 1024LL * 1024 * 1024, 1024 * 1024, LLONG_MAX, 0),
    I("databases", databases, 16, 1, INT_MAX, CF_IMMUTABLE),
    I("hz", hz, 10, 0, INT_MAX, 0),
    B("dynamic-hz", dynamic_hz, 1, 0),
    E("loglevel", verbosity, LL_NOTICE, loglevel_enum, 0),
    S("logfile", logfile, "", CF_IMMUTABLE),
    B("daemonize", daemonize, 0, CF_IMMUTABLE),
    S("pidfile", pidfile, "", CF_IMMUTABLE),
    S("dir", dir, "./", 0),
    S("dbfilename", dbfilename, "dump.rdb", 0),
    X("save", "3600 1 300 100 60 10000", save_set, save_get, CF_MULTI_ARG),
    B("appendonly", appendonly, 0, 0),
    S("appendfilename", appendfilename, "appendonly.aof", CF_IMMUTABLE),
    S("appenddirname", appenddirname, "appendonlydir", CF_IMMUTABLE),
    E("appendfsync", appendfsync, 2, fsync_enum, 0),
    E("enable-debug-command", enable_debug_command, 0, debug_enum, CF_IMMUTABLE),
    E("enable-protected-configs", enable_protected_configs, 0, debug_enum, CF_IMMUTABLE),
    E("enable-module-command", enable_module_command, 0, debug_enum, CF_IMMUTABLE),
    I("active-expire-effort", active_expire_effort, 1, 1, 10, 0),
    B("lazyfree-lazy-expire", lazyfree_lazy_expire, 0, 0),
    B("lazyfree-lazy-server-del", lazyfree_lazy_server_del, 0, 0),
    B("lazyfree-lazy-user-del", lazyfree_lazy_user_del, 0, 0),
    B("lazyfree-lazy-user-flush", lazyfree_lazy_user_flush, 0, 0),
    B("lazyfree-lazy-eviction", lazyfree_lazy_eviction, 0, 0),
    M("maxmemory", maxmemory, 0, 0, LLONG_MAX, 0),
    E("maxmemory-policy", maxmemory_policy, 7, maxmemory_policy_enum, 0),
    I("maxmemory-samples", maxmemory_samples, 5, 1, 64, 0),
    I("lfu-log-factor", lfu_log_factor, 10, 0, INT_MAX, 0),
    I("lfu-decay-time", lfu_decay_time, 1, 0, INT_MAX, 0),
    I("slowlog-log-slower-than", slowlog_log_slower_than, 10000, -1, LLONG_MAX, 0),
    I("slowlog-max-len", slowlog_max_len, 128, 0, LONG_MAX, 0),
    I("latency-monitor-threshold", latency_monitor_threshold, 0, 0, LLONG_MAX, 0),
    I("busy-reply-threshold", busy_reply_threshold, 5000, 0, LONG_MAX, 0),
    M("hash-max-listpack-entries", hash_max_listpack_entries, 128, 0, LONG_MAX, 0),
    M("hash-max-listpack-value", hash_max_listpack_value, 64, 0, LONG_MAX, 0),
    M("set-max-intset-entries", set_max_intset_entries, 512, 0, LONG_MAX, 0),
    M("zset-max-listpack-entries", zset_max_listpack_entries, 128, 0, LONG_MAX, 0),
    M("zset-max-listpack-value", zset_max_listpack_value, 64, 0, LONG_MAX, 0),
    I("list-max-listpack-size", list_max_listpack_size, -2, INT_MIN, INT_MAX, 0),
    I("list-compress-depth", list_compress_depth, 0, 0, INT_MAX, 0),
    M("stream-node-max-bytes", stream_node_max_bytes, 4096, 0, LONG_MAX, 0),
    I("stream-node-max-entries", stream_node_max_entries, 100, 0, LLONG_MAX, 0),
    M("hll-sparse-max-bytes", hll_sparse_max_bytes, 3000, 0, LONG_MAX, 0),
    X("notify-keyspace-events", "", nke_set, nke_get, 0),
    S("requirepass", requirepass, NULL, CF_SENSITIVE),
    B("crash-log-enabled", crash_log_enabled, 1, 0),
    I("io-threads", io_threads, 1, 1, 128, CF_IMMUTABLE),
    {NULL, NULL, 0, NULL, 0, 0, 0, 0, NULL, NULL, 0, NULL, NULL, NULL, 0},
};

/* ------------------------------------------------------------ accessors */

static long long get_int(const struct cfg_param *p) {
    switch (p->size) {
    case sizeof(int): return *(int *)p->field;
    default: return *(long long *)p->field;
    }
}

static void put_int(struct cfg_param *p, long long v) {
    if (p->size == sizeof(int)) *(int *)p->field = (int)v;
    else *(long long *)p->field = v;
}

struct cfg_param *cfg_lookup(const char *name) {
    for (struct cfg_param *p = cfg_params; p->name; p++)
        if (!strcasecmp(p->name, name) || (p->alias && !strcasecmp(p->alias, name))) return p;
    return NULL;
}

static char errbuf[256];

int cfg_set(struct cfg_param *p, char **argv, int argc, const char **err) {
    if (p->type == CT_SPECIAL) return p->set(p, argv, argc, err);
    if (argc != 1) {
        *err = "wrong number of arguments";
        return 0;
    }
    const char *v = argv[0];
    switch (p->type) {
    case CT_BOOL:
        if (!strcasecmp(v, "yes")) put_int(p, 1);
        else if (!strcasecmp(v, "no")) put_int(p, 0);
        else {
            *err = "argument must be 'yes' or 'no'";
            return 0;
        }
        return 1;
    case CT_INT:
    case CT_MEMORY: {
        long long n;
        int ok;
        if (p->flags & CF_OCTAL) {
            char *end;
            errno = 0;
            n = strtoll(v, &end, 8);
            ok = *v && !*end && !errno;
        } else if (p->type == CT_MEMORY) {
            ok = parse_memory(v, &n);
        } else {
            ok = str2ll(v, strlen(v), &n);
        }
        if (!ok) {
            *err = p->type == CT_MEMORY ? "argument must be a memory value" : "argument couldn't be parsed into an integer";
            return 0;
        }
        if (n < p->min || n > p->max) {
            if (p->flags & CF_OCTAL)
                snprintf(errbuf, sizeof(errbuf), "argument must be between %llo and %llo inclusive", p->min, p->max);
            else
                snprintf(errbuf, sizeof(errbuf), "argument must be between %lld and %lld inclusive", p->min, p->max);
            *err = errbuf;
            return 0;
        }
        put_int(p, n);
        return 1;
    }
    case CT_STRING: {
        char **f = (char **)p->field;
        xfree(*f);
        *f = xstrdup(v);
        return 1;
    }
    case CT_ENUM:
        for (const struct cfg_enum *e = p->enums; e->name; e++)
            if (!strcasecmp(e->name, v)) {
                put_int(p, e->value);
                return 1;
            }
        {
            size_t n = (size_t)snprintf(errbuf, sizeof(errbuf), "argument(s) must be one of the following: ");
            for (const struct cfg_enum *e = p->enums; e->name; e++)
                n += (size_t)snprintf(errbuf + n, sizeof(errbuf) - n, "%s%s", e == p->enums ? "" : ", ", e->name);
            *err = errbuf;
        }
        return 0;
    }
    return 0;
}

char *cfg_get(struct cfg_param *p) {
    char buf[64];
    switch (p->type) {
    case CT_BOOL: return xstrdup(get_int(p) ? "yes" : "no");
    case CT_INT:
        if (p->flags & CF_OCTAL) snprintf(buf, sizeof(buf), "%llo", get_int(p));
        else snprintf(buf, sizeof(buf), "%lld", get_int(p));
        return xstrdup(buf);
    case CT_MEMORY: snprintf(buf, sizeof(buf), "%lld", get_int(p)); return xstrdup(buf);
    case CT_STRING: {
        char *s = *(char **)p->field;
        return xstrdup(s ? s : "");
    }
    case CT_ENUM:
        for (const struct cfg_enum *e = p->enums; e->name; e++)
            if (e->value == get_int(p)) return xstrdup(e->name);
        return xstrdup("");
    case CT_SPECIAL: return p->get(p);
    }
    return xstrdup("");
}

/* Applies a default given as text (used for SPECIAL and STRING). */
static void set_default(struct cfg_param *p) {
    const char *err;
    if (p->type == CT_BOOL || p->type == CT_INT || p->type == CT_MEMORY || p->type == CT_ENUM) {
        put_int(p, p->def);
    } else if (p->type == CT_STRING) {
        char **f = (char **)p->field;
        *f = p->sdef ? xstrdup(p->sdef) : NULL;
    } else if (p->sdef) {
        char *line = xstrdup(p->sdef);
        size_t *off = NULL, *len = NULL;
        int cap = 0;
        int argc = resp_split_inline(line, strlen(line), &off, &len, &cap);
        char *argv[64];
        for (int i = 0; i < argc && i < 64; i++) {
            argv[i] = line + off[i];
            argv[i][len[i]] = '\0';
        }
        if (argc == 0) {
            argv[0] = "";
            argc = 1;
        }
        p->set(p, argv, argc, &err);
        xfree(off);
        xfree(len);
        xfree(line);
    }
}

void config_init_defaults(void) {
    memset(&cfg, 0, sizeof(cfg));
    for (struct cfg_param *p = cfg_params; p->name; p++) set_default(p);
    cfg.active_expire_enabled = 1;
}

/* ------------------------------------------------------------ loading */

static char *read_file(const char *path) {
    FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
    if (!f) return NULL;
    size_t cap = 4096, len = 0;
    char *buf = xmalloc(cap);
    size_t n;
    while ((n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (cap - len < 2) buf = xrealloc(buf, cap *= 2);
    }
    buf[len] = '\0';
    if (f != stdin) fclose(f);
    return buf;
}

static void load_error(const char *line, int linenum, const char *err) {
    fprintf(stderr, "\n*** FATAL CONFIG FILE ERROR (Redis %s) ***\n", MNEMO_VERSION);
    if (line) {
        fprintf(stderr, "Reading the configuration file, at line %d\n", linenum);
        fprintf(stderr, ">>> '%s'\n", line);
    }
    fprintf(stderr, "%s\n", err);
    exit(1);
}

static void load_string(char *text, int depth);

static void load_path(const char *path, int depth) {
    char *text = read_file(path);
    if (!text) {
        fprintf(stderr, "Fatal error, can't open config file '%s': %s\n", path, strerror(errno));
        exit(1);
    }
    load_string(text, depth);
    xfree(text);
}

static void load_string(char *text, int depth) {
    int linenum = 0;
    char *next = text;
    while (next) {
        char *line = next;
        char *nl = strchr(line, '\n');
        if (nl) {
            *nl = '\0';
            next = nl + 1;
        } else {
            next = NULL;
            if (!*line) break;
        }
        linenum++;
        /* trim */
        while (*line == ' ' || *line == '\t' || *line == '\r') line++;
        size_t l = strlen(line);
        while (l && (line[l - 1] == ' ' || line[l - 1] == '\t' || line[l - 1] == '\r')) line[--l] = '\0';
        if (line[0] == '#' || line[0] == '\0') continue;
        char *orig = xstrdup(line);
        size_t *off = NULL, *len = NULL;
        int cap = 0;
        int argc = resp_split_inline(line, l, &off, &len, &cap);
        if (argc < 0) load_error(orig, linenum, "Unbalanced quotes in configuration line");
        if (argc == 0) {
            xfree(orig);
            continue;
        }
        char **argv = xmalloc(sizeof(char *) * (size_t)argc);
        for (int i = 0; i < argc; i++) {
            argv[i] = line + off[i];
            argv[i][len[i]] = '\0';
        }
        str_tolower(argv[0], strlen(argv[0]));
        const char *err = NULL;
        struct cfg_param *p = cfg_lookup(argv[0]);
        if (p) {
            if (!(p->flags & CF_MULTI_ARG) && argc != 2) {
                err = "wrong number of arguments";
            } else if ((p->flags & CF_MULTI_ARG) && argc == 2 && argv[1][0]) {
                /* "--save '900 1 300 10'" style: split the single argument */
                char *sub = xstrdup(argv[1]);
                size_t *so = NULL, *sl = NULL;
                int scap = 0;
                int sargc = resp_split_inline(sub, strlen(sub), &so, &sl, &scap);
                char **sargv = xmalloc(sizeof(char *) * (size_t)(sargc > 0 ? sargc : 1));
                for (int i = 0; i < sargc; i++) {
                    sargv[i] = sub + so[i];
                    sargv[i][sl[i]] = '\0';
                }
                if (sargc <= 0 || !cfg_set(p, sargv, sargc, &err)) {
                    if (!err) err = "Unbalanced quotes in configuration line";
                }
                xfree(sargv);
                xfree(so);
                xfree(sl);
                xfree(sub);
            } else if (!cfg_set(p, argv + 1, argc - 1, &err)) {
                /* err set */
            }
            p->loading_seen = 1;
        } else if (!strcmp(argv[0], "include") && argc == 2) {
            if (depth > 16) err = "Too many nested includes";
            else load_path(argv[1], depth + 1);
        } else if (cfg_ignored(argv[0])) {
            /* a Redis directive we accept and ignore (documented in mnemo.conf) */
        } else {
            err = "Bad directive or wrong number of arguments";
        }
        if (err) load_error(orig, linenum, err);
        xfree(argv);
        xfree(off);
        xfree(len);
        xfree(orig);
    }
}

void config_load(const char *file, const char *overrides) {
    if (file) load_path(file, 0);
    if (overrides && overrides[0]) {
        char *o = xstrdup(overrides);
        load_string(o, 0);
        xfree(o);
    }
    if (cfg.logfile && cfg.logfile[0]) {
        FILE *f = fopen(cfg.logfile, "a");
        if (!f) {
            char err[300];
            snprintf(err, sizeof(err), "Can't open the log file: %s", strerror(errno));
            load_error(NULL, 0, err);
        }
        fclose(f);
    }
    if (cfg.hz < 1) cfg.hz = 1;
    if (cfg.hz > 500) cfg.hz = 500;
}

void config_free(void) {
}

/* Directives of Redis 7.0 that Mnemo parses but has no behaviour for yet.
 * The config issue moves each into cfg_params as its feature lands. */
int cfg_ignored(const char *name) {
    static const char *const names[] = {
        "always-show-logo", "repl-diskless-sync-delay", "rdbcompression", "slave-serve-stale-data",
        "replica-serve-stale-data", "no-appendfsync-on-rewrite", "activerehashing",
        "propagation-error-behavior", "rdbchecksum", "stop-writes-on-bgsave-error", NULL};
    for (int i = 0; names[i]; i++)
        if (!strcasecmp(names[i], name)) return 1;
    return 0;
}
