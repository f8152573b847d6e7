/* zbtree: order-statistics B+tree of (score, member) with a compact member
 * index. The layout and the contracts are described in zbtree.h.
 *
 * Invariants (zbt_check verifies them):
 *  - elements are in strictly increasing (score, member) order across leaves;
 *  - an inner node of height h has 1..FANOUT kids of height h-1 (the root, if
 *    inner, at least 2); cnt[i] is the element count of kid i's subtree and
 *    min[i] the score of its first element;
 *  - only the root may be an empty leaf; leaves are linked in order from
 *    t->head to t->tail; the first entry of a leaf has shared = 0;
 *  - the index holds exactly one slot per element, each reachable from its
 *    home slot without crossing an empty slot.
 * Nodes never move once allocated; leaves move when they are resized, and the
 * function that resizes one fixes the pointers to it (parent, neighbours). */
#include "zbtree.h"
#include "dict.h"
#include "mem.h"
#include <math.h>
#include <string.h>

#define FANOUT     64
#define NODE_LOW   (FANOUT / 4)     /* below this an inner node tries to merge */
#define NODE_MERGE (FANOUT * 3 / 4) /* ... if the merged node has at most this many kids */
#define LEAF_MAX   512              /* payload bytes above which a leaf splits */
#define LEAF_LOW   (LEAF_MAX / 4)
#define LEAF_MERGE (LEAF_MAX * 3 / 4)
#define MAXH       48

struct zleaf {
    struct zleaf *prev, *next;
    uint32_t used, cap, n;
    unsigned char d[];
};

struct znode {
    uint32_t n, h; /* kids; height (1: the kids are leaves) */
    uint64_t cnt[FANOUT + 1];
    double min[FANOUT + 1];
    void *kid[FANOUT + 1]; /* one spare slot: a node overflows, then splits */
};

struct zbt {
    void *root;
    int height; /* inner levels above the leaves */
    uint64_t count;
    struct zleaf *head, *tail;
    size_t mem;
    /* member index */
    uint32_t *ifp; /* 0 = empty slot */
    double *isc;
    uint64_t icap, iused;
    uint64_t uid;
};

static uint64_t next_uid = 1;

/* Path from the root to a leaf: node[k] at depth k and the kid taken there. */
struct zpath {
    int n;
    struct znode *node[MAXH];
    int idx[MAXH];
};

/* ------------------------------------------------------------ encodings */

#define SC_SMALL_MAX 223  /* tags 0..223 are the integer itself */
#define SC_POS       0xE0 /* 0xE0 + k: a non-negative integer in k bytes (k = 1..7) */
#define SC_NEG       0xE8 /* 0xE8 + k: a negative integer, its magnitude in k bytes */
#define SC_DBL       0xF0 /* the 8 raw bytes of the double */

static int score_int(double s, uint64_t *mag, int *neg) {
    if (!(s >= -9007199254740992.0 && s <= 9007199254740992.0)) return 0;
    int64_t v = (int64_t)s;
    if ((double)v != s || (v == 0 && signbit(s))) return 0;
    *neg = v < 0;
    *mag = v < 0 ? (uint64_t)(-v) : (uint64_t)v;
    return 1;
}

static size_t score_put(unsigned char *p, double s) {
    uint64_t mag;
    int neg;
    if (score_int(s, &mag, &neg)) {
        if (!neg && mag <= SC_SMALL_MAX) {
            p[0] = (unsigned char)mag;
            return 1;
        }
        int k = 1;
        while (k < 7 && (mag >> (8 * k)))
            k++;
        p[0] = (unsigned char)((neg ? SC_NEG : SC_POS) + k);
        for (int i = 0; i < k; i++)
            p[1 + i] = (unsigned char)(mag >> (8 * i));
        return 1 + (size_t)k;
    }
    p[0] = SC_DBL;
    memcpy(p + 1, &s, 8);
    return 9;
}

static size_t score_get(const unsigned char *p, double *s) {
    unsigned t = p[0];
    if (t <= SC_SMALL_MAX) {
        *s = t;
        return 1;
    }
    if (t == SC_DBL) {
        memcpy(s, p + 1, 8);
        return 9;
    }
    int k = (int)(t & 7), neg = t >= SC_NEG;
    uint64_t mag = 0;
    for (int i = 0; i < k; i++)
        mag |= (uint64_t)p[1 + i] << (8 * i);
    *s = neg ? -(double)mag : (double)mag;
    return 1 + (size_t)k;
}

static inline size_t vput(unsigned char *p, size_t v) {
    size_t n = 0;
    while (v >= 0x80) {
        p[n++] = (unsigned char)(v | 0x80);
        v >>= 7;
    }
    p[n++] = (unsigned char)v;
    return n;
}

static inline size_t vget(const unsigned char *p, size_t *v) {
    size_t r = 0, n = 0;
    int shift = 0;
    for (;;) {
        unsigned char b = p[n++];
        r |= (size_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) break;
        shift += 7;
    }
    *v = r;
    return n;
}

static inline size_t vlen(size_t v) {
    size_t n = 1;
    while (v >= 0x80)
        v >>= 7, n++;
    return n;
}

struct ehdr {
    double score;
    size_t shared, slen, len; /* len: the whole encoded entry */
    const unsigned char *suffix;
};

static inline size_t entry_get(const unsigned char *p, struct ehdr *e) {
    size_t n = score_get(p, &e->score);
    n += vget(p + n, &e->shared);
    n += vget(p + n, &e->slen);
    e->suffix = p + n;
    e->len = n + e->slen;
    return e->len;
}

static size_t entry_size(double s, size_t shared, size_t slen) {
    unsigned char tmp[9];
    return score_put(tmp, s) + vlen(shared) + vlen(slen) + slen;
}

static size_t entry_put(unsigned char *p, double s, size_t shared, const char *suffix,
                        size_t slen) {
    size_t n = score_put(p, s);
    n += vput(p + n, shared);
    n += vput(p + n, slen);
    if (slen) memcpy(p + n, suffix, slen);
    return n + slen;
}

static inline int cmp_mem(const char *a, size_t al, const char *b, size_t bl) {
    size_t n = al < bl ? al : bl;
    int c = n ? memcmp(a, b, n) : 0;
    if (c) return c;
    return al < bl ? -1 : al > bl;
}

static inline int cmp_key(double s1, const char *m1, size_t l1, double s2, const char *m2,
                          size_t l2) {
    if (s1 < s2) return -1;
    if (s1 > s2) return 1;
    return cmp_mem(m1, l1, m2, l2);
}

static inline size_t lcp(const char *a, size_t al, const char *b, size_t bl) {
    size_t n = al < bl ? al : bl, i = 0;
    while (i < n && a[i] == b[i])
        i++;
    return i;
}

/* A growable byte buffer with room on the stack for the common case. Not
 * movable (p may point at small). */
struct buf {
    char *p;
    size_t cap;
    char small[128];
};

static void buf_init(struct buf *b) {
    b->p = b->small;
    b->cap = sizeof(b->small);
}

static void buf_reserve(struct buf *b, size_t n, size_t keep) {
    if (n <= b->cap) return;
    size_t cap = n < 64 ? 64 : n + n / 2;
    char *p = xmalloc(cap);
    if (keep) memcpy(p, b->p, keep);
    if (b->p != b->small) xfree(b->p);
    b->p = p;
    b->cap = cap;
}

static void buf_free(struct buf *b) {
    if (b->p != b->small) xfree(b->p);
    buf_init(b);
}

/* ------------------------------------------------------------ leaf scanner */

/* Streams the entries of one leaf. b holds the member of the last entry
 * stepped over ("applied"); the next entry can be looked at first (peeked):
 * its member is then b[0, e.shared) followed by its suffix, so searches
 * compare without rebuilding members they pass, and at a stop b still holds
 * the previous member. */
struct scan {
    const struct zleaf *leaf;
    uint32_t off, next; /* offset of the last applied entry, of the next one */
    int idx;            /* index of the last applied entry, -1 before the first */
    struct ehdr e;      /* header of the peeked (or last applied) entry */
    struct buf b;
    size_t mlen;
};

static void scan_start(struct scan *s, const struct zleaf *l) {
    s->leaf = l;
    s->off = s->next = 0;
    s->idx = -1;
    buf_init(&s->b);
    s->mlen = 0;
}

static void scan_end(struct scan *s) {
    buf_free(&s->b);
}

/* Reads the header of the next entry; 0 at the end of the leaf. */
static inline int scan_peek(struct scan *s) {
    if (s->next >= s->leaf->used) return 0;
    entry_get(s->leaf->d + s->next, &s->e);
    return 1;
}

/* Steps over the peeked entry, rebuilding its member in b. */
static inline void scan_apply(struct scan *s) {
    size_t len = s->e.shared + s->e.slen;
    buf_reserve(&s->b, len, s->e.shared);
    if (s->e.slen) memcpy(s->b.p + s->e.shared, s->e.suffix, s->e.slen);
    s->mlen = len;
    s->off = s->next;
    s->next += (uint32_t)s->e.len;
    s->idx++;
}

static inline int scan_step(struct scan *s) {
    if (!scan_peek(s)) return 0;
    scan_apply(s);
    return 1;
}

static inline const char *scan_member(const struct scan *s) {
    return s->b.p;
}

static inline size_t peeked_len(const struct scan *s) {
    return s->e.shared + s->e.slen;
}

/* Compares the peeked entry's member with m. */
static int cmp_peeked(const struct scan *s, const char *m, size_t ml) {
    size_t sh = s->e.shared, n = sh < ml ? sh : ml;
    int c = n ? memcmp(s->b.p, m, n) : 0;
    if (c) return c;
    if (ml <= sh) return peeked_len(s) > ml;
    return cmp_mem((const char *)s->e.suffix, s->e.slen, m + sh, ml - sh);
}

static size_t lcp_peeked(const struct scan *s, const char *m, size_t ml) {
    size_t sh = s->e.shared, l = lcp(s->b.p, sh, m, ml);
    if (l < sh) return l;
    return sh + lcp((const char *)s->e.suffix, s->e.slen, m + sh, ml - sh);
}

/* Copies bytes [from, len) of the peeked entry's member to dst. */
static void copy_peeked(const struct scan *s, size_t from, char *dst) {
    size_t sh = s->e.shared;
    if (from < sh) {
        memcpy(dst, s->b.p + from, sh - from);
        dst += sh - from;
        from = sh;
    }
    if (s->e.slen > from - sh) memcpy(dst, s->e.suffix + (from - sh), s->e.slen - (from - sh));
}

/* Writes an entry whose member is the peeked one, sharing `shared` bytes. */
static size_t put_peeked(unsigned char *p, const struct scan *s, size_t shared) {
    size_t slen = peeked_len(s) - shared;
    size_t n = score_put(p, s->e.score);
    n += vput(p + n, shared);
    n += vput(p + n, slen);
    copy_peeked(s, shared, (char *)p + n);
    return n + slen;
}

/* Applies entries while they are below (sc, m), then stops with the first
 * entry >= (sc, m) peeked: returns 0 if it is equal, 1 if greater, -1 if
 * every entry is below (the last one then being applied). */
static int scan_to(struct scan *s, double sc, const char *m, size_t ml) {
    while (scan_peek(s)) {
        int c = s->e.score < sc ? -1 : s->e.score > sc ? 1 : cmp_peeked(s, m, ml);
        if (c >= 0) return c > 0;
        scan_apply(s);
    }
    return -1;
}

/* ------------------------------------------------------------ allocation */

static void *tmalloc(struct zbt *t, size_t n) {
    void *p = xmalloc(n);
    t->mem += mem_usable(p);
    return p;
}

static void tfree(struct zbt *t, void *p) {
    if (!p) return;
    t->mem -= mem_usable(p);
    xfree(p);
}

static struct zleaf *leaf_new(struct zbt *t, size_t cap) {
    struct zleaf *l = tmalloc(t, sizeof(*l) + cap);
    l->prev = l->next = NULL;
    l->used = l->n = 0;
    l->cap = (uint32_t)(mem_usable(l) - sizeof(*l));
    return l;
}

static struct znode *node_new(struct zbt *t, uint32_t h) {
    struct znode *nd = tmalloc(t, sizeof(*nd));
    nd->n = 0;
    nd->h = h;
    return nd;
}

/* Gives leaf l a capacity of at least `need` (or shrinks it to about that),
 * then fixes every pointer to it: par->kid[idx] (or the root) and the links. */
static struct zleaf *leaf_realloc(struct zbt *t, struct znode *par, int idx, struct zleaf *l,
                                  size_t need) {
    size_t before = mem_usable(l);
    struct zleaf *n = xrealloc(l, sizeof(*n) + need);
    size_t after = mem_usable(n);
    t->mem = t->mem - before + after;
    n->cap = (uint32_t)(after - sizeof(*n));
    if (n == l) return n;
    if (par)
        par->kid[idx] = n;
    else
        t->root = n;
    if (n->prev)
        n->prev->next = n;
    else
        t->head = n;
    if (n->next)
        n->next->prev = n;
    else
        t->tail = n;
    return n;
}

static inline struct znode *path_parent(const struct zpath *p) {
    return p->n ? p->node[p->n - 1] : NULL;
}

static inline int path_pidx(const struct zpath *p) {
    return p->n ? p->idx[p->n - 1] : 0;
}

/* Replaces bytes [off, off+oldlen) of the leaf at the end of path p with
 * `newlen` bytes from src. Returns the (possibly moved) leaf. */
static struct zleaf *leaf_splice(struct zbt *t, struct zpath *p, struct zleaf *l, uint32_t off,
                                 uint32_t oldlen, const unsigned char *src, uint32_t newlen) {
    uint32_t used = l->used - oldlen + newlen;
    if (used > l->cap) l = leaf_realloc(t, path_parent(p), path_pidx(p), l, used);
    memmove(l->d + off + newlen, l->d + off + oldlen, l->used - off - oldlen);
    if (newlen) memcpy(l->d + off, src, newlen);
    l->used = used;
    if (l->cap > 256 && used < l->cap / 2)
        l = leaf_realloc(t, path_parent(p), path_pidx(p), l, used);
    return l;
}

/* ------------------------------------------------------------ tree basics */

struct zbt *zbt_new(void) {
    struct zbt *t = xmalloc(sizeof(*t));
    memset(t, 0, sizeof(*t));
    t->mem = mem_usable(t);
    t->uid = next_uid++;
    struct zleaf *l = leaf_new(t, 64);
    t->root = t->head = t->tail = l;
    return t;
}

static void free_sub(struct zbt *t, void *x, uint32_t h) {
    if (h == 0) {
        tfree(t, x);
        return;
    }
    struct znode *nd = x;
    for (uint32_t i = 0; i < nd->n; i++)
        free_sub(t, nd->kid[i], h - 1);
    tfree(t, nd);
}

void zbt_free(struct zbt *t) {
    if (!t) return;
    free_sub(t, t->root, (uint32_t)t->height);
    tfree(t, t->ifp);
    tfree(t, t->isc);
    xfree(t);
}

uint64_t zbt_len(const struct zbt *t) {
    return t->count;
}

size_t zbt_mem(const struct zbt *t) {
    return t->mem;
}

int zbt_height(const struct zbt *t) {
    return t->height;
}

uint64_t zbt_index_cap(const struct zbt *t) {
    return t->icap;
}

static const char *leaf_first(const struct zleaf *l, size_t *len, double *score) {
    struct ehdr e;
    entry_get(l->d, &e);
    *len = e.slen;
    if (score) *score = e.score;
    return (const char *)e.suffix;
}

static const struct zleaf *sub_first_leaf(const void *x, uint32_t h) {
    while (h--)
        x = ((const struct znode *)x)->kid[0];
    return x;
}

static double sub_min(const void *x, uint32_t h) {
    if (h) return ((const struct znode *)x)->min[0];
    double s;
    size_t len;
    leaf_first(x, &len, &s);
    return s;
}

/* First member of kid i of nd. */
static const char *kid_first_member(const struct znode *nd, uint32_t i, size_t *len) {
    return leaf_first(sub_first_leaf(nd->kid[i], nd->h - 1), len, NULL);
}

/* The kid of nd whose range holds (s, m): the last kid whose first key is
 * <= (s, m), or kid 0 when (s, m) is below them all. */
static uint32_t pick_child(const struct znode *nd, double s, const char *m, size_t ml) {
    uint32_t lo = 0, hi = nd->n; /* hi: first kid with min > s */
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        if (nd->min[mid] > s)
            hi = mid;
        else
            lo = mid + 1;
    }
    uint32_t ub = hi;
    if (ub == 0) return 0;
    lo = 0;
    hi = ub; /* first kid with min >= s */
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        if (nd->min[mid] < s)
            lo = mid + 1;
        else
            hi = mid;
    }
    uint32_t eq = lo;
    if (eq == ub) return ub - 1;
    /* kids eq..ub-1 start at score s: find the first whose first member > m */
    lo = eq;
    hi = ub;
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        size_t fl;
        const char *f = kid_first_member(nd, mid, &fl);
        if (cmp_mem(f, fl, m, ml) <= 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo == 0 ? 0 : lo - 1;
}

static struct zleaf *descend(struct zbt *t, double s, const char *m, size_t ml, struct zpath *p,
                             uint64_t *rank) {
    void *x = t->root;
    uint64_t r = 0;
    p->n = t->height;
    for (int k = 0; k < t->height; k++) {
        struct znode *nd = x;
        uint32_t i = pick_child(nd, s, m, ml);
        for (uint32_t j = 0; j < i; j++)
            r += nd->cnt[j];
        p->node[k] = nd;
        p->idx[k] = (int)i;
        x = nd->kid[i];
    }
    if (rank) *rank = r;
    return x;
}

static void path_add_count(struct zpath *p, int64_t delta) {
    for (int k = 0; k < p->n; k++)
        p->node[k]->cnt[p->idx[k]] += (uint64_t)delta;
}

/* The first score of the subtree at the end of the path became s. */
static void path_set_min(struct zpath *p, int from, double s) {
    for (int k = from; k >= 0; k--) {
        p->node[k]->min[p->idx[k]] = s;
        if (p->idx[k] != 0) break;
    }
}

/* ------------------------------------------------------------ splits */

/* Puts `right` just after `left` (which sits at p->idx[lvl] of p->node[lvl])
 * with the given counts; lvl < 0 grows a new root. Splits full nodes upwards. */
static void add_sibling(struct zbt *t, struct zpath *p, int lvl, void *left, uint64_t leftcnt,
                        void *right, uint64_t rightcnt, double rightmin, uint32_t kidh) {
    if (lvl < 0) {
        struct znode *r = node_new(t, kidh + 1);
        r->n = 2;
        r->kid[0] = left;
        r->cnt[0] = leftcnt;
        r->min[0] = sub_min(left, kidh);
        r->kid[1] = right;
        r->cnt[1] = rightcnt;
        r->min[1] = rightmin;
        t->root = r;
        t->height++;
        return;
    }
    struct znode *nd = p->node[lvl];
    uint32_t i = (uint32_t)p->idx[lvl];
    nd->cnt[i] = leftcnt;
    uint32_t move = nd->n - i - 1;
    memmove(&nd->kid[i + 2], &nd->kid[i + 1], move * sizeof(nd->kid[0]));
    memmove(&nd->cnt[i + 2], &nd->cnt[i + 1], move * sizeof(nd->cnt[0]));
    memmove(&nd->min[i + 2], &nd->min[i + 1], move * sizeof(nd->min[0]));
    nd->kid[i + 1] = right;
    nd->cnt[i + 1] = rightcnt;
    nd->min[i + 1] = rightmin;
    nd->n++;
    if (nd->n <= FANOUT) return;
    struct znode *r = node_new(t, nd->h);
    uint32_t half = nd->n / 2;
    r->n = nd->n - half;
    memcpy(r->kid, &nd->kid[half], r->n * sizeof(r->kid[0]));
    memcpy(r->cnt, &nd->cnt[half], r->n * sizeof(r->cnt[0]));
    memcpy(r->min, &nd->min[half], r->n * sizeof(r->min[0]));
    nd->n = half;
    uint64_t lc = 0, rc = 0;
    for (uint32_t j = 0; j < nd->n; j++)
        lc += nd->cnt[j];
    for (uint32_t j = 0; j < r->n; j++)
        rc += r->cnt[j];
    add_sibling(t, p, lvl - 1, nd, lc, r, rc, r->min[0], nd->h);
}

/* Splits the leaf at the end of path p about its middle byte. */
static void split_leaf(struct zbt *t, struct zpath *p, struct zleaf *l) {
    struct scan sc;
    scan_start(&sc, l);
    scan_step(&sc); /* entry 0 stays left */
    while (scan_step(&sc))
        if (sc.off >= l->used / 2 || sc.next >= l->used) break;
    /* sc stands on the first entry of the right half */
    uint32_t off = sc.off, rest = l->used - sc.next;
    uint32_t k = (uint32_t)sc.idx;
    size_t first = entry_size(sc.e.score, 0, sc.mlen);
    struct zleaf *r = leaf_new(t, first + rest);
    r->used = (uint32_t)(entry_put(r->d, sc.e.score, 0, scan_member(&sc), sc.mlen) + rest);
    memcpy(r->d + first, l->d + sc.next, rest);
    r->n = l->n - k;
    double rmin = sc.e.score;
    scan_end(&sc);
    l->n = k;
    l->used = off;
    l = leaf_realloc(t, path_parent(p), path_pidx(p), l, off);
    r->prev = l;
    r->next = l->next;
    if (l->next)
        l->next->prev = r;
    else
        t->tail = r;
    l->next = r;
    add_sibling(t, p, p->n - 1, l, l->n, r, r->n, rmin, 0);
}

/* ------------------------------------------------------------ merges */

static void node_remove_kid(struct zbt *t, struct zpath *p, int lvl, uint32_t i);

/* Fixes a node at depth lvl that lost kids. */
static void node_underflow(struct zbt *t, struct zpath *p, int lvl) {
    struct znode *nd = p->node[lvl];
    if (lvl == 0) {
        /* the root: collapse while it has one kid */
        while (t->height > 0 && ((struct znode *)t->root)->n == 1) {
            struct znode *r = t->root;
            t->root = r->kid[0];
            t->height--;
            tfree(t, r);
        }
        return;
    }
    struct znode *par = p->node[lvl - 1];
    uint32_t i = (uint32_t)p->idx[lvl - 1];
    if (nd->n == 0) {
        tfree(t, nd);
        node_remove_kid(t, p, lvl - 1, i);
        return;
    }
    if (nd->n >= NODE_LOW) return;
    if (i + 1 < par->n) {
        struct znode *s = par->kid[i + 1];
        if (nd->n + s->n <= NODE_MERGE) {
            memcpy(&nd->kid[nd->n], s->kid, s->n * sizeof(s->kid[0]));
            memcpy(&nd->cnt[nd->n], s->cnt, s->n * sizeof(s->cnt[0]));
            memcpy(&nd->min[nd->n], s->min, s->n * sizeof(s->min[0]));
            nd->n += s->n;
            par->cnt[i] += par->cnt[i + 1];
            tfree(t, s);
            node_remove_kid(t, p, lvl - 1, i + 1);
            return;
        }
    }
    if (i > 0) {
        struct znode *s = par->kid[i - 1];
        if (nd->n + s->n <= NODE_MERGE) {
            memcpy(&s->kid[s->n], nd->kid, nd->n * sizeof(nd->kid[0]));
            memcpy(&s->cnt[s->n], nd->cnt, nd->n * sizeof(nd->cnt[0]));
            memcpy(&s->min[s->n], nd->min, nd->n * sizeof(nd->min[0]));
            s->n += nd->n;
            par->cnt[i - 1] += par->cnt[i];
            tfree(t, nd);
            node_remove_kid(t, p, lvl - 1, i);
        }
    }
}

/* Removes kid i of the node at depth lvl (its elements are gone or were
 * moved to a sibling whose count already includes them). */
static void node_remove_kid(struct zbt *t, struct zpath *p, int lvl, uint32_t i) {
    struct znode *nd = p->node[lvl];
    uint32_t move = nd->n - i - 1;
    memmove(&nd->kid[i], &nd->kid[i + 1], move * sizeof(nd->kid[0]));
    memmove(&nd->cnt[i], &nd->cnt[i + 1], move * sizeof(nd->cnt[0]));
    memmove(&nd->min[i], &nd->min[i + 1], move * sizeof(nd->min[0]));
    nd->n--;
    if (i == 0 && nd->n > 0 && lvl > 0) path_set_min(p, lvl - 1, nd->min[0]);
    node_underflow(t, p, lvl);
}

/* Appends leaf b's entries to leaf a (b follows a under the same parent, at
 * kid index ia + 1), then drops b. */
static void merge_leaves(struct zbt *t, struct zpath *p, uint32_t ia, struct zleaf *a,
                         struct zleaf *b) {
    struct znode *par = path_parent(p);
    if (a->used + b->used > a->cap) a = leaf_realloc(t, par, (int)ia, a, a->used + b->used);
    memcpy(a->d + a->used, b->d, b->used);
    a->used += b->used;
    a->n += b->n;
    a->next = b->next;
    if (b->next)
        b->next->prev = a;
    else
        t->tail = a;
    par->cnt[ia] += par->cnt[ia + 1];
    tfree(t, b);
    node_remove_kid(t, p, p->n - 1, ia + 1);
}

static void leaf_underflow(struct zbt *t, struct zpath *p, struct zleaf *l) {
    if (p->n == 0) return; /* the root leaf may be anything */
    struct znode *par = path_parent(p);
    uint32_t i = (uint32_t)path_pidx(p);
    if (l->n == 0) {
        if (l->prev)
            l->prev->next = l->next;
        else
            t->head = l->next;
        if (l->next)
            l->next->prev = l->prev;
        else
            t->tail = l->prev;
        tfree(t, l);
        node_remove_kid(t, p, p->n - 1, i);
        return;
    }
    if (l->used >= LEAF_LOW) return;
    if (i + 1 < par->n) {
        struct zleaf *r = par->kid[i + 1];
        if (l->used + r->used <= LEAF_MERGE) {
            merge_leaves(t, p, i, l, r);
            return;
        }
    }
    if (i > 0) {
        struct zleaf *left = par->kid[i - 1];
        if (left->used + l->used <= LEAF_MERGE) merge_leaves(t, p, i - 1, left, l);
    }
}

/* ------------------------------------------------------------ tree edits */

static void tree_insert(struct zbt *t, const char *m, size_t ml, double s) {
    struct zpath p;
    struct zleaf *l = descend(t, s, m, ml, &p, NULL);
    struct scan sc;
    scan_start(&sc, l);
    int at = scan_to(&sc, s, m, ml) > 0; /* 1: insert before the peeked entry */
    uint32_t off = at ? sc.next : l->used, oldlen = at ? (uint32_t)sc.e.len : 0;
    uint32_t k = (uint32_t)(sc.idx + 1); /* b holds member k-1 */
    size_t shared = k > 0 ? lcp(scan_member(&sc), sc.mlen, m, ml) : 0;
    size_t need = entry_size(s, shared, ml - shared);
    size_t nshared = 0;
    if (at) {
        nshared = lcp_peeked(&sc, m, ml);
        need += entry_size(sc.e.score, nshared, peeked_len(&sc) - nshared);
    }
    struct buf tmp;
    buf_init(&tmp);
    buf_reserve(&tmp, need, 0);
    unsigned char *w = (unsigned char *)tmp.p;
    size_t n = entry_put(w, s, shared, m + shared, ml - shared);
    if (at) n += put_peeked(w + n, &sc, nshared);
    l = leaf_splice(t, &p, l, off, oldlen, w, (uint32_t)n);
    buf_free(&tmp);
    scan_end(&sc);
    l->n++;
    t->count++;
    path_add_count(&p, 1);
    if (k == 0 && p.n) path_set_min(&p, p.n - 1, s);
    if (l->used > LEAF_MAX && l->n >= 2) split_leaf(t, &p, l);
}

/* Deletes (s, m); returns 0 if it was not there. */
static int tree_delete(struct zbt *t, const char *m, size_t ml, double s) {
    struct zpath p;
    struct zleaf *l = descend(t, s, m, ml, &p, NULL);
    struct scan sc;
    scan_start(&sc, l);
    if (scan_to(&sc, s, m, ml) != 0) {
        scan_end(&sc);
        return 0;
    }
    uint32_t k = (uint32_t)(sc.idx + 1), off = sc.next;
    size_t shared_k = sc.e.shared;
    scan_apply(&sc);
    if (scan_peek(&sc)) {
        /* re-encode the next entry against the one before the deleted one */
        size_t ns = k == 0 ? 0 : (shared_k < sc.e.shared ? shared_k : sc.e.shared);
        struct buf tmp;
        buf_init(&tmp);
        buf_reserve(&tmp, entry_size(sc.e.score, ns, peeked_len(&sc) - ns), 0);
        size_t n = put_peeked((unsigned char *)tmp.p, &sc, ns);
        double first = sc.e.score;
        l = leaf_splice(t, &p, l, off, sc.next + (uint32_t)sc.e.len - off, (unsigned char *)tmp.p,
                        (uint32_t)n);
        buf_free(&tmp);
        if (k == 0 && p.n) path_set_min(&p, p.n - 1, first);
    } else {
        l = leaf_splice(t, &p, l, off, l->used - off, NULL, 0);
    }
    scan_end(&sc);
    l->n--;
    t->count--;
    path_add_count(&p, -1);
    leaf_underflow(t, &p, l);
    return 1;
}

/* 1 if (s, m) is in the tree; *actual gets its stored score (which may differ
 * from s in the sign of a zero). */
static int tree_find(struct zbt *t, const char *m, size_t ml, double s, double *actual,
                     uint64_t *rank) {
    struct zpath p;
    uint64_t r;
    struct zleaf *l = descend(t, s, m, ml, &p, &r);
    struct scan sc;
    scan_start(&sc, l);
    int found = scan_to(&sc, s, m, ml) == 0;
    if (found) {
        if (actual) *actual = sc.e.score;
        if (rank) *rank = r + (uint64_t)(sc.idx + 1);
    }
    scan_end(&sc);
    return found;
}

/* ------------------------------------------------------------ member index */

static inline uint32_t mfp(const char *m, size_t ml) {
    uint32_t fp = (uint32_t)(hash_bytes(m, ml) >> 32);
    return fp ? fp : 1;
}

static inline uint64_t home_of(uint32_t fp, uint64_t cap) {
    return ((uint64_t)fp * cap) >> 32;
}

static void index_resize(struct zbt *t, uint64_t cap) {
    uint32_t *ofp = t->ifp;
    double *osc = t->isc;
    uint64_t ocap = t->icap;
    t->ifp = tmalloc(t, cap * sizeof(uint32_t));
    t->isc = tmalloc(t, cap * sizeof(double));
    memset(t->ifp, 0, cap * sizeof(uint32_t));
    t->icap = cap;
    for (uint64_t i = 0; i < ocap; i++) {
        if (!ofp[i]) continue;
        uint64_t h = home_of(ofp[i], cap);
        while (t->ifp[h])
            h = h + 1 == cap ? 0 : h + 1;
        t->ifp[h] = ofp[i];
        t->isc[h] = osc[i];
    }
    tfree(t, ofp);
    tfree(t, osc);
}

static void index_insert(struct zbt *t, uint32_t fp, double s) {
    if ((t->iused + 1) * 20 > t->icap * 17) {
        uint64_t cap = (t->iused + 1) * 5 / 3;
        index_resize(t, cap < 16 ? 16 : cap);
    }
    uint64_t h = home_of(fp, t->icap);
    while (t->ifp[h])
        h = h + 1 == t->icap ? 0 : h + 1;
    t->ifp[h] = fp;
    t->isc[h] = s;
    t->iused++;
}

/* The slot holding (fp, s) with s's exact bits, or -1. */
static int64_t index_slot(const struct zbt *t, uint32_t fp, double s) {
    if (!t->icap) return -1;
    uint64_t h = home_of(fp, t->icap);
    while (t->ifp[h]) {
        if (t->ifp[h] == fp && memcmp(&t->isc[h], &s, sizeof(s)) == 0) return (int64_t)h;
        h = h + 1 == t->icap ? 0 : h + 1;
    }
    return -1;
}

static void index_delete(struct zbt *t, uint32_t fp, double s) {
    int64_t at = index_slot(t, fp, s);
    if (at < 0) return;
    uint64_t i = (uint64_t)at, j = i, cap = t->icap;
    for (;;) {
        j = j + 1 == cap ? 0 : j + 1;
        if (!t->ifp[j]) break;
        uint64_t h = home_of(t->ifp[j], cap);
        /* the entry at j may stay if its home lies cyclically in (i, j] */
        int stays = i <= j ? (i < h && h <= j) : (i < h || h <= j);
        if (stays) continue;
        t->ifp[i] = t->ifp[j];
        t->isc[i] = t->isc[j];
        i = j;
    }
    t->ifp[i] = 0;
    t->iused--;
    if (cap > 16 && t->iused * 20 < cap * 3) {
        uint64_t ncap = t->iused * 5 / 3;
        index_resize(t, ncap < 16 ? 16 : ncap);
    }
}

/* ------------------------------------------------------------ public edits */

int zbt_score(struct zbt *t, const char *m, size_t len, double *score) {
    if (!t->icap) return 0;
    uint32_t fp = mfp(m, len);
    uint64_t h = home_of(fp, t->icap);
    while (t->ifp[h]) {
        if (t->ifp[h] == fp && tree_find(t, m, len, t->isc[h], score, NULL)) return 1;
        h = h + 1 == t->icap ? 0 : h + 1;
    }
    return 0;
}

void zbt_insert(struct zbt *t, const char *m, size_t len, double score) {
    tree_insert(t, m, len, score);
    index_insert(t, mfp(m, len), score);
}

void zbt_delete(struct zbt *t, const char *m, size_t len, double score) {
    if (tree_delete(t, m, len, score)) index_delete(t, mfp(m, len), score);
}

void zbt_update(struct zbt *t, const char *m, size_t len, double oldscore, double newscore) {
    if (!tree_delete(t, m, len, oldscore)) return;
    tree_insert(t, m, len, newscore);
    int64_t at = index_slot(t, mfp(m, len), oldscore);
    if (at >= 0) t->isc[at] = newscore;
}

uint64_t zbt_rank(struct zbt *t, const char *m, size_t len, double score) {
    uint64_t r = 0;
    tree_find(t, m, len, score, NULL, &r);
    return r;
}

uint64_t zbt_count_score_below(struct zbt *t, double s, int inclusive) {
    void *x = t->root;
    uint64_t r = 0;
    for (int k = 0; k < t->height; k++) {
        struct znode *nd = x;
        uint32_t lo = 0, hi = nd->n; /* first kid whose min is >= s (> s) */
        while (lo < hi) {
            uint32_t mid = (lo + hi) / 2;
            if (inclusive ? nd->min[mid] <= s : nd->min[mid] < s)
                lo = mid + 1;
            else
                hi = mid;
        }
        uint32_t i = lo ? lo - 1 : 0;
        for (uint32_t j = 0; j < i; j++)
            r += nd->cnt[j];
        x = nd->kid[i];
    }
    const struct zleaf *l = x;
    uint32_t off = 0;
    while (off < l->used) {
        struct ehdr e;
        off += (uint32_t)entry_get(l->d + off, &e);
        if (inclusive ? e.score > s : e.score >= s) break;
        r++;
    }
    return r;
}

uint64_t zbt_count_member_below(struct zbt *t, const char *m, size_t len, int inclusive) {
    void *x = t->root;
    uint64_t r = 0;
    for (int k = 0; k < t->height; k++) {
        struct znode *nd = x;
        uint32_t lo = 0, hi = nd->n; /* first kid whose first member is >= m (> m) */
        while (lo < hi) {
            uint32_t mid = (lo + hi) / 2;
            size_t fl;
            const char *f = kid_first_member(nd, mid, &fl);
            int c = cmp_mem(f, fl, m, len);
            if (inclusive ? c <= 0 : c < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        uint32_t i = lo ? lo - 1 : 0;
        for (uint32_t j = 0; j < i; j++)
            r += nd->cnt[j];
        x = nd->kid[i];
    }
    struct scan sc;
    scan_start(&sc, x);
    while (scan_peek(&sc)) {
        int c = cmp_peeked(&sc, m, len);
        if (inclusive ? c > 0 : c >= 0) break;
        scan_apply(&sc);
        r++;
    }
    scan_end(&sc);
    return r;
}

uint64_t zbt_count_key_below(struct zbt *t, double s, const char *m, size_t len) {
    struct zpath p;
    uint64_t r;
    struct zleaf *l = descend(t, s, m, len, &p, &r);
    struct scan sc;
    scan_start(&sc, l);
    scan_to(&sc, s, m, len); /* applies the entries below (s, m) */
    r += (uint64_t)(sc.idx + 1);
    scan_end(&sc);
    return r;
}

uint64_t zbt_uid(const struct zbt *t) {
    return t->uid;
}

/* ------------------------------------------------------------ iterators */

void zbt_iter_init(struct zbt_iter *it, struct zbt *t) {
    memset(it, 0, sizeof(*it));
    it->t = t;
}

void zbt_iter_release(struct zbt_iter *it) {
    xfree(it->sc);
    xfree(it->mo);
    xfree(it->ml);
    xfree(it->buf);
    struct zbt *t = it->t;
    zbt_iter_init(it, t);
}

/* Makes l the iterator's leaf; entries are decoded when first reached. */
static void it_load(struct zbt_iter *it, struct zleaf *l) {
    it->leaf = l;
    it->n = l->n;
    if (it->cap < l->n) {
        it->cap = l->n + 16;
        it->sc = xrealloc(it->sc, it->cap * sizeof(double));
        it->mo = xrealloc(it->mo, it->cap * sizeof(uint32_t));
        it->ml = xrealloc(it->ml, it->cap * sizeof(uint32_t));
    }
    it->dec = 0;
    it->doff = 0;
    it->dpos = 0;
}

/* Decodes the leaf's entries up to index idx. */
static void it_decode(struct zbt_iter *it, uint32_t idx) {
    const struct zleaf *l = it->leaf;
    while (it->dec <= idx) {
        uint32_t i = it->dec;
        struct ehdr e;
        it->doff += (uint32_t)entry_get(l->d + it->doff, &e);
        size_t len = e.shared + e.slen, pos = it->dpos;
        if (pos + len > it->bufcap) {
            it->bufcap = (pos + len) * 2 + 256;
            it->buf = xrealloc(it->buf, it->bufcap);
        }
        if (e.shared) memcpy(it->buf + pos, it->buf + it->mo[i - 1], e.shared);
        if (e.slen) memcpy(it->buf + pos + e.shared, e.suffix, e.slen);
        it->sc[i] = e.score;
        it->mo[i] = (uint32_t)pos;
        it->ml[i] = (uint32_t)len;
        it->dpos = pos + len;
        it->dec++;
    }
}

static void it_set(struct zbt_iter *it) {
    it_decode(it, it->i);
    it->valid = 1;
    it->score = it->sc[it->i];
    it->m = it->buf ? it->buf + it->mo[it->i] : ""; /* only empty members so far */
    it->mlen = it->ml[it->i];
}

void zbt_seek_rank(struct zbt_iter *it, uint64_t rank) {
    struct zbt *t = it->t;
    it->valid = 0;
    if (rank >= t->count) return;
    void *x = t->root;
    uint64_t r = rank;
    for (int k = 0; k < t->height; k++) {
        struct znode *nd = x;
        uint32_t i = 0;
        while (i + 1 < nd->n && r >= nd->cnt[i])
            r -= nd->cnt[i++];
        x = nd->kid[i];
    }
    it_load(it, x);
    it->i = (uint32_t)r;
    it->rank = rank;
    it_set(it);
}

void zbt_next(struct zbt_iter *it) {
    if (!it->valid) return;
    if (it->i + 1 < it->n) {
        it->i++;
    } else {
        struct zleaf *l = it->leaf->next;
        if (!l) {
            it->valid = 0;
            return;
        }
        it_load(it, l);
        it->i = 0;
    }
    it->rank++;
    it_set(it);
}

void zbt_prev(struct zbt_iter *it) {
    if (!it->valid) return;
    if (it->i > 0) {
        it->i--;
    } else {
        struct zleaf *l = it->leaf->prev;
        if (!l) {
            it->valid = 0;
            return;
        }
        it_load(it, l);
        it->i = it->n - 1;
    }
    it->rank--;
    it_set(it);
}

/* ------------------------------------------------------------ copies */

static void *copy_sub(struct zbt *dst, const void *x, uint32_t h, struct zleaf **last) {
    if (h == 0) {
        const struct zleaf *l = x;
        struct zleaf *c = leaf_new(dst, l->used);
        memcpy(c->d, l->d, l->used);
        c->used = l->used;
        c->n = l->n;
        c->prev = *last;
        if (*last)
            (*last)->next = c;
        else
            dst->head = c;
        *last = c;
        return c;
    }
    const struct znode *nd = x;
    struct znode *c = node_new(dst, nd->h);
    c->n = nd->n;
    memcpy(c->cnt, nd->cnt, nd->n * sizeof(nd->cnt[0]));
    memcpy(c->min, nd->min, nd->n * sizeof(nd->min[0]));
    for (uint32_t i = 0; i < nd->n; i++)
        c->kid[i] = copy_sub(dst, nd->kid[i], h - 1, last);
    return c;
}

struct zbt *zbt_dup(const struct zbt *t) {
    struct zbt *d = xmalloc(sizeof(*d));
    memset(d, 0, sizeof(*d));
    d->mem = mem_usable(d);
    d->uid = next_uid++;
    struct zleaf *last = NULL;
    d->root = copy_sub(d, t->root, (uint32_t)t->height, &last);
    d->tail = last;
    d->height = t->height;
    d->count = t->count;
    if (t->icap) {
        d->ifp = tmalloc(d, t->icap * sizeof(uint32_t));
        d->isc = tmalloc(d, t->icap * sizeof(double));
        memcpy(d->ifp, t->ifp, t->icap * sizeof(uint32_t));
        memcpy(d->isc, t->isc, t->icap * sizeof(double));
        d->icap = t->icap;
        d->iused = t->iused;
    }
    return d;
}

/* ------------------------------------------------------------ checks */

struct chk {
    struct zleaf *expect; /* next leaf in list order */
    int have;             /* a previous key exists */
    double ps;
    struct buf pm;
    size_t pml;
};

static int check_sub(struct zbt *t, void *x, uint32_t h, int isroot, uint64_t *cnt, double *min,
                     struct chk *c) {
    if (h == 0) {
        struct zleaf *l = x;
        if (l != c->expect) return 10;
        c->expect = l->next;
        if (!isroot && l->n == 0) return 11;
        if (l->used > l->cap) return 12;
        struct scan sc;
        scan_start(&sc, l);
        uint32_t n = 0;
        int err = 0;
        while (!err && scan_step(&sc)) {
            if (n == 0 && sc.e.shared) err = 13;
            if (n == 0) *min = sc.e.score;
            if (!err && c->have &&
                cmp_key(c->ps, c->pm.p, c->pml, sc.e.score, scan_member(&sc), sc.mlen) >= 0)
                err = 14;
            if (!err && sc.next > l->used) err = 15;
            buf_reserve(&c->pm, sc.mlen, 0);
            if (sc.mlen) memcpy(c->pm.p, scan_member(&sc), sc.mlen);
            c->pml = sc.mlen;
            c->ps = sc.e.score;
            c->have = 1;
            n++;
        }
        scan_end(&sc);
        if (err) return err;
        if (n != l->n) return 16;
        *cnt = n;
        return 0;
    }
    struct znode *nd = x;
    if (nd->h != h) return 20;
    if (nd->n == 0 || nd->n > FANOUT || (isroot && nd->n < 2)) return 21;
    uint64_t total = 0;
    for (uint32_t i = 0; i < nd->n; i++) {
        uint64_t kc = 0;
        double km = 0;
        int err = check_sub(t, nd->kid[i], h - 1, 0, &kc, &km, c);
        if (err) return err;
        if (kc != nd->cnt[i]) return 22;
        if (memcmp(&km, &nd->min[i], sizeof(km)) != 0 && !(km == 0 && nd->min[i] == 0)) return 23;
        total += kc;
    }
    *cnt = total;
    *min = nd->min[0];
    return 0;
}

int zbt_check(struct zbt *t) {
    struct chk c = {.expect = t->head};
    buf_init(&c.pm);
    uint64_t cnt = 0;
    double min = 0;
    int err = check_sub(t, t->root, (uint32_t)t->height, 1, &cnt, &min, &c);
    buf_free(&c.pm);
    if (err) return err;
    if (c.expect != NULL) return 30;
    if (cnt != t->count) return 31;
    if (t->iused != t->count) return 32;
    if (t->tail && t->tail->next) return 33;
    /* index: each slot reachable from its home; each element found */
    uint64_t used = 0;
    for (uint64_t i = 0; i < t->icap; i++) {
        if (!t->ifp[i]) continue;
        used++;
        uint64_t h = home_of(t->ifp[i], t->icap);
        for (uint64_t j = h; j != i; j = j + 1 == t->icap ? 0 : j + 1)
            if (!t->ifp[j]) return 34;
    }
    if (used != t->iused) return 35;
    struct zbt_iter it;
    zbt_iter_init(&it, t);
    for (zbt_seek_rank(&it, 0); it.valid; zbt_next(&it)) {
        double s;
        if (!zbt_score(t, it.m, it.mlen, &s) || memcmp(&s, &it.score, sizeof(s)) != 0) {
            zbt_iter_release(&it);
            return 36;
        }
    }
    zbt_iter_release(&it);
    return 0;
}
