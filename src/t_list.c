/* t_list: list commands, including the blocking ones (BLPOP, BRPOP, BLMOVE,
 * BRPOPLPUSH, BLMPOP: see blocking.h for waiting and waking).
 *
 * Encodings. OBJECT ENCODING says "quicklist" for every list, as Redis 7.0
 * does. Physically a list is one of:
 *   inline    (ENC_INLINE_MIN) the list is one listpack stored in the key's
 *             entry itself: one allocation per key. Used while the listpack
 *             stays within LIST_INLINE_MAX bytes and no element is "plain";
 *   quicklist (ENC_QUICKLIST) a struct quicklist (src/quicklist.h): listpack
 *             nodes of list-max-listpack-size (default -2: 8 KB), plain nodes
 *             for elements of 1 GB or more; inner nodes LZF-compressed when
 *             the list was created with list-compress-depth > 0.
 * A list that outgrows LIST_INLINE_MAX becomes a quicklist; a quicklist that
 * shrinks to one node of at most LIST_INLINE_SHRINK bytes goes back inline
 * (the gap avoids converting back and forth on every push/pop).
 *
 * Commands work on a `struct lref`: list_open_write() gives a quicklist to
 * change (an inline list is copied into a temporary one), list_commit()
 * stores the result back in the representation that fits and deletes the key
 * when the list became empty. Reads of inline lists use a read-only
 * one-node view of the blob, without copying. Emptied lists are deleted. */
#include "t_list.h"
#include "blocking.h"
#include "client.h"
#include "commands.h"
#include "config.h"
#include "db.h"
#include "listpack.h"
#include "mem.h"
#include "quicklist.h"
#include "reply.h"
#include "server.h"
#include "propagate.h"
#include "sha1.h"
#include "util.h"
#include <limits.h>
#include <string.h>
#include <strings.h>

#define ENC_LIST_INLINE    ENC_INLINE_MIN
#define LIST_INLINE_MAX    256
#define LIST_INLINE_SHRINK 128

/* ------------------------------------------------------------ list values */

struct lref {
    struct db *db;
    const char *key;
    size_t klen;
    struct kv *o;         /* the key's entry, NULL for a list being created */
    struct quicklist *ql; /* the list to read or change */
    int temp;             /* ql is a temporary copy (inline or new list) */
    struct quicklist vql; /* read-only view of an inline list */
    struct qlnode vnode;
};

static int is_inline(const struct kv *o) {
    return o->enc == ENC_LIST_INLINE;
}

static void list_open_read(struct lref *r, struct kv *o) {
    r->o = o;
    r->temp = 0;
    if (!is_inline(o)) {
        r->ql = kv_ptr(o);
        return;
    }
    size_t len;
    unsigned char *lp = kv_blob(o, &len);
    r->vnode = (struct qlnode){.data = lp, .sz = len, .count = lp_length(lp)};
    r->vql = (struct quicklist){
        .head = &r->vnode, .tail = &r->vnode, .count = r->vnode.count, .len = 1, .fill = -2};
    r->ql = &r->vql;
}

/* o may be NULL: a new list for key. */
static void list_open_write(struct lref *r, struct db *db, const char *key, size_t klen,
                            struct kv *o) {
    r->db = db;
    r->key = key;
    r->klen = klen;
    r->o = o;
    r->temp = !o || is_inline(o);
    if (!o) {
        r->ql = ql_new(cfg.list_max_listpack_size, cfg.list_compress_depth);
    } else if (is_inline(o)) {
        size_t len;
        unsigned char *blob = kv_blob(o, &len);
        unsigned char *lp = xmalloc(len);
        memcpy(lp, blob, len);
        r->ql = ql_from_listpack(lp, cfg.list_max_listpack_size, cfg.list_compress_depth);
    } else {
        r->ql = kv_ptr(o);
    }
}

/* Drops an opened list that was not changed. */
static void list_discard(struct lref *r) {
    if (r->temp) ql_free(r->ql);
    r->ql = NULL;
}

static struct kv *new_entry(const char *key, size_t klen, struct quicklist *ql, long long expire,
                            int *took_ql) {
    struct qlnode *h = ql->head;
    if (ql->len == 1 && !h->plain && h->sz <= LIST_INLINE_MAX) {
        *took_ql = 0;
        return kv_new_blob(key, klen, T_LIST, ENC_LIST_INLINE, h->data, h->sz, expire);
    }
    *took_ql = 1;
    return kv_new_obj(key, klen, T_LIST, ENC_QUICKLIST, ql, expire);
}

/* Stores the changed list back (or deletes the key if it is empty). Returns 1
 * if the key was deleted. r->o is the current entry afterwards. */
static int list_commit(struct lref *r) {
    struct quicklist *ql = r->ql;
    struct kv *o = r->o;
    r->ql = NULL;
    if (ql->count == 0) {
        if (o) db_delete(r->db, r->key, r->klen); /* frees a held quicklist too */
        if (r->temp) ql_free(ql);
        r->o = NULL;
        return 1;
    }
    struct qlnode *h = ql->head;
    if (o && is_inline(o) && ql->len == 1 && !h->plain && h->sz <= LIST_INLINE_MAX) {
        size_t len;
        unsigned char *blob = kv_blob(o, &len);
        if (len != h->sz) {
            o = db_resize_blob(r->db, o, h->sz);
            blob = kv_blob(o, &len);
        }
        memcpy(blob, h->data, h->sz);
        ql_free(ql);
        r->o = o;
        return 0;
    }
    if (o && !is_inline(o)) {
        if (ql->len == 1 && !h->plain && h->sz <= LIST_INLINE_SHRINK) {
            struct kv *n =
                kv_new_blob(r->key, r->klen, T_LIST, ENC_LIST_INLINE, h->data, h->sz, kv_expire(o));
            n->lru = o->lru;
            db_swap(r->db, o, n); /* frees o and its quicklist */
            r->o = n;
        }
        return 0;
    }
    int took;
    struct kv *n = new_entry(r->key, r->klen, ql, o ? kv_expire(o) : -1, &took);
    if (o) {
        n->lru = o->lru;
        db_swap(r->db, o, n);
    } else {
        db_add(r->db, n);
    }
    if (!took) ql_free(ql);
    r->o = n;
    return 0;
}

struct kv *list_kv_from_quicklist(const char *key, size_t klen, struct quicklist *ql,
                                  long long expire) {
    int took;
    struct kv *n = new_entry(key, klen, ql, expire, &took);
    if (!took) ql_free(ql);
    return n;
}

static unsigned long list_len(struct kv *o) {
    if (!is_inline(o)) return ((struct quicklist *)kv_ptr(o))->count;
    size_t len;
    return lp_length(kv_blob(o, &len));
}

/* A copy of an element that survives changes to its list. */
struct vbuf {
    unsigned char small[64];
    unsigned char *p, *heap;
    size_t len;
};

static void vbuf_set(struct vbuf *b, const struct ql_entry *e) {
    unsigned char ib[LONG_STR_SIZE];
    size_t len;
    const unsigned char *s = ql_entry_str(e, &len, ib);
    b->heap = len > sizeof(b->small) ? xmalloc(len) : NULL;
    b->p = b->heap ? b->heap : b->small;
    memcpy(b->p, s, len);
    b->len = len;
}

static void vbuf_free(struct vbuf *b) {
    xfree(b->heap);
}

static void reply_entry(struct client *c, const struct ql_entry *e) {
    if (e->s)
        reply_bulk(c, (const char *)e->s, e->len);
    else
        reply_bulk_long(c, e->v);
}

/* Replies count elements from index start walking in dir. */
static void reply_walk(struct client *c, struct quicklist *ql, long start, long count, int dir) {
    struct ql_iter it;
    struct ql_entry e;
    reply_array_len(c, count);
    ql_iter_init(&it, ql, start, dir);
    while (count-- > 0 && ql_next(&it, &e))
        reply_entry(c, &e);
}

/* LRANGE semantics: inclusive indexes, negative from the end. */
static void reply_range(struct client *c, struct quicklist *ql, long start, long end) {
    long llen = (long)ql->count;
    if (start < 0) start = llen + start;
    if (end < 0) end = llen + end;
    if (start < 0) start = 0;
    if (start > end || start >= llen) {
        reply_empty_array(c);
        return;
    }
    if (end >= llen) end = llen - 1;
    reply_walk(c, ql, start, end - start + 1, QL_TAIL);
}

/* ------------------------------------------------------------ argument parsing */

static int parse_long(struct client *c, const struct str *a, long *out, const char *msg) {
    long long v;
    if (!str2ll(a->ptr, a->len, &v) || v < LONG_MIN || v > LONG_MAX) {
        reply_error(c, msg ? msg : "value is not an integer or out of range");
        return -1;
    }
    *out = (long)v;
    return 0;
}

static int parse_range_long(struct client *c, const struct str *a, long min, long max, long *out,
                            const char *msg) {
    if (parse_long(c, a, out, msg) < 0) return -1;
    if (*out < min || *out > max) {
        if (msg)
            reply_error(c, msg);
        else
            reply_error_fmt(c, "value is out of range, value must between %ld and %ld", min, max);
        return -1;
    }
    return 0;
}

static int parse_positive(struct client *c, const struct str *a, long *out, const char *msg) {
    return parse_range_long(c, a, 0, LONG_MAX, out,
                            msg ? msg : "value is out of range, must be positive");
}

static int parse_side(struct client *c, const struct str *a, int *where) {
    if (str_eq_nocase(a->ptr, a->len, "left"))
        *where = QL_HEAD;
    else if (str_eq_nocase(a->ptr, a->len, "right"))
        *where = QL_TAIL;
    else {
        reply_error_syntax(c);
        return -1;
    }
    return 0;
}

/* Looks up a list for a command that writes it; WRONGTYPE is replied. */
static struct kv *lookup_list_write(struct client *c, const struct str *key, int *wrong) {
    return db_lookup_typed(c, key->ptr, key->len, T_LIST, LOOKUP_WRITE, wrong);
}

static struct kv *lookup_list_read(struct client *c, const struct str *key, int *wrong) {
    return db_lookup_typed(c, key->ptr, key->len, T_LIST, LOOKUP_NONE, wrong);
}

/* ------------------------------------------------------------ pops */

static const char *pop_event(int where) {
    return where == QL_HEAD ? "lpop" : "rpop";
}

/* After popping from key: notifications, deletion of an emptied list (done by
 * list_commit), WATCH, dirty. */
static void popped(struct db *db, const char *key, size_t klen, int where, int deleted, long n) {
    notify_keyspace_event(NOTIFY_LIST, pop_event(where), key, klen, db->id);
    if (deleted) notify_keyspace_event(NOTIFY_GENERIC, "del", key, klen, db->id);
    db_key_modified(db, key, klen);
    srv.dirty += n;
}

/* Pops up to count elements from a non-empty list and replies them as an
 * array (from the tail: last element first). Returns 1 if the key was deleted. */
static int pop_range_reply(struct client *c, struct db *db, const char *key, size_t klen,
                           struct kv *o, int where, long count, long *popped_n) {
    struct lref r;
    list_open_write(&r, db, key, klen, o);
    long llen = (long)r.ql->count;
    long n = count > llen ? llen : count;
    if (where == QL_HEAD) {
        reply_walk(c, r.ql, 0, n, QL_TAIL);
        ql_del_range(r.ql, 0, (unsigned long)n);
    } else {
        reply_walk(c, r.ql, -1, n, QL_HEAD);
        ql_del_range(r.ql, -n, (unsigned long)n);
    }
    *popped_n = n;
    return list_commit(&r);
}

/* Pops one element and replies it (as [key, element] when with_key). */
static int pop_one_reply(struct client *c, struct db *db, const char *key, size_t klen,
                         struct kv *o, int where, int with_key) {
    struct lref r;
    list_open_write(&r, db, key, klen, o);
    struct ql_entry e;
    ql_index(r.ql, where == QL_HEAD ? 0 : -1, &e);
    if (with_key) {
        reply_array_len(c, 2);
        reply_bulk(c, key, klen);
    }
    reply_entry(c, &e);
    ql_del_range(r.ql, where == QL_HEAD ? 0 : -1, 1);
    return list_commit(&r);
}

static void pop_generic(struct client *c, int where) {
    long count = 0;
    int hascount = c->argc == 3;
    if (c->argc > 3) {
        reply_error_arity(c);
        return;
    }
    if (hascount && parse_positive(c, &c->argv[2], &count, NULL) < 0) return;
    int wrong;
    struct str *k = &c->argv[1];
    struct kv *o = lookup_list_write(c, k, &wrong);
    if (!o) {
        if (!wrong) {
            if (hascount)
                reply_null_array(c);
            else
                reply_null(c);
        }
        return;
    }
    if (hascount && count == 0) {
        reply_empty_array(c);
        return;
    }
    if (!hascount) {
        int deleted = pop_one_reply(c, c->db, k->ptr, k->len, o, where, 0);
        popped(c->db, k->ptr, k->len, where, deleted, 1);
    } else {
        long n;
        int deleted = pop_range_reply(c, c->db, k->ptr, k->len, o, where, count, &n);
        popped(c->db, k->ptr, k->len, where, deleted, n);
    }
}

static void lpop_cmd(struct client *c) {
    pop_generic(c, QL_HEAD);
}

static void rpop_cmd(struct client *c) {
    pop_generic(c, QL_TAIL);
}

/* LMPOP/BLMPOP body once a non-empty list was found: [key, [elements]]. */
static void mpop_reply(struct client *c, struct db *db, const struct str *k, struct kv *o,
                       int where, long count) {
    reply_array_len(c, 2);
    reply_bulk(c, k->ptr, k->len);
    long n;
    int deleted = pop_range_reply(c, db, k->ptr, k->len, o, where, count, &n);
    popped(db, k->ptr, k->len, where, deleted, n);
    char b[24]; /* propagated as [LR]POP key count */
    propagate_rewrite(c, 3, where == QL_HEAD ? PSTR("LPOP") : PSTR("RPOP"), *k, pstr_ll(b, n));
}

/* ------------------------------------------------------------ pushes */

/* Element i of a push command (argv[2 + i]) for ql_push_many. */
static const void *push_arg(void *ctx, size_t i, size_t *len) {
    struct client *c = ctx;
    *len = c->argv[2 + i].len;
    return c->argv[2 + i].ptr;
}

static void push_generic(struct client *c, int where, int xx) {
    struct str *k = &c->argv[1];
    int wrong;
    struct kv *o = lookup_list_write(c, k, &wrong);
    if (wrong) return;
    if (!o && xx) {
        reply_long(c, 0);
        return;
    }
    struct lref r;
    list_open_write(&r, c->db, k->ptr, k->len, o);
    if (c->argc == 3)
        ql_push(r.ql, c->argv[2].ptr, c->argv[2].len, where);
    else
        ql_push_many(r.ql, (size_t)c->argc - 2, push_arg, c, where);
    srv.dirty += c->argc - 2;
    long long len = (long long)r.ql->count;
    list_commit(&r);
    reply_long(c, len);
    db_key_modified(c->db, k->ptr, k->len);
    notify_keyspace_event(NOTIFY_LIST, where == QL_HEAD ? "lpush" : "rpush", k->ptr, k->len,
                          c->db->id);
}

static void lpush_cmd(struct client *c) {
    push_generic(c, QL_HEAD, 0);
}

static void rpush_cmd(struct client *c) {
    push_generic(c, QL_TAIL, 0);
}

static void lpushx_cmd(struct client *c) {
    push_generic(c, QL_HEAD, 1);
}

static void rpushx_cmd(struct client *c) {
    push_generic(c, QL_TAIL, 1);
}

/* ------------------------------------------------------------ reads */

static void llen_cmd(struct client *c) {
    int wrong;
    struct kv *o = lookup_list_read(c, &c->argv[1], &wrong);
    if (wrong) return;
    reply_long(c, o ? (long long)list_len(o) : 0);
}

static void lindex_cmd(struct client *c) {
    int wrong;
    long index;
    struct kv *o = lookup_list_read(c, &c->argv[1], &wrong);
    if (!o) {
        if (!wrong) reply_null(c);
        return;
    }
    if (parse_long(c, &c->argv[2], &index, NULL) < 0) return;
    struct lref r;
    struct ql_entry e;
    list_open_read(&r, o);
    if (ql_index(r.ql, index, &e))
        reply_entry(c, &e);
    else
        reply_null(c);
}

static void lrange_cmd(struct client *c) {
    long start, end;
    if (parse_long(c, &c->argv[2], &start, NULL) < 0 || parse_long(c, &c->argv[3], &end, NULL) < 0)
        return;
    int wrong;
    struct kv *o = lookup_list_read(c, &c->argv[1], &wrong);
    if (!o) {
        if (!wrong) reply_empty_array(c);
        return;
    }
    struct lref r;
    list_open_read(&r, o);
    reply_range(c, r.ql, start, end);
}

static void lpos_cmd(struct client *c) {
    long rank = 1, count = -1, maxlen = 0; /* count -1: no COUNT option */
    for (int j = 3; j < c->argc; j++) {
        struct str *opt = &c->argv[j];
        int more = c->argc - 1 - j;
        if (str_eq_nocase(opt->ptr, opt->len, "rank") && more) {
            if (parse_long(c, &c->argv[++j], &rank, NULL) < 0) return;
            if (rank == 0) {
                reply_error(c,
                            "RANK can't be zero: use 1 to start from the first match, 2 from the "
                            "second ... or use negative to start from the end of the list");
                return;
            }
        } else if (str_eq_nocase(opt->ptr, opt->len, "count") && more) {
            if (parse_positive(c, &c->argv[++j], &count, "COUNT can't be negative") < 0) return;
        } else if (str_eq_nocase(opt->ptr, opt->len, "maxlen") && more) {
            if (parse_positive(c, &c->argv[++j], &maxlen, "MAXLEN can't be negative") < 0) return;
        } else {
            reply_error_syntax(c);
            return;
        }
    }
    int dir = QL_TAIL;
    if (rank < 0) {
        /* Negated with wrap-around like Redis: LONG_MIN stays negative, so
         * every match then counts as reached (and COUNT never stops early). */
        rank = (long)(0UL - (unsigned long)rank);
        dir = QL_HEAD;
    }
    int wrong;
    struct kv *o = lookup_list_read(c, &c->argv[1], &wrong);
    if (!o) {
        if (wrong) return;
        if (count != -1)
            reply_empty_array(c);
        else
            reply_null(c);
        return;
    }
    struct lref r;
    list_open_read(&r, o);
    struct ql_needle nd;
    ql_needle_init(&nd, c->argv[2].ptr, c->argv[2].len);
    void *alen = count != -1 ? reply_defer_len(c) : NULL;
    long llen = (long)r.ql->count, index = 0, matches = 0, found = -1, arraylen = 0;
    struct ql_iter it;
    struct ql_entry e;
    ql_iter_init(&it, r.ql, dir == QL_HEAD ? -1 : 0, dir);
    while ((maxlen == 0 || index < maxlen) && ql_next(&it, &e)) {
        if (ql_entry_eq(&e, &nd)) {
            matches++;
            long pos = dir == QL_TAIL ? index : llen - index - 1;
            if (matches >= rank) {
                if (!alen) {
                    found = pos;
                    break;
                }
                arraylen++;
                reply_long(c, pos);
                long got = (long)((unsigned long)matches - (unsigned long)rank + 1UL);
                if (count && got >= count) break;
            }
        }
        index++;
    }
    if (alen)
        reply_set_array_len(c, alen, arraylen);
    else if (found != -1)
        reply_long(c, found);
    else
        reply_null(c);
}

/* ------------------------------------------------------------ in-place changes */

static void lset_cmd(struct client *c) {
    struct str *k = &c->argv[1];
    int wrong;
    long index;
    struct kv *o = lookup_list_write(c, k, &wrong);
    if (!o) {
        if (!wrong) reply_error(c, "no such key");
        return;
    }
    if (parse_long(c, &c->argv[2], &index, NULL) < 0) return;
    struct lref r;
    struct ql_entry e;
    list_open_write(&r, c->db, k->ptr, k->len, o);
    if (!ql_index(r.ql, index, &e)) {
        list_discard(&r);
        reply_error(c, "index out of range");
        return;
    }
    ql_replace(r.ql, &e, c->argv[3].ptr, c->argv[3].len);
    list_commit(&r);
    reply_ok(c);
    db_signal_write(c->db, k->ptr, k->len, NOTIFY_LIST, "lset");
    srv.dirty++;
}

static void linsert_cmd(struct client *c) {
    struct str *k = &c->argv[1];
    int after;
    if (str_eq_nocase(c->argv[2].ptr, c->argv[2].len, "after"))
        after = 1;
    else if (str_eq_nocase(c->argv[2].ptr, c->argv[2].len, "before"))
        after = 0;
    else {
        reply_error_syntax(c);
        return;
    }
    int wrong;
    struct kv *o = lookup_list_write(c, k, &wrong);
    if (!o) {
        if (!wrong) reply_long(c, 0);
        return;
    }
    struct lref r;
    list_open_write(&r, c->db, k->ptr, k->len, o);
    struct ql_needle nd;
    ql_needle_init(&nd, c->argv[3].ptr, c->argv[3].len);
    struct ql_iter it;
    struct ql_entry e;
    int inserted = 0;
    ql_iter_init(&it, r.ql, 0, QL_TAIL);
    while (ql_next(&it, &e)) {
        if (ql_entry_eq(&e, &nd)) {
            ql_insert(r.ql, &e, c->argv[4].ptr, c->argv[4].len, after);
            inserted = 1;
            break;
        }
    }
    if (!inserted) {
        list_discard(&r);
        reply_long(c, -1);
        return;
    }
    long long len = (long long)r.ql->count;
    list_commit(&r);
    db_signal_write(c->db, k->ptr, k->len, NOTIFY_LIST, "linsert");
    srv.dirty++;
    reply_long(c, len);
}

static void ltrim_cmd(struct client *c) {
    struct str *k = &c->argv[1];
    long start, end;
    if (parse_long(c, &c->argv[2], &start, NULL) < 0 || parse_long(c, &c->argv[3], &end, NULL) < 0)
        return;
    int wrong;
    struct kv *o = lookup_list_write(c, k, &wrong);
    if (!o) {
        if (!wrong) reply_ok(c);
        return;
    }
    long llen = (long)list_len(o), ltrim, rtrim;
    if (start < 0) start = llen + start;
    if (end < 0) end = llen + end;
    if (start < 0) start = 0;
    if (start > end || start >= llen) {
        ltrim = llen;
        rtrim = 0;
    } else {
        if (end >= llen) end = llen - 1;
        ltrim = start;
        rtrim = llen - end - 1;
    }
    struct lref r;
    list_open_write(&r, c->db, k->ptr, k->len, o);
    ql_del_range(r.ql, 0, (unsigned long)ltrim);
    ql_del_range(r.ql, -rtrim, (unsigned long)rtrim);
    int deleted = list_commit(&r);
    notify_keyspace_event(NOTIFY_LIST, "ltrim", k->ptr, k->len, c->db->id);
    if (deleted) notify_keyspace_event(NOTIFY_GENERIC, "del", k->ptr, k->len, c->db->id);
    db_key_modified(c->db, k->ptr, k->len);
    srv.dirty += ltrim + rtrim;
    reply_ok(c);
}

static void lrem_cmd(struct client *c) {
    struct str *k = &c->argv[1];
    long toremove;
    if (parse_long(c, &c->argv[2], &toremove, NULL) < 0) return;
    int wrong;
    struct kv *o = lookup_list_write(c, k, &wrong);
    if (!o) {
        if (!wrong) reply_long(c, 0);
        return;
    }
    struct lref r;
    list_open_write(&r, c->db, k->ptr, k->len, o);
    struct ql_needle nd;
    ql_needle_init(&nd, c->argv[3].ptr, c->argv[3].len);
    struct ql_iter it;
    struct ql_entry e;
    unsigned long limit = toremove < 0 ? 0UL - (unsigned long)toremove : (unsigned long)toremove;
    long removed = 0;
    ql_iter_init(&it, r.ql, toremove < 0 ? -1 : 0, toremove < 0 ? QL_HEAD : QL_TAIL);
    while (ql_next(&it, &e)) {
        if (ql_entry_eq(&e, &nd)) {
            ql_iter_delete(&it, &e);
            srv.dirty++;
            removed++;
            if (limit && (unsigned long)removed == limit) break;
        }
    }
    if (!removed) {
        list_discard(&r);
        reply_long(c, 0);
        return;
    }
    int deleted = list_commit(&r);
    db_signal_write(c->db, k->ptr, k->len, NOTIFY_LIST, "lrem");
    if (deleted) notify_keyspace_event(NOTIFY_GENERIC, "del", k->ptr, k->len, c->db->id);
    reply_long(c, removed);
}

/* ------------------------------------------------------------ moves */

/* Moves one element from the list src (entry so, not empty) to dst (entry
 * dobj, NULL if missing; already checked to be a list) and replies it. A
 * served BLMOVE (serving = 1) leaves dirty and WATCH of src alone, as Redis. */
static void move_element(struct client *c, struct db *db, const struct str *src, struct kv *so,
                         const struct str *dst, struct kv *dobj, int from, int to, int serving) {
    struct lref s;
    struct ql_entry e;
    struct vbuf v;
    list_open_write(&s, db, src->ptr, src->len, so);
    ql_index(s.ql, from == QL_HEAD ? 0 : -1, &e);
    vbuf_set(&v, &e);
    ql_del_range(s.ql, from == QL_HEAD ? 0 : -1, 1);
    db_key_modified(db, dst->ptr, dst->len);
    if (src->len == dst->len && memcmp(src->ptr, dst->ptr, src->len) == 0) {
        ql_push(s.ql, v.p, v.len, to);
    } else {
        struct lref d;
        list_open_write(&d, db, dst->ptr, dst->len, dobj);
        ql_push(d.ql, v.p, v.len, to);
        list_commit(&d);
    }
    notify_keyspace_event(NOTIFY_LIST, to == QL_HEAD ? "lpush" : "rpush", dst->ptr, dst->len,
                          db->id);
    reply_bulk(c, (const char *)v.p, v.len);
    vbuf_free(&v);
    int deleted = list_commit(&s);
    notify_keyspace_event(NOTIFY_LIST, pop_event(from), src->ptr, src->len, db->id);
    if (deleted) notify_keyspace_event(NOTIFY_GENERIC, "del", src->ptr, src->len, db->id);
    if (!serving) {
        db_key_modified(db, src->ptr, src->len);
        srv.dirty++;
    }
}

/* LMOVE/RPOPLPUSH, and BLMOVE/BRPOPLPUSH when the source has elements.
 * Returns 1 if it replied, 0 if the source is missing. */
static int lmove_generic(struct client *c, int from, int to) {
    int wrong;
    struct kv *so = lookup_list_write(c, &c->argv[1], &wrong);
    if (wrong) return 1;
    if (!so) return 0;
    struct kv *dobj = lookup_list_write(c, &c->argv[2], &wrong);
    if (wrong) return 1;
    move_element(c, c->db, &c->argv[1], so, &c->argv[2], dobj, from, to, 0);
    return 1;
}

static void lmove_cmd(struct client *c) {
    int from, to;
    if (parse_side(c, &c->argv[3], &from) < 0 || parse_side(c, &c->argv[4], &to) < 0) return;
    if (!lmove_generic(c, from, to)) reply_null(c);
}

static void rpoplpush_cmd(struct client *c) {
    if (!lmove_generic(c, QL_TAIL, QL_HEAD)) reply_null(c);
}

/* numkeys at argv[idx], keys after it, then LEFT|RIGHT [COUNT n]. */
static int parse_mpop(struct client *c, int idx, long *numkeys, int *where, long *count) {
    if (parse_range_long(c, &c->argv[idx], 1, LONG_MAX, numkeys,
                         "numkeys should be greater than 0") < 0)
        return -1;
    if (*numkeys > c->argc - idx - 2) { /* no room for the keys and the side */
        reply_error_syntax(c);
        return -1;
    }
    int where_idx = idx + (int)*numkeys + 1;
    if (parse_side(c, &c->argv[where_idx], where) < 0) return -1;
    *count = -1;
    for (int j = where_idx + 1; j < c->argc; j++) {
        int more = c->argc - 1 - j;
        if (*count == -1 && str_eq_nocase(c->argv[j].ptr, c->argv[j].len, "count") && more) {
            if (parse_range_long(c, &c->argv[++j], 1, LONG_MAX, count,
                                 "count should be greater than 0") < 0)
                return -1;
        } else {
            reply_error_syntax(c);
            return -1;
        }
    }
    if (*count == -1) *count = 1;
    return 0;
}

static void lmpop_cmd(struct client *c) {
    long numkeys, count;
    int where;
    if (parse_mpop(c, 1, &numkeys, &where, &count) < 0) return;
    for (long j = 0; j < numkeys; j++) {
        struct str *k = &c->argv[2 + j];
        int wrong;
        struct kv *o = lookup_list_write(c, k, &wrong);
        if (wrong) return;
        if (!o) continue;
        mpop_reply(c, c->db, k, o, where, count);
        return;
    }
    reply_null_array(c);
}

/* ------------------------------------------------------------ blocking */

enum { BV_POP = 1, BV_MPOP = 2, BV_MOVE = 3 };

/* Serves a client blocked on a list that now has elements (see blocking.h). */
static int list_serve(struct client *c, struct db *db, struct kv *o, const char *key, size_t klen,
                      const struct block_args *a) {
    struct str k = {(char *)key, klen};
    if (a->variant == BV_MOVE) {
        struct str dst = {a->target, a->target_len};
        struct kv *dobj = db_lookup(db, dst.ptr, dst.len, LOOKUP_WRITE);
        if (dobj && dobj->type != T_LIST) {
            reply_error_type(c);
            return 1;
        }
        move_element(c, db, &k, o, &dst, dobj, a->from, a->to, 1);
        if (!strcmp(c->lastcmd->name, "brpoplpush"))
            propagate_rewrite(c, 3, PSTR("RPOPLPUSH"), k, dst);
        else
            propagate_rewrite(c, 5, PSTR("LMOVE"), k, dst,
                              a->from == QL_HEAD ? PSTR("left") : PSTR("right"),
                              a->to == QL_HEAD ? PSTR("left") : PSTR("right"));
        return 1;
    }
    if (a->variant == BV_MPOP) {
        mpop_reply(c, db, &k, o, a->from, a->count);
        return 1;
    }
    propagate_rewrite(c, 2, a->from == QL_HEAD ? PSTR("LPOP") : PSTR("RPOP"), k);
    int deleted = pop_one_reply(c, db, key, klen, o, a->from, 1);
    notify_keyspace_event(NOTIFY_LIST, pop_event(a->from), key, klen, db->id);
    if (deleted) notify_keyspace_event(NOTIFY_GENERIC, "del", key, klen, db->id);
    return 1;
}

/* BLPOP/BRPOP/BLMPOP: keys[0..nkeys), timeout already parsed. */
static void bpop_generic(struct client *c, const struct str *keys, int nkeys, int where, long count,
                         long long timeout, int variant) {
    for (int j = 0; j < nkeys; j++) {
        int wrong;
        struct kv *o = lookup_list_write(c, &keys[j], &wrong);
        if (wrong) return;
        if (!o) continue;
        if (variant == BV_MPOP) {
            mpop_reply(c, c->db, &keys[j], o, where, count);
        } else {
            int deleted = pop_one_reply(c, c->db, keys[j].ptr, keys[j].len, o, where, 1);
            popped(c->db, keys[j].ptr, keys[j].len, where, deleted, 1);
            propagate_rewrite(c, 2, where == QL_HEAD ? PSTR("LPOP") : PSTR("RPOP"), keys[j]);
        }
        return;
    }
    if (blocking_denied(c)) {
        reply_null_array(c);
        return;
    }
    struct block_args a = {.from = where, .count = count, .variant = variant};
    blocking_block(c, T_LIST, keys, nkeys, timeout, &a);
}

static void bpop_cmd(struct client *c, int where) {
    long long timeout;
    if (blocking_parse_timeout(c, &c->argv[c->argc - 1], &timeout) < 0) return;
    bpop_generic(c, c->argv + 1, c->argc - 2, where, -1, timeout, BV_POP);
}

static void blpop_cmd(struct client *c) {
    bpop_cmd(c, QL_HEAD);
}

static void brpop_cmd(struct client *c) {
    bpop_cmd(c, QL_TAIL);
}

static void blmpop_cmd(struct client *c) {
    long numkeys, count;
    int where;
    long long timeout;
    if (parse_mpop(c, 2, &numkeys, &where, &count) < 0) return;
    if (blocking_parse_timeout(c, &c->argv[1], &timeout) < 0) return;
    bpop_generic(c, c->argv + 3, (int)numkeys, where, count, timeout, BV_MPOP);
}

static void blmove_generic(struct client *c, int from, int to, long long timeout) {
    if (lmove_generic(c, from, to)) {
        /* propagated as the non-blocking form */
        if (c->argc == 4)
            propagate_rewrite(c, 3, PSTR("RPOPLPUSH"), c->argv[1], c->argv[2]);
        else
            propagate_rewrite(c, 5, PSTR("LMOVE"), c->argv[1], c->argv[2], c->argv[3], c->argv[4]);
        return;
    }
    if (blocking_denied(c)) {
        reply_null(c);
        return;
    }
    struct block_args a = {.from = from,
                           .to = to,
                           .count = -1,
                           .variant = BV_MOVE,
                           .target = c->argv[2].ptr,
                           .target_len = c->argv[2].len};
    blocking_block(c, T_LIST, &c->argv[1], 1, timeout, &a);
}

static void blmove_cmd(struct client *c) {
    int from, to;
    long long timeout;
    if (parse_side(c, &c->argv[3], &from) < 0 || parse_side(c, &c->argv[4], &to) < 0) return;
    if (blocking_parse_timeout(c, &c->argv[5], &timeout) < 0) return;
    blmove_generic(c, from, to, timeout);
}

static void brpoplpush_cmd(struct client *c) {
    long long timeout;
    if (blocking_parse_timeout(c, &c->argv[3], &timeout) < 0) return;
    blmove_generic(c, QL_TAIL, QL_HEAD, timeout);
}

/* ------------------------------------------------------------ type registration */

static void list_free(void *ptr, int enc) {
    ql_free(ptr);
}

static void *list_dup(const void *ptr, int enc) {
    return ql_dup(ptr);
}

static size_t list_mem(const void *ptr, int enc) {
    ql_close((struct quicklist *)ptr); /* count the node a read left open compressed */
    return ql_mem(ptr);
}

static size_t list_count(const void *ptr, int enc) {
    return ((const struct quicklist *)ptr)->count;
}

static const char *list_enc_name(const struct kv *o) {
    return "quicklist"; /* Redis 7.0 has no other list encoding */
}

/* DEBUG DIGEST: each element's text mixed in, head to tail, as Redis does. */
static void list_digest(const struct kv *o, unsigned char digest[20]) {
    struct lref r;
    struct ql_iter it;
    struct ql_entry e;
    list_open_read(&r, (struct kv *)o);
    ql_iter_init(&it, r.ql, 0, QL_TAIL);
    while (ql_next(&it, &e)) {
        unsigned char buf[LONG_STR_SIZE];
        size_t len;
        const unsigned char *s = ql_entry_str(&e, &len, buf);
        digest_mix(digest, s, len);
    }
}

int list_foreach(struct kv *o, int (*fn)(void *ctx, const struct ql_entry *e), void *ctx) {
    struct lref r;
    struct ql_iter it;
    struct ql_entry e;
    list_open_read(&r, o);
    ql_iter_init(&it, r.ql, 0, QL_TAIL);
    while (ql_next(&it, &e))
        if (fn(ctx, &e)) return 1;
    return 0;
}

unsigned long list_length(struct kv *o) {
    return list_len(o);
}

static const struct type_ops list_ops = {
    .name = "list",
    .free = list_free,
    .dup = list_dup,
    .mem = list_mem,
    .len = list_count,
    .enc_name = list_enc_name,
    .digest = list_digest,
};

void list_init(void) {
    type_ops[T_LIST] = &list_ops;
    blocking_register(T_LIST, list_serve);
}

/* Key positions of LMPOP (numkeys at 1) and BLMPOP (numkeys at 2). */
static int mpop_keys(struct client *c, int argc, int *keys, int max, int numidx) {
    long long n;
    if (numidx >= argc || !str2ll(c->argv[numidx].ptr, c->argv[numidx].len, &n) || n < 1 ||
        n > argc - numidx - 1)
        return -1;
    int k = 0;
    for (long long i = 0; i < n && k < max; i++)
        keys[k++] = numidx + 1 + (int)i;
    return k;
}

static int lmpop_keys(struct client *c, int argc, int *keys, int max) {
    return mpop_keys(c, argc, keys, max, 1);
}

static int blmpop_keys(struct client *c, int argc, int *keys, int max) {
    return mpop_keys(c, argc, keys, max, 2);
}

#define W  CMD_WRITE
#define R  CMD_READONLY
#define AW (ACL_WRITE | ACL_LIST)
#define AR (ACL_READ | ACL_LIST)

struct command list_commands[] = {
    {.name = "lpush",
     .proc = lpush_cmd,
     .arity = -3,
     .flags = W | CMD_DENYOOM | CMD_FAST,
     .acl = AW | ACL_FAST,
     CMD_ONE_KEY,
     .group = "list",
     .since = "1.0.0",
     .complexity = "O(1) for each element added, so O(N) to add N elements when the command is "
                   "called with multiple arguments.",
     .summary = "Prepend one or multiple elements to a list",
     .syntax = "key element [element ...]"},
    {.name = "rpush",
     .proc = rpush_cmd,
     .arity = -3,
     .flags = W | CMD_DENYOOM | CMD_FAST,
     .acl = AW | ACL_FAST,
     CMD_ONE_KEY,
     .group = "list",
     .since = "1.0.0",
     .complexity = "O(1) for each element added, so O(N) to add N elements when the command is "
                   "called with multiple arguments.",
     .summary = "Append one or multiple elements to a list",
     .syntax = "key element [element ...]"},
    {.name = "lpushx",
     .proc = lpushx_cmd,
     .arity = -3,
     .flags = W | CMD_DENYOOM | CMD_FAST,
     .acl = AW | ACL_FAST,
     CMD_ONE_KEY,
     .group = "list",
     .since = "2.2.0",
     .complexity = "O(1) for each element added, so O(N) to add N elements when the command is "
                   "called with multiple arguments.",
     .summary = "Prepend an element to a list, only if the list exists",
     .syntax = "key element [element ...]"},
    {.name = "rpushx",
     .proc = rpushx_cmd,
     .arity = -3,
     .flags = W | CMD_DENYOOM | CMD_FAST,
     .acl = AW | ACL_FAST,
     CMD_ONE_KEY,
     .group = "list",
     .since = "2.2.0",
     .complexity = "O(1) for each element added, so O(N) to add N elements when the command is "
                   "called with multiple arguments.",
     .summary = "Append an element to a list, only if the list exists",
     .syntax = "key element [element ...]"},
    {.name = "lpop",
     .proc = lpop_cmd,
     .arity = -2,
     .flags = W | CMD_FAST,
     .acl = AW | ACL_FAST,
     CMD_ONE_KEY,
     .group = "list",
     .since = "1.0.0",
     .complexity = "O(N) where N is the number of elements returned",
     .summary = "Remove and get the first elements in a list",
     .syntax = "key [count]"},
    {.name = "rpop",
     .proc = rpop_cmd,
     .arity = -2,
     .flags = W | CMD_FAST,
     .acl = AW | ACL_FAST,
     CMD_ONE_KEY,
     .group = "list",
     .since = "1.0.0",
     .complexity = "O(N) where N is the number of elements returned",
     .summary = "Remove and get the last elements in a list",
     .syntax = "key [count]"},
    {.name = "llen",
     .proc = llen_cmd,
     .arity = 2,
     .flags = R | CMD_FAST,
     .acl = AR | ACL_FAST,
     CMD_ONE_KEY,
     .group = "list",
     .since = "1.0.0",
     .complexity = "O(1)",
     .summary = "Get the length of a list",
     .syntax = "key"},
    {.name = "lindex",
     .proc = lindex_cmd,
     .arity = 3,
     .flags = R,
     .acl = AR | ACL_SLOW,
     CMD_ONE_KEY,
     .group = "list",
     .since = "1.0.0",
     .complexity = "O(N) where N is the number of elements to traverse to get to the element at "
                   "index. This makes asking for the first or the last element of the list O(1).",
     .summary = "Get an element from a list by its index",
     .syntax = "key index"},
    {.name = "lset",
     .proc = lset_cmd,
     .arity = 4,
     .flags = W | CMD_DENYOOM,
     .acl = AW | ACL_SLOW,
     CMD_ONE_KEY,
     .group = "list",
     .since = "1.0.0",
     .complexity = "O(N) where N is the length of the list. Setting either the first or the last "
                   "element of the list is O(1).",
     .summary = "Set the value of an element in a list by its index",
     .syntax = "key index element"},
    {.name = "lrange",
     .proc = lrange_cmd,
     .arity = 4,
     .flags = R,
     .acl = AR | ACL_SLOW,
     CMD_ONE_KEY,
     .group = "list",
     .since = "1.0.0",
     .complexity = "O(S+N) where S is the distance of start offset from HEAD for small lists, from "
                   "nearest end (HEAD or TAIL) for large lists; and N is the number of elements in "
                   "the specified range.",
     .summary = "Get a range of elements from a list",
     .syntax = "key start stop"},
    {.name = "ltrim",
     .proc = ltrim_cmd,
     .arity = 4,
     .flags = W,
     .acl = AW | ACL_SLOW,
     CMD_ONE_KEY,
     .group = "list",
     .since = "1.0.0",
     .complexity = "O(N) where N is the number of elements to be removed by the operation.",
     .summary = "Trim a list to the specified range",
     .syntax = "key start stop"},
    {.name = "lrem",
     .proc = lrem_cmd,
     .arity = 4,
     .flags = W,
     .acl = AW | ACL_SLOW,
     CMD_ONE_KEY,
     .group = "list",
     .since = "1.0.0",
     .complexity = "O(N+M) where N is the length of the list and M is the number of elements "
                   "removed.",
     .summary = "Remove elements from a list",
     .syntax = "key count element"},
    {.name = "linsert",
     .proc = linsert_cmd,
     .arity = 5,
     .flags = W | CMD_DENYOOM,
     .acl = AW | ACL_SLOW,
     CMD_ONE_KEY,
     .group = "list",
     .since = "2.2.0",
     .complexity =
         "O(N) where N is the number of elements to traverse before seeing the value "
         "pivot. This means that inserting somewhere on the left end on the list (head) "
         "can be considered O(1) and inserting somewhere on the right end (tail) is O(N).",
     .summary = "Insert an element before or after another element in a list",
     .syntax = "key <BEFORE | AFTER> pivot element"},
    {.name = "lpos",
     .proc = lpos_cmd,
     .arity = -3,
     .flags = R,
     .acl = AR | ACL_SLOW,
     CMD_ONE_KEY,
     .group = "list",
     .since = "6.0.6",
     .complexity =
         "O(N) where N is the number of elements in the list, for the average case. When "
         "searching for elements near the head or the tail of the list, or when the MAXLEN "
         "option is provided, the command may run in constant time.",
     .summary = "Return the index of matching elements on a list",
     .syntax = "key element [RANK rank] [COUNT num-matches] [MAXLEN len]"},
    {.name = "lmove",
     .proc = lmove_cmd,
     .arity = 5,
     .flags = W | CMD_DENYOOM,
     .acl = AW | ACL_SLOW,
     .first_key = 1,
     .last_key = 2,
     .key_step = 1,
     .group = "list",
     .since = "6.2.0",
     .complexity = "O(1)",
     .summary = "Pop an element from a list, push it to another list and return it",
     .syntax = "source destination <LEFT | RIGHT> <LEFT | RIGHT>"},
    {.name = "rpoplpush",
     .proc = rpoplpush_cmd,
     .arity = 3,
     .flags = W | CMD_DENYOOM,
     .acl = AW | ACL_SLOW,
     .first_key = 1,
     .last_key = 2,
     .key_step = 1,
     .group = "list",
     .since = "1.2.0",
     .complexity = "O(1)",
     .summary = "Remove the last element in a list, prepend it to another list and return it",
     .syntax = "source destination"},
    {.name = "lmpop",
     .proc = lmpop_cmd,
     .arity = -4,
     .flags = W | CMD_MOVABLE_KEYS,
     .acl = AW | ACL_SLOW,
     .group = "list",
     .since = "7.0.0",
     .complexity = "O(N+M) where N is the number of provided keys and M is the number of elements "
                   "returned.",
     .summary = "Pop elements from a list",
     .syntax = "numkeys key [key ...] <LEFT | RIGHT> [COUNT count]",
     .getkeys = lmpop_keys},
    {.name = "blpop",
     .proc = blpop_cmd,
     .arity = -3,
     .flags = W | CMD_NOSCRIPT | CMD_BLOCKING,
     .acl = AW | ACL_SLOW | ACL_BLOCKING,
     .first_key = 1,
     .last_key = -2,
     .key_step = 1,
     .group = "list",
     .since = "2.0.0",
     .complexity = "O(N) where N is the number of provided keys.",
     .summary = "Remove and get the first element in a list, or block until one is available",
     .syntax = "key [key ...] timeout"},
    {.name = "brpop",
     .proc = brpop_cmd,
     .arity = -3,
     .flags = W | CMD_NOSCRIPT | CMD_BLOCKING,
     .acl = AW | ACL_SLOW | ACL_BLOCKING,
     .first_key = 1,
     .last_key = -2,
     .key_step = 1,
     .group = "list",
     .since = "2.0.0",
     .complexity = "O(N) where N is the number of provided keys.",
     .summary = "Remove and get the last element in a list, or block until one is available",
     .syntax = "key [key ...] timeout"},
    {.name = "blmove",
     .proc = blmove_cmd,
     .arity = 6,
     .flags = W | CMD_DENYOOM | CMD_NOSCRIPT | CMD_BLOCKING,
     .acl = AW | ACL_SLOW | ACL_BLOCKING,
     .first_key = 1,
     .last_key = 2,
     .key_step = 1,
     .group = "list",
     .since = "6.2.0",
     .complexity = "O(1)",
     .summary = "Pop an element from a list, push it to another list and return it; or block until "
                "one is available",
     .syntax = "source destination <LEFT | RIGHT> <LEFT | RIGHT> timeout"},
    {.name = "brpoplpush",
     .proc = brpoplpush_cmd,
     .arity = 4,
     .flags = W | CMD_DENYOOM | CMD_NOSCRIPT | CMD_BLOCKING,
     .acl = AW | ACL_SLOW | ACL_BLOCKING,
     .first_key = 1,
     .last_key = 2,
     .key_step = 1,
     .group = "list",
     .since = "2.2.0",
     .complexity = "O(1)",
     .summary = "Pop an element from a list, push it to another list and return it; or block until "
                "one is available",
     .syntax = "source destination timeout"},
    {.name = "blmpop",
     .proc = blmpop_cmd,
     .arity = -5,
     .flags = W | CMD_BLOCKING | CMD_MOVABLE_KEYS,
     .acl = AW | ACL_SLOW | ACL_BLOCKING,
     .group = "list",
     .since = "7.0.0",
     .complexity = "O(N+M) where N is the number of provided keys and M is the number of elements "
                   "returned.",
     .summary = "Pop elements from a list, or block until one is available",
     .syntax = "timeout numkeys key [key ...] <LEFT | RIGHT> [COUNT count]",
     .getkeys = blmpop_keys},
    {0},
};
