/* sort: SORT and SORT_RO, with Redis 7.0's behaviour.
 *
 * A call runs in four steps:
 *   1. parse the options (errors are reported before the key is read);
 *   2. load the elements of the list, set or sorted set into a vector of
 *      items whose bytes live in one arena (one allocation for all of them,
 *      not one per element). With a constant BY pattern ("nosort") a list or
 *      sorted set loads only the LIMIT window, in native order (reversed for
 *      DESC), and nothing is sorted; a set keeps its iteration order, except
 *      that with STORE (or inside a script) it is sorted ALPHA so the stored
 *      result is deterministic, as Redis does;
 *   3. compute the sort keys (a double per item, or for ALPHA with BY the
 *      looked-up string) and qsort the vector;
 *   4. reply the LIMIT window (expanding GET patterns), or STORE it as a list.
 *
 * Pattern rules (BY and GET): "#" is the element itself; otherwise the first
 * '*' is replaced by the element and, if "->" follows the '*' with something
 * after it, the rest names a hash field. A pattern without '*' finds nothing.
 * Strings referenced by a pattern are read through db lookups, so they count
 * as keyspace hits/misses as in Redis.
 *
 * Comparison: numeric sorts order by the double and break ties by comparing
 * the elements' bytes; ALPHA uses strcoll (LC_COLLATE from the environment,
 * set on first use as Redis sets it at start-up) unless the result is
 * STOREd, where plain byte order is used; with ALPHA and BY, items whose BY
 * key is missing come first.
 *
 * Values of the sorted key are read through the type modules' public APIs
 * (t_list.h, t_set.h, t_hash.h, zset.h); the sorted-set input is isolated
 * in zset_input_* so it is the only place that knows the sorted-set API.
 *
 * Not reproduced: Redis converts a listpack sorted set to a skiplist as a
 * side effect of SORT (OBJECT ENCODING changes); Mnemo leaves it alone. */
#include "client.h"
#include "commands.h"
#include "config.h"
#include "db.h"
#include "mem.h"
#include "quicklist.h"
#include "reply.h"
#include "server.h"
#include "t_hash.h"
#include "t_list.h"
#include "t_set.h"
#include "util.h"
#include "zset.h"
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------ the vector */

struct item {
    size_t off, len;   /* element bytes in the arena (NUL-terminated there) */
    size_t coff, clen; /* ALPHA+BY: the BY value in the arena */
    double score;
    int has_cmp;
};

struct vec {
    struct item *items;
    long n, cap;
    char *arena;
    size_t alen, acap;
};

static size_t arena_put(struct vec *v, const char *s, size_t len) {
    if (v->alen + len + 1 > v->acap) {
        size_t cap = v->acap ? v->acap * 2 : 256;
        while (cap < v->alen + len + 1)
            cap *= 2;
        v->arena = xrealloc(v->arena, cap);
        v->acap = cap;
    }
    size_t off = v->alen;
    if (len) memcpy(v->arena + off, s, len);
    v->arena[off + len] = '\0';
    v->alen += len + 1;
    return off;
}

static void vec_push(struct vec *v, const char *s, size_t len) {
    if (v->n == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 16;
        v->items = xrealloc(v->items, sizeof(struct item) * (size_t)v->cap);
    }
    struct item *it = &v->items[v->n++];
    memset(it, 0, sizeof(*it));
    it->off = arena_put(v, s, len);
    it->len = len;
}

static void vec_free(struct vec *v) {
    xfree(v->items);
    xfree(v->arena);
}

/* ------------------------------------------------------------ inputs */

static void set_input_cb(void *arg, const char *s, size_t len) {
    vec_push(arg, s, len);
}

/* Collects list elements with index in [lo, hi], head to tail. */
struct list_window {
    struct vec *v;
    long idx, lo, hi;
};

static int list_input_cb(void *ctx, const struct ql_entry *e) {
    struct list_window *w = ctx;
    if (w->idx > w->hi) return 1;
    if (w->idx >= w->lo) {
        unsigned char ib[LONG_STR_SIZE];
        size_t len;
        const unsigned char *s = ql_entry_str(e, &len, ib);
        vec_push(w->v, (const char *)s, len);
    }
    w->idx++;
    return w->idx > w->hi;
}

/* List elements [lo, hi] (head-to-tail indexes), in reverse when rev. */
static void list_input(struct kv *o, long lo, long hi, int rev, struct vec *v) {
    long first = v->n;
    struct list_window w = {v, 0, lo, hi};
    if (hi >= lo) list_foreach(o, list_input_cb, &w);
    if (rev)
        for (long a = first, b = v->n - 1; a < b; a++, b--) {
            struct item t = v->items[a];
            v->items[a] = v->items[b];
            v->items[b] = t;
        }
}

/* The sorted-set input. zset_input_len: member count; zset_input_all: every
 * member in any order; zset_input_range: n members from rank start in score
 * order (from the highest score when desc). */
static long zset_input_len(struct kv *o) {
    struct zview zv;
    zview_of(&zv, o);
    return (long)zview_len(&zv);
}

static void zset_input_range(struct kv *o, long start, long n, int desc, struct vec *v) {
    struct zview zv;
    struct ziter it;
    zview_of(&zv, o);
    if (n <= 0) return;
    long len = (long)zview_len(&zv);
    ziter_init(&it, &zv);
    ziter_seek(&it, (unsigned long)(desc ? len - 1 - start : start));
    while (n-- > 0 && it.valid) {
        vec_push(v, it.m, it.mlen);
        if (desc)
            ziter_prev(&it);
        else
            ziter_next(&it);
    }
    ziter_release(&it);
}

static void zset_input_all(struct kv *o, struct vec *v) {
    zset_input_range(o, 0, zset_input_len(o), 0, v);
}

/* ------------------------------------------------------------ patterns */

/* A growable scratch buffer for substituted key names. */
struct sbuf {
    char small[128];
    char *p;
    size_t cap;
};

static char *sbuf_get(struct sbuf *b, size_t need) {
    if (need <= sizeof(b->small)) return b->small;
    if (need > b->cap) {
        b->p = xrealloc(b->p, need);
        b->cap = need;
    }
    return b->p;
}

/* The value a BY/GET pattern names for element (sub, sublen). Returns 1 with
 * *v, *vl set (valid until the keyspace changes; integers are written into
 * ibuf, >= 32 bytes), 0 when it names nothing. */
static int pattern_value(struct db *db, const struct str *pat, const char *sub, size_t sublen,
                         struct sbuf *kb, const char **v, size_t *vl, char *ibuf) {
    const char *sp = pat->ptr;
    if (sp[0] == '#' && sp[1] == '\0') {
        *v = sub;
        *vl = sublen;
        return 1;
    }
    const char *star = strchr(sp, '*');
    if (!star) return 0;
    const char *arrow = strstr(star + 1, "->");
    size_t fieldlen = 0;
    const char *field = NULL;
    if (arrow && arrow[2] != '\0') {
        field = arrow + 2;
        fieldlen = pat->len - (size_t)(field - sp);
    }
    size_t prefix = (size_t)(star - sp);
    size_t postfix = pat->len - prefix - 1 - (field ? fieldlen + 2 : 0);
    size_t klen = prefix + sublen + postfix;
    char *k = sbuf_get(kb, klen + 1);
    memcpy(k, sp, prefix);
    memcpy(k + prefix, sub, sublen);
    memcpy(k + prefix + sublen, star + 1, postfix);
    k[klen] = '\0';

    struct kv *o = db_lookup_read(db, k, klen);
    if (!o) return 0;
    if (field) {
        if (o->type != T_HASH) return 0;
        return hash_get(o, field, fieldlen, v, vl, ibuf);
    }
    if (o->type != T_STRING) return 0;
    *v = kv_str(o, vl, ibuf);
    return 1;
}

/* strtod as Redis applies it to sort weights: leading spaces are accepted,
 * anything left over, overflow/underflow and NaN are errors. 1 ok. */
static int sort_weight(const char *s, size_t len, double *out) {
    char small[64], *heap = NULL, *buf = small;
    if (len + 1 > sizeof(small)) buf = heap = xmalloc(len + 1);
    memcpy(buf, s, len);
    buf[len] = '\0';
    char *end;
    errno = 0;
    double d = strtod(buf, &end);
    int ok = end[0] == '\0' && errno != ERANGE && !isnan(d);
    xfree(heap);
    *out = d;
    return ok;
}

/* ------------------------------------------------------------ comparison */

/* qsort has no context argument in C11: one sort runs at a time. */
static struct {
    const char *arena;
    int desc, alpha, by, store;
} sc;

static int bytes_cmp(const char *a, size_t al, const char *b, size_t bl) {
    int c = memcmp(a, b, al < bl ? al : bl);
    if (c) return c;
    return al < bl ? -1 : al > bl;
}

static int item_cmp(const void *pa, const void *pb) {
    const struct item *a = pa, *b = pb;
    int c;
    if (!sc.alpha) {
        if (a->score > b->score)
            c = 1;
        else if (a->score < b->score)
            c = -1;
        else
            c = bytes_cmp(sc.arena + a->off, a->len, sc.arena + b->off, b->len);
    } else if (sc.by) {
        if (!a->has_cmp || !b->has_cmp)
            c = a->has_cmp == b->has_cmp ? 0 : (a->has_cmp ? 1 : -1);
        else if (sc.store)
            c = bytes_cmp(sc.arena + a->coff, a->clen, sc.arena + b->coff, b->clen);
        else
            c = strcoll(sc.arena + a->coff, sc.arena + b->coff);
    } else if (sc.store) {
        c = bytes_cmp(sc.arena + a->off, a->len, sc.arena + b->off, b->len);
    } else {
        c = strcoll(sc.arena + a->off, sc.arena + b->off);
    }
    return sc.desc ? -c : c;
}

static void collate_init(void) {
    static int done;
    if (!done) {
        setlocale(LC_COLLATE, "");
        done = 1;
    }
}

/* ------------------------------------------------------------ the command */

struct sort_opts {
    int desc, alpha, dontsort;
    long limit_start, limit_count;
    const struct str *by, *store;
    int *gets; /* argv indexes of GET patterns */
    int ngets;
};

/* 0 ok; -1 after replying an error. */
static int parse_opts(struct client *c, int readonly, struct sort_opts *o) {
    for (int j = 2; j < c->argc; j++) {
        const char *a = c->argv[j].ptr;
        int left = c->argc - j - 1;
        if (!strcasecmp(a, "asc")) {
            o->desc = 0;
        } else if (!strcasecmp(a, "desc")) {
            o->desc = 1;
        } else if (!strcasecmp(a, "alpha")) {
            o->alpha = 1;
        } else if (!strcasecmp(a, "limit") && left >= 2) {
            long long s, n;
            if (!str2ll(c->argv[j + 1].ptr, c->argv[j + 1].len, &s) ||
                !str2ll(c->argv[j + 2].ptr, c->argv[j + 2].len, &n)) {
                reply_error_not_int(c);
                return -1;
            }
            o->limit_start = (long)s;
            o->limit_count = (long)n;
            j += 2;
        } else if (!readonly && !strcasecmp(a, "store") && left >= 1) {
            o->store = &c->argv[++j];
        } else if (!strcasecmp(a, "by") && left >= 1) {
            o->by = &c->argv[++j];
            /* A pattern without '*' names the same (no) key for every
             * element: nothing to sort by. */
            if (!strchr(o->by->ptr, '*')) {
                o->dontsort = 1;
            } else if (cfg.cluster_enabled) {
                reply_error(c, "BY option of SORT denied in Cluster mode.");
                return -1;
            }
        } else if (!strcasecmp(a, "get") && left >= 1) {
            if (cfg.cluster_enabled) {
                reply_error(c, "GET option of SORT denied in Cluster mode.");
                return -1;
            }
            o->gets[o->ngets++] = ++j;
        } else {
            reply_error_syntax(c);
            return -1;
        }
    }
    return 0;
}

/* Emits (or pushes to ql) the output row of one item. */
static void emit_item(struct client *c, struct sort_opts *o, struct vec *v, struct item *it,
                      struct quicklist *ql, struct sbuf *kb) {
    const char *e = v->arena + it->off;
    if (!o->ngets) {
        if (ql)
            ql_push(ql, e, it->len, QL_TAIL);
        else
            reply_bulk(c, e, it->len);
        return;
    }
    for (int g = 0; g < o->ngets; g++) {
        const char *val;
        size_t vl;
        char ibuf[32];
        int found = pattern_value(c->db, &c->argv[o->gets[g]], e, it->len, kb, &val, &vl, ibuf);
        if (ql)
            ql_push(ql, found ? val : "", found ? vl : 0, QL_TAIL);
        else if (found)
            reply_bulk(c, val, vl);
        else
            reply_null(c);
    }
}

static void sort_generic(struct client *c, int readonly) {
    struct sort_opts o = {.limit_count = -1};
    o.gets = xmalloc(sizeof(int) * (size_t)c->argc);
    struct vec v = {0};
    struct sbuf kb = {.p = NULL};
    if (parse_opts(c, readonly, &o) < 0) goto out;

    struct kv *src = db_lookup_read(c->db, c->argv[1].ptr, c->argv[1].len);
    if (src && src->type != T_LIST && src->type != T_SET && src->type != T_ZSET) {
        reply_error_type(c);
        goto out;
    }
    int type = src ? (int)src->type : T_LIST;
    const struct str *by = o.by;

    /* A set has no order of its own: when the result is stored (or replicated
     * from a script) it is sorted ALPHA so that it is deterministic. */
    if (o.dontsort && type == T_SET && (o.store || srv.in_script)) {
        o.dontsort = 0;
        o.alpha = 1;
        by = NULL;
    }

    long len = !src             ? 0
               : type == T_LIST ? (long)list_length(src)
               : type == T_SET  ? (long)set_size(src)
                                : zset_input_len(src);

    /* The LIMIT window [start, end], clamped to the element count. */
    long start = o.limit_start < 0 ? 0 : o.limit_start;
    if (start > len) start = len;
    long count = o.limit_count < -1 ? -1 : o.limit_count;
    if (count > len) count = len;
    long end = count < 0 ? len - 1 : start + count - 1;
    if (start >= len) {
        start = len - 1;
        end = len - 2;
    }
    if (end >= len) end = len - 1;

    /* Lists and sorted sets that are not sorted load only the window, in
     * native order (reversed for DESC); the window then starts at 0. */
    int windowed = (type == T_LIST || type == T_ZSET) && o.dontsort;
    if (windowed) {
        if (end >= start) {
            if (type == T_LIST) {
                if (o.desc)
                    list_input(src, len - 1 - end, len - 1 - start, 1, &v);
                else
                    list_input(src, start, end, 0, &v);
            } else {
                zset_input_range(src, start, end - start + 1, o.desc, &v);
            }
            end -= start;
            start = 0;
        }
    } else if (src) {
        if (type == T_LIST)
            list_input(src, 0, len - 1, 0, &v);
        else if (type == T_SET)
            set_foreach(src, set_input_cb, &v);
        else
            zset_input_all(src, &v);
    }

    int conv_error = 0;
    if (!o.dontsort) {
        for (long j = 0; j < v.n; j++) {
            struct item *it = &v.items[j];
            const char *val;
            size_t vl;
            char ibuf[32];
            if (by) {
                if (!pattern_value(c->db, by, v.arena + it->off, it->len, &kb, &val, &vl, ibuf))
                    continue;
            } else {
                val = v.arena + it->off;
                vl = it->len;
            }
            if (o.alpha) {
                if (by) {
                    /* val is in the keyspace (a BY pattern with '*' never
                     * names the element itself), so the arena may grow */
                    it->coff = arena_put(&v, val, vl);
                    it->clen = vl;
                    it->has_cmp = 1;
                }
            } else if (!sort_weight(val, vl, &it->score)) {
                conv_error = 1;
            }
        }
        if (o.alpha && !o.store) collate_init();
        sc.arena = v.arena;
        sc.desc = o.desc;
        sc.alpha = o.alpha;
        sc.by = by != NULL;
        sc.store = o.store != NULL;
        if (v.n > 1) qsort(v.items, (size_t)v.n, sizeof(struct item), item_cmp);
    }

    long rows = end - start + 1;
    long outlen = o.ngets ? o.ngets * rows : rows;
    if (conv_error) {
        reply_error(c, "One or more scores can't be converted into double");
    } else if (!o.store) {
        reply_array_len(c, outlen);
        for (long j = start; j <= end; j++)
            emit_item(c, &o, &v, &v.items[j], NULL, &kb);
    } else {
        const struct str *dst = o.store;
        if (outlen) {
            struct quicklist *ql = ql_new(cfg.list_max_listpack_size, cfg.list_compress_depth);
            for (long j = start; j <= end; j++)
                emit_item(c, &o, &v, &v.items[j], ql, &kb);
            db_set(c->db, list_kv_from_quicklist(dst->ptr, dst->len, ql, -1));
            db_signal_write(c->db, dst->ptr, dst->len, NOTIFY_LIST, "sortstore");
            srv.dirty += outlen;
        } else if (db_delete(c->db, dst->ptr, dst->len)) {
            db_signal_write(c->db, dst->ptr, dst->len, NOTIFY_GENERIC, "del");
            srv.dirty++;
        }
        reply_long(c, outlen);
    }
out:
    vec_free(&v);
    xfree(kb.p);
    xfree(o.gets);
}

static void sort_cmd(struct client *c) {
    sort_generic(c, 0);
}

static void sort_ro_cmd(struct client *c) {
    sort_generic(c, 1);
}

/* SORT's keys: the sorted key, and the destination of the last STORE. Options
 * with arguments (LIMIT, GET, BY) are skipped so that their arguments are not
 * taken for a STORE keyword; any other word is taken as an argument-less
 * option. */
static int sort_keys(struct client *c, int argc, int *keys, int max) {
    int n = 0, store = 0;
    if (max < 1) return 0;
    keys[n++] = 1;
    for (int i = 2; i < argc; i++) {
        const char *a = c->argv[i].ptr;
        if (!strcasecmp(a, "limit"))
            i += 2;
        else if (!strcasecmp(a, "get") || !strcasecmp(a, "by"))
            i += 1;
        else if (!strcasecmp(a, "store") && i + 1 < argc)
            store = i + 1;
    }
    if (store && n < max) keys[n++] = store;
    return n;
}

static int sort_ro_keys(struct client *c, int argc, int *keys, int max) {
    (void)c, (void)argc;
    if (max < 1) return 0;
    keys[0] = 1;
    return 1;
}

#define SORT_COMPLEXITY                                                                            \
    "O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the "       \
    "number of returned elements. When the elements are not sorted, complexity is O(N)."

struct command sort_commands[] = {
    {.name = "sort",
     .proc = sort_cmd,
     .arity = -2,
     .flags = CMD_WRITE | CMD_DENYOOM | CMD_MOVABLE_KEYS,
     .acl = ACL_WRITE | ACL_SET | ACL_SORTEDSET | ACL_LIST | ACL_SLOW | ACL_DANGEROUS,
     CMD_ONE_KEY,
     .group = "generic",
     .since = "1.0.0",
     .complexity = SORT_COMPLEXITY,
     .summary = "Sort the elements in a list, set or sorted set",
     .syntax = "key [BY pattern] [LIMIT offset count] [GET pattern [GET pattern ...]] "
               "[ASC | DESC] [ALPHA] [STORE destination]",
     .getkeys = sort_keys,
     .keyspecs = "RO access index 1 range 0 1 0; RO access unknown unknown; "
                 "OW update unknown unknown"},
    {.name = "sort_ro",
     .proc = sort_ro_cmd,
     .arity = -2,
     .flags = CMD_READONLY | CMD_MOVABLE_KEYS,
     .acl = ACL_READ | ACL_SET | ACL_SORTEDSET | ACL_LIST | ACL_SLOW | ACL_DANGEROUS,
     CMD_ONE_KEY,
     .group = "generic",
     .since = "7.0.0",
     .complexity = SORT_COMPLEXITY,
     .summary = "Sort the elements in a list, set or sorted set. Read-only variant of SORT.",
     .syntax = "key [BY pattern] [LIMIT offset count] [GET pattern [GET pattern ...]] "
               "[ASC | DESC] [ALPHA]",
     .getkeys = sort_ro_keys,
     .keyspecs = "RO access index 1 range 0 1 0; RO access unknown unknown"},
    {0},
};
