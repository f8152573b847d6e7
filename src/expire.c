/* expire: key time-to-live commands (EXPIRE family, TTL family, PERSIST) and
 * the active expiry cycle.
 *
 * A TTL is an absolute unix time in milliseconds stored inside the entry (see
 * db.h); a key is logically gone once now > expire. Expired keys are removed
 * two ways:
 *   - lazily, by any lookup that finds them (db_lookup);
 *   - actively, by db_active_expire_cycle() which the cron runs `hz` times a
 *     second with a time budget.
 *
 * There is no separate dict of volatile keys (that saves a dict entry per key
 * with a TTL), so the active cycle walks the keys dict itself with a
 * dict_scan cursor kept per database (db->expire_cursor). Keys without a TTL
 * are skipped without being counted as samples. The rules follow Redis's
 * adaptive cycle: per database, sample a small batch of keys that have a TTL,
 * delete the expired ones, and keep going while the share of expired keys
 * among the samples is high; stop when the time budget is spent. Because keys
 * with a TTL can be rare in a big database, a batch may need to walk many
 * buckets: each database also gets a per-call bucket quota that makes a full
 * pass over it take about SPARSE_PASS_SECONDS worth of cron calls; and a
 * database is skipped outright while the current time is below a lower bound
 * of all its TTLs (db->next_expire, refreshed by each full pass), so idle
 * databases whose keys are not due cost nothing. */
#include "client.h"
#include "commands.h"
#include "config.h"
#include "db.h"
#include "ae.h"
#include "reply.h"
#include "server.h"
#include "propagate.h"
#include "util.h"
#include <limits.h>
#include <string.h>
#include <strings.h>

/* ---------------------------------------------------------------- commands */

#define EXP_NX (1 << 0)
#define EXP_XX (1 << 1)
#define EXP_GT (1 << 2)
#define EXP_LT (1 << 3)

/* Parses the NX/XX/GT/LT options from argv[3] on; replies and returns -1 on error. */
static int parse_expire_flags(struct client *c, int *flags) {
    *flags = 0;
    for (int i = 3; i < c->argc; i++) {
        const char *a = c->argv[i].ptr;
        if (!strcasecmp(a, "nx"))
            *flags |= EXP_NX;
        else if (!strcasecmp(a, "xx"))
            *flags |= EXP_XX;
        else if (!strcasecmp(a, "gt"))
            *flags |= EXP_GT;
        else if (!strcasecmp(a, "lt"))
            *flags |= EXP_LT;
        else {
            reply_error_fmt(c, "Unsupported option %s", a);
            return -1;
        }
    }
    if ((*flags & EXP_NX) && (*flags & (EXP_XX | EXP_GT | EXP_LT))) {
        reply_error(c, "NX and XX, GT or LT options at the same time are not compatible");
        return -1;
    }
    if ((*flags & EXP_GT) && (*flags & EXP_LT)) {
        reply_error(c, "GT and LT options at the same time are not compatible");
        return -1;
    }
    return 0;
}

static void reply_bad_expire(struct client *c) {
    reply_error_fmt(c, "invalid expire time in '%s' command", c->cmd ? c->cmd->fullname : "expire");
}

/* EXPIRE/PEXPIRE/EXPIREAT/PEXPIREAT: `base` is added to the argument (now for
 * relative forms, 0 for absolute ones) after scaling seconds to ms. */
static void expire_generic(struct client *c, long long base, int seconds) {
    struct str *k = &c->argv[1];
    int flags;
    long long when;
    if (parse_expire_flags(c, &flags) < 0) return;
    if (!str2ll(c->argv[2].ptr, c->argv[2].len, &when)) {
        reply_error_not_int(c);
        return;
    }
    if (seconds) {
        if (when > LLONG_MAX / 1000 || when < LLONG_MIN / 1000) {
            reply_bad_expire(c);
            return;
        }
        when *= 1000;
    }
    if (when > LLONG_MAX - base) {
        reply_bad_expire(c);
        return;
    }
    when += base;

    struct kv *o = db_lookup_write(c->db, k->ptr, k->len);
    if (!o) {
        reply_long(c, 0);
        return;
    }
    if (flags) {
        long long cur = kv_expire(o);
        if ((flags & EXP_NX) && cur != -1) goto refuse;
        if ((flags & EXP_XX) && cur == -1) goto refuse;
        /* no TTL counts as an infinite one */
        if ((flags & EXP_GT) && (cur == -1 || when <= cur)) goto refuse;
        if ((flags & EXP_LT) && cur != -1 && when >= cur) goto refuse;
    }
    if (when <= srv.now_ms && !srv.loading) {
        /* A time in the past deletes the key (Redis propagates this as DEL). */
        db_delete_mode(c->db, k->ptr, k->len, cfg.lazyfree_lazy_expire);
        srv.dirty++;
        db_signal_write(c->db, k->ptr, k->len, NOTIFY_GENERIC, "del");
        reply_long(c, 1);
        propagate_rewrite(c, 2, cfg.lazyfree_lazy_expire ? PSTR("UNLINK") : PSTR("DEL"), *k);
        return;
    }
    db_set_expire(c->db, o, when);
    reply_long(c, 1);
    db_signal_write(c->db, k->ptr, k->len, NOTIFY_GENERIC, "expire");
    srv.dirty++;
    /* propagated as PEXPIREAT <absolute ms>, the options kept */
    if (base != 0 || seconds) {
        char b[24];
        propagate_rewrite_arg(c, 0, PSTR("PEXPIREAT"));
        propagate_rewrite_arg(c, 2, pstr_ll(b, when));
    }
    return;
refuse:
    reply_long(c, 0);
}

static void expire_cmd(struct client *c) {
    expire_generic(c, srv.now_ms, 1);
}

static void pexpire_cmd(struct client *c) {
    expire_generic(c, srv.now_ms, 0);
}

static void expireat_cmd(struct client *c) {
    expire_generic(c, 0, 1);
}

static void pexpireat_cmd(struct client *c) {
    expire_generic(c, 0, 0);
}

/* TTL/PTTL/EXPIRETIME/PEXPIRETIME: -2 missing key, -1 no TTL. Seconds round
 * to the nearest second, like Redis. */
static void ttl_generic(struct client *c, int ms, int absolute) {
    struct kv *o = db_lookup(c->db, c->argv[1].ptr, c->argv[1].len, LOOKUP_NOTOUCH);
    if (!o) {
        reply_long(c, -2);
        return;
    }
    long long when = kv_expire(o);
    if (when == -1) {
        reply_long(c, -1);
        return;
    }
    long long v = absolute ? when : when - srv.now_ms;
    if (v < 0) v = 0;
    /* unsigned: v + 500 must not overflow for a TTL near LLONG_MAX */
    reply_long(c, ms ? v : (long long)(((unsigned long long)v + 500) / 1000));
}

static void ttl_cmd(struct client *c) {
    ttl_generic(c, 0, 0);
}

static void pttl_cmd(struct client *c) {
    ttl_generic(c, 1, 0);
}

static void expiretime_cmd(struct client *c) {
    ttl_generic(c, 0, 1);
}

static void pexpiretime_cmd(struct client *c) {
    ttl_generic(c, 1, 1);
}

static void persist_cmd(struct client *c) {
    struct str *k = &c->argv[1];
    struct kv *o = db_lookup_write(c->db, k->ptr, k->len);
    if (!o || !o->ttl) {
        reply_long(c, 0);
        return;
    }
    db_set_expire(c->db, o, -1);
    db_signal_write(c->db, k->ptr, k->len, NOTIFY_GENERIC, "persist");
    reply_long(c, 1);
    srv.dirty++;
}

/* ---------------------------------------------------------------- active expiry */

#define KEYS_PER_LOOP       20 /* TTL keys sampled per batch (effort 1) */
#define BUCKETS_PER_KEY     20 /* a batch gives up after KEYS_PER_LOOP * this buckets */
#define ACCEPTABLE_STALE    10 /* % of expired samples above which a db is worked more */
#define DBS_PER_CALL        16
#define SPARSE_PASS_SECONDS 4

struct expire_batch {
    struct db *db;
    long sampled, expired;
    long long ttl_sum, ttl_n;
};

static void expire_batch_cb(void *arg, struct dnode *n) {
    struct expire_batch *b = arg;
    struct kv *o = (struct kv *)n;
    if (!o->ttl) return;
    b->sampled++;
    long long when = kv_expire(o), left = when - srv.now_ms;
    if (left > 0) {
        b->ttl_sum += left;
        b->ttl_n++;
    }
    /* dict_scan reads the chain's next pointer before calling us and no
     * rehashing happens during the scan step, so unlinking here is safe. */
    if (db_expire_if_needed(b->db, o))
        b->expired++;
    else if (when < b->db->pass_scan_min)
        b->db->pass_scan_min = when;
}

/* Walks one batch of db's buckets; returns 1 if the cursor wrapped around. */
static int expire_batch_run(struct db *db, struct expire_batch *b, long want, long max_buckets,
                            long *buckets) {
    long walked = 0;
    int wrapped = 0;
    while (b->sampled < want && walked < max_buckets && dict_size(&db->keys) > 0) {
        db->expire_cursor = dict_scan(&db->keys, db->expire_cursor, expire_batch_cb, b);
        walked++;
        if (db->expire_cursor == 0) {
            /* A full pass is done: every TTL still in the db was either seen
             * by it or set during it. */
            long long lo =
                db->pass_scan_min < db->pass_added_min ? db->pass_scan_min : db->pass_added_min;
            db->next_expire = lo;
            db->pass_scan_min = db->pass_added_min = LLONG_MAX;
            wrapped = 1;
            break;
        }
    }
    *buckets += walked;
    return wrapped;
}

long long db_active_expire_cycle(long long time_us) {
    static int next_db = 0;
    static int hit_time_limit = 0;
    if (srv.ndb <= 0 || srv.loading) return 0;
    long effort = cfg.active_expire_effort > 0 ? cfg.active_expire_effort - 1 : 0;
    long per_loop = KEYS_PER_LOOP + KEYS_PER_LOOP / 4 * effort;
    long acceptable = ACCEPTABLE_STALE - effort;
    int hz = cfg.hz > 0 ? cfg.hz : 10;
    long long start = ae_now_us(), expired_total = 0, sampled_total = 0;
    if (time_us <= 0) time_us = 1;
    int dbs = srv.ndb < DBS_PER_CALL || hit_time_limit ? srv.ndb : DBS_PER_CALL;
    hit_time_limit = 0;

    for (int j = 0; j < dbs && !hit_time_limit; j++) {
        struct db *db = &srv.db[next_db % srv.ndb];
        next_db = (next_db + 1) % srv.ndb;
        if (db->volatile_keys == 0) {
            db->avg_ttl = 0;
            continue;
        }
        if (srv.now_ms <= db->next_expire) continue; /* nothing can be due yet */
        /* Bucket quota for this call: a full pass in about SPARSE_PASS_SECONDS. */
        long quota = (long)(dict_buckets(&db->keys) / (size_t)(hz * SPARSE_PASS_SECONDS));
        quota = quota * (1 + effort);
        if (quota < per_loop * BUCKETS_PER_KEY) quota = per_loop * BUCKETS_PER_KEY;
        long walked = 0, db_sampled = 0;
        int wrapped = 0;
        for (;;) {
            struct expire_batch b = {.db = db};
            wrapped |= expire_batch_run(db, &b, per_loop, per_loop * BUCKETS_PER_KEY, &walked);
            db_sampled += b.sampled;
            sampled_total += b.sampled;
            expired_total += b.expired;
            if (b.ttl_n) {
                long long avg = b.ttl_sum / b.ttl_n;
                if (db->avg_ttl == 0) db->avg_ttl = avg;
                db->avg_ttl = db->avg_ttl / 50 * 49 + avg / 50;
            }
            if (ae_now_us() - start > time_us) {
                hit_time_limit = 1;
                srv.stat.expired_time_cap_reached++;
                break;
            }
            if (db->volatile_keys == 0) break;
            /* Many stale keys among the samples: keep reclaiming. */
            if (b.sampled && b.expired * 100 / b.sampled > acceptable) continue;
            if (db_sampled >= per_loop || wrapped || walked >= quota) break;
        }
    }
    /* Running estimate of the share of logically expired keys among sampled
     * TTL keys, in hundredths of a percent (INFO expired_stale_perc = x100/100). */
    long long cur = sampled_total ? expired_total * 10000 / sampled_total : 0;
    srv.stat.expired_stale_perc_x100 = (srv.stat.expired_stale_perc_x100 * 95 + cur * 5) / 100;
    return expired_total;
}

/* ---------------------------------------------------------------- table */

#define EXPIRE_ROW(nm, fn, since_, summ, syn)                                                      \
    {                                                                                              \
        .name = nm, .proc = fn, .arity = -3, .flags = CMD_WRITE | CMD_FAST,                        \
        .acl = ACL_KEYSPACE | ACL_WRITE | ACL_FAST, CMD_ONE_KEY, .group = "generic",               \
        .since = since_, .complexity = "O(1)", .summary = summ, .syntax = syn,                     \
        .keyspecs = "RW update index 1 range 0 1 0"                                                \
    }
#define TTL_ROW(nm, fn, since_, summ, tips_)                                                       \
    {                                                                                              \
        .name = nm, .proc = fn, .arity = 2, .flags = CMD_READONLY | CMD_FAST,                      \
        .acl = ACL_KEYSPACE | ACL_READ | ACL_FAST, CMD_ONE_KEY, .group = "generic",                \
        .since = since_, .complexity = "O(1)", .summary = summ, .syntax = "key", .tips = tips_,    \
        .keyspecs = "RO access index 1 range 0 1 0"                                                \
    }

struct command expire_commands[] = {
    EXPIRE_ROW("expire", expire_cmd, "1.0.0", "Set a key's time to live in seconds",
               "key seconds [NX | XX | GT | LT]"),
    EXPIRE_ROW("pexpire", pexpire_cmd, "2.6.0", "Set a key's time to live in milliseconds",
               "key milliseconds [NX | XX | GT | LT]"),
    EXPIRE_ROW("expireat", expireat_cmd, "1.2.0",
               "Set the expiration for a key as a UNIX timestamp",
               "key unix-time-seconds [NX | XX | GT | LT]"),
    EXPIRE_ROW("pexpireat", pexpireat_cmd, "2.6.0",
               "Set the expiration for a key as a UNIX timestamp specified in milliseconds",
               "key unix-time-milliseconds [NX | XX | GT | LT]"),
    TTL_ROW("ttl", ttl_cmd, "1.0.0", "Get the time to live for a key in seconds",
            "nondeterministic_output"),
    TTL_ROW("pttl", pttl_cmd, "2.6.0", "Get the time to live for a key in milliseconds",
            "nondeterministic_output"),
    TTL_ROW("expiretime", expiretime_cmd, "7.0.0", "Get the expiration Unix timestamp for a key",
            NULL),
    TTL_ROW("pexpiretime", pexpiretime_cmd, "7.0.0",
            "Get the expiration Unix timestamp for a key in milliseconds", NULL),
    {.name = "persist",
     .proc = persist_cmd,
     .arity = 2,
     .flags = CMD_WRITE | CMD_FAST,
     .acl = ACL_KEYSPACE | ACL_WRITE | ACL_FAST,
     CMD_ONE_KEY,
     .group = "generic",
     .since = "2.2.0",
     .complexity = "O(1)",
     .summary = "Remove the expiration from a key",
     .syntax = "key",
     .keyspecs = "RW update index 1 range 0 1 0"},
    {0},
};
