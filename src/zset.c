/* zset: sorted-set values in their two encodings; see zset.h for the layout
 * and the conversion rules. Who frees what: an inline listpack lives and dies
 * with its entry; a zbtree is freed by type_ops (kv_free) or handed to a new
 * entry; a zw's private listpack copy is freed by zw_close. */
#include "zset.h"
#include "blocking.h"
#include "client.h"
#include "config.h"
#include "mem.h"
#include "sha1.h"
#include "util.h"
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Largest listpack Redis lets a set grow to before it must convert
 * (LISTPACK_MAX_SAFETY_SIZE). */
#define LP_SAFETY_SIZE (1 << 30)

/* ------------------------------------------------------------ numbers */

int zset_parse_double(const char *s, size_t len, double *out) {
    return str2d(s, len, out);
}

/* Redis's double2ll: integral doubles within +-2^62 become long longs. */
static int double_to_ll(double d, long long *out) {
    if (d < (double)(-LLONG_MAX / 2) || d > (double)(LLONG_MAX / 2)) return 0;
    long long ll = (long long)d;
    if ((double)ll != d) return 0;
    *out = ll;
    return 1;
}

/* Score text as a listpack stores it: "%.17g" or inf/-inf (integral values
 * never get here). */
static int score_text(char *buf, size_t len, double s) {
    if (isinf(s)) return snprintf(buf, len, s > 0 ? "inf" : "-inf");
    return snprintf(buf, len, "%.17g", s);
}

/* ------------------------------------------------------------ listpack */

static double lp_score(const unsigned char *p) {
    uint32_t len;
    int64_t iv;
    const unsigned char *s = lp_get(p, &len, &iv);
    if (!s) return (double)iv;
    char buf[128];
    if (len > sizeof(buf) - 1) len = sizeof(buf) - 1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    return strtod(buf, NULL);
}

static const char *lp_member(const unsigned char *p, size_t *len, unsigned char *ibuf) {
    uint32_t l;
    const unsigned char *s = lp_get_str(p, &l, ibuf);
    *len = l;
    return (const char *)s;
}

static int cmp_mem(const char *a, size_t al, const char *b, size_t bl) {
    size_t n = al < bl ? al : bl;
    int c = n ? memcmp(a, b, n) : 0;
    if (c) return c;
    return al < bl ? -1 : al > bl;
}

static unsigned char *zl_find(unsigned char *lp, const char *m, size_t len, double *score) {
    unsigned char *p = lp_first(lp);
    if (!p) return NULL;
    p = lp_find(lp, p, (const unsigned char *)m, (uint32_t)len, 1);
    if (p && score) *score = lp_score(lp_next(lp, p));
    return p;
}

static unsigned char *zl_delete(unsigned char *lp, unsigned char *p) {
    unsigned char *next;
    lp = lp_delete(lp, p, &next);
    return lp_delete(lp, next, NULL);
}

/* Inserts (m, score) before the member entry at p (NULL: at the end). */
static unsigned char *zl_insert_at(unsigned char *lp, unsigned char *p, const char *m, size_t len,
                                   double score) {
    long long ll;
    char buf[64];
    unsigned char *mp;
    lp = lp_insert(lp, (const unsigned char *)m, (uint32_t)len, p, LP_BEFORE, &mp);
    if (double_to_ll(score, &ll)) return lp_insert_int(lp, ll, mp, LP_AFTER, NULL);
    int n = score_text(buf, sizeof(buf), score);
    return lp_insert(lp, (unsigned char *)buf, (uint32_t)n, mp, LP_AFTER, NULL);
}

static unsigned char *zl_insert(unsigned char *lp, const char *m, size_t len, double score) {
    unsigned char ibuf[LP_INTBUF_SIZE];
    for (unsigned char *p = lp_first(lp); p;) {
        unsigned char *sp = lp_next(lp, p);
        double s = lp_score(sp);
        if (s > score) return zl_insert_at(lp, p, m, len, score);
        if (s == score) {
            size_t ml;
            const char *em = lp_member(p, &ml, ibuf);
            if (cmp_mem(em, ml, m, len) > 0) return zl_insert_at(lp, p, m, len, score);
        }
        p = lp_next(lp, sp);
    }
    return zl_insert_at(lp, NULL, m, len, score);
}

/* ------------------------------------------------------------ type hooks */

static void zset_free(void *ptr, int enc) {
    zbt_free(ptr);
}

static void *zset_dup(const void *ptr, int enc) {
    return zbt_dup(ptr);
}

static size_t zset_mem(const void *ptr, int enc) {
    return zbt_mem(ptr);
}

static size_t zset_len(const void *ptr, int enc) {
    return zbt_len(ptr);
}

static const char *zset_enc_name(const struct kv *o) {
    return o->enc == ENC_ZSET_LP ? "listpack" : "skiplist";
}

/* DEBUG DIGEST: per element SHA1-mix of the member and its "%.17g" score,
 * xored in (order does not matter), as Redis does. */
static void zset_digest(const struct kv *o, unsigned char digest[20]) {
    struct zview v;
    struct ziter it;
    zview_of(&v, o);
    ziter_init(&it, &v);
    for (ziter_seek(&it, 0); it.valid; ziter_next(&it)) {
        unsigned char ed[20] = {0};
        char buf[128];
        int n = snprintf(buf, sizeof(buf), "%.17g", it.score);
        digest_mix(ed, it.m, it.mlen);
        digest_mix(ed, buf, (size_t)n);
        digest_xor(digest, ed, sizeof(ed));
    }
    ziter_release(&it);
}

static const struct type_ops zset_ops = {
    .name = "zset",
    .free = zset_free,
    .dup = zset_dup,
    .mem = zset_mem,
    .len = zset_len,
    .enc_name = zset_enc_name,
    .digest = zset_digest,
};

void zset_init(void) {
    type_ops[T_ZSET] = &zset_ops;
    blocking_register(T_ZSET, zset_serve);
}

/* ------------------------------------------------------------ views */

void zview_of(struct zview *v, const struct kv *o) {
    if (o->enc == ENC_ZSET_LP) {
        size_t len;
        v->lp = kv_blob(o, &len);
        v->t = NULL;
    } else {
        v->lp = NULL;
        v->t = kv_ptr(o);
    }
}

unsigned long zview_len(const struct zview *v) {
    return v->lp ? lp_length(v->lp) / 2 : (unsigned long)zbt_len(v->t);
}

int zview_score(const struct zview *v, const char *m, size_t len, double *score) {
    if (v->lp) return zl_find(v->lp, m, len, score) != NULL;
    return zbt_score(v->t, m, len, score);
}

long zview_rank(const struct zview *v, const char *m, size_t len, int reverse) {
    unsigned long n = zview_len(v);
    long rank = -1;
    if (v->lp) {
        long i = 0;
        for (unsigned char *p = lp_first(v->lp); p; p = lp_next(v->lp, lp_next(v->lp, p)), i++) {
            if (lp_eq(p, (const unsigned char *)m, (uint32_t)len)) {
                rank = i;
                break;
            }
        }
    } else {
        double s;
        if (zbt_score(v->t, m, len, &s)) rank = (long)zbt_rank(v->t, m, len, s);
    }
    if (rank >= 0 && reverse) rank = (long)n - 1 - rank;
    return rank;
}

/* ------------------------------------------------------------ iterators */

void ziter_init(struct ziter *it, const struct zview *v) {
    memset(it, 0, sizeof(*it));
    it->v = v;
    if (v->t) zbt_iter_init(&it->ti, v->t);
}

static void ziter_load_lp(struct ziter *it) {
    if (!it->p) {
        it->valid = 0;
        return;
    }
    it->valid = 1;
    it->m = lp_member(it->p, &it->mlen, it->ibuf);
    it->score = lp_score(lp_next(it->v->lp, it->p));
}

static void ziter_load_tree(struct ziter *it) {
    it->valid = it->ti.valid;
    if (!it->valid) return;
    it->m = it->ti.m;
    it->mlen = it->ti.mlen;
    it->score = it->ti.score;
    it->rank = (unsigned long)it->ti.rank;
}

void ziter_seek(struct ziter *it, unsigned long rank) {
    it->rank = rank;
    if (it->v->lp) {
        it->p = rank >= zview_len(it->v) ? NULL : lp_seek(it->v->lp, (long)(2 * rank));
        ziter_load_lp(it);
    } else {
        zbt_seek_rank(&it->ti, rank);
        ziter_load_tree(it);
    }
}

void ziter_next(struct ziter *it) {
    if (!it->valid) return;
    if (it->v->lp) {
        it->p = lp_next(it->v->lp, lp_next(it->v->lp, it->p));
        it->rank++;
        ziter_load_lp(it);
    } else {
        zbt_next(&it->ti);
        ziter_load_tree(it);
    }
}

void ziter_prev(struct ziter *it) {
    if (!it->valid) return;
    if (it->v->lp) {
        unsigned char *sp = lp_prev(it->v->lp, it->p);
        it->p = sp ? lp_prev(it->v->lp, sp) : NULL;
        it->rank--;
        ziter_load_lp(it);
    } else {
        zbt_prev(&it->ti);
        ziter_load_tree(it);
    }
}

void ziter_release(struct ziter *it) {
    if (it->v && it->v->t) zbt_iter_release(&it->ti);
}

static double score_at(const struct zview *v, unsigned long rank) {
    if (v->lp) return lp_score(lp_seek(v->lp, (long)(2 * rank + 1)));
    struct zbt_iter it;
    zbt_iter_init(&it, v->t);
    zbt_seek_rank(&it, rank);
    double s = it.score;
    zbt_iter_release(&it);
    return s;
}

/* ------------------------------------------------------------ score ranges */

static int parse_bound(const char *s, double *v, int *ex) {
    char *end;
    *ex = 0;
    if (s[0] == '(') {
        s++;
        *ex = 1;
    }
    *v = strtod(s, &end);
    return end[0] == '\0' && !isnan(*v);
}

int zset_parse_range(const char *min, const char *max, struct zrange_spec *r) {
    return parse_bound(min, &r->min, &r->minex) && parse_bound(max, &r->max, &r->maxex);
}

int zset_gte_min(double v, const struct zrange_spec *r) {
    return r->minex ? v > r->min : v >= r->min;
}

int zset_lte_max(double v, const struct zrange_spec *r) {
    return r->maxex ? v < r->max : v <= r->max;
}

static int in_range(const struct zview *v, const struct zrange_spec *r) {
    if (r->min > r->max || (r->min == r->max && (r->minex || r->maxex))) return 0;
    unsigned long n = zview_len(v);
    if (n == 0) return 0;
    if (!zset_gte_min(score_at(v, n - 1), r)) return 0;
    if (!zset_lte_max(score_at(v, 0), r)) return 0;
    return 1;
}

/* Number of leading elements whose score is below s (inclusive: <= s). */
static unsigned long count_score_below(const struct zview *v, double s, int inclusive) {
    if (v->t) return (unsigned long)zbt_count_score_below(v->t, s, inclusive);
    unsigned long n = 0;
    for (unsigned char *p = lp_first(v->lp); p; p = lp_next(v->lp, p)) {
        p = lp_next(v->lp, p);
        double sc = lp_score(p);
        if (inclusive ? sc > s : sc >= s) break;
        n++;
    }
    return n;
}

long zset_first_in_range(const struct zview *v, const struct zrange_spec *r) {
    if (!in_range(v, r)) return -1;
    unsigned long rank = count_score_below(v, r->min, r->minex);
    if (rank >= zview_len(v) || !zset_lte_max(score_at(v, rank), r)) return -1;
    return (long)rank;
}

long zset_last_in_range(const struct zview *v, const struct zrange_spec *r) {
    if (!in_range(v, r)) return -1;
    unsigned long n = count_score_below(v, r->max, !r->maxex);
    if (n == 0 || !zset_gte_min(score_at(v, n - 1), r)) return -1;
    return (long)n - 1;
}

/* ------------------------------------------------------------ lex ranges */

static int parse_lex_item(const struct str *a, struct zlex_bound *b, int *ex) {
    b->inf = 0;
    b->p = NULL;
    b->len = 0;
    switch (a->ptr[0]) {
    case '+':
        if (a->ptr[1] != '\0') return 0;
        *ex = 1;
        b->inf = 1;
        return 1;
    case '-':
        if (a->ptr[1] != '\0') return 0;
        *ex = 1;
        b->inf = -1;
        return 1;
    case '(':
    case '[':
        *ex = a->ptr[0] == '(';
        b->p = a->ptr + 1;
        b->len = a->len - 1;
        return 1;
    default: return 0;
    }
}

int zset_parse_lex(const struct str *min, const struct str *max, struct zlex_spec *r) {
    return parse_lex_item(min, &r->min, &r->minex) && parse_lex_item(max, &r->max, &r->maxex);
}

static int cmp_lex(const struct zlex_bound *a, const struct zlex_bound *b) {
    if (a->inf && a->inf == b->inf) return 0;
    if (a->inf == -1 || b->inf == 1) return -1;
    if (a->inf == 1 || b->inf == -1) return 1;
    return cmp_mem(a->p, a->len, b->p, b->len);
}

int zset_lex_gte_min(const char *m, size_t len, const struct zlex_spec *r) {
    struct zlex_bound v = {0, m, len};
    int c = cmp_lex(&v, &r->min);
    return r->minex ? c > 0 : c >= 0;
}

int zset_lex_lte_max(const char *m, size_t len, const struct zlex_spec *r) {
    struct zlex_bound v = {0, m, len};
    int c = cmp_lex(&v, &r->max);
    return r->maxex ? c < 0 : c <= 0;
}

/* Number of leading elements below a lex bound (inclusive: <=), assuming the
 * members are sorted; for the tree. */
static unsigned long count_lex_below(const struct zview *v, const struct zlex_bound *b,
                                     int inclusive) {
    if (b->inf < 0) return 0;
    if (b->inf > 0) return zview_len(v);
    return (unsigned long)zbt_count_member_below(v->t, b->p, b->len, inclusive);
}

static int in_lex_range(const struct zview *v, const struct zlex_spec *r) {
    int c = cmp_lex(&r->min, &r->max);
    if (c > 0 || (c == 0 && (r->minex || r->maxex))) return 0;
    unsigned long n = zview_len(v);
    if (n == 0) return 0;
    struct ziter it;
    ziter_init(&it, v);
    ziter_seek(&it, n - 1);
    int ok = zset_lex_gte_min(it.m, it.mlen, r);
    if (ok) {
        ziter_seek(&it, 0);
        ok = zset_lex_lte_max(it.m, it.mlen, r);
    }
    ziter_release(&it);
    return ok;
}

long zset_first_in_lex(const struct zview *v, const struct zlex_spec *r) {
    if (!in_lex_range(v, r)) return -1;
    long rank = -1;
    struct ziter it;
    ziter_init(&it, v);
    if (v->lp) { /* a listpack is scanned from its head, as Redis does */
        for (ziter_seek(&it, 0); it.valid; ziter_next(&it)) {
            if (zset_lex_gte_min(it.m, it.mlen, r)) {
                if (zset_lex_lte_max(it.m, it.mlen, r)) rank = (long)it.rank;
                break;
            }
        }
    } else {
        unsigned long at = count_lex_below(v, &r->min, r->minex);
        ziter_seek(&it, at);
        if (it.valid && zset_lex_lte_max(it.m, it.mlen, r)) rank = (long)at;
    }
    ziter_release(&it);
    return rank;
}

long zset_last_in_lex(const struct zview *v, const struct zlex_spec *r) {
    if (!in_lex_range(v, r)) return -1;
    long rank = -1;
    struct ziter it;
    ziter_init(&it, v);
    if (v->lp) { /* from the tail */
        for (ziter_seek(&it, zview_len(v) - 1); it.valid; ziter_prev(&it)) {
            if (zset_lex_lte_max(it.m, it.mlen, r)) {
                if (zset_lex_gte_min(it.m, it.mlen, r)) rank = (long)it.rank;
                break;
            }
        }
    } else {
        unsigned long n = count_lex_below(v, &r->max, !r->maxex);
        if (n > 0) {
            ziter_seek(&it, n - 1);
            if (zset_lex_gte_min(it.m, it.mlen, r)) rank = (long)n - 1;
        }
    }
    ziter_release(&it);
    return rank;
}

long zset_lex_delete_start(const struct zview *v, const struct zlex_spec *r) {
    if (v->lp) return zset_first_in_lex(v, r);
    /* Redis's skiplist deletion searches for the first member >= min without
     * first checking the range against the set's head and tail */
    unsigned long at = count_lex_below(v, &r->min, r->minex);
    return at < zview_len(v) ? (long)at : -1;
}

/* ------------------------------------------------------------ writers */

void zw_open(struct zw *w, struct db *db, struct kv *o) {
    memset(w, 0, sizeof(*w));
    w->db = db;
    w->o = o;
    w->key = kv_key(o, &w->klen);
    if (o->enc == ENC_ZSET_LP) {
        size_t len;
        unsigned char *b = kv_blob(o, &len);
        w->lp = xmalloc(len);
        memcpy(w->lp, b, len);
    } else {
        w->t = kv_ptr(o);
    }
}

void zw_create(struct zw *w, struct db *db, const char *key, size_t klen, int tree) {
    memset(w, 0, sizeof(*w));
    w->db = db;
    w->key = key;
    w->klen = klen;
    if (tree)
        w->t = zbt_new();
    else
        w->lp = lp_new(0);
}

unsigned long zw_len(const struct zw *w) {
    return w->lp ? lp_length(w->lp) / 2 : (unsigned long)zbt_len(w->t);
}

void zw_view(const struct zw *w, struct zview *v) {
    v->lp = w->lp;
    v->t = w->lp ? NULL : w->t;
}

int zw_score(struct zw *w, const char *m, size_t len, double *score) {
    struct zview v;
    zw_view(w, &v);
    return zview_score(&v, m, len, score);
}

static void zw_to_tree(struct zw *w) {
    struct zbt *t = zbt_new();
    unsigned char ibuf[LP_INTBUF_SIZE];
    for (unsigned char *p = lp_first(w->lp); p;) {
        size_t ml;
        const char *m = lp_member(p, &ml, ibuf);
        unsigned char *sp = lp_next(w->lp, p);
        zbt_insert(t, m, ml, lp_score(sp));
        p = lp_next(w->lp, sp);
    }
    lp_free(w->lp);
    w->lp = NULL;
    w->t = t;
    w->converted = 1;
}

int zw_add(struct zw *w, double score, const char *m, size_t len, int in, int *out,
           double *newscore) {
    int incr = in & ZADD_IN_INCR, nx = in & ZADD_IN_NX, xx = in & ZADD_IN_XX;
    int gt = in & ZADD_IN_GT, lt = in & ZADD_IN_LT;
    double cur;
    *out = 0;
    if (isnan(score)) {
        *out = ZADD_OUT_NAN;
        return 0;
    }
    unsigned char *p = NULL;
    int exists = w->lp ? (p = zl_find(w->lp, m, len, &cur)) != NULL : zbt_score(w->t, m, len, &cur);
    if (exists) {
        if (nx) {
            *out |= ZADD_OUT_NOP;
            return 1;
        }
        if (incr) {
            score += cur;
            if (isnan(score)) {
                *out |= ZADD_OUT_NAN;
                return 0;
            }
        }
        if ((lt && score >= cur) || (gt && score <= cur)) {
            *out |= ZADD_OUT_NOP;
            return 1;
        }
        if (newscore) *newscore = score;
        if (score != cur) {
            if (w->lp) {
                w->lp = zl_delete(w->lp, p);
                w->lp = zl_insert(w->lp, m, len, score);
            } else {
                zbt_update(w->t, m, len, cur, score);
            }
            *out |= ZADD_OUT_UPDATED;
        }
        return 1;
    }
    if (xx) {
        *out |= ZADD_OUT_NOP;
        return 1;
    }
    if (w->lp) {
        if (zw_len(w) + 1 > (unsigned long long)cfg.zset_max_listpack_entries ||
            len > (unsigned long long)cfg.zset_max_listpack_value ||
            lp_bytes(w->lp) + len > LP_SAFETY_SIZE) {
            zw_to_tree(w);
        } else {
            w->lp = zl_insert(w->lp, m, len, score);
            if (newscore) *newscore = score;
            *out |= ZADD_OUT_ADDED;
            return 1;
        }
    }
    zbt_insert(w->t, m, len, score);
    if (newscore) *newscore = score;
    *out |= ZADD_OUT_ADDED;
    return 1;
}

int zw_del(struct zw *w, const char *m, size_t len) {
    double s;
    if (w->lp) {
        unsigned char *p = zl_find(w->lp, m, len, NULL);
        if (!p) return 0;
        w->lp = zl_delete(w->lp, p);
        return 1;
    }
    if (!zbt_score(w->t, m, len, &s)) return 0;
    zbt_delete(w->t, m, len, s);
    return 1;
}

void zw_del_at(struct zw *w, unsigned long rank, const char *m, size_t len, double score) {
    if (w->lp)
        w->lp = lp_delete_range(w->lp, (long)(2 * rank), 2);
    else
        zbt_delete(w->t, m, len, score);
}

unsigned long zw_del_ranks(struct zw *w, unsigned long start, unsigned long end) {
    unsigned long n = end - start + 1;
    if (w->lp) {
        w->lp = lp_delete_range(w->lp, (long)(2 * start), 2 * n);
        return n;
    }
    /* in batches: read a run of elements once, then delete each by key */
    enum { BATCH = 512 };
    struct victim {
        double score;
        size_t off, len;
    } *v = xmalloc(sizeof(*v) * BATCH);
    size_t cap = 4096, used;
    char *names = xmalloc(cap);
    struct zbt_iter it;
    zbt_iter_init(&it, w->t);
    unsigned long left = n;
    while (left) {
        size_t k = 0;
        used = 0;
        for (zbt_seek_rank(&it, start); it.valid && k < BATCH && k < left; zbt_next(&it), k++) {
            if (used + it.mlen > cap) {
                cap = (used + it.mlen) * 2;
                names = xrealloc(names, cap);
            }
            memcpy(names + used, it.m, it.mlen);
            v[k] = (struct victim){it.score, used, it.mlen};
            used += it.mlen;
        }
        if (!k) break;
        for (size_t i = 0; i < k; i++)
            zbt_delete(w->t, names + v[i].off, v[i].len, v[i].score);
        left -= k;
    }
    zbt_iter_release(&it);
    xfree(names);
    xfree(v);
    return n;
}

int zw_close(struct zw *w) {
    unsigned long n = zw_len(w);
    int deleted = 0;
    if (n == 0) {
        if (w->o) {
            if (w->lp)
                lp_free(w->lp);
            else if (w->converted)
                zbt_free(w->t);
            /* an unconverted tree is freed with its entry */
            db_delete(w->db, w->key, w->klen);
            deleted = 1;
        } else {
            if (w->lp)
                lp_free(w->lp);
            else
                zbt_free(w->t);
        }
    } else if (w->lp) {
        size_t bytes = lp_bytes(w->lp), len;
        if (w->o) {
            struct kv *o = db_resize_blob(w->db, w->o, bytes);
            memcpy(kv_blob(o, &len), w->lp, bytes);
        } else {
            db_add(w->db, kv_new_blob(w->key, w->klen, T_ZSET, ENC_ZSET_LP, w->lp, bytes, -1));
        }
        lp_free(w->lp);
    } else if (!w->o) {
        db_add(w->db, kv_new_obj(w->key, w->klen, T_ZSET, ENC_SKIPLIST, w->t, -1));
    } else if (w->converted) {
        struct kv *o = kv_new_obj(w->key, w->klen, T_ZSET, ENC_SKIPLIST, w->t, kv_expire(w->o));
        o->lru = w->o->lru;
        db_swap(w->db, w->o, o);
    }
    memset(w, 0, sizeof(*w));
    return deleted;
}

/* ------------------------------------------------------------ building */

void zbuild_init(struct zbuild *b) {
    b->t = zbt_new();
    b->maxlen = b->totlen = 0;
}

void zbuild_add(struct zbuild *b, const char *m, size_t len, double score) {
    zbt_insert(b->t, m, len, score);
    if (len > b->maxlen) b->maxlen = len;
    b->totlen += len;
}

unsigned long zbuild_len(const struct zbuild *b) {
    return (unsigned long)zbt_len(b->t);
}

struct kv *zbuild_finish(struct zbuild *b, const char *key, size_t klen) {
    struct kv *o;
    uint64_t n = zbt_len(b->t);
    if (n <= (unsigned long long)cfg.zset_max_listpack_entries &&
        b->maxlen <= (unsigned long long)cfg.zset_max_listpack_value &&
        b->totlen <= LP_SAFETY_SIZE) {
        unsigned char *lp = lp_new(0);
        struct zbt_iter it;
        zbt_iter_init(&it, b->t);
        for (zbt_seek_rank(&it, 0); it.valid; zbt_next(&it))
            lp = zl_insert_at(lp, NULL, it.m, it.mlen, it.score);
        zbt_iter_release(&it);
        o = kv_new_blob(key, klen, T_ZSET, ENC_ZSET_LP, lp, lp_bytes(lp), -1);
        lp_free(lp);
        zbt_free(b->t);
    } else {
        o = kv_new_obj(key, klen, T_ZSET, ENC_SKIPLIST, b->t, -1);
    }
    b->t = NULL;
    return o;
}

void zbuild_discard(struct zbuild *b) {
    zbt_free(b->t);
    b->t = NULL;
}
