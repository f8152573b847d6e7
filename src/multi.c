/* multi: MULTI/EXEC/DISCARD/WATCH/UNWATCH (see multi.h for the model).
 *
 * Invariants:
 *  - c->mstate is NULL or a struct mstate; it is created by MULTI or WATCH and
 *    lives until the client is freed;
 *  - queued commands own copies of their arguments (argv points into the
 *    query buffer, which moves on);
 *  - every struct watch is on exactly two lists: its key's (wkey->head, in
 *    WATCH order) and its client's (mstate->watches); a wkey exists in the
 *    per-db dict exactly while its watcher list is non-empty, and
 *    multi_watched_per_db[id] counts the wkeys of db id. */
#include "multi.h"
#include "client.h"
#include "commands.h"
#include "db.h"
#include "dict.h"
#include "mem.h"
#include "reply.h"
#include "script.h"
#include "server.h"
#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct watch {
    struct client *c;
    struct wkey *wk;
    struct watch *kprev, *knext; /* watchers of the key */
    struct watch *cnext;         /* watches of the client */
    int expired;                 /* the key was logically expired when watched */
};

struct wkey {
    struct dnode link; /* first member: the dict links it */
    struct watch *head, *tail;
    int dbid;
    size_t len;
    char key[];
};

struct queued {
    struct command *cmd;
    int argc;
    struct str *argv; /* own copies */
};

struct mstate {
    struct queued *q;
    int count, cap;
    int dirty_cas;      /* a watched key changed: EXEC answers a null array */
    int dirty_exec;     /* a command was rejected while queueing: EXECABORT */
    size_t qmem;        /* bytes of queued arguments */
    uint64_t cmd_flags; /* union of the queued commands' flags */
    struct watch *watches;
    long nwatches;
};

size_t *multi_watched_per_db;
static struct dict *wdicts; /* one per db index */

/* ---------------------------------------------------------------- index */

static uint64_t wk_hash(const void *key, size_t len) {
    return hash_bytes(key, len);
}

static uint64_t wk_node_hash(const struct dnode *n) {
    const struct wkey *wk = (const struct wkey *)n;
    return hash_bytes(wk->key, wk->len);
}

static int wk_node_eq(const struct dnode *n, const void *key, size_t len) {
    const struct wkey *wk = (const struct wkey *)n;
    return wk->len == len && memcmp(wk->key, key, len) == 0;
}

static const struct dict_type wkey_type = {wk_hash, wk_node_hash, wk_node_eq};

static void index_init(void) {
    if (wdicts) return;
    wdicts = xmalloc(sizeof(*wdicts) * (size_t)srv.ndb);
    for (int i = 0; i < srv.ndb; i++)
        dict_init(&wdicts[i], &wkey_type);
    multi_watched_per_db = xcalloc(sizeof(*multi_watched_per_db) * (size_t)srv.ndb);
}

static struct mstate *ms_of(struct client *c) {
    if (!c->mstate) c->mstate = xcalloc(sizeof(struct mstate));
    return c->mstate;
}

/* The raw entry of a key, expired or not (no lazy expiry, no stats). */
static struct kv *raw_find(struct db *db, const char *key, size_t len) {
    return (struct kv *)dict_find(&db->keys, key, len);
}

static int key_is_expired(struct db *db, const char *key, size_t len) {
    struct kv *o = raw_find(db, key, len);
    return o && kv_is_expired(o);
}

static void watch_key(struct client *c, const char *key, size_t len) {
    index_init();
    struct mstate *ms = ms_of(c);
    int id = c->db->id;
    struct wkey *wk = (struct wkey *)dict_find(&wdicts[id], key, len);
    if (wk) {
        for (struct watch *w = wk->head; w; w = w->knext)
            if (w->c == c) return; /* already watched in this db */
    } else {
        wk = xmalloc(sizeof(*wk) + len + 1);
        wk->head = wk->tail = NULL;
        wk->dbid = id;
        wk->len = len;
        memcpy(wk->key, key, len);
        wk->key[len] = '\0';
        dict_add(&wdicts[id], &wk->link);
        multi_watched_per_db[id]++;
    }
    struct watch *w = xmalloc(sizeof(*w));
    w->c = c;
    w->wk = wk;
    w->expired = key_is_expired(c->db, key, len);
    w->knext = NULL;
    w->kprev = wk->tail;
    if (wk->tail)
        wk->tail->knext = w;
    else
        wk->head = w;
    wk->tail = w;
    w->cnext = ms->watches;
    ms->watches = w;
    ms->nwatches++;
}

static void unwatch_all(struct client *c) {
    struct mstate *ms = c->mstate;
    if (!ms) return;
    struct watch *w = ms->watches;
    while (w) {
        struct watch *next = w->cnext;
        struct wkey *wk = w->wk;
        if (w->kprev)
            w->kprev->knext = w->knext;
        else
            wk->head = w->knext;
        if (w->knext)
            w->knext->kprev = w->kprev;
        else
            wk->tail = w->kprev;
        if (!wk->head) {
            dict_unlink(&wdicts[wk->dbid], wk->key, wk->len);
            multi_watched_per_db[wk->dbid]--;
            xfree(wk);
        }
        xfree(w);
        w = next;
    }
    ms->watches = NULL;
    ms->nwatches = 0;
}

void multi_touch_key(struct db *db, const char *key, size_t len) {
    if (!wdicts) return;
    struct wkey *wk = (struct wkey *)dict_find(&wdicts[db->id], key, len);
    if (!wk) return;
    struct watch *w = wk->head;
    while (w) {
        /* Each client watches a key once, so unwatching w's client leaves
         * `next` alone; if w was the last watcher, next is NULL and wk is gone. */
        struct watch *next = w->knext;
        if (w->expired) {
            if (!raw_find(db, key, len)) {
                /* an already expired key got deleted: no logical change */
                w->expired = 0;
                w = next;
                continue;
            }
            break; /* Redis 7.0 stops scanning the watchers here */
        }
        struct mstate *ms = w->c->mstate;
        ms->dirty_cas = 1;
        unwatch_all(w->c); /* nothing more can change its fate */
        w = next;
    }
}

void multi_touch_db(struct db *emptied, struct db *replaced_with) {
    if (!wdicts || !multi_watched_per_db[emptied->id]) return;
    struct dict_iter it;
    struct dnode *n;
    dict_iter_init(&it, &wdicts[emptied->id], 0);
    while ((n = dict_next(&it))) {
        struct wkey *wk = (struct wkey *)n;
        int exists = raw_find(emptied, wk->key, wk->len) != NULL;
        struct kv *repl = replaced_with ? raw_find(replaced_with, wk->key, wk->len) : NULL;
        if (!exists && !repl) continue;
        for (struct watch *w = wk->head; w; w = w->knext) {
            if (w->expired) {
                if (!repl) {
                    w->expired = 0; /* stale key deleted: no logical change */
                    continue;
                }
                if (kv_is_expired(repl)) continue; /* stale stays stale */
            } else if (!exists && kv_is_expired(repl)) {
                w->expired = 1; /* nothing replaced by a stale key */
                continue;
            }
            /* no unwatch here: we are iterating the index */
            ((struct mstate *)w->c->mstate)->dirty_cas = 1;
        }
    }
    dict_iter_end(&it);
}

/* A watched key that was alive when watched and is logically expired now. */
static int watched_key_expired(struct client *c) {
    struct mstate *ms = c->mstate;
    for (struct watch *w = ms ? ms->watches : NULL; w; w = w->cnext) {
        if (w->expired) continue;
        if (key_is_expired(&srv.db[w->wk->dbid], w->wk->key, w->wk->len)) return 1;
    }
    return 0;
}

/* ---------------------------------------------------------------- queue */

static void free_queue(struct mstate *ms) {
    for (int i = 0; i < ms->count; i++) {
        for (int j = 0; j < ms->q[i].argc; j++)
            xfree(ms->q[i].argv[j].ptr);
        xfree(ms->q[i].argv);
    }
    xfree(ms->q);
    ms->q = NULL;
    ms->count = ms->cap = 0;
    ms->qmem = 0;
    ms->cmd_flags = 0;
}

static void discard_transaction(struct client *c) {
    struct mstate *ms = c->mstate;
    if (ms) {
        free_queue(ms);
        ms->dirty_cas = ms->dirty_exec = 0;
        unwatch_all(c);
    }
    c->flags &= ~CF_MULTI;
}

static void multi_cmd(struct client *c);
static void exec_cmd(struct client *c);
static void discard_cmd(struct client *c);
static void watch_cmd(struct client *c);

int multi_is_exec(const struct command *cmd) {
    return cmd && cmd->proc == exec_cmd;
}

int multi_should_queue(const struct client *c, const struct command *cmd) {
    if (!(c->flags & CF_MULTI)) return 0;
    if (cmd->proc == exec_cmd || cmd->proc == discard_cmd || cmd->proc == multi_cmd ||
        cmd->proc == watch_cmd)
        return 0;
    const struct command *top = cmd->parent ? cmd->parent : cmd;
    return strcmp(top->name, "quit") != 0 && strcmp(top->name, "reset") != 0;
}

void multi_queue(struct client *c, struct command *cmd) {
    struct mstate *ms = ms_of(c);
    /* An aborted transaction keeps nothing: EXEC will only discard it. */
    if (!ms->dirty_cas && !ms->dirty_exec) {
        if (ms->count == ms->cap) {
            ms->cap = ms->cap ? ms->cap * 2 : 2;
            ms->q = xrealloc(ms->q, sizeof(*ms->q) * (size_t)ms->cap);
        }
        struct queued *q = &ms->q[ms->count++];
        ms->cmd_flags |= script_cmd_flags(c, cmd); /* a script's declared flags count */
        q->cmd = cmd;
        q->argc = c->argc;
        q->argv = xmalloc(sizeof(*q->argv) * (size_t)c->argc);
        for (int i = 0; i < c->argc; i++) {
            q->argv[i].ptr = xmemdup(c->argv[i].ptr, c->argv[i].len);
            q->argv[i].len = c->argv[i].len;
            ms->qmem += c->argv[i].len;
        }
        ms->qmem += sizeof(*q->argv) * (size_t)c->argc;
    }
    reply_status(c, "QUEUED");
}

int multi_reject(struct client *c, const struct command *cmd, const char *err) {
    if (c->flags & CF_MULTI) ms_of(c)->dirty_exec = 1;
    if (!multi_is_exec(cmd)) return 0;
    /* A rejected EXEC aborts, even outside MULTI (then it only drops the
     * watches), as Redis does. */
    discard_transaction(c);
    char buf[1024];
    /* Redis quotes the rejection without the ERR its reply would have had. */
    snprintf(buf, sizeof(buf), "-EXECABORT Transaction discarded because of: %s",
             err[0] == '-' ? err + 1 : err);
    reply_error(c, buf);
    return 1;
}

void multi_reset_client(struct client *c) {
    discard_transaction(c);
}

void multi_client_free(struct client *c) {
    discard_transaction(c);
    xfree(c->mstate);
    c->mstate = NULL;
}

int multi_dirty(const struct client *c) {
    const struct mstate *ms = c->mstate;
    return ms && ms->dirty_cas;
}

uint64_t multi_queued_flags(const struct client *c) {
    const struct mstate *ms = c->mstate;
    return (c->flags & CF_MULTI) && ms ? ms->cmd_flags : 0;
}

int multi_queued_count(const struct client *c) {
    if (!(c->flags & CF_MULTI)) return -1;
    const struct mstate *ms = c->mstate;
    return ms ? ms->count : 0;
}

size_t multi_mem(const struct client *c) {
    const struct mstate *ms = c->mstate;
    if (!ms) return 0;
    return ms->qmem + (size_t)ms->cap * sizeof(struct queued) +
           (size_t)ms->nwatches * sizeof(struct watch);
}

/* ---------------------------------------------------------------- commands */

static void multi_cmd(struct client *c) {
    if (c->flags & CF_MULTI) {
        reply_error(c, "MULTI calls can not be nested");
        return;
    }
    ms_of(c);
    c->flags |= CF_MULTI;
    reply_ok(c);
}

static void discard_cmd(struct client *c) {
    if (!(c->flags & CF_MULTI)) {
        reply_error(c, "DISCARD without MULTI");
        return;
    }
    discard_transaction(c);
    reply_ok(c);
}

static void exec_cmd(struct client *c) {
    if (!(c->flags & CF_MULTI)) {
        reply_error(c, "EXEC without MULTI");
        return;
    }
    struct mstate *ms = ms_of(c);
    if (watched_key_expired(c)) ms->dirty_cas = 1;
    if (ms->dirty_exec || ms->dirty_cas) {
        if (ms->dirty_exec)
            reply_error(c, "-EXECABORT Transaction discarded because of previous errors.");
        else
            reply_null_array(c);
        discard_transaction(c);
        return;
    }
    unwatch_all(c); /* our own writes must not touch our watches */
    struct str *argv = c->argv;
    int argc = c->argc;
    /* Take the queue: the commands run from it and it is freed afterwards. */
    struct queued *q = ms->q;
    int count = ms->count;
    ms->q = NULL;
    ms->count = ms->cap = 0;
    ms->qmem = 0;
    srv.in_exec = 1;
    reply_array_len(c, count);
    for (int i = 0; i < count; i++) {
        c->argv = q[i].argv;
        c->argc = q[i].argc;
        cmd_call(c, q[i].cmd);
    }
    srv.in_exec = 0;
    c->argv = argv;
    c->argc = argc;
    for (int i = 0; i < count; i++) {
        for (int j = 0; j < q[i].argc; j++)
            xfree(q[i].argv[j].ptr);
        xfree(q[i].argv);
    }
    xfree(q);
    discard_transaction(c);
}

static void watch_cmd(struct client *c) {
    if (c->flags & CF_MULTI) {
        reply_error(c, "WATCH inside MULTI is not allowed");
        return;
    }
    struct mstate *ms = ms_of(c);
    if (!ms->dirty_cas) /* already doomed: watching more changes nothing */
        for (int i = 1; i < c->argc; i++)
            watch_key(c, c->argv[i].ptr, c->argv[i].len);
    reply_ok(c);
}

static void unwatch_cmd(struct client *c) {
    unwatch_all(c);
    ms_of(c)->dirty_cas = 0;
    reply_ok(c);
}

struct command multi_commands[] = {
    {.name = "multi",
     .proc = multi_cmd,
     .arity = 1,
     .flags = CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_FAST | CMD_ALLOW_BUSY,
     .acl = ACL_TRANSACTION | ACL_FAST,
     .group = "transactions",
     .since = "1.2.0",
     .complexity = "O(1)",
     .summary = "Mark the start of a transaction block",
     .syntax = ""},
    {.name = "exec",
     .proc = exec_cmd,
     .arity = 1,
     .flags = CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_SKIP_SLOWLOG,
     .acl = ACL_TRANSACTION | ACL_SLOW,
     .group = "transactions",
     .since = "1.2.0",
     .complexity = "Depends on commands in the transaction",
     .summary = "Execute all commands issued after MULTI",
     .syntax = ""},
    {.name = "discard",
     .proc = discard_cmd,
     .arity = 1,
     .flags = CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_FAST | CMD_ALLOW_BUSY,
     .acl = ACL_TRANSACTION | ACL_FAST,
     .group = "transactions",
     .since = "2.0.0",
     .complexity = "O(N), when N is the number of queued commands",
     .summary = "Discard all commands issued after MULTI",
     .syntax = ""},
    {.name = "watch",
     .proc = watch_cmd,
     .arity = -2,
     .flags = CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_FAST | CMD_ALLOW_BUSY,
     .acl = ACL_TRANSACTION | ACL_FAST,
     .first_key = 1,
     .last_key = -1,
     .key_step = 1,
     .keyspecs = "RO index 1 range -1 1 0",
     .group = "transactions",
     .since = "2.2.0",
     .complexity = "O(1) for every key.",
     .summary = "Watch the given keys to determine execution of the MULTI/EXEC block",
     .syntax = "key [key ...]"},
    {.name = "unwatch",
     .proc = unwatch_cmd,
     .arity = 1,
     .flags = CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_FAST | CMD_ALLOW_BUSY,
     .acl = ACL_TRANSACTION | ACL_FAST,
     .group = "transactions",
     .since = "2.2.0",
     .complexity = "O(1)",
     .summary = "Forget about all watched keys",
     .syntax = ""},
    {0},
};
