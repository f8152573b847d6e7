/* config: the table of parameters, the config-file / argument loader, CONFIG
 * REWRITE and the generator of mnemo.conf.
 *
 * Each parameter is one row of cfg_params[]: name (and an alias), a type,
 * where its value lives in `cfg`, its default, limits, flags, an optional
 * check and apply hook, and the comment that documents it in mnemo.conf.
 * Loading, CONFIG GET/SET (config_cmd.c), CONFIG REWRITE and mnemo.conf are
 * all derived from the rows.
 *
 * Types: BOOL (yes/no), INT and MEMORY (numbers; MEMORY takes units 1k 1kb 1m
 * 1mb 1g 1gb in any case), STRING, ENUM (names -> int; several names OR-ed for
 * multi-argument enums) and SPECIAL (own set/get/rewrite functions).
 *
 * Loading follows redis-server: the config file, then stdin ("-"), then the
 * command-line options are concatenated into one text and read line by line;
 * the first error prints Redis's "FATAL CONFIG FILE ERROR" block and exits 1. */
#include "config.h"
#include "aof.h"
#include "evict.h"
#include "ae.h"
#include "client.h"
#include "configtab.h"
#include "db.h"
#include "log.h"
#include "mem.h"
#include "net.h"
#include "resp.h"
#include "server.h"
#include "util.h"
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

struct config cfg;

static int loading_file; /* reading a config file / options: "save" lines accumulate */
static int save_seen;    /* the first "save" line read replaced the defaults */
static char errbuf[256]; /* text of the last formatted error */

/* ------------------------------------------------------------ small helpers */

/* A growable string. */
struct sbuf {
    char *p;
    size_t len, cap;
};

static void sb_catlen(struct sbuf *b, const char *s, size_t n) {
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->len + n + 1)
            cap *= 2;
        b->p = xrealloc(b->p, cap);
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void sb_cat(struct sbuf *b, const char *s) {
    sb_catlen(b, s, strlen(s));
}

static void sb_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(struct sbuf *b, const char *fmt, ...) {
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n < sizeof(tmp)) {
        sb_catlen(b, tmp, (size_t)n);
        return;
    }
    char *big = xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb_catlen(b, big, (size_t)n);
    xfree(big);
}

static char *sb_take(struct sbuf *b) {
    if (!b->p) return xstrdup("");
    return b->p;
}

/* Appends s as a double-quoted string with escapes (the form redis-cli and
 * config files read back). */
static void sb_repr(struct sbuf *b, const char *s, size_t len) {
    sb_cat(b, "\"");
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '\\': sb_cat(b, "\\\\"); break;
        case '"': sb_cat(b, "\\\""); break;
        case '\n': sb_cat(b, "\\n"); break;
        case '\r': sb_cat(b, "\\r"); break;
        case '\t': sb_cat(b, "\\t"); break;
        case '\a': sb_cat(b, "\\a"); break;
        case '\b': sb_cat(b, "\\b"); break;
        default:
            if (isprint(c))
                sb_catlen(b, (const char *)&c, 1);
            else
                sb_printf(b, "\\x%02x", c);
        }
    }
    sb_cat(b, "\"");
}

/* Splits a line with config-file quoting rules. Returns argc (argv points into
 * line, which is modified) or -1 on unbalanced quotes. *argv is xmalloc'd. */
static int split_args(char *line, char ***argv) {
    size_t *off = NULL, *len = NULL;
    int cap = 0;
    int argc = resp_split_inline(line, strlen(line), &off, &len, &cap);
    *argv = NULL;
    if (argc >= 0) {
        *argv = xmalloc(sizeof(char *) * (size_t)(argc + 1));
        for (int i = 0; i < argc; i++) {
            (*argv)[i] = line + off[i];
            (*argv)[i][len[i]] = '\0';
        }
        (*argv)[argc] = NULL;
    }
    xfree(off);
    xfree(len);
    return argc;
}

/* Memory amounts the way Redis reads them: decimal digits then an optional
 * unit (b k kb m mb g gb, any case); no sign, no spaces; an empty number is 0;
 * overflow saturates like strtoull. */
static int parse_mem(const char *s, unsigned long long *out) {
    const char *u = s;
    if (*u == '-') return 0;
    while (*u && isdigit((unsigned char)*u))
        u++;
    unsigned long long mul;
    if (*u == '\0' || !strcasecmp(u, "b"))
        mul = 1;
    else if (!strcasecmp(u, "k"))
        mul = 1000;
    else if (!strcasecmp(u, "kb"))
        mul = 1024;
    else if (!strcasecmp(u, "m"))
        mul = 1000 * 1000;
    else if (!strcasecmp(u, "mb"))
        mul = 1024 * 1024;
    else if (!strcasecmp(u, "g"))
        mul = 1000ULL * 1000 * 1000;
    else if (!strcasecmp(u, "gb"))
        mul = 1024ULL * 1024 * 1024;
    else
        return 0;
    size_t digits = (size_t)(u - s);
    if (digits >= 128) return 0;
    char buf[128];
    memcpy(buf, s, digits);
    buf[digits] = '\0';
    *out = strtoull(buf, NULL, 10) * mul;
    return 1;
}

/* "%f" without trailing zeros (and without a trailing '.'). */
static void fmt_percentile(char *buf, size_t n, double v) {
    snprintf(buf, n, "%f", v);
    if (strchr(buf, '.')) {
        size_t l = strlen(buf);
        while (l && buf[l - 1] == '0')
            buf[--l] = '\0';
        if (l && buf[l - 1] == '.') buf[--l] = '\0';
    }
}

/* Absolute form of a path relative to the current directory, resolving
 * leading "../" (the file need not exist). xmalloc'd. */
static char *absolute_path(const char *path) {
    while (*path == ' ' || *path == '\t')
        path++;
    if (path[0] == '/') return xstrdup(path);
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof(cwd))) return xstrdup(path);
    size_t cl = strlen(cwd);
    while (path[0] == '.' && path[1] == '.' && path[2] == '/') {
        path += 3;
        if (cl > 1) {
            while (cl > 1 && cwd[cl - 1] != '/')
                cl--;
            if (cl > 1) cl--; /* the slash itself */
            cwd[cl] = '\0';
        }
    }
    struct sbuf b = {0};
    sb_cat(&b, cwd);
    if (b.len == 0 || b.p[b.len - 1] != '/') sb_cat(&b, "/");
    sb_cat(&b, path);
    return sb_take(&b);
}

/* ------------------------------------------------------------ enums */

static const struct cfg_enum loglevel_enum[] = {{"debug", LL_DEBUG},
                                                {"verbose", LL_VERBOSE},
                                                {"notice", LL_NOTICE},
                                                {"warning", LL_WARNING},
                                                {NULL, 0}};
static const struct cfg_enum protected_action_enum[] = {{"no", PROTECTED_ACTION_NO},
                                                        {"yes", PROTECTED_ACTION_YES},
                                                        {"local", PROTECTED_ACTION_LOCAL},
                                                        {NULL, 0}};
static const struct cfg_enum fsync_enum[] = {{"everysec", AOF_FSYNC_EVERYSEC},
                                             {"always", AOF_FSYNC_ALWAYS},
                                             {"no", AOF_FSYNC_NO},
                                             {NULL, 0}};
static const struct cfg_enum maxmemory_policy_enum[] = {
    {"volatile-lru", MAXMEMORY_VOLATILE_LRU},
    {"volatile-lfu", MAXMEMORY_VOLATILE_LFU},
    {"volatile-random", MAXMEMORY_VOLATILE_RANDOM},
    {"volatile-ttl", MAXMEMORY_VOLATILE_TTL},
    {"allkeys-lru", MAXMEMORY_ALLKEYS_LRU},
    {"allkeys-lfu", MAXMEMORY_ALLKEYS_LFU},
    {"allkeys-random", MAXMEMORY_ALLKEYS_RANDOM},
    {"noeviction", MAXMEMORY_NO_EVICTION},
    {NULL, 0}};
static const struct cfg_enum syslog_facility_enum[] = {
    {"user", 8},     {"local0", 128}, {"local1", 136}, {"local2", 144}, {"local3", 152},
    {"local4", 160}, {"local5", 168}, {"local6", 176}, {"local7", 184}, {NULL, 0}};
static const struct cfg_enum supervised_enum[] = {{"upstart", SUPERVISED_UPSTART},
                                                  {"systemd", SUPERVISED_SYSTEMD},
                                                  {"auto", SUPERVISED_AUTO},
                                                  {"no", SUPERVISED_NONE},
                                                  {NULL, 0}};
static const struct cfg_enum shutdown_on_sig_enum[] = {
    {"default", 0},        {"save", SHUTDOWN_SAVE},   {"nosave", SHUTDOWN_NOSAVE},
    {"now", SHUTDOWN_NOW}, {"force", SHUTDOWN_FORCE}, {NULL, 0}};
static const struct cfg_enum repl_diskless_load_enum[] = {
    {"disabled", REPL_DISKLESS_LOAD_DISABLED},
    {"on-empty-db", REPL_DISKLESS_LOAD_ON_EMPTY_DB},
    {"swapdb", REPL_DISKLESS_LOAD_SWAPDB},
    {NULL, 0}};
static const struct cfg_enum tls_auth_clients_enum[] = {{"no", TLS_CLIENT_AUTH_NO},
                                                        {"yes", TLS_CLIENT_AUTH_YES},
                                                        {"optional", TLS_CLIENT_AUTH_OPTIONAL},
                                                        {NULL, 0}};
static const struct cfg_enum oom_score_adj_enum[] = {{"no", OOM_SCORE_ADJ_NO},
                                                     {"yes", OOM_SCORE_RELATIVE},
                                                     {"relative", OOM_SCORE_RELATIVE},
                                                     {"absolute", OOM_SCORE_ADJ_ABSOLUTE},
                                                     {NULL, 0}};
static const struct cfg_enum acl_pubsub_default_enum[] = {
    {"allchannels", ACL_PUBSUB_ALLCHANNELS},
    {"resetchannels", ACL_PUBSUB_RESETCHANNELS},
    {NULL, 0}};
static const struct cfg_enum sanitize_dump_payload_enum[] = {{"no", SANITIZE_DUMP_NO},
                                                             {"yes", SANITIZE_DUMP_YES},
                                                             {"clients", SANITIZE_DUMP_CLIENTS},
                                                             {NULL, 0}};
static const struct cfg_enum endpoint_type_enum[] = {{"ip", CLUSTER_ENDPOINT_IP},
                                                     {"hostname", CLUSTER_ENDPOINT_HOSTNAME},
                                                     {"unknown-endpoint", CLUSTER_ENDPOINT_UNKNOWN},
                                                     {NULL, 0}};
static const struct cfg_enum propagation_error_enum[] = {
    {"ignore", PROPAGATION_ERR_IGNORE},
    {"panic", PROPAGATION_ERR_PANIC},
    {"panic-on-replicas", PROPAGATION_ERR_PANIC_ON_REPLICAS},
    {NULL, 0}};

/* ------------------------------------------------------------ rewrite state */

/* CONFIG REWRITE works on the lines of the old file: each known option
 * remembers the lines where it appeared; new values reuse those lines in
 * order, extra values are appended after a signature comment, and lines of
 * processed options that were not reused are blanked. */
#define REWRITE_SIGNATURE "# Generated by CONFIG REWRITE"

struct rw_option {
    char *name;
    int *lines, n, first, cap;
};

struct cfg_rewrite {
    char **lines;
    int nlines, cap;
    struct rw_option *opts;
    int nopts, capopts;
    char **done;
    int ndone, capdone;
    int needs_signature, force_all;
};

static void rw_append(struct cfg_rewrite *rw, char *line) {
    if (rw->nlines == rw->cap) {
        rw->cap = rw->cap ? rw->cap * 2 : 64;
        rw->lines = xrealloc(rw->lines, sizeof(char *) * (size_t)rw->cap);
    }
    rw->lines[rw->nlines++] = line;
}

static struct rw_option *rw_find(struct cfg_rewrite *rw, const char *name) {
    for (int i = 0; i < rw->nopts; i++)
        if (!strcasecmp(rw->opts[i].name, name)) return &rw->opts[i];
    return NULL;
}

static void rw_add_line_of(struct cfg_rewrite *rw, const char *name, int line) {
    struct rw_option *o = rw_find(rw, name);
    if (!o) {
        if (rw->nopts == rw->capopts) {
            rw->capopts = rw->capopts ? rw->capopts * 2 : 32;
            rw->opts = xrealloc(rw->opts, sizeof(*rw->opts) * (size_t)rw->capopts);
        }
        o = &rw->opts[rw->nopts++];
        memset(o, 0, sizeof(*o));
        o->name = xstrdup(name);
    }
    if (o->n == o->cap) {
        o->cap = o->cap ? o->cap * 2 : 4;
        o->lines = xrealloc(o->lines, sizeof(int) * (size_t)o->cap);
    }
    o->lines[o->n++] = line;
}

static int rw_is_done(struct cfg_rewrite *rw, const char *name) {
    for (int i = 0; i < rw->ndone; i++)
        if (!strcasecmp(rw->done[i], name)) return 1;
    return 0;
}

/* Marks an option as handled: its unused old lines will be blanked. */
static void rw_mark(struct cfg_rewrite *rw, const char *name) {
    if (rw_is_done(rw, name)) return;
    if (rw->ndone == rw->capdone) {
        rw->capdone = rw->capdone ? rw->capdone * 2 : 64;
        rw->done = xrealloc(rw->done, sizeof(char *) * (size_t)rw->capdone);
    }
    rw->done[rw->ndone++] = xstrdup(name);
}

/* Puts `line` (xmalloc'd, consumed) for option: in place of the option's next
 * old line, or appended when force (value differs from the default). */
static void rw_line(struct cfg_rewrite *rw, const char *name, char *line, int force) {
    rw_mark(rw, name);
    struct rw_option *o = rw_find(rw, name);
    if (o && o->first < o->n) {
        int idx = o->lines[o->first++];
        xfree(rw->lines[idx]);
        rw->lines[idx] = line;
        return;
    }
    if (!force && !rw->force_all) {
        xfree(line);
        return;
    }
    if (rw->needs_signature) {
        rw_append(rw, xstrdup(REWRITE_SIGNATURE));
        rw->needs_signature = 0;
    }
    rw_append(rw, line);
}

static char *fmtline(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *fmtline(const char *fmt, ...) {
    char tmp[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof(tmp), fmt, ap);
    va_end(ap);
    return xstrdup(tmp);
}

/* Memory values as redis.conf writes them: 1gb / 64mb / 4kb when exact. */
static void fmt_memory(char *buf, size_t n, long long v) {
    const long long gb = 1LL << 30, mb = 1LL << 20, kb = 1LL << 10;
    if (v && v % gb == 0)
        snprintf(buf, n, "%lldgb", v / gb);
    else if (v && v % mb == 0)
        snprintf(buf, n, "%lldmb", v / mb);
    else if (v && v % kb == 0)
        snprintf(buf, n, "%lldkb", v / kb);
    else
        snprintf(buf, n, "%lld", v);
}

/* "name \"value\"" for strings; NULL removes the option from the file. */
static void rw_string(struct cfg_rewrite *rw, const char *name, const char *value,
                      const char *def) {
    if (!value) {
        rw_mark(rw, name);
        return;
    }
    struct sbuf b = {0};
    sb_cat(&b, name);
    sb_cat(&b, " ");
    sb_repr(&b, value, strlen(value));
    rw_line(rw, name, sb_take(&b), !(def && !strcmp(value, def)));
}

/* ------------------------------------------------------------ special parameters */

static int save_set(struct cfg_param *p, char **argv, int argc, const char **err) {
    if (argc == 1 && argv[0][0] == '\0') { /* save "": no snapshots, whatever came before */
        xfree(cfg.save);
        cfg.save = NULL;
        cfg.nsave = 0;
        argc = 0;
    }
    if (argc % 2) {
        *err = "Invalid save parameters";
        return 0;
    }
    for (int i = 0; i < argc; i++) {
        char *end;
        long long v = strtoll(argv[i], &end, 10);
        if (*end != '\0' || (i % 2 == 0 && v < 1) || (i % 2 == 1 && v < 0)) {
            *err = "Invalid save parameters";
            return 0;
        }
    }
    /* In a config file, the first "save" line replaces the defaults and the
     * following ones add points; CONFIG SET replaces everything. */
    if (!loading_file || !save_seen) {
        xfree(cfg.save);
        cfg.save = NULL;
        cfg.nsave = 0;
        if (loading_file) save_seen = 1;
    }
    if (argc) cfg.save = xrealloc(cfg.save, sizeof(*cfg.save) * (size_t)(cfg.nsave + argc / 2));
    for (int i = 0; i < argc; i += 2) {
        cfg.save[cfg.nsave].seconds = strtoll(argv[i], NULL, 10);
        cfg.save[cfg.nsave].changes = strtoll(argv[i + 1], NULL, 10);
        cfg.nsave++;
    }
    return 1;
}

static char *save_get(struct cfg_param *p) {
    struct sbuf b = {0};
    for (int i = 0; i < cfg.nsave; i++)
        sb_printf(&b, "%s%lld %lld", i ? " " : "", cfg.save[i].seconds, cfg.save[i].changes);
    return sb_take(&b);
}

static void save_rewrite(struct cfg_param *p, struct cfg_rewrite *rw) {
    if (!cfg.nsave) rw_line(rw, p->name, xstrdup("save \"\""), 1);
    for (int i = 0; i < cfg.nsave; i++)
        rw_line(rw, p->name, fmtline("save %lld %lld", cfg.save[i].seconds, cfg.save[i].changes),
                1);
    rw_mark(rw, p->name);
}

static int bind_set(struct cfg_param *p, char **argv, int argc, const char **err) {
    if (argc > CONFIG_MAX_BIND) {
        *err = "Too many bind addresses specified.";
        return 0;
    }
    if (argc == 1 && argv[0][0] == '\0') argc = 0;
    for (int i = 0; i < cfg.nbind; i++)
        xfree(cfg.bind[i]);
    for (int i = 0; i < argc; i++)
        cfg.bind[i] = xstrdup(argv[i]);
    cfg.nbind = argc;
    return 1;
}

static char *bind_get(struct cfg_param *p) {
    struct sbuf b = {0};
    for (int i = 0; i < cfg.nbind; i++) {
        if (i) sb_cat(&b, " ");
        sb_cat(&b, cfg.bind[i]);
    }
    return sb_take(&b);
}

static void bind_rewrite(struct cfg_param *p, struct cfg_rewrite *rw) {
    char *cur = bind_get(p);
    int is_default = !strcmp(cur, p->sdef);
    xfree(cur);
    if (is_default) {
        rw_mark(rw, p->name);
        return;
    }
    struct sbuf b = {0};
    sb_cat(&b, p->name);
    if (cfg.nbind == 0) sb_cat(&b, " \"\"");
    for (int i = 0; i < cfg.nbind; i++)
        sb_printf(&b, " %s", cfg.bind[i]);
    rw_line(rw, p->name, sb_take(&b), 1);
}

static char *dir_get(struct cfg_param *p) {
    char buf[PATH_MAX];
    if (!getcwd(buf, sizeof(buf))) buf[0] = '\0';
    return xstrdup(buf);
}

static int dir_set(struct cfg_param *p, char **argv, int argc, const char **err) {
    if (argc != 1) {
        *err = "wrong number of arguments";
        return 0;
    }
    if (chdir(argv[0]) == -1) {
        *err = strerror(errno);
        return 0;
    }
    xfree(cfg.dir);
    cfg.dir = dir_get(p);
    return 1;
}

static void dir_rewrite(struct cfg_param *p, struct cfg_rewrite *rw) {
    char buf[PATH_MAX];
    if (!getcwd(buf, sizeof(buf))) {
        rw_mark(rw, p->name);
        return;
    }
    rw_string(rw, p->name, buf, NULL);
}

static const char *const obuf_class_names[OBUF_CLASSES] = {"normal", "slave", "pubsub"};
static const struct obuf_limit obuf_defaults[OBUF_CLASSES] = {
    {0, 0, 0}, {256LL << 20, 64LL << 20, 60}, {32LL << 20, 8LL << 20, 60}};

static int obuf_class(const char *name) {
    if (!strcasecmp(name, "normal")) return OBUF_NORMAL;
    if (!strcasecmp(name, "slave") || !strcasecmp(name, "replica")) return OBUF_REPLICA;
    if (!strcasecmp(name, "pubsub")) return OBUF_PUBSUB;
    return -1; /* "master" is a client type too, but has no limits */
}

static int obuf_set(struct cfg_param *p, char **argv, int argc, const char **err) {
    if (argc % 4) {
        *err = "Wrong number of arguments in buffer limit configuration.";
        return 0;
    }
    struct obuf_limit vals[OBUF_CLASSES];
    int given[OBUF_CLASSES] = {0};
    for (int i = 0; i < argc; i += 4) {
        int cls = obuf_class(argv[i]);
        if (cls < 0) {
            *err = "Invalid client class specified in buffer limit configuration.";
            return 0;
        }
        unsigned long long hard, soft;
        char *end;
        long long secs = strtoll(argv[i + 3], &end, 10);
        if (!parse_mem(argv[i + 1], &hard) || !parse_mem(argv[i + 2], &soft) || secs < 0 || *end) {
            *err = "Error in hard, soft or soft_seconds setting in buffer limit configuration.";
            return 0;
        }
        vals[cls].hard = (long long)hard;
        vals[cls].soft = (long long)soft;
        vals[cls].soft_seconds = secs;
        given[cls] = 1;
    }
    for (int c = 0; c < OBUF_CLASSES; c++)
        if (given[c]) cfg.obuf_limits[c] = vals[c];
    return 1;
}

static char *obuf_get(struct cfg_param *p) {
    struct sbuf b = {0};
    for (int c = 0; c < OBUF_CLASSES; c++)
        sb_printf(&b, "%s%s %llu %llu %lld", c ? " " : "", obuf_class_names[c],
                  (unsigned long long)cfg.obuf_limits[c].hard,
                  (unsigned long long)cfg.obuf_limits[c].soft, cfg.obuf_limits[c].soft_seconds);
    return sb_take(&b);
}

static void obuf_rewrite(struct cfg_param *p, struct cfg_rewrite *rw) {
    for (int c = 0; c < OBUF_CLASSES; c++) {
        const struct obuf_limit *l = &cfg.obuf_limits[c], *d = &obuf_defaults[c];
        int force = l->hard != d->hard || l->soft != d->soft || l->soft_seconds != d->soft_seconds;
        char hard[32], soft[32];
        fmt_memory(hard, sizeof(hard), l->hard);
        fmt_memory(soft, sizeof(soft), l->soft);
        rw_line(rw, p->name,
                fmtline("%s %s %s %s %lld", p->name,
                        c == OBUF_REPLICA ? "replica" : obuf_class_names[c], hard, soft,
                        l->soft_seconds),
                force);
    }
}

static const int oom_defaults[OOM_CLASSES] = {0, 200, 800};

static int oom_values_set(struct cfg_param *p, char **argv, int argc, const char **err) {
    if (argc != OOM_CLASSES) {
        *err = "wrong number of arguments";
        return 0;
    }
    int vals[OOM_CLASSES];
    for (int i = 0; i < OOM_CLASSES; i++) {
        char *end;
        long long v = strtoll(argv[i], &end, 10);
        if (*end || v < -2000 || v > 2000) {
            *err = "Invalid oom-score-adj-values, elements must be between -2000 and 2000.";
            return 0;
        }
        vals[i] = (int)v;
    }
    if (vals[OOM_REPLICA] < vals[OOM_MASTER] || vals[OOM_BGCHILD] < vals[OOM_REPLICA])
        log_warning(
            "The oom-score-adj-values configuration may not work for non-privileged processes! "
            "Please consult the documentation.");
    int changed = 0;
    for (int i = 0; i < OOM_CLASSES; i++) {
        if (cfg.oom_score_adj_values[i] != vals[i]) changed = 1;
        cfg.oom_score_adj_values[i] = vals[i];
    }
    return changed ? 1 : 2;
}

static char *oom_values_get(struct cfg_param *p) {
    return fmtline("%d %d %d", cfg.oom_score_adj_values[0], cfg.oom_score_adj_values[1],
                   cfg.oom_score_adj_values[2]);
}

static void oom_values_rewrite(struct cfg_param *p, struct cfg_rewrite *rw) {
    int force = 0;
    for (int i = 0; i < OOM_CLASSES; i++)
        if (cfg.oom_score_adj_values[i] != oom_defaults[i]) force = 1;
    char *v = oom_values_get(p);
    rw_line(rw, p->name, fmtline("%s %s", p->name, v), force);
    xfree(v);
}

/* notify-keyspace-events classes */
#define NKE_KEYSPACE (1 << 0)
#define NKE_KEYEVENT (1 << 1)
#define NKE_MODULE   (1 << 13)
#define NKE_ALL                                                                                    \
    (NOTIFY_GENERIC | NOTIFY_STRING | NOTIFY_LIST | NOTIFY_SET | NOTIFY_HASH | NOTIFY_ZSET |       \
     NOTIFY_EXPIRED | NOTIFY_EVICTED | NOTIFY_STREAM | NKE_MODULE)

static int nke_parse(const char *s) {
    int flags = 0;
    for (; *s; s++) {
        switch (*s) {
        case 'A': flags |= NKE_ALL; break;
        case 'g': flags |= NOTIFY_GENERIC; break;
        case '$': flags |= NOTIFY_STRING; break;
        case 'l': flags |= NOTIFY_LIST; break;
        case 's': flags |= NOTIFY_SET; break;
        case 'h': flags |= NOTIFY_HASH; break;
        case 'z': flags |= NOTIFY_ZSET; break;
        case 'x': flags |= NOTIFY_EXPIRED; break;
        case 'e': flags |= NOTIFY_EVICTED; break;
        case 'K': flags |= NKE_KEYSPACE; break;
        case 'E': flags |= NKE_KEYEVENT; break;
        case 't': flags |= NOTIFY_STREAM; break;
        case 'm': flags |= NOTIFY_KEY_MISS; break;
        case 'd': flags |= NKE_MODULE; break;
        case 'n': flags |= NOTIFY_NEW; break;
        default: return -1;
        }
    }
    return flags;
}

static int nke_set(struct cfg_param *p, char **argv, int argc, const char **err) {
    if (argc != 1) {
        *err = "wrong number of arguments";
        return 0;
    }
    int flags = nke_parse(argv[0]);
    if (flags < 0) {
        *err = "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.";
        return 0;
    }
    cfg.notify_keyspace_events = flags;
    return 1;
}

static char *nke_get(struct cfg_param *p) {
    static const struct {
        int flag;
        char c;
    } classes[] = {{NOTIFY_GENERIC, 'g'}, {NOTIFY_STRING, '$'},  {NOTIFY_LIST, 'l'},
                   {NOTIFY_SET, 's'},     {NOTIFY_HASH, 'h'},    {NOTIFY_ZSET, 'z'},
                   {NOTIFY_EXPIRED, 'x'}, {NOTIFY_EVICTED, 'e'}, {NOTIFY_STREAM, 't'},
                   {NKE_MODULE, 'd'},     {NOTIFY_NEW, 'n'}};
    char buf[32], *s = buf;
    int f = cfg.notify_keyspace_events;
    if ((f & NKE_ALL) == NKE_ALL) {
        *s++ = 'A'; /* as Redis: 'n' is not shown next to 'A' */
    } else {
        for (size_t i = 0; i < sizeof(classes) / sizeof(classes[0]); i++)
            if (f & classes[i].flag) *s++ = classes[i].c;
    }
    if (f & NKE_KEYSPACE) *s++ = 'K';
    if (f & NKE_KEYEVENT) *s++ = 'E';
    if (f & NOTIFY_KEY_MISS) *s++ = 'm';
    *s = '\0';
    return xstrdup(buf);
}

static void nke_rewrite(struct cfg_param *p, struct cfg_rewrite *rw) {
    char *flags = nke_get(p);
    struct sbuf b = {0};
    sb_cat(&b, p->name);
    sb_cat(&b, " ");
    sb_repr(&b, flags, strlen(flags));
    xfree(flags);
    rw_line(rw, p->name, sb_take(&b), cfg.notify_keyspace_events != 0);
}

static int replicaof_set(struct cfg_param *p, char **argv, int argc, const char **err) {
    if (argc != 2) {
        *err = "wrong number of arguments";
        return 0;
    }
    xfree(cfg.masterhost);
    cfg.masterhost = NULL;
    if (!strcasecmp(argv[0], "no") && !strcasecmp(argv[1], "one")) return 1;
    char *end;
    long port = strtol(argv[1], &end, 10);
    if (port < 0 || port > 65535 || *end) {
        *err = "Invalid master port";
        return 0;
    }
    cfg.masterport = (int)port;
    cfg.masterhost = xstrdup(argv[0]);
    return 1;
}

static char *replicaof_get(struct cfg_param *p) {
    if (!cfg.masterhost) return xstrdup("");
    return fmtline("%s %d", cfg.masterhost, cfg.masterport);
}

static void replicaof_rewrite(struct cfg_param *p, struct cfg_rewrite *rw) {
    if (cfg.cluster_enabled || !cfg.masterhost) {
        rw_mark(rw, p->name);
        return;
    }
    rw_line(rw, p->name, fmtline("%s %s %d", p->name, cfg.masterhost, cfg.masterport), 1);
}

static int percentiles_set(struct cfg_param *p, char **argv, int argc, const char **err) {
    xfree(cfg.latency_tracking_info_percentiles);
    cfg.latency_tracking_info_percentiles = NULL;
    cfg.latency_tracking_info_percentiles_len = 0;
    if (argc == 1 && argv[0][0] == '\0') argc = 0;
    if (!argc) return 1;
    double *v = xmalloc(sizeof(double) * (size_t)argc);
    for (int i = 0; i < argc; i++) {
        if (!str2d(argv[i], strlen(argv[i]), &v[i])) {
            *err = "Invalid latency-tracking-info-percentiles parameters";
            xfree(v);
            return 0;
        }
        if (v[i] > 100.0 || v[i] < 0.0) {
            *err = "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]";
            xfree(v);
            return 0;
        }
    }
    cfg.latency_tracking_info_percentiles = v;
    cfg.latency_tracking_info_percentiles_len = argc;
    return 1;
}

static char *percentiles_get(struct cfg_param *p) {
    struct sbuf b = {0};
    for (int i = 0; i < cfg.latency_tracking_info_percentiles_len; i++) {
        char buf[64];
        fmt_percentile(buf, sizeof(buf), cfg.latency_tracking_info_percentiles[i]);
        if (i) sb_cat(&b, " ");
        sb_cat(&b, buf);
    }
    return sb_take(&b);
}

static void percentiles_rewrite(struct cfg_param *p, struct cfg_rewrite *rw) {
    char *v = percentiles_get(p);
    rw_line(rw, p->name, fmtline("%s %s", p->name, v[0] ? v : "\"\""), 1);
    xfree(v);
}

/* ------------------------------------------------------------ checks */

static int is_basename(const char *s) {
    return !strchr(s, '/') && !strchr(s, '\\');
}

static int check_dbfilename(long long v, const char *s, const char **err) {
    if (!is_basename(s)) {
        *err = "dbfilename can't be a path, just a filename";
        return 0;
    }
    return 1;
}

static int check_aof_filename(long long v, const char *s, const char **err) {
    if (!s[0]) {
        *err = "appendfilename can't be empty";
        return 0;
    }
    if (!is_basename(s)) {
        *err = "appendfilename can't be a path, just a filename";
        return 0;
    }
    return 1;
}

static int check_aof_dirname(long long v, const char *s, const char **err) {
    if (!s[0]) {
        *err = "appenddirname can't be empty";
        return 0;
    }
    if (!is_basename(s)) {
        *err = "appenddirname can't be a path, just a dirname";
        return 0;
    }
    return 1;
}

static int check_shutdown_flags(long long v, const char *s, const char **err) {
    if ((v & SHUTDOWN_NOSAVE) && (v & SHUTDOWN_SAVE)) {
        *err = "shutdown options SAVE and NOSAVE can't be used simultaneously";
        return 0;
    }
    return 1;
}

static int check_hostname(long long v, const char *s, const char **err) {
    if (strlen(s) >= 256) {
        *err = "Hostnames must be less than 256 characters";
        return 0;
    }
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '-' && *s != '.') {
            *err = "Hostnames may only contain alphanumeric characters, hyphens or dots";
            return 0;
        }
    return 1;
}

/* proc-title-template: braces must close, variables must be known, and the
 * expansion with an empty title must not be blank. */
static int check_proc_title(long long v, const char *s, const char **err) {
    static const char *const vars[] = {"title", "listen-addr", "server-mode", "config-file",
                                       "port",  "tls-port",    "unixsocket",  NULL};
    int visible = 0;
    const char *p = s;
    while (*p) {
        if (*p != '{') {
            if (*p != ' ') visible = 1;
            p++;
            continue;
        }
        p++;
        if (!*p) goto bad;
        if (*p == '{') { /* "{{" is a literal brace */
            visible = 1;
            p++;
            continue;
        }
        const char *end = strchr(p, '}');
        if (!end) goto bad;
        size_t n = (size_t)(end - p);
        int known = 0;
        for (int i = 0; vars[i]; i++)
            if (strlen(vars[i]) == n && !strncmp(vars[i], p, n)) known = 1;
        if (!known) goto bad;
        /* Variables that always expand to something visible. */
        if ((n == 11 && !strncmp(p, "listen-addr", n)) ||
            (n == 11 && !strncmp(p, "config-file", n)) || (n == 4 && !strncmp(p, "port", n)) ||
            (n == 8 && !strncmp(p, "tls-port", n)) ||
            (n == 10 && !strncmp(p, "unixsocket", n) && cfg.unixsocket))
            visible = 1;
        p = end + 1;
    }
    if (visible) return 1;
bad:
    *err = "template format is invalid or contains unknown variables";
    return 0;
}

/* ------------------------------------------------------------ apply hooks */

static void accept_tcp_handler(struct ae_loop *l, int fd, void *data, int mask) {
    client_accept_handler(fd, 0);
}

/* Opens listeners for port on every bind address (Redis's rules: a "-"
 * address is optional). Returns 0 with fds filled, or -1 (nothing left open). */
static int listen_tcp(int port, int *fds, int *n) {
    char err[256];
    *n = 0;
    for (int i = 0; i < cfg.nbind; i++) {
        const char *a = cfg.bind[i];
        int optional = a[0] == '-';
        int fd = net_tcp_listen(a + optional, port, cfg.tcp_backlog, err, sizeof(err));
        if (fd < 0) {
            log_warning("Warning: Could not create server TCP listening socket %s:%d: %s",
                        a + optional, port, err);
            if (optional) continue;
            for (int j = 0; j < *n; j++)
                close(fds[j]);
            *n = 0;
            return -1;
        }
        fds[(*n)++] = fd;
    }
    return 0;
}

static void close_tcp_listeners(void) {
    for (int i = 0; i < srv.nlisten; i++) {
        if (srv.loop) ae_del(srv.loop, srv.listen_fd[i], AE_READABLE);
        close(srv.listen_fd[i]);
    }
    srv.nlisten = 0;
}

/* Replaces the TCP listeners with ones for the current port and bind list. */
static int relisten(void) {
    int fds[CONFIG_MAX_BIND], n = 0;
    if (cfg.port != 0 && listen_tcp(cfg.port, fds, &n) < 0) return -1;
    close_tcp_listeners();
    for (int i = 0; i < n; i++) {
        srv.listen_fd[srv.nlisten++] = fds[i];
        if (srv.loop) ae_add(srv.loop, fds[i], AE_READABLE, accept_tcp_handler, NULL);
    }
    return 0;
}

static int apply_port(const char **err) {
    if (relisten() < 0) {
        *err = "Unable to listen on this port. Check server logs.";
        return 0;
    }
    return 1;
}

static int apply_bind(const char **err) {
    /* The old and new lists may share addresses: close first, then bind. */
    close_tcp_listeners();
    if (relisten() < 0) {
        log_warning("Failed to bind");
        *err = "Failed to bind to specified addresses.";
        return 0;
    }
    return 1;
}

static int apply_hz(const char **err) {
    if (cfg.hz < CONFIG_MIN_HZ) cfg.hz = CONFIG_MIN_HZ;
    if (cfg.hz > CONFIG_MAX_HZ) cfg.hz = CONFIG_MAX_HZ;
    return 1;
}

/* Raises the open files limit for maxclients (plus 32 for the server's own
 * descriptors); lowers maxclients when the OS refuses. */
static void adjust_open_files(void) {
    rlim_t need = (rlim_t)cfg.maxclients + 32;
    struct rlimit lim;
    if (getrlimit(RLIMIT_NOFILE, &lim) == -1) return;
    if (lim.rlim_cur >= need) return;
    struct rlimit want = lim;
    want.rlim_cur = need;
    if (want.rlim_max < need) want.rlim_max = need;
    if (setrlimit(RLIMIT_NOFILE, &want) == 0) return;
    want.rlim_max = lim.rlim_max;
    want.rlim_cur = need > lim.rlim_max ? lim.rlim_max : need;
    setrlimit(RLIMIT_NOFILE, &want);
    getrlimit(RLIMIT_NOFILE, &lim);
    if (lim.rlim_cur < need) {
        int old = cfg.maxclients;
        cfg.maxclients = lim.rlim_cur > 32 ? (int)lim.rlim_cur - 32 : 1;
        log_warning("You requested maxclients of %d requiring at least %d max file descriptors.",
                    old, (int)need);
        log_warning("Current maximum open files is %d. maxclients has been reduced to %d to "
                    "compensate for low "
                    "ulimit. If you need higher maxclients increase 'ulimit -n'.",
                    (int)lim.rlim_cur, cfg.maxclients);
    }
}

static int apply_maxclients(const char **err) {
    static char msg[128];
    int wanted = cfg.maxclients;
    adjust_open_files();
    if (cfg.maxclients != wanted) {
        snprintf(msg, sizeof(msg),
                 "The operating system is not able to handle the specified number of clients, try "
                 "with %d",
                 cfg.maxclients);
        *err = msg;
        return 0;
    }
    if (srv.loop && ae_setsize(srv.loop) < cfg.maxclients + 128 &&
        ae_resize(srv.loop, cfg.maxclients + 128) != 0) {
        *err = "The event loop API used by Redis is not able to handle the specified number of "
               "clients";
        return 0;
    }
    return 1;
}

static int apply_maxmemory(const char **err) {
    size_t used = mem_used(), excluded = evict_excluded_memory();
    used = used > excluded ? used - excluded : 0;
    if (cfg.maxmemory && (unsigned long long)cfg.maxmemory < used)
        log_warning("WARNING: the new maxmemory value set via CONFIG SET (%llu) is smaller than "
                    "the current "
                    "memory usage (%zu). This will result in key eviction and/or the inability to "
                    "accept new "
                    "write commands depending on the maxmemory-policy.",
                    (unsigned long long)cfg.maxmemory, used);
    if (cfg.maxmemory && srv.loop) evict_start_timer(); /* evict now, not at the next command */
    return 1;
}

int config_set_oom_score_adj(void) {
    static int adjusted, base;
    char buf[64];
    int val;
    if (cfg.oom_score_adj != OOM_SCORE_ADJ_NO) {
        if (!adjusted) {
            int fd = open("/proc/self/oom_score_adj", O_RDONLY);
            ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
            if (n < 0) {
                log_warning("Unable to read oom_score_adj: %s", strerror(errno));
                if (fd >= 0) close(fd);
                return -1;
            }
            buf[n] = '\0';
            close(fd);
            base = atoi(buf);
            adjusted = 1;
        }
        val = cfg.oom_score_adj_values[cfg.masterhost ? OOM_REPLICA : OOM_MASTER];
        if (cfg.oom_score_adj == OOM_SCORE_RELATIVE) val += base;
        if (val > 1000) val = 1000;
        if (val < -1000) val = -1000;
    } else if (adjusted) {
        adjusted = 0;
        val = base;
    } else {
        return 0;
    }
    snprintf(buf, sizeof(buf), "%d\n", val);
    int fd = open("/proc/self/oom_score_adj", O_WRONLY);
    if (fd < 0 || write(fd, buf, strlen(buf)) < 0) {
        log_warning("Unable to write oom_score_adj: %s", strerror(errno));
        if (fd >= 0) close(fd);
        return -1;
    }
    close(fd);
    return 0;
}

static int apply_oom_score_adj(const char **err) {
    if (config_set_oom_score_adj() < 0) {
        *err = "Failed to set current oom_score_adj. Check server logs.";
        return 0;
    }
    return 1;
}

static int check_activedefrag(long long v, const char *s, const char **err) {
    if (v) {
        *err = "Active defragmentation cannot be enabled: it requires a Redis server compiled with "
               "a modified "
               "Jemalloc like the one shipped by default with the Redis source distribution";
        return 0;
    }
    return 1;
}

/* ------------------------------------------------------------ the table */

#define P_BOOL(n, f, d, fl, ...)                                                                   \
    {                                                                                              \
        .name = n, .type = CT_BOOL, .flags = (fl), .field = &cfg.f, .size = sizeof(cfg.f),         \
        .def = (d), .max = 1, __VA_ARGS__                                                          \
    }
#define P_INT(n, f, d, lo, hi, fl, ...)                                                            \
    {                                                                                              \
        .name = n, .type = CT_INT, .flags = (fl), .field = &cfg.f, .size = sizeof(cfg.f),          \
        .def = (d), .min = (lo), .max = (hi), __VA_ARGS__                                          \
    }
#define P_MEM(n, f, d, lo, hi, fl, ...)                                                            \
    {                                                                                              \
        .name = n, .type = CT_MEMORY, .flags = (fl), .field = &cfg.f, .size = sizeof(cfg.f),       \
        .def = (d), .min = (lo), .max = (hi), __VA_ARGS__                                          \
    }
#define P_STR(n, f, d, fl, ...)                                                                    \
    {                                                                                              \
        .name = n, .type = CT_STRING, .flags = (fl), .field = &cfg.f, .size = sizeof(cfg.f),       \
        .sdef = (d), __VA_ARGS__                                                                   \
    }
#define P_ENUM(n, f, d, en, fl, ...)                                                               \
    {                                                                                              \
        .name = n, .type = CT_ENUM, .flags = (fl), .field = &cfg.f, .size = sizeof(cfg.f),         \
        .def = (d), .enums = (en), __VA_ARGS__                                                     \
    }
#define P_SPECIAL(n, d, pre, fl, ...)                                                              \
    {                                                                                              \
        .name = n, .type = CT_SPECIAL, .flags = (fl), .sdef = (d), .set = pre##_set,               \
        .get = pre##_get, .rewrite = pre##_rewrite, __VA_ARGS__                                    \
    }

#define IMM           CF_IMMUTABLE
#define DBG           CF_DEBUG
#define ENUL          CF_EMPTY_NULL
#define UNS           CF_UNSIGNED
#define UINT_MAX_LL   4294967295LL
#define ULLONG_MAX_LL (-1LL) /* compared as unsigned: 18446744073709551615 */

struct cfg_param cfg_params[] = {
    /* ---------------------------------------------------------------- network */
    P_SPECIAL(
        "bind", "* -::*", bind, CF_MULTI_ARG, .apply = apply_bind, .section = "NETWORK",
        .doc = "Interfaces to listen on (one or more addresses). A leading '-' marks an address\n"
               "that may be unavailable. \"* -::*\" is every IPv4 and IPv6 interface; bind \"\"\n"
               "disables TCP."),
    P_STR("bind-source-addr", bind_source_addr, NULL, ENUL,
          .doc = "Source address for outgoing connections (replication). Empty: chosen by the OS."),
    P_BOOL("protected-mode", protected_mode, 1, 0,
           .doc = "While the default user has no password, accept only loopback and unix\n"
                  "socket clients."),
    P_INT("port", port, 6379, 0, 65535, 0, .apply = apply_port,
          .doc = "TCP port. 0 disables TCP. CONFIG SET port re-listens at once."),
    P_INT("tcp-backlog", tcp_backlog, 511, 0, INT_MAX, IMM, .doc = "listen() backlog."),
    P_STR("unixsocket", unixsocket, NULL, IMM | ENUL,
          .doc = "Path of a unix socket to listen on (empty: none)."),
    P_INT("unixsocketperm", unixsocketperm, 0, 0, 0777, IMM | CF_OCTAL | UNS,
          .doc = "Permissions of the unix socket, in octal (0: umask default)."),
    P_INT("socket-mark-id", socket_mark_id, 0, 0, UINT_MAX_LL, IMM | UNS,
          .doc = "Mark set on listening sockets (SO_MARK). Stored, not applied."),
    P_INT("timeout", timeout, 0, 0, INT_MAX, 0,
          .doc = "Close a client idle for this many seconds (0: never)."),
    P_INT("tcp-keepalive", tcp_keepalive, 300, 0, INT_MAX, 0,
          .doc = "SO_KEEPALIVE interval for client connections, in seconds (0: off)."),

    /* ---------------------------------------------------------------- TLS */
    P_INT("tls-port", tls_port, 0, 0, 65535, 0, .section = "TLS/SSL",
          .doc = "Mnemo has no TLS: the tls-* parameters are accepted and reported only."),
    P_STR("tls-cert-file", tls_cert_file, NULL, ENUL),
    P_STR("tls-key-file", tls_key_file, NULL, ENUL),
    P_STR("tls-key-file-pass", tls_key_file_pass, NULL, ENUL),
    P_STR("tls-client-cert-file", tls_client_cert_file, NULL, ENUL),
    P_STR("tls-client-key-file", tls_client_key_file, NULL, ENUL),
    P_STR("tls-client-key-file-pass", tls_client_key_file_pass, NULL, ENUL),
    P_STR("tls-dh-params-file", tls_dh_params_file, NULL, ENUL),
    P_STR("tls-ca-cert-file", tls_ca_cert_file, NULL, ENUL),
    P_STR("tls-ca-cert-dir", tls_ca_cert_dir, NULL, ENUL),
    P_ENUM("tls-auth-clients", tls_auth_clients, TLS_CLIENT_AUTH_YES, tls_auth_clients_enum, 0),
    P_BOOL("tls-replication", tls_replication, 0, 0),
    P_BOOL("tls-cluster", tls_cluster, 0, 0),
    P_STR("tls-protocols", tls_protocols, NULL, ENUL),
    P_STR("tls-ciphers", tls_ciphers, NULL, ENUL),
    P_STR("tls-ciphersuites", tls_ciphersuites, NULL, ENUL),
    P_BOOL("tls-prefer-server-ciphers", tls_prefer_server_ciphers, 0, 0),
    P_BOOL("tls-session-caching", tls_session_caching, 1, 0),
    P_INT("tls-session-cache-size", tls_session_cache_size, 20 * 1024, 0, INT_MAX, 0),
    P_INT("tls-session-cache-timeout", tls_session_cache_timeout, 300, 0, INT_MAX, 0),

    /* ---------------------------------------------------------------- general */
    P_BOOL("daemonize", daemonize, 0, IMM, .section = "GENERAL",
           .doc = "Run in the background (the pid file defaults to /var/run/redis.pid then)."),
    P_ENUM("supervised", supervised, SUPERVISED_NONE, supervised_enum, IMM,
           .doc = "Supervision (upstart, systemd, auto, no). Stored only."),
    P_STR("pidfile", pidfile, NULL, IMM | ENUL,
          .doc = "Write the process id to this file (empty: no file)."),
    P_ENUM("loglevel", verbosity, LL_NOTICE, loglevel_enum, 0,
           .doc = "Log verbosity: debug, verbose, notice or warning."),
    P_STR("logfile", logfile, "", IMM, .doc = "Log file name; \"\" logs to standard output."),
    P_BOOL("syslog-enabled", syslog_enabled, 0, IMM, .doc = "Log to syslog too (stored only)."),
    P_STR("syslog-ident", syslog_ident, "redis", IMM, .doc = "Syslog identity."),
    P_ENUM("syslog-facility", syslog_facility, 128, syslog_facility_enum, IMM,
           .doc = "Syslog facility: user or local0 .. local7."),
    P_BOOL("crash-log-enabled", crash_log_enabled, 1, 0, .doc = "Log a stack trace on a crash."),
    P_BOOL("crash-memcheck-enabled", crash_memcheck_enabled, 1, 0,
           .doc = "Run a fast memory check after a crash."),
    P_INT("databases", databases, 16, 1, INT_MAX, IMM,
          .doc = "Number of databases (SELECT 0 .. N-1)."),
    P_BOOL("always-show-logo", always_show_logo, 0, IMM, .doc = "Show the ASCII logo at start-up."),
    P_BOOL("set-proc-title", set_proc_title, 1, IMM, .doc = "Change the process title."),
    P_STR("proc-title-template", proc_title_template, "{title} {listen-addr} {server-mode}", 0,
          .check = check_proc_title,
          .doc = "Process title template; variables {title} {listen-addr} {server-mode}\n"
                 "{port} {tls-port} {unixsocket} {config-file}."),
    P_ENUM("enable-protected-configs", enable_protected_configs, PROTECTED_ACTION_NO,
           protected_action_enum, IMM,
           .doc = "Allow CONFIG SET of protected parameters (dir, dbfilename): no, yes, or local\n"
                  "(loopback and unix socket clients only)."),
    P_ENUM("enable-debug-command", enable_debug_command, PROTECTED_ACTION_NO, protected_action_enum,
           IMM, .doc = "Allow the DEBUG command: no, yes or local."),
    P_ENUM("enable-module-command", enable_module_command, PROTECTED_ACTION_NO,
           protected_action_enum, IMM, .doc = "Allow the MODULE command: no, yes or local."),

    /* ---------------------------------------------------------------- snapshotting */
    P_SPECIAL("save", "3600 1 300 100 60 10000", save, CF_MULTI_ARG, .section = "SNAPSHOTTING",
              .doc =
                  "Save the dataset after <seconds> if at least <changes> writes happened; pairs\n"
                  "may repeat. save \"\" disables snapshots. In a config file the first save line\n"
                  "replaces the defaults and later lines add points."),
    P_BOOL("stop-writes-on-bgsave-error", stop_writes_on_bgsave_error, 1, 0,
           .doc = "Refuse writes while the last background save failed."),
    P_BOOL("rdbcompression", rdbcompression, 1, 0,
           .doc = "Compress strings in the RDB file (LZF)."),
    P_BOOL("rdbchecksum", rdbchecksum, 1, IMM, .doc = "Append a CRC64 checksum to the RDB file."),
    P_ENUM("sanitize-dump-payload", sanitize_dump_payload, SANITIZE_DUMP_NO,
           sanitize_dump_payload_enum, DBG,
           .doc = "Deep-check RESTORE payloads: no, yes or clients."),
    P_STR("dbfilename", dbfilename, "dump.rdb", CF_PROTECTED, .check = check_dbfilename,
          .doc = "RDB file name (inside dir)."),
    P_BOOL("rdb-del-sync-files", rdb_del_sync_files, 0, 0,
           .doc = "Delete RDB files used by replication when persistence is off."),
    P_SPECIAL("dir", NULL, dir, CF_PROTECTED | CF_DENY_LOADING,
              .doc = "Working directory: the RDB and AOF files are written here."),

    /* ---------------------------------------------------------------- replication */
    P_SPECIAL("replicaof", NULL, replicaof, IMM | CF_MULTI_ARG, .alias = "slaveof",
              .section = "REPLICATION",
              .doc = "replicaof <host> <port> makes this server a replica (replication is not\n"
                     "implemented yet: the value is stored). \"no one\" means master."),
    P_STR("masterauth", masterauth, NULL, ENUL | CF_SENSITIVE,
          .doc = "Password to authenticate to the master."),
    P_STR("masteruser", masteruser, NULL, ENUL | CF_SENSITIVE,
          .doc = "User name to authenticate to the master."),
    P_BOOL("replica-serve-stale-data", replica_serve_stale_data, 1, 0,
           .alias = "slave-serve-stale-data",
           .doc = "A replica that lost its master keeps answering with possibly stale data."),
    P_BOOL("replica-read-only", replica_read_only, 1, DBG, .alias = "slave-read-only",
           .doc = "Replicas refuse writes."),
    P_BOOL("repl-diskless-sync", repl_diskless_sync, 1, DBG,
           .doc = "Send the RDB to replicas over the socket instead of a file."),
    P_INT("repl-diskless-sync-delay", repl_diskless_sync_delay, 5, 0, INT_MAX, 0,
          .doc = "Seconds to wait for more replicas before a diskless transfer."),
    P_INT("repl-diskless-sync-max-replicas", repl_diskless_sync_max_replicas, 0, 0, INT_MAX, 0,
          .doc = "Start a diskless transfer early when this many replicas wait (0: off)."),
    P_ENUM("repl-diskless-load", repl_diskless_load, REPL_DISKLESS_LOAD_DISABLED,
           repl_diskless_load_enum, DBG | CF_DENY_LOADING,
           .doc = "How replicas load the RDB: disabled, on-empty-db or swapdb."),
    P_INT("repl-ping-replica-period", repl_ping_replica_period, 10, 1, INT_MAX, 0,
          .alias = "repl-ping-slave-period", .doc = "Seconds between pings to replicas."),
    P_INT("repl-timeout", repl_timeout, 60, 1, INT_MAX, 0,
          .doc = "Replication timeout in seconds."),
    P_BOOL("repl-disable-tcp-nodelay", repl_disable_tcp_nodelay, 0, 0,
           .doc = "Disable TCP_NODELAY on the replica link."),
    P_MEM("repl-backlog-size", repl_backlog_size, 1024 * 1024, 1, LLONG_MAX, 0,
          .doc = "Replication backlog size for partial resynchronizations."),
    P_INT("repl-backlog-ttl", repl_backlog_ttl, 3600, 0, LONG_MAX, 0,
          .doc = "Seconds without replicas after which the backlog is freed (0: never)."),
    P_INT("replica-priority", replica_priority, 100, 0, INT_MAX, 0, .alias = "slave-priority",
          .doc = "Sentinel promotion priority (lower is preferred, 0: never)."),
    P_ENUM("propagation-error-behavior", propagation_error_behavior, PROPAGATION_ERR_IGNORE,
           propagation_error_enum, 0,
           .doc = "What a replica does when a replicated command fails: ignore, panic,\n"
                  "panic-on-replicas."),
    P_BOOL("replica-ignore-disk-write-errors", replica_ignore_disk_write_errors, 0, 0,
           .doc = "Replicas keep applying writes after a disk write error."),
    P_BOOL("replica-announced", replica_announced, 1, 0, .doc = "Report this replica to Sentinel."),
    P_INT("min-replicas-to-write", min_replicas_to_write, 0, 0, INT_MAX, 0,
          .alias = "min-slaves-to-write",
          .doc = "Refuse writes with fewer connected replicas than this (0: off)..."),
    P_INT("min-replicas-max-lag", min_replicas_max_lag, 10, 0, INT_MAX, 0,
          .alias = "min-slaves-max-lag",
          .doc = "... counting replicas whose lag is at most this many seconds."),
    P_STR("replica-announce-ip", replica_announce_ip, NULL, ENUL, .alias = "slave-announce-ip",
          .doc = "Address a replica reports to its master."),
    P_INT("replica-announce-port", replica_announce_port, 0, 0, 65535, 0,
          .alias = "slave-announce-port",
          .doc = "Port a replica reports to its master (0: the real one)."),

    /* ---------------------------------------------------------------- keys tracking */
    P_INT("tracking-table-max-keys", tracking_table_max_keys, 1000000, 0, LONG_MAX, UNS,
          .section = "KEYS TRACKING",
          .doc = "Most keys remembered for client-side caching invalidation."),

    /* ---------------------------------------------------------------- security */
    P_INT("acllog-max-len", acllog_max_len, 128, 0, LONG_MAX, 0, .section = "SECURITY",
          .doc = "Entries kept by ACL LOG."),
    P_STR("aclfile", aclfile, "", IMM, .doc = "External ACL file (empty: users are in this file)."),
    P_STR("requirepass", requirepass, NULL, ENUL | CF_SENSITIVE,
          .doc = "Password of the default user (empty: none). Takes effect at once."),
    P_ENUM("acl-pubsub-default", acl_pubsub_default, ACL_PUBSUB_RESETCHANNELS,
           acl_pubsub_default_enum, 0,
           .doc = "Channel permissions of new users: allchannels or resetchannels."),

    /* ---------------------------------------------------------------- clients */
    P_INT("maxclients", maxclients, 10000, 1, UINT_MAX_LL, UNS, .apply = apply_maxclients,
          .section = "CLIENTS",
          .doc = "Most simultaneous clients. Lowered at start-up when the open files limit\n"
                 "is too low."),

    /* ---------------------------------------------------------------- memory */
    P_MEM("maxmemory", maxmemory, 0, 0, ULLONG_MAX_LL, UNS, .apply = apply_maxmemory,
          .section = "MEMORY MANAGEMENT", .doc = "Memory limit in bytes (0: none)."),
    P_ENUM("maxmemory-policy", maxmemory_policy, MAXMEMORY_NO_EVICTION, maxmemory_policy_enum, 0,
           .doc = "What to evict at the limit: volatile-lru, volatile-lfu, volatile-random,\n"
                  "volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random or noeviction."),
    P_INT("maxmemory-samples", maxmemory_samples, 5, 1, INT_MAX, 0,
          .doc = "Keys sampled per eviction."),
    P_INT("maxmemory-eviction-tenacity", maxmemory_eviction_tenacity, 10, 0, 100, 0,
          .doc = "Effort spent evicting in one go (0-100)."),
    P_BOOL("replica-ignore-maxmemory", replica_ignore_maxmemory, 1, 0,
           .alias = "slave-ignore-maxmemory", .doc = "Replicas do not evict on their own."),
    P_INT("active-expire-effort", active_expire_effort, 1, 1, 10, 0,
          .doc = "Effort of the active expiry cycle (1-10)."),

    /* ---------------------------------------------------------------- lazy freeing */
    P_BOOL("lazyfree-lazy-eviction", lazyfree_lazy_eviction, 0, DBG, .section = "LAZY FREEING",
           .doc = "Free evicted values in the background."),
    P_BOOL("lazyfree-lazy-expire", lazyfree_lazy_expire, 0, DBG,
           .doc = "Free expired values in the background."),
    P_BOOL("lazyfree-lazy-server-del", lazyfree_lazy_server_del, 0, DBG,
           .doc =
               "Free values deleted as a side effect (RENAME, SET over a key) in the background."),
    P_BOOL("replica-lazy-flush", replica_lazy_flush, 0, 0, .alias = "slave-lazy-flush",
           .doc = "Replicas flush their dataset in the background before a full sync."),
    P_BOOL("lazyfree-lazy-user-del", lazyfree_lazy_user_del, 0, DBG,
           .doc = "DEL behaves like UNLINK."),
    P_BOOL("lazyfree-lazy-user-flush", lazyfree_lazy_user_flush, 0, DBG,
           .doc = "FLUSHDB/FLUSHALL without a flag are ASYNC."),

    /* ---------------------------------------------------------------- threaded I/O */
    P_INT("io-threads", io_threads, 1, 1, 128, DBG | IMM, .section = "THREADED I/O",
          .doc = "I/O threads (Mnemo is single-threaded: stored only)."),
    P_BOOL("io-threads-do-reads", io_threads_do_reads, 0, DBG | IMM,
           .doc = "I/O threads also read."),

    /* ---------------------------------------------------------------- OOM, THP */
    P_ENUM("oom-score-adj", oom_score_adj, OOM_SCORE_ADJ_NO, oom_score_adj_enum, 0,
           .apply = apply_oom_score_adj, .section = "KERNEL OOM CONTROL",
           .doc = "Set the process oom_score_adj: no, yes/relative (added to the initial value)\n"
                  "or absolute."),
    P_SPECIAL("oom-score-adj-values", "0 200 800", oom_values, CF_MULTI_ARG,
              .apply = apply_oom_score_adj,
              .doc = "oom_score_adj of a master, a replica and a background child."),
    P_BOOL("disable-thp", disable_thp, 1, IMM, .section = "KERNEL TRANSPARENT HUGEPAGE CONTROL",
           .doc = "Turn transparent huge pages off for this process."),

    /* ---------------------------------------------------------------- AOF */
    P_BOOL("appendonly", appendonly, 0, CF_DENY_LOADING, .section = "APPEND ONLY MODE",
           .apply = aof_apply_config, .doc = "Log every write to the append only file."),
    P_STR("appendfilename", appendfilename, "appendonly.aof", IMM, .check = check_aof_filename,
          .doc = "Base name of the AOF files."),
    P_STR("appenddirname", appenddirname, "appendonlydir", IMM, .check = check_aof_dirname,
          .doc = "Directory (inside dir) of the AOF files."),
    P_ENUM("appendfsync", appendfsync, AOF_FSYNC_EVERYSEC, fsync_enum, 0,
           .doc = "fsync policy: always, everysec or no."),
    P_BOOL("no-appendfsync-on-rewrite", no_appendfsync_on_rewrite, 0, 0,
           .doc = "Skip fsync while a rewrite or save runs."),
    P_INT("auto-aof-rewrite-percentage", auto_aof_rewrite_percentage, 100, 0, INT_MAX, 0,
          .doc = "Rewrite the AOF when it grew by this percentage (0: off)..."),
    P_MEM("auto-aof-rewrite-min-size", auto_aof_rewrite_min_size, 64 * 1024 * 1024, 0, LLONG_MAX, 0,
          .doc = "... and is at least this big."),
    P_BOOL("aof-load-truncated", aof_load_truncated, 1, 0,
           .doc = "Load a truncated AOF instead of failing."),
    P_BOOL("aof-use-rdb-preamble", aof_use_rdb_preamble, 1, 0,
           .doc = "Rewritten AOFs start with an RDB image."),
    P_BOOL("aof-timestamp-enabled", aof_timestamp_enabled, 0, 0,
           .doc = "Write timestamp annotations in the AOF."),
    P_BOOL("aof-disable-auto-gc", aof_disable_auto_gc, 0, 0, .apply = aof_apply_gc_config,
           .doc = "Keep old AOF files after a rewrite."),

    /* ---------------------------------------------------------------- shutdown */
    P_INT("shutdown-timeout", shutdown_timeout, 10, 0, INT_MAX, 0, .section = "SHUTDOWN",
          .doc = "Seconds to wait for replicas to catch up on shutdown."),
    P_ENUM("shutdown-on-sigint", shutdown_on_sigint, 0, shutdown_on_sig_enum, CF_MULTI_ARG,
           .check = check_shutdown_flags,
           .doc = "Shutdown flags on SIGINT: default, or any of save/nosave, now, force."),
    P_ENUM("shutdown-on-sigterm", shutdown_on_sigterm, 0, shutdown_on_sig_enum, CF_MULTI_ARG,
           .check = check_shutdown_flags, .doc = "Shutdown flags on SIGTERM."),

    /* ---------------------------------------------------------------- scripts */
    P_INT("busy-reply-threshold", busy_reply_threshold, 5000, 0, LONG_MAX, 0,
          .alias = "lua-time-limit", .section = "LONG BLOCKING COMMANDS",
          .doc = "Milliseconds after which a running script or function answers BUSY to others."),

    /* ---------------------------------------------------------------- cluster */
    P_BOOL("cluster-enabled", cluster_enabled, 0, IMM, .section = "REDIS CLUSTER",
           .doc = "Redis Cluster is not implemented: the cluster-* parameters are stored "
                  "and\nreported only."),
    P_STR("cluster-config-file", cluster_config_file, "nodes.conf", IMM),
    P_INT("cluster-node-timeout", cluster_node_timeout, 15000, 0, LLONG_MAX, 0),
    P_INT("cluster-port", cluster_port, 0, 0, 65535, IMM),
    P_INT("cluster-replica-validity-factor", cluster_replica_validity_factor, 10, 0, INT_MAX, 0,
          .alias = "cluster-slave-validity-factor"),
    P_INT("cluster-migration-barrier", cluster_migration_barrier, 1, 0, INT_MAX, 0),
    P_BOOL("cluster-allow-replica-migration", cluster_allow_replica_migration, 1, 0),
    P_BOOL("cluster-require-full-coverage", cluster_require_full_coverage, 1, 0),
    P_BOOL("cluster-replica-no-failover", cluster_replica_no_failover, 0, 0,
           .alias = "cluster-slave-no-failover"),
    P_BOOL("cluster-allow-reads-when-down", cluster_allow_reads_when_down, 0, 0),
    P_BOOL("cluster-allow-pubsubshard-when-down", cluster_allow_pubsubshard_when_down, 1, 0),
    P_MEM("cluster-link-sendbuf-limit", cluster_link_sendbuf_limit, 0, 0, ULLONG_MAX_LL, UNS),
    P_STR("cluster-announce-hostname", cluster_announce_hostname, NULL, ENUL,
          .check = check_hostname),
    P_ENUM("cluster-preferred-endpoint-type", cluster_preferred_endpoint_type, CLUSTER_ENDPOINT_IP,
           endpoint_type_enum, 0),
    P_STR("cluster-announce-ip", cluster_announce_ip, NULL, ENUL),
    P_INT("cluster-announce-port", cluster_announce_port, 0, 0, 65535, 0),
    P_INT("cluster-announce-tls-port", cluster_announce_tls_port, 0, 0, 65535, 0),
    P_INT("cluster-announce-bus-port", cluster_announce_bus_port, 0, 0, 65535, 0),

    /* ---------------------------------------------------------------- slow log, latency */
    P_INT("slowlog-log-slower-than", slowlog_log_slower_than, 10000, -1, LLONG_MAX, 0,
          .section = "SLOW LOG",
          .doc = "Log commands slower than this many microseconds (0: all, -1: none)."),
    P_INT("slowlog-max-len", slowlog_max_len, 128, 0, LONG_MAX, 0,
          .doc = "Entries kept in the slow log."),
    P_INT("latency-monitor-threshold", latency_monitor_threshold, 0, 0, LLONG_MAX, 0,
          .section = "LATENCY MONITOR",
          .doc = "Record events slower than this many milliseconds (0: off)."),
    P_BOOL("latency-tracking", latency_tracking, 1, 0, .section = "LATENCY TRACKING",
           .doc = "Track per-command latency percentiles (INFO latencystats)."),
    P_SPECIAL("latency-tracking-info-percentiles", "50 99 99.9", percentiles, CF_MULTI_ARG,
              .doc = "Percentiles reported by INFO latencystats."),

    /* ---------------------------------------------------------------- notifications */
    P_SPECIAL("notify-keyspace-events", "", nke, 0, .section = "EVENT NOTIFICATION",
              .doc = "Keyspace notification classes: K keyspace, E keyevent, g generic, $ string,\n"
                     "l list, s set, h hash, z zset, x expired, e evicted, t stream, m key miss,\n"
                     "d module, n new key, A alias for g$lshzxetd. \"\" disables them."),

    /* ---------------------------------------------------------------- advanced */
    P_INT("hash-max-listpack-entries", hash_max_listpack_entries, 512, 0, LONG_MAX, UNS,
          .alias = "hash-max-ziplist-entries", .section = "ADVANCED CONFIG",
          .doc = "Small hashes (up to this many fields ...)"),
    P_MEM("hash-max-listpack-value", hash_max_listpack_value, 64, 0, LONG_MAX, UNS,
          .alias = "hash-max-ziplist-value",
          .doc = "... of at most this many bytes) use a compact encoding."),
    P_INT("list-max-listpack-size", list_max_listpack_size, -2, INT_MIN, INT_MAX, 0,
          .alias = "list-max-ziplist-size",
          .doc = "List node size: a positive count of elements, or -1..-5 for 4kb..64kb."),
    P_INT("list-compress-depth", list_compress_depth, 0, 0, INT_MAX, DBG,
          .doc = "List nodes left uncompressed at each end (0: no compression)."),
    P_INT("set-max-intset-entries", set_max_intset_entries, 512, 0, LONG_MAX, UNS,
          .doc = "Sets of integers up to this size use the intset encoding."),
    P_INT("zset-max-listpack-entries", zset_max_listpack_entries, 128, 0, LONG_MAX, UNS,
          .alias = "zset-max-ziplist-entries",
          .doc = "Small sorted sets (up to this many members ...)"),
    P_MEM("zset-max-listpack-value", zset_max_listpack_value, 64, 0, LONG_MAX, UNS,
          .alias = "zset-max-ziplist-value",
          .doc = "... of at most this many bytes) use a compact encoding."),
    P_MEM("hll-sparse-max-bytes", hll_sparse_max_bytes, 3000, 0, LONG_MAX, UNS,
          .doc = "HyperLogLogs switch from the sparse to the dense form above this size."),
    P_MEM("stream-node-max-bytes", stream_node_max_bytes, 4096, 0, LONG_MAX, UNS,
          .doc = "Largest stream node in bytes (0: no limit)..."),
    P_INT("stream-node-max-entries", stream_node_max_entries, 100, 0, LLONG_MAX, 0,
          .doc = "... and in entries (0: no limit)."),
    P_BOOL("activerehashing", activerehashing, 1, 0,
           .doc = "Spend cron time rehashing the main dictionaries."),
    P_SPECIAL("client-output-buffer-limit", "normal 0 0 0 slave 256mb 64mb 60 pubsub 32mb 8mb 60",
              obuf, CF_MULTI_ARG,
              .doc =
                  "client-output-buffer-limit <class> <hard> <soft> <soft seconds>, class normal,\n"
                  "replica or pubsub: a client is closed past the hard limit or after staying\n"
                  "past the soft limit for the given seconds (0: no limit)."),
    P_MEM("client-query-buffer-limit", client_query_buffer_limit, 1024LL * 1024 * 1024, 1024 * 1024,
          LONG_MAX, DBG | UNS, .doc = "Largest query buffer of one client."),
    P_MEM("maxmemory-clients", maxmemory_clients, 0, -100, LLONG_MAX, CF_PERCENT,
          .doc = "Memory limit of all clients together, in bytes or as a percentage of\n"
                 "maxmemory (0: none)."),
    P_MEM("proto-max-bulk-len", proto_max_bulk_len, 512LL * 1024 * 1024, 1024 * 1024, LONG_MAX, DBG,
          .doc = "Largest bulk string a client may send."),
    P_INT("hz", hz, 10, 0, INT_MAX, 0, .apply = apply_hz,
          .doc = "Background task frequency (1-500; out-of-range values are capped)."),
    P_BOOL("dynamic-hz", dynamic_hz, 1, 0, .doc = "Raise hz with many clients."),
    P_BOOL("aof-rewrite-incremental-fsync", aof_rewrite_incremental_fsync, 1, 0,
           .doc = "fsync every 4mb while rewriting the AOF."),
    P_BOOL("rdb-save-incremental-fsync", rdb_save_incremental_fsync, 1, 0,
           .doc = "fsync every 4mb while saving the RDB."),
    P_INT("lfu-log-factor", lfu_log_factor, 10, 0, INT_MAX, 0,
          .doc = "LFU counter logarithm factor."),
    P_INT("lfu-decay-time", lfu_decay_time, 1, 0, INT_MAX, 0,
          .doc = "Minutes to halve an LFU counter."),
    P_BOOL("jemalloc-bg-thread", jemalloc_bg_thread, 1, 0,
           .doc = "Let jemalloc purge in a background thread."),
    P_STR("ignore-warnings", ignore_warnings, "", 0, .doc = "Start-up warnings to silence."),
    P_STR("server_cpulist", server_cpulist, NULL, IMM | ENUL,
          .doc = "CPU affinity lists (stored only)."),
    P_STR("bio_cpulist", bio_cpulist, NULL, IMM | ENUL),
    P_STR("aof_rewrite_cpulist", aof_rewrite_cpulist, NULL, IMM | ENUL),
    P_STR("bgsave_cpulist", bgsave_cpulist, NULL, IMM | ENUL),

    /* ---------------------------------------------------------------- defragmentation */
    P_BOOL("activedefrag", activedefrag, 0, DBG, .check = check_activedefrag,
           .section = "ACTIVE DEFRAGMENTATION",
           .doc = "Active defragmentation (needs a jemalloc built for it: not available)."),
    P_MEM("active-defrag-ignore-bytes", active_defrag_ignore_bytes, 100 << 20, 1, LLONG_MAX, UNS),
    P_INT("active-defrag-threshold-lower", active_defrag_threshold_lower, 10, 0, 1000, 0),
    P_INT("active-defrag-threshold-upper", active_defrag_threshold_upper, 100, 0, 1000, 0),
    P_INT("active-defrag-cycle-min", active_defrag_cycle_min, 1, 1, 99, 0),
    P_INT("active-defrag-cycle-max", active_defrag_cycle_max, 25, 1, 99, 0),
    P_INT("active-defrag-max-scan-fields", active_defrag_max_scan_fields, 1000, 1, LONG_MAX, 0),

    /* ---------------------------------------------------------------- hidden (tests, debugging) */
    P_BOOL("use-exit-on-panic", use_exit_on_panic, 0, CF_HIDDEN),
    P_INT("rdb-key-save-delay", rdb_key_save_delay, 0, INT_MIN, INT_MAX, CF_HIDDEN),
    P_INT("key-load-delay", key_load_delay, 0, INT_MIN, INT_MAX, CF_HIDDEN),
    P_INT("watchdog-period", watchdog_period, 0, 0, INT_MAX, CF_HIDDEN),
    P_INT("loading-process-events-interval-bytes", loading_process_events_interval_bytes,
          2 * 1024 * 1024, 1024, INT_MAX, CF_HIDDEN),

    {.name = NULL},
};

/* Directives Redis 7.0 still accepts and ignores (with exactly this many words). */
static const struct {
    const char *name;
    int argc;
} deprecated_directives[] = {{"list-max-ziplist-entries", 2},
                             {"list-max-ziplist-value", 2},
                             {"lua-replicate-commands", 2},
                             {NULL, 0}};

/* ------------------------------------------------------------ generic accessors */

static long long num_get(const struct cfg_param *p) {
    if (p->size == sizeof(int)) return *(int *)p->field;
    return *(long long *)p->field;
}

/* Stores v, clamped to what the field can hold (see config.h). */
static void num_put(struct cfg_param *p, long long v) {
    if (p->size == sizeof(int)) {
        if (p->flags & CF_UNSIGNED)
            v = (unsigned long long)v > INT_MAX ? INT_MAX : v;
        else
            v = v > INT_MAX ? INT_MAX : v < INT_MIN ? INT_MIN : v;
        *(int *)p->field = (int)v;
    } else {
        if ((p->flags & CF_UNSIGNED) && v < 0) v = LLONG_MAX;
        *(long long *)p->field = v;
    }
}

struct cfg_param *cfg_lookup(const char *name, int *is_alias) {
    for (struct cfg_param *p = cfg_params; p->name; p++) {
        if (!strcasecmp(p->name, name)) {
            if (is_alias) *is_alias = 0;
            return p;
        }
        if (p->alias && !strcasecmp(p->alias, name)) {
            if (is_alias) *is_alias = 1;
            return p;
        }
    }
    return NULL;
}

int cfg_loading(void) {
    return srv.loading;
}

static int numeric_parse(struct cfg_param *p, const char *v, long long *out, const char **err) {
    if (p->type == CT_MEMORY) {
        unsigned long long u;
        if (parse_mem(v, &u)) {
            *out = (long long)u;
            return 1;
        }
    }
    size_t len = strlen(v);
    if ((p->flags & CF_PERCENT) && len > 1 && v[len - 1] == '%' && str2ll(v, len - 1, out) &&
        *out >= 0) {
        *out = -*out; /* percentages are stored negative */
        return 1;
    }
    if (p->flags & CF_OCTAL) {
        char *end;
        errno = 0;
        *out = strtoll(v, &end, 8);
        if (errno == 0 && *end == '\0') return 1;
    }
    if (p->type == CT_INT && !(p->flags & (CF_OCTAL | CF_PERCENT)) && str2ll(v, len, out)) return 1;
    if (p->type == CT_MEMORY && (p->flags & CF_PERCENT))
        *err = "argument must be a memory or percent value";
    else if (p->type == CT_MEMORY)
        *err = "argument must be a memory value";
    else if (p->flags & CF_OCTAL)
        *err = "argument couldn't be parsed as an octal number";
    else
        *err = "argument couldn't be parsed into an integer";
    return 0;
}

static int numeric_in_range(struct cfg_param *p, long long v, const char **err) {
    if (p->flags & CF_UNSIGNED) {
        unsigned long long u = (unsigned long long)v, lo = (unsigned long long)p->min,
                           hi = (unsigned long long)p->max;
        if (u >= lo && u <= hi) return 1;
        if (p->flags & CF_OCTAL)
            snprintf(errbuf, sizeof(errbuf), "argument must be between %llo and %llo inclusive", lo,
                     hi);
        else
            snprintf(errbuf, sizeof(errbuf), "argument must be between %llu and %llu inclusive", lo,
                     hi);
    } else if ((p->flags & CF_PERCENT) && v < 0) {
        if (v >= p->min) return 1;
        snprintf(errbuf, sizeof(errbuf), "percentage argument must be less or equal to %lld",
                 -p->min);
    } else {
        if (v >= p->min && v <= p->max) return 1;
        snprintf(errbuf, sizeof(errbuf), "argument must be between %lld and %lld inclusive", p->min,
                 p->max);
    }
    *err = errbuf;
    return 0;
}

/* Enum names -> value; several names OR-ed for multi-argument enums.
 * Returns INT_MIN when a name is unknown (or none/too many given). */
static int enum_parse(const struct cfg_param *p, char **argv, int argc) {
    int multi = (p->flags & CF_MULTI_ARG) != 0;
    if (argc == 0 || (!multi && argc != 1)) return INT_MIN;
    int v = 0;
    for (int i = 0; i < argc; i++) {
        int found = 0;
        for (const struct cfg_enum *e = p->enums; e->name; e++)
            if (!strcasecmp(argv[i], e->name)) {
                v |= e->value;
                found = 1;
            }
        if (!found) return INT_MIN;
    }
    return v;
}

static char *enum_name(const struct cfg_param *p, int v) {
    int multi = (p->flags & CF_MULTI_ARG) != 0;
    struct sbuf b = {0};
    int rest = v;
    for (const struct cfg_enum *e = p->enums; e->name; e++) {
        if (e->value == v) {
            xfree(b.p);
            return xstrdup(e->name);
        }
        if (multi && e->value && (rest & e->value) == e->value) {
            if (b.len) sb_cat(&b, " ");
            sb_cat(&b, e->name);
            rest &= ~e->value;
        }
    }
    if (!b.p || rest) {
        xfree(b.p);
        return xstrdup("unknown");
    }
    return b.p;
}

int cfg_set(struct cfg_param *p, char **argv, int argc, const char **err) {
    if (p->type == CT_SPECIAL) return p->set(p, argv, argc, err);
    const char *v = argv[0];
    switch (p->type) {
    case CT_BOOL: {
        int yn = !strcasecmp(v, "yes") ? 1 : !strcasecmp(v, "no") ? 0 : -1;
        if (yn < 0) {
            *err = "argument must be 'yes' or 'no'";
            return 0;
        }
        if (p->check && !p->check(yn, v, err)) return 0;
        if (num_get(p) == yn) return 2;
        num_put(p, yn);
        return 1;
    }
    case CT_INT:
    case CT_MEMORY: {
        long long n;
        if (!numeric_parse(p, v, &n, err) || !numeric_in_range(p, n, err)) return 0;
        if (p->check && !p->check(n, v, err)) return 0;
        long long prev = num_get(p);
        num_put(p, n);
        return num_get(p) == prev ? 2 : 1;
    }
    case CT_STRING: {
        if (p->check && !p->check(0, v, err)) return 0;
        char **f = (char **)p->field;
        const char *nv = (p->flags & CF_EMPTY_NULL) && !v[0] ? NULL : v;
        if ((!nv && !*f) || (nv && *f && !strcmp(nv, *f))) return 2;
        xfree(*f);
        *f = nv ? xstrdup(nv) : NULL;
        return 1;
    }
    case CT_ENUM: {
        int n = enum_parse(p, argv, argc);
        if (n == INT_MIN) {
            size_t len = (size_t)snprintf(errbuf, sizeof(errbuf),
                                          "argument(s) must be one of the following: ");
            for (const struct cfg_enum *e = p->enums; e->name && len < sizeof(errbuf); e++)
                len += (size_t)snprintf(errbuf + len, sizeof(errbuf) - len, "%s%s",
                                        e == p->enums ? "" : ", ", e->name);
            *err = errbuf;
            return 0;
        }
        if (p->check && !p->check(n, v, err)) return 0;
        if (num_get(p) == n) return 2;
        num_put(p, n);
        return 1;
    }
    }
    return 0;
}

int cfg_set_value(struct cfg_param *p, const char *value, const char **err) {
    if (!(p->flags & CF_MULTI_ARG)) {
        char *argv[1] = {(char *)value};
        return cfg_set(p, argv, 1, err);
    }
    /* Multi-argument values split on single spaces ("" gives no arguments). */
    char *copy = xstrdup(value);
    int argc = 0, cap = 8;
    char **argv = xmalloc(sizeof(char *) * (size_t)cap);
    if (copy[0]) {
        char *s = copy;
        for (;;) {
            if (argc == cap) argv = xrealloc(argv, sizeof(char *) * (size_t)(cap *= 2));
            argv[argc++] = s;
            char *sp = strchr(s, ' ');
            if (!sp) break;
            *sp = '\0';
            s = sp + 1;
        }
    }
    int r = cfg_set(p, argv, argc, err);
    xfree(argv);
    xfree(copy);
    return r;
}

char *cfg_get(struct cfg_param *p) {
    char buf[64];
    long long v;
    switch (p->type) {
    case CT_BOOL: return xstrdup(num_get(p) ? "yes" : "no");
    case CT_INT:
    case CT_MEMORY:
        v = num_get(p);
        if ((p->flags & CF_PERCENT) && v < 0)
            snprintf(buf, sizeof(buf), "%lld%%", -v);
        else if (p->type == CT_MEMORY)
            snprintf(buf, sizeof(buf), "%llu", (unsigned long long)v);
        else if (p->flags & CF_OCTAL)
            snprintf(buf, sizeof(buf), "%llo", v);
        else
            snprintf(buf, sizeof(buf), "%lld", v);
        return xstrdup(buf);
    case CT_STRING: {
        char *s = *(char **)p->field;
        return xstrdup(s ? s : "");
    }
    case CT_ENUM: return enum_name(p, (int)num_get(p));
    case CT_SPECIAL: return p->get(p);
    }
    return xstrdup("");
}

/* The line(s) CONFIG REWRITE writes for p. */
static void param_rewrite(struct cfg_param *p, struct cfg_rewrite *rw) {
    char buf[64];
    long long v;
    switch (p->type) {
    case CT_BOOL:
        rw_line(rw, p->name, fmtline("%s %s", p->name, num_get(p) ? "yes" : "no"),
                num_get(p) != p->def);
        return;
    case CT_INT:
    case CT_MEMORY:
        v = num_get(p);
        if ((p->flags & CF_PERCENT) && v < 0)
            snprintf(buf, sizeof(buf), "%lld%%", -v);
        else if (p->type == CT_MEMORY)
            fmt_memory(buf, sizeof(buf), v);
        else if (p->flags & CF_OCTAL)
            snprintf(buf, sizeof(buf), "%llo", v);
        else
            snprintf(buf, sizeof(buf), "%lld", v);
        rw_line(rw, p->name, fmtline("%s %s", p->name, buf), v != p->def);
        return;
    case CT_STRING: rw_string(rw, p->name, *(char **)p->field, p->sdef); return;
    case CT_ENUM: {
        char *names = enum_name(p, (int)num_get(p));
        rw_line(rw, p->name, fmtline("%s %s", p->name, names), num_get(p) != p->def);
        xfree(names);
        return;
    }
    case CT_SPECIAL: p->rewrite(p, rw); return;
    }
}

/* Applies a default given as config text (SPECIAL rows). */
static void set_special_default(struct cfg_param *p) {
    char *line = xstrdup(p->sdef);
    char **argv;
    const char *err = NULL;
    int argc = split_args(line, &argv);
    if (argc == 0) {
        argv[0] = "";
        argc = 1;
    }
    p->set(p, argv, argc, &err);
    xfree(argv);
    xfree(line);
}

void config_init_defaults(void) {
    memset(&cfg, 0, sizeof(cfg));
    for (struct cfg_param *p = cfg_params; p->name; p++) {
        switch (p->type) {
        case CT_BOOL:
        case CT_INT:
        case CT_MEMORY:
        case CT_ENUM: num_put(p, p->def); break;
        case CT_STRING: *(char **)p->field = p->sdef ? xstrdup(p->sdef) : NULL; break;
        case CT_SPECIAL:
            if (p->sdef) set_special_default(p);
            break;
        }
    }
    cfg.dir = dir_get(NULL);
    cfg.active_expire_enabled = 1;
}

void config_free(void) {
    for (struct cfg_param *p = cfg_params; p->name; p++)
        if (p->type == CT_STRING) {
            xfree(*(char **)p->field);
            *(char **)p->field = NULL;
        }
    for (int i = 0; i < cfg.nbind; i++)
        xfree(cfg.bind[i]);
    cfg.nbind = 0;
    xfree(cfg.save);
    xfree(cfg.dir);
    xfree(cfg.masterhost);
    xfree(cfg.latency_tracking_info_percentiles);
    cfg.save = NULL;
    cfg.dir = cfg.masterhost = NULL;
    cfg.latency_tracking_info_percentiles = NULL;
}

int config_protected_action_allowed(int setting, const struct client *c) {
    if (setting == PROTECTED_ACTION_YES) return 1;
    if (setting != PROTECTED_ACTION_LOCAL || !c) return 0;
    if (c->flags & CF_UNIX_SOCKET) return 1;
    return !strncmp(c->addr, "127.", 4) || !strncmp(c->addr, "::1:", 4) ||
           !strncmp(c->addr, "[::1]", 5);
}

/* ------------------------------------------------------------ loading */

static void load_error(const char *line, int linenum, const char *err) {
    fprintf(stderr, "\n*** FATAL CONFIG FILE ERROR (Redis %s) ***\n", MNEMO_VERSION);
    if (line) {
        fprintf(stderr, "Reading the configuration file, at line %d\n", linenum);
        fprintf(stderr, ">>> '%s'\n", line);
    }
    fprintf(stderr, "%s\n", err);
    exit(1);
}

static void append_stream(struct sbuf *b, FILE *f) {
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
        sb_catlen(b, buf, n);
}

static void open_failed(const char *path) {
    log_warning("Fatal error, can't open config file '%s': %s", path, strerror(errno));
    exit(1);
}

/* Appends a config file (a pattern with * ? [ includes every match; no match
 * is not an error then). */
static void append_file(struct sbuf *b, const char *path) {
    if (strpbrk(path, "*?[")) {
        glob_t g;
        if (glob(path, 0, NULL, &g) == 0) {
            for (size_t i = 0; i < g.gl_pathc; i++) {
                FILE *f = fopen(g.gl_pathv[i], "r");
                if (!f) open_failed(g.gl_pathv[i]);
                append_stream(b, f);
                fclose(f);
            }
            globfree(&g);
        }
        return;
    }
    FILE *f = fopen(path, "r");
    if (!f) open_failed(path);
    append_stream(b, f);
    fclose(f);
}

static void load_text(char *text);

static void load_file(const char *path) {
    struct sbuf b = {0};
    append_file(&b, path);
    load_text(b.p ? b.p : (char *)"");
    xfree(b.p);
}

/* Handles one directive; returns an error text or NULL. */
static const char *load_directive(char **argv, int argc) {
    const char *err = NULL;
    str_tolower(argv[0], strlen(argv[0]));
    struct cfg_param *p = cfg_lookup(argv[0], NULL);
    if (p) {
        if (!(p->flags & CF_MULTI_ARG) && argc != 2) return "wrong number of arguments";
        if ((p->flags & CF_MULTI_ARG) && argc == 2 && argv[1][0]) {
            /* One argument holding several words: "--save '900 1 300 10'" */
            char *copy = xstrdup(argv[1]);
            char **sub;
            int subc = split_args(copy, &sub);
            int ok = subc >= 0 && cfg_set(p, sub, subc, &err);
            if (subc < 0) err = "Unbalanced quotes in configuration line";
            xfree(sub);
            xfree(copy);
            return ok ? NULL : err;
        }
        return cfg_set(p, argv + 1, argc - 1, &err) ? NULL : err;
    }
    for (int i = 0; deprecated_directives[i].name; i++)
        if (!strcmp(argv[0], deprecated_directives[i].name) &&
            argc == deprecated_directives[i].argc)
            return NULL;
    if (!strcmp(argv[0], "include") && argc == 2) {
        load_file(argv[1]);
        return NULL;
    }
    if (strchr(argv[0], '.')) {
        if (argc < 2) return "Module config specified without value";
        log_warning(
            "Module Configuration detected without loadmodule directive or no ApplyConfig call: "
            "aborting");
        exit(1);
    }
    return "Bad directive or wrong number of arguments";
}

static void load_text(char *text) {
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
        }
        linenum++;
        while (*line == ' ' || *line == '\t' || *line == '\r' || *line == '\n')
            line++;
        size_t l = strlen(line);
        while (l && strchr(" \t\r\n", line[l - 1]))
            line[--l] = '\0';
        if (line[0] == '#' || line[0] == '\0') continue;
        char *orig = xstrdup(line);
        char **argv;
        int argc = split_args(line, &argv);
        if (argc < 0) load_error(orig, linenum, "Unbalanced quotes in configuration line");
        const char *err = argc > 0 ? load_directive(argv, argc) : NULL;
        if (err) load_error(orig, linenum, err);
        xfree(argv);
        xfree(orig);
    }
}

void config_load(const char *file, int from_stdin, const char *overrides) {
    struct sbuf b = {0};
    sb_cat(&b, "");
    if (file) append_file(&b, file);
    if (from_stdin) {
        log_warning("Reading config from stdin");
        append_stream(&b, stdin);
    }
    if (overrides) {
        sb_cat(&b, "\n");
        sb_cat(&b, overrides);
    }
    loading_file = 1;
    load_text(b.p);
    loading_file = 0;
    xfree(b.p);
    if (cfg.logfile && cfg.logfile[0]) {
        FILE *f = fopen(cfg.logfile, "a");
        if (!f) {
            snprintf(errbuf, sizeof(errbuf), "Can't open the log file: %s", strerror(errno));
            load_error(NULL, 0, errbuf);
        }
        fclose(f);
    }
    if (cfg.cluster_enabled && cfg.masterhost)
        load_error(NULL, 0, "replicaof directive not allowed in cluster mode");
    if (cfg.hz < CONFIG_MIN_HZ) cfg.hz = CONFIG_MIN_HZ;
    if (cfg.hz > CONFIG_MAX_HZ) cfg.hz = CONFIG_MAX_HZ;
}

/* Builds the option text from argv the way redis-server does: "--name" starts
 * a directive, other words are its arguments (quoted). A "--word" right after
 * a directive that has no argument yet is an argument too, except for the
 * `--save` special case. */
static char *argv_options(int argc, char **argv, int first, int *from_stdin) {
    struct sbuf b = {0};
    sb_cat(&b, "");
    int last_has_arg = 1;
    for (int j = first; j < argc; j++) {
        const char *a = argv[j];
        if (a[0] == '-' && a[1] == '\0' && (j == 1 || j == argc - 1)) {
            *from_stdin = 1;
        } else if (last_has_arg && a[0] == '-' && a[1] == '-') {
            if (b.len) sb_cat(&b, "\n");
            sb_cat(&b, a + 2);
            sb_cat(&b, " ");
            /* "--port 6380" in one word carries its value already */
            char *copy = xstrdup(a);
            char **words;
            int nw = split_args(copy, &words);
            xfree(words);
            xfree(copy);
            if (nw == 1) {
                last_has_arg = 0;
                if (!strcasecmp(a, "--save") &&
                    (j == argc - 1 || (argv[j + 1][0] == '-' && argv[j + 1][1] == '-'))) {
                    sb_cat(&b, "\"\"");
                    last_has_arg = j != argc - 1 ? 1 : 0;
                }
            } else {
                last_has_arg = 1;
            }
        } else {
            sb_repr(&b, a, strlen(a));
            sb_cat(&b, " ");
            last_has_arg = 1;
        }
    }
    return sb_take(&b);
}

void config_load_main(int argc, char **argv) {
    /* Paths are made absolute before any "dir" directive changes directory. */
    if (srv.executable && srv.executable[0] != '/') {
        char *exe = strchr(srv.executable, '/') ? NULL : realpath("/proc/self/exe", NULL);
        srv.executable = exe ? xstrdup(exe) : absolute_path(srv.executable);
        free(exe);
    }
    if (argc >= 2 && !strcmp(argv[1], "--dump-config")) {
        config_dump_defaults(stdout);
        exit(0);
    }
    if (argc < 2) return;
    const char *file = NULL;
    int first = 1, from_stdin = 0;
    if (argv[1][0] != '-') {
        file = argv[1];
        srv.configfile = absolute_path(argv[1]);
        first = 2;
    }
    char *options = argv_options(argc, argv, first, &from_stdin);
    config_load(file, from_stdin, options);
    xfree(options);
    if (cfg.daemonize && !cfg.pidfile) cfg.pidfile = xstrdup("/var/run/redis.pid");
    if (cfg.oom_score_adj != OOM_SCORE_ADJ_NO) config_set_oom_score_adj();
}

/* ------------------------------------------------------------ CONFIG REWRITE */

static int known_directive(const char *name) {
    return cfg_lookup(name, NULL) || !strcasecmp(name, "include") ||
           !strcasecmp(name, "rename-command") || !strcasecmp(name, "user") ||
           !strcasecmp(name, "loadmodule") || !strcasecmp(name, "sentinel");
}

/* Reads the old file into rw. Returns -1 (errno set) if it exists but cannot
 * be read; a missing file gives an empty state. */
static int rw_read_old(struct cfg_rewrite *rw, const char *path) {
    FILE *f = fopen(path, "r");
    if (!f) return errno == ENOENT ? 0 : -1;
    struct sbuf b = {0};
    sb_cat(&b, "");
    append_stream(&b, f);
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        xfree(b.p);
        errno = EIO;
        return -1;
    }
    if (b.len == 0) {
        xfree(b.p);
        return 0;
    }
    char *next = b.p;
    while (next) {
        char *line = next;
        char *nl = strchr(line, '\n');
        if (nl) {
            *nl = '\0';
            next = nl + 1;
        } else {
            next = NULL;
        }
        while (*line && strchr("\r\n\t ", *line))
            line++;
        size_t l = strlen(line);
        while (l && strchr("\r\n\t ", line[l - 1]))
            line[--l] = '\0';
        if (line[0] == '#' || line[0] == '\0') {
            if (rw->needs_signature && !strcmp(line, REWRITE_SIGNATURE)) rw->needs_signature = 0;
            rw_append(rw, xstrdup(line));
            continue;
        }
        char *copy = xstrdup(line);
        char **argv;
        int argc = split_args(copy, &argv);
        if (argc <= 0 || !known_directive(argv[0])) {
            /* Unparsable or unknown: kept as a comment. */
            struct sbuf c = {0};
            sb_cat(&c, "# ??? ");
            sb_cat(&c, line);
            rw_append(rw, sb_take(&c));
        } else {
            int is_alias = 0;
            struct cfg_param *p = cfg_lookup(argv[0], &is_alias);
            str_tolower(argv[0], strlen(argv[0]));
            rw_append(rw, xstrdup(line));
            rw_add_line_of(rw, p ? p->name : argv[0], rw->nlines - 1);
        }
        xfree(argv);
        xfree(copy);
    }
    xfree(b.p);
    return 0;
}

static void rw_free(struct cfg_rewrite *rw) {
    for (int i = 0; i < rw->nlines; i++)
        xfree(rw->lines[i]);
    for (int i = 0; i < rw->nopts; i++) {
        xfree(rw->opts[i].name);
        xfree(rw->opts[i].lines);
    }
    for (int i = 0; i < rw->ndone; i++)
        xfree(rw->done[i]);
    xfree(rw->lines);
    xfree(rw->opts);
    xfree(rw->done);
}

/* The new file text: old lines of processed options that were not reused
 * become blank, and runs of blank lines collapse into one. */
static char *rw_content(struct cfg_rewrite *rw) {
    for (int i = 0; i < rw->nopts; i++) {
        struct rw_option *o = &rw->opts[i];
        if (!rw_is_done(rw, o->name)) continue;
        for (int k = o->first; k < o->n; k++) {
            xfree(rw->lines[o->lines[k]]);
            rw->lines[o->lines[k]] = xstrdup("");
        }
        o->first = o->n;
    }
    struct sbuf b = {0};
    sb_cat(&b, "");
    int was_empty = 0;
    for (int i = 0; i < rw->nlines; i++) {
        if (!rw->lines[i][0]) {
            if (was_empty) continue;
            was_empty = 1;
        } else {
            was_empty = 0;
        }
        sb_cat(&b, rw->lines[i]);
        sb_cat(&b, "\n");
    }
    return sb_take(&b);
}

/* Replaces path atomically: temp file, fsync, chmod, rename, fsync of the dir. */
static int write_atomically(const char *path, const char *content) {
    size_t plen = strlen(path);
    char *tmp = xmalloc(plen + 8);
    memcpy(tmp, path, plen);
    memcpy(tmp + plen, ".XXXXXX", 8);
    int fd = mkostemp(tmp, O_CLOEXEC);
    if (fd == -1) {
        log_warning("Could not create tmp config file (%s)", strerror(errno));
        xfree(tmp);
        return -1;
    }
    int ret = -1;
    size_t len = strlen(content), off = 0;
    while (off < len) {
        ssize_t n = write(fd, content + off, len - off);
        if (n <= 0) {
            if (n < 0 && errno == EINTR) continue;
            log_warning("Failed after writing (%zu) bytes to tmp config file (%s)", off,
                        strerror(errno));
            goto done;
        }
        off += (size_t)n;
    }
    mode_t um = umask(0);
    umask(um);
    if (fsync(fd) == -1)
        log_warning("Could not sync tmp config file to disk (%s)", strerror(errno));
    else if (fchmod(fd, 0644 & ~um) == -1)
        log_warning("Could not chmod config file (%s)", strerror(errno));
    else if (rename(tmp, path) == -1)
        log_warning("Could not rename tmp config file (%s)", strerror(errno));
    else {
        char *dir = xstrdup(path);
        char *slash = strrchr(dir, '/');
        if (slash) *(slash == dir ? slash + 1 : slash) = '\0';
        int dfd = open(slash ? dir : ".", O_RDONLY);
        if (dfd >= 0) {
            fsync(dfd);
            close(dfd);
        }
        xfree(dir);
        ret = 0;
    }
done:;
    int saved = errno;
    close(fd);
    if (ret) unlink(tmp);
    xfree(tmp);
    errno = saved;
    return ret;
}

int config_rewrite(const char *path, int force_all) {
    struct cfg_rewrite rw = {.needs_signature = 1, .force_all = force_all};
    if (rw_read_old(&rw, path) < 0) {
        int saved = errno;
        rw_free(&rw);
        errno = saved;
        return -1;
    }
    for (struct cfg_param *p = cfg_params; p->name; p++)
        param_rewrite(p, &rw);
    char *content = rw_content(&rw);
    int ret = write_atomically(path, content);
    int saved = errno;
    xfree(content);
    rw_free(&rw);
    errno = saved;
    return ret;
}

/* ------------------------------------------------------------ mnemo.conf */

static void dump_comment(FILE *f, const char *text) {
    while (text && *text) {
        const char *nl = strchr(text, '\n');
        size_t n = nl ? (size_t)(nl - text) : strlen(text);
        fprintf(f, "# %.*s\n", (int)n, text);
        text = nl ? nl + 1 : NULL;
    }
}

void config_dump_defaults(void *file) {
    FILE *f = file;
    fprintf(f,
            "# Mnemo configuration file (Redis %s compatible).\n"
            "#\n"
            "# Generated by `mnemo-server --dump-config` from the parameter table: every\n"
            "# parameter at its default value. Start the server with\n"
            "#\n"
            "#     mnemo-server /path/to/mnemo.conf [--name value ...]\n"
            "#\n"
            "# Syntax (as redis.conf): one directive per line, `name value [value ...]`;\n"
            "# values may be quoted with \"...\" (C escapes) or '...'. Directive names are\n"
            "# case-insensitive; the last occurrence wins (save lines add up).\n"
            "# Memory sizes accept units, case-insensitive:\n"
            "#     1k => 1000 bytes     1kb => 1024 bytes\n"
            "#     1m => 1000000 bytes  1mb => 1024*1024 bytes\n"
            "#     1g => 1000000000     1gb => 1024*1024*1024 bytes\n"
            "#\n"
            "# `include /path/to/other.conf` reads another file at that point (a glob\n"
            "# pattern includes every match). CONFIG SET changes parameters at run time;\n"
            "# CONFIG REWRITE writes them back into this file, keeping comments.\n",
            MNEMO_VERSION);
    struct cfg_rewrite rw = {.force_all = 1};
    for (struct cfg_param *p = cfg_params; p->name; p++) {
        if (p->flags & CF_HIDDEN) continue;
        if (p->section)
            fprintf(f, "\n################################ %s ################################\n",
                    p->section);
        /* Documented parameters get a paragraph; the others follow the last one. */
        if (p->doc) {
            fprintf(f, "\n");
            dump_comment(f, p->doc);
            if (p->flags & CF_IMMUTABLE) fprintf(f, "# (cannot be changed with CONFIG SET)\n");
            if (p->flags & CF_PROTECTED)
                fprintf(f, "# (CONFIG SET needs enable-protected-configs)\n");
        }
        if (p->alias) fprintf(f, "# (also accepted as %s)\n", p->alias);
        /* The line(s) a forced rewrite would write, with default values. */
        if (!strcmp(p->name, "dir")) {
            fprintf(f, "dir ./\n");
            continue;
        }
        if (!strcmp(p->name, "replicaof")) {
            fprintf(f, "# replicaof <masterip> <masterport>\n");
            continue;
        }
        int before = rw.nlines;
        param_rewrite(p, &rw);
        if (rw.nlines == before) {
            /* NULL strings (no value) and the default bind list */
            if (p->type == CT_STRING)
                fprintf(f, "%s \"\"\n", p->name);
            else if (p->type == CT_SPECIAL) {
                char *v = cfg_get(p);
                fprintf(f, "%s %s\n", p->name, v);
                xfree(v);
            }
        }
        for (int i = before; i < rw.nlines; i++)
            fprintf(f, "%s\n", rw.lines[i]);
    }
    rw_free(&rw);
}
