/* quicklist: see quicklist.h for the layout. Invariants kept by every function:
 *  - no node is empty; a plain node holds exactly one element;
 *  - node->sz == lp_bytes(node->data) for listpack nodes, the element's length
 *    for plain nodes; node->count == lp_length(node->data);
 *  - ql->count is the sum of the node counts and ql->len the number of nodes;
 *  - elements of packed_threshold bytes or more live in plain nodes, smaller
 *    ones in listpack nodes (a replacement may turn one kind into the other).
 * Node sizes are kept by the fill rule when adding elements; deletions may
 * leave nodes under-filled (a split by LINSERT/LSET merges with neighbours
 * where they fit).
 * Compression (ql->compress = d > 0): after every public call the d nodes at
 * each end are raw and every other node is compressed, except ql->open and
 * nodes marked `tried` (too small or incompressible). Internal code works on
 * raw nodes: need_raw() opens a node and records it in `touched`; finish()
 * ends every public call by recompressing touched inner nodes and the nodes
 * near the depth boundary at each end (the only ones whose inner/outer status
 * a change can flip, besides the touched ones). */
#include "quicklist.h"
#include "listpack.h"
#include "mem.h"
#include "util.h"
#include <lzf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SAFETY_LIMIT 8192 /* bytes per node when the fill counts entries */
#define FILL_MAX     32767
static const size_t fill_bytes[] = {4096, 8192, 16384, 32768, 65536};

static size_t packed_threshold = (size_t)1 << 30;

int ql_set_packed_threshold(size_t bytes) {
    if (bytes > ((size_t)1 << 32) - (1 << 20)) return 0; /* a listpack holds < 4 GB */
    packed_threshold = bytes ? bytes : (size_t)1 << 30;
    return 1;
}

size_t ql_packed_threshold(void) {
    return packed_threshold;
}

/* ------------------------------------------------------------ sizes */

static size_t backlen_bytes(size_t l) {
    return l <= 127 ? 1 : l < 16383 ? 2 : l < 2097151 ? 3 : l < 268435455 ? 4 : 5;
}

/* Exact size a listpack entry for s takes (the encoding listpack.c picks). */
static size_t entry_bytes(const void *s, size_t len) {
    long long v;
    if (len <= 20 && str2ll(s, len, &v)) {
        size_t e = (v >= 0 && v <= 127)                 ? 1
                   : (v >= -4096 && v <= 4095)          ? 2
                   : (v >= -32768 && v <= 32767)        ? 3
                   : (v >= -8388608 && v <= 8388607)    ? 4
                   : (v >= INT32_MIN && v <= INT32_MAX) ? 5
                                                        : 9;
        return e + 1;
    }
    size_t e = (len < 64 ? 1 : len < 4096 ? 2 : 5) + len;
    return e + backlen_bytes(e);
}

/* May a listpack node grow to sz bytes and count entries? */
static int node_fits(const struct quicklist *ql, size_t sz, unsigned long count) {
    if (ql->fill < 0) return sz <= fill_bytes[-ql->fill - 1];
    return sz <= SAFETY_LIMIT && count <= (unsigned long)ql->fill;
}

/* Redis decides whether an element of len bytes joins a node from an
 * estimate (len + 8), not from the entry's exact size; deciding the same way
 * keeps node boundaries, and so DUMP/RDB bytes, identical to Redis's. */
#define SIZE_ESTIMATE_OVERHEAD 8

static int can_add(const struct quicklist *ql, const struct qlnode *n, size_t len) {
    return n && !n->plain && node_fits(ql, n->sz + len + SIZE_ESTIMATE_OVERHEAD, n->count + 1);
}

/* ------------------------------------------------------------ raw listpacks */

/* Header fields, written here when listpacks are cut or joined byte-wise
 * (the format is in listpack.h: u32 total bytes, u16 count, 65535 = unknown). */
static void lp_header(unsigned char *lp, size_t total, unsigned long count) {
    if (count > 65535) count = 65535;
    lp[0] = (unsigned char)total, lp[1] = (unsigned char)(total >> 8);
    lp[2] = (unsigned char)(total >> 16), lp[3] = (unsigned char)(total >> 24);
    lp[4] = (unsigned char)count, lp[5] = (unsigned char)(count >> 8);
}

/* A listpack of the count entries encoded in bytes[0, n). */
static unsigned char *lp_from_entries(const unsigned char *bytes, size_t n, unsigned long count) {
    unsigned char *lp = xmalloc(n + LP_HDR_SIZE + 1);
    memcpy(lp + LP_HDR_SIZE, bytes, n);
    lp[LP_HDR_SIZE + n] = 0xFF;
    lp_header(lp, n + LP_HDR_SIZE + 1, count);
    return lp;
}

/* ------------------------------------------------------------ nodes */

static struct qlnode *node_new(unsigned char *data, size_t sz, unsigned long count, int plain) {
    struct qlnode *n = xmalloc(sizeof(*n));
    n->prev = n->next = NULL;
    n->data = data;
    n->sz = sz;
    n->count = count;
    n->plain = (unsigned)plain;
    n->compressed = 0;
    n->tried = 0;
    return n;
}

static struct qlnode *node_with(const void *s, size_t len) {
    if (len >= packed_threshold) {
        unsigned char *d = xmalloc(len);
        memcpy(d, s, len);
        return node_new(d, len, 1, 1);
    }
    unsigned char *lp = lp_append(lp_new(0), s, (uint32_t)len);
    return node_new(lp, lp_bytes(lp), 1, 0);
}

/* ------------------------------------------------------------ compression */

#define MIN_COMPRESS_BYTES   48 /* smaller nodes stay raw */
#define MIN_COMPRESS_IMPROVE 8  /* compression must save at least this much */
#define TOUCHED_MAX          16

/* Nodes opened or created during the current public call (calls never nest
 * and the server is single-threaded); on overflow finish() sweeps the list. */
static struct qlnode *touched[TOUCHED_MAX];
static int ntouched, touched_overflow;
static unsigned long nlinked; /* nodes linked during the current call */

static void touch(const struct quicklist *ql, struct qlnode *n) {
    if (!ql->compress) return;
    for (int i = 0; i < ntouched; i++)
        if (touched[i] == n) return;
    if (ntouched < TOUCHED_MAX)
        touched[ntouched++] = n;
    else
        touched_overflow = 1;
}

static void untouch(struct qlnode *n) {
    for (int i = 0; i < ntouched; i++)
        if (touched[i] == n) touched[i] = touched[--ntouched];
}

static void compress_node(struct qlnode *n) {
    if (n->compressed || n->tried) return;
    if (n->sz < MIN_COMPRESS_BYTES || n->sz > UINT32_MAX) {
        n->tried = 1;
        return;
    }
    unsigned int room = (unsigned int)n->sz - MIN_COMPRESS_IMPROVE - 1;
    unsigned char *buf = xmalloc(4 + (size_t)room);
    unsigned int clen = lzf_compress(n->data, (unsigned int)n->sz, buf + 4, room);
    if (clen == 0) { /* did not fit in room: saves less than MIN_COMPRESS_IMPROVE */
        xfree(buf);
        n->tried = 1;
        return;
    }
    uint32_t c32 = clen;
    memcpy(buf, &c32, 4);
    xfree(n->data);
    n->data = xrealloc(buf, 4 + (size_t)clen);
    n->compressed = 1;
}

static void decompress_node(struct qlnode *n) {
    if (!n->compressed) return;
    uint32_t clen;
    memcpy(&clen, n->data, 4);
    unsigned char *raw = xmalloc(n->sz);
    if (lzf_decompress(n->data + 4, clen, raw, (unsigned int)n->sz) != n->sz) {
        fprintf(stderr, "quicklist: corrupt compressed node\n");
        abort();
    }
    xfree(n->data);
    n->data = raw;
    n->compressed = 0;
    n->tried = 0; /* it did compress */
}

/* Makes n raw for reading or changing it; finish() settles it afterwards. */
static void need_raw(struct quicklist *ql, struct qlnode *n) {
    if (!ql->compress || !n) return;
    decompress_node(n);
    touch(ql, n);
}

/* Is n among the d nodes at either end? */
static int at_end(const struct quicklist *ql, const struct qlnode *n) {
    const struct qlnode *h = ql->head, *t = ql->tail;
    for (unsigned i = 0; i < ql->compress && (h || t); i++) {
        if (h == n || t == n) return 1;
        if (h) h = h->next;
        if (t) t = t->prev;
    }
    return 0;
}

static void settle_node(struct quicklist *ql, struct qlnode *n) {
    if (n == ql->open) return;
    if (at_end(ql, n))
        decompress_node(n);
    else
        compress_node(n);
}

/* Ends a public call: `keep` becomes the open node (NULL: none). */
static void finish(struct quicklist *ql, struct qlnode *keep) {
    if (!ql->compress) return;
    struct qlnode *old = ql->open;
    unsigned d = ql->compress;
    ql->open = keep;
    if (touched_overflow) {
        unsigned long i = 0;
        for (struct qlnode *n = ql->head; n; n = n->next, i++) {
            if (i < d || ql->len - 1 - i < d)
                decompress_node(n);
            else if (n != keep)
                compress_node(n);
        }
        ntouched = touched_overflow = 0;
        nlinked = 0;
        return;
    }
    if (old && old != keep) settle_node(ql, old);
    for (int i = 0; i < ntouched; i++)
        settle_node(ql, touched[i]);
    ntouched = 0;
    /* The ends, and the nodes past them that new nodes may have pushed inwards
     * (as many as were linked; deletions only pull nodes outwards). */
    struct qlnode *h = ql->head, *t = ql->tail;
    unsigned long window = (unsigned long)d + nlinked + 1;
    nlinked = 0;
    for (unsigned long i = 0; i < window && (h || t); i++) {
        int inner_h = i >= d && h && ql->len - 1 - i >= d;
        if (h) {
            if (i < d)
                decompress_node(h);
            else if (inner_h && h != keep)
                compress_node(h);
            h = h->next;
        }
        if (t) {
            if (i < d)
                decompress_node(t);
            else if (ql->len - 1 - i >= d && t != keep)
                compress_node(t);
            t = t->prev;
        }
    }
}

void ql_close(struct quicklist *ql) {
    finish(ql, NULL);
}

static void node_free(struct qlnode *n) {
    xfree(n->data);
    xfree(n);
}

static void link_node(struct quicklist *ql, struct qlnode *at, struct qlnode *n, int after) {
    if (!at) {
        n->prev = n->next = NULL;
        ql->head = ql->tail = n;
    } else if (after) {
        n->prev = at;
        n->next = at->next;
        if (at->next)
            at->next->prev = n;
        else
            ql->tail = n;
        at->next = n;
    } else {
        n->next = at;
        n->prev = at->prev;
        if (at->prev)
            at->prev->next = n;
        else
            ql->head = n;
        at->prev = n;
    }
    ql->len++;
    if (ql->compress) nlinked++;
    touch(ql, n);
}

/* Unlinks and frees n; ql->count is the caller's business. */
static void unlink_free(struct quicklist *ql, struct qlnode *n) {
    if (n->prev)
        n->prev->next = n->next;
    else
        ql->head = n->next;
    if (n->next)
        n->next->prev = n->prev;
    else
        ql->tail = n->prev;
    ql->len--;
    untouch(n);
    if (ql->open == n) ql->open = NULL;
    node_free(n);
}

static void lp_changed(struct qlnode *n, unsigned char *lp, long delta) {
    n->data = lp;
    n->sz = lp_bytes(lp);
    n->count = (uint64_t)((long)n->count + delta);
    n->tried = 0;
}

/* Moves the entries of listpack node n from position p on into a new node
 * linked after n; returns the new node. p must not be the first entry. */
static struct qlnode *split_at(struct quicklist *ql, struct qlnode *n, unsigned char *p) {
    unsigned long k = 0;
    for (unsigned char *q = lp_first(n->data); q && q != p; q = lp_next(n->data, q))
        k++;
    size_t off = (size_t)(p - n->data);
    size_t tail = n->sz - 1 - off;
    unsigned long moved = n->count - k;
    unsigned char *lp2 = lp_from_entries(p, tail, moved);
    lp_changed(n, lp_delete_range(n->data, (long)k, moved), -(long)moved);
    struct qlnode *r = node_new(lp2, lp_bytes(lp2), moved, 0);
    link_node(ql, n, r, 1);
    return r;
}

/* Joins a and a->next into a when both are listpacks and the result fits. */
static int try_merge(struct quicklist *ql, struct qlnode *a) {
    struct qlnode *b = a ? a->next : NULL;
    if (!b || a->plain || b->plain) return 0;
    size_t sz = a->sz + b->sz - (LP_HDR_SIZE + 1);
    /* Redis's estimate of the merged size (it takes 11 bytes off) */
    if (!node_fits(ql, a->sz + b->sz - 11, a->count + b->count)) return 0;
    need_raw(ql, a);
    need_raw(ql, b);
    unsigned char *lp = xrealloc(a->data, sz);
    memcpy(lp + a->sz - 1, b->data + LP_HDR_SIZE, b->sz - LP_HDR_SIZE); /* b's entries and EOF */
    lp_header(lp, sz, a->count + b->count);
    a->data = lp;
    a->sz = sz;
    a->count += b->count;
    a->tried = 0;
    unlink_free(ql, b);
    return 1;
}

/* Redis's merge pass around a node that was just split (_quicklistMergeNodes):
 * the two nodes before it, the two after it, then the node with its
 * neighbours. */
static void merge_around(struct quicklist *ql, struct qlnode *center) {
    struct qlnode *prev = center->prev, *next = center->next;
    if (prev && prev->prev) try_merge(ql, prev->prev);
    if (next && next->next) try_merge(ql, next);
    struct qlnode *p = center->prev;
    if (p && try_merge(ql, p)) center = p; /* the old center is gone */
    try_merge(ql, center);
}

/* ------------------------------------------------------------ lists */

struct quicklist *ql_new(int fill, int compress) {
    struct quicklist *ql = xmalloc(sizeof(*ql));
    ql->head = ql->tail = NULL;
    ql->count = 0;
    ql->len = 0;
    if (fill > FILL_MAX) fill = FILL_MAX;
    if (fill < -5) fill = -5;
    ql->fill = (int16_t)fill;
    ql->compress = (uint16_t)(compress < 0 ? 0 : compress > 65535 ? 65535 : compress);
    ql->open = NULL;
    return ql;
}

struct quicklist *ql_from_listpack(unsigned char *lp, int fill, int compress) {
    struct quicklist *ql = ql_new(fill, compress);
    unsigned long n = lp_length(lp);
    if (n == 0) {
        lp_free(lp);
        return ql;
    }
    link_node(ql, NULL, node_new(lp, lp_bytes(lp), n, 0), 1);
    ql->count = n;
    finish(ql, NULL);
    return ql;
}

void ql_append_node(struct quicklist *ql, unsigned char *data, size_t len, int plain) {
    unsigned long n = plain ? 1 : lp_length(data);
    link_node(ql, ql->tail, node_new(data, len, n, plain), 1);
    ql->count += n;
    finish(ql, NULL);
}

void ql_free(struct quicklist *ql) {
    struct qlnode *n = ql->head;
    while (n) {
        struct qlnode *next = n->next;
        node_free(n);
        n = next;
    }
    xfree(ql);
}

struct quicklist *ql_dup(const struct quicklist *ql) {
    struct quicklist *c = ql_new(ql->fill, ql->compress);
    for (struct qlnode *n = ql->head; n; n = n->next) {
        size_t bytes = n->sz;
        if (n->compressed) {
            uint32_t clen;
            memcpy(&clen, n->data, 4);
            bytes = 4 + (size_t)clen;
        }
        unsigned char *d = xmalloc(bytes);
        memcpy(d, n->data, bytes);
        struct qlnode *m = node_new(d, n->sz, n->count, n->plain);
        m->compressed = n->compressed;
        m->tried = n->tried;
        link_node(c, c->tail, m, 1);
    }
    c->count = ql->count;
    touched_overflow = c->compress && c->len > 0; /* settles the open node's copy too */
    finish(c, NULL);
    return c;
}

size_t ql_mem(const struct quicklist *ql) {
    size_t m = mem_usable((void *)ql);
    for (struct qlnode *n = ql->head; n; n = n->next)
        m += mem_usable(n) + mem_usable(n->data);
    return m;
}

static void push(struct quicklist *ql, const void *s, size_t len, int where) {
    struct qlnode *n = where == QL_HEAD ? ql->head : ql->tail;
    ql->count++;
    if (len < packed_threshold && can_add(ql, n, len)) {
        need_raw(ql, n);
        unsigned char *lp = where == QL_HEAD ? lp_prepend(n->data, s, (uint32_t)len)
                                             : lp_append(n->data, s, (uint32_t)len);
        lp_changed(n, lp, 1);
        return;
    }
    link_node(ql, n, node_with(s, len), where == QL_TAIL);
}

void ql_push(struct quicklist *ql, const void *s, size_t len, int where) {
    push(ql, s, len, where);
    finish(ql, NULL);
}

/* Writes element s at dst as a listpack entry of the size entry_bytes said. */
static void encode_at(unsigned char *dst, const void *s, size_t len, size_t want) {
    uint32_t got = lp_encode(dst, s, (uint32_t)len);
    if (got != want) { /* sizes and encoder disagree: the listpack would be corrupt */
        fprintf(stderr, "quicklist: entry size %u, expected %zu\n", got, want);
        abort();
    }
}

void ql_push_many(struct quicklist *ql, size_t n, ql_elem_fn *get, void *ctx, int where) {
    size_t i = 0;
    while (i < n) {
        size_t len;
        const void *s = get(ctx, i, &len);
        if (len >= packed_threshold) {
            push(ql, s, len, where);
            i++;
            continue;
        }
        struct qlnode *node = where == QL_HEAD ? ql->head : ql->tail;
        size_t total = entry_bytes(s, len);
        if (!can_add(ql, node, len)) {
            unsigned char *lp = lp_new(0);
            struct qlnode *fresh = node_new(lp, lp_bytes(lp), 0, 0);
            link_node(ql, node, fresh, where == QL_TAIL);
            node = fresh; /* takes its first element whatever its size */
        }
        need_raw(ql, node);
        /* Take the following elements while they fit in this node. */
        size_t j = i + 1;
        while (j < n) {
            size_t l2;
            const void *s2 = get(ctx, j, &l2);
            if (l2 >= packed_threshold) break;
            size_t eb = entry_bytes(s2, l2);
            if (!node_fits(ql, node->sz + total + l2 + SIZE_ESTIMATE_OVERHEAD,
                           node->count + (j - i) + 1))
                break;
            total += eb;
            j++;
        }
        size_t old = node->sz;
        unsigned char *lp = xrealloc(node->data, old + total);
        unsigned char *dst;
        if (where == QL_TAIL) {
            dst = lp + old - 1; /* over the old terminator */
            for (size_t k = i; k < j; k++) {
                size_t l;
                const void *e = get(ctx, k, &l);
                size_t eb = entry_bytes(e, l);
                encode_at(dst, e, l, eb);
                dst += eb;
            }
            *dst = 0xFF;
        } else {
            memmove(lp + LP_HDR_SIZE + total, lp + LP_HDR_SIZE, old - LP_HDR_SIZE);
            dst = lp + LP_HDR_SIZE;
            for (size_t k = j; k-- > i;) { /* the last pushed is the first */
                size_t l;
                const void *e = get(ctx, k, &l);
                size_t eb = entry_bytes(e, l);
                encode_at(dst, e, l, eb);
                dst += eb;
            }
        }
        lp_set_header(lp, old + total, node->count + (j - i));
        node->data = lp;
        node->sz = old + total;
        node->count += j - i;
        node->tried = 0;
        ql->count += j - i;
        i = j;
    }
    finish(ql, NULL);
}

/* The node holding index and the offset inside it, or NULL if out of range. */
static struct qlnode *locate(const struct quicklist *ql, long index, unsigned long *off) {
    unsigned long idx;
    if (index < 0) {
        unsigned long back = (unsigned long)(-(index + 1)); /* 0 = last element */
        if (back >= ql->count) return NULL;
        idx = ql->count - 1 - back;
    } else {
        if ((unsigned long)index >= ql->count) return NULL;
        idx = (unsigned long)index;
    }
    struct qlnode *n;
    if (idx < ql->count / 2) {
        n = ql->head;
        while (idx >= n->count)
            idx -= n->count, n = n->next;
    } else {
        unsigned long back = ql->count - 1 - idx;
        n = ql->tail;
        while (back >= n->count)
            back -= n->count, n = n->prev;
        idx = n->count - 1 - back;
    }
    *off = idx;
    return n;
}

static void entry_load(struct ql_entry *e, struct qlnode *n, unsigned char *p) {
    e->node = n;
    e->p = p;
    if (n->plain) {
        e->s = n->data;
        e->len = n->sz;
        return;
    }
    uint32_t l = 0;
    int64_t v = 0;
    e->s = lp_get(p, &l, &v);
    e->len = l;
    e->v = v;
}

int ql_index(struct quicklist *ql, long index, struct ql_entry *e) {
    unsigned long off;
    struct qlnode *n = locate(ql, index, &off);
    if (!n) {
        finish(ql, NULL);
        return 0;
    }
    need_raw(ql, n);
    finish(ql, n);
    entry_load(e, n, n->plain ? NULL : lp_seek(n->data, (long)off));
    return 1;
}

static void insert(struct quicklist *ql, struct ql_entry *e, const void *s, size_t len, int after) {
    struct qlnode *n = e->node;
    if (n->compressed) { /* e came from a call made before the last change */
        fprintf(stderr, "quicklist: entry of a compressed node\n");
        abort();
    }
    touch(ql, n);
    int at_tail = after && (n->plain || lp_next(n->data, e->p) == NULL);
    int at_head = !after && (n->plain || lp_prev(n->data, e->p) == NULL);
    ql->count++;
    if (len >= packed_threshold) {
        if (!at_tail && !at_head) split_at(ql, n, after ? lp_next(n->data, e->p) : e->p);
        link_node(ql, n, node_with(s, len), !at_head);
        return;
    }
    size_t eb = len;
    if (can_add(ql, n, eb)) {
        lp_changed(
            n, lp_insert(n->data, s, (uint32_t)len, e->p, after ? LP_AFTER : LP_BEFORE, NULL), 1);
        return;
    }
    if (at_tail) {
        need_raw(ql, n->next);
        if (can_add(ql, n->next, eb))
            lp_changed(n->next, lp_prepend(n->next->data, s, (uint32_t)len), 1);
        else
            link_node(ql, n, node_with(s, len), 1);
        return;
    }
    if (at_head) {
        need_raw(ql, n->prev);
        if (can_add(ql, n->prev, eb))
            lp_changed(n->prev, lp_append(n->prev->data, s, (uint32_t)len), 1);
        else
            link_node(ql, n, node_with(s, len), 0);
        return;
    }
    /* In the middle of a full node: cut it there and put the element at the cut. */
    /* As Redis: the element goes to the cut side of the new half, then the
     * nodes around the split merge where they fit. */
    struct qlnode *right = split_at(ql, n, after ? lp_next(n->data, e->p) : e->p);
    if (after) {
        lp_changed(right, lp_prepend(right->data, s, (uint32_t)len), 1);
        merge_around(ql, n);
    } else {
        lp_changed(n, lp_append(n->data, s, (uint32_t)len), 1);
        merge_around(ql, right);
    }
}

void ql_insert(struct quicklist *ql, struct ql_entry *e, const void *s, size_t len, int after) {
    insert(ql, e, s, len, after);
    finish(ql, NULL);
}

static void replace(struct quicklist *ql, struct ql_entry *e, const void *s, size_t len) {
    struct qlnode *n = e->node;
    if (n->compressed) {
        fprintf(stderr, "quicklist: entry of a compressed node\n");
        abort();
    }
    touch(ql, n);
    int large = len >= packed_threshold;
    if (!n->plain && !large) { /* in place, even past the fill limit, as Redis */
        lp_changed(n, lp_insert(n->data, s, (uint32_t)len, e->p, LP_REPLACE, NULL), 0);
        return;
    }
    if (n->plain && large) {
        xfree(n->data);
        n->data = xmalloc(len);
        memcpy(n->data, s, len);
        n->sz = len;
        n->tried = 0;
        return;
    }
    /* A small element for a plain node, or a big one in a listpack node: as
     * Redis, insert it after the element, then delete the element (now the
     * last of its node). */
    insert(ql, e, s, len, 1);
    ql->count--;
    if (n->count == 1)
        unlink_free(ql, n);
    else
        lp_changed(n, lp_delete(n->data, lp_last(n->data), NULL), -1);
}

void ql_replace(struct quicklist *ql, struct ql_entry *e, const void *s, size_t len) {
    replace(ql, e, s, len);
    finish(ql, NULL);
}

unsigned long ql_del_range(struct quicklist *ql, long start, unsigned long count) {
    unsigned long off;
    struct qlnode *n = locate(ql, start, &off);
    if (!n || count == 0) {
        finish(ql, NULL);
        return 0;
    }
    unsigned long idx =
        start < 0 ? ql->count - (unsigned long)(-(start + 1)) - 1 : (unsigned long)start;
    if (count > ql->count - idx) count = ql->count - idx;
    unsigned long left = count;
    while (left && n) {
        struct qlnode *next = n->next;
        unsigned long here = n->count - off;
        if (here > left) here = left;
        if (off == 0 && here == n->count) {
            unlink_free(ql, n);
        } else {
            need_raw(ql, n);
            lp_changed(n, lp_delete_range(n->data, (long)off, here), -(long)here);
        }
        ql->count -= here;
        left -= here;
        off = 0;
        n = next;
    }
    finish(ql, NULL);
    return count;
}

/* ------------------------------------------------------------ iteration */

/* Moves the iterator into n (may be NULL: the end), which becomes the open node. */
static void iter_enter(struct ql_iter *it, struct qlnode *n) {
    it->node = n;
    it->started = 0;
    it->p = NULL;
    need_raw(it->ql, n);
    finish(it->ql, n);
    if (n && !n->plain) it->p = it->dir == QL_TAIL ? lp_first(n->data) : lp_last(n->data);
}

void ql_iter_init(struct ql_iter *it, struct quicklist *ql, long start, int dir) {
    unsigned long off;
    it->ql = ql;
    it->dir = dir;
    it->started = 0;
    it->p = NULL;
    it->node = locate(ql, start, &off);
    need_raw(ql, it->node);
    finish(ql, it->node);
    if (it->node && !it->node->plain) it->p = lp_seek(it->node->data, (long)off);
}

int ql_next(struct ql_iter *it, struct ql_entry *e) {
    while (it->node) {
        struct qlnode *n = it->node;
        if (n->plain) {
            if (!it->started) {
                it->started = 1;
                entry_load(e, n, NULL);
                return 1;
            }
        } else if (it->p) {
            unsigned char *p = it->p;
            it->p = it->dir == QL_TAIL ? lp_next(n->data, p) : lp_prev(n->data, p);
            entry_load(e, n, p);
            return 1;
        }
        iter_enter(it, it->dir == QL_TAIL ? n->next : n->prev);
    }
    return 0;
}

void ql_iter_delete(struct ql_iter *it, struct ql_entry *e) {
    struct quicklist *ql = it->ql;
    struct qlnode *n = e->node;
    ql->count--;
    if (n->count == 1) {
        struct qlnode *nx = it->dir == QL_TAIL ? n->next : n->prev;
        unlink_free(ql, n);
        iter_enter(it, nx);
        return;
    }
    unsigned char *next;
    touch(ql, n);
    lp_changed(n, lp_delete(n->data, e->p, &next), -1);
    if (it->dir == QL_TAIL)
        it->p = next;
    else
        it->p = next ? lp_prev(n->data, next) : lp_last(n->data);
    finish(ql, n); /* n stays raw: the iterator points into it */
}

/* ------------------------------------------------------------ values */

void ql_needle_init(struct ql_needle *n, const void *s, size_t len) {
    long long v = 0;
    n->s = s;
    n->len = len;
    n->is_int = len <= 20 && str2ll(s, len, &v);
    n->v = v;
}

int ql_entry_eq(const struct ql_entry *e, const struct ql_needle *n) {
    if (e->s) return e->len == n->len && memcmp(e->s, n->s, n->len) == 0;
    return n->is_int && n->v == e->v;
}

const unsigned char *ql_entry_str(const struct ql_entry *e, size_t *len, unsigned char *buf) {
    if (e->s) {
        *len = e->len;
        return e->s;
    }
    *len = (size_t)ll2str((char *)buf, LONG_STR_SIZE, e->v);
    return buf;
}

/* ------------------------------------------------------------ checks */

int ql_check(const struct quicklist *ql) {
    unsigned long count = 0;
    uint32_t len = 0;
    const struct qlnode *prev = NULL;
    for (const struct qlnode *n = ql->head; n; prev = n, n = n->next) {
        if (n->prev != prev || n->count == 0) return 0;
        if (n->compressed && !ql->compress) return 0;
        const unsigned char *data = n->data;
        unsigned char *raw = NULL;
        if (n->compressed) {
            uint32_t clen;
            memcpy(&clen, n->data, 4);
            raw = xmalloc(n->sz);
            unsigned int got = lzf_decompress(n->data + 4, clen, raw, (unsigned int)n->sz);
            if (got != n->sz || clen + MIN_COMPRESS_IMPROVE >= n->sz) {
                xfree(raw);
                return 0;
            }
            data = raw;
        }
        int ok = 1;
        if (n->plain)
            ok = n->count == 1;
        else
            ok = n->sz == lp_bytes(data) && n->count == lp_length(data) &&
                 lp_validate(data, n->sz, 1);
        xfree(raw);
        if (!ok) return 0;
        count += n->count;
        len++;
    }
    return ql->tail == prev && count == ql->count && len == ql->len;
}

long ql_check_compression(const struct quicklist *ql) {
    long compressed = 0;
    unsigned long i = 0, d = ql->compress;
    for (const struct qlnode *n = ql->head; n; n = n->next, i++) {
        int end = i < d || ql->len - 1 - i < d;
        if (n->compressed) {
            if (end || !d) return -1;
            compressed++;
            continue;
        }
        if (end || !d || n == ql->open) continue;
        /* A raw inner node must be one that cannot be compressed. */
        if (n->sz >= MIN_COMPRESS_BYTES && n->sz <= UINT32_MAX) {
            unsigned int room = (unsigned int)n->sz - MIN_COMPRESS_IMPROVE - 1;
            unsigned char *buf = xmalloc(room ? room : 1);
            unsigned int clen = lzf_compress(n->data, (unsigned int)n->sz, buf, room);
            xfree(buf);
            if (clen != 0) return -1;
        }
    }
    return compressed;
}
