/* dict: an intrusive chained hash table with incremental rehashing.
 *
 * The table stores pointers to caller-owned nodes whose first member is a
 * `struct dnode` (the chain link). The dict never allocates or frees nodes; it
 * only links them. Keys live inside the nodes; the dict_type callbacks hash a
 * lookup key and compare it with a node.
 *
 *   t[0]: [b0]->n->n   [b1]   [b2]->n  ...   (2^exp0 buckets)
 *   t[1]: only while rehashing; buckets of t[0] below rehash_idx are empty.
 *
 * Growth doubles the table when used >= size (load factor 1); shrinking is
 * asked for by the owner (dict_shrink_if_needed). While rehashing, each
 * lookup/insert moves one bucket, and the owner may spend time in
 * dict_rehash_ms. dict_scan uses a reverse-binary cursor: every node present
 * for the whole scan is reported at least once, even across resizes. */
#ifndef MNEMO_DICT_H
#define MNEMO_DICT_H
#include <stddef.h>
#include <stdint.h>

struct dnode {
    struct dnode *next;
};

struct dict_type {
    uint64_t (*hash)(const void *key, size_t len);
    uint64_t (*node_hash)(const struct dnode *n);
    int (*node_eq)(const struct dnode *n, const void *key, size_t len);
};

struct dict {
    const struct dict_type *type;
    struct dnode **t[2];
    uint8_t exp[2]; /* log2 of bucket count; table absent when t[i] == NULL */
    size_t used[2];
    long rehash_idx;  /* -1 when not rehashing */
    int pause_rehash; /* >0 while a safe iterator is alive */
    int no_resize;    /* set by the owner to defer growth (e.g. while forked) */
};

void dict_init(struct dict *d, const struct dict_type *type);
/* Unlinks every node, calling free_fn on each (may be NULL), and frees the tables. */
void dict_clear(struct dict *d, void (*free_fn)(struct dnode *n, void *arg), void *arg);
size_t dict_size(const struct dict *d);
size_t dict_buckets(const struct dict *d);
int dict_is_rehashing(const struct dict *d);

struct dnode *dict_find(struct dict *d, const void *key, size_t len);
/* Links n, which must not be in the dict (no duplicate check). */
void dict_add(struct dict *d, struct dnode *n);
/* Unlinks and returns the node with this key, or NULL. */
struct dnode *dict_unlink(struct dict *d, const void *key, size_t len);
/* Puts repl in the chain position of old (same key, e.g. after a realloc). Returns 0 or -1. */
int dict_replace(struct dict *d, struct dnode *old, struct dnode *repl);
/* Locates the chain slot that points to the node with this key (for in-place swaps). */
struct dnode **dict_find_ref(struct dict *d, const void *key, size_t len);

/* Growth veto for every dict of one type (the keyspace under maxmemory): before
 * growing such a dict, fn gets the bytes the new table would take and the
 * current load factor, and returns 0 to keep the current table for now. One
 * type at a time; fn NULL removes the veto. */
void dict_set_expand_hook(const struct dict_type *type, int (*fn)(size_t more_mem, double load));

int dict_rehash(struct dict *d, int buckets); /* returns 1 if more work remains */
int dict_rehash_ms(struct dict *d, int ms);   /* rehashes for about ms; returns buckets moved */
int dict_expand(struct dict *d, size_t size); /* grow/shrink to fit size; 0 ok */
void dict_shrink_if_needed(struct dict *d);   /* below 10% fill: start shrinking */

typedef void dict_scan_fn(void *arg, struct dnode *n);
unsigned long dict_scan(struct dict *d, unsigned long cursor, dict_scan_fn *fn, void *arg);

struct dnode *dict_random(struct dict *d);
/* Fills out with up to count nodes from a random area; returns how many. */
size_t dict_sample(struct dict *d, struct dnode **out, size_t count);

/* Iteration: a safe iterator pauses rehashing so the caller may delete the
 * current node (and only that). */
struct dict_iter {
    struct dict *d;
    int table, safe;
    long bucket;
    struct dnode *cur, *next;
};
void dict_iter_init(struct dict_iter *it, struct dict *d, int safe);
struct dnode *dict_next(struct dict_iter *it);
void dict_iter_end(struct dict_iter *it);

/* Hash functions (seeded at start-up). */
void hash_set_seed(const uint8_t seed[16]);
uint64_t hash_bytes(const void *p, size_t n);
uint64_t hash_bytes_nocase(const void *p, size_t n);

#endif
