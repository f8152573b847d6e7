/* rdb_value: one key's value to and from its RDB encoding (Redis 7.0, RDB
 * version 10), for DUMP/RESTORE and the RDB file layer.
 *
 * Saving writes what Redis 7.0 writes for the same logical value and
 * encoding: strings (int-encoded when they are integers), listpack hashes and
 * sorted sets as their listpack bytes (ours are Redis's format), the integer
 * form of sets as Redis's intset layout (an 8-byte header before our sorted
 * array), lists as quicklist-2 nodes (an LZF-compressed node is written as the
 * LZF blob it already is), and the large encodings element by element (sorted
 * sets from the highest (score, member) down, as Redis walks its skiplist).
 *
 * Loading accepts every value type Redis 7.0 loads, including the encodings
 * of older versions (zipmap, ziplist, intset, quicklist of ziplists), and
 * builds the encoding Redis would end up with under the current thresholds.
 *
 * Corrupt input never crashes the server: every compact blob (listpack,
 * ziplist, intset, zipmap) is walked and bounds-checked entry by entry
 * whatever `deep` says; `deep` (sanitize-dump-payload) adds the duplicate
 * checks Redis's deep sanitization makes. Duplicates that would break our
 * structures (hash fields and set/zset members loaded one by one, pairs
 * converted from ziplists) are always refused, as Redis refuses them. */
#include "db.h"
#include "listpack.h"
#include "log.h"
#include "mem.h"
#include "quicklist.h"
#include "rdb.h"
#include "server.h"
#include "config.h"
#include "t_hash.h"
#include "t_list.h"
#include "t_set.h"
#include "util.h"
#include "zset.h"
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ saving */

int rdb_value_type(const struct kv *o) {
    const unsigned char *a;
    size_t n;
    unsigned w;
    switch (o->type) {
    case T_STRING: return RDB_TYPE_STRING;
    case T_LIST: return RDB_TYPE_LIST_QUICKLIST_2;
    case T_SET: return set_int_array(o, &a, &n, &w) ? RDB_TYPE_SET_INTSET : RDB_TYPE_SET;
    case T_ZSET: return o->enc == ENC_ZSET_LP ? RDB_TYPE_ZSET_LISTPACK : RDB_TYPE_ZSET_2;
    case T_HASH:
        return strcmp(kv_enc_name(o), "listpack") == 0 ? RDB_TYPE_HASH_LISTPACK : RDB_TYPE_HASH;
    default: return -1;
    }
}

struct save_ctx {
    struct rdb_w *w;
    int err;
};

static void save_member(void *arg, const char *s, size_t len) {
    struct save_ctx *c = arg;
    if (!c->err && rdb_save_string(c->w, s, len) < 0) c->err = 1;
}

static void save_pair(void *arg, const char *f, size_t fl, const char *v, size_t vl) {
    struct save_ctx *c = arg;
    if (!c->err && (rdb_save_string(c->w, f, fl) < 0 || rdb_save_string(c->w, v, vl) < 0))
        c->err = 1;
}

static int save_list(struct rdb_w *w, const struct kv *o) {
    if (o->enc != ENC_QUICKLIST) { /* inline: one listpack node */
        size_t len;
        const unsigned char *lp = kv_blob(o, &len);
        if (rdb_save_len(w, 1) < 0 || rdb_save_len(w, RDB_QUICKLIST_NODE_PACKED) < 0) return -1;
        return rdb_save_string(w, lp, len);
    }
    struct quicklist *ql = kv_ptr(o);
    /* The node a read left open is saved compressed, as Redis keeps it (no
     * caller holds an entry or iterator across a save). */
    if (ql->open) ql_close(ql);
    if (rdb_save_len(w, ql->len) < 0) return -1;
    for (const struct qlnode *n = ql->head; n; n = n->next) {
        int container = n->plain ? RDB_QUICKLIST_NODE_PLAIN : RDB_QUICKLIST_NODE_PACKED;
        if (rdb_save_len(w, (uint64_t)container) < 0) return -1;
        if (n->compressed) {
            /* already LZF: written as RDB's LZF string, as Redis does */
            uint32_t clen;
            memcpy(&clen, n->data, 4);
            if (rdb_save_byte(w, 0xC3) < 0 || rdb_save_len(w, clen) < 0 ||
                rdb_save_len(w, n->sz) < 0 || rdbw_write(w, n->data + 4, clen) < 0)
                return -1;
        } else if (rdb_save_string(w, n->data, n->sz) < 0) {
            return -1;
        }
    }
    return 0;
}

static int save_zset(struct rdb_w *w, const struct kv *o) {
    struct zview v;
    zview_of(&v, o);
    if (v.lp) return rdb_save_string(w, v.lp, lp_bytes(v.lp));
    unsigned long n = zview_len(&v);
    if (rdb_save_len(w, n) < 0) return -1;
    struct ziter it;
    ziter_init(&it, &v);
    int rc = 0;
    unsigned long left = n;
    for (ziter_seek(&it, n - 1); left && it.valid; left--) {
        if (rdb_save_string(w, it.m, it.mlen) < 0 || rdb_save_double_bin(w, it.score) < 0) {
            rc = -1;
            break;
        }
        if (left > 1) ziter_prev(&it);
    }
    ziter_release(&it);
    return rc;
}

int rdb_save_value(struct rdb_w *w, const struct kv *o) {
    struct save_ctx c = {w, 0};
    switch (o->type) {
    case T_STRING:
        if (o->enc == ENC_INT) return rdb_save_ll(w, kv_int(o));
        {
            char ibuf[LONG_STR_SIZE];
            size_t len;
            const char *s = kv_str(o, &len, ibuf);
            return rdb_save_string(w, s, len);
        }
    case T_LIST: return save_list(w, o);
    case T_SET: {
        const unsigned char *a;
        size_t n;
        unsigned width;
        if (set_int_array(o, &a, &n, &width)) {
            /* Redis's intset: u32 encoding, u32 length, then the members */
            size_t bytes = 8 + n * width;
            unsigned char *is = xmalloc(bytes);
            uint32_t hdr[2] = {width, (uint32_t)n};
            for (int i = 0; i < 2; i++)
                for (int b = 0; b < 4; b++)
                    is[i * 4 + b] = (unsigned char)(hdr[i] >> (8 * b));
            memcpy(is + 8, a, n * width);
            int rc = rdb_save_string(w, is, bytes);
            xfree(is);
            return rc;
        }
        if (rdb_save_len(w, set_size(o)) < 0) return -1;
        set_foreach((struct kv *)o, save_member, &c);
        return c.err ? -1 : 0;
    }
    case T_ZSET: return save_zset(w, o);
    case T_HASH:
        if (strcmp(kv_enc_name(o), "listpack") == 0) {
            size_t len;
            const unsigned char *lp = kv_blob(o, &len);
            return rdb_save_string(w, lp, len);
        }
        if (rdb_save_len(w, hash_len(o)) < 0) return -1;
        hash_foreach((struct kv *)o, save_pair, &c);
        return c.err ? -1 : 0;
    default: return -1;
    }
}

/* ------------------------------------------------------------ loading helpers */

int rdb_is_value_type(int t) {
    return (t >= RDB_TYPE_STRING && t <= RDB_TYPE_ZSET_2) ||
           (t >= RDB_TYPE_HASH_ZIPMAP && t <= RDB_TYPE_LIST_QUICKLIST) ||
           (t >= RDB_TYPE_HASH_LISTPACK && t <= RDB_TYPE_LIST_QUICKLIST_2);
}

/* Logs why a value was refused, in the words Redis's log uses (the test
 * suite looks for "integrity check failed" and friends). */
static char last_error[400];

const char *rdb_value_error(void) {
    return last_error;
}

static void corrupt(struct rdb_r *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void corrupt(struct rdb_r *r, const char *fmt, ...) {
    char msg[128];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    snprintf(last_error, sizeof(last_error),
             "Internal error in RDB reading offset %lld, function at rdb_value.c -> %s", r->total,
             msg);
    /* a command (RESTORE, DEBUG RELOAD) answers the failure itself: Redis logs
     * it verbose then, and as a warning when loading at start-up */
    log_write(srv.current ? LL_VERBOSE : LL_WARNING, "%s", last_error);
}

static uint32_t rd32le(const unsigned char *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t rd16le(const unsigned char *p) {
    return (uint16_t)(p[0] | p[1] << 8);
}

/* Duplicate detection: strings collected, sorted, compared neighbours. */
struct dupset {
    unsigned char *buf;
    size_t len, cap;
    struct dent {
        size_t off, len;
    } * e;
    size_t n, ecap;
};

static void dup_add(struct dupset *d, const void *s, size_t len) {
    if (d->len + len > d->cap) {
        d->cap = (d->len + len) * 2 + 64;
        d->buf = xrealloc(d->buf, d->cap);
    }
    if (d->n == d->ecap) {
        d->ecap = d->ecap * 2 + 16;
        d->e = xrealloc(d->e, d->ecap * sizeof(*d->e));
    }
    if (len) memcpy(d->buf + d->len, s, len);
    d->e[d->n].off = d->len;
    d->e[d->n].len = len;
    d->n++;
    d->len += len;
}

static const unsigned char *dup_base;
static int dent_cmp(const void *a, const void *b) {
    const struct dent *x = a, *y = b;
    if (x->len != y->len) return x->len < y->len ? -1 : 1;
    return memcmp(dup_base + x->off, dup_base + y->off, x->len);
}

/* 1 if two added strings are equal. Frees d. */
static int dup_found(struct dupset *d) {
    int found = 0;
    if (d->n > 1) {
        dup_base = d->buf;
        qsort(d->e, d->n, sizeof(*d->e), dent_cmp);
        for (size_t i = 1; i < d->n && !found; i++)
            found = dent_cmp(&d->e[i - 1], &d->e[i]) == 0;
    }
    xfree(d->buf);
    xfree(d->e);
    return found;
}

/* Checks a listpack from outside: always the full structural walk (sizes,
 * encodings, back-lengths, count); pairs: an even count; deep: no two equal
 * entries at the positions that are keys (every other entry for pairs). */
static int lp_check(const unsigned char *lp, size_t size, int pairs, int deep) {
    if (!lp_validate(lp, size, 1)) return 0;
    unsigned long n = lp_length(lp);
    if (pairs && (n & 1)) return 0;
    if (!deep) return 1;
    struct dupset d = {0};
    unsigned char ibuf[LP_INTBUF_SIZE];
    unsigned long i = 0;
    for (unsigned char *p = lp_first((unsigned char *)lp); p; p = lp_next((unsigned char *)lp, p)) {
        if (!pairs || (i & 1) == 0) {
            uint32_t l;
            const unsigned char *s = lp_get_str(p, &l, ibuf);
            dup_add(&d, s, l);
        }
        i++;
    }
    return !dup_found(&d);
}

/* ------------------------------------------------------------ ziplist */

/* One decoded ziplist entry. */
struct zlent {
    size_t hdr, len; /* header size (prevlen + encoding), data bytes */
    size_t prevlen;
    int is_int;
    long long v;
    const unsigned char *s;
};

/* Decodes the entry at offset off of a ziplist of `size` bytes, checking
 * that it stays before the terminator. 1 if valid. */
static int zl_entry(const unsigned char *zl, size_t size, size_t off, struct zlent *e) {
    size_t last = size - 1; /* offset of the terminator */
    if (off < 10 || off >= last) return 0;
    size_t pls = zl[off] < 254 ? 1 : 5;
    if (zl[off] == 255) return 0;
    if (off + pls >= last) return 0;
    e->prevlen = pls == 1 ? zl[off] : rd32le(zl + off + 1);
    size_t p = off + pls;
    unsigned char b = zl[p];
    size_t ls;
    e->is_int = 0;
    if (b < 0xC0) {
        int t = b >> 6;
        ls = t == 0 ? 1 : t == 1 ? 2 : 5;
        if (p + ls > last) return 0;
        if (t == 0)
            e->len = b & 0x3F;
        else if (t == 1)
            e->len = (size_t)(b & 0x3F) << 8 | zl[p + 1];
        else
            e->len = (size_t)zl[p + 1] << 24 | (size_t)zl[p + 2] << 16 | (size_t)zl[p + 3] << 8 |
                     zl[p + 4];
    } else {
        ls = 1;
        e->is_int = 1;
        switch (b) {
        case 0xC0: e->len = 2; break;
        case 0xD0: e->len = 4; break;
        case 0xE0: e->len = 8; break;
        case 0xF0: e->len = 3; break;
        case 0xFE: e->len = 1; break;
        default:
            if (b >= 0xF1 && b <= 0xFD)
                e->len = 0;
            else
                return 0;
        }
    }
    e->hdr = pls + ls;
    if (e->len > last - off || off + e->hdr + e->len > last) return 0;
    const unsigned char *d = zl + off + e->hdr;
    e->s = d;
    if (e->is_int) {
        switch (b) {
        case 0xC0: e->v = (int16_t)rd16le(d); break;
        case 0xD0: e->v = (int32_t)rd32le(d); break;
        case 0xE0: e->v = (int64_t)((uint64_t)rd32le(d) | (uint64_t)rd32le(d + 4) << 32); break;
        case 0xF0:
            e->v =
                (int32_t)(((uint32_t)d[0] << 8 | (uint32_t)d[1] << 16 | (uint32_t)d[2] << 24)) >> 8;
            break;
        case 0xFE: e->v = (int8_t)d[0]; break;
        default: e->v = (b & 0x0F) - 1; break;
        }
    }
    return 1;
}

/* Walks a whole ziplist the way Redis's deep validation does (header,
 * terminator, every entry's bounds and prevlen, tail offset, count) and
 * calls fn on each entry (fn may be NULL; it returns 0 to fail). Returns the
 * entry count, or -1 if invalid. */
static long zl_walk(const unsigned char *zl, size_t size, int (*fn)(void *, const struct zlent *),
                    void *arg) {
    if (size < 11 || rd32le(zl) != size || zl[size - 1] != 255) return -1;
    size_t tail = rd32le(zl + 4);
    if (tail > size - 1) return -1;
    unsigned hcount = rd16le(zl + 8);
    size_t off = 10, prev = 0, prevsz = 0;
    int any = 0;
    long count = 0;
    while (zl[off] != 255) {
        struct zlent e;
        if (!zl_entry(zl, size, off, &e)) return -1;
        if (e.prevlen != prevsz) return -1;
        if (fn && !fn(arg, &e)) return -1;
        prevsz = e.hdr + e.len;
        prev = off;
        any = 1;
        off += prevsz;
        count++;
    }
    if (off != size - 1) return -1;
    if (any && prev != tail) return -1;
    if (hcount != 65535 && (unsigned long)count != hcount) return -1;
    return count;
}

/* ziplist entries appended to a listpack, with duplicate keys refused when
 * `pairs` (hash and zset ziplists), as Redis's conversion does. */
struct zl2lp {
    unsigned char *lp;
    int pairs;
    unsigned long i;
    struct dupset d;
};

static int zl2lp_cb(void *arg, const struct zlent *e) {
    struct zl2lp *c = arg;
    char buf[LONG_STR_SIZE];
    const char *s = (const char *)e->s;
    size_t len = e->len;
    if (e->is_int) {
        len = (size_t)ll2str(buf, sizeof(buf), e->v);
        s = buf;
    }
    if (len > UINT32_MAX) return 0;
    if (c->pairs && (c->i & 1) == 0) dup_add(&c->d, s, len);
    c->i++;
    if (e->is_int)
        c->lp = lp_append_int(c->lp, e->v);
    else
        c->lp = lp_append(c->lp, (const unsigned char *)s, (uint32_t)len);
    return 1;
}

/* A ziplist as a new listpack (NULL if invalid, odd or with duplicate keys
 * when pairs). */
static unsigned char *zl_to_lp(const unsigned char *zl, size_t size, int pairs) {
    struct zl2lp c = {lp_new(size), pairs, 0, {0}};
    long n = zl_walk(zl, size, zl2lp_cb, &c);
    int dup = dup_found(&c.d);
    if (n < 0 || dup || (pairs && (n & 1))) {
        lp_free(c.lp);
        return NULL;
    }
    return c.lp;
}

static int zl_push_cb(void *arg, const struct zlent *e) {
    struct quicklist *ql = arg;
    char buf[LONG_STR_SIZE];
    if (e->is_int) {
        int l = ll2str(buf, sizeof(buf), e->v);
        ql_push(ql, buf, (size_t)l, QL_TAIL);
    } else {
        ql_push(ql, e->s, e->len, QL_TAIL);
    }
    return 1;
}

/* ------------------------------------------------------------ zipmap */

/* Converts a zipmap (Redis 2.4 small hashes) to a listpack, checking it
 * entry by entry. NULL if invalid, empty or with duplicate fields. */
static unsigned char *zipmap_to_lp(const unsigned char *zm, size_t size, size_t *maxlen) {
    if (size < 2 || zm[size - 1] != 255) return NULL;
    size_t last = size - 1, p = 1;
    unsigned long count = 0;
    unsigned char *lp = lp_new(size);
    struct dupset d = {0};
    *maxlen = 0;
#define ZM_LEN_AT(off, out, sz)                                                                    \
    do {                                                                                           \
        sz = zm[off] < 254 ? 1 : 5;                                                                \
        if ((off) + (sz) > last) goto bad;                                                         \
        out = sz == 1 ? zm[off] : rd32le(zm + (off) + 1);                                          \
    } while (0)
    while (zm[p] != 255) {
        size_t s, fl, vl, fo, vo;
        ZM_LEN_AT(p, fl, s);
        p += s;
        fo = p;
        if (fl > last - p) goto bad;
        p += fl;
        if (p > last) goto bad;
        ZM_LEN_AT(p, vl, s);
        p += s;
        size_t freeb = zm[p++];
        vo = p;
        if (vl > last - p || freeb > last - p - vl) goto bad;
        p += vl + freeb;
        if (p > last || fl > UINT32_MAX || vl > UINT32_MAX) goto bad;
        dup_add(&d, zm + fo, fl);
        lp = lp_append(lp, zm + fo, (uint32_t)fl);
        lp = lp_append(lp, zm + vo, (uint32_t)vl);
        if (fl > *maxlen) *maxlen = fl;
        if (vl > *maxlen) *maxlen = vl;
        count++;
    }
#undef ZM_LEN_AT
    if (count == 0 || (zm[0] != 254 && zm[0] != count)) goto bad;
    if (dup_found(&d)) {
        lp_free(lp);
        return NULL;
    }
    return lp;
bad:
    dup_found(&d);
    lp_free(lp);
    return NULL;
}

/* ------------------------------------------------------------ per type */

static long long deep_sanitizations;

/* Builds a sorted-set tree entry from a zset listpack of member, score
 * pairs; NULL on a duplicate member. */
static double lp_entry_score(const unsigned char *p) {
    int64_t iv;
    uint32_t l;
    const unsigned char *s = lp_get(p, &l, &iv);
    if (!s) return (double)iv;
    char buf[128];
    if (l >= sizeof(buf)) l = sizeof(buf) - 1;
    memcpy(buf, s, l);
    buf[l] = '\0';
    return strtod(buf, NULL);
}

static struct kv *zset_from_lp(struct rdb_r *r, const char *key, size_t klen,
                               const unsigned char *lp, size_t size, long long expire) {
    if (lp_length(lp) / 2 <= (unsigned long long)cfg.zset_max_listpack_entries)
        return kv_new_blob(key, klen, T_ZSET, ENC_ZSET_LP, lp, size, expire);
    struct zbt *t = zbt_new();
    unsigned char ibuf[LP_INTBUF_SIZE];
    unsigned char *l = (unsigned char *)lp;
    for (unsigned char *p = lp_first(l); p; p = lp_next(l, lp_next(l, p))) {
        uint32_t ml;
        const unsigned char *m = lp_get_str(p, &ml, ibuf);
        double sc = lp_entry_score(lp_next(l, p)), old;
        if (zbt_score(t, (const char *)m, ml, &old)) {
            corrupt(r, "Zset listpack with dup elements");
            zbt_free(t);
            return NULL;
        }
        zbt_insert(t, (const char *)m, ml, sc);
    }
    return kv_new_obj(key, klen, T_ZSET, ENC_SKIPLIST, t, expire);
}

static struct kv *hash_from_lp(const char *key, size_t klen, const unsigned char *lp, size_t size,
                               long long expire) {
    int keep = lp_length(lp) / 2 <= (unsigned long long)cfg.hash_max_listpack_entries;
    return hash_from_listpack(key, klen, lp, size, expire, keep);
}

static struct kv *load_hash(struct rdb_r *r, const char *key, size_t klen, long long expire,
                            int *empty) {
    uint64_t n;
    if (rdb_load_len(r, &n, NULL) < 0) return NULL;
    if (n == 0) {
        *empty = 1;
        return NULL;
    }
    struct kv *o = hash_new(key, klen, expire);
    while (n--) {
        size_t fl, vl;
        unsigned char *f = rdb_load_string(r, &fl), *v = NULL;
        if (f) v = rdb_load_string(r, &vl);
        if (!v) {
            xfree(f);
            kv_free(o);
            return NULL;
        }
        int existed = hash_set(NULL, &o, (const char *)f, fl, (const char *)v, vl);
        xfree(f);
        xfree(v);
        if (existed) {
            corrupt(r, "Duplicate hash fields detected");
            kv_free(o);
            return NULL;
        }
    }
    return o;
}

static struct kv *load_set(struct rdb_r *r, const char *key, size_t klen, long long expire,
                           int *empty) {
    uint64_t n;
    if (rdb_load_len(r, &n, NULL) < 0) return NULL;
    if (n == 0) {
        *empty = 1;
        return NULL;
    }
    struct kv *o = set_new(key, klen, NULL, 0, expire);
    while (n--) {
        size_t len;
        unsigned char *s = rdb_load_string(r, &len);
        if (!s) {
            kv_free(o);
            return NULL;
        }
        int added = set_add(NULL, &o, (const char *)s, len);
        xfree(s);
        if (!added) {
            corrupt(r, "Duplicate set members detected");
            kv_free(o);
            return NULL;
        }
    }
    return o;
}

static struct kv *load_zset(struct rdb_r *r, int type, const char *key, size_t klen,
                            long long expire, int *empty) {
    uint64_t n;
    if (rdb_load_len(r, &n, NULL) < 0) return NULL;
    if (n == 0) {
        *empty = 1;
        return NULL;
    }
    struct zbuild b;
    zbuild_init(&b);
    while (n--) {
        size_t len;
        double sc, old;
        unsigned char *m = rdb_load_string(r, &len);
        if (!m) goto fail;
        int rc =
            type == RDB_TYPE_ZSET_2 ? rdb_load_double_bin(r, &sc) : rdb_load_double_str(r, &sc);
        if (rc < 0) {
            xfree(m);
            goto fail;
        }
        if (isnan(sc)) {
            corrupt(r, "Zset with NAN score detected");
            xfree(m);
            goto fail;
        }
        if (zbt_score(b.t, (const char *)m, len, &old)) {
            corrupt(r, "Duplicate zset fields detected");
            xfree(m);
            goto fail;
        }
        zbuild_add(&b, (const char *)m, len, sc);
        xfree(m);
    }
    struct kv *o = zbuild_finish(&b, key, klen);
    return expire == -1 ? o : kv_with_expire(o, expire);
fail:
    zbuild_discard(&b);
    return NULL;
}

static struct quicklist *new_ql(void) {
    return ql_new(cfg.list_max_listpack_size, cfg.list_compress_depth);
}

static struct kv *finish_list(struct quicklist *ql, const char *key, size_t klen, long long expire,
                              int *empty) {
    if (ql->count == 0) {
        ql_free(ql);
        *empty = 1;
        return NULL;
    }
    return list_kv_from_quicklist(key, klen, ql, expire);
}

static struct kv *load_list_plain(struct rdb_r *r, const char *key, size_t klen, long long expire,
                                  int *empty) {
    uint64_t n;
    if (rdb_load_len(r, &n, NULL) < 0) return NULL;
    if (n == 0) {
        *empty = 1;
        return NULL;
    }
    struct quicklist *ql = new_ql();
    while (n--) {
        size_t len;
        unsigned char *s = rdb_load_string(r, &len);
        if (!s) {
            ql_free(ql);
            return NULL;
        }
        ql_push(ql, s, len, QL_TAIL);
        xfree(s);
    }
    return finish_list(ql, key, klen, expire, empty);
}

/* Appends a listpack node (taken over); very long ones go element by element
 * (our node counts are 16-bit like Redis's). */
static void append_lp_node(struct quicklist *ql, unsigned char *lp, size_t size) {
    unsigned long n = lp_length(lp);
    if (n == 0) {
        lp_free(lp);
    } else if (n < 65535) {
        ql_append_node(ql, lp, size, 0);
    } else {
        unsigned char ibuf[LP_INTBUF_SIZE];
        for (unsigned char *p = lp_first(lp); p; p = lp_next(lp, p)) {
            uint32_t l;
            const unsigned char *s = lp_get_str(p, &l, ibuf);
            ql_push(ql, s, l, QL_TAIL);
        }
        lp_free(lp);
    }
}

static struct kv *load_quicklist(struct rdb_r *r, int type, const char *key, size_t klen,
                                 long long expire, int deep, int *empty) {
    uint64_t n;
    if (rdb_load_len(r, &n, NULL) < 0) return NULL;
    if (n == 0) {
        *empty = 1;
        return NULL;
    }
    struct quicklist *ql = new_ql();
    while (n--) {
        uint64_t container = RDB_QUICKLIST_NODE_PACKED;
        if (type == RDB_TYPE_LIST_QUICKLIST_2) {
            if (rdb_load_len(r, &container, NULL) < 0) goto fail;
            if (container != RDB_QUICKLIST_NODE_PACKED && container != RDB_QUICKLIST_NODE_PLAIN) {
                corrupt(r, "Quicklist integrity check failed.");
                goto fail;
            }
        }
        size_t len;
        unsigned char *data = rdb_load_string(r, &len);
        if (!data || len == 0) {
            xfree(data);
            goto fail;
        }
        if (container == RDB_QUICKLIST_NODE_PLAIN) {
            ql_append_node(ql, data, len, 1);
            continue;
        }
        if (type == RDB_TYPE_LIST_QUICKLIST_2) {
            if (deep) deep_sanitizations++;
            if (!lp_check(data, len, 0, 0)) {
                corrupt(r, "Listpack integrity check failed.");
                xfree(data);
                goto fail;
            }
            append_lp_node(ql, data, len);
        } else {
            unsigned char *lp = zl_to_lp(data, len, 0);
            xfree(data);
            if (!lp) {
                corrupt(r, "Ziplist integrity check failed.");
                goto fail;
            }
            append_lp_node(ql, lp, lp_bytes(lp));
        }
    }
    return finish_list(ql, key, klen, expire, empty);
fail:
    ql_free(ql);
    return NULL;
}

/* The types whose value is one blob (ziplist, zipmap, intset, listpack). */
static struct kv *load_blob(struct rdb_r *r, int type, const char *key, size_t klen,
                            long long expire, int deep, int *empty) {
    size_t size;
    unsigned char *b = rdb_load_string(r, &size);
    if (!b) return NULL;
    struct kv *o = NULL;
    switch (type) {
    case RDB_TYPE_HASH_ZIPMAP: {
        size_t maxlen;
        unsigned char *lp = zipmap_to_lp(b, size, &maxlen);
        if (!lp) {
            corrupt(r, "Zipmap integrity check failed.");
            break;
        }
        int keep = lp_length(lp) / 2 <= (unsigned long long)cfg.hash_max_listpack_entries &&
                   maxlen <= (unsigned long long)cfg.hash_max_listpack_value;
        o = hash_from_listpack(key, klen, lp, lp_bytes(lp), expire, keep);
        lp_free(lp);
        break;
    }
    case RDB_TYPE_LIST_ZIPLIST: {
        struct quicklist *ql = new_ql();
        if (zl_walk(b, size, zl_push_cb, ql) < 0) {
            corrupt(r, "List ziplist integrity check failed.");
            ql_free(ql);
            break;
        }
        o = finish_list(ql, key, klen, expire, empty);
        break;
    }
    case RDB_TYPE_SET_INTSET: {
        if (deep) deep_sanitizations++;
        int ok = size >= 8;
        uint32_t enc = ok ? rd32le(b) : 0, cnt = ok ? rd32le(b + 4) : 0;
        ok = ok && (enc == 2 || enc == 4 || enc == 8) && cnt > 0 && (uint64_t)cnt * enc + 8 == size;
        /* ascending and distinct: always checked (our lookups rely on it) */
        for (uint32_t i = 1; ok && i < cnt; i++) {
            unsigned char *p = b + 8 + (size_t)i * enc;
            int64_t prev = 0, cur = 0;
            for (int k = (int)enc - 1; k >= 0; k--) {
                prev = (int64_t)((uint64_t)prev << 8 | (p - enc)[k]);
                cur = (int64_t)((uint64_t)cur << 8 | p[k]);
            }
            if (enc < 8) { /* sign-extend */
                int sh = 64 - 8 * (int)enc;
                prev = (int64_t)((uint64_t)prev << sh) >> sh;
                cur = (int64_t)((uint64_t)cur << sh) >> sh;
            }
            if (cur <= prev) ok = 0;
        }
        if (!ok) {
            corrupt(r, "Intset integrity check failed.");
            break;
        }
        o = set_from_int_array(key, klen, b + 8, cnt, enc, expire);
        break;
    }
    case RDB_TYPE_ZSET_ZIPLIST:
    case RDB_TYPE_HASH_ZIPLIST: {
        unsigned char *lp = zl_to_lp(b, size, 1);
        if (!lp) {
            corrupt(r, type == RDB_TYPE_ZSET_ZIPLIST ? "Zset ziplist integrity check failed."
                                                     : "Hash ziplist integrity check failed.");
            break;
        }
        if (lp_length(lp) == 0)
            *empty = 1;
        else if (type == RDB_TYPE_ZSET_ZIPLIST)
            o = zset_from_lp(r, key, klen, lp, lp_bytes(lp), expire);
        else
            o = hash_from_lp(key, klen, lp, lp_bytes(lp), expire);
        lp_free(lp);
        break;
    }
    case RDB_TYPE_ZSET_LISTPACK:
    case RDB_TYPE_HASH_LISTPACK:
        if (deep) deep_sanitizations++;
        if (!lp_check(b, size, 1, deep)) {
            corrupt(r, type == RDB_TYPE_ZSET_LISTPACK ? "Zset listpack integrity check failed."
                                                      : "Hash listpack integrity check failed.");
            break;
        }
        if (lp_length(b) == 0)
            *empty = 1;
        else if (type == RDB_TYPE_ZSET_LISTPACK)
            o = zset_from_lp(r, key, klen, b, size, expire);
        else if (lp_length(b) / 2 > (unsigned long long)cfg.hash_max_listpack_entries &&
                 !lp_check(b, size, 1, 1)) {
            /* Redis converts it to a table here and dies on a duplicate */
            corrupt(r, "Hash listpack with dup elements");
        } else {
            o = hash_from_lp(key, klen, b, size, expire);
        }
        break;
    }
    xfree(b);
    return o;
}

struct kv *rdb_load_value(struct rdb_r *r, int rdbtype, const char *key, size_t klen,
                          long long expire, int deep, int *empty) {
    *empty = 0;
    last_error[0] = '\0';
    switch (rdbtype) {
    case RDB_TYPE_STRING: {
        size_t len;
        unsigned char *s = rdb_load_string(r, &len);
        if (!s) return NULL;
        struct kv *o = kv_new_string_auto(key, klen, (const char *)s, len, expire);
        xfree(s);
        return o;
    }
    case RDB_TYPE_LIST: return load_list_plain(r, key, klen, expire, empty);
    case RDB_TYPE_SET: return load_set(r, key, klen, expire, empty);
    case RDB_TYPE_ZSET:
    case RDB_TYPE_ZSET_2: return load_zset(r, rdbtype, key, klen, expire, empty);
    case RDB_TYPE_HASH: return load_hash(r, key, klen, expire, empty);
    case RDB_TYPE_LIST_QUICKLIST:
    case RDB_TYPE_LIST_QUICKLIST_2:
        return load_quicklist(r, rdbtype, key, klen, expire, deep, empty);
    case RDB_TYPE_HASH_ZIPMAP:
    case RDB_TYPE_LIST_ZIPLIST:
    case RDB_TYPE_SET_INTSET:
    case RDB_TYPE_ZSET_ZIPLIST:
    case RDB_TYPE_HASH_ZIPLIST:
    case RDB_TYPE_ZSET_LISTPACK:
    case RDB_TYPE_HASH_LISTPACK: return load_blob(r, rdbtype, key, klen, expire, deep, empty);
    default: return NULL; /* streams, modules */
    }
}

long long rdb_dump_payload_sanitizations(void) {
    return deep_sanitizations;
}
