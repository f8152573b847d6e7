/* htab: a memory-lean hash table of element pointers, for large sets and
 * hashes. There are no per-element nodes: the table stores the caller's
 * element pointers (or tagged immediate values, see below) directly, in
 * cache-line sized buckets of seven slots:
 *
 *   bucket (64 bytes) = [meta 1][hash fragment x7][slot x7 (8 bytes each)]
 *   meta bits 0-6: slot i holds an element; bit 7: slot 6 points to a child
 *   bucket that continues this bucket's chain (only when all slots filled up).
 *
 * A lookup hashes the key once; the low bits pick the home bucket, the top
 * byte (the fragment) filters slots before the caller's equality callback
 * runs, so a miss seldom touches an element. Elements never leave their home
 * bucket's chain except when rehashing moves the whole chain to the other
 * table.
 *
 * Resizing is incremental like Redis's dict: a second table, a rehash index,
 * and one bucket chain moved per operation, so growing a huge table never
 * stalls. Growth at 6 elements per bucket on average (about 14 bytes of table
 * per element), shrinking below 1 per bucket, both to about 3.
 *
 * htab_scan uses the reverse-binary cursor: every element present for the
 * whole scan is returned at least once, across any number of resizes.
 *
 * Elements are opaque to the table: any non-NULL pointer-sized value. Callers
 * may use odd values as immediates (heap pointers are always even).
 *
 * Invariants: used[0] + used[1] is the element count; while rehash_idx >= 0,
 * buckets [0, rehash_idx) of t[0] are empty and inserts go to t[1]; nothing
 * moves while pause > 0 (iterators and scans hold it). */
#ifndef MNEMO_HTAB_H
#define MNEMO_HTAB_H
#include <stddef.h>
#include <stdint.h>

#define HB_SLOTS 7

struct htab_type {
    uint64_t (*hash_key)(const void *key, size_t len);
    uint64_t (*hash_elem)(const void *elem);
    int (*elem_eq)(const void *elem, const void *key, size_t len);
};

struct hbucket {
    uint8_t meta;
    uint8_t frag[HB_SLOTS];
    void *slot[HB_SLOTS];
};

struct htab {
    const struct htab_type *type;
    struct hbucket *t[2];
    size_t used[2];
    size_t children; /* chained buckets in both tables */
    long rehash_idx; /* -1 when not rehashing */
    uint8_t exp[2];  /* log2 of the bucket count of each table (t[i] != NULL) */
    uint16_t pause;  /* live iterators and scans: no rehash steps, no resizes */
};

void htab_init(struct htab *h, const struct htab_type *type);
struct htab *htab_new(const struct htab_type *type);
/* Frees the tables (not the elements; call htab_clear first for those). */
void htab_release(struct htab *h);
/* Removes every element, calling free_fn on each (may be NULL). */
void htab_clear(struct htab *h, void (*free_fn)(void *elem));
static inline size_t htab_size(const struct htab *h) {
    return h->used[0] + h->used[1];
}
/* Bytes of the tables and chained buckets (without the elements). */
size_t htab_mem(const struct htab *h);
/* Presizes for n elements (only when empty and not rehashing). */
void htab_expand(struct htab *h, size_t n);
int htab_is_rehashing(const struct htab *h);

/* The slot holding the element equal to key, or NULL. The slot stays valid
 * until the next change to the table; *slot may be overwritten with a new
 * element for the same key (e.g. after a realloc). */
void **htab_find(struct htab *h, const void *key, size_t len);
/* Finds key or reserves a slot for it. *existed tells which; a reserved slot
 * must be filled with the new element before any other call. */
void **htab_insert(struct htab *h, const void *key, size_t len, int *existed);
/* Adds an element known to be absent. */
void htab_add(struct htab *h, void *elem);
/* Unlinks and returns the element equal to key, or NULL. */
void *htab_remove(struct htab *h, const void *key, size_t len);
/* A random element (NULL when empty); htab_pop_random also unlinks it. */
void *htab_random(struct htab *h);
void *htab_pop_random(struct htab *h);

typedef void htab_scan_fn(void *arg, void *elem);
unsigned long htab_scan(struct htab *h, unsigned long cursor, htab_scan_fn *fn, void *arg);

/* Iteration. The table must not change until htab_iter_end (lookups are
 * fine: they don't rehash while an iterator is live). */
struct htab_iter {
    struct htab *h;
    int table;
    size_t idx;
    struct hbucket *b;
    int slot;
};
void htab_iter_init(struct htab_iter *it, struct htab *h);
void *htab_iter_next(struct htab_iter *it); /* NULL at the end */
void htab_iter_end(struct htab_iter *it);

/* Chain statistics of table i (for DEBUG and tests). */
struct htab_stats {
    size_t buckets, used_buckets, child_buckets, max_chain, elements;
};
void htab_stats(const struct htab *h, int table, struct htab_stats *st);

#endif
