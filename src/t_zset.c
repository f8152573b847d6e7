/* t_zset: sorted-set commands, with Redis 7.0's replies, option rules and
 * error texts. The values and their two encodings live in zset.c:
 *
 *   listpack  <= zset-max-listpack-entries (128) members, each <=
 *             zset-max-listpack-value (64) bytes; inline in the key's entry
 *   skiplist  larger sets: an order-statistics B+tree with a member index
 *             (zbtree.c); OBJECT ENCODING says "skiplist" as Redis does
 *
 * See zset.h for when a set converts. Every command body reads as: parse and
 * validate all arguments (replying on the first error), look the key up, then
 * act; writes go through a zw and end with zw_close, which puts the value
 * back (the entry may move) or deletes an emptied key.
 *
 * BZPOPMIN, BZPOPMAX and BZMPOP block through blocking.c: zset_serve pops for
 * a waiter once its key holds a sorted set again. */
#include "blocking.h"
#include "client.h"
#include "commands.h"
#include "config.h"
#include "db.h"
#include "dict.h"
#include "mem.h"
#include "reply.h"
#include "server.h"
#include "propagate.h"
#include "t_set.h"
#include "util.h"
#include "zset.h"
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------ argument helpers */

static int arg_is(const struct str *a, const char *word) {
    return strcasecmp(a->ptr, word) == 0;
}

/* Redis's getLongFromObjectOrReply: msg replaces the default error text. */
static int get_long(struct client *c, const struct str *a, long *out, const char *msg) {
    long long v;
    if (!str2ll(a->ptr, a->len, &v)) {
        reply_error(c, msg ? msg : "value is not an integer or out of range");
        return 0;
    }
    *out = (long)v;
    return 1;
}

static int get_range_long(struct client *c, const struct str *a, long min, long max, long *out,
                          const char *msg) {
    if (!get_long(c, a, out, msg)) return 0;
    if (*out < min || *out > max) {
        if (msg)
            reply_error(c, msg);
        else
            reply_error_fmt(c, "value is out of range, value must between %ld and %ld", min, max);
        return 0;
    }
    return 1;
}

static int get_positive_long(struct client *c, const struct str *a, long *out, const char *msg) {
    return get_range_long(c, a, 0, LONG_MAX, out,
                          msg ? msg : "value is out of range, must be positive");
}

static int get_double(struct client *c, const struct str *a, double *out, const char *msg) {
    if (!zset_parse_double(a->ptr, a->len, out)) {
        reply_error(c, msg ? msg : "value is not a valid float");
        return 0;
    }
    return 1;
}

/* Looks up a sorted set for reading: NULL when missing (nothing replied) or
 * of another type (WRONGTYPE replied, *wrong set). */
static struct kv *lookup_zset(struct client *c, const struct str *key, int flags, int *wrong) {
    return db_lookup_typed(c, key->ptr, key->len, T_ZSET, flags, wrong);
}

static void modified(struct client *c, const struct str *key, const char *event) {
    db_signal_write(c->db, key->ptr, key->len, NOTIFY_ZSET, event);
}

static void key_deleted(struct client *c, const struct str *key) {
    notify_keyspace_event(NOTIFY_GENERIC, "del", key->ptr, key->len, c->db->id);
}

/* A member with its score, as reply elements: RESP3 nests the pair. */
static void reply_pair(struct client *c, const char *m, size_t len, double score, int withscores,
                       int nested) {
    if (withscores && nested) reply_array_len(c, 2);
    reply_bulk(c, m, len);
    if (withscores) reply_double(c, score);
}

/* ------------------------------------------------------------ ZADD / ZINCRBY */

/* ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...], on an
 * explicit argument vector so that GEOADD can call it with its scores. */
void zadd_generic(struct client *c, int argc, struct str *argv, int flags) {
    static const char *nanerr = "resulting score is not a number (NaN)";
    const struct str *key = &argv[1];
    int ch = 0, scoreidx = 2;
    while (scoreidx < argc) {
        const struct str *o = &argv[scoreidx];
        if (arg_is(o, "nx"))
            flags |= ZADD_IN_NX;
        else if (arg_is(o, "xx"))
            flags |= ZADD_IN_XX;
        else if (arg_is(o, "ch"))
            ch = 1;
        else if (arg_is(o, "incr"))
            flags |= ZADD_IN_INCR;
        else if (arg_is(o, "gt"))
            flags |= ZADD_IN_GT;
        else if (arg_is(o, "lt"))
            flags |= ZADD_IN_LT;
        else
            break;
        scoreidx++;
    }
    int incr = flags & ZADD_IN_INCR, nx = flags & ZADD_IN_NX, xx = flags & ZADD_IN_XX;
    int gt = flags & ZADD_IN_GT, lt = flags & ZADD_IN_LT;
    int elements = argc - scoreidx;
    if (elements % 2 || !elements) {
        reply_error_syntax(c);
        return;
    }
    elements /= 2;
    if (nx && xx) {
        reply_error(c, "XX and NX options at the same time are not compatible");
        return;
    }
    if ((gt && nx) || (lt && nx) || (gt && lt)) {
        reply_error(c, "GT, LT, and/or NX options at the same time are not compatible");
        return;
    }
    if (incr && elements > 1) {
        reply_error(c, "INCR option supports a single increment-element pair");
        return;
    }
    double *scores = xmalloc(sizeof(double) * (size_t)elements);
    for (int j = 0; j < elements; j++) {
        if (!get_double(c, &argv[scoreidx + j * 2], &scores[j], NULL)) {
            xfree(scores);
            return;
        }
    }
    int wrong;
    struct kv *o = lookup_zset(c, key, LOOKUP_WRITE, &wrong);
    if (wrong) {
        xfree(scores);
        return;
    }
    int added = 0, updated = 0, processed = 0;
    double score = 0;
    struct zw w;
    int open = 0;
    if (!o) {
        if (!xx) {
            int tree = cfg.zset_max_listpack_entries == 0 ||
                       (unsigned long long)cfg.zset_max_listpack_value < argv[scoreidx + 1].len;
            zw_create(&w, c->db, key->ptr, key->len, tree);
            open = 1;
        }
    } else {
        zw_open(&w, c->db, o);
        open = 1;
    }
    int failed = 0;
    for (int j = 0; open && j < elements; j++) {
        double newscore = 0;
        int out = 0;
        const struct str *m = &argv[scoreidx + 1 + j * 2];
        if (!zw_add(&w, scores[j], m->ptr, m->len, flags, &out, &newscore)) {
            reply_error(c, nanerr);
            failed = 1;
            break;
        }
        if (out & ZADD_OUT_ADDED) added++;
        if (out & ZADD_OUT_UPDATED) updated++;
        if (!(out & ZADD_OUT_NOP)) processed++;
        score = newscore;
    }
    if (open) zw_close(&w);
    xfree(scores);
    if (!failed) {
        srv.dirty += added + updated;
        if (incr) {
            if (processed)
                reply_double(c, score);
            else
                reply_null(c);
        } else {
            reply_long(c, ch ? added + updated : added);
        }
    }
    if (added || updated) modified(c, key, incr ? "zincr" : "zadd");
}

static void zadd_cmd(struct client *c) {
    zadd_generic(c, c->argc, c->argv, 0);
}

static void zincrby_cmd(struct client *c) {
    zadd_generic(c, c->argc, c->argv, ZADD_IN_INCR);
}

/* ------------------------------------------------------------ ZREM / ZREMRANGEBY* */

static void zrem_cmd(struct client *c) {
    const struct str *key = &c->argv[1];
    int wrong;
    struct kv *o = lookup_zset(c, key, LOOKUP_WRITE, &wrong);
    if (wrong) return;
    if (!o) {
        reply_long(c, 0);
        return;
    }
    struct zw w;
    zw_open(&w, c->db, o);
    long deleted = 0;
    for (int j = 2; j < c->argc; j++) {
        deleted += zw_del(&w, c->argv[j].ptr, c->argv[j].len);
        if (zw_len(&w) == 0) break;
    }
    int removed = zw_close(&w);
    if (deleted) {
        notify_keyspace_event(NOTIFY_ZSET, "zrem", key->ptr, key->len, c->db->id);
        if (removed) key_deleted(c, key);
        db_key_modified(c->db, key->ptr, key->len);
        srv.dirty += deleted;
    }
    reply_long(c, deleted);
}

enum { ZR_RANK, ZR_SCORE, ZR_LEX };

static void zremrange_generic(struct client *c, int type) {
    const struct str *key = &c->argv[1];
    long start = 0, end = 0;
    struct zrange_spec range;
    struct zlex_spec lex;
    const char *event = type == ZR_RANK    ? "zremrangebyrank"
                        : type == ZR_SCORE ? "zremrangebyscore"
                                           : "zremrangebylex";
    if (type == ZR_RANK) {
        if (!get_long(c, &c->argv[2], &start, NULL) || !get_long(c, &c->argv[3], &end, NULL))
            return;
    } else if (type == ZR_SCORE) {
        if (!zset_parse_range(c->argv[2].ptr, c->argv[3].ptr, &range)) {
            reply_error(c, "min or max is not a float");
            return;
        }
    } else if (!zset_parse_lex(&c->argv[2], &c->argv[3], &lex)) {
        reply_error(c, "min or max not valid string range item");
        return;
    }
    int wrong;
    struct kv *o = lookup_zset(c, key, LOOKUP_WRITE, &wrong);
    if (wrong) return;
    if (!o) {
        reply_long(c, 0);
        return;
    }
    struct zview v;
    zview_of(&v, o);
    long llen = (long)zview_len(&v), first = -1, last = -1;
    if (type == ZR_RANK) {
        if (start < 0) start += llen;
        if (end < 0) end += llen;
        if (start < 0) start = 0;
        if (start > end || start >= llen) {
            reply_long(c, 0);
            return;
        }
        if (end >= llen) end = llen - 1;
        first = start;
        last = end;
    } else if (type == ZR_SCORE) {
        first = zset_first_in_range(&v, &range);
        if (first >= 0) last = zset_last_in_range(&v, &range);
    } else {
        first = zset_lex_delete_start(&v, &lex);
        if (first >= 0) { /* delete while the members stay in range */
            struct ziter it;
            ziter_init(&it, &v);
            for (ziter_seek(&it, (unsigned long)first); it.valid; ziter_next(&it)) {
                if (!zset_lex_lte_max(it.m, it.mlen, &lex)) break;
                last = (long)it.rank;
            }
            ziter_release(&it);
        }
    }
    unsigned long deleted = 0;
    int removed = 0;
    if (first >= 0 && last >= first) {
        struct zw w;
        zw_open(&w, c->db, o);
        deleted = zw_del_ranks(&w, (unsigned long)first, (unsigned long)last);
        removed = zw_close(&w);
    }
    if (deleted) {
        modified(c, key, event);
        if (removed) key_deleted(c, key);
    }
    srv.dirty += (long long)deleted;
    reply_long(c, (long long)deleted);
}

static void zremrangebyrank_cmd(struct client *c) {
    zremrange_generic(c, ZR_RANK);
}

static void zremrangebyscore_cmd(struct client *c) {
    zremrange_generic(c, ZR_SCORE);
}

static void zremrangebylex_cmd(struct client *c) {
    zremrange_generic(c, ZR_LEX);
}

/* ------------------------------------------------------------ simple reads */

static void zcard_cmd(struct client *c) {
    int wrong;
    struct kv *o = lookup_zset(c, &c->argv[1], LOOKUP_NONE, &wrong);
    if (wrong) return;
    if (!o) {
        reply_long(c, 0);
        return;
    }
    struct zview v;
    zview_of(&v, o);
    reply_long(c, (long long)zview_len(&v));
}

static void zscore_cmd(struct client *c) {
    int wrong;
    struct kv *o = lookup_zset(c, &c->argv[1], LOOKUP_NONE, &wrong);
    if (wrong) return;
    struct zview v;
    double s;
    if (o) zview_of(&v, o);
    if (!o || !zview_score(&v, c->argv[2].ptr, c->argv[2].len, &s))
        reply_null(c);
    else
        reply_double(c, s);
}

static void zmscore_cmd(struct client *c) {
    int wrong;
    struct kv *o = lookup_zset(c, &c->argv[1], LOOKUP_NONE, &wrong);
    if (wrong) return;
    struct zview v;
    if (o) zview_of(&v, o);
    reply_array_len(c, c->argc - 2);
    for (int j = 2; j < c->argc; j++) {
        double s;
        if (!o || !zview_score(&v, c->argv[j].ptr, c->argv[j].len, &s))
            reply_null(c);
        else
            reply_double(c, s);
    }
}

static void zrank_generic(struct client *c, int reverse) {
    int wrong;
    struct kv *o = lookup_zset(c, &c->argv[1], LOOKUP_NONE, &wrong);
    if (wrong) return;
    if (!o) {
        reply_null(c);
        return;
    }
    struct zview v;
    zview_of(&v, o);
    long r = zview_rank(&v, c->argv[2].ptr, c->argv[2].len, reverse);
    if (r >= 0)
        reply_long(c, r);
    else
        reply_null(c);
}

static void zrank_cmd(struct client *c) {
    zrank_generic(c, 0);
}

static void zrevrank_cmd(struct client *c) {
    zrank_generic(c, 1);
}

static void zcount_cmd(struct client *c) {
    struct zrange_spec range;
    if (!zset_parse_range(c->argv[2].ptr, c->argv[3].ptr, &range)) {
        reply_error(c, "min or max is not a float");
        return;
    }
    int wrong;
    struct kv *o = lookup_zset(c, &c->argv[1], LOOKUP_NONE, &wrong);
    if (wrong) return;
    long count = 0;
    if (o) {
        struct zview v;
        zview_of(&v, o);
        long first = zset_first_in_range(&v, &range);
        if (first >= 0) {
            long last = zset_last_in_range(&v, &range);
            if (last >= first) count = last - first + 1;
        }
    }
    reply_long(c, count);
}

static void zlexcount_cmd(struct client *c) {
    struct zlex_spec lex;
    if (!zset_parse_lex(&c->argv[2], &c->argv[3], &lex)) {
        reply_error(c, "min or max not valid string range item");
        return;
    }
    int wrong;
    struct kv *o = lookup_zset(c, &c->argv[1], LOOKUP_NONE, &wrong);
    if (wrong) return;
    long count = 0;
    if (o) {
        struct zview v;
        zview_of(&v, o);
        long first = zset_first_in_lex(&v, &lex);
        if (first >= 0 && v.lp) { /* a listpack counts while members stay in range */
            struct ziter it;
            ziter_init(&it, &v);
            for (ziter_seek(&it, (unsigned long)first); it.valid; ziter_next(&it)) {
                if (!zset_lex_lte_max(it.m, it.mlen, &lex)) break;
                count++;
            }
            ziter_release(&it);
        } else if (first >= 0) {
            long last = zset_last_in_lex(&v, &lex);
            if (last >= first) count = last - first + 1;
        }
    }
    reply_long(c, count);
}

/* ------------------------------------------------------------ ZRANGE family */

/* Where range results go: the client, or a new set (ZRANGESTORE). */
struct zout {
    struct client *c;
    const struct str *dst; /* ZRANGESTORE */
    int withscores;
    void *defer;
    struct zbuild b;
};

static void zout_begin(struct zout *h, long length) {
    if (h->dst) {
        zbuild_init(&h->b);
        return;
    }
    if (length > 0) {
        reply_array_len(h->c, length * (h->withscores && h->c->resp == 2 ? 2 : 1));
        h->defer = NULL;
    } else {
        h->defer = reply_defer_len(h->c);
    }
}

static void zout_emit(struct zout *h, const char *m, size_t len, double score) {
    if (h->dst)
        zbuild_add(&h->b, m, len, score);
    else
        reply_pair(h->c, m, len, score, h->withscores, h->c->resp > 2);
}

static void zout_end(struct zout *h, long count) {
    struct client *c = h->c;
    if (!h->dst) {
        if (h->defer)
            reply_set_array_len(c, h->defer, count * (h->withscores && c->resp == 2 ? 2 : 1));
        return;
    }
    if (count) {
        db_set(c->db, zbuild_finish(&h->b, h->dst->ptr, h->dst->len));
        db_key_modified(c->db, h->dst->ptr, h->dst->len);
        reply_long(c, count);
        notify_keyspace_event(NOTIFY_ZSET, "zrangestore", h->dst->ptr, h->dst->len, c->db->id);
        srv.dirty++;
    } else {
        zbuild_discard(&h->b);
        reply_long(c, 0);
        if (db_delete(c->db, h->dst->ptr, h->dst->len)) {
            db_key_modified(c->db, h->dst->ptr, h->dst->len);
            key_deleted(c, h->dst);
            srv.dirty++;
        }
    }
}

static void range_by_rank(struct zout *h, const struct zview *v, long start, long end,
                          int reverse) {
    long llen = (long)zview_len(v);
    if (start < 0) start += llen;
    if (end < 0) end += llen;
    if (start < 0) start = 0;
    if (start > end || start >= llen) {
        zout_begin(h, 0);
        zout_end(h, 0);
        return;
    }
    if (end >= llen) end = llen - 1;
    long n = end - start + 1;
    zout_begin(h, n);
    struct ziter it;
    ziter_init(&it, v);
    ziter_seek(&it, (unsigned long)(reverse ? llen - 1 - start : start));
    for (long i = 0; i < n && it.valid; i++) {
        zout_emit(h, it.m, it.mlen, it.score);
        if (reverse)
            ziter_prev(&it);
        else
            ziter_next(&it);
    }
    ziter_release(&it);
    zout_end(h, n);
}

/* Shared by score and lex ranges: from the first (last) element in range,
 * skip `offset` elements, then emit up to `limit` (negative: all) while they
 * stay in range. */
static void range_walk(struct zout *h, const struct zview *v, long from, long offset, long limit,
                       int reverse, const struct zrange_spec *sr, const struct zlex_spec *lr) {
    long n = 0;
    zout_begin(h, -1);
    if (offset > 0 && offset >= (long)zview_len(v)) {
        zout_end(h, 0);
        return;
    }
    if (from >= 0 && offset >= 0) {
        long at = reverse ? from - offset : from + offset;
        struct ziter it;
        ziter_init(&it, v);
        if (at >= 0 && at < (long)zview_len(v)) ziter_seek(&it, (unsigned long)at);
        while (it.valid && limit--) {
            int in;
            if (sr)
                in = reverse ? zset_gte_min(it.score, sr) : zset_lte_max(it.score, sr);
            else
                in = reverse ? zset_lex_gte_min(it.m, it.mlen, lr)
                             : zset_lex_lte_max(it.m, it.mlen, lr);
            if (!in) break;
            zout_emit(h, it.m, it.mlen, it.score);
            n++;
            if (reverse)
                ziter_prev(&it);
            else
                ziter_next(&it);
        }
        ziter_release(&it);
    }
    zout_end(h, n);
}

/* ZRANGE and friends: <key> <min> <max> [BYSCORE|BYLEX] [REV] [WITHSCORES]
 * [LIMIT offset count], keyidx pointing at <key>. */
static void zrange_generic(struct client *c, int keyidx, const struct str *dst, int type, int rev) {
    int minidx = keyidx + 1, maxidx = keyidx + 2;
    int withscores = 0, type_auto = type < 0, dir_auto = rev < 0;
    long offset = 0, limit = -1, start = 0, end = 0;
    if (type_auto) type = ZR_RANK;
    if (dir_auto) rev = 0;
    int explicit_type = 0;
    for (int j = keyidx + 3; j < c->argc; j++) {
        int left = c->argc - j - 1;
        const struct str *a = &c->argv[j];
        if (!dst && arg_is(a, "withscores")) {
            withscores = 1;
        } else if (arg_is(a, "limit") && left >= 2) {
            if (!get_long(c, &c->argv[j + 1], &offset, NULL) ||
                !get_long(c, &c->argv[j + 2], &limit, NULL))
                return;
            j += 2;
        } else if (dir_auto && !rev && arg_is(a, "rev")) {
            rev = 1;
        } else if (type_auto && !explicit_type && arg_is(a, "bylex")) {
            type = ZR_LEX;
            explicit_type = 1;
        } else if (type_auto && !explicit_type && arg_is(a, "byscore")) {
            type = ZR_SCORE;
            explicit_type = 1;
        } else {
            reply_error_syntax(c);
            return;
        }
    }
    if (limit != -1 && type == ZR_RANK) {
        reply_error(
            c, "syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
        return;
    }
    if (withscores && type == ZR_LEX) {
        reply_error(c, "syntax error, WITHSCORES not supported in combination with BYLEX");
        return;
    }
    if (rev && type != ZR_RANK) {
        int t = minidx;
        minidx = maxidx;
        maxidx = t;
    }
    struct zrange_spec sr;
    struct zlex_spec lr;
    if (type == ZR_RANK) {
        if (!get_long(c, &c->argv[minidx], &start, NULL) ||
            !get_long(c, &c->argv[maxidx], &end, NULL))
            return;
    } else if (type == ZR_SCORE) {
        if (!zset_parse_range(c->argv[minidx].ptr, c->argv[maxidx].ptr, &sr)) {
            reply_error(c, "min or max is not a float");
            return;
        }
    } else if (!zset_parse_lex(&c->argv[minidx], &c->argv[maxidx], &lr)) {
        reply_error(c, "min or max not valid string range item");
        return;
    }
    struct zout h = {.c = c, .dst = dst, .withscores = withscores || dst};
    int wrong;
    struct kv *o = lookup_zset(c, &c->argv[keyidx], LOOKUP_NONE, &wrong);
    if (wrong) return;
    if (!o) {
        if (dst) {
            zout_begin(&h, -1);
            zout_end(&h, 0);
        } else {
            reply_empty_array(c);
        }
        return;
    }
    struct zview v;
    zview_of(&v, o);
    if (type == ZR_RANK) {
        range_by_rank(&h, &v, start, end, rev);
    } else if (type == ZR_SCORE) {
        long from = rev ? zset_last_in_range(&v, &sr) : zset_first_in_range(&v, &sr);
        range_walk(&h, &v, from, offset, limit, rev, &sr, NULL);
    } else {
        long from = rev ? zset_last_in_lex(&v, &lr) : zset_first_in_lex(&v, &lr);
        range_walk(&h, &v, from, offset, limit, rev, NULL, &lr);
    }
}

static void zrange_cmd(struct client *c) {
    zrange_generic(c, 1, NULL, -1, -1);
}

static void zrangestore_cmd(struct client *c) {
    zrange_generic(c, 2, &c->argv[1], -1, -1);
}

static void zrevrange_cmd(struct client *c) {
    zrange_generic(c, 1, NULL, ZR_RANK, 1);
}

static void zrangebyscore_cmd(struct client *c) {
    zrange_generic(c, 1, NULL, ZR_SCORE, 0);
}

static void zrevrangebyscore_cmd(struct client *c) {
    zrange_generic(c, 1, NULL, ZR_SCORE, 1);
}

static void zrangebylex_cmd(struct client *c) {
    zrange_generic(c, 1, NULL, ZR_LEX, 0);
}

static void zrevrangebylex_cmd(struct client *c) {
    zrange_generic(c, 1, NULL, ZR_LEX, 1);
}

/* ------------------------------------------------------------ pops */

/* Pops up to count (-1: a single pop) elements from the first non-empty key.
 * emitkey: the reply names the key (ZMPOP); nested: pairs as arrays;
 * nil_when_empty: a null array (not an empty one) when nothing is found. */
static void zpop_generic(struct client *c, struct str *keys, int nkeys, int max, int emitkey,
                         long count, int nested, int nil_when_empty) {
    struct kv *o = NULL;
    struct str *key = NULL;
    for (int i = 0; i < nkeys; i++) {
        int wrong;
        key = &keys[i];
        o = lookup_zset(c, key, LOOKUP_WRITE, &wrong);
        if (wrong) return;
        if (o) break;
    }
    if (!o) {
        if (nil_when_empty)
            reply_null_array(c);
        else
            reply_empty_array(c);
        return;
    }
    if (count == 0) {
        reply_empty_array(c);
        return;
    }
    int single = count == -1;
    if (count == -1) count = 1;
    struct zw w;
    zw_open(&w, c->db, o);
    long llen = (long)zw_len(&w);
    long n = count > llen ? llen : count;
    if (!nested && !emitkey) {
        reply_array_len(c, n * 2);
    } else if (nested && !emitkey) {
        reply_array_len(c, n);
    } else if (!nested && emitkey) {
        reply_array_len(c, n * 2 + 1);
        reply_bulk(c, key->ptr, key->len);
    } else {
        reply_array_len(c, 2);
        reply_bulk(c, key->ptr, key->len);
        reply_array_len(c, n);
    }
    for (long i = 0; i < n; i++) {
        struct zview v;
        zw_view(&w, &v);
        struct ziter it;
        ziter_init(&it, &v);
        unsigned long rank = max ? zview_len(&v) - 1 : 0;
        ziter_seek(&it, rank);
        if (nested) reply_array_len(c, 2);
        reply_bulk(c, it.m, it.mlen);
        reply_double(c, it.score);
        zw_del_at(&w, rank, it.m, it.mlen, it.score); /* it.m is the iterator's copy */
        ziter_release(&it);
        srv.dirty++;
    }
    modified(c, key, max ? "zpopmax" : "zpopmin");
    if (zw_close(&w)) key_deleted(c, key);
    if (emitkey) { /* ZMPOP and the blocking pops: propagated as ZPOPMIN/ZPOPMAX */
        char b[24];
        struct str name = max ? PSTR("ZPOPMAX") : PSTR("ZPOPMIN");
        if (single)
            propagate_rewrite(c, 2, name, *key);
        else
            propagate_rewrite(c, 3, name, *key, pstr_ll(b, n));
    }
}

static void zpop_minmax(struct client *c, int max) {
    if (c->argc > 3) {
        reply_error_syntax(c);
        return;
    }
    long count = -1;
    if (c->argc == 3 && !get_positive_long(c, &c->argv[2], &count, NULL)) return;
    zpop_generic(c, &c->argv[1], 1, max, 0, count, c->resp > 2 && count != -1, 0);
}

static void zpopmin_cmd(struct client *c) {
    zpop_minmax(c, 0);
}

static void zpopmax_cmd(struct client *c) {
    zpop_minmax(c, 1);
}

/* Parses "numkeys key [key ...] MIN|MAX [COUNT count]" with numkeys at
 * argv[numidx] (ZMPOP: 1, BZMPOP: 2); 0 after replying an error. */
static int parse_mpop(struct client *c, int numidx, long *numkeys, int *max, long *count) {
    *count = -1;
    if (!get_range_long(c, &c->argv[numidx], 1, LONG_MAX, numkeys,
                        "numkeys should be greater than 0"))
        return 0;
    if (*numkeys >= c->argc - numidx - 1) {
        reply_error_syntax(c);
        return 0;
    }
    int where = numidx + 1 + (int)*numkeys;
    if (arg_is(&c->argv[where], "min"))
        *max = 0;
    else if (arg_is(&c->argv[where], "max"))
        *max = 1;
    else {
        reply_error_syntax(c);
        return 0;
    }
    for (int j = where + 1; j < c->argc; j++) {
        if (*count == -1 && arg_is(&c->argv[j], "count") && j + 1 < c->argc) {
            j++;
            if (!get_range_long(c, &c->argv[j], 1, LONG_MAX, count,
                                "count should be greater than 0"))
                return 0;
        } else {
            reply_error_syntax(c);
            return 0;
        }
    }
    if (*count == -1) *count = 1;
    return 1;
}

/* ZMPOP numkeys key [key ...] MIN|MAX [COUNT count] */
static void zmpop_cmd(struct client *c) {
    long numkeys, count;
    int max;
    if (!parse_mpop(c, 1, &numkeys, &max, &count)) return;
    zpop_generic(c, &c->argv[2], (int)numkeys, max, 1, count, 1, 1);
}

/* ------------------------------------------------------------ blocking pops */

enum { BZ_POP = 1, BZ_MPOP = 2 };

/* Serves a client blocked on key, now a sorted set (see blocking.h). */
int zset_serve(struct client *c, struct db *db, struct kv *o, const char *key, size_t klen,
               const struct block_args *a) {
    struct str k = {(char *)key, klen};
    if (a->variant == BZ_MPOP)
        zpop_generic(c, &k, 1, a->from, 1, a->count, 1, 1);
    else
        zpop_generic(c, &k, 1, a->from, 1, -1, 0, 0);
    return 1;
}

/* Pops from the first non-empty key of keys[0..nkeys), or blocks. */
static void bzpop_generic(struct client *c, struct str *keys, int nkeys, int max, long count,
                          long long timeout, int variant) {
    for (int j = 0; j < nkeys; j++) {
        int wrong;
        struct kv *o = lookup_zset(c, &keys[j], LOOKUP_WRITE, &wrong);
        if (wrong) return;
        if (!o) continue;
        if (variant == BZ_MPOP)
            zpop_generic(c, &keys[j], 1, max, 1, count, 1, 1);
        else
            zpop_generic(c, &keys[j], 1, max, 1, -1, 0, 0);
        return;
    }
    if (blocking_denied(c)) {
        reply_null_array(c);
        return;
    }
    struct block_args a = {.from = max, .count = count, .variant = variant};
    blocking_block(c, T_ZSET, keys, nkeys, timeout, &a);
}

static void bzpop_minmax(struct client *c, int max) {
    long long timeout;
    if (blocking_parse_timeout(c, &c->argv[c->argc - 1], &timeout) < 0) return;
    bzpop_generic(c, c->argv + 1, c->argc - 2, max, -1, timeout, BZ_POP);
}

static void bzpopmin_cmd(struct client *c) {
    bzpop_minmax(c, 0);
}

static void bzpopmax_cmd(struct client *c) {
    bzpop_minmax(c, 1);
}

/* BZMPOP timeout numkeys key [key ...] MIN|MAX [COUNT count] */
static void bzmpop_cmd(struct client *c) {
    long numkeys, count;
    int max;
    long long timeout;
    if (!parse_mpop(c, 2, &numkeys, &max, &count)) return;
    if (blocking_parse_timeout(c, &c->argv[1], &timeout) < 0) return;
    bzpop_generic(c, c->argv + 3, (int)numkeys, max, count, timeout, BZ_MPOP);
}

/* ------------------------------------------------------------ ZRANDMEMBER */

static unsigned long rand_below(unsigned long n) {
    unsigned long r = ((unsigned long)random() << 31) ^ (unsigned long)random();
    return r % n;
}

/* A small open-addressing set of ranks (for picking distinct elements). */
struct rankset {
    unsigned long *v;
    size_t cap;
};

static int rankset_add(struct rankset *s, unsigned long r) {
    size_t i = (size_t)(r * 0x9e3779b97f4a7c15ULL) & (s->cap - 1);
    while (s->v[i] != ULONG_MAX) {
        if (s->v[i] == r) return 0;
        i = (i + 1) & (s->cap - 1);
    }
    s->v[i] = r;
    return 1;
}

static void zrandmember_count(struct client *c, long l, int withscores) {
    int wrong;
    struct kv *o = lookup_zset(c, &c->argv[1], LOOKUP_NONE, &wrong);
    if (wrong) return;
    if (!o) {
        reply_empty_array(c);
        return;
    }
    struct zview v;
    zview_of(&v, o);
    unsigned long size = zview_len(&v), count = l >= 0 ? (unsigned long)l : (unsigned long)-l;
    int uniq = l >= 0, nested = withscores && c->resp > 2;
    if (count == 0) {
        reply_empty_array(c);
        return;
    }
    struct ziter it;
    ziter_init(&it, &v);
    if (!uniq || count == 1) { /* with repetitions */
        reply_array_len(c, (long)(withscores && c->resp == 2 ? count * 2 : count));
        while (count--) {
            ziter_seek(&it, rand_below(size));
            reply_pair(c, it.m, it.mlen, it.score, withscores, nested);
            if (c->flags & CF_CLOSE_ASAP) break;
        }
    } else if (count >= size) { /* the whole set, from the top as Redis walks it */
        reply_array_len(c, (long)(withscores && c->resp == 2 ? size * 2 : size));
        for (ziter_seek(&it, size - 1); it.valid; ziter_prev(&it))
            reply_pair(c, it.m, it.mlen, it.score, withscores, nested);
    } else if (count * 3 > size || v.lp) { /* a sequential sample, in set order */
        reply_array_len(c, (long)(withscores && c->resp == 2 ? count * 2 : count));
        unsigned long need = count;
        for (ziter_seek(&it, 0); it.valid && need; ziter_next(&it)) {
            if (rand_below(size - it.rank) < need) {
                reply_pair(c, it.m, it.mlen, it.score, withscores, nested);
                need--;
            }
        }
    } else { /* distinct random ranks */
        reply_array_len(c, (long)(withscores && c->resp == 2 ? count * 2 : count));
        struct rankset s;
        s.cap = 16;
        while (s.cap < count * 2)
            s.cap *= 2;
        s.v = xmalloc(s.cap * sizeof(unsigned long));
        memset(s.v, 0xff, s.cap * sizeof(unsigned long));
        unsigned long added = 0;
        while (added < count) {
            unsigned long r = rand_below(size);
            if (!rankset_add(&s, r)) continue;
            added++;
            ziter_seek(&it, r);
            reply_pair(c, it.m, it.mlen, it.score, withscores, nested);
        }
        xfree(s.v);
    }
    ziter_release(&it);
}

static void zrandmember_cmd(struct client *c) {
    if (c->argc >= 3) {
        long l;
        int withscores = 0;
        if (!get_range_long(c, &c->argv[2], -LONG_MAX, LONG_MAX, &l, NULL)) return;
        if (c->argc > 4 || (c->argc == 4 && !arg_is(&c->argv[3], "withscores"))) {
            reply_error_syntax(c);
            return;
        }
        if (c->argc == 4) {
            withscores = 1;
            if (l < -LONG_MAX / 2 || l > LONG_MAX / 2) {
                reply_error(c, "value is out of range");
                return;
            }
        }
        zrandmember_count(c, l, withscores);
        return;
    }
    int wrong;
    struct kv *o = lookup_zset(c, &c->argv[1], LOOKUP_NONE, &wrong);
    if (wrong) return;
    if (!o) {
        reply_null(c);
        return;
    }
    struct zview v;
    zview_of(&v, o);
    struct ziter it;
    ziter_init(&it, &v);
    ziter_seek(&it, rand_below(zview_len(&v)));
    reply_bulk(c, it.m, it.mlen);
    ziter_release(&it);
}

/* ------------------------------------------------------------ ZSCAN */

/* A listpack answers in one reply with cursor 0. A tree is scanned in
 * (score, member) order, and the cursor says where to resume:
 *
 *   bit 63 = 1, slot (12 bits), generation (19 bits), bound (32 bits)
 *
 * slot names an anchor below holding the exact (score, member) to resume
 * at; the generation proves it is still ours. When the anchor was reused
 * meanwhile (4096 scans later), the bound - the top 32 bits of the order-
 * preserving image of the score - is a lower bound to resume from instead:
 * elements may then come twice but none is missed, and the reply extends
 * until the bound grows, so the scan always ends. Elements present for the
 * whole scan are returned at least once whatever changes in between. */
#define ANCHORS 4096

struct anchor {
    uint64_t uid;
    uint32_t gen;
    double score;
    char *m;
    size_t len;
};

static struct anchor anchors[ANCHORS];
static uint32_t anchor_hand, anchor_gen;

static uint64_t score_key(double s) {
    uint64_t u;
    memcpy(&u, &s, sizeof(u));
    return (u >> 63) ? ~u : (u | (1ULL << 63));
}

static double key_score(uint64_t k) {
    uint64_t u = (k >> 63) ? (k & ~(1ULL << 63)) : ~k;
    double s;
    memcpy(&s, &u, sizeof(s));
    return s;
}

static uint64_t anchor_cursor(struct zbt *t, double score, const char *m, size_t len) {
    uint32_t slot = anchor_hand++ % ANCHORS;
    struct anchor *a = &anchors[slot];
    xfree(a->m);
    a->uid = zbt_uid(t);
    a->gen = anchor_gen = (anchor_gen + 1) & 0x7FFFF;
    a->score = score;
    a->m = xmemdup(m, len);
    a->len = len;
    return (1ULL << 63) | ((uint64_t)slot << 51) | ((uint64_t)a->gen << 32) |
           (score_key(score) >> 32);
}

/* Where to resume a tree scan; *exact is 0 when only the bound was usable. */
static unsigned long scan_start(struct zbt *t, unsigned long cursor, int *exact) {
    *exact = 1;
    if (cursor == 0) return 0;
    if (cursor >> 63) {
        struct anchor *a = &anchors[(cursor >> 51) & (ANCHORS - 1)];
        if (a->m && a->uid == zbt_uid(t) && a->gen == ((cursor >> 32) & 0x7FFFF))
            return (unsigned long)zbt_count_key_below(t, a->score, a->m, a->len);
    }
    *exact = 0;
    double s = key_score((cursor & 0xFFFFFFFFULL) << 32);
    if (isnan(s)) return (cursor & 0x80000000ULL) ? (unsigned long)zbt_len(t) : 0;
    return (unsigned long)zbt_count_score_below(t, s, 0);
}

static void zscan_cmd(struct client *c) {
    const char *cs = c->argv[2].ptr;
    char *eptr;
    errno = 0;
    unsigned long cursor = strtoul(cs, &eptr, 10);
    if (isspace((unsigned char)cs[0]) || eptr[0] != '\0' || errno == ERANGE) {
        reply_error(c, "invalid cursor");
        return;
    }
    int wrong;
    struct kv *o = lookup_zset(c, &c->argv[1], LOOKUP_NONE, &wrong);
    if (wrong) return;
    if (!o) {
        reply_array_len(c, 2);
        reply_bulk(c, "0", 1);
        reply_empty_array(c);
        return;
    }
    long count = 10;
    const char *pat = NULL;
    size_t patlen = 0;
    for (int i = 3; i < c->argc; i += 2) {
        int left = c->argc - i;
        if (arg_is(&c->argv[i], "count") && left >= 2) {
            if (!get_long(c, &c->argv[i + 1], &count, NULL)) return;
            if (count < 1) {
                reply_error_syntax(c);
                return;
            }
        } else if (arg_is(&c->argv[i], "match") && left >= 2) {
            pat = c->argv[i + 1].ptr;
            patlen = c->argv[i + 1].len;
            if (patlen == 1 && pat[0] == '*') pat = NULL;
        } else {
            reply_error_syntax(c);
            return;
        }
    }
    struct zview v;
    zview_of(&v, o);
    reply_array_len(c, 2);
    if (v.lp) { /* everything at once, scores as stored */
        reply_bulk(c, "0", 1);
        void *d = reply_defer_len(c);
        long n = 0;
        unsigned char ibuf[LP_INTBUF_SIZE], sbuf[LP_INTBUF_SIZE];
        for (unsigned char *p = lp_first(v.lp); p; p = lp_next(v.lp, p)) {
            uint32_t ml, sl;
            const unsigned char *m = lp_get_str(p, &ml, ibuf);
            p = lp_next(v.lp, p);
            const unsigned char *s = lp_get_str(p, &sl, sbuf);
            if (pat && !glob_match(pat, patlen, (const char *)m, ml, 0)) continue;
            reply_bulk(c, (const char *)m, ml);
            reply_bulk(c, (const char *)s, sl);
            n += 2;
        }
        reply_set_array_len(c, d, n);
        return;
    }
    int exact;
    unsigned long bound = cursor >> 63 ? cursor & 0xFFFFFFFFULL : 0;
    unsigned long start = scan_start(v.t, cursor, &exact);
    struct ziter it;
    ziter_init(&it, &v);
    ziter_seek(&it, start);
    long taken = 0;
    struct zbuild out;
    zbuild_init(&out);
    /* without an exact position, go on until the bound grows (progress) */
    while (it.valid && (taken < count || (!exact && (score_key(it.score) >> 32) <= bound))) {
        if (!pat || glob_match(pat, patlen, it.m, it.mlen, 0))
            zbuild_add(&out, it.m, it.mlen, it.score);
        taken++;
        ziter_next(&it);
    }
    uint64_t next = it.valid ? anchor_cursor(v.t, it.score, it.m, it.mlen) : 0;
    ziter_release(&it);
    char cbuf[LONG_STR_SIZE];
    int cl = ull2str(cbuf, sizeof(cbuf), next);
    reply_bulk(c, cbuf, (size_t)cl);
    struct zview ov = {NULL, out.t};
    reply_array_len(c, (long)zview_len(&ov) * 2);
    ziter_init(&it, &ov);
    for (ziter_seek(&it, 0); it.valid; ziter_next(&it)) {
        char sb[MAX_LONG_DOUBLE_CHARS];
        int sl = ld2str(sb, sizeof(sb), (long double)it.score, 0);
        reply_bulk(c, it.m, it.mlen);
        reply_bulk(c, sb, (size_t)sl);
    }
    ziter_release(&it);
    zbuild_discard(&out);
}

/* ------------------------------------------------------------ ZUNION / ZINTER / ZDIFF */

/* The inputs may be sets too: their members score 1 (t_set.h). */
enum { OP_UNION, OP_INTER, OP_DIFF };
enum { AGG_SUM, AGG_MIN, AGG_MAX };

struct zsrc {
    struct kv *o; /* NULL: a missing key (empty) */
    int isset;
    struct zview v;
    unsigned long len;
    double weight;
};

typedef void elem_fn(void *arg, const char *m, size_t len, double score);

struct set_walk {
    elem_fn *fn;
    void *arg;
};

static void set_walk_one(void *arg, const char *m, size_t len) {
    struct set_walk *w = arg;
    w->fn(w->arg, m, len, 1.0);
}

/* Calls fn for every element of the source. Sorted sets are walked from the
 * top, as Redis walks them. */
static void src_each(struct zsrc *s, elem_fn *fn, void *arg) {
    if (!s->o) return;
    if (s->isset) {
        struct set_walk w = {fn, arg};
        set_foreach(s->o, set_walk_one, &w);
        return;
    }
    struct ziter it;
    ziter_init(&it, &s->v);
    for (ziter_seek(&it, s->len - 1); it.valid; ziter_prev(&it))
        fn(arg, it.m, it.mlen, it.score);
    ziter_release(&it);
}

static int src_find(struct zsrc *s, const char *m, size_t len, double *score) {
    if (!s->o) return 0;
    if (s->isset) {
        *score = 1.0;
        return set_contains(s->o, m, len);
    }
    return zview_score(&s->v, m, len, score);
}

static void aggregate(double *target, double val, int agg) {
    if (agg == AGG_SUM) {
        *target = *target + val;
        if (isnan(*target)) *target = 0.0; /* inf + -inf */
    } else if (agg == AGG_MIN) {
        *target = val < *target ? val : *target;
    } else {
        *target = val > *target ? val : *target;
    }
}

/* Union accumulator: member -> score. */
struct acc {
    struct dnode link;
    double score;
    size_t len;
    char m[];
};

static uint64_t acc_hash(const void *key, size_t len) {
    return hash_bytes(key, len);
}

static uint64_t acc_node_hash(const struct dnode *n) {
    const struct acc *a = (const struct acc *)n;
    return hash_bytes(a->m, a->len);
}

static int acc_eq(const struct dnode *n, const void *key, size_t len) {
    const struct acc *a = (const struct acc *)n;
    return a->len == len && memcmp(a->m, key, len) == 0;
}

static const struct dict_type acc_type = {acc_hash, acc_node_hash, acc_eq};

static void acc_free(struct dnode *n, void *arg) {
    xfree(n);
}

/* Sorts sources by cardinality, keeping the argument order of equal ones. */
static void sort_by_len(struct zsrc *s, long n) {
    for (long i = 1; i < n; i++) {
        struct zsrc x = s[i];
        long j = i - 1;
        while (j >= 0 && s[j].len > x.len) {
            s[j + 1] = s[j];
            j--;
        }
        s[j + 1] = x;
    }
}

struct setop {
    struct zsrc *src;
    long n;
    int agg, cardonly;
    long limit;
    unsigned long card;
    int stop;
    struct zbuild *b;
    struct dict *acc;
    double weight; /* of the source being walked (union) */
};

static void inter_one(void *arg, const char *m, size_t len, double sc) {
    struct setop *op = arg;
    if (op->stop) return;
    double score = op->src[0].weight * sc, value;
    if (isnan(score)) score = 0;
    for (long k = 1; k < op->n; k++) {
        if (op->src[k].o == op->src[0].o)
            aggregate(&score, sc * op->src[k].weight, op->agg);
        else if (src_find(&op->src[k], m, len, &value))
            aggregate(&score, value * op->src[k].weight, op->agg);
        else
            return;
    }
    if (op->cardonly) {
        op->card++;
        if (op->limit && op->card >= (unsigned long)op->limit) op->stop = 1;
    } else {
        zbuild_add(op->b, m, len, score);
    }
}

static void union_one(void *arg, const char *m, size_t len, double sc) {
    struct setop *op = arg;
    double score = op->weight * sc;
    if (isnan(score)) score = 0;
    struct acc *a = (struct acc *)dict_find(op->acc, m, len);
    if (a) {
        aggregate(&a->score, score, op->agg);
        return;
    }
    a = xmalloc(sizeof(*a) + len);
    a->link.next = NULL;
    a->score = score;
    a->len = len;
    memcpy(a->m, m, len);
    dict_add(op->acc, &a->link);
}

static void diff_one(void *arg, const char *m, size_t len, double sc) {
    struct setop *op = arg;
    double value;
    for (long k = 1; k < op->n; k++)
        if (op->src[k].o == op->src[0].o || src_find(&op->src[k], m, len, &value)) return;
    zbuild_add(op->b, m, len, sc);
}

static void zsetop_generic(struct client *c, const struct str *dst, int numidx, int op,
                           int cardonly) {
    long setnum;
    if (!get_long(c, &c->argv[numidx], &setnum, NULL)) return;
    if (setnum < 1) {
        reply_error_fmt(c, "at least 1 input key is needed for '%s' command", c->cmd->fullname);
        return;
    }
    if (setnum > c->argc - (numidx + 1)) {
        reply_error_syntax(c);
        return;
    }
    struct zsrc *src = xcalloc(sizeof(*src) * (size_t)setnum);
    int j = numidx + 1;
    for (long i = 0; i < setnum; i++, j++) {
        struct kv *o = db_lookup_read(c->db, c->argv[j].ptr, c->argv[j].len);
        if (o && o->type != T_ZSET && o->type != T_SET) {
            xfree(src);
            reply_error_type(c);
            return;
        }
        src[i].o = o;
        if (o && o->type == T_SET) {
            src[i].isset = 1;
            src[i].len = set_size(o);
        } else if (o) {
            zview_of(&src[i].v, o);
            src[i].len = zview_len(&src[i].v);
        }
        src[i].weight = 1.0;
    }
    int agg = AGG_SUM, withscores = 0;
    long limit = 0;
    while (j < c->argc) {
        int remaining = c->argc - j;
        const struct str *a = &c->argv[j];
        if (op != OP_DIFF && !cardonly && remaining >= setnum + 1 && arg_is(a, "weights")) {
            j++;
            for (long i = 0; i < setnum; i++, j++) {
                if (!get_double(c, &c->argv[j], &src[i].weight, "weight value is not a float")) {
                    xfree(src);
                    return;
                }
            }
        } else if (op != OP_DIFF && !cardonly && remaining >= 2 && arg_is(a, "aggregate")) {
            j++;
            if (arg_is(&c->argv[j], "sum"))
                agg = AGG_SUM;
            else if (arg_is(&c->argv[j], "min"))
                agg = AGG_MIN;
            else if (arg_is(&c->argv[j], "max"))
                agg = AGG_MAX;
            else {
                xfree(src);
                reply_error_syntax(c);
                return;
            }
            j++;
        } else if (remaining >= 1 && !dst && !cardonly && arg_is(a, "withscores")) {
            j++;
            withscores = 1;
        } else if (cardonly && remaining >= 2 && arg_is(a, "limit")) {
            j++;
            if (!get_positive_long(c, &c->argv[j], &limit, "LIMIT can't be negative")) {
                xfree(src);
                return;
            }
            j++;
        } else {
            xfree(src);
            reply_error_syntax(c);
            return;
        }
    }
    if (op != OP_DIFF) sort_by_len(src, setnum);

    struct zbuild b;
    zbuild_init(&b);
    struct setop so = {
        .src = src, .n = setnum, .agg = agg, .cardonly = cardonly, .limit = limit, .b = &b};
    if (op == OP_INTER && src[0].len > 0) {
        src_each(&src[0], inter_one, &so);
    } else if (op == OP_UNION) {
        struct dict d;
        dict_init(&d, &acc_type);
        so.acc = &d;
        for (long i = 0; i < setnum; i++) {
            so.weight = src[i].weight;
            if (src[i].len) src_each(&src[i], union_one, &so);
        }
        struct dict_iter di;
        dict_iter_init(&di, &d, 0);
        struct dnode *n;
        while ((n = dict_next(&di))) {
            struct acc *a = (struct acc *)n;
            zbuild_add(&b, a->m, a->len, a->score);
        }
        dict_iter_end(&di);
        dict_clear(&d, acc_free, NULL);
    } else if (op == OP_DIFF && src[0].len > 0) {
        src_each(&src[0], diff_one, &so);
    }
    xfree(src);

    if (dst) {
        unsigned long n = zbuild_len(&b);
        if (n) {
            db_set(c->db, zbuild_finish(&b, dst->ptr, dst->len));
            db_key_modified(c->db, dst->ptr, dst->len);
            reply_long(c, (long long)n);
            notify_keyspace_event(NOTIFY_ZSET,
                                  op == OP_UNION   ? "zunionstore"
                                  : op == OP_INTER ? "zinterstore"
                                                   : "zdiffstore",
                                  dst->ptr, dst->len, c->db->id);
            srv.dirty++;
        } else {
            zbuild_discard(&b);
            reply_long(c, 0);
            if (db_delete(c->db, dst->ptr, dst->len)) {
                db_key_modified(c->db, dst->ptr, dst->len);
                key_deleted(c, dst);
                srv.dirty++;
            }
        }
        return;
    }
    if (cardonly) {
        zbuild_discard(&b);
        reply_long(c, (long long)so.card);
        return;
    }
    struct zview rv = {NULL, b.t};
    unsigned long n = zview_len(&rv);
    reply_array_len(c, (long)(withscores && c->resp == 2 ? n * 2 : n));
    struct ziter it;
    ziter_init(&it, &rv);
    for (ziter_seek(&it, 0); it.valid; ziter_next(&it))
        reply_pair(c, it.m, it.mlen, it.score, withscores, c->resp > 2);
    ziter_release(&it);
    zbuild_discard(&b);
}

static void zunionstore_cmd(struct client *c) {
    zsetop_generic(c, &c->argv[1], 2, OP_UNION, 0);
}

static void zinterstore_cmd(struct client *c) {
    zsetop_generic(c, &c->argv[1], 2, OP_INTER, 0);
}

static void zdiffstore_cmd(struct client *c) {
    zsetop_generic(c, &c->argv[1], 2, OP_DIFF, 0);
}

static void zunion_cmd(struct client *c) {
    zsetop_generic(c, NULL, 1, OP_UNION, 0);
}

static void zinter_cmd(struct client *c) {
    zsetop_generic(c, NULL, 1, OP_INTER, 0);
}

static void zdiff_cmd(struct client *c) {
    zsetop_generic(c, NULL, 1, OP_DIFF, 0);
}

static void zintercard_cmd(struct client *c) {
    zsetop_generic(c, NULL, 1, OP_INTER, 1);
}

/* ------------------------------------------------------------ key positions */

/* numkeys at argv[numidx], then that many keys; dst (argv[1]) first if any. */
static int keys_numkeys(struct client *c, int argc, int *keys, int max, int numidx, int withdst) {
    long long n;
    if (numidx >= argc || !str2ll(c->argv[numidx].ptr, c->argv[numidx].len, &n) || n < 1 ||
        n > argc - numidx - 1)
        return -1;
    int k = 0;
    if (withdst && k < max) keys[k++] = 1;
    for (long long i = 0; i < n && k < max; i++)
        keys[k++] = numidx + 1 + (int)i;
    return k;
}

static int zstore_keys(struct client *c, int argc, int *keys, int max) {
    return keys_numkeys(c, argc, keys, max, 2, 1);
}

static int zop_keys(struct client *c, int argc, int *keys, int max) {
    return keys_numkeys(c, argc, keys, max, 1, 0);
}

static int bzmpop_keys(struct client *c, int argc, int *keys, int max) {
    return keys_numkeys(c, argc, keys, max, 2, 0);
}

/* ------------------------------------------------------------ table */

#define ZREAD  (ACL_READ | ACL_SORTEDSET)
#define ZWRITE (ACL_WRITE | ACL_SORTEDSET)

struct command zset_commands[] = {
    {.name = "zadd",
     .keyspecs = "RW update index 1 range 0 1 0",
     .proc = zadd_cmd,
     .arity = -4,
     .flags = CMD_WRITE | CMD_DENYOOM | CMD_FAST,
     .acl = ZWRITE | ACL_FAST,
     CMD_ONE_KEY,
     .group = "sorted-set",
     .since = "1.2.0",
     .complexity =
         "O(log(N)) for each item added, where N is the number of elements in the sorted set.",
     .summary = "Add one or more members to a sorted set, or update its score if it already exists",
     .syntax = "key [NX | XX] [GT | LT] [CH] [INCR] score member [score member ...]"},
    {.name = "zincrby",
     .keyspecs = "RW access update index 1 range 0 1 0",
     .proc = zincrby_cmd,
     .arity = 4,
     .flags = CMD_WRITE | CMD_DENYOOM | CMD_FAST,
     .acl = ZWRITE | ACL_FAST,
     CMD_ONE_KEY,
     .group = "sorted-set",
     .since = "1.2.0",
     .complexity = "O(log(N)) where N is the number of elements in the sorted set.",
     .summary = "Increment the score of a member in a sorted set",
     .syntax = "key increment member"},
    {.name = "zscore",
     .keyspecs = "RO access index 1 range 0 1 0",
     .proc = zscore_cmd,
     .arity = 3,
     .flags = CMD_READONLY | CMD_FAST,
     .acl = ZREAD | ACL_FAST,
     CMD_ONE_KEY,
     .group = "sorted-set",
     .since = "1.2.0",
     .complexity = "O(1)",
     .summary = "Get the score associated with the given member in a sorted set",
     .syntax = "key member"},
    {.name = "zmscore",
     .keyspecs = "RO access index 1 range 0 1 0",
     .proc = zmscore_cmd,
     .arity = -3,
     .flags = CMD_READONLY | CMD_FAST,
     .acl = ZREAD | ACL_FAST,
     CMD_ONE_KEY,
     .group = "sorted-set",
     .since = "6.2.0",
     .complexity = "O(N) where N is the number of members being requested.",
     .summary = "Get the score associated with the given members in a sorted set",
     .syntax = "key member [member ...]"},
    {.name = "zcard",
     .keyspecs = "RO index 1 range 0 1 0",
     .proc = zcard_cmd,
     .arity = 2,
     .flags = CMD_READONLY | CMD_FAST,
     .acl = ZREAD | ACL_FAST,
     CMD_ONE_KEY,
     .group = "sorted-set",
     .since = "1.2.0",
     .complexity = "O(1)",
     .summary = "Get the number of members in a sorted set",
     .syntax = "key"},
    {.name = "zcount",
     .keyspecs = "RO access index 1 range 0 1 0",
     .proc = zcount_cmd,
     .arity = 4,
     .flags = CMD_READONLY | CMD_FAST,
     .acl = ZREAD | ACL_FAST,
     CMD_ONE_KEY,
     .group = "sorted-set",
     .since = "2.0.0",
     .complexity = "O(log(N)) with N being the number of elements in the sorted set.",
     .summary = "Count the members in a sorted set with scores within the given values",
     .syntax = "key min max"},
    {.name = "zlexcount",
     .keyspecs = "RO access index 1 range 0 1 0",
     .proc = zlexcount_cmd,
     .arity = 4,
     .flags = CMD_READONLY | CMD_FAST,
     .acl = ZREAD | ACL_FAST,
     CMD_ONE_KEY,
     .group = "sorted-set",
     .since = "2.8.9",
     .complexity = "O(log(N)) with N being the number of elements in the sorted set.",
     .summary = "Count the number of members in a sorted set between a given lexicographical range",
     .syntax = "key min max"},
    {.name = "zrank",
     .keyspecs = "RO access index 1 range 0 1 0",
     .proc = zrank_cmd,
     .arity = 3,
     .flags = CMD_READONLY | CMD_FAST,
     .acl = ZREAD | ACL_FAST,
     CMD_ONE_KEY,
     .group = "sorted-set",
     .since = "2.0.0",
     .complexity = "O(log(N))",
     .summary = "Determine the index of a member in a sorted set",
     .syntax = "key member"},
    {.name = "zrevrank",
     .keyspecs = "RO access index 1 range 0 1 0",
     .proc = zrevrank_cmd,
     .arity = 3,
     .flags = CMD_READONLY | CMD_FAST,
     .acl = ZREAD | ACL_FAST,
     CMD_ONE_KEY,
     .group = "sorted-set",
     .since = "2.0.0",
     .complexity = "O(log(N))",
     .summary =
         "Determine the index of a member in a sorted set, with scores ordered from high to low",
     .syntax = "key member"},
    {.name = "zrange",
     .keyspecs = "RO access index 1 range 0 1 0",
     .proc = zrange_cmd,
     .arity = -4,
     .flags = CMD_READONLY,
     .acl = ZREAD | ACL_SLOW,
     CMD_ONE_KEY,
     .group = "sorted-set",
     .since = "1.2.0",
     .complexity = "O(log(N)+M) with N being the number of elements in the sorted set and M the "
                   "number of elements returned.",
     .summary = "Return a range of members in a sorted set",
     .syntax = "key start stop [BYSCORE | BYLEX] [REV] [LIMIT offset count] [WITHSCORES]"},
    {.name = "zrangestore",
     .keyspecs = "OW update index 1 range 0 1 0; RO access index 2 range 0 1 0",
     .proc = zrangestore_cmd,
     .arity = -5,
     .flags = CMD_WRITE | CMD_DENYOOM,
     .acl = ZWRITE | ACL_SLOW,
     .first_key = 1,
     .last_key = 2,
     .key_step = 1,
     .group = "sorted-set",
     .since = "6.2.0",
     .complexity = "O(log(N)+M) with N being the number of elements in the sorted set and M the "
                   "number of elements stored into the destination key.",
     .summary = "Store a range of members from sorted set into another key",
     .syntax = "dst src min max [BYSCORE | BYLEX] [REV] [LIMIT offset count]"},
    {.name = "zrevrange",
     .keyspecs = "RO access index 1 range 0 1 0",
     .proc = zrevrange_cmd,
     .arity = -4,
     .flags = CMD_READONLY,
     .acl = ZREAD | ACL_SLOW,
     CMD_ONE_KEY,
     .group = "sorted-set",
     .since = "1.2.0",
     .complexity = "O(log(N)+M) with N being the number of elements in the sorted set and M the "
                   "number of elements returned.",
     .summary = "Return a range of members in a sorted set, by index, with scores ordered from "
                "high to low",
     .syntax = "key start stop [WITHSCORES]"},
    {.name = "zrangebyscore",
     .keyspecs = "RO access index 1 range 0 1 0",
     .proc = zrangebyscore_cmd,
     .arity = -4,
     .flags = CMD_READONLY,
     .acl = ZREAD | ACL_SLOW,
     CMD_ONE_KEY,
     .group = "sorted-set",
     .since = "1.0.5",
     .complexity = "O(log(N)+M) with N being the number of elements in the sorted set and M the "
                   "number of elements being returned. If M is constant (e.g. always asking for "
                   "the first 10 elements with LIMIT), you can consider it O(log(N)).",
     .summary = "Return a range of members in a sorted set, by score",
     .syntax = "key min max [WITHSCORES] [LIMIT offset count]"},
    {.name = "zrevrangebyscore",
     .keyspecs = "RO access index 1 range 0 1 0",
     .proc = zrevrangebyscore_cmd,
     .arity = -4,
     .flags = CMD_READONLY,
     .acl = ZREAD | ACL_SLOW,
     CMD_ONE_KEY,
     .group = "sorted-set",
     .since = "2.2.0",
     .complexity = "O(log(N)+M) with N being the number of elements in the sorted set and M the "
                   "number of elements being returned. If M is constant (e.g. always asking for "
                   "the first 10 elements with LIMIT), you can consider it O(log(N)).",
     .summary = "Return a range of members in a sorted set, by score, with scores ordered from "
                "high to low",
     .syntax = "key max min [WITHSCORES] [LIMIT offset count]"},
    {.name = "zrangebylex",
     .keyspecs = "RO access index 1 range 0 1 0",
     .proc = zrangebylex_cmd,
     .arity = -4,
     .flags = CMD_READONLY,
     .acl = ZREAD | ACL_SLOW,
     CMD_ONE_KEY,
     .group = "sorted-set",
     .since = "2.8.9",
     .complexity = "O(log(N)+M) with N being the number of elements in the sorted set and M the "
                   "number of elements being returned. If M is constant (e.g. always asking for "
                   "the first 10 elements with LIMIT), you can consider it O(log(N)).",
     .summary = "Return a range of members in a sorted set, by lexicographical range",
     .syntax = "key min max [LIMIT offset count]"},
    {.name = "zrevrangebylex",
     .keyspecs = "RO access index 1 range 0 1 0",
     .proc = zrevrangebylex_cmd,
     .arity = -4,
     .flags = CMD_READONLY,
     .acl = ZREAD | ACL_SLOW,
     CMD_ONE_KEY,
     .group = "sorted-set",
     .since = "2.8.9",
     .complexity = "O(log(N)+M) with N being the number of elements in the sorted set and M the "
                   "number of elements being returned. If M is constant (e.g. always asking for "
                   "the first 10 elements with LIMIT), you can consider it O(log(N)).",
     .summary = "Return a range of members in a sorted set, by lexicographical range, ordered from "
                "higher to lower strings.",
     .syntax = "key max min [LIMIT offset count]"},
    {.name = "zrem",
     .keyspecs = "RW delete index 1 range 0 1 0",
     .proc = zrem_cmd,
     .arity = -3,
     .flags = CMD_WRITE | CMD_FAST,
     .acl = ZWRITE | ACL_FAST,
     CMD_ONE_KEY,
     .group = "sorted-set",
     .since = "1.2.0",
     .complexity = "O(M*log(N)) with N being the number of elements in the sorted set and M the "
                   "number of elements to be removed.",
     .summary = "Remove one or more members from a sorted set",
     .syntax = "key member [member ...]"},
    {.name = "zremrangebyrank",
     .keyspecs = "RW delete index 1 range 0 1 0",
     .proc = zremrangebyrank_cmd,
     .arity = 4,
     .flags = CMD_WRITE,
     .acl = ZWRITE | ACL_SLOW,
     CMD_ONE_KEY,
     .group = "sorted-set",
     .since = "2.0.0",
     .complexity = "O(log(N)+M) with N being the number of elements in the sorted set and M the "
                   "number of elements removed by the operation.",
     .summary = "Remove all members in a sorted set within the given indexes",
     .syntax = "key start stop"},
    {.name = "zremrangebyscore",
     .keyspecs = "RW delete index 1 range 0 1 0",
     .proc = zremrangebyscore_cmd,
     .arity = 4,
     .flags = CMD_WRITE,
     .acl = ZWRITE | ACL_SLOW,
     CMD_ONE_KEY,
     .group = "sorted-set",
     .since = "1.2.0",
     .complexity = "O(log(N)+M) with N being the number of elements in the sorted set and M the "
                   "number of elements removed by the operation.",
     .summary = "Remove all members in a sorted set within the given scores",
     .syntax = "key min max"},
    {.name = "zremrangebylex",
     .keyspecs = "RW delete index 1 range 0 1 0",
     .proc = zremrangebylex_cmd,
     .arity = 4,
     .flags = CMD_WRITE,
     .acl = ZWRITE | ACL_SLOW,
     CMD_ONE_KEY,
     .group = "sorted-set",
     .since = "2.8.9",
     .complexity = "O(log(N)+M) with N being the number of elements in the sorted set and M the "
                   "number of elements removed by the operation.",
     .summary = "Remove all members in a sorted set between the given lexicographical range",
     .syntax = "key min max"},
    {.name = "zpopmin",
     .keyspecs = "RW access delete index 1 range 0 1 0",
     .proc = zpopmin_cmd,
     .arity = -2,
     .flags = CMD_WRITE | CMD_FAST,
     .acl = ZWRITE | ACL_FAST,
     CMD_ONE_KEY,
     .group = "sorted-set",
     .since = "5.0.0",
     .complexity = "O(log(N)*M) with N being the number of elements in the sorted set, and M being "
                   "the number of elements popped.",
     .summary = "Remove and return members with the lowest scores in a sorted set",
     .syntax = "key [count]"},
    {.name = "zpopmax",
     .keyspecs = "RW access delete index 1 range 0 1 0",
     .proc = zpopmax_cmd,
     .arity = -2,
     .flags = CMD_WRITE | CMD_FAST,
     .acl = ZWRITE | ACL_FAST,
     CMD_ONE_KEY,
     .group = "sorted-set",
     .since = "5.0.0",
     .complexity = "O(log(N)*M) with N being the number of elements in the sorted set, and M being "
                   "the number of elements popped.",
     .summary = "Remove and return members with the highest scores in a sorted set",
     .syntax = "key [count]"},
    {.name = "zmpop",
     .keyspecs = "RW access delete index 1 keynum 0 1 1",
     .proc = zmpop_cmd,
     .arity = -4,
     .flags = CMD_WRITE | CMD_MOVABLE_KEYS,
     .acl = ZWRITE | ACL_SLOW,
     .group = "sorted-set",
     .since = "7.0.0",
     .complexity = "O(K) + O(M*log(N)) where K is the number of provided keys, N being the number "
                   "of elements in the sorted set, and M being the number of elements popped.",
     .summary = "Remove and return members with scores in a sorted set",
     .syntax = "numkeys key [key ...] MIN | MAX [COUNT count]",
     .getkeys = zop_keys},
    {.name = "bzpopmin",
     .keyspecs = "RW access delete index 1 range -2 1 0",
     .proc = bzpopmin_cmd,
     .arity = -3,
     .flags = CMD_WRITE | CMD_NOSCRIPT | CMD_BLOCKING | CMD_FAST,
     .acl = ZWRITE | ACL_FAST | ACL_BLOCKING,
     .first_key = 1,
     .last_key = -2,
     .key_step = 1,
     .group = "sorted-set",
     .since = "5.0.0",
     .complexity = "O(log(N)) with N being the number of elements in the sorted set.",
     .summary = "Remove and return the member with the lowest score from one or more sorted sets, "
                "or block until one is available",
     .syntax = "key [key ...] timeout"},
    {.name = "bzpopmax",
     .keyspecs = "RW access delete index 1 range -2 1 0",
     .proc = bzpopmax_cmd,
     .arity = -3,
     .flags = CMD_WRITE | CMD_NOSCRIPT | CMD_BLOCKING | CMD_FAST,
     .acl = ZWRITE | ACL_FAST | ACL_BLOCKING,
     .first_key = 1,
     .last_key = -2,
     .key_step = 1,
     .group = "sorted-set",
     .since = "5.0.0",
     .complexity = "O(log(N)) with N being the number of elements in the sorted set.",
     .summary = "Remove and return the member with the highest score from one or more sorted sets, "
                "or block until one is available",
     .syntax = "key [key ...] timeout"},
    {.name = "bzmpop",
     .keyspecs = "RW access delete index 2 keynum 0 1 1",
     .proc = bzmpop_cmd,
     .arity = -5,
     .flags = CMD_WRITE | CMD_BLOCKING | CMD_MOVABLE_KEYS,
     .acl = ZWRITE | ACL_SLOW | ACL_BLOCKING,
     .group = "sorted-set",
     .since = "7.0.0",
     .complexity = "O(K) + O(M*log(N)) where K is the number of provided keys, N being the number "
                   "of elements in the sorted set, and M being the number of elements popped.",
     .summary =
         "Remove and return members with scores in a sorted set or block until one is available",
     .syntax = "timeout numkeys key [key ...] MIN | MAX [COUNT count]",
     .getkeys = bzmpop_keys},
    {.name = "zrandmember",
     .keyspecs = "RO access index 1 range 0 1 0",
     .proc = zrandmember_cmd,
     .arity = -2,
     .flags = CMD_READONLY,
     .acl = ZREAD | ACL_SLOW,
     CMD_ONE_KEY,
     .group = "sorted-set",
     .since = "6.2.0",
     .complexity = "O(N) where N is the number of elements returned",
     .summary = "Get one or multiple random elements from a sorted set",
     .syntax = "key [count [WITHSCORES]]",
     .tips = "nondeterministic_output"},
    {.name = "zunion",
     .keyspecs = "RO access index 1 keynum 0 1 1",
     .proc = zunion_cmd,
     .arity = -3,
     .flags = CMD_READONLY | CMD_MOVABLE_KEYS,
     .acl = ZREAD | ACL_SLOW,
     .group = "sorted-set",
     .since = "6.2.0",
     .complexity = "O(N)+O(M*log(M)) with N being the sum of the sizes of the input sorted sets, "
                   "and M being the number of elements in the resulting sorted set.",
     .summary = "Add multiple sorted sets",
     .syntax = "numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM | MIN | MAX] "
               "[WITHSCORES]",
     .getkeys = zop_keys},
    {.name = "zinter",
     .keyspecs = "RO access index 1 keynum 0 1 1",
     .proc = zinter_cmd,
     .arity = -3,
     .flags = CMD_READONLY | CMD_MOVABLE_KEYS,
     .acl = ZREAD | ACL_SLOW,
     .group = "sorted-set",
     .since = "6.2.0",
     .complexity = "O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K "
                   "being the number of input sorted sets and M being the number of elements in "
                   "the resulting sorted set.",
     .summary = "Intersect multiple sorted sets",
     .syntax = "numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM | MIN | MAX] "
               "[WITHSCORES]",
     .getkeys = zop_keys},
    {.name = "zdiff",
     .keyspecs = "RO access index 1 keynum 0 1 1",
     .proc = zdiff_cmd,
     .arity = -3,
     .flags = CMD_READONLY | CMD_MOVABLE_KEYS,
     .acl = ZREAD | ACL_SLOW,
     .group = "sorted-set",
     .since = "6.2.0",
     .complexity = "O(L + (N-K)log(N)) worst case where L is the total number of elements in all "
                   "the sets, N is the size of the first set, and K is the size of the result set.",
     .summary = "Subtract multiple sorted sets",
     .syntax = "numkeys key [key ...] [WITHSCORES]",
     .getkeys = zop_keys},
    {.name = "zunionstore",
     .keyspecs = "OW update index 1 range 0 1 0; RO access index 2 keynum 0 1 1",
     .proc = zunionstore_cmd,
     .arity = -4,
     .flags = CMD_WRITE | CMD_DENYOOM | CMD_MOVABLE_KEYS,
     .acl = ZWRITE | ACL_SLOW,
     CMD_ONE_KEY,
     .group = "sorted-set",
     .since = "2.0.0",
     .complexity = "O(N)+O(M log(M)) with N being the sum of the sizes of the input sorted sets, "
                   "and M being the number of elements in the resulting sorted set.",
     .summary = "Add multiple sorted sets and store the resulting sorted set in a new key",
     .syntax = "destination numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM | "
               "MIN | MAX]",
     .getkeys = zstore_keys},
    {.name = "zinterstore",
     .keyspecs = "OW update index 1 range 0 1 0; RO access index 2 keynum 0 1 1",
     .proc = zinterstore_cmd,
     .arity = -4,
     .flags = CMD_WRITE | CMD_DENYOOM | CMD_MOVABLE_KEYS,
     .acl = ZWRITE | ACL_SLOW,
     CMD_ONE_KEY,
     .group = "sorted-set",
     .since = "2.0.0",
     .complexity = "O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K "
                   "being the number of input sorted sets and M being the number of elements in "
                   "the resulting sorted set.",
     .summary = "Intersect multiple sorted sets and store the resulting sorted set in a new key",
     .syntax = "destination numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM | "
               "MIN | MAX]",
     .getkeys = zstore_keys},
    {.name = "zdiffstore",
     .keyspecs = "OW update index 1 range 0 1 0; RO access index 2 keynum 0 1 1",
     .proc = zdiffstore_cmd,
     .arity = -4,
     .flags = CMD_WRITE | CMD_DENYOOM | CMD_MOVABLE_KEYS,
     .acl = ZWRITE | ACL_SLOW,
     CMD_ONE_KEY,
     .group = "sorted-set",
     .since = "6.2.0",
     .complexity = "O(L + (N-K)log(N)) worst case where L is the total number of elements in all "
                   "the sets, N is the size of the first set, and K is the size of the result set.",
     .summary = "Subtract multiple sorted sets and store the resulting sorted set in a new key",
     .syntax = "destination numkeys key [key ...]",
     .getkeys = zstore_keys},
    {.name = "zintercard",
     .keyspecs = "RO access index 1 keynum 0 1 1",
     .proc = zintercard_cmd,
     .arity = -3,
     .flags = CMD_READONLY | CMD_MOVABLE_KEYS,
     .acl = ZREAD | ACL_SLOW,
     .group = "sorted-set",
     .since = "7.0.0",
     .complexity = "O(N*K) worst case with N being the smallest input sorted set, K being the "
                   "number of input sorted sets.",
     .summary = "Intersect multiple sorted sets and return the cardinality of the result",
     .syntax = "numkeys key [key ...] [LIMIT limit]",
     .getkeys = zop_keys},
    {.name = "zscan",
     .keyspecs = "RO access index 1 range 0 1 0",
     .proc = zscan_cmd,
     .arity = -3,
     .flags = CMD_READONLY,
     .acl = ZREAD | ACL_SLOW,
     CMD_ONE_KEY,
     .group = "sorted-set",
     .since = "2.8.0",
     .complexity =
         "O(1) for every call. O(N) for a complete iteration, including enough command calls for "
         "the cursor to return back to 0. N is the number of elements inside the collection..",
     .summary = "Incrementally iterate sorted sets elements and associated scores",
     .syntax = "key cursor [MATCH pattern] [COUNT count]",
     .tips = "nondeterministic_output"},
    {0},
};
