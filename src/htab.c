/* htab: see htab.h for the layout and the invariants. Besides those:
 *  - a child bucket is never empty: removing its last element frees it, and
 *    removing from a bucket that has children refills the hole with the last
 *    element of the chain, so chains stay as short as their element count
 *    allows;
 *  - tables and chains only change while pause == 0 (modifications while an
 *    iterator is live are a caller bug). */
#include "htab.h"
#include "mem.h"
#include <stdlib.h>
#include <string.h>

#define CHAINED      0x80u
#define SLOTS7       0x7fu
#define SLOTS6       0x3fu
#define GROW_FILL    6  /* average elements per bucket that trigger growth */
#define TARGET_FILL  3  /* average elements per bucket after a resize */
#define EMPTY_VISITS 16 /* empty buckets a rehash step may skip */

static inline size_t tsize(const struct htab *h, int i) {
    return h->t[i] ? (size_t)1 << h->exp[i] : 0;
}

static inline unsigned cap_bits(const struct hbucket *b) {
    return (b->meta & CHAINED) ? SLOTS6 : SLOTS7;
}

static inline unsigned elem_bits(const struct hbucket *b) {
    return b->meta & cap_bits(b);
}

static inline struct hbucket *child_of(const struct hbucket *b) {
    return (b->meta & CHAINED) ? (struct hbucket *)b->slot[6] : NULL;
}

static inline uint8_t frag_of(uint64_t hv) {
    return (uint8_t)(hv >> 56);
}

static unsigned long rand_ul(void) {
    return ((unsigned long)random() << 31) ^ (unsigned long)random();
}

/* Smallest exponent whose table holds n elements at TARGET_FILL. */
static unsigned exp_for(size_t n) {
    unsigned e = 0;
    while (((size_t)TARGET_FILL << e) < n && e < 62)
        e++;
    return e;
}

void htab_init(struct htab *h, const struct htab_type *type) {
    memset(h, 0, sizeof(*h));
    h->type = type;
    h->rehash_idx = -1;
}

struct htab *htab_new(const struct htab_type *type) {
    struct htab *h = xmalloc(sizeof(*h));
    htab_init(h, type);
    return h;
}

int htab_is_rehashing(const struct htab *h) {
    return h->rehash_idx >= 0;
}

static void free_table(struct htab *h, int i, void (*free_fn)(void *)) {
    size_t n = tsize(h, i);
    for (size_t idx = 0; idx < n && h->used[i]; idx++) {
        struct hbucket *home = &h->t[i][idx], *b = home;
        while (b) {
            struct hbucket *next = child_of(b);
            unsigned bits = elem_bits(b);
            h->used[i] -= (size_t)__builtin_popcount(bits);
            if (free_fn)
                for (; bits; bits &= bits - 1)
                    free_fn(b->slot[__builtin_ctz(bits)]);
            if (b != home) xfree(b), h->children--;
            b = next;
        }
    }
    xfree(h->t[i]);
    h->t[i] = NULL;
    h->used[i] = 0;
}

void htab_clear(struct htab *h, void (*free_fn)(void *elem)) {
    free_table(h, 0, free_fn);
    free_table(h, 1, free_fn);
    const struct htab_type *type = h->type;
    htab_init(h, type);
}

void htab_release(struct htab *h) {
    htab_clear(h, NULL);
}

size_t htab_mem(const struct htab *h) {
    size_t n = h->children * sizeof(struct hbucket);
    for (int i = 0; i < 2; i++)
        if (h->t[i]) n += mem_usable(h->t[i]);
    return n;
}

/* ------------------------------------------------------------ slots */

/* Reserves a free slot in the chain starting at b (growing the chain when
 * it is full) and tags it with fragment f. */
static void **reserve(struct htab *h, struct hbucket *b, uint8_t f) {
    for (;;) {
        unsigned fr = ~(unsigned)b->meta & cap_bits(b);
        if (fr) {
            int s = __builtin_ctz(fr);
            b->meta |= (uint8_t)(1u << s);
            b->frag[s] = f;
            return &b->slot[s];
        }
        if (b->meta & CHAINED) {
            b = (struct hbucket *)b->slot[6];
            continue;
        }
        struct hbucket *c = xcalloc(sizeof(*c));
        h->children++;
        c->meta = 1;
        c->frag[0] = b->frag[6];
        c->slot[0] = b->slot[6];
        b->slot[6] = c;
        b->meta = (uint8_t)((b->meta & SLOTS6) | CHAINED);
        b = c;
    }
}

/* Empties slot s of bucket b (prev is the bucket before b in its chain, NULL
 * for the home bucket), keeping children non-empty and chains compact. */
static void vacate(struct htab *h, struct hbucket *prev, struct hbucket *b, int s) {
    b->meta &= (uint8_t) ~(1u << s);
    if (b->meta & CHAINED) {
        /* refill from the last element of the chain */
        struct hbucket *lp = b, *last = (struct hbucket *)b->slot[6];
        while (last->meta & CHAINED)
            lp = last, last = (struct hbucket *)last->slot[6];
        unsigned bits = elem_bits(last);
        int ls = 31 - __builtin_clz(bits);
        b->slot[s] = last->slot[ls];
        b->frag[s] = last->frag[ls];
        b->meta |= (uint8_t)(1u << s);
        last->meta &= (uint8_t) ~(1u << ls);
        if (elem_bits(last) == 0) {
            lp->slot[6] = NULL;
            lp->meta &= (uint8_t)~CHAINED;
            xfree(last);
            h->children--;
        }
    } else if (prev && elem_bits(b) == 0) {
        prev->slot[6] = NULL;
        prev->meta &= (uint8_t)~CHAINED;
        xfree(b);
        h->children--;
    }
}

/* ------------------------------------------------------------ resizing */

static void start_resize(struct htab *h, unsigned e) {
    h->t[1] = xcalloc(sizeof(struct hbucket) << e);
    h->exp[1] = (uint8_t)e;
    h->used[1] = 0;
    h->rehash_idx = 0;
}

static void finish_rehash(struct htab *h) {
    xfree(h->t[0]);
    h->t[0] = h->t[1];
    h->exp[0] = h->exp[1];
    h->used[0] = h->used[1];
    h->t[1] = NULL;
    h->used[1] = 0;
    h->exp[1] = 0;
    h->rehash_idx = -1;
}

static void move_chain(struct htab *h, size_t idx) {
    struct hbucket *home = &h->t[0][idx], *b = home;
    size_t mask1 = tsize(h, 1) - 1;
    while (b) {
        struct hbucket *next = child_of(b);
        for (unsigned bits = elem_bits(b); bits; bits &= bits - 1) {
            void *e = b->slot[__builtin_ctz(bits)];
            uint64_t hv = h->type->hash_elem(e);
            *reserve(h, &h->t[1][hv & mask1], frag_of(hv)) = e;
            h->used[0]--;
            h->used[1]++;
        }
        if (b != home) xfree(b), h->children--;
        b = next;
    }
    memset(home, 0, sizeof(*home));
}

/* Moves one non-empty bucket chain (skipping a few empty ones) to t[1]. */
static void rehash_step(struct htab *h) {
    size_t s0 = tsize(h, 0);
    int empty = EMPTY_VISITS;
    while (h->used[0] && (size_t)h->rehash_idx < s0) {
        int full = h->t[0][h->rehash_idx].meta != 0;
        if (full) move_chain(h, (size_t)h->rehash_idx);
        h->rehash_idx++;
        if (full || --empty == 0) break;
    }
    if (h->used[0] == 0) finish_rehash(h);
}

static inline void maybe_step(struct htab *h) {
    if (h->rehash_idx >= 0 && h->pause == 0) rehash_step(h);
}

static void grow_if_needed(struct htab *h) {
    if (!h->t[0]) {
        h->t[0] = xcalloc(sizeof(struct hbucket));
        h->exp[0] = 0;
        return;
    }
    if (h->rehash_idx >= 0 || h->pause) return;
    if (h->used[0] >= tsize(h, 0) * GROW_FILL) start_resize(h, h->exp[0] + 1u);
}

static void shrink_if_needed(struct htab *h) {
    if (h->rehash_idx >= 0 || h->pause || !h->t[0]) return;
    size_t n = tsize(h, 0);
    if (n > 1 && h->used[0] < n) start_resize(h, exp_for(h->used[0]));
}

void htab_expand(struct htab *h, size_t n) {
    if (htab_size(h) || h->rehash_idx >= 0) return;
    xfree(h->t[0]);
    unsigned e = exp_for(n);
    h->t[0] = xcalloc(sizeof(struct hbucket) << e);
    h->exp[0] = (uint8_t)e;
}

/* ------------------------------------------------------------ lookups */

/* Finds key in table i; when prevp is given also reports where it lives. */
static void **find_in(struct htab *h, int i, uint64_t hv, const void *key, size_t len,
                      struct hbucket **prevp, struct hbucket **bp, int *sp) {
    if (!h->t[i]) return NULL;
    uint8_t f = frag_of(hv);
    struct hbucket *prev = NULL;
    for (struct hbucket *b = &h->t[i][hv & (tsize(h, i) - 1)]; b; prev = b, b = child_of(b)) {
        for (unsigned bits = elem_bits(b); bits; bits &= bits - 1) {
            int s = __builtin_ctz(bits);
            if (b->frag[s] == f && h->type->elem_eq(b->slot[s], key, len)) {
                if (prevp) *prevp = prev, *bp = b, *sp = s;
                return &b->slot[s];
            }
        }
    }
    return NULL;
}

void **htab_find(struct htab *h, const void *key, size_t len) {
    if (htab_size(h) == 0) return NULL;
    maybe_step(h);
    uint64_t hv = h->type->hash_key(key, len);
    void **s = find_in(h, 0, hv, key, len, NULL, NULL, NULL);
    if (!s && h->rehash_idx >= 0) s = find_in(h, 1, hv, key, len, NULL, NULL, NULL);
    return s;
}

void **htab_insert(struct htab *h, const void *key, size_t len, int *existed) {
    maybe_step(h);
    uint64_t hv = h->type->hash_key(key, len);
    void **s = NULL;
    if (htab_size(h)) {
        s = find_in(h, 0, hv, key, len, NULL, NULL, NULL);
        if (!s && h->rehash_idx >= 0) s = find_in(h, 1, hv, key, len, NULL, NULL, NULL);
    }
    if (s) {
        *existed = 1;
        return s;
    }
    *existed = 0;
    grow_if_needed(h);
    int i = h->rehash_idx >= 0 ? 1 : 0;
    h->used[i]++;
    return reserve(h, &h->t[i][hv & (tsize(h, i) - 1)], frag_of(hv));
}

void htab_add(struct htab *h, void *elem) {
    maybe_step(h);
    grow_if_needed(h);
    uint64_t hv = h->type->hash_elem(elem);
    int i = h->rehash_idx >= 0 ? 1 : 0;
    h->used[i]++;
    *reserve(h, &h->t[i][hv & (tsize(h, i) - 1)], frag_of(hv)) = elem;
}

void *htab_remove(struct htab *h, const void *key, size_t len) {
    if (htab_size(h) == 0) return NULL;
    maybe_step(h);
    uint64_t hv = h->type->hash_key(key, len);
    struct hbucket *prev, *b;
    int s;
    for (int i = 0; i < 2; i++) {
        void **slot = find_in(h, i, hv, key, len, &prev, &b, &s);
        if (!slot) continue;
        void *e = *slot;
        vacate(h, prev, b, s);
        h->used[i]--;
        shrink_if_needed(h);
        return e;
    }
    return NULL;
}

/* ------------------------------------------------------------ random */

/* A random non-empty home bucket. Buckets are numbered over the live part of
 * t[0] followed by t[1]; after 64 empty probes (a table left sparse by mass
 * deletion, mid-resize) it walks forward from a random bucket instead, which
 * is slightly biased but bounded. */
static struct hbucket *random_chain(struct htab *h, int *ti) {
    size_t s0 = tsize(h, 0), s1 = h->rehash_idx >= 0 ? tsize(h, 1) : 0;
    size_t from = h->rehash_idx >= 0 ? (size_t)h->rehash_idx : 0, end = s0 + s1;
    size_t span = end - from;
    for (int probes = 0;; probes++) {
        size_t r = from + rand_ul() % span;
        for (size_t k = 0; k < (probes < 64 ? 1 : span); k++, r = r + 1 < end ? r + 1 : from) {
            struct hbucket *b = r < s0 ? &h->t[0][r] : &h->t[1][r - s0];
            if (b->meta) {
                *ti = r < s0 ? 0 : 1;
                return b;
            }
        }
    }
}

/* Picks an element: a random chain, then a random position among
 * max(chain length, 7), retried when it falls past the chain's end. That
 * makes every element equally likely unless its chain is longer than one
 * full bucket. Returns the slot and where it lives. */
static void **random_slot(struct htab *h, int *ti, struct hbucket **prevp, struct hbucket **bp,
                          int *sp) {
    for (int tries = 0;; tries++) {
        struct hbucket *home = random_chain(h, ti);
        size_t n = 0;
        for (struct hbucket *b = home; b; b = child_of(b))
            n += (size_t)__builtin_popcount(elem_bits(b));
        size_t span = n > HB_SLOTS ? n : HB_SLOTS;
        size_t k = rand_ul() % span;
        if (k >= n) {
            if (tries < 64) continue;
            k %= n;
        }
        struct hbucket *prev = NULL;
        for (struct hbucket *b = home; b; prev = b, b = child_of(b)) {
            for (unsigned bits = elem_bits(b); bits; bits &= bits - 1) {
                if (k-- == 0) {
                    int s = __builtin_ctz(bits);
                    *prevp = prev, *bp = b, *sp = s;
                    return &b->slot[s];
                }
            }
        }
    }
}

void *htab_random(struct htab *h) {
    if (htab_size(h) == 0) return NULL;
    maybe_step(h);
    int ti, s;
    struct hbucket *prev, *b;
    return *random_slot(h, &ti, &prev, &b, &s);
}

void *htab_pop_random(struct htab *h) {
    if (htab_size(h) == 0) return NULL;
    maybe_step(h);
    int ti, s;
    struct hbucket *prev, *b;
    void *e = *random_slot(h, &ti, &prev, &b, &s);
    vacate(h, prev, b, s);
    h->used[ti]--;
    shrink_if_needed(h);
    return e;
}

/* ------------------------------------------------------------ scan */

static unsigned long rev_bits(unsigned long v) {
    unsigned long r = 0;
    for (unsigned i = 0; i < sizeof(v) * 8; i++) {
        r = (r << 1) | (v & 1);
        v >>= 1;
    }
    return r;
}

static void scan_chain(struct htab *h, int i, size_t idx, htab_scan_fn *fn, void *arg) {
    for (struct hbucket *b = &h->t[i][idx]; b; b = child_of(b))
        for (unsigned bits = elem_bits(b); bits; bits &= bits - 1)
            fn(arg, b->slot[__builtin_ctz(bits)]);
}

static inline unsigned long next_cursor(unsigned long v, unsigned long mask) {
    v |= ~mask;
    v = rev_bits(v);
    v++;
    return rev_bits(v);
}

unsigned long htab_scan(struct htab *h, unsigned long v, htab_scan_fn *fn, void *arg) {
    if (htab_size(h) == 0) return 0;
    h->pause++;
    if (h->rehash_idx < 0) {
        unsigned long m0 = tsize(h, 0) - 1;
        scan_chain(h, 0, v & m0, fn, arg);
        v = next_cursor(v, m0);
    } else {
        int small = 0, big = 1;
        if (tsize(h, 0) > tsize(h, 1)) small = 1, big = 0;
        unsigned long m0 = tsize(h, small) - 1, m1 = tsize(h, big) - 1;
        scan_chain(h, small, v & m0, fn, arg);
        /* every bucket of the big table that expands the small one's bucket */
        do {
            scan_chain(h, big, v & m1, fn, arg);
            v = next_cursor(v, m1);
        } while (v & (m0 ^ m1));
    }
    h->pause--;
    return v;
}

/* ------------------------------------------------------------ iteration */

void htab_iter_init(struct htab_iter *it, struct htab *h) {
    it->h = h;
    it->table = 0;
    it->idx = 0;
    it->b = NULL;
    it->slot = 0;
    h->pause++;
}

void *htab_iter_next(struct htab_iter *it) {
    struct htab *h = it->h;
    for (;;) {
        if (it->b) {
            unsigned bits = elem_bits(it->b);
            while (it->slot < HB_SLOTS) {
                int s = it->slot++;
                if (bits & (1u << s)) return it->b->slot[s];
            }
            it->b = child_of(it->b);
            it->slot = 0;
            continue;
        }
        if (it->idx >= tsize(h, it->table)) {
            if (it->table == 0 && h->t[1]) {
                it->table = 1;
                it->idx = 0;
                continue;
            }
            return NULL;
        }
        it->b = &h->t[it->table][it->idx++];
        it->slot = 0;
    }
}

void htab_iter_end(struct htab_iter *it) {
    it->h->pause--;
}

void htab_stats(const struct htab *h, int table, struct htab_stats *st) {
    memset(st, 0, sizeof(*st));
    st->buckets = tsize(h, table);
    st->elements = h->used[table];
    for (size_t idx = 0; idx < st->buckets; idx++) {
        const struct hbucket *b = &h->t[table][idx];
        if (!b->meta) continue;
        st->used_buckets++;
        size_t chain = 0;
        for (; b; b = child_of(b)) {
            chain += (size_t)__builtin_popcount(elem_bits(b));
            if (b != &h->t[table][idx]) st->child_buckets++;
        }
        if (chain > st->max_chain) st->max_chain = chain;
    }
}
