/* t_set: the set type and its commands.
 *
 * Encodings. OBJECT ENCODING reports what Redis 7.0 would report after the
 * same commands under the same config: "intset" while every member is an
 * integer and the set never held more than set-max-intset-entries members
 * (checked as members are added, as Redis does), else "hashtable", and a set
 * never goes back from hashtable (except SPOP with a count that keeps few
 * members: Redis rebuilds the set then, and so do we). The physical layout is
 * ours, chosen for memory:
 *
 *   SENC_I16/I32/I64  reported "intset". The members as a sorted intarr of
 *                     2/4/8-byte integers inline in the key's entry, with no
 *                     header at all (the width is the encoding). Ten small
 *                     integers cost 20 bytes, against 28 in a Redis intset
 *                     plus its robj.
 *   SENC_LP           reported "hashtable". Up to SET_INLINE_MAX_ENTRIES
 *                     members in up to SET_INLINE_MAX_BYTES: a listpack inline
 *                     in the entry, searched linearly.
 *   ENC_HASHTABLE     reported "hashtable". An htab of members; a member of up
 *                     to 7 bytes lives in its slot as a tagged immediate (no
 *                     allocation), a longer one is one allocation
 *                     [varint length][bytes].
 *
 * Transitions (one way): SENC_I* -> SENC_LP when a non-integer arrives or the
 * count passes set-max-intset-entries and the result still fits inline, else
 * straight to ENC_HASHTABLE; SENC_LP -> ENC_HASHTABLE past the inline limits.
 * The integer form widens (2 -> 4 -> 8 bytes) when a member needs it.
 *
 * Every entry that changes size moves (db_resize_blob), so the helpers take
 * `struct kv **` and update the caller's pointer. A key never holds an empty
 * set: commands delete it when the last member goes. */
#include "t_set.h"
#include "client.h"
#include "commands.h"
#include "config.h"
#include "db.h"
#include "dict.h"
#include "htab.h"
#include "intarr.h"
#include "lazyfree.h"
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
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { SENC_I16 = ENC_INLINE_MIN, SENC_I32, SENC_I64, SENC_LP };
#define SET_INLINE_MAX_ENTRIES 32
#define SET_INLINE_MAX_BYTES   512

_Static_assert(sizeof(uintptr_t) == 8, "immediates need 64-bit pointers");

/* ------------------------------------------------------------ htab members */

#define IMM_MAX 7

static inline uintptr_t imm_of(const char *s, size_t len) {
    uint64_t u = ((uint64_t)len << 1) | 1;
    for (size_t i = 0; i < len; i++)
        u |= (uint64_t)(unsigned char)s[i] << (8 * (i + 1));
    return (uintptr_t)u;
}

static void *m_new(const char *s, size_t len) {
    if (len <= IMM_MAX) return (void *)imm_of(s, len);
    unsigned char *e = xmalloc(varint_len(len) + len);
    size_t n = varint_put(e, len);
    memcpy(e + n, s, len);
    return e;
}

static void m_free(void *e) {
    if (!((uintptr_t)e & 1)) xfree(e);
}

/* A member's bytes: p points into the set, or into buf for integers and
 * immediates. Valid until the set changes. */
struct mview {
    const char *p;
    size_t len;
    char buf[24];
};

static inline void m_view(const void *e, struct mview *v) {
    uintptr_t u = (uintptr_t)e;
    if (u & 1) {
        v->len = (u & 0xff) >> 1;
        for (size_t i = 0; i < v->len; i++)
            v->buf[i] = (char)(u >> (8 * (i + 1)));
        v->p = v->buf;
    } else {
        uint64_t l;
        size_t n = varint_get(e, &l);
        v->len = (size_t)l;
        v->p = (const char *)e + n;
    }
}

static uint64_t m_hash_key(const void *k, size_t len) {
    return hash_bytes(k, len);
}

static uint64_t m_hash_elem(const void *e) {
    struct mview v;
    m_view(e, &v);
    return hash_bytes(v.p, v.len);
}

static int m_eq(const void *e, const void *k, size_t len) {
    if ((uintptr_t)e & 1) return len <= IMM_MAX && (uintptr_t)e == imm_of(k, len);
    uint64_t l;
    size_t n = varint_get(e, &l);
    return l == len && memcmp((const char *)e + n, k, len) == 0;
}

static const struct htab_type set_htab_type = {m_hash_key, m_hash_elem, m_eq};

/* ------------------------------------------------------------ set values */

static inline int is_ints(const struct kv *o) {
    return o->enc >= SENC_I16 && o->enc <= SENC_I64;
}

static inline unsigned int_width(const struct kv *o) {
    return o->enc == SENC_I16 ? 2u : o->enc == SENC_I32 ? 4u : 8u;
}

static inline int enc_of_width(unsigned w) {
    return w == 2 ? SENC_I16 : w == 4 ? SENC_I32 : SENC_I64;
}

static size_t max_intset(void) {
    long long m = cfg.set_max_intset_entries;
    if (m > (1LL << 30)) m = 1LL << 30; /* Redis's intset limit */
    return (size_t)m;
}

static unsigned long rand_ul(void) {
    return ((unsigned long)random() << 31) ^ (unsigned long)random();
}

size_t set_size(const struct kv *o) {
    size_t bl;
    if (is_ints(o)) {
        kv_blob(o, &bl);
        return bl / int_width(o);
    }
    if (o->enc == SENC_LP) return lp_length(kv_blob(o, &bl));
    return htab_size(kv_ptr(o));
}

/* An empty set for the first member s, the way Redis's setTypeCreate picks:
 * integer form if s is an integer, else the string form. */
struct kv *set_new(const char *key, size_t klen, const char *s, size_t len, long long expire) {
    long long v;
    if (s && !(len <= 20 && str2ll(s, len, &v))) return lpi_new(key, klen, T_SET, SENC_LP, expire);
    return kv_new_blob(key, klen, T_SET, SENC_I16, NULL, 0, expire);
}

/* n replaces o (same key): swapped into db, or o freed when unlinked. */
static struct kv *replace_entry(struct db *db, struct kv *o, struct kv *n) {
    n->lru = o->lru;
    if (db)
        db_swap(db, o, n);
    else
        kv_free(o);
    return n;
}

static struct kv *to_htab(struct db *db, struct kv *o, size_t extra);

/* The integer form as strings, sized for extra_n more members of up to
 * extra_bytes: inline listpack when that fits, else the table. */
static struct kv *ints_to_strings(struct db *db, struct kv *o, size_t extra_n, size_t extra_bytes) {
    size_t bl;
    unsigned char *a = kv_blob(o, &bl);
    unsigned w = int_width(o);
    size_t n = bl / w;
    if (n + extra_n > SET_INLINE_MAX_ENTRIES ||
        LP_HDR_SIZE + 1 + n * 10 + LP_ENTRY_MAX(extra_bytes) > SET_INLINE_MAX_BYTES)
        return to_htab(db, o, extra_n);
    unsigned char *lp = lp_new(LP_HDR_SIZE + 1 + n * 10);
    for (size_t i = 0; i < n; i++)
        lp = lp_append_int(lp, ia_get(a, w, i));
    size_t klen;
    const char *k = kv_key(o, &klen);
    struct kv *nk = kv_new_blob(k, klen, T_SET, SENC_LP, lp, lp_bytes(lp), kv_expire(o));
    lp_free(lp);
    return replace_entry(db, o, nk);
}

static struct kv *to_htab(struct db *db, struct kv *o, size_t extra) {
    struct htab *h = htab_new(&set_htab_type);
    size_t bl;
    unsigned char *blob = kv_blob(o, &bl);
    if (is_ints(o)) {
        unsigned w = int_width(o);
        size_t n = bl / w;
        char buf[LONG_STR_SIZE];
        htab_expand(h, n + extra);
        for (size_t i = 0; i < n; i++) {
            int l = ll2str(buf, sizeof(buf), ia_get(blob, w, i));
            htab_add(h, m_new(buf, (size_t)l));
        }
    } else {
        htab_expand(h, lp_length(blob) + extra);
        unsigned char ibuf[LP_INTBUF_SIZE];
        for (unsigned char *p = lp_first(blob); p; p = lp_next(blob, p)) {
            uint32_t l;
            const unsigned char *s = lp_get_str(p, &l, ibuf);
            htab_add(h, m_new((const char *)s, l));
        }
    }
    size_t klen;
    const char *k = kv_key(o, &klen);
    return replace_entry(db, o, kv_new_obj(k, klen, T_SET, ENC_HASHTABLE, h, kv_expire(o)));
}

/* The listpack entry equal to s, or NULL. (Strings this long never go
 * inline, and listpack lengths are 32-bit.) */
static unsigned char *lp_member(const struct kv *o, const char *s, size_t len) {
    size_t bl;
    unsigned char *lp = kv_blob(o, &bl), *p = lp_first(lp);
    if (!p || len > SET_INLINE_MAX_BYTES) return NULL;
    return lp_find(lp, p, (const unsigned char *)s, (uint32_t)len, 0);
}

int set_contains(const struct kv *o, const char *s, size_t len) {
    size_t bl;
    unsigned char *blob;
    if (is_ints(o)) {
        long long v;
        size_t pos;
        if (!(len <= 20 && str2ll(s, len, &v))) return 0;
        blob = kv_blob(o, &bl);
        return ia_search(blob, bl / int_width(o), int_width(o), v, &pos);
    }
    if (o->enc == SENC_LP) return lp_member(o, s, len) != NULL;
    return htab_find(kv_ptr(o), s, len) != NULL;
}

/* Adds s; 1 if it was not there. May convert (and move) *op. */
int set_add(struct db *db, struct kv **op, const char *s, size_t len) {
    struct kv *o = *op;
    if (is_ints(o)) {
        long long v;
        if (len <= 20 && str2ll(s, len, &v)) {
            size_t bl, pos;
            unsigned char *a = kv_blob(o, &bl);
            unsigned w = int_width(o);
            size_t n = bl / w;
            if (ia_search(a, n, w, v, &pos)) return 0;
            if (n + 1 <= max_intset()) {
                unsigned nw = ia_width_for(v);
                if (nw < w) nw = w;
                o = db_resize_blob(db, o, (n + 1) * nw);
                a = kv_blob(o, &bl);
                if (nw != w) {
                    ia_widen(a, n, w, nw);
                    o->enc = (unsigned)enc_of_width(nw);
                }
                ia_insert_at(a, n, nw, pos, v);
                *op = o;
                return 1;
            }
        }
        o = ints_to_strings(db, o, 1, len);
    }
    if (o->enc == SENC_LP) {
        size_t bl;
        unsigned char *lp = kv_blob(o, &bl);
        if (lp_member(o, s, len)) {
            *op = o;
            return 0;
        }
        if (lp_length(lp) + 1 <= SET_INLINE_MAX_ENTRIES &&
            bl + LP_ENTRY_MAX(len) <= SET_INLINE_MAX_BYTES) {
            *op = lpi_append(db, o, s, len);
            return 1;
        }
        o = to_htab(db, o, 1);
    }
    *op = o;
    int existed;
    void **slot = htab_insert(kv_ptr(o), s, len, &existed);
    if (!existed) *slot = m_new(s, len);
    return !existed;
}

/* Removes s; 1 if it was there. *op may move. */
int set_remove(struct db *db, struct kv **op, const char *s, size_t len) {
    struct kv *o = *op;
    size_t bl;
    if (is_ints(o)) {
        long long v;
        size_t pos;
        if (!(len <= 20 && str2ll(s, len, &v))) return 0;
        unsigned char *a = kv_blob(o, &bl);
        unsigned w = int_width(o);
        size_t n = bl / w;
        if (!ia_search(a, n, w, v, &pos)) return 0;
        ia_remove_at(a, n, w, pos);
        *op = db_resize_blob(db, o, (n - 1) * w);
        return 1;
    }
    if (o->enc == SENC_LP) {
        unsigned char *lp = kv_blob(o, &bl);
        unsigned char *p = lp_member(o, s, len);
        if (!p) return 0;
        *op = lpi_delete(db, o, (size_t)(p - lp), 1);
        return 1;
    }
    void *e = htab_remove(kv_ptr(o), s, len);
    if (!e) return 0;
    m_free(e);
    return 1;
}

/* ------------------------------------------------------------ iteration */

struct set_iter {
    int kind; /* 0 ints, 1 listpack, 2 table */
    unsigned char *a, *lp, *p;
    unsigned w;
    size_t i, n;
    struct htab_iter hi;
};

static void si_init(struct set_iter *it, struct kv *o) {
    size_t bl;
    if (is_ints(o)) {
        it->kind = 0;
        it->a = kv_blob(o, &bl);
        it->w = int_width(o);
        it->i = 0;
        it->n = bl / it->w;
    } else if (o->enc == SENC_LP) {
        it->kind = 1;
        it->lp = kv_blob(o, &bl);
        it->p = lp_first(it->lp);
    } else {
        it->kind = 2;
        htab_iter_init(&it->hi, kv_ptr(o));
    }
}

static int si_next(struct set_iter *it, struct mview *v) {
    if (it->kind == 0) {
        if (it->i >= it->n) return 0;
        v->len = (size_t)ll2str(v->buf, sizeof(v->buf), ia_get(it->a, it->w, it->i++));
        v->p = v->buf;
        return 1;
    }
    if (it->kind == 1) {
        if (!it->p) return 0;
        uint32_t l;
        v->p = (const char *)lp_get_str(it->p, &l, (unsigned char *)v->buf);
        v->len = l;
        it->p = lp_next(it->lp, it->p);
        return 1;
    }
    void *e = htab_iter_next(&it->hi);
    if (!e) return 0;
    m_view(e, v);
    return 1;
}

static void si_end(struct set_iter *it) {
    if (it->kind == 2) htab_iter_end(&it->hi);
}

/* Views of every member (n of them), in set order. */
static struct mview *collect(struct kv *o, size_t *n) {
    size_t cap = set_size(o), k = 0;
    struct mview *vs = xmalloc(sizeof(*vs) * (cap ? cap : 1));
    struct set_iter it;
    si_init(&it, o);
    while (k < cap && si_next(&it, &vs[k]))
        k++;
    si_end(&it);
    *n = k;
    return vs;
}

static void reply_view(struct client *c, const struct mview *v) {
    reply_bulk(c, v->p, v->len);
}

static void set_random(struct kv *o, struct mview *v) {
    size_t bl;
    if (is_ints(o)) {
        unsigned char *a = kv_blob(o, &bl);
        size_t n = bl / int_width(o);
        v->len = (size_t)ll2str(v->buf, sizeof(v->buf), ia_get(a, int_width(o), rand_ul() % n));
        v->p = v->buf;
    } else if (o->enc == SENC_LP) {
        unsigned char *lp = kv_blob(o, &bl);
        unsigned char *p = lp_seek(lp, (long)(rand_ul() % lp_length(lp)));
        uint32_t l;
        v->p = (const char *)lp_get_str(p, &l, (unsigned char *)v->buf);
        v->len = l;
    } else {
        m_view(htab_random(kv_ptr(o)), v);
    }
}

/* Picks the first k of n indexes at random (a partial Fisher-Yates shuffle). */
static size_t *pick_indexes(size_t n, size_t k) {
    size_t *idx = xmalloc(sizeof(*idx) * (n ? n : 1));
    for (size_t i = 0; i < n; i++)
        idx[i] = i;
    for (size_t i = 0; i < k && i < n; i++) {
        size_t j = i + rand_ul() % (n - i);
        size_t t = idx[i];
        idx[i] = idx[j];
        idx[j] = t;
    }
    return idx;
}

void set_foreach(struct kv *o, void (*fn)(void *arg, const char *s, size_t len), void *arg) {
    struct set_iter it;
    struct mview v;
    si_init(&it, o);
    while (si_next(&it, &v))
        fn(arg, v.p, v.len);
    si_end(&it);
}

int set_int_array(const struct kv *o, const unsigned char **a, size_t *n, unsigned *w) {
    size_t bl;
    if (!is_ints(o)) return 0;
    *a = kv_blob(o, &bl);
    *w = int_width(o);
    *n = bl / *w;
    return 1;
}

struct kv *set_from_int_array(const char *key, size_t klen, const unsigned char *a, size_t n,
                              unsigned w, long long expire) {
    struct kv *o = kv_new_blob(key, klen, T_SET, enc_of_width(w), a, n * w, expire);
    if (n > max_intset()) o = ints_to_strings(NULL, o, 0, 0);
    return o;
}

/* ------------------------------------------------------------ type hooks */

static void set_free(void *ptr, int enc) {
    struct htab *h = ptr;
    htab_clear(h, m_free);
    xfree(h);
}

static void *set_dup(const void *ptr, int enc) {
    struct htab *src = (struct htab *)ptr, *h = htab_new(&set_htab_type);
    htab_expand(h, htab_size(src));
    struct htab_iter it;
    htab_iter_init(&it, src);
    void *e;
    while ((e = htab_iter_next(&it)) != NULL) {
        struct mview v;
        m_view(e, &v);
        htab_add(h, m_new(v.p, v.len));
    }
    htab_iter_end(&it);
    return h;
}

static size_t set_mem(const void *ptr, int enc) {
    struct htab *h = (struct htab *)ptr;
    size_t n = sizeof(*h) + htab_mem(h), seen = 0, bytes = 0;
    struct htab_iter it;
    htab_iter_init(&it, h);
    void *e;
    /* element sizes: exact for small sets, sampled for big ones */
    while (seen < 1024 && (e = htab_iter_next(&it)) != NULL) {
        if (!((uintptr_t)e & 1)) bytes += mem_usable(e);
        seen++;
    }
    htab_iter_end(&it);
    if (seen) n += (size_t)((double)bytes * ((double)htab_size(h) / (double)seen));
    return n;
}

static size_t set_len(const void *ptr, int enc) {
    return htab_size(ptr);
}

static const char *set_enc_name(const struct kv *o) {
    return is_ints(o) ? "intset" : "hashtable";
}

static void digest_member(void *arg, const char *s, size_t len) {
    digest_xor(arg, s, len);
}

/* DEBUG DIGEST: members xored, so their order does not matter (as Redis). */
static void set_digest(const struct kv *o, unsigned char digest[20]) {
    set_foreach((struct kv *)o, digest_member, digest);
}

static const struct type_ops set_ops = {"set",   set_free,     set_dup,   set_mem,
                                        set_len, set_enc_name, set_digest};

void set_type_init(void) {
    type_ops[T_SET] = &set_ops;
}

/* ------------------------------------------------------------ commands */

static struct kv *lookup(struct client *c, const struct str *k, int flags, int *wrong) {
    return db_lookup_typed(c, k->ptr, k->len, T_SET, flags, wrong);
}

static void sadd_cmd(struct client *c) {
    struct str *k = &c->argv[1];
    int wrong;
    struct kv *o = lookup(c, k, LOOKUP_WRITE, &wrong);
    if (wrong) return;
    if (!o) {
        o = set_new(k->ptr, k->len, c->argv[2].ptr, c->argv[2].len, -1);
        db_add(c->db, o);
    }
    long long added = 0;
    for (int j = 2; j < c->argc; j++)
        added += set_add(c->db, &o, c->argv[j].ptr, c->argv[j].len);
    if (added) {
        db_signal_write(c->db, k->ptr, k->len, NOTIFY_SET, "sadd");
    }
    srv.dirty += added;
    reply_long(c, added);
}

static void srem_cmd(struct client *c) {
    struct str *k = &c->argv[1];
    int wrong;
    struct kv *o = lookup(c, k, LOOKUP_WRITE, &wrong);
    if (wrong) return;
    if (!o) {
        reply_long(c, 0);
        return;
    }
    long long deleted = 0;
    int removed = 0;
    for (int j = 2; j < c->argc; j++) {
        if (set_remove(c->db, &o, c->argv[j].ptr, c->argv[j].len)) {
            deleted++;
            if (set_size(o) == 0) {
                db_delete(c->db, k->ptr, k->len);
                removed = 1;
                break;
            }
        }
    }
    if (deleted) {
        db_signal_write(c->db, k->ptr, k->len, NOTIFY_SET, "srem");
        if (removed) notify_keyspace_event(NOTIFY_GENERIC, "del", k->ptr, k->len, c->db->id);
        srv.dirty += deleted;
    }
    reply_long(c, deleted);
}

static void smove_cmd(struct client *c) {
    struct str *sk = &c->argv[1], *dk = &c->argv[2], *m = &c->argv[3];
    struct kv *src = db_lookup_write(c->db, sk->ptr, sk->len);
    struct kv *dst = db_lookup_write(c->db, dk->ptr, dk->len);
    if (!src) {
        reply_long(c, 0);
        return;
    }
    if (src->type != T_SET || (dst && dst->type != T_SET)) {
        reply_error_type(c);
        return;
    }
    if (src == dst) {
        reply_long(c, set_contains(src, m->ptr, m->len));
        return;
    }
    if (!set_remove(c->db, &src, m->ptr, m->len)) {
        reply_long(c, 0);
        return;
    }
    notify_keyspace_event(NOTIFY_SET, "srem", sk->ptr, sk->len, c->db->id);
    if (set_size(src) == 0) {
        db_delete(c->db, sk->ptr, sk->len);
        notify_keyspace_event(NOTIFY_GENERIC, "del", sk->ptr, sk->len, c->db->id);
    }
    if (!dst) {
        dst = set_new(dk->ptr, dk->len, m->ptr, m->len, -1);
        db_add(c->db, dst);
    }
    db_key_modified(c->db, sk->ptr, sk->len);
    srv.dirty++;
    if (set_add(c->db, &dst, m->ptr, m->len)) {
        srv.dirty++;
        db_signal_write(c->db, dk->ptr, dk->len, NOTIFY_SET, "sadd");
    }
    reply_long(c, 1);
}

static void sismember_cmd(struct client *c) {
    int wrong;
    struct kv *o = lookup(c, &c->argv[1], LOOKUP_NONE, &wrong);
    if (wrong) return;
    reply_long(c, o && set_contains(o, c->argv[2].ptr, c->argv[2].len));
}

static void smismember_cmd(struct client *c) {
    int wrong;
    struct kv *o = lookup(c, &c->argv[1], LOOKUP_NONE, &wrong);
    if (wrong) return;
    reply_array_len(c, c->argc - 2);
    for (int j = 2; j < c->argc; j++)
        reply_long(c, o && set_contains(o, c->argv[j].ptr, c->argv[j].len));
}

static void scard_cmd(struct client *c) {
    int wrong;
    struct kv *o = lookup(c, &c->argv[1], LOOKUP_NONE, &wrong);
    if (wrong) return;
    reply_long(c, o ? (long long)set_size(o) : 0);
}

/* Replies every member of o as a set (RESP3) or array. */
static void reply_members(struct client *c, struct kv *o) {
    reply_set_len(c, (long)set_size(o));
    struct set_iter it;
    struct mview v;
    si_init(&it, o);
    while (si_next(&it, &v))
        reply_view(c, &v);
    si_end(&it);
}

/* Rewrites an inline set keeping only the members whose keep[i] is set. */
static struct kv *inline_keep(struct db *db, struct kv *o, const unsigned char *keep) {
    size_t bl;
    unsigned char *blob = kv_blob(o, &bl);
    if (is_ints(o)) {
        unsigned w = int_width(o);
        size_t n = bl / w, k = 0;
        for (size_t i = 0; i < n; i++)
            if (keep[i]) ia_set(blob, w, k++, ia_get(blob, w, i));
        return db_resize_blob(db, o, k * w);
    }
    unsigned char *tmp = xmalloc(bl);
    size_t off = LP_HDR_SIZE, i = 0;
    unsigned long cnt = 0;
    for (unsigned char *p = lp_first(blob); p; p = lp_next(blob, p), i++) {
        if (!keep[i]) continue;
        uint32_t sz = lp_entry_size(p);
        memcpy(tmp + off, p, sz); /* the entry's bytes as they are */
        off += sz;
        cnt++;
    }
    tmp[off++] = 0xFF;
    lp_set_header(tmp, off, cnt);
    o = db_resize_blob(db, o, off);
    memcpy(kv_blob(o, &bl), tmp, off);
    xfree(tmp);
    return o;
}

/* SPOP with a count is propagated as one SREM per popped member. */
static void spop_propagate(struct client *c, const struct mview *v) {
    propagate_also(c->db, 3, PSTR("SREM"), c->argv[1], pstr(v->p, v->len));
}

static void spop_with_count(struct client *c) {
    struct str *k = &c->argv[1];
    long long cnt;
    if (!arg_positive(c, &c->argv[2], &cnt, NULL)) return;
    int wrong;
    struct kv *o = lookup(c, k, LOOKUP_WRITE, &wrong);
    if (wrong) return;
    if (!o || cnt == 0) {
        reply_set_len(c, 0);
        return;
    }
    size_t count = (size_t)cnt, size = set_size(o);
    notify_keyspace_event(NOTIFY_SET, "spop", k->ptr, k->len, c->db->id);
    srv.dirty += (long long)(count >= size ? size : count);

    if (count >= size) { /* everything */
        reply_members(c, o);
        db_delete(c->db, k->ptr, k->len);
        notify_keyspace_event(NOTIFY_GENERIC, "del", k->ptr, k->len, c->db->id);
        db_key_modified(c->db, k->ptr, k->len);
        propagate_rewrite(c, 2, PSTR("DEL"), *k);
        return;
    }
    reply_set_len(c, (long)count);
    size_t remaining = size - count;
    if (remaining * 5 > count) {
        /* few members go: take them out one by one; the encoding stays */
        if (o->enc == ENC_HASHTABLE) {
            struct htab *h = kv_ptr(o);
            for (size_t i = 0; i < count; i++) {
                void *e = htab_pop_random(h);
                struct mview v;
                m_view(e, &v);
                reply_view(c, &v);
                spop_propagate(c, &v);
                m_free(e);
            }
        } else {
            size_t n;
            struct mview *vs = collect(o, &n);
            size_t *idx = pick_indexes(n, count);
            unsigned char *keep = xmalloc(n);
            memset(keep, 1, n);
            for (size_t i = 0; i < count; i++) {
                reply_view(c, &vs[idx[i]]);
                spop_propagate(c, &vs[idx[i]]);
                keep[idx[i]] = 0;
            }
            o = inline_keep(c->db, o, keep);
            xfree(keep);
            xfree(idx);
            xfree(vs);
        }
    } else {
        /* most members go: pick the ones that stay and rebuild the set from
         * them, as Redis does (so the encoding may become intset again) */
        size_t n;
        struct mview *vs = collect(o, &n);
        size_t *idx = pick_indexes(n, remaining);
        for (size_t i = remaining; i < n; i++) {
            reply_view(c, &vs[idx[i]]);
            spop_propagate(c, &vs[idx[i]]);
        }
        size_t klen;
        const char *key = kv_key(o, &klen);
        struct kv *nk = set_new(key, klen, vs[idx[0]].p, vs[idx[0]].len, kv_expire(o));
        for (size_t i = 0; i < remaining; i++)
            set_add(NULL, &nk, vs[idx[i]].p, vs[idx[i]].len);
        xfree(idx);
        xfree(vs);
        replace_entry(c->db, o, nk);
    }
    db_key_modified(c->db, k->ptr, k->len);
    propagate_prevent(); /* the SREMs above stand for it */
}

static void spop_cmd(struct client *c) {
    if (c->argc == 3) {
        spop_with_count(c);
        return;
    }
    if (c->argc > 3) {
        reply_error_syntax(c);
        return;
    }
    struct str *k = &c->argv[1];
    int wrong;
    struct kv *o = lookup(c, k, LOOKUP_WRITE, &wrong);
    if (wrong) return;
    if (!o) {
        reply_null(c);
        return;
    }
    notify_keyspace_event(NOTIFY_SET, "spop", k->ptr, k->len, c->db->id);
    size_t bl;
    if (is_ints(o)) {
        unsigned char *a = kv_blob(o, &bl);
        unsigned w = int_width(o);
        size_t n = bl / w, i = rand_ul() % n;
        char nb[24];
        long long ival = ia_get(a, w, i);
        reply_bulk_long(c, ival);
        propagate_rewrite(c, 3, PSTR("SREM"), *k, pstr_ll(nb, ival));
        ia_remove_at(a, n, w, i);
        o = db_resize_blob(c->db, o, (n - 1) * w);
    } else if (o->enc == SENC_LP) {
        unsigned char *lp = kv_blob(o, &bl);
        unsigned char *p = lp_seek(lp, (long)(rand_ul() % lp_length(lp)));
        unsigned char ibuf[LP_INTBUF_SIZE];
        uint32_t l;
        const unsigned char *s = lp_get_str(p, &l, ibuf);
        reply_bulk(c, (const char *)s, l);
        propagate_rewrite(c, 3, PSTR("SREM"), *k, pstr((const char *)s, l));
        o = lpi_delete(c->db, o, (size_t)(p - lp), 1);
    } else {
        void *e = htab_pop_random(kv_ptr(o));
        struct mview v;
        m_view(e, &v);
        reply_view(c, &v);
        propagate_rewrite(c, 3, PSTR("SREM"), *k, pstr(v.p, v.len));
        m_free(e);
    }
    if (set_size(o) == 0) {
        db_delete(c->db, k->ptr, k->len);
        notify_keyspace_event(NOTIFY_GENERIC, "del", k->ptr, k->len, c->db->id);
    }
    db_key_modified(c->db, k->ptr, k->len);
    srv.dirty++;
}

/* A tiny open-addressing set of element values, for distinct random picks. */
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

static void srandmember_with_count(struct client *c) {
    long long l;
    if (!arg_long_range(c, &c->argv[2], -LLONG_MAX, LLONG_MAX, &l, NULL)) return;
    int uniq = l >= 0;
    size_t count = uniq ? (size_t)l : (size_t)(-l);
    int wrong;
    struct kv *o = lookup(c, &c->argv[1], LOOKUP_NONE, &wrong);
    if (wrong) return;
    if (!o || count == 0) {
        reply_empty_array(c);
        return;
    }
    size_t size = set_size(o);
    if (!uniq || count == 1) { /* repeats allowed */
        reply_array_len(c, (long)count);
        while (count--) {
            struct mview v;
            set_random(o, &v);
            reply_view(c, &v);
            if (c->flags & CF_CLOSE_ASAP) break;
        }
        return;
    }
    if (count >= size) {
        reply_array_len(c, (long)size);
        struct set_iter it;
        struct mview v;
        si_init(&it, o);
        while (si_next(&it, &v))
            reply_view(c, &v);
        si_end(&it);
        return;
    }
    reply_array_len(c, (long)count);
    if (o->enc == ENC_HASHTABLE && count * 3 <= size) {
        /* a big set: random picks, skipping repeats */
        struct htab *h = kv_ptr(o);
        size_t cap = 16;
        while (cap < count * 2)
            cap <<= 1;
        struct pset ps = {xcalloc(cap * sizeof(uintptr_t)), cap - 1};
        for (size_t added = 0; added < count;) {
            void *e = htab_random(h);
            if (!pset_add(&ps, (uintptr_t)e)) continue;
            struct mview v;
            m_view(e, &v);
            reply_view(c, &v);
            added++;
        }
        xfree(ps.t);
        return;
    }
    size_t n;
    struct mview *vs = collect(o, &n);
    size_t *idx = pick_indexes(n, count);
    for (size_t i = 0; i < count; i++)
        reply_view(c, &vs[idx[i]]);
    xfree(idx);
    xfree(vs);
}

static void srandmember_cmd(struct client *c) {
    if (c->argc == 3) {
        srandmember_with_count(c);
        return;
    }
    if (c->argc > 3) {
        reply_error_syntax(c);
        return;
    }
    int wrong;
    struct kv *o = lookup(c, &c->argv[1], LOOKUP_NONE, &wrong);
    if (wrong) return;
    if (!o) {
        reply_null(c);
        return;
    }
    struct mview v;
    set_random(o, &v);
    reply_view(c, &v);
}

/* ------------------------------------------------------------ algebra */

static int by_size(const void *a, const void *b) {
    size_t x = set_size(*(struct kv *const *)a), y = set_size(*(struct kv *const *)b);
    return x < y ? -1 : x > y;
}

/* Looks up the n keys; NULL for missing ones. Replies WRONGTYPE and returns
 * NULL when one has another type. *missing counts the missing keys. */
static struct kv **lookup_sets(struct client *c, struct str *keys, long n, long *missing) {
    struct kv **sets = xmalloc(sizeof(*sets) * (size_t)n);
    *missing = 0;
    for (long j = 0; j < n; j++) {
        int wrong;
        sets[j] = lookup(c, &keys[j], LOOKUP_NONE, &wrong);
        if (wrong) {
            xfree(sets);
            return NULL;
        }
        if (!sets[j]) (*missing)++;
    }
    return sets;
}

/* Stores result (a set built under the key dst, not linked) as dst, or
 * deletes dst when the result is empty; replies the cardinality. */
static void store_result(struct client *c, struct str *dst, struct kv *result, const char *event) {
    size_t n = set_size(result);
    if (n > 0) {
        db_set(c->db, result);
        reply_long(c, (long long)n);
        db_signal_write(c->db, dst->ptr, dst->len, NOTIFY_SET, event);
        srv.dirty++;
    } else {
        kv_free(result);
        reply_long(c, 0);
        if (db_delete(c->db, dst->ptr, dst->len)) {
            srv.dirty++;
            db_signal_write(c->db, dst->ptr, dst->len, NOTIFY_GENERIC, "del");
        }
    }
}

static void sinter_generic(struct client *c, struct str *keys, long n, struct str *dst,
                           int card_only, long long limit) {
    long missing;
    struct kv **sets = lookup_sets(c, keys, n, &missing);
    if (!sets) return;
    if (missing) {
        xfree(sets);
        if (dst) {
            if (db_delete(c->db, dst->ptr, dst->len)) {
                db_signal_write(c->db, dst->ptr, dst->len, NOTIFY_GENERIC, "del");
                srv.dirty++;
            }
            reply_long(c, 0);
        } else if (card_only) {
            reply_long(c, 0);
        } else {
            reply_set_len(c, 0);
        }
        return;
    }
    qsort(sets, (size_t)n, sizeof(*sets), by_size);
    struct kv *result = dst ? kv_new_blob(dst->ptr, dst->len, T_SET, SENC_I16, NULL, 0, -1) : NULL;
    void *deferred = (!dst && !card_only) ? reply_defer_len(c) : NULL;
    long long card = 0;
    struct set_iter it;
    struct mview v;
    si_init(&it, sets[0]);
    while (si_next(&it, &v)) {
        long j;
        for (j = 1; j < n; j++) {
            if (sets[j] == sets[0]) continue;
            if (!set_contains(sets[j], v.p, v.len)) break;
        }
        if (j < n) continue;
        if (card_only) {
            if (++card >= limit && limit) break;
        } else if (!dst) {
            reply_view(c, &v);
            card++;
        } else {
            set_add(NULL, &result, v.p, v.len);
        }
    }
    si_end(&it);
    xfree(sets);
    if (card_only)
        reply_long(c, card);
    else if (dst)
        store_result(c, dst, result, "sinterstore");
    else
        reply_set_set_len(c, deferred, card);
}

static void sinter_cmd(struct client *c) {
    sinter_generic(c, &c->argv[1], c->argc - 1, NULL, 0, 0);
}

static void sinterstore_cmd(struct client *c) {
    sinter_generic(c, &c->argv[2], c->argc - 2, &c->argv[1], 0, 0);
}

static void sintercard_cmd(struct client *c) {
    long long numkeys, limit = 0;
    if (!arg_long_range(c, &c->argv[1], 1, LLONG_MAX, &numkeys, "numkeys should be greater than 0"))
        return;
    if (numkeys > c->argc - 2) {
        reply_error(c, "Number of keys can't be greater than number of args");
        return;
    }
    for (long j = 2 + numkeys; j < c->argc; j++) {
        int more = c->argc - 1 - (int)j;
        if (!strcasecmp(c->argv[j].ptr, "limit") && more) {
            j++;
            if (!arg_positive(c, &c->argv[j], &limit, "LIMIT can't be negative")) return;
        } else {
            reply_error_syntax(c);
            return;
        }
    }
    sinter_generic(c, &c->argv[2], numkeys, NULL, 1, limit);
}

static int sintercard_keys(struct client *c, int argc, int *keys, int max) {
    long long n;
    if (argc < 3 || !str2ll(c->argv[1].ptr, c->argv[1].len, &n) || n < 1 || n > argc - 2) return -1;
    int k = 0;
    for (long long i = 0; i < n && k < max; i++)
        keys[k++] = (int)(2 + i);
    return k;
}

enum { OP_UNION, OP_DIFF };

static void sunion_diff_generic(struct client *c, struct str *keys, long n, struct str *dst,
                                int op) {
    long missing;
    struct kv **sets = lookup_sets(c, keys, n, &missing);
    if (!sets) return;
    int sameset = 0;
    for (long j = 1; j < n; j++)
        if (sets[j] && sets[j] == sets[0]) sameset = 1;
    struct kv *result = NULL;
    if (dst || op == OP_UNION)
        result = kv_new_blob(dst ? dst->ptr : "", dst ? dst->len : 0, T_SET, SENC_I16, NULL, 0, -1);
    void *deferred = NULL;
    long long card = 0;
    if (op == OP_UNION) {
        for (long j = 0; j < n; j++) {
            if (!sets[j]) continue;
            struct set_iter it;
            struct mview v;
            si_init(&it, sets[j]);
            while (si_next(&it, &v))
                set_add(NULL, &result, v.p, v.len);
            si_end(&it);
        }
    } else {
        if (!dst) deferred = reply_defer_len(c);
        if (sets[0] && !sameset) {
            struct set_iter it;
            struct mview v;
            si_init(&it, sets[0]);
            while (si_next(&it, &v)) {
                long j;
                for (j = 1; j < n; j++)
                    if (sets[j] && set_contains(sets[j], v.p, v.len)) break;
                if (j < n) continue;
                if (dst)
                    set_add(NULL, &result, v.p, v.len);
                else
                    reply_view(c, &v);
                card++;
            }
            si_end(&it);
        }
    }
    xfree(sets);
    if (dst) {
        store_result(c, dst, result, op == OP_UNION ? "sunionstore" : "sdiffstore");
    } else if (op == OP_UNION) {
        reply_members(c, result);
        if (cfg.lazyfree_lazy_server_del)
            lazyfree_kv(result);
        else
            kv_free(result);
    } else {
        reply_set_set_len(c, deferred, card);
    }
}

static void sunion_cmd(struct client *c) {
    sunion_diff_generic(c, &c->argv[1], c->argc - 1, NULL, OP_UNION);
}

static void sunionstore_cmd(struct client *c) {
    sunion_diff_generic(c, &c->argv[2], c->argc - 2, &c->argv[1], OP_UNION);
}

static void sdiff_cmd(struct client *c) {
    sunion_diff_generic(c, &c->argv[1], c->argc - 1, NULL, OP_DIFF);
}

static void sdiffstore_cmd(struct client *c) {
    sunion_diff_generic(c, &c->argv[2], c->argc - 2, &c->argv[1], OP_DIFF);
}

/* ------------------------------------------------------------ SSCAN */

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

static void sscan_cmd(struct client *c) {
    unsigned long cursor;
    if (!arg_scan_cursor(c, &c->argv[2], &cursor)) return;
    int wrong;
    struct kv *o = lookup(c, &c->argv[1], LOOKUP_NONE, &wrong);
    if (wrong) return;
    if (!o) {
        reply_empty_scan(c);
        return;
    }
    struct scan_opts so;
    if (!arg_scan_opts(c, 3, &so)) return;
    reply_array_len(c, 2);
    struct mview v;
    if (o->enc != ENC_HASHTABLE) { /* small: everything at once */
        reply_bulk(c, "0", 1);
        void *d = reply_defer_len(c);
        long k = 0;
        struct set_iter it;
        si_init(&it, o);
        while (si_next(&it, &v))
            if (scan_match(&so, v.p, v.len)) reply_view(c, &v), k++;
        si_end(&it);
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
        m_view(acc.v[i], &v);
        if (scan_match(&so, v.p, v.len)) reply_view(c, &v), k++;
    }
    reply_set_array_len(c, d, k);
    xfree(acc.v);
}

#define KEYS_ALL   .first_key = 1, .last_key = -1, .key_step = 1
#define STORE_KEYS .first_key = 1, .last_key = -1, .key_step = 1

struct command set_commands[] = {
    {.name = "sadd",
     .keyspecs = "RW insert index 1 range 0 1 0",
     .proc = sadd_cmd,
     .arity = -3,
     .flags = CMD_WRITE | CMD_DENYOOM | CMD_FAST,
     .acl = ACL_WRITE | ACL_SET | ACL_FAST,
     CMD_ONE_KEY,
     .group = "set",
     .since = "1.0.0",
     .complexity =
         "O(1) for each element added, so O(N) to add N elements when the command is called with "
         "multiple arguments.",
     .summary = "Add one or more members to a set",
     .syntax = "key member [member ...]"},
    {.name = "srem",
     .keyspecs = "RW delete index 1 range 0 1 0",
     .proc = srem_cmd,
     .arity = -3,
     .flags = CMD_WRITE | CMD_FAST,
     .acl = ACL_WRITE | ACL_SET | ACL_FAST,
     CMD_ONE_KEY,
     .group = "set",
     .since = "1.0.0",
     .complexity = "O(N) where N is the number of members to be removed.",
     .summary = "Remove one or more members from a set",
     .syntax = "key member [member ...]"},
    {.name = "smembers",
     .keyspecs = "RO access index 1 range 0 1 0",
     .proc = sinter_cmd,
     .arity = 2,
     .flags = CMD_READONLY,
     .acl = ACL_READ | ACL_SET | ACL_SLOW,
     CMD_ONE_KEY,
     .group = "set",
     .since = "1.0.0",
     .complexity = "O(N) where N is the set cardinality.",
     .summary = "Get all the members in a set",
     .syntax = "key",
     .tips = "nondeterministic_output_order"},
    {.name = "sismember",
     .keyspecs = "RO index 1 range 0 1 0",
     .proc = sismember_cmd,
     .arity = 3,
     .flags = CMD_READONLY | CMD_FAST,
     .acl = ACL_READ | ACL_SET | ACL_FAST,
     CMD_ONE_KEY,
     .group = "set",
     .since = "1.0.0",
     .complexity = "O(1)",
     .summary = "Determine if a given value is a member of a set",
     .syntax = "key member"},
    {.name = "smismember",
     .keyspecs = "RO access index 1 range 0 1 0",
     .proc = smismember_cmd,
     .arity = -3,
     .flags = CMD_READONLY | CMD_FAST,
     .acl = ACL_READ | ACL_SET | ACL_FAST,
     CMD_ONE_KEY,
     .group = "set",
     .since = "6.2.0",
     .complexity = "O(N) where N is the number of elements being checked for membership",
     .summary = "Returns the membership associated with the given elements for a set",
     .syntax = "key member [member ...]"},
    {.name = "scard",
     .keyspecs = "RO index 1 range 0 1 0",
     .proc = scard_cmd,
     .arity = 2,
     .flags = CMD_READONLY | CMD_FAST,
     .acl = ACL_READ | ACL_SET | ACL_FAST,
     CMD_ONE_KEY,
     .group = "set",
     .since = "1.0.0",
     .complexity = "O(1)",
     .summary = "Get the number of members in a set",
     .syntax = "key"},
    {.name = "spop",
     .keyspecs = "RW access delete index 1 range 0 1 0",
     .proc = spop_cmd,
     .arity = -2,
     .flags = CMD_WRITE | CMD_FAST,
     .acl = ACL_WRITE | ACL_SET | ACL_FAST,
     CMD_ONE_KEY,
     .group = "set",
     .since = "1.0.0",
     .complexity = "Without the count argument O(1), otherwise O(N) where N is the value of the "
                   "passed count.",
     .summary = "Remove and return one or multiple random members from a set",
     .syntax = "key [count]",
     .tips = "nondeterministic_output"},
    {.name = "srandmember",
     .keyspecs = "RO access index 1 range 0 1 0",
     .proc = srandmember_cmd,
     .arity = -2,
     .flags = CMD_READONLY,
     .acl = ACL_READ | ACL_SET | ACL_SLOW,
     CMD_ONE_KEY,
     .group = "set",
     .since = "1.0.0",
     .complexity =
         "Without the count argument O(1), otherwise O(N) where N is the absolute value of the "
         "passed count.",
     .summary = "Get one or multiple random members from a set",
     .syntax = "key [count]",
     .tips = "nondeterministic_output"},
    {.name = "smove",
     .keyspecs = "RW access delete index 1 range 0 1 0; RW insert index 2 range 0 1 0",
     .proc = smove_cmd,
     .arity = 4,
     .flags = CMD_WRITE | CMD_FAST,
     .acl = ACL_WRITE | ACL_SET | ACL_FAST,
     .first_key = 1,
     .last_key = 2,
     .key_step = 1,
     .group = "set",
     .since = "1.0.0",
     .complexity = "O(1)",
     .summary = "Move a member from one set to another",
     .syntax = "source destination member"},
    {.name = "sinter",
     .keyspecs = "RO access index 1 range -1 1 0",
     .proc = sinter_cmd,
     .arity = -2,
     .flags = CMD_READONLY,
     .acl = ACL_READ | ACL_SET | ACL_SLOW,
     KEYS_ALL,
     .group = "set",
     .since = "1.0.0",
     .complexity =
         "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of "
         "sets.",
     .summary = "Intersect multiple sets",
     .syntax = "key [key ...]",
     .tips = "nondeterministic_output_order"},
    {.name = "sintercard",
     .keyspecs = "RO access index 1 keynum 0 1 1",
     .proc = sintercard_cmd,
     .arity = -3,
     .flags = CMD_READONLY | CMD_MOVABLE_KEYS,
     .acl = ACL_READ | ACL_SET | ACL_SLOW,
     .group = "set",
     .since = "7.0.0",
     .complexity =
         "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of "
         "sets.",
     .summary = "Intersect multiple sets and return the cardinality of the result",
     .syntax = "numkeys key [key ...] [LIMIT limit]",
     .getkeys = sintercard_keys},
    {.name = "sinterstore",
     .keyspecs = "RW update index 1 range 0 1 0; RO access index 2 range -1 1 0",
     .proc = sinterstore_cmd,
     .arity = -3,
     .flags = CMD_WRITE | CMD_DENYOOM,
     .acl = ACL_WRITE | ACL_SET | ACL_SLOW,
     STORE_KEYS,
     .group = "set",
     .since = "1.0.0",
     .complexity =
         "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of "
         "sets.",
     .summary = "Intersect multiple sets and store the resulting set in a key",
     .syntax = "destination key [key ...]"},
    {.name = "sunion",
     .keyspecs = "RO access index 1 range -1 1 0",
     .proc = sunion_cmd,
     .arity = -2,
     .flags = CMD_READONLY,
     .acl = ACL_READ | ACL_SET | ACL_SLOW,
     KEYS_ALL,
     .group = "set",
     .since = "1.0.0",
     .complexity = "O(N) where N is the total number of elements in all given sets.",
     .summary = "Add multiple sets",
     .syntax = "key [key ...]",
     .tips = "nondeterministic_output_order"},
    {.name = "sunionstore",
     .keyspecs = "OW update index 1 range 0 1 0; RO access index 2 range -1 1 0",
     .proc = sunionstore_cmd,
     .arity = -3,
     .flags = CMD_WRITE | CMD_DENYOOM,
     .acl = ACL_WRITE | ACL_SET | ACL_SLOW,
     STORE_KEYS,
     .group = "set",
     .since = "1.0.0",
     .complexity = "O(N) where N is the total number of elements in all given sets.",
     .summary = "Add multiple sets and store the resulting set in a key",
     .syntax = "destination key [key ...]"},
    {.name = "sdiff",
     .keyspecs = "RO access index 1 range -1 1 0",
     .proc = sdiff_cmd,
     .arity = -2,
     .flags = CMD_READONLY,
     .acl = ACL_READ | ACL_SET | ACL_SLOW,
     KEYS_ALL,
     .group = "set",
     .since = "1.0.0",
     .complexity = "O(N) where N is the total number of elements in all given sets.",
     .summary = "Subtract multiple sets",
     .syntax = "key [key ...]",
     .tips = "nondeterministic_output_order"},
    {.name = "sdiffstore",
     .keyspecs = "OW update index 1 range 0 1 0; RO access index 2 range -1 1 0",
     .proc = sdiffstore_cmd,
     .arity = -3,
     .flags = CMD_WRITE | CMD_DENYOOM,
     .acl = ACL_WRITE | ACL_SET | ACL_SLOW,
     STORE_KEYS,
     .group = "set",
     .since = "1.0.0",
     .complexity = "O(N) where N is the total number of elements in all given sets.",
     .summary = "Subtract multiple sets and store the resulting set in a key",
     .syntax = "destination key [key ...]"},
    {.name = "sscan",
     .keyspecs = "RO access index 1 range 0 1 0",
     .proc = sscan_cmd,
     .arity = -3,
     .flags = CMD_READONLY,
     .acl = ACL_READ | ACL_SET | ACL_SLOW,
     CMD_ONE_KEY,
     .group = "set",
     .since = "2.8.0",
     .complexity =
         "O(1) for every call. O(N) for a complete iteration, including enough command calls for "
         "the cursor to return back to 0. N is the number of elements inside the collection..",
     .summary = "Incrementally iterate Set elements",
     .syntax = "key cursor [MATCH pattern] [COUNT count]",
     .tips = "nondeterministic_output"},
    {0},
};
