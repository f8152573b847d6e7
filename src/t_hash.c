/* t_hash: the hash type and its commands.
 *
 * Encodings. OBJECT ENCODING reports what Redis 7.0 would report after the
 * same commands under the same config: "listpack" until a field or value
 * longer than hash-max-listpack-value bytes arrives or the hash passes
 * hash-max-listpack-entries fields (checked as Redis checks them, when fields
 * are written), "hashtable" from then on, for good. The physical layout is
 * ours, chosen for memory:
 *
 *   HENC_LP         reported "listpack". A listpack (Redis's byte format, so
 *                   RDB can store it as it is) of field, value, field, value...
 *                   inline in the key's entry: one allocation for key and hash.
 *   HENC_LP_BIG     reported "hashtable". The same inline listpack, kept for a
 *                   hash Redis would have converted (long values, typically)
 *                   while it has at most HASH_INLINE_MAX_PAIRS fields in at
 *                   most HASH_INLINE_MAX_BYTES. A session hash of 8 fields
 *                   and ~500 bytes costs one ~512-byte allocation, where
 *                   Redis spends a dict, 8 dictEntries and 16 sds strings.
 *   ENC_HASHTABLE   reported "hashtable". An htab whose elements are one
 *                   allocation per field: [varint flen][field][varint vlen][value].
 *
 * Transitions (one way): HENC_LP -> HENC_LP_BIG when Redis would convert and
 * the hash still fits the inline limits (the bytes stay, only the encoding
 * changes), else -> ENC_HASHTABLE; HENC_LP_BIG -> ENC_HASHTABLE past the
 * inline limits. Lookups in the inline forms are linear (at most 32 fields
 * for HENC_LP_BIG; hash-max-listpack-entries for HENC_LP, as in Redis).
 *
 * Entries that change size move (db_resize_blob): helpers take `struct kv **`.
 * A key never holds an empty hash. */
#include "t_hash.h"
#include "client.h"
#include "commands.h"
#include "config.h"
#include "db.h"
#include "dict.h"
#include "htab.h"
#include "listpack.h"
#include "lpinline.h"
#include "mem.h"
#include "reply.h"
#include "server.h"
#include "propagate.h"
#include "sha1.h"
#include "typeargs.h"
#include "util.h"
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { HENC_LP = ENC_INLINE_MIN, HENC_LP_BIG };
#define HASH_INLINE_MAX_PAIRS 32
#define HASH_INLINE_MAX_BYTES 2048
#define LP_SAFETY_SIZE        (1u << 30) /* Redis converts a listpack that would pass 1GB */

/* ------------------------------------------------------------ htab elements */

static void *hf_new(const char *f, size_t fl, const char *v, size_t vl) {
    unsigned char *e = xmalloc(varint_len(fl) + fl + varint_len(vl) + vl);
    size_t n = varint_put(e, fl);
    memcpy(e + n, f, fl);
    n += fl;
    n += varint_put(e + n, vl);
    memcpy(e + n, v, vl);
    return e;
}

static inline const char *hf_field(const void *e, size_t *fl) {
    uint64_t l;
    size_t n = varint_get(e, &l);
    *fl = (size_t)l;
    return (const char *)e + n;
}

static inline const char *hf_value(const void *e, size_t *vl) {
    size_t fl;
    const char *f = hf_field(e, &fl);
    uint64_t l;
    size_t n = varint_get((const unsigned char *)f + fl, &l);
    *vl = (size_t)l;
    return f + fl + n;
}

/* The element with its value replaced (reallocated in place when it can). */
static void *hf_set_value(void *e, const char *v, size_t vl) {
    size_t fl;
    const char *f = hf_field(e, &fl);
    size_t head = (size_t)(f - (const char *)e) + fl;
    unsigned char *ne = xrealloc(e, head + varint_len(vl) + vl);
    size_t n = varint_put(ne + head, vl);
    memcpy(ne + head + n, v, vl);
    return ne;
}

static uint64_t hf_hash_key(const void *k, size_t len) {
    return hash_bytes(k, len);
}

static uint64_t hf_hash_elem(const void *e) {
    size_t fl;
    const char *f = hf_field(e, &fl);
    return hash_bytes(f, fl);
}

static int hf_eq(const void *e, const void *k, size_t len) {
    size_t fl;
    const char *f = hf_field(e, &fl);
    return fl == len && memcmp(f, k, len) == 0;
}

static const struct htab_type hash_htab_type = {hf_hash_key, hf_hash_elem, hf_eq};

/* ------------------------------------------------------------ hash values */

/* A field's or value's bytes: into the hash, or into buf for integers. */
struct hview {
    const char *p;
    size_t len;
    char buf[LP_INTBUF_SIZE];
};

static inline int is_inline(const struct kv *o) {
    return o->enc == HENC_LP || o->enc == HENC_LP_BIG;
}

static void lp_view(unsigned char *p, struct hview *v) {
    uint32_t l;
    v->p = (const char *)lp_get_str(p, &l, (unsigned char *)v->buf);
    v->len = l;
}

size_t hash_len(const struct kv *o) {
    size_t bl;
    if (is_inline(o)) return lp_length(kv_blob(o, &bl)) / 2;
    return htab_size(kv_ptr(o));
}

/* The listpack position of field f's value, or NULL. */
static unsigned char *lp_value_of(unsigned char *lp, const char *f, size_t fl) {
    unsigned char *p = lp_first(lp);
    if (fl > UINT32_MAX) return NULL; /* never inline: see try_conversion */
    if (p) p = lp_find(lp, p, (const unsigned char *)f, (uint32_t)fl, 1);
    return p ? lp_next(lp, p) : NULL;
}

static int hget_view(const struct kv *o, const char *f, size_t fl, struct hview *v) {
    size_t bl;
    if (is_inline(o)) {
        unsigned char *vp = lp_value_of(kv_blob(o, &bl), f, fl);
        if (!vp) return 0;
        lp_view(vp, v);
        return 1;
    }
    void **slot = htab_find(kv_ptr(o), f, fl);
    if (!slot) return 0;
    v->p = hf_value(*slot, &v->len);
    return 1;
}

static struct kv *replace_entry(struct db *db, struct kv *o, struct kv *n) {
    n->lru = o->lru;
    if (db)
        db_swap(db, o, n);
    else
        kv_free(o);
    return n;
}

static struct kv *to_htab(struct db *db, struct kv *o, size_t extra) {
    size_t bl;
    unsigned char *lp = kv_blob(o, &bl);
    struct htab *h = htab_new(&hash_htab_type);
    htab_expand(h, lp_length(lp) / 2 + extra);
    for (unsigned char *p = lp_first(lp); p; p = lp_next(lp, lp_next(lp, p))) {
        struct hview f, v;
        lp_view(p, &f);
        lp_view(lp_next(lp, p), &v);
        htab_add(h, hf_new(f.p, f.len, v.p, v.len));
    }
    size_t klen;
    const char *k = kv_key(o, &klen);
    return replace_entry(db, o, kv_new_obj(k, klen, T_HASH, ENC_HASHTABLE, h, kv_expire(o)));
}

/* The point where Redis converts its listpack to a dict: from here on the
 * hash reports "hashtable". It stays inline while it fits the inline limits
 * after extra_pairs more pairs of extra_bytes. */
static struct kv *to_reported_hashtable(struct db *db, struct kv *o, size_t extra_pairs,
                                        size_t extra_bytes) {
    size_t bl;
    unsigned char *lp = kv_blob(o, &bl);
    if (lp_length(lp) / 2 + extra_pairs <= HASH_INLINE_MAX_PAIRS &&
        bl + extra_bytes <= HASH_INLINE_MAX_BYTES) {
        o->enc = HENC_LP_BIG;
        return o;
    }
    return to_htab(db, o, extra_pairs);
}

/* Redis's hashTypeTryConversion: a listpack hash becomes a hashtable before
 * any of argv[from..to] longer than hash-max-listpack-value is written. */
static struct kv *try_conversion(struct db *db, struct kv *o, struct client *c, int from, int to) {
    if (o->enc != HENC_LP) return o;
    size_t sum = 0, bl;
    int too_long = 0;
    for (int i = from; i <= to; i++) {
        if ((long long)c->argv[i].len > cfg.hash_max_listpack_value) too_long = 1;
        sum += c->argv[i].len;
    }
    kv_blob(o, &bl);
    if (too_long || bl + sum > LP_SAFETY_SIZE)
        return to_reported_hashtable(db, o, (size_t)(to - from + 2) / 2,
                                     sum + 3 * (size_t)(to - from + 1));
    return o;
}

/* Sets field f to v. Returns 1 when the field existed (an update), 0 when it
 * was created. *op may move or change encoding. */
int hash_set(struct db *db, struct kv **op, const char *f, size_t fl, const char *v, size_t vl) {
    struct kv *o = *op;
    size_t bl;
    if (o->enc == HENC_LP && ((long long)fl > cfg.hash_max_listpack_value ||
                              (long long)vl > cfg.hash_max_listpack_value))
        o = to_reported_hashtable(db, o, 1, LP_ENTRY_MAX(fl) + LP_ENTRY_MAX(vl));
    if (is_inline(o)) {
        unsigned char *lp = kv_blob(o, &bl);
        unsigned char *vp = lp_value_of(lp, f, fl);
        size_t grow = vp ? LP_ENTRY_MAX(vl) : LP_ENTRY_MAX(fl) + LP_ENTRY_MAX(vl);
        if (o->enc == HENC_LP_BIG && ((!vp && lp_length(lp) / 2 + 1 > HASH_INLINE_MAX_PAIRS) ||
                                      bl + grow > HASH_INLINE_MAX_BYTES)) {
            o = to_htab(db, o, vp ? 0 : 1);
        } else if (vp) {
            o = lpi_replace(db, o, (size_t)(vp - lp), v, vl);
            /* Redis checks the entry count after updates too (it matters
             * after CONFIG SET lowered hash-max-listpack-entries) */
            if (o->enc == HENC_LP && (long long)hash_len(o) > cfg.hash_max_listpack_entries)
                o = to_reported_hashtable(db, o, 0, 0);
            *op = o;
            return 1;
        } else {
            unsigned char sbuf[256], *buf = sbuf;
            if (grow > sizeof(sbuf)) buf = xmalloc(grow);
            uint32_t n = lp_encode(buf, (const unsigned char *)f, (uint32_t)fl);
            n += lp_encode(buf + n, (const unsigned char *)v, (uint32_t)vl);
            o = lpi_splice(db, o, bl - 1, 0, buf, n, lp_length(lp) + 2);
            if (buf != sbuf) xfree(buf);
            if (o->enc == HENC_LP && (long long)hash_len(o) > cfg.hash_max_listpack_entries)
                o = to_reported_hashtable(db, o, 0, 0);
            *op = o;
            return 0;
        }
    }
    *op = o;
    int existed;
    void **slot = htab_insert(kv_ptr(o), f, fl, &existed);
    if (existed)
        *slot = hf_set_value(*slot, v, vl);
    else
        *slot = hf_new(f, fl, v, vl);
    return existed;
}

/* Deletes field f; 1 if it existed. */
int hash_del(struct db *db, struct kv **op, const char *f, size_t fl) {
    struct kv *o = *op;
    size_t bl;
    if (is_inline(o)) {
        unsigned char *lp = kv_blob(o, &bl);
        unsigned char *vp = lp_value_of(lp, f, fl);
        if (!vp) return 0;
        unsigned char *p = lp_prev(lp, vp);
        *op = lpi_delete(db, o, (size_t)(p - lp), 2);
        return 1;
    }
    void *e = htab_remove(kv_ptr(o), f, fl);
    if (!e) return 0;
    xfree(e);
    return 1;
}

/* ------------------------------------------------------------ iteration */

struct hash_iter {
    int table;
    unsigned char *lp, *p;
    struct htab_iter hi;
};

static void hi_init(struct hash_iter *it, struct kv *o) {
    size_t bl;
    it->table = !is_inline(o);
    if (it->table) {
        htab_iter_init(&it->hi, kv_ptr(o));
    } else {
        it->lp = kv_blob(o, &bl);
        it->p = lp_first(it->lp);
    }
}

static int hi_next(struct hash_iter *it, struct hview *f, struct hview *v) {
    if (it->table) {
        void *e = htab_iter_next(&it->hi);
        if (!e) return 0;
        f->p = hf_field(e, &f->len);
        v->p = hf_value(e, &v->len);
        return 1;
    }
    if (!it->p) return 0;
    unsigned char *vp = lp_next(it->lp, it->p);
    lp_view(it->p, f);
    lp_view(vp, v);
    it->p = lp_next(it->lp, vp);
    return 1;
}

static void hi_end(struct hash_iter *it) {
    if (it->table) htab_iter_end(&it->hi);
}

struct kv *hash_new(const char *key, size_t klen, long long expire) {
    return lpi_new(key, klen, T_HASH, HENC_LP, expire);
}

struct kv *hash_from_listpack(const char *key, size_t klen, const unsigned char *lp, size_t bytes,
                              long long expire, int as_listpack) {
    struct kv *o = kv_new_blob(key, klen, T_HASH, HENC_LP, lp, bytes, expire);
    return as_listpack ? o : to_reported_hashtable(NULL, o, 0, 0);
}

int hash_get(const struct kv *o, const char *f, size_t fl, const char **v, size_t *vl, char *buf) {
    struct hview hv;
    if (!hget_view(o, f, fl, &hv)) return 0;
    if (hv.p == hv.buf) {
        memcpy(buf, hv.buf, hv.len);
        hv.p = buf;
    }
    *v = hv.p;
    *vl = hv.len;
    return 1;
}

void hash_foreach(struct kv *o,
                  void (*fn)(void *arg, const char *f, size_t fl, const char *v, size_t vl),
                  void *arg) {
    struct hash_iter it;
    struct hview f, v;
    hi_init(&it, o);
    while (hi_next(&it, &f, &v))
        fn(arg, f.p, f.len, v.p, v.len);
    hi_end(&it);
}

/* ------------------------------------------------------------ type hooks */

static void hfree(void *e) {
    xfree(e);
}

static void hash_free(void *ptr, int enc) {
    htab_clear(ptr, hfree);
    xfree(ptr);
}

static void *hash_dup(const void *ptr, int enc) {
    struct htab *src = (struct htab *)ptr, *h = htab_new(&hash_htab_type);
    htab_expand(h, htab_size(src));
    struct htab_iter it;
    htab_iter_init(&it, src);
    void *e;
    while ((e = htab_iter_next(&it)) != NULL) {
        size_t fl, vl;
        const char *f = hf_field(e, &fl), *v = hf_value(e, &vl);
        htab_add(h, hf_new(f, fl, v, vl));
    }
    htab_iter_end(&it);
    return h;
}

static size_t hash_mem(const void *ptr, int enc) {
    struct htab *h = (struct htab *)ptr;
    size_t n = sizeof(*h) + htab_mem(h), seen = 0, bytes = 0;
    struct htab_iter it;
    htab_iter_init(&it, h);
    void *e;
    while (seen < 1024 && (e = htab_iter_next(&it)) != NULL) {
        bytes += mem_usable(e);
        seen++;
    }
    htab_iter_end(&it);
    if (seen) n += (size_t)((double)bytes * ((double)htab_size(h) / (double)seen));
    return n;
}

static size_t hash_count(const void *ptr, int enc) {
    return htab_size(ptr);
}

static const char *hash_enc_name(const struct kv *o) {
    return o->enc == HENC_LP ? "listpack" : "hashtable";
}

static void digest_pair(void *arg, const char *f, size_t fl, const char *v, size_t vl) {
    unsigned char d[20] = {0};
    digest_mix(d, f, fl);
    digest_mix(d, v, vl);
    digest_xor(arg, d, 20);
}

/* DEBUG DIGEST: each field+value mixed, the pairs xored (as Redis). */
static void hash_digest(const struct kv *o, unsigned char digest[20]) {
    hash_foreach((struct kv *)o, digest_pair, digest);
}

static const struct type_ops hash_ops = {"hash",     hash_free,     hash_dup,   hash_mem,
                                         hash_count, hash_enc_name, hash_digest};

void hash_type_init(void) {
    type_ops[T_HASH] = &hash_ops;
}

/* ------------------------------------------------------------ commands */

static struct kv *lookup(struct client *c, int flags, int *wrong) {
    return db_lookup_typed(c, c->argv[1].ptr, c->argv[1].len, T_HASH, flags, wrong);
}

/* The hash at argv[1] for writing, created empty (unlinked until the first
 * field is set: see link_new) when missing. */
static struct kv *lookup_or_new(struct client *c, int *wrong, int *created) {
    struct kv *o = lookup(c, LOOKUP_WRITE, wrong);
    *created = 0;
    if (*wrong || o) return o;
    *created = 1;
    return hash_new(c->argv[1].ptr, c->argv[1].len, -1);
}

static void hset_cmd(struct client *c) {
    if (c->argc % 2 == 1) {
        reply_error_arity(c);
        return;
    }
    int wrong, created;
    struct kv *o = lookup_or_new(c, &wrong, &created);
    if (wrong) return;
    struct db *db = created ? NULL : c->db;
    o = try_conversion(db, o, c, 2, c->argc - 1);
    long long added = 0;
    for (int i = 2; i < c->argc; i += 2)
        added += !hash_set(db, &o, c->argv[i].ptr, c->argv[i].len, c->argv[i + 1].ptr,
                           c->argv[i + 1].len);
    if (created) db_add(c->db, o);
    if (c->argv[0].ptr[1] == 's' || c->argv[0].ptr[1] == 'S')
        reply_long(c, added);
    else
        reply_ok(c);
    db_key_modified(c->db, c->argv[1].ptr, c->argv[1].len);
    notify_keyspace_event(NOTIFY_HASH, "hset", c->argv[1].ptr, c->argv[1].len, c->db->id);
    srv.dirty += (c->argc - 2) / 2;
}

static void hsetnx_cmd(struct client *c) {
    int wrong, created;
    struct kv *o = lookup_or_new(c, &wrong, &created);
    if (wrong) return;
    struct hview v;
    if (!created && hget_view(o, c->argv[2].ptr, c->argv[2].len, &v)) {
        reply_long(c, 0);
        return;
    }
    struct db *db = created ? NULL : c->db;
    o = try_conversion(db, o, c, 2, 3);
    hash_set(db, &o, c->argv[2].ptr, c->argv[2].len, c->argv[3].ptr, c->argv[3].len);
    if (created) db_add(c->db, o);
    reply_long(c, 1);
    db_key_modified(c->db, c->argv[1].ptr, c->argv[1].len);
    notify_keyspace_event(NOTIFY_HASH, "hset", c->argv[1].ptr, c->argv[1].len, c->db->id);
    srv.dirty++;
}

static void hincrby_cmd(struct client *c) {
    long long incr, value = 0;
    if (!arg_long(c, &c->argv[3], &incr, NULL)) return;
    int wrong, created;
    struct kv *o = lookup_or_new(c, &wrong, &created);
    if (wrong) return;
    struct hview v;
    if (!created && hget_view(o, c->argv[2].ptr, c->argv[2].len, &v) &&
        !str2ll(v.p, v.len, &value)) {
        reply_error(c, "hash value is not an integer");
        return;
    }
    if ((incr < 0 && value < 0 && incr < LLONG_MIN - value) ||
        (incr > 0 && value > 0 && incr > LLONG_MAX - value)) {
        if (created) kv_free(o);
        reply_error(c, "increment or decrement would overflow");
        return;
    }
    value += incr;
    char buf[LONG_STR_SIZE];
    int len = ll2str(buf, sizeof(buf), value);
    struct db *db = created ? NULL : c->db;
    hash_set(db, &o, c->argv[2].ptr, c->argv[2].len, buf, (size_t)len);
    if (created) db_add(c->db, o);
    reply_long(c, value);
    db_key_modified(c->db, c->argv[1].ptr, c->argv[1].len);
    notify_keyspace_event(NOTIFY_HASH, "hincrby", c->argv[1].ptr, c->argv[1].len, c->db->id);
    srv.dirty++;
}

static void hincrbyfloat_cmd(struct client *c) {
    long double incr, value = 0;
    if (!str2ld(c->argv[3].ptr, c->argv[3].len, &incr)) {
        reply_error(c, "value is not a valid float");
        return;
    }
    if (isnan(incr) || isinf(incr)) {
        reply_error(c, "value is NaN or Infinity");
        return;
    }
    int wrong, created;
    struct kv *o = lookup_or_new(c, &wrong, &created);
    if (wrong) return;
    struct hview v;
    if (!created && hget_view(o, c->argv[2].ptr, c->argv[2].len, &v) &&
        !str2ld(v.p, v.len, &value)) {
        reply_error(c, "hash value is not a float");
        return;
    }
    value += incr;
    if (isnan(value) || isinf(value)) {
        if (created) kv_free(o);
        reply_error(c, "increment would produce NaN or Infinity");
        return;
    }
    char buf[MAX_LONG_DOUBLE_CHARS];
    int len = ld2str(buf, sizeof(buf), value, 1);
    struct db *db = created ? NULL : c->db;
    hash_set(db, &o, c->argv[2].ptr, c->argv[2].len, buf, (size_t)len);
    if (created) db_add(c->db, o);
    reply_bulk(c, buf, (size_t)len);
    db_key_modified(c->db, c->argv[1].ptr, c->argv[1].len);
    notify_keyspace_event(NOTIFY_HASH, "hincrbyfloat", c->argv[1].ptr, c->argv[1].len, c->db->id);
    srv.dirty++;
    propagate_rewrite(c, 4, PSTR("HSET"), c->argv[1], c->argv[2], pstr(buf, (size_t)len));
}

static void hget_cmd(struct client *c) {
    int wrong;
    struct kv *o = lookup(c, LOOKUP_NONE, &wrong);
    if (wrong) return;
    struct hview v;
    if (o && hget_view(o, c->argv[2].ptr, c->argv[2].len, &v))
        reply_bulk(c, v.p, v.len);
    else
        reply_null(c);
}

static void hmget_cmd(struct client *c) {
    int wrong;
    struct kv *o = lookup(c, LOOKUP_NONE, &wrong);
    if (wrong) return;
    reply_array_len(c, c->argc - 2);
    for (int i = 2; i < c->argc; i++) {
        struct hview v;
        if (o && hget_view(o, c->argv[i].ptr, c->argv[i].len, &v))
            reply_bulk(c, v.p, v.len);
        else
            reply_null(c);
    }
}

static void hdel_cmd(struct client *c) {
    int wrong;
    struct kv *o = lookup(c, LOOKUP_WRITE, &wrong);
    if (wrong) return;
    if (!o) {
        reply_long(c, 0);
        return;
    }
    long long deleted = 0;
    int removed = 0;
    struct str *k = &c->argv[1];
    for (int j = 2; j < c->argc; j++) {
        if (hash_del(c->db, &o, c->argv[j].ptr, c->argv[j].len)) {
            deleted++;
            if (hash_len(o) == 0) {
                db_delete(c->db, k->ptr, k->len);
                removed = 1;
                break;
            }
        }
    }
    if (deleted) {
        db_signal_write(c->db, k->ptr, k->len, NOTIFY_HASH, "hdel");
        if (removed) notify_keyspace_event(NOTIFY_GENERIC, "del", k->ptr, k->len, c->db->id);
        srv.dirty += deleted;
    }
    reply_long(c, deleted);
}

static void hlen_cmd(struct client *c) {
    int wrong;
    struct kv *o = lookup(c, LOOKUP_NONE, &wrong);
    if (wrong) return;
    reply_long(c, o ? (long long)hash_len(o) : 0);
}

static void hstrlen_cmd(struct client *c) {
    int wrong;
    struct kv *o = lookup(c, LOOKUP_NONE, &wrong);
    if (wrong) return;
    struct hview v;
    reply_long(c, o && hget_view(o, c->argv[2].ptr, c->argv[2].len, &v) ? (long long)v.len : 0);
}

static void hexists_cmd(struct client *c) {
    int wrong;
    struct kv *o = lookup(c, LOOKUP_NONE, &wrong);
    if (wrong) return;
    struct hview v;
    reply_long(c, o && hget_view(o, c->argv[2].ptr, c->argv[2].len, &v));
}

enum { H_KEYS = 1, H_VALS = 2 };

static void getall_generic(struct client *c, int what) {
    int wrong;
    struct kv *o = lookup(c, LOOKUP_NONE, &wrong);
    if (wrong) return;
    long n = o ? (long)hash_len(o) : 0;
    if (what == (H_KEYS | H_VALS))
        reply_map_len(c, n);
    else
        reply_array_len(c, n);
    if (!o) return;
    struct hash_iter it;
    struct hview f, v;
    hi_init(&it, o);
    while (hi_next(&it, &f, &v)) {
        if (what & H_KEYS) reply_bulk(c, f.p, f.len);
        if (what & H_VALS) reply_bulk(c, v.p, v.len);
    }
    hi_end(&it);
}

static void hgetall_cmd(struct client *c) {
    getall_generic(c, H_KEYS | H_VALS);
}

static void hkeys_cmd(struct client *c) {
    getall_generic(c, H_KEYS);
}

static void hvals_cmd(struct client *c) {
    getall_generic(c, H_VALS);
}

/* ------------------------------------------------------------ HRANDFIELD */

static unsigned long rand_ul(void) {
    return ((unsigned long)random() << 31) ^ (unsigned long)random();
}

/* A field/value pair by reference: listpack positions or a table element. */
struct pair {
    unsigned char *fp; /* NULL for table elements */
    void *e;
};

static void reply_pair(struct client *c, const struct pair *p, int withvalues) {
    struct hview f, v;
    if (p->fp) {
        lp_view(p->fp, &f);
        if (withvalues) lp_view(p->fp + lp_entry_size(p->fp), &v);
    } else {
        f.p = hf_field(p->e, &f.len);
        if (withvalues) v.p = hf_value(p->e, &v.len);
    }
    if (withvalues && c->resp > 2) reply_array_len(c, 2);
    reply_bulk(c, f.p, f.len);
    if (withvalues) reply_bulk(c, v.p, v.len);
}

/* Every pair of o (n of them), in hash order. */
static struct pair *collect_pairs(struct kv *o, size_t *n) {
    size_t cap = hash_len(o), k = 0;
    struct pair *ps = xmalloc(sizeof(*ps) * (cap ? cap : 1));
    if (is_inline(o)) {
        size_t bl;
        unsigned char *lp = kv_blob(o, &bl);
        for (unsigned char *p = lp_first(lp); p && k < cap; p = lp_next(lp, lp_next(lp, p)))
            ps[k++] = (struct pair){p, NULL};
    } else {
        struct htab_iter it;
        void *e;
        htab_iter_init(&it, kv_ptr(o));
        while (k < cap && (e = htab_iter_next(&it)) != NULL)
            ps[k++] = (struct pair){NULL, e};
        htab_iter_end(&it);
    }
    *n = k;
    return ps;
}

struct pset {
    uintptr_t *t;
    size_t mask;
};

static int pset_add(struct pset *s, uintptr_t v) {
    size_t i = (size_t)((v * 0x9e3779b97f4a7c15ULL) >> 20) & s->mask;
    while (s->t[i]) {
        if (s->t[i] == v) return 0;
        i = (i + 1) & s->mask;
    }
    s->t[i] = v;
    return 1;
}

static void hrandfield_with_count(struct client *c, long long l, int withvalues) {
    int wrong;
    struct kv *o = lookup(c, LOOKUP_NONE, &wrong);
    if (wrong) return;
    int uniq = l >= 0;
    size_t count = uniq ? (size_t)l : (size_t)(-l);
    if (!o || count == 0) {
        reply_empty_array(c);
        return;
    }
    size_t size = hash_len(o);
    int flat2 = withvalues && c->resp == 2;
    if (!uniq || count == 1) {
        reply_array_len(c, (long)(flat2 ? count * 2 : count));
        if (is_inline(o)) {
            size_t n;
            struct pair *ps = collect_pairs(o, &n);
            while (count-- && !(c->flags & CF_CLOSE_ASAP))
                reply_pair(c, &ps[rand_ul() % n], withvalues);
            xfree(ps);
        } else {
            struct htab *h = kv_ptr(o);
            while (count-- && !(c->flags & CF_CLOSE_ASAP)) {
                struct pair p = {NULL, htab_random(h)};
                reply_pair(c, &p, withvalues);
            }
        }
        return;
    }
    size_t n_reply = count < size ? count : size;
    reply_array_len(c, (long)(flat2 ? n_reply * 2 : n_reply));
    if (count >= size) {
        struct hash_iter it;
        struct hview f, v;
        hi_init(&it, o);
        while (hi_next(&it, &f, &v)) {
            if (withvalues && c->resp > 2) reply_array_len(c, 2);
            reply_bulk(c, f.p, f.len);
            if (withvalues) reply_bulk(c, v.p, v.len);
        }
        hi_end(&it);
        return;
    }
    if (!is_inline(o) && count * 3 <= size) {
        /* a big hash: random picks, skipping repeats */
        struct htab *h = kv_ptr(o);
        size_t cap = 16;
        while (cap < count * 2)
            cap <<= 1;
        struct pset ps = {xcalloc(cap * sizeof(uintptr_t)), cap - 1};
        for (size_t added = 0; added < count;) {
            void *e = htab_random(h);
            if (!pset_add(&ps, (uintptr_t)e)) continue;
            struct pair p = {NULL, e};
            reply_pair(c, &p, withvalues);
            added++;
        }
        xfree(ps.t);
        return;
    }
    /* distinct picks by a partial shuffle of every pair */
    size_t n;
    struct pair *ps = collect_pairs(o, &n);
    for (size_t i = 0; i < count; i++) {
        size_t j = i + rand_ul() % (n - i);
        struct pair t = ps[i];
        ps[i] = ps[j];
        ps[j] = t;
        reply_pair(c, &ps[i], withvalues);
    }
    xfree(ps);
}

static void hrandfield_cmd(struct client *c) {
    if (c->argc >= 3) {
        long long l;
        int withvalues = 0;
        if (!arg_long_range(c, &c->argv[2], -LLONG_MAX, LLONG_MAX, &l, NULL)) return;
        if (c->argc > 4 || (c->argc == 4 && strcasecmp(c->argv[3].ptr, "withvalues"))) {
            reply_error_syntax(c);
            return;
        }
        if (c->argc == 4) {
            withvalues = 1;
            if (l < -LLONG_MAX / 2 || l > LLONG_MAX / 2) {
                reply_error(c, "value is out of range");
                return;
            }
        }
        hrandfield_with_count(c, l, withvalues);
        return;
    }
    int wrong;
    struct kv *o = lookup(c, LOOKUP_NONE, &wrong);
    if (wrong) return;
    if (!o) {
        reply_null(c);
        return;
    }
    struct hview f;
    if (is_inline(o)) {
        size_t bl;
        unsigned char *lp = kv_blob(o, &bl);
        lp_view(lp_seek(lp, (long)(2 * (rand_ul() % (lp_length(lp) / 2)))), &f);
    } else {
        f.p = hf_field(htab_random(kv_ptr(o)), &f.len);
    }
    reply_bulk(c, f.p, f.len);
}

/* ------------------------------------------------------------ HSCAN */

struct scan_acc {
    void **v;
    size_t n, cap;
};

static void scan_cb(void *arg, void *elem) {
    struct scan_acc *a = arg;
    if (a->n == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 16;
        a->v = xrealloc(a->v, a->cap * sizeof(*a->v));
    }
    a->v[a->n++] = elem;
}

static void hscan_cmd(struct client *c) {
    unsigned long cursor;
    if (!arg_scan_cursor(c, &c->argv[2], &cursor)) return;
    int wrong;
    struct kv *o = lookup(c, LOOKUP_NONE, &wrong);
    if (wrong) return;
    if (!o) {
        reply_empty_scan(c);
        return;
    }
    struct scan_opts so;
    if (!arg_scan_opts(c, 3, &so)) return;
    reply_array_len(c, 2);
    if (is_inline(o)) { /* small: everything at once */
        reply_bulk(c, "0", 1);
        void *d = reply_defer_len(c);
        long k = 0;
        struct hash_iter it;
        struct hview f, v;
        hi_init(&it, o);
        while (hi_next(&it, &f, &v)) {
            if (!scan_match(&so, f.p, f.len)) continue;
            reply_bulk(c, f.p, f.len);
            reply_bulk(c, v.p, v.len);
            k += 2;
        }
        hi_end(&it);
        reply_set_array_len(c, d, k);
        return;
    }
    struct htab *h = kv_ptr(o);
    struct scan_acc acc = {0};
    long long maxiter = so.count * 10;
    do {
        cursor = htab_scan(h, cursor, scan_cb, &acc);
    } while (cursor && maxiter-- && acc.n < (size_t)so.count);
    reply_bulk_long(c, (long long)cursor);
    void *d = reply_defer_len(c);
    long k = 0;
    for (size_t i = 0; i < acc.n; i++) {
        size_t fl, vl;
        const char *f = hf_field(acc.v[i], &fl);
        if (!scan_match(&so, f, fl)) continue;
        const char *v = hf_value(acc.v[i], &vl);
        reply_bulk(c, f, fl);
        reply_bulk(c, v, vl);
        k += 2;
    }
    reply_set_array_len(c, d, k);
    xfree(acc.v);
}

struct command hash_commands[] = {
    {.name = "hset",
     .keyspecs = "RW update index 1 range 0 1 0",
     .proc = hset_cmd,
     .arity = -4,
     .flags = CMD_WRITE | CMD_DENYOOM | CMD_FAST,
     .acl = ACL_WRITE | ACL_HASH | ACL_FAST,
     CMD_ONE_KEY,
     .group = "hash",
     .since = "2.0.0",
     .complexity =
         "O(1) for each field/value pair added, so O(N) to add N field/value pairs when the "
         "command is called with multiple field/value pairs.",
     .summary = "Set the string value of a hash field",
     .syntax = "key field value [field value ...]"},
    {.name = "hsetnx",
     .keyspecs = "RW insert index 1 range 0 1 0",
     .proc = hsetnx_cmd,
     .arity = 4,
     .flags = CMD_WRITE | CMD_DENYOOM | CMD_FAST,
     .acl = ACL_WRITE | ACL_HASH | ACL_FAST,
     CMD_ONE_KEY,
     .group = "hash",
     .since = "2.0.0",
     .complexity = "O(1)",
     .summary = "Set the value of a hash field, only if the field does not exist",
     .syntax = "key field value"},
    {.name = "hget",
     .keyspecs = "RO access index 1 range 0 1 0",
     .proc = hget_cmd,
     .arity = 3,
     .flags = CMD_READONLY | CMD_FAST,
     .acl = ACL_READ | ACL_HASH | ACL_FAST,
     CMD_ONE_KEY,
     .group = "hash",
     .since = "2.0.0",
     .complexity = "O(1)",
     .summary = "Get the value of a hash field",
     .syntax = "key field"},
    {.name = "hmget",
     .keyspecs = "RO access index 1 range 0 1 0",
     .proc = hmget_cmd,
     .arity = -3,
     .flags = CMD_READONLY | CMD_FAST,
     .acl = ACL_READ | ACL_HASH | ACL_FAST,
     CMD_ONE_KEY,
     .group = "hash",
     .since = "2.0.0",
     .complexity = "O(N) where N is the number of fields being requested.",
     .summary = "Get the values of all the given hash fields",
     .syntax = "key field [field ...]"},
    {.name = "hmset",
     .keyspecs = "RW update index 1 range 0 1 0",
     .proc = hset_cmd,
     .arity = -4,
     .flags = CMD_WRITE | CMD_DENYOOM | CMD_FAST,
     .acl = ACL_WRITE | ACL_HASH | ACL_FAST,
     CMD_ONE_KEY,
     .group = "hash",
     .since = "2.0.0",
     .complexity = "O(N) where N is the number of fields being set.",
     .summary = "Set multiple hash fields to multiple values",
     .syntax = "key field value [field value ...]"},
    {.name = "hgetall",
     .keyspecs = "RO access index 1 range 0 1 0",
     .proc = hgetall_cmd,
     .arity = 2,
     .flags = CMD_READONLY,
     .acl = ACL_READ | ACL_HASH | ACL_SLOW,
     CMD_ONE_KEY,
     .group = "hash",
     .since = "2.0.0",
     .complexity = "O(N) where N is the size of the hash.",
     .summary = "Get all the fields and values in a hash",
     .syntax = "key",
     .tips = "nondeterministic_output_order"},
    {.name = "hdel",
     .keyspecs = "RW delete index 1 range 0 1 0",
     .proc = hdel_cmd,
     .arity = -3,
     .flags = CMD_WRITE | CMD_FAST,
     .acl = ACL_WRITE | ACL_HASH | ACL_FAST,
     CMD_ONE_KEY,
     .group = "hash",
     .since = "2.0.0",
     .complexity = "O(N) where N is the number of fields to be removed.",
     .summary = "Delete one or more hash fields",
     .syntax = "key field [field ...]"},
    {.name = "hlen",
     .keyspecs = "RO index 1 range 0 1 0",
     .proc = hlen_cmd,
     .arity = 2,
     .flags = CMD_READONLY | CMD_FAST,
     .acl = ACL_READ | ACL_HASH | ACL_FAST,
     CMD_ONE_KEY,
     .group = "hash",
     .since = "2.0.0",
     .complexity = "O(1)",
     .summary = "Get the number of fields in a hash",
     .syntax = "key"},
    {.name = "hexists",
     .keyspecs = "RO index 1 range 0 1 0",
     .proc = hexists_cmd,
     .arity = 3,
     .flags = CMD_READONLY | CMD_FAST,
     .acl = ACL_READ | ACL_HASH | ACL_FAST,
     CMD_ONE_KEY,
     .group = "hash",
     .since = "2.0.0",
     .complexity = "O(1)",
     .summary = "Determine if a hash field exists",
     .syntax = "key field"},
    {.name = "hkeys",
     .keyspecs = "RO access index 1 range 0 1 0",
     .proc = hkeys_cmd,
     .arity = 2,
     .flags = CMD_READONLY,
     .acl = ACL_READ | ACL_HASH | ACL_SLOW,
     CMD_ONE_KEY,
     .group = "hash",
     .since = "2.0.0",
     .complexity = "O(N) where N is the size of the hash.",
     .summary = "Get all the fields in a hash",
     .syntax = "key",
     .tips = "nondeterministic_output_order"},
    {.name = "hvals",
     .keyspecs = "RO access index 1 range 0 1 0",
     .proc = hvals_cmd,
     .arity = 2,
     .flags = CMD_READONLY,
     .acl = ACL_READ | ACL_HASH | ACL_SLOW,
     CMD_ONE_KEY,
     .group = "hash",
     .since = "2.0.0",
     .complexity = "O(N) where N is the size of the hash.",
     .summary = "Get all the values in a hash",
     .syntax = "key",
     .tips = "nondeterministic_output_order"},
    {.name = "hincrby",
     .keyspecs = "RW access update index 1 range 0 1 0",
     .proc = hincrby_cmd,
     .arity = 4,
     .flags = CMD_WRITE | CMD_DENYOOM | CMD_FAST,
     .acl = ACL_WRITE | ACL_HASH | ACL_FAST,
     CMD_ONE_KEY,
     .group = "hash",
     .since = "2.0.0",
     .complexity = "O(1)",
     .summary = "Increment the integer value of a hash field by the given number",
     .syntax = "key field increment"},
    {.name = "hincrbyfloat",
     .keyspecs = "RW access update index 1 range 0 1 0",
     .proc = hincrbyfloat_cmd,
     .arity = 4,
     .flags = CMD_WRITE | CMD_DENYOOM | CMD_FAST,
     .acl = ACL_WRITE | ACL_HASH | ACL_FAST,
     CMD_ONE_KEY,
     .group = "hash",
     .since = "2.6.0",
     .complexity = "O(1)",
     .summary = "Increment the float value of a hash field by the given amount",
     .syntax = "key field increment"},
    {.name = "hstrlen",
     .keyspecs = "RO index 1 range 0 1 0",
     .proc = hstrlen_cmd,
     .arity = 3,
     .flags = CMD_READONLY | CMD_FAST,
     .acl = ACL_READ | ACL_HASH | ACL_FAST,
     CMD_ONE_KEY,
     .group = "hash",
     .since = "3.2.0",
     .complexity = "O(1)",
     .summary = "Get the length of the value of a hash field",
     .syntax = "key field"},
    {.name = "hrandfield",
     .keyspecs = "RO access index 1 range 0 1 0",
     .proc = hrandfield_cmd,
     .arity = -2,
     .flags = CMD_READONLY,
     .acl = ACL_READ | ACL_HASH | ACL_SLOW,
     CMD_ONE_KEY,
     .group = "hash",
     .since = "6.2.0",
     .complexity = "O(N) where N is the number of fields returned",
     .summary = "Get one or multiple random fields from a hash",
     .syntax = "key [count [WITHVALUES]]",
     .tips = "nondeterministic_output"},
    {.name = "hscan",
     .keyspecs = "RO access index 1 range 0 1 0",
     .proc = hscan_cmd,
     .arity = -3,
     .flags = CMD_READONLY,
     .acl = ACL_READ | ACL_HASH | ACL_SLOW,
     CMD_ONE_KEY,
     .group = "hash",
     .since = "2.8.0",
     .complexity =
         "O(1) for every call. O(N) for a complete iteration, including enough command calls for "
         "the cursor to return back to 0. N is the number of elements inside the collection..",
     .summary = "Incrementally iterate hash fields and associated values",
     .syntax = "key cursor [MATCH pattern] [COUNT count]",
     .tips = "nondeterministic_output"},
    {0},
};
