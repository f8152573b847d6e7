/* propagate: collection of the commands each top-level call propagates, and
 * their emission to the consumers (see propagate.h).
 *
 * Invariants: `pending` is only non-empty while a top-level cmd_call runs
 * (it is emptied when that call ends); `top` is the innermost running
 * cmd_call frame, NULL outside commands. An op owns one allocation holding
 * its argv array and the argument bytes. */
#include "propagate.h"
#include "aof.h"
#include "replication.h"
#include "commands.h"
#include "db.h"
#include "mem.h"
#include "multi.h"
#include "server.h"
#include "util.h"
#include <stdarg.h>
#include <string.h>

struct pop {
    int dbid, argc;
    struct str *argv; /* points into the same allocation */
};

static struct prop_frame *top;
static struct pop **pending;
static int npending, cap_pending;

struct str pstr_ll(char *buf, long long v) {
    int n = ll2str(buf, 24, v);
    return pstr(buf, (size_t)n);
}

static struct pop *op_new(int dbid, int argc, const struct str *argv) {
    size_t bytes = 0;
    for (int i = 0; i < argc; i++)
        bytes += argv[i].len + 1;
    struct pop *op = xmalloc(sizeof(*op) + sizeof(struct str) * (size_t)argc + bytes);
    op->dbid = dbid;
    op->argc = argc;
    op->argv = (struct str *)(op + 1);
    char *p = (char *)(op->argv + argc);
    for (int i = 0; i < argc; i++) {
        memcpy(p, argv[i].ptr, argv[i].len);
        p[argv[i].len] = '\0';
        op->argv[i].ptr = p;
        op->argv[i].len = argv[i].len;
        p += argv[i].len + 1;
    }
    return op;
}

/* Whether anything consumes propagated commands: without a consumer nothing
 * is collected (no copies on the write path). */
static int consumers(void) {
    return (aof_state() != AOF_OFF || repl_has_replicas()) && !srv.loading;
}

/* Hands one command to every consumer: the AOF and attached replicas. */
static void emit(int dbid, int argc, const struct str *argv) {
    if (srv.loading) return;
    aof_feed(dbid, argc, argv);
    repl_feed(dbid, argc, argv);
}

static void pending_add(struct pop *op) {
    if (npending == cap_pending) {
        cap_pending = cap_pending ? cap_pending * 2 : 16;
        pending = xrealloc(pending, sizeof(*pending) * (size_t)cap_pending);
    }
    pending[npending++] = op;
}

/* Emits what the top-level call collected: MULTI/EXEC around several
 * commands unless wrap is 0. */
static void pending_flush(int wrap) {
    if (npending == 0) return;
    int multi = wrap && npending > 1;
    if (multi) {
        struct str m = PSTR("MULTI");
        emit(pending[0]->dbid, 1, &m);
    }
    for (int i = 0; i < npending; i++)
        emit(pending[i]->dbid, pending[i]->argc, pending[i]->argv);
    if (multi) {
        struct str e = PSTR("EXEC");
        emit(pending[npending - 1]->dbid, 1, &e);
    }
    for (int i = 0; i < npending; i++)
        xfree(pending[i]);
    npending = 0;
}

/* Adds a command: collected inside a call, emitted at once outside. */
static void add_or_emit(int dbid, int argc, const struct str *argv) {
    if (!consumers()) return;
    if (top) {
        pending_add(op_new(dbid, argc, argv));
    } else {
        emit(dbid, argc, argv);
    }
}

void propagate_call_begin(struct prop_frame *f) {
    memset(f, 0, sizeof(*f));
    f->parent = top;
    top = f;
}

/* SCAN and RANDOMKEY may expire arbitrary keys: Redis does not wrap their
 * DELs in a transaction. */
static int touches_arbitrary_keys(const struct command *cmd) {
    return !strcmp(cmd->name, "scan") || !strcmp(cmd->name, "randomkey");
}

void propagate_call_end(struct prop_frame *f, struct client *c, const struct command *cmd,
                        long long dirty) {
    top = f->parent;
    if (top) top->nested = 1;
    int own = (dirty > 0 || f->force) && !f->prevent && !f->nested && !multi_is_exec(cmd);
    if (own && consumers()) {
        if (f->rewrite) {
            f->rewrite->dbid = c->db->id;
            pending_add(f->rewrite);
            f->rewrite = NULL;
        } else {
            pending_add(op_new(c->db->id, c->argc, c->argv));
        }
    }
    if (f->rewrite) xfree(f->rewrite);
    f->rewrite = NULL;
    if (!top) pending_flush(!touches_arbitrary_keys(cmd));
}

void propagate_rewrite_argv(struct client *c, int argc, const struct str *argv) {
    if (!consumers()) return;
    if (!top) {
        add_or_emit(c->db->id, argc, argv);
        return;
    }
    struct pop *op = op_new(c->db->id, argc, argv);
    if (top->rewrite) xfree(top->rewrite);
    top->rewrite = op;
}

static void collect(va_list ap, int argc, struct str *out) {
    for (int i = 0; i < argc; i++)
        out[i] = va_arg(ap, struct str);
}

void propagate_rewrite(struct client *c, int argc, ...) {
    struct str small[8];
    struct str *argv = argc <= 8 ? small : xmalloc(sizeof(struct str) * (size_t)argc);
    va_list ap;
    va_start(ap, argc);
    collect(ap, argc, argv);
    va_end(ap);
    propagate_rewrite_argv(c, argc, argv);
    if (argv != small) xfree(argv);
}

void propagate_rewrite_arg(struct client *c, int i, struct str s) {
    if (!top || !consumers()) return;
    int argc = top->rewrite ? top->rewrite->argc : c->argc;
    const struct str *cur = top->rewrite ? top->rewrite->argv : c->argv;
    int n = i >= argc ? i + 1 : argc;
    struct str *argv = xmalloc(sizeof(struct str) * (size_t)n);
    for (int j = 0; j < n; j++)
        argv[j] = j < argc ? cur[j] : pstr("", 0);
    argv[i] = s;
    struct pop *op = op_new(c->db->id, n, argv); /* copies before the old one is freed */
    xfree(argv);
    if (top->rewrite) xfree(top->rewrite);
    top->rewrite = op;
}

void propagate_also_argv(int dbid, int argc, const struct str *argv) {
    add_or_emit(dbid, argc, argv);
}

void propagate_also(struct db *db, int argc, ...) {
    struct str small[8];
    struct str *argv = argc <= 8 ? small : xmalloc(sizeof(struct str) * (size_t)argc);
    va_list ap;
    va_start(ap, argc);
    collect(ap, argc, argv);
    va_end(ap);
    add_or_emit(db->id, argc, argv);
    if (argv != small) xfree(argv);
}

/* "<prefix><n>\r\n" at dst (when not NULL); returns its length. */
static size_t encode_header(char *dst, char prefix, size_t n) {
    char tmp[32];
    tmp[0] = prefix;
    int l = ull2str(tmp + 1, sizeof(tmp) - 3, n);
    tmp[l + 1] = '\r';
    tmp[l + 2] = '\n';
    if (dst) memcpy(dst, tmp, (size_t)l + 3);
    return (size_t)l + 3;
}

size_t propagate_encode(char *dst, int argc, const struct str *argv) {
    size_t n = encode_header(dst, '*', (size_t)argc);
    for (int i = 0; i < argc; i++) {
        n += encode_header(dst ? dst + n : NULL, '$', argv[i].len);
        if (dst) {
            memcpy(dst + n, argv[i].ptr, argv[i].len);
            memcpy(dst + n + argv[i].len, "\r\n", 2);
        }
        n += argv[i].len + 2;
    }
    return n;
}

void propagate_prevent(void) {
    if (top) top->prevent = 1;
}

void propagate_force(void) {
    if (top) top->force = 1;
}

void propagate_deletion(struct db *db, const char *key, size_t len, int lazy) {
    struct str argv[2] = {lazy ? PSTR("UNLINK") : PSTR("DEL"), pstr(key, len)};
    add_or_emit(db->id, 2, argv);
}
