/* quicklist: a doubly linked list of nodes, each node a listpack (src/listpack.h,
 * Redis's byte format) holding a run of elements, or a "plain" node holding one
 * element that is too big for a listpack (>= the packed threshold, 1 GB unless
 * changed for tests).
 *
 *   quicklist{head, tail, count, len, fill}
 *      |
 *      v
 *   [node: lp(e0 e1 ... e453)] <-> [node: lp(e454 ...)] <-> [node: plain(big)] <-> ...
 *
 * Node size follows Redis's list-max-listpack-size ("fill"): a negative fill
 * caps a node's listpack at 4/8/16/32/64 KB (-1..-5), a positive fill caps
 * the entries per node (and a node also stays below 8 KB then). A node is
 * never empty; `count` is the number of elements, `len` the number of nodes.
 *
 * Positions: functions take Redis-style indexes (negative counts from the
 * tail). An entry (struct ql_entry) names an element by node and listpack
 * position; any change to the list invalidates entries and iterators, except
 * where a function says otherwise (ql_iter_delete keeps its iterator valid).
 *
 * Compression (list-compress-depth, `compress` = depth d > 0): the d nodes at
 * each end stay raw, every inner node is held LZF-compressed (listpack and
 * plain nodes alike) unless it is under 48 bytes or compression would not
 * save at least 8 bytes. A compressed node's data is [u32 compressed
 * length][LZF bytes]; node->sz stays the raw size. The list keeps at most one
 * inner node "open" (raw) for the caller: the node of the entry ql_index
 * returned last, or the node an iterator is in. It is recompressed when the
 * iterator leaves it, when another node is opened, by any change to the list
 * and by ql_close. */
#ifndef MNEMO_QUICKLIST_H
#define MNEMO_QUICKLIST_H
#include <stddef.h>
#include <stdint.h>

#define QL_HEAD 0
#define QL_TAIL 1

struct qlnode {
    struct qlnode *prev, *next;
    unsigned char *data; /* a listpack, or the raw bytes of a plain node's element */
    uint64_t sz : 44;    /* bytes of the raw data (also when compressed) */
    uint64_t count : 17; /* elements (1 for a plain node) */
    uint64_t plain : 1;
    uint64_t compressed : 1; /* data is [u32 len][LZF bytes] */
    uint64_t tried : 1;      /* raw content known not to compress (or too small) */
};

struct quicklist {
    struct qlnode *head, *tail;
    unsigned long count; /* elements */
    uint32_t len;        /* nodes */
    int16_t fill;        /* list-max-listpack-size, clamped to [-5, 32767] */
    uint16_t compress;   /* list-compress-depth: raw nodes at each end, 0: off */
    struct qlnode *open; /* inner node decompressed for the caller, or NULL */
};

/* One element as read from the list: `s` points at string bytes (valid until
 * the list changes) or is NULL for an integer held in `v`. */
struct ql_entry {
    struct qlnode *node;
    unsigned char *p; /* position in node->data (the listpack), NULL for a plain node */
    const unsigned char *s;
    size_t len;
    long long v;
};

struct ql_iter {
    struct quicklist *ql;
    struct qlnode *node;
    unsigned char *p; /* next entry of node to return; NULL: move to the next node */
    int dir;          /* QL_TAIL: head to tail; QL_HEAD: tail to head */
    int started;      /* plain node: 1 once its element was returned */
};

/* A value compared many times (LREM, LPOS, LINSERT): parsed once. */
struct ql_needle {
    const unsigned char *s;
    size_t len;
    int is_int;
    long long v;
};

struct quicklist *ql_new(int fill, int compress);
/* Wraps a listpack (taken over) as a one-node quicklist; lp must not be empty. */
struct quicklist *ql_from_listpack(unsigned char *lp, int fill, int compress);
void ql_free(struct quicklist *ql);
/* Links a node at the tail as it is (RDB loading keeps Redis's nodes): a
 * listpack of 1..65535 entries (plain = 0), or one element of len bytes
 * (plain = 1). data is taken over. */
void ql_append_node(struct quicklist *ql, unsigned char *data, size_t len, int plain);
struct quicklist *ql_dup(const struct quicklist *ql);
size_t ql_mem(const struct quicklist *ql); /* bytes allocated for the whole list */
/* Recompresses the open node (see above); entries and iterators of ql become invalid. */
void ql_close(struct quicklist *ql);

void ql_push(struct quicklist *ql, const void *s, size_t len, int where);
/* Pushes n elements one after the other, as n ql_push calls would (at the head
 * the last one ends up first), growing each node once: get(ctx, i, &len)
 * returns element i. */
typedef const void *ql_elem_fn(void *ctx, size_t i, size_t *len);
void ql_push_many(struct quicklist *ql, size_t n, ql_elem_fn *get, void *ctx, int where);
/* Finds the element at index (negative from the tail); 0 if out of range. */
int ql_index(struct quicklist *ql, long index, struct ql_entry *e);
/* Replaces the element e names (from ql_index/ql_next). */
void ql_replace(struct quicklist *ql, struct ql_entry *e, const void *s, size_t len);
/* Inserts next to the element e names (after = 1: after it). */
void ql_insert(struct quicklist *ql, struct ql_entry *e, const void *s, size_t len, int after);
/* Deletes count elements from index start (negative from the tail); returns how many. */
unsigned long ql_del_range(struct quicklist *ql, long start, unsigned long count);

/* Iteration from index start (negative from the tail) in direction dir. An
 * out-of-range start gives an empty iteration. */
void ql_iter_init(struct ql_iter *it, struct quicklist *ql, long start, int dir);
int ql_next(struct ql_iter *it, struct ql_entry *e);
/* Deletes the element ql_next returned last; the iteration continues after it. */
void ql_iter_delete(struct ql_iter *it, struct ql_entry *e);

void ql_needle_init(struct ql_needle *n, const void *s, size_t len);
int ql_entry_eq(const struct ql_entry *e, const struct ql_needle *n);
/* The entry's value as text: integers are written into buf (>= 21 bytes). */
const unsigned char *ql_entry_str(const struct ql_entry *e, size_t *len, unsigned char *buf);

/* Elements of at least this many bytes go to plain nodes (DEBUG
 * QUICKLIST-PACKED-THRESHOLD sets it): 0 restores the default of 1 GB; values
 * above 4 GB - 1 MB are refused (returns 0). */
int ql_set_packed_threshold(size_t bytes);
size_t ql_packed_threshold(void);

/* Checks the structural invariants (links, counts, sizes; compressed nodes are
 * decompressed to check them); 1 if they hold. For tests. */
int ql_check(const struct quicklist *ql);
/* Checks the compression rule: end nodes raw, every inner node but the open
 * one compressed unless it cannot be (too small, no gain). Returns the number
 * of compressed nodes, or -1 if the rule is broken. For tests. */
long ql_check_compression(const struct quicklist *ql);

#endif
