/* dict: see dict.h for the layout. Invariants:
 *  - while rehash_idx >= 0, buckets [0, rehash_idx) of t[0] are empty and new
 *    nodes go to t[1];
 *  - used[0] + used[1] is the node count;
 *  - rehashing never runs while pause_rehash > 0 (safe iterators, scans rely on
 *    the tables staying put between their steps only within one call). */
#include "dict.h"
#include "mem.h"
#include "ae.h"
#include <stdlib.h>
#include <string.h>

#define EXP_MIN 2 /* 4 buckets */

static uint64_t seed0 = 0x243f6a8885a308d3ULL, seed1 = 0x13198a2e03707344ULL;

void hash_set_seed(const uint8_t seed[16]) {
    memcpy(&seed0, seed, 8);
    memcpy(&seed1, seed + 8, 8);
}

static inline uint64_t rotl(uint64_t x, int r) {
    return (x << r) | (x >> (64 - r));
}

static inline uint64_t fmix(uint64_t h) {
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

/* A seeded multiply-rotate hash over 8-byte words with a murmur-style finish. */
uint64_t hash_bytes(const void *p, size_t n) {
    const unsigned char *s = p;
    uint64_t h = seed0 ^ (n * 0x9e3779b97f4a7c15ULL), k;
    while (n >= 8) {
        memcpy(&k, s, 8);
        h ^= rotl(k * 0x87c37b91114253d5ULL, 31) * 0x4cf5ad432745937fULL;
        h = rotl(h, 27) * 5 + seed1;
        s += 8;
        n -= 8;
    }
    k = 0;
    memcpy(&k, s, n);
    h ^= rotl(k * 0x87c37b91114253d5ULL, 31) * 0x4cf5ad432745937fULL;
    return fmix(h);
}

uint64_t hash_bytes_nocase(const void *p, size_t n) {
    const unsigned char *s = p;
    uint64_t h = seed0 ^ n;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = s[i];
        if (c >= 'A' && c <= 'Z') c += 32;
        h = (h ^ c) * 0x100000001b3ULL;
    }
    return fmix(h);
}

void dict_init(struct dict *d, const struct dict_type *type) {
    memset(d, 0, sizeof(*d));
    d->type = type;
    d->rehash_idx = -1;
}

static inline size_t tsize(const struct dict *d, int i) {
    return d->t[i] ? (size_t)1 << d->exp[i] : 0;
}

size_t dict_size(const struct dict *d) {
    return d->used[0] + d->used[1];
}

size_t dict_buckets(const struct dict *d) {
    return tsize(d, 0) + tsize(d, 1);
}

int dict_is_rehashing(const struct dict *d) {
    return d->rehash_idx >= 0;
}

void dict_clear(struct dict *d, void (*free_fn)(struct dnode *n, void *arg), void *arg) {
    for (int i = 0; i < 2; i++) {
        size_t sz = tsize(d, i);
        for (size_t b = 0; b < sz && free_fn; b++) {
            struct dnode *n = d->t[i][b];
            while (n) {
                struct dnode *next = n->next;
                free_fn(n, arg);
                n = next;
            }
        }
        xfree(d->t[i]);
        d->t[i] = NULL;
        d->used[i] = 0;
        d->exp[i] = 0;
    }
    d->rehash_idx = -1;
}

static uint8_t exp_for(size_t size) {
    uint8_t e = EXP_MIN;
    while (((size_t)1 << e) < size && e < 63)
        e++;
    return e;
}

int dict_expand(struct dict *d, size_t size) {
    if (dict_is_rehashing(d) || size < dict_size(d)) return -1;
    uint8_t e = exp_for(size);
    if (d->t[0] && e == d->exp[0]) return -1;
    struct dnode **t = xcalloc(sizeof(struct dnode *) << e);
    if (!d->t[0]) {
        d->t[0] = t;
        d->exp[0] = e;
        return 0;
    }
    d->t[1] = t;
    d->exp[1] = e;
    d->used[1] = 0;
    d->rehash_idx = 0;
    return 0;
}

void dict_shrink_if_needed(struct dict *d) {
    size_t sz = tsize(d, 0), used = dict_size(d);
    if (dict_is_rehashing(d) || d->no_resize || sz <= ((size_t)1 << EXP_MIN)) return;
    if (used * 10 < sz) dict_expand(d, used ? used : 1);
}

int dict_rehash(struct dict *d, int buckets) {
    int empty_visits = buckets * 10;
    if (!dict_is_rehashing(d)) return 0;
    size_t sz0 = tsize(d, 0), mask1 = tsize(d, 1) - 1;
    while (buckets-- && d->used[0]) {
        while (d->t[0][d->rehash_idx] == NULL) {
            d->rehash_idx++;
            if (--empty_visits == 0) return 1;
        }
        struct dnode *n = d->t[0][d->rehash_idx];
        while (n) {
            struct dnode *next = n->next;
            size_t b = d->type->node_hash(n) & mask1;
            n->next = d->t[1][b];
            d->t[1][b] = n;
            d->used[0]--;
            d->used[1]++;
            n = next;
        }
        d->t[0][d->rehash_idx++] = NULL;
    }
    if (d->used[0] == 0) {
        (void)sz0;
        xfree(d->t[0]);
        d->t[0] = d->t[1];
        d->exp[0] = d->exp[1];
        d->used[0] = d->used[1];
        d->t[1] = NULL;
        d->used[1] = 0;
        d->exp[1] = 0;
        d->rehash_idx = -1;
        return 0;
    }
    return 1;
}

int dict_rehash_ms(struct dict *d, int ms) {
    if (d->pause_rehash) return 0;
    long long start = ae_mono_us();
    int moved = 0;
    while (dict_rehash(d, 100)) {
        moved += 100;
        if (ae_mono_us() - start > (long long)ms * 1000) break;
    }
    return moved;
}

static inline void rehash_step(struct dict *d) {
    if (d->pause_rehash == 0) dict_rehash(d, 1);
}

static const struct dict_type *hook_type;
static int (*hook_fn)(size_t more_mem, double load);

void dict_set_expand_hook(const struct dict_type *type, int (*fn)(size_t more_mem, double load)) {
    hook_type = fn ? type : NULL;
    hook_fn = fn;
}

static void grow_if_needed(struct dict *d) {
    if (dict_is_rehashing(d)) return;
    if (!d->t[0]) {
        dict_expand(d, (size_t)1 << EXP_MIN);
        return;
    }
    size_t sz = tsize(d, 0);
    if (d->used[0] < sz || (d->no_resize && d->used[0] / sz <= 4)) return;
    if (hook_fn && d->type == hook_type &&
        !hook_fn(sizeof(struct dnode *) << exp_for(d->used[0] + 1),
                 (double)d->used[0] / (double)sz))
        return;
    dict_expand(d, d->used[0] + 1);
}

struct dnode **dict_find_ref(struct dict *d, const void *key, size_t len) {
    if (dict_size(d) == 0) return NULL;
    if (dict_is_rehashing(d)) rehash_step(d);
    uint64_t h = d->type->hash(key, len);
    for (int i = 0; i < 2; i++) {
        if (!d->t[i]) break;
        struct dnode **pp = &d->t[i][h & (tsize(d, i) - 1)];
        while (*pp) {
            if (d->type->node_eq(*pp, key, len)) return pp;
            pp = &(*pp)->next;
        }
        if (!dict_is_rehashing(d)) break;
    }
    return NULL;
}

struct dnode *dict_find(struct dict *d, const void *key, size_t len) {
    struct dnode **pp = dict_find_ref(d, key, len);
    return pp ? *pp : NULL;
}

void dict_add(struct dict *d, struct dnode *n) {
    if (dict_is_rehashing(d)) rehash_step(d);
    grow_if_needed(d);
    int i = dict_is_rehashing(d) ? 1 : 0;
    size_t b = d->type->node_hash(n) & (tsize(d, i) - 1);
    n->next = d->t[i][b];
    d->t[i][b] = n;
    d->used[i]++;
}

struct dnode *dict_unlink(struct dict *d, const void *key, size_t len) {
    if (dict_size(d) == 0) return NULL;
    if (dict_is_rehashing(d)) rehash_step(d);
    uint64_t h = d->type->hash(key, len);
    for (int i = 0; i < 2; i++) {
        if (!d->t[i]) break;
        struct dnode **pp = &d->t[i][h & (tsize(d, i) - 1)];
        while (*pp) {
            if (d->type->node_eq(*pp, key, len)) {
                struct dnode *n = *pp;
                *pp = n->next;
                n->next = NULL;
                d->used[i]--;
                return n;
            }
            pp = &(*pp)->next;
        }
        if (!dict_is_rehashing(d)) break;
    }
    return NULL;
}

int dict_replace(struct dict *d, struct dnode *old, struct dnode *repl) {
    uint64_t h = d->type->node_hash(old);
    for (int i = 0; i < 2; i++) {
        if (!d->t[i]) break;
        struct dnode **pp = &d->t[i][h & (tsize(d, i) - 1)];
        while (*pp) {
            if (*pp == old) {
                repl->next = old->next;
                *pp = repl;
                return 0;
            }
            pp = &(*pp)->next;
        }
    }
    return -1;
}

static inline unsigned long rev_bits(unsigned long v) {
    unsigned long s = 8 * sizeof(v), mask = ~0UL;
    while ((s >>= 1) > 0) {
        mask ^= (mask << s);
        v = ((v >> s) & mask) | ((v << s) & ~mask);
    }
    return v;
}

static void scan_bucket(struct dict *d, int i, size_t b, dict_scan_fn *fn, void *arg) {
    struct dnode *n = d->t[i][b];
    while (n) {
        struct dnode *next = n->next; /* fn may unlink n */
        fn(arg, n);
        n = next;
    }
}

/* Reverse-binary cursor: increment the cursor's high bits first, so that a
 * bucket visited in a small table covers all its expansions in a bigger one. */
unsigned long dict_scan(struct dict *d, unsigned long v, dict_scan_fn *fn, void *arg) {
    if (dict_size(d) == 0) return 0;
    d->pause_rehash++;
    if (!dict_is_rehashing(d)) {
        unsigned long m0 = tsize(d, 0) - 1;
        scan_bucket(d, 0, v & m0, fn, arg);
        v |= ~m0;
        v = rev_bits(v);
        v++;
        v = rev_bits(v);
    } else {
        int small = 0, big = 1;
        if (tsize(d, 0) > tsize(d, 1)) small = 1, big = 0;
        unsigned long m0 = tsize(d, small) - 1, m1 = tsize(d, big) - 1;
        scan_bucket(d, small, v & m0, fn, arg);
        do {
            scan_bucket(d, big, v & m1, fn, arg);
            v |= ~m1;
            v = rev_bits(v);
            v++;
            v = rev_bits(v);
        } while (v & (m0 ^ m1));
    }
    d->pause_rehash--;
    return v;
}

static unsigned long rand_ul(void) {
    return ((unsigned long)random() << 31) ^ (unsigned long)random();
}

struct dnode *dict_random(struct dict *d) {
    if (dict_size(d) == 0) return NULL;
    if (dict_is_rehashing(d)) rehash_step(d);
    struct dnode *n = NULL;
    if (dict_is_rehashing(d)) {
        size_t s0 = tsize(d, 0), s1 = tsize(d, 1);
        do {
            size_t b = (size_t)d->rehash_idx + rand_ul() % (s0 + s1 - (size_t)d->rehash_idx);
            n = b >= s0 ? d->t[1][b - s0] : d->t[0][b];
        } while (!n);
    } else {
        size_t m = tsize(d, 0) - 1;
        do
            n = d->t[0][rand_ul() & m];
        while (!n);
    }
    size_t len = 0;
    for (struct dnode *x = n; x; x = x->next)
        len++;
    size_t k = rand_ul() % len;
    while (k--)
        n = n->next;
    return n;
}

size_t dict_sample(struct dict *d, struct dnode **out, size_t count) {
    size_t have = dict_size(d), got = 0;
    if (count > have) count = have;
    if (count == 0) return 0;
    for (size_t i = 0; i < count && dict_is_rehashing(d); i++)
        rehash_step(d);
    int tables = dict_is_rehashing(d) ? 2 : 1;
    size_t maxmask = tsize(d, 0) - 1;
    if (tables > 1 && tsize(d, 1) - 1 > maxmask) maxmask = tsize(d, 1) - 1;
    size_t i = rand_ul() & maxmask, empty = 0, steps = count * 10;
    while (got < count && steps--) {
        for (int t = 0; t < tables; t++) {
            if (tables == 2 && t == 0 && i < (size_t)d->rehash_idx) {
                if (i >= tsize(d, 1))
                    i = (size_t)d->rehash_idx;
                else
                    continue;
            }
            if (i >= tsize(d, t)) continue;
            struct dnode *n = d->t[t][i];
            if (!n) {
                if (++empty >= 5 && empty > count) {
                    i = rand_ul() & maxmask;
                    empty = 0;
                }
                continue;
            }
            empty = 0;
            while (n && got < count) {
                out[got++] = n;
                n = n->next;
            }
        }
        i = (i + 1) & maxmask;
    }
    /* The walk can miss every node (e.g. it landed in the empty part of a
     * table being grown); a caller sampling a non-empty dict gets at least one. */
    if (got == 0) out[got++] = dict_random(d);
    return got;
}

void dict_iter_init(struct dict_iter *it, struct dict *d, int safe) {
    it->d = d;
    it->table = 0;
    it->bucket = -1;
    it->cur = it->next = NULL;
    it->safe = safe;
    if (safe) d->pause_rehash++;
}

struct dnode *dict_next(struct dict_iter *it) {
    struct dict *d = it->d;
    for (;;) {
        if (it->next) {
            it->cur = it->next;
            it->next = it->cur->next;
            return it->cur;
        }
        it->bucket++;
        if ((size_t)it->bucket >= tsize(d, it->table)) {
            if (it->table == 0 && dict_is_rehashing(d)) {
                it->table = 1;
                it->bucket = 0;
            } else {
                return NULL;
            }
        }
        if (!d->t[it->table]) return NULL;
        it->next = d->t[it->table][it->bucket];
    }
}

void dict_iter_end(struct dict_iter *it) {
    if (it->safe) it->d->pause_rehash--;
}
