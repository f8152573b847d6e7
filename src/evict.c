/* evict: maxmemory enforcement (see evict.h for the contract).
 *
 * Invariants:
 * - The pool holds at most POOL_SIZE candidates sorted by ascending score (the
 *   best candidate last). Entries keep a copy of the key name and the db
 *   index, never an entry pointer: keys change address and die between calls,
 *   so a candidate is looked up again when taken, and skipped if it is gone
 *   (or, for volatile policies, lost its TTL).
 * - Nothing here runs while a busy script lets the event loop turn, or while
 *   loading: the dataset must not change under them.
 * - The eviction timer exists only while evict_timer_id >= 0; it removes
 *   itself once memory is under the limit or nothing is evictable. */
#include "evict.h"
#include "aof.h"
#include "replication.h"
#include "propagate.h"
#include "ae.h"
#include "client.h"
#include "client_cmd.h"
#include "commands.h"
#include "config.h"
#include "db.h"
#include "lazyfree.h"
#include "mem.h"
#include "multi.h"
#include "script.h"
#include "server.h"
#include <limits.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#define POOL_SIZE 16

struct pool_entry {
    unsigned long long score; /* higher: better candidate */
    char *key;                /* NULL: free slot */
    size_t klen;
    int dbid;
};

static struct pool_entry pool[POOL_SIZE];
static long long evict_timer_id = -1;
static int pre_command_oom; /* OOM state seen when the current command started */

size_t evict_excluded_memory(void) {
    return aof_buffer_mem() + repl_output_mem();
}

/* 1 if over the limit; *tofree then says by how much. */
static int over_limit(size_t *tofree) {
    if (!cfg.maxmemory) return 0;
    size_t used = mem_used(), max = (size_t)cfg.maxmemory;
    if (used <= max) return 0;
    size_t excluded = evict_excluded_memory();
    used = used > excluded ? used - excluded : 0;
    if (used <= max) return 0;
    if (tofree) *tofree = used - max;
    return 1;
}

static int policy_allkeys(void) {
    return cfg.maxmemory_policy == MAXMEMORY_ALLKEYS_LRU ||
           cfg.maxmemory_policy == MAXMEMORY_ALLKEYS_LFU ||
           cfg.maxmemory_policy == MAXMEMORY_ALLKEYS_RANDOM;
}

/* Keys a db offers to the current policy. */
static long long db_candidates(struct db *db) {
    return policy_allkeys() ? (long long)dict_size(&db->keys) : db->volatile_keys;
}

/* Microseconds one call may spend evicting: 50 us per tenacity step up to 10,
 * then 15% more per step, unlimited at 100 (Redis's curve). */
static unsigned long long time_limit_us(void) {
    int t = cfg.maxmemory_eviction_tenacity;
    if (t <= 10) return 50ULL * (unsigned long long)(t < 0 ? 0 : t);
    if (t < 100) return (unsigned long long)(500.0 * pow(1.15, t - 10.0));
    return ULLONG_MAX;
}

/* ---------------------------------------------------------------- the pool */

static unsigned long long score_of(const struct kv *o) {
    switch (cfg.maxmemory_policy) {
    case MAXMEMORY_VOLATILE_LRU:
    case MAXMEMORY_ALLKEYS_LRU: return (unsigned long long)lru_idle_ms(o->lru);
    case MAXMEMORY_VOLATILE_LFU:
    case MAXMEMORY_ALLKEYS_LFU: return 255 - kv_lfu_counter(o);
    default: /* volatile-ttl: the sooner the expire, the better */
        return ULLONG_MAX - (unsigned long long)kv_expire(o);
    }
}

static void pool_clear_slot(struct pool_entry *e) {
    xfree(e->key);
    e->key = NULL;
    e->klen = 0;
    e->score = 0;
}

static void pool_insert(int dbid, const struct kv *o) {
    unsigned long long score = score_of(o);
    int k = 0;
    while (k < POOL_SIZE && pool[k].key && pool[k].score < score)
        k++;
    if (k == 0 && pool[POOL_SIZE - 1].key) return; /* worse than every candidate held */
    if (k < POOL_SIZE && !pool[k].key) {
        /* free slot at k (every slot after it is free too) */
    } else if (!pool[POOL_SIZE - 1].key) {
        memmove(pool + k + 1, pool + k, sizeof(pool[0]) * (size_t)(POOL_SIZE - k - 1));
    } else {
        /* full: drop the worst (slot 0) and insert just below k */
        k--;
        xfree(pool[0].key);
        memmove(pool, pool + 1, sizeof(pool[0]) * (size_t)k);
    }
    size_t klen;
    const char *key = kv_key(o, &klen);
    pool[k].key = xmemdup(key, klen);
    pool[k].klen = klen;
    pool[k].score = score;
    pool[k].dbid = dbid;
}

/* Grows the sample buffer to n slots. */
static struct dnode **sample_buf(size_t n) {
    static struct dnode **buf;
    static size_t cap;
    if (n > cap) {
        buf = xrealloc(buf, sizeof(*buf) * n);
        cap = n;
    }
    return buf;
}

struct scan_acc {
    struct dnode **out;
    size_t n, max;
};

static void collect_volatile(void *arg, struct dnode *n) {
    struct scan_acc *a = arg;
    if (a->n < a->max && ((struct kv *)n)->ttl) a->out[a->n++] = n;
}

/* Keys with a TTL may be rare in a big db: a random sample can miss them all.
 * Then a cursor walk (persistent per db) finds some within a bounded effort. */
static size_t scan_volatile(struct db *db, struct dnode **out, size_t max) {
    static unsigned long *cursors;
    static int ncursors;
    if (ncursors < srv.ndb) {
        cursors = xrealloc(cursors, sizeof(*cursors) * (size_t)srv.ndb);
        memset(cursors + ncursors, 0, sizeof(*cursors) * (size_t)(srv.ndb - ncursors));
        ncursors = srv.ndb;
    }
    struct scan_acc a = {out, 0, max};
    unsigned long cur = cursors[db->id];
    int wraps = 0;
    for (int steps = 0; steps < 4096 && a.n == 0; steps++) {
        cur = dict_scan(&db->keys, cur, collect_volatile, &a);
        if (cur == 0 && ++wraps == 2) break; /* a whole pass found nothing */
    }
    cursors[db->id] = cur;
    return a.n;
}

/* Feeds the pool with a sample of db's candidates. */
static void pool_populate(struct db *db) {
    size_t samples = (size_t)(cfg.maxmemory_samples > 0 ? cfg.maxmemory_samples : 1);
    if (samples > 1024) samples = 1024;
    int allkeys = policy_allkeys();
    size_t want = samples;
    if (!allkeys) {
        /* sample enough keys to see about `samples` volatile ones */
        size_t total = dict_size(&db->keys), vol = (size_t)db->volatile_keys;
        size_t mult = vol ? (total + vol - 1) / vol : 1;
        want = samples * (mult > 16 ? 16 : mult);
    }
    struct dnode **buf = sample_buf(want);
    size_t n = dict_sample(&db->keys, buf, want), added = 0;
    for (size_t i = 0; i < n && added < samples; i++) {
        struct kv *o = (struct kv *)buf[i];
        if (!allkeys && !o->ttl) continue;
        pool_insert(db->id, o);
        added++;
    }
    if (!allkeys && added == 0) {
        n = scan_volatile(db, buf, samples);
        for (size_t i = 0; i < n; i++)
            pool_insert(db->id, (struct kv *)buf[i]);
    }
}

/* The next key to evict under an LRU/LFU/TTL policy, or NULL. */
static struct kv *pick_from_pool(int *dbid) {
    int allkeys = policy_allkeys();
    for (int round = 0; round < 64; round++) {
        long long total = 0;
        for (int i = 0; i < srv.ndb; i++) {
            struct db *db = &srv.db[i];
            long long n = db_candidates(db);
            if (n <= 0) continue;
            pool_populate(db);
            total += n;
        }
        if (!total) return NULL;
        for (int k = POOL_SIZE - 1; k >= 0; k--) {
            if (!pool[k].key) continue;
            int id = pool[k].dbid;
            struct kv *o = NULL;
            if (id < srv.ndb)
                o = (struct kv *)dict_find(&srv.db[id].keys, pool[k].key, pool[k].klen);
            pool_clear_slot(&pool[k]);
            if (o && (allkeys || o->ttl)) {
                *dbid = id;
                return o;
            }
            /* a ghost: the key went away (or lost its TTL) since it was sampled */
        }
    }
    return NULL;
}

/* volatile-random / allkeys-random: a random key, visiting dbs in turn. */
static struct kv *pick_random(int *dbid) {
    static unsigned next_db;
    int allkeys = policy_allkeys();
    for (int i = 0; i < srv.ndb; i++) {
        int j = (int)(++next_db % (unsigned)srv.ndb);
        struct db *db = &srv.db[j];
        if (db_candidates(db) <= 0) continue;
        struct kv *o = (struct kv *)dict_random(&db->keys);
        for (int tries = 0; !allkeys && o && !o->ttl && tries < 64; tries++)
            o = (struct kv *)dict_random(&db->keys);
        if (o && !allkeys && !o->ttl) {
            struct dnode *n;
            o = scan_volatile(db, &n, 1) ? (struct kv *)n : NULL;
        }
        if (o) {
            *dbid = j;
            return o;
        }
    }
    return NULL;
}

/* Deletes o as an eviction; returns the bytes it freed (may be negative). */
static long long evict_key(struct db *db, struct kv *o) {
    size_t klen;
    const char *k = kv_key(o, &klen);
    char small[128];
    char *key = klen < sizeof(small) ? small : xmalloc(klen + 1);
    memcpy(key, k, klen);
    long long before = (long long)mem_used();
    db_delete_mode(db, key, klen, cfg.lazyfree_lazy_eviction);
    long long delta = before - (long long)mem_used();
    srv.stat.evictedkeys++;
    db_signal_write(db, key, klen, NOTIFY_EVICTED, "evicted");
    propagate_deletion(db, key, klen, cfg.lazyfree_lazy_eviction); /* AOF/replicas: DEL */
    if (key != small) xfree(key);
    return delta;
}

/* ---------------------------------------------------------------- the loop */

static int safe_to_evict(void) {
    return !script_busy() && !srv.in_script && !srv.loading && !clients_paused();
}

static long evict_timer(struct ae_loop *l, long long id, void *data) {
    (void)l, (void)id, (void)data;
    /* Not safe now (paused clients, busy script): evict_perform says OK and
     * the timer ends; the next command starts over. */
    server_update_time();
    if (evict_perform() == EVICT_RUNNING) return 0;
    evict_timer_id = -1;
    return AE_NOMORE;
}

void evict_start_timer(void) {
    if (evict_timer_id < 0) evict_timer_id = ae_timer_add(srv.loop, 0, evict_timer, NULL);
}

static void update_metrics(int result) {
    struct stats *s = &srv.stat;
    if (result != EVICT_OK) {
        if (s->eviction_exceeded_start_us == 0) s->eviction_exceeded_start_us = ae_mono_us();
    } else if (s->eviction_exceeded_start_us) {
        s->eviction_exceeded_total_us += ae_mono_us() - s->eviction_exceeded_start_us;
        s->eviction_exceeded_start_us = 0;
    }
}

int evict_perform(void) {
    if (!safe_to_evict()) return EVICT_OK; /* as if nothing needed doing */
    size_t tofree = 0;
    int result = EVICT_FAIL;
    if (!over_limit(&tofree)) {
        update_metrics(EVICT_OK);
        return EVICT_OK;
    }
    if (cfg.maxmemory_policy == MAXMEMORY_NO_EVICTION) {
        update_metrics(EVICT_FAIL);
        return EVICT_FAIL;
    }
    unsigned long long limit = time_limit_us();
    long long start = ae_mono_us();
    int random = cfg.maxmemory_policy == MAXMEMORY_ALLKEYS_RANDOM ||
                 cfg.maxmemory_policy == MAXMEMORY_VOLATILE_RANDOM;
    long long freed = 0;
    long keys = 0;
    while (freed < (long long)tofree) {
        int dbid = 0;
        struct kv *o = random ? pick_random(&dbid) : pick_from_pool(&dbid);
        if (!o) goto cant_free;
        freed += evict_key(&srv.db[dbid], o);
        if (++keys % 16 == 0) {
            /* the lazyfree thread frees in the background: check the real state */
            if (cfg.lazyfree_lazy_eviction && !over_limit(NULL)) break;
            if ((unsigned long long)(ae_mono_us() - start) > limit) {
                evict_start_timer();
                break;
            }
        }
    }
    result = evict_timer_id >= 0 ? EVICT_RUNNING : EVICT_OK;
cant_free:
    if (result == EVICT_FAIL) {
        /* Nothing left to evict; values being freed in the background may
         * still bring memory under the limit: wait a little for them. */
        while (lazyfree_pending() && (unsigned long long)(ae_mono_us() - start) < limit) {
            if (!over_limit(NULL)) {
                result = EVICT_OK;
                break;
            }
            usleep(limit < 1000 ? (useconds_t)limit : 1000);
        }
    }
    update_metrics(result);
    return result;
}

/* The keyspace dict's growth veto: while the load factor is moderate, a
 * table doubling that would push memory over the limit waits (it would only
 * make eviction throw keys away to pay for empty buckets). */
static int expand_allowed(size_t more_mem, double load) {
    if (load > 1.618 || !cfg.maxmemory) return 1;
    size_t used = mem_used(), max = (size_t)cfg.maxmemory;
    if (used + more_mem <= max) return 1;
    size_t excluded = evict_excluded_memory();
    used = used > excluded ? used - excluded : 0;
    return used + more_mem <= max;
}

/* ---------------------------------------------------------------- commands */

static int named(const struct command *cmd, const char *name) {
    const struct command *top = cmd->parent ? cmd->parent : cmd;
    return strcmp(top->name, name) == 0;
}

void evict_init(void) {
    if (srv.ndb > 0) /* all dbs share the keyspace dict type */
        dict_set_expand_hook(srv.db[0].keys.type, expand_allowed);
}

const char *evict_command_check(struct client *c, struct command *cmd, uint64_t flags) {
    if (!cfg.maxmemory || script_busy()) return NULL;
    int oom = evict_perform() == EVICT_FAIL;
    int is_exec = multi_is_exec(cmd);
    int deny = (flags & CMD_DENYOOM) || (is_exec && (multi_queued_flags(c) & CMD_DENYOOM));
    /* Queueing in MULTI takes memory too: only EXEC (unless its queue holds a
     * denyoom command), DISCARD, QUIT and RESET pass. */
    if ((c->flags & CF_MULTI) && !is_exec && !named(cmd, "discard") && !named(cmd, "quit") &&
        !named(cmd, "reset"))
        deny = 1;
    if (oom && deny) return OOM_ERR;
    pre_command_oom = oom;
    return NULL;
}

const char *evict_script_check(int at_start, int may_oom, int wrote, uint64_t cmd_flags) {
    if (!cfg.maxmemory || !pre_command_oom || !may_oom) return NULL;
    if (at_start)
        return "-OOM allow-oom flag is not set on the script, can not run it when used memory > "
               "'maxmemory'";
    if (!wrote && (cmd_flags & CMD_DENYOOM)) return OOM_ERR;
    return NULL;
}

long long evict_exceeded_current_ms(void) {
    long long s = srv.stat.eviction_exceeded_start_us;
    return s ? (ae_mono_us() - s) / 1000 : 0;
}

long long evict_exceeded_total_ms(void) {
    long long s = srv.stat.eviction_exceeded_start_us;
    long long cur = s ? ae_mono_us() - s : 0;
    return (srv.stat.eviction_exceeded_total_us + cur) / 1000;
}
