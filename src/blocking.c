/* blocking: see blocking.h for the life of a blocked client.
 *
 * State:
 *   waits[dbid]  dict of struct wkey (a key with waiters), each holding a FIFO
 *                of struct waiter (one per client and key);
 *   c->bstate    struct bstate: what the client waits for, its waiters (one
 *                array, one slot per distinct key), its deadline and heap slot;
 *   ready[]      keys to serve after the current command, each once (wk->ready);
 *   heap[]       min-heap of clients with a deadline, by deadline;
 *   requeue[]    unblocked clients whose pending input is run before sleeping.
 * Invariants: a client is CF_BLOCKED iff bstate->type >= 0 iff its waiters are
 * linked; a wkey lives while it has waiters, is on the ready list, or is being
 * served (busy); heap_idx is the client's heap position or -1. */
#include "blocking.h"
#include "script.h"
#include "ae.h"
#include "client.h"
#include "commands.h"
#include "db.h"
#include "dict.h"
#include "mem.h"
#include "reply.h"
#include "server.h"
#include "util.h"
#include <limits.h>
#include <math.h>
#include <string.h>

struct wkey;

struct waiter {
    struct waiter *prev, *next; /* the key's FIFO */
    struct client *c;
    struct wkey *wk;
};

struct wkey {
    struct dnode link;
    struct waiter *head, *tail;
    int dbid;
    unsigned ready : 1, busy : 1;
    size_t len;
    char key[];
};

struct bstate {
    int type; /* value type waited for; -1 when not blocked */
    int nw;
    struct waiter *w;
    long long timeout; /* unix ms, 0 = none */
    long heap_idx;
    int requeued;
    struct block_args args;
};

struct ready {
    struct wkey *wk;
};

static blocking_serve_fn *serve_fns[8];
static struct dict *waits; /* one per database index */
static long nblocked;
int blocking_nready;
static struct ready *ready_keys;
static int ready_cap;
static struct client **heap;
static long heap_n, heap_cap;
static long long timer_id, timer_deadline;
static struct client **requeue;
static long nrequeue, requeue_cap;
static int in_handle;

void blocking_register(int type, blocking_serve_fn *fn) {
    serve_fns[type & 7] = fn;
}

/* ------------------------------------------------------------ waiting keys */

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

static const struct dict_type wk_type = {wk_hash, wk_node_hash, wk_node_eq};

static void ensure_waits(void) {
    if (waits) return;
    waits = xcalloc(sizeof(struct dict) * (size_t)srv.ndb);
    for (int i = 0; i < srv.ndb; i++)
        dict_init(&waits[i], &wk_type);
}

static void wk_release_if_unused(struct wkey *wk) {
    if (wk->head || wk->ready || wk->busy) return;
    dict_unlink(&waits[wk->dbid], wk->key, wk->len);
    xfree(wk);
}

static void waiter_unlink(struct waiter *w) {
    struct wkey *wk = w->wk;
    if (w->prev)
        w->prev->next = w->next;
    else
        wk->head = w->next;
    if (w->next)
        w->next->prev = w->prev;
    else
        wk->tail = w->prev;
    wk_release_if_unused(wk);
}

/* ------------------------------------------------------------ timeouts */

static inline struct bstate *BS(struct client *c) {
    return c->bstate;
}

static void heap_set(long i, struct client *c) {
    heap[i] = c;
    BS(c)->heap_idx = i;
}

static void heap_up(long i) {
    struct client *c = heap[i];
    while (i > 0) {
        long p = (i - 1) / 2;
        if (BS(heap[p])->timeout <= BS(c)->timeout) break;
        heap_set(i, heap[p]);
        i = p;
    }
    heap_set(i, c);
}

static void heap_down(long i) {
    struct client *c = heap[i];
    for (;;) {
        long l = 2 * i + 1, r = l + 1, m = i;
        long long mt = BS(c)->timeout;
        if (l < heap_n && BS(heap[l])->timeout < mt) m = l, mt = BS(heap[l])->timeout;
        if (r < heap_n && BS(heap[r])->timeout < mt) m = r;
        if (m == i) break;
        heap_set(i, heap[m]);
        i = m;
    }
    heap_set(i, c);
}

static void heap_remove(struct client *c) {
    long i = BS(c)->heap_idx;
    if (i < 0) return;
    BS(c)->heap_idx = -1;
    struct client *last = heap[--heap_n];
    if (i == heap_n) return;
    heap_set(i, last);
    heap_up(i);
    heap_down(BS(last)->heap_idx);
}

static void unblock(struct client *c);

static long timeout_cb(struct ae_loop *l, long long id, void *data) {
    server_update_time();
    while (heap_n && BS(heap[0])->timeout <= srv.now_ms) {
        struct client *c = heap[0];
        struct client *prev = srv.current;
        srv.current = c;
        reply_null_array(c);
        srv.current = prev;
        unblock(c);
    }
    if (!heap_n) {
        timer_id = 0;
        return AE_NOMORE;
    }
    timer_deadline = BS(heap[0])->timeout;
    long long wait = timer_deadline - srv.now_ms;
    return wait < 1 ? 1 : (long)wait;
}

static void arm_timer(long long deadline) {
    if (!srv.loop) return;
    if (timer_id && deadline >= timer_deadline) return;
    if (timer_id) ae_timer_del(srv.loop, timer_id);
    long long wait = deadline - srv.now_ms;
    timer_id = ae_timer_add(srv.loop, wait < 0 ? 0 : (long)wait, timeout_cb, NULL);
    timer_deadline = deadline;
}

static void heap_push(struct client *c) {
    if (heap_n == heap_cap) {
        heap_cap = heap_cap ? heap_cap * 2 : 64;
        heap = xrealloc(heap, sizeof(*heap) * (size_t)heap_cap);
    }
    heap_set(heap_n, c);
    heap_n++;
    heap_up(heap_n - 1);
    arm_timer(BS(c)->timeout);
}

int blocking_parse_timeout(struct client *c, const struct str *arg, long long *abs_ms) {
    long double v;
    if (!str2ld(arg->ptr, arg->len, &v)) {
        reply_error(c, "timeout is not a float or out of range");
        return -1;
    }
    long double ms = ceill(v * 1000.0L);
    /* Out of the range of a long long counts as negative, as the conversion
     * Redis does yields LLONG_MIN there. */
    long long t =
        (ms >= -9223372036854775808.0L && ms < 9223372036854775808.0L) ? (long long)ms : LLONG_MIN;
    if (t < 0) {
        reply_error(c, "timeout is negative");
        return -1;
    }
    if (t > 0) t = t > LLONG_MAX - srv.now_ms ? LLONG_MAX : t + srv.now_ms;
    *abs_ms = t;
    return 0;
}

/* ------------------------------------------------------------ block / unblock */

int blocking_denied(const struct client *c) {
    return (c->flags & (CF_FAKE | CF_MULTI)) || srv.in_exec || srv.in_script;
}

static struct bstate *bstate_of(struct client *c) {
    if (!c->bstate) {
        struct bstate *bs = xcalloc(sizeof(*bs));
        bs->type = -1;
        bs->heap_idx = -1;
        c->bstate = bs;
    }
    return c->bstate;
}

void blocking_block(struct client *c, int type, const struct str *keys, int nkeys,
                    long long timeout_abs_ms, const struct block_args *args) {
    ensure_waits();
    struct bstate *bs = bstate_of(c);
    bs->type = type;
    bs->timeout = timeout_abs_ms;
    bs->args = *args;
    bs->args.target = args->target ? xmemdup(args->target, args->target_len) : NULL;
    bs->w = xmalloc(sizeof(struct waiter) * (size_t)(nkeys ? nkeys : 1));
    bs->nw = 0;
    struct dict *d = &waits[c->db->id];
    for (int i = 0; i < nkeys; i++) {
        struct wkey *wk = (struct wkey *)dict_find(d, keys[i].ptr, keys[i].len);
        if (!wk) {
            wk = xmalloc(sizeof(*wk) + keys[i].len + 1);
            wk->head = wk->tail = NULL;
            wk->dbid = c->db->id;
            wk->ready = wk->busy = 0;
            wk->len = keys[i].len;
            memcpy(wk->key, keys[i].ptr, keys[i].len);
            wk->key[wk->len] = '\0';
            dict_add(d, &wk->link);
        } else if (wk->tail && wk->tail->c == c) {
            continue; /* the same key twice: this client is already its last waiter */
        }
        struct waiter *w = &bs->w[bs->nw++];
        w->c = c;
        w->wk = wk;
        w->next = NULL;
        w->prev = wk->tail;
        if (wk->tail)
            wk->tail->next = w;
        else
            wk->head = w;
        wk->tail = w;
    }
    c->flags |= CF_BLOCKED;
    nblocked++;
    client_own_argv(c); /* argv pointed into the query buffer, which keeps moving */
    if (timeout_abs_ms) heap_push(c);
}

/* Unlinks c from its keys and the timeout heap. */
static void detach(struct client *c) {
    struct bstate *bs = c->bstate;
    for (int i = 0; i < bs->nw; i++)
        waiter_unlink(&bs->w[i]);
    xfree(bs->w);
    bs->w = NULL;
    bs->nw = 0;
    heap_remove(c);
    xfree(bs->args.target);
    bs->args.target = NULL;
    bs->type = -1;
    c->flags &= ~CF_BLOCKED;
    nblocked--;
}

static void unblock(struct client *c) {
    detach(c);
    /* The blocked command is over: drop its argv, like after any command. */
    if (c->argv_owned) {
        for (int i = 0; i < c->argc; i++)
            xfree(c->argv_owned[i]);
        xfree(c->argv_owned);
        c->argv_owned = NULL;
    }
    c->argc = 0;
    struct bstate *bs = c->bstate;
    if (!bs->requeued) {
        if (nrequeue == requeue_cap) {
            requeue_cap = requeue_cap ? requeue_cap * 2 : 16;
            requeue = xrealloc(requeue, sizeof(*requeue) * (size_t)requeue_cap);
        }
        requeue[nrequeue++] = c;
        bs->requeued = 1;
    }
}

int blocking_unblock(struct client *c, int with_error) {
    if (!(c->flags & CF_BLOCKED) || !c->bstate || BS(c)->type < 0) return 0;
    struct client *prev = srv.current;
    srv.current = c;
    if (with_error) {
        reply_error(c, "-UNBLOCKED client unblocked via CLIENT UNBLOCK");
    } else {
        reply_null_array(c);
        if (c->cmd) ((struct command *)c->cmd)->failed_calls++; /* as Redis counts it */
    }
    srv.current = prev;
    unblock(c);
    return 1;
}

void blocking_client_free(struct client *c) {
    struct bstate *bs = c->bstate;
    if (!bs) return;
    if (bs->type >= 0) detach(c);
    if (bs->requeued)
        for (long i = 0; i < nrequeue; i++)
            if (requeue[i] == c) requeue[i] = NULL;
    xfree(bs);
    c->bstate = NULL;
}

/* ------------------------------------------------------------ ready keys */

static void mark_ready(struct wkey *wk) {
    if (wk->ready) return;
    wk->ready = 1;
    if (blocking_nready == ready_cap) {
        ready_cap = ready_cap ? ready_cap * 2 : 16;
        ready_keys = xrealloc(ready_keys, sizeof(*ready_keys) * (size_t)ready_cap);
    }
    ready_keys[blocking_nready++].wk = wk;
}

void blocking_signal_key(struct db *db, const char *key, size_t len) {
    if (!nblocked || !waits) return;
    struct wkey *wk = (struct wkey *)dict_find(&waits[db->id], key, len);
    if (wk) mark_ready(wk);
}

void blocking_signal_db(int dbid) {
    if (!nblocked || !waits || dbid < 0 || dbid >= srv.ndb) return;
    struct dict_iter it;
    struct dnode *n;
    dict_iter_init(&it, &waits[dbid], 0);
    while ((n = dict_next(&it))) {
        struct wkey *wk = (struct wkey *)n;
        if (dict_find(&srv.db[dbid].keys, wk->key, wk->len)) mark_ready(wk);
    }
    dict_iter_end(&it);
}

/* Serves the waiters of one key in FIFO order while the key holds a value of
 * a servable type. Waiters for another type, closing clients and waiters the
 * serve function leaves waiting are stepped over. */
static void serve_key(struct wkey *wk) {
    struct db *db = &srv.db[wk->dbid];
    wk->busy = 1;
    long skip = 0;
    for (;;) {
        struct waiter *w = wk->head;
        for (long i = 0; w && i < skip; i++)
            w = w->next;
        if (!w) break;
        server_update_time();
        struct kv *o = db_lookup(db, wk->key, wk->len, LOOKUP_WRITE | LOOKUP_NOSTATS);
        if (!o || !serve_fns[o->type]) break;
        struct client *c = w->c;
        struct bstate *bs = c->bstate;
        if (bs->type != (int)o->type || (c->flags & CF_CLOSE_ASAP)) {
            skip++;
            continue;
        }
        struct client *prev = srv.current;
        srv.current = c;
        int served = serve_fns[o->type](c, db, o, wk->key, wk->len, &bs->args);
        srv.current = prev;
        if (served)
            unblock(c);
        else
            skip++;
    }
    wk->busy = 0;
    wk_release_if_unused(wk);
}

void blocking_handle_ready(void) {
    /* A busy script lets the loop serve other clients; keys it made ready
     * wait until it ends (its writes are one atomic step). */
    if (in_handle || script_busy()) return;
    in_handle = 1;
    while (blocking_nready) {
        /* Take the current list: keys made ready while serving (BLMOVE pushes)
         * go on a fresh one, served in the next round. */
        struct ready *list = ready_keys;
        int n = blocking_nready;
        ready_keys = NULL;
        blocking_nready = ready_cap = 0;
        for (int i = 0; i < n; i++) {
            struct wkey *wk = list[i].wk;
            wk->ready = 0;
            serve_key(wk);
        }
        xfree(list);
    }
    in_handle = 0;
}

void blocking_before_sleep(void) {
    blocking_handle_ready();
    for (long i = 0; i < nrequeue; i++) {
        struct client *c = requeue[i];
        if (!c) continue;
        requeue[i] = NULL;
        BS(c)->requeued = 0;
        if (c->flags & (CF_BLOCKED | CF_CLOSE_ASAP)) continue;
        client_process_input(c);
    }
    nrequeue = 0;
}

long blocking_num_clients(void) {
    return nblocked;
}

long blocking_num_timeouts(void) {
    return heap_n;
}

long blocking_num_keys(void) {
    long n = 0;
    for (int i = 0; waits && i < srv.ndb; i++)
        n += (long)dict_size(&waits[i]);
    return n;
}
