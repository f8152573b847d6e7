/* t_string: string commands.
 *
 * Encodings (OBJECT ENCODING names as Redis reports them):
 *   int    - a canonical integer in long long range, kept inline in the entry
 *   embstr - up to 44 bytes, kept inline in the entry after the key
 *   raw    - longer strings, or any string changed in place (APPEND, SETRANGE,
 *            SETBIT...): a separate growable buffer (struct rstr)
 * SET, GETSET, MSET and APPEND on a missing key pick int/embstr/raw from the
 * value like Redis does; INCR family results are always int; INCRBYFLOAT
 * results are embstr/raw (never int), as in Redis.
 *
 * Invariants:
 *  - every command validates its arguments in the same order as Redis, so the
 *    first error reported for a bad command line is Redis's;
 *  - a value is written in place only when the entry is RAW (or an int entry
 *    gets a new int): everything else builds a new entry and swaps it in,
 *    because entries never change size (see db.h);
 *  - SET without KEEPTTL drops the TTL; INCR*, APPEND, SETRANGE keep it;
 *  - an expire time in the past given to SET is stored as is (the key then
 *    expires lazily, like Redis 7.0), while GETEX EXAT/PXAT in the past
 *    deletes the key at once. */
#include "t_string.h"
#include "client.h"
#include "commands.h"
#include "config.h"
#include "db.h"
#include "mem.h"
#include "reply.h"
#include "server.h"
#include "propagate.h"
#include "util.h"
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------------ helpers */

int string_check_length(struct client *c, long long size, long long append) {
    if (srv.loading) return 1; /* replaying data that was accepted once: obey it, as Redis does */
    long long total = (long long)((unsigned long long)size + (unsigned long long)append);
    if (total > cfg.proto_max_bulk_len || total < size || total < append) {
        reply_error(c, "string exceeds maximum allowed size (proto-max-bulk-len)");
        return 0;
    }
    return 1;
}

struct rstr *string_raw_grow(struct db *db, struct kv **op, size_t len) {
    struct kv *o = *op;
    struct rstr *s;
    if (o->enc == ENC_RAW) {
        s = kv_ptr(o);
    } else {
        char ibuf[LONG_STR_SIZE];
        size_t slen, klen;
        const char *p = kv_str(o, &slen, ibuf);
        s = rstr_new(p, slen, slen);
        const char *key = kv_key(o, &klen);
        struct kv *n = kv_new_obj(key, klen, T_STRING, ENC_RAW, s, kv_expire(o));
        db_swap(db, o, n);
        *op = o = n;
    }
    if (len > s->len) {
        struct rstr *g = rstr_grow(s, len);
        memset(g->buf + g->len, 0, len - g->len);
        g->len = len;
        g->buf[len] = '\0';
        if (g != s) kv_set_ptr(o, g);
        s = g;
    }
    return s;
}

/* An int entry keeps its int64 in the same 8 bytes as a value pointer (db.h),
 * so INCR can rewrite it in place without rebuilding the entry. */
static inline void kv_store_int(struct kv *o, long long v) {
    _Static_assert(sizeof(void *) == sizeof(long long), "int value shares the pointer slot");
    kv_set_ptr(o, (void *)(intptr_t)v);
}

static inline void reply_kv_str(struct client *c, const struct kv *o) {
    char ibuf[LONG_STR_SIZE];
    size_t len;
    const char *s = kv_str(o, &len, ibuf);
    reply_bulk(c, s, len);
}

static inline int arg_ll(struct client *c, const struct str *a, long long *v) {
    if (str2ll(a->ptr, a->len, v)) return 1;
    reply_error_not_int(c);
    return 0;
}

/* Stores value v under key k (old is the existing entry or NULL), with the
 * expire `when` (-1: none). Picks int/embstr/raw like Redis's SET. */
static inline void store_string(struct db *db, struct kv *old, const struct str *k,
                                const struct str *v, long long when) {
    struct kv *n = kv_new_string_auto(k->ptr, k->len, v->ptr, v->len, when);
    if (old)
        db_swap(db, old, n);
    else
        db_add(db, n);
}

static inline void changed(struct client *c, const struct str *k, int type, const char *event) {
    db_key_modified(c->db, k->ptr, k->len);
    notify_keyspace_event(type, event, k->ptr, k->len, c->db->id);
}

/* Redis's string-to-long-double rules (string2ld): no leading space, the whole
 * text consumed, no NaN, and range errors only when the result overflowed or
 * underflowed to zero. */
static int parse_ld(const char *s, size_t len, long double *out) {
    char buf[MAX_LONG_DOUBLE_CHARS];
    if (len == 0 || len >= sizeof(buf)) return 0;
    memcpy(buf, s, len);
    buf[len] = '\0';
    char *end;
    errno = 0;
    long double v = strtold(buf, &end);
    if (isspace((unsigned char)buf[0]) || *end != '\0' || (size_t)(end - buf) != len ||
        (errno == ERANGE && (isinf(v) || fpclassify(v) == FP_ZERO)) || errno == EINVAL || isnan(v))
        return 0;
    *out = v;
    return 1;
}

/* ------------------------------------------------------- SET option parsing */

#define SF_NX      (1 << 0)
#define SF_XX      (1 << 1)
#define SF_EX      (1 << 2)
#define SF_PX      (1 << 3)
#define SF_KEEPTTL (1 << 4)
#define SF_GET     (1 << 5)
#define SF_EXAT    (1 << 6)
#define SF_PXAT    (1 << 7)
#define SF_PERSIST (1 << 8)
#define SF_EXPIRES (SF_EX | SF_PX | SF_EXAT | SF_PXAT)

static int expire_option(const struct str *a) {
    if (a->len == 2 && (a->ptr[1] | 0x20) == 'x') {
        if ((a->ptr[0] | 0x20) == 'e') return SF_EX;
        if ((a->ptr[0] | 0x20) == 'p') return SF_PX;
    } else if (a->len == 4) {
        if (!strcasecmp(a->ptr, "exat")) return SF_EXAT;
        if (!strcasecmp(a->ptr, "pxat")) return SF_PXAT;
    }
    return 0;
}

/* Options of SET (is_set) or GETEX: the same accept/reject rules as Redis
 * (e.g. NX after XX, KEEPTTL with an expire, or an expire option without its
 * value are syntax errors; repeating the same option is allowed). */
static int parse_string_options(struct client *c, int is_set, int *flags,
                                const struct str **expire) {
    int f = 0;
    for (int j = is_set ? 3 : 2; j < c->argc; j++) {
        const struct str *a = &c->argv[j];
        int has_next = j + 1 < c->argc, bit;
        if (is_set && str_eq_nocase(a->ptr, a->len, "nx") && !(f & SF_XX)) {
            f |= SF_NX;
        } else if (is_set && str_eq_nocase(a->ptr, a->len, "xx") && !(f & SF_NX)) {
            f |= SF_XX;
        } else if (is_set && str_eq_nocase(a->ptr, a->len, "get")) {
            f |= SF_GET;
        } else if (is_set && str_eq_nocase(a->ptr, a->len, "keepttl") &&
                   !(f & (SF_PERSIST | SF_EXPIRES))) {
            f |= SF_KEEPTTL;
        } else if (!is_set && str_eq_nocase(a->ptr, a->len, "persist") &&
                   !(f & (SF_KEEPTTL | SF_EXPIRES))) {
            f |= SF_PERSIST;
        } else if (has_next && (bit = expire_option(a)) &&
                   !(f & (SF_KEEPTTL | SF_PERSIST | (SF_EXPIRES & ~bit)))) {
            f |= bit;
            *expire = &c->argv[++j];
        } else {
            reply_error_syntax(c);
            return 0;
        }
    }
    *flags = f;
    return 1;
}

/* Converts an EX/PX/EXAT/PXAT argument to an absolute unix time in ms. */
static int expire_to_ms(struct client *c, const struct str *arg, int flags, long long *out) {
    long long v;
    if (!arg_ll(c, arg, &v)) return 0;
    int seconds = !(flags & (SF_PX | SF_PXAT));
    if (v <= 0 || (seconds && v > LLONG_MAX / 1000)) goto bad;
    if (seconds) v *= 1000;
    if ((flags & (SF_EX | SF_PX)) && __builtin_add_overflow(v, srv.now_ms, &v)) goto bad;
    if (v <= 0) goto bad;
    *out = v;
    return 1;
bad:
    reply_error_fmt(c, "invalid expire time in '%s' command", c->cmd->fullname);
    return 0;
}

/* ------------------------------------------------------------ GET and SET */

static void get_cmd(struct client *c) {
    struct kv *o = db_lookup_read(c->db, c->argv[1].ptr, c->argv[1].len);
    if (!o) {
        reply_null(c);
        return;
    }
    if (o->type != T_STRING) {
        reply_error_type(c);
        return;
    }
    reply_kv_str(c, o);
}

/* Propagation as Redis 7.0: with an expire, SET key value PXAT <ms>; with
 * GET, the command without its GET arguments. */
static void propagate_set(struct client *c, int flags, const struct str *k, const struct str *v,
                          long long when) {
    if (when != -1) {
        char b[24];
        propagate_rewrite(c, 5, PSTR("SET"), *k, *v, PSTR("PXAT"), pstr_ll(b, when));
    } else if (flags & SF_GET) {
        struct str *argv = xmalloc(sizeof(struct str) * (size_t)c->argc);
        int n = 0;
        for (int j = 0; j < c->argc; j++)
            if (j < 3 || !str_eq_nocase(c->argv[j].ptr, c->argv[j].len, "get"))
                argv[n++] = c->argv[j];
        propagate_rewrite_argv(c, n, argv);
        xfree(argv);
    }
}

/* SET and its variants. int_reply: SETNX's 1/0 instead of OK/nil. */
static void set_generic(struct client *c, int flags, const struct str *k, const struct str *v,
                        const struct str *expire, int int_reply) {
    long long when = -1;
    if (expire && !expire_to_ms(c, expire, flags, &when)) return;
    struct kv *old;
    if (flags & SF_GET) {
        old = db_lookup_read(c->db, k->ptr, k->len);
        if (!old) {
            reply_null(c);
        } else if (old->type != T_STRING) {
            reply_error_type(c);
            return;
        } else {
            reply_kv_str(c, old);
        }
    } else {
        old = db_lookup_write(c->db, k->ptr, k->len);
    }
    if (((flags & SF_NX) && old) || ((flags & SF_XX) && !old)) {
        if (!(flags & SF_GET)) {
            if (int_reply)
                reply_long(c, 0);
            else
                reply_null(c);
        }
        return;
    }
    if ((flags & SF_KEEPTTL) && old) when = kv_expire(old);
    store_string(c->db, old, k, v, when);
    srv.dirty++;
    changed(c, k, NOTIFY_STRING, "set");
    if (expire) notify_keyspace_event(NOTIFY_GENERIC, "expire", k->ptr, k->len, c->db->id);
    propagate_set(c, flags, k, v, expire ? when : -1);
    if (!(flags & SF_GET)) {
        if (int_reply)
            reply_long(c, 1);
        else
            reply_ok(c);
    }
}

static void set_cmd(struct client *c) {
    int flags = 0;
    const struct str *expire = NULL;
    if (c->argc > 3 && !parse_string_options(c, 1, &flags, &expire)) return;
    set_generic(c, flags, &c->argv[1], &c->argv[2], expire, 0);
}

static void setnx_cmd(struct client *c) {
    set_generic(c, SF_NX, &c->argv[1], &c->argv[2], NULL, 1);
}

static void setex_cmd(struct client *c) {
    set_generic(c, SF_EX, &c->argv[1], &c->argv[3], &c->argv[2], 0);
}

static void psetex_cmd(struct client *c) {
    set_generic(c, SF_PX, &c->argv[1], &c->argv[3], &c->argv[2], 0);
}

static void getex_cmd(struct client *c) {
    int flags = 0;
    const struct str *expire = NULL, *k = &c->argv[1];
    if (!parse_string_options(c, 0, &flags, &expire)) return;
    struct kv *o = db_lookup_read(c->db, k->ptr, k->len);
    if (!o) {
        reply_null(c);
        return;
    }
    if (o->type != T_STRING) {
        reply_error_type(c);
        return;
    }
    long long when = 0;
    if (expire && !expire_to_ms(c, expire, flags, &when)) return;
    reply_kv_str(c, o);
    char b[24];
    if ((flags & (SF_EXAT | SF_PXAT)) && when <= srv.now_ms && !srv.loading) {
        db_delete(c->db, k->ptr, k->len);
        changed(c, k, NOTIFY_GENERIC, "del");
        srv.dirty++;
        propagate_rewrite(c, 2, cfg.lazyfree_lazy_expire ? PSTR("UNLINK") : PSTR("DEL"), *k);
    } else if (expire) {
        db_set_expire(c->db, o, when);
        changed(c, k, NOTIFY_GENERIC, "expire");
        srv.dirty++;
        propagate_rewrite(c, 3, PSTR("PEXPIREAT"), *k, pstr_ll(b, when));
    } else if ((flags & SF_PERSIST) && o->ttl) {
        db_set_expire(c->db, o, -1);
        changed(c, k, NOTIFY_GENERIC, "persist");
        srv.dirty++;
        propagate_rewrite(c, 2, PSTR("PERSIST"), *k);
    }
}

/* GET's lookup for GETDEL/GETSET: replies the value (or nil); returns the
 * entry, NULL when missing; *err set after a WRONGTYPE reply. */
static struct kv *get_generic(struct client *c, int *err) {
    struct kv *o = db_lookup_read(c->db, c->argv[1].ptr, c->argv[1].len);
    *err = 0;
    if (!o) {
        reply_null(c);
    } else if (o->type != T_STRING) {
        reply_error_type(c);
        *err = 1;
        return NULL;
    } else {
        reply_kv_str(c, o);
    }
    return o;
}

static void getdel_cmd(struct client *c) {
    int err;
    if (!get_generic(c, &err)) return;
    const struct str *k = &c->argv[1];
    db_delete(c->db, k->ptr, k->len);
    changed(c, k, NOTIFY_GENERIC, "del");
    srv.dirty++;
    propagate_rewrite(c, 2, cfg.lazyfree_lazy_user_del ? PSTR("UNLINK") : PSTR("DEL"), *k);
}

static void getset_cmd(struct client *c) {
    int err;
    struct kv *o = get_generic(c, &err);
    if (err) return;
    store_string(c->db, o, &c->argv[1], &c->argv[2], -1);
    changed(c, &c->argv[1], NOTIFY_STRING, "set");
    srv.dirty++;
    propagate_rewrite_arg(c, 0, PSTR("SET"));
}

static void mget_cmd(struct client *c) {
    reply_array_len(c, c->argc - 1);
    for (int j = 1; j < c->argc; j++) {
        struct kv *o = db_lookup_read(c->db, c->argv[j].ptr, c->argv[j].len);
        if (!o || o->type != T_STRING)
            reply_null(c);
        else
            reply_kv_str(c, o);
    }
}

static void mset_generic(struct client *c, int nx) {
    if (c->argc % 2 == 0) {
        reply_error_arity(c);
        return;
    }
    if (nx) {
        for (int j = 1; j < c->argc; j += 2) {
            if (db_lookup_write(c->db, c->argv[j].ptr, c->argv[j].len)) {
                reply_long(c, 0);
                return;
            }
        }
    }
    for (int j = 1; j < c->argc; j += 2) {
        const struct str *k = &c->argv[j];
        store_string(c->db, db_lookup_write(c->db, k->ptr, k->len), k, &c->argv[j + 1], -1);
        changed(c, k, NOTIFY_STRING, "set");
    }
    srv.dirty += (c->argc - 1) / 2;
    if (nx)
        reply_long(c, 1);
    else
        reply_ok(c);
}

static void mset_cmd(struct client *c) {
    mset_generic(c, 0);
}

static void msetnx_cmd(struct client *c) {
    mset_generic(c, 1);
}

/* ------------------------------------------------------- in-place changes */

static void append_cmd(struct client *c) {
    const struct str *k = &c->argv[1], *v = &c->argv[2];
    struct kv *o = db_lookup_write(c->db, k->ptr, k->len);
    size_t total;
    if (!o) {
        db_add(c->db, kv_new_string_auto(k->ptr, k->len, v->ptr, v->len, -1));
        total = v->len;
    } else {
        if (o->type != T_STRING) {
            reply_error_type(c);
            return;
        }
        size_t cur = kv_strlen(o);
        if (!string_check_length(c, (long long)cur, (long long)v->len)) return;
        struct rstr *s = string_raw_grow(c->db, &o, cur + v->len);
        memcpy(s->buf + cur, v->ptr, v->len);
        total = s->len;
    }
    changed(c, k, NOTIFY_STRING, "append");
    srv.dirty++;
    reply_long(c, (long long)total);
}

static void strlen_cmd(struct client *c) {
    struct kv *o = db_lookup_read(c->db, c->argv[1].ptr, c->argv[1].len);
    if (!o) {
        reply_long(c, 0);
        return;
    }
    if (o->type != T_STRING) {
        reply_error_type(c);
        return;
    }
    reply_long(c, (long long)kv_strlen(o));
}

static void setrange_cmd(struct client *c) {
    const struct str *k = &c->argv[1], *v = &c->argv[3];
    long long offset;
    if (!arg_ll(c, &c->argv[2], &offset)) return;
    if (offset < 0) {
        reply_error(c, "offset is out of range");
        return;
    }
    struct kv *o = db_lookup_write(c->db, k->ptr, k->len);
    struct rstr *s;
    if (!o) {
        if (v->len == 0) {
            reply_long(c, 0);
            return;
        }
        if (!string_check_length(c, offset, (long long)v->len)) return;
        size_t n = (size_t)offset + v->len;
        s = rstr_new(NULL, n, n);
        db_add(c->db, kv_new_obj(k->ptr, k->len, T_STRING, ENC_RAW, s, -1));
    } else {
        if (o->type != T_STRING) {
            reply_error_type(c);
            return;
        }
        if (v->len == 0) {
            reply_long(c, (long long)kv_strlen(o));
            return;
        }
        if (!string_check_length(c, offset, (long long)v->len)) return;
        s = string_raw_grow(c->db, &o, (size_t)offset + v->len);
    }
    memcpy(s->buf + offset, v->ptr, v->len);
    changed(c, k, NOTIFY_STRING, "setrange");
    srv.dirty++;
    reply_long(c, (long long)s->len);
}

static void getrange_cmd(struct client *c) {
    long long start, end;
    if (!arg_ll(c, &c->argv[2], &start) || !arg_ll(c, &c->argv[3], &end)) return;
    struct kv *o = db_lookup_read(c->db, c->argv[1].ptr, c->argv[1].len);
    if (!o) {
        reply_bulk(c, "", 0);
        return;
    }
    if (o->type != T_STRING) {
        reply_error_type(c);
        return;
    }
    char ibuf[LONG_STR_SIZE];
    size_t slen;
    const char *s = kv_str(o, &slen, ibuf);
    long long len = (long long)slen;
    if (start < 0 && end < 0 && start > end) {
        reply_bulk(c, "", 0);
        return;
    }
    if (start < 0) start += len;
    if (end < 0) end += len;
    if (start < 0) start = 0;
    if (end < 0) end = 0;
    if (end >= len) end = len - 1;
    if (start > end || len == 0)
        reply_bulk(c, "", 0);
    else
        reply_bulk(c, s + start, (size_t)(end - start + 1));
}

/* --------------------------------------------------------------- counters */

static void incr_generic(struct client *c, long long incr) {
    const struct str *k = &c->argv[1];
    struct kv *o = db_lookup_write(c->db, k->ptr, k->len);
    long long v = 0;
    if (o) {
        if (o->type != T_STRING) {
            reply_error_type(c);
            return;
        }
        if (o->enc == ENC_INT) {
            v = kv_int(o);
        } else {
            char ibuf[LONG_STR_SIZE];
            size_t len;
            const char *s = kv_str(o, &len, ibuf);
            if (!str2ll(s, len, &v)) {
                reply_error_not_int(c);
                return;
            }
        }
    }
    if ((incr < 0 && v < 0 && incr < LLONG_MIN - v) ||
        (incr > 0 && v > 0 && incr > LLONG_MAX - v)) {
        reply_error(c, "increment or decrement would overflow");
        return;
    }
    v += incr;
    if (o && o->enc == ENC_INT) {
        kv_store_int(o, v);
    } else if (o) {
        db_swap(c->db, o, kv_new_int(k->ptr, k->len, v, kv_expire(o)));
    } else {
        db_add(c->db, kv_new_int(k->ptr, k->len, v, -1));
    }
    changed(c, k, NOTIFY_STRING, "incrby");
    srv.dirty++;
    reply_long(c, v);
}

static void incr_cmd(struct client *c) {
    incr_generic(c, 1);
}

static void decr_cmd(struct client *c) {
    incr_generic(c, -1);
}

static void incrby_cmd(struct client *c) {
    long long incr;
    if (arg_ll(c, &c->argv[2], &incr)) incr_generic(c, incr);
}

static void decrby_cmd(struct client *c) {
    long long incr;
    if (!arg_ll(c, &c->argv[2], &incr)) return;
    if (incr == LLONG_MIN) {
        reply_error(c, "decrement would overflow");
        return;
    }
    incr_generic(c, -incr);
}

static void incrbyfloat_cmd(struct client *c) {
    const struct str *k = &c->argv[1];
    struct kv *o = db_lookup_write(c->db, k->ptr, k->len);
    long double v = 0, incr;
    if (o) {
        if (o->type != T_STRING) {
            reply_error_type(c);
            return;
        }
        if (o->enc == ENC_INT) {
            v = (long double)kv_int(o);
        } else {
            char ibuf[LONG_STR_SIZE];
            size_t len;
            const char *s = kv_str(o, &len, ibuf);
            if (!parse_ld(s, len, &v)) {
                reply_error_not_float(c);
                return;
            }
        }
    }
    if (!parse_ld(c->argv[2].ptr, c->argv[2].len, &incr)) {
        reply_error_not_float(c);
        return;
    }
    v += incr;
    if (isnan(v) || isinf(v)) {
        reply_error(c, "increment would produce NaN or Infinity");
        return;
    }
    char buf[MAX_LONG_DOUBLE_CHARS];
    int n = ld2str(buf, sizeof(buf), v, 1);
    struct kv *nv = kv_new_string(k->ptr, k->len, buf, (size_t)n, o ? kv_expire(o) : -1);
    if (o)
        db_swap(c->db, o, nv);
    else
        db_add(c->db, nv);
    changed(c, k, NOTIFY_STRING, "incrbyfloat");
    srv.dirty++;
    reply_bulk(c, buf, (size_t)n);
    /* replicas and the AOF get the exact value, not a float to add again */
    propagate_rewrite(c, 4, PSTR("SET"), *k, pstr(buf, (size_t)n), PSTR("KEEPTTL"));
}

/* -------------------------------------------------------------------- LCS */

static void lcs_cmd(struct client *c) {
    struct kv *oa = db_lookup_read(c->db, c->argv[1].ptr, c->argv[1].len);
    struct kv *ob = db_lookup_read(c->db, c->argv[2].ptr, c->argv[2].len);
    if ((oa && oa->type != T_STRING) || (ob && ob->type != T_STRING)) {
        reply_error(c, "The specified keys must contain string values");
        return;
    }
    long long minmatchlen = 0;
    int getlen = 0, getidx = 0, withmatchlen = 0;
    for (int j = 3; j < c->argc; j++) {
        const struct str *a = &c->argv[j];
        if (str_eq_nocase(a->ptr, a->len, "idx")) {
            getidx = 1;
        } else if (str_eq_nocase(a->ptr, a->len, "len")) {
            getlen = 1;
        } else if (str_eq_nocase(a->ptr, a->len, "withmatchlen")) {
            withmatchlen = 1;
        } else if (str_eq_nocase(a->ptr, a->len, "minmatchlen") && j + 1 < c->argc) {
            if (!arg_ll(c, &c->argv[j + 1], &minmatchlen)) return;
            if (minmatchlen < 0) minmatchlen = 0;
            j++;
        } else {
            reply_error_syntax(c);
            return;
        }
    }
    if (getlen && getidx) {
        reply_error(c, "If you want both the length and indexes, please just use IDX.");
        return;
    }
    char ibufa[LONG_STR_SIZE], ibufb[LONG_STR_SIZE];
    size_t alen_z = 0, blen_z = 0;
    const char *a = oa ? kv_str(oa, &alen_z, ibufa) : "";
    const char *b = ob ? kv_str(ob, &blen_z, ibufb) : "";
    if (alen_z >= UINT32_MAX - 1 || blen_z >= UINT32_MAX - 1) {
        reply_error(c, "String too long for LCS");
        return;
    }
    uint32_t alen = (uint32_t)alen_z, blen = (uint32_t)blen_z;
    unsigned long long cells = (unsigned long long)(alen + 1ULL) * (blen + 1ULL);
    unsigned long long bytes = cells * sizeof(uint32_t);
    if (bytes / cells != sizeof(uint32_t) || bytes >= SIZE_MAX) {
        reply_error(c, "Insufficient memory, failed allocating transient memory for LCS");
        return;
    }
    if (bytes > (unsigned long long)cfg.proto_max_bulk_len) {
        reply_error(c, "Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len");
        return;
    }
    /* T[i][j] = LCS length of a[0..i) and b[0..j). */
    uint32_t *t = xmalloc((size_t)bytes);
    size_t w = (size_t)blen + 1;
#define T(i, j) t[(size_t)(i)*w + (j)]
    for (uint32_t j = 0; j <= blen; j++)
        T(0, j) = 0;
    for (uint32_t i = 1; i <= alen; i++) {
        T(i, 0) = 0;
        for (uint32_t j = 1; j <= blen; j++) {
            if (a[i - 1] == b[j - 1])
                T(i, j) = T(i - 1, j - 1) + 1;
            else
                T(i, j) = T(i - 1, j) > T(i, j - 1) ? T(i - 1, j) : T(i, j - 1);
        }
    }
    uint32_t total = T(alen, blen), idx = total;
    char *result = NULL;
    int walk = getidx || !getlen;
    if (walk) result = xmalloc((size_t)total + 1);
    void *matches = NULL;
    long nmatches = 0;
    if (getidx) {
        reply_map_len(c, 2);
        reply_bulk(c, "matches", 7);
        matches = reply_defer_len(c);
    }
    /* Walk back from the end, collecting the LCS and the matching ranges
     * (reported from the last to the first, as Redis does). */
    uint32_t i = alen, j = blen;
    int in_range = 0;
    uint32_t as = 0, ae = 0, bs = 0, be = 0;
    while (walk && i > 0 && j > 0) {
        int emit = 0;
        if (a[i - 1] == b[j - 1]) {
            result[idx - 1] = a[i - 1];
            if (!in_range) {
                as = ae = i - 1;
                bs = be = j - 1;
                in_range = 1;
            } else if (as == i && bs == j) {
                as--;
                bs--;
            } else {
                emit = 1;
            }
            if (as == 0 || bs == 0) emit = 1;
            idx--, i--, j--;
        } else {
            if (T(i - 1, j) > T(i, j - 1))
                i--;
            else
                j--;
            if (in_range) emit = 1;
        }
        if (emit) {
            uint32_t mlen = ae - as + 1;
            if (getidx && (minmatchlen == 0 || mlen >= minmatchlen)) {
                reply_array_len(c, 2 + withmatchlen);
                reply_array_len(c, 2);
                reply_long(c, as);
                reply_long(c, ae);
                reply_array_len(c, 2);
                reply_long(c, bs);
                reply_long(c, be);
                if (withmatchlen) reply_long(c, mlen);
                nmatches++;
            }
            in_range = 0;
        }
    }
#undef T
    if (getidx) {
        reply_bulk(c, "len", 3);
        reply_long(c, total);
        reply_set_array_len(c, matches, nmatches);
    } else if (getlen) {
        reply_long(c, total);
    } else {
        reply_bulk(c, result, total);
    }
    xfree(result);
    xfree(t);
}

/* ------------------------------------------------------------ the table */

#define STRING_KEY1 CMD_ONE_KEY, .group = "string"
#define W_STRING    (ACL_WRITE | ACL_STRING)
#define R_STRING    (ACL_READ | ACL_STRING)
#define GETRANGE_COMPLEXITY                                                                        \
    "O(N) where N is the length of the returned string. The complexity is ultimately "             \
    "determined by the returned length, but because creating a substring from an existing "        \
    "string is very cheap, it can be considered O(1) for small strings."

struct command string_commands[] = {
    {.name = "get",
     .proc = get_cmd,
     .arity = 2,
     .flags = CMD_READONLY | CMD_FAST,
     .acl = R_STRING | ACL_FAST,
     STRING_KEY1,
     .since = "1.0.0",
     .complexity = "O(1)",
     .summary = "Get the value of a key",
     .syntax = "key"},
    {.name = "set",
     .proc = set_cmd,
     .arity = -3,
     .flags = CMD_WRITE | CMD_DENYOOM,
     .acl = W_STRING | ACL_SLOW,
     STRING_KEY1,
     .since = "1.0.0",
     .complexity = "O(1)",
     .summary = "Set the string value of a key",
     .syntax = "key value [NX | XX] [GET] [EX seconds | PX milliseconds | EXAT unix-time-seconds | "
               "PXAT unix-time-milliseconds | KEEPTTL]",
     /* variable_flags: COMMAND GETKEYSANDFLAGS reports OW update, or RW access update with GET */
     .keyspecs = "RW access update variable_flags index 1 range 0 1 0"},
    {.name = "setnx",
     .proc = setnx_cmd,
     .arity = 3,
     .flags = CMD_WRITE | CMD_DENYOOM | CMD_FAST,
     .acl = W_STRING | ACL_FAST,
     STRING_KEY1,
     .since = "1.0.0",
     .complexity = "O(1)",
     .summary = "Set the value of a key, only if the key does not exist",
     .syntax = "key value"},
    {.name = "setex",
     .proc = setex_cmd,
     .arity = 4,
     .flags = CMD_WRITE | CMD_DENYOOM,
     .acl = W_STRING | ACL_SLOW,
     STRING_KEY1,
     .since = "2.0.0",
     .complexity = "O(1)",
     .summary = "Set the value and expiration of a key",
     .syntax = "key seconds value"},
    {.name = "psetex",
     .proc = psetex_cmd,
     .arity = 4,
     .flags = CMD_WRITE | CMD_DENYOOM,
     .acl = W_STRING | ACL_SLOW,
     STRING_KEY1,
     .since = "2.6.0",
     .complexity = "O(1)",
     .summary = "Set the value and expiration in milliseconds of a key",
     .syntax = "key milliseconds value"},
    {.name = "getex",
     .proc = getex_cmd,
     .arity = -2,
     .flags = CMD_WRITE | CMD_FAST,
     .acl = W_STRING | ACL_FAST,
     STRING_KEY1,
     .since = "6.2.0",
     .complexity = "O(1)",
     .summary = "Get the value of a key and optionally set its expiration",
     .syntax = "key [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT "
               "unix-time-milliseconds | PERSIST]"},
    {.name = "getdel",
     .proc = getdel_cmd,
     .arity = 2,
     .flags = CMD_WRITE | CMD_FAST,
     .acl = W_STRING | ACL_FAST,
     STRING_KEY1,
     .since = "6.2.0",
     .complexity = "O(1)",
     .summary = "Get the value of a key and delete the key",
     .syntax = "key"},
    {.name = "getset",
     .proc = getset_cmd,
     .arity = 3,
     .flags = CMD_WRITE | CMD_DENYOOM | CMD_FAST,
     .acl = W_STRING | ACL_FAST,
     STRING_KEY1,
     .since = "1.0.0",
     .complexity = "O(1)",
     .summary = "Set the string value of a key and return its old value",
     .syntax = "key value"},
    {.name = "mget",
     .proc = mget_cmd,
     .arity = -2,
     .flags = CMD_READONLY | CMD_FAST,
     .acl = R_STRING | ACL_FAST,
     .first_key = 1,
     .last_key = -1,
     .key_step = 1,
     .group = "string",
     .since = "1.0.0",
     .complexity = "O(N) where N is the number of keys to retrieve.",
     .summary = "Get the values of all the given keys",
     .syntax = "key [key ...]",
     .tips = "request_policy:multi_shard"},
    {.name = "mset",
     .proc = mset_cmd,
     .arity = -3,
     .flags = CMD_WRITE | CMD_DENYOOM,
     .acl = W_STRING | ACL_SLOW,
     .first_key = 1,
     .last_key = -1,
     .key_step = 2,
     .group = "string",
     .since = "1.0.1",
     .complexity = "O(N) where N is the number of keys to set.",
     .summary = "Set multiple keys to multiple values",
     .syntax = "key value [key value ...]",
     .tips = "request_policy:multi_shard response_policy:all_succeeded"},
    {.name = "msetnx",
     .proc = msetnx_cmd,
     .arity = -3,
     .flags = CMD_WRITE | CMD_DENYOOM,
     .acl = W_STRING | ACL_SLOW,
     .first_key = 1,
     .last_key = -1,
     .key_step = 2,
     .group = "string",
     .since = "1.0.1",
     .complexity = "O(N) where N is the number of keys to set.",
     .summary = "Set multiple keys to multiple values, only if none of the keys exist",
     .syntax = "key value [key value ...]",
     .tips = "request_policy:multi_shard response_policy:agg_min"},
    {.name = "append",
     .proc = append_cmd,
     .arity = 3,
     .flags = CMD_WRITE | CMD_DENYOOM | CMD_FAST,
     .acl = W_STRING | ACL_FAST,
     STRING_KEY1,
     .since = "2.0.0",
     .complexity = "O(1). The amortized time complexity is O(1) assuming the appended value is "
                   "small and the already present value is of any size, since the dynamic string "
                   "library used by Redis will double the free space available on every "
                   "reallocation.",
     .summary = "Append a value to a key",
     .syntax = "key value"},
    {.name = "strlen",
     .proc = strlen_cmd,
     .arity = 2,
     .flags = CMD_READONLY | CMD_FAST,
     .acl = R_STRING | ACL_FAST,
     STRING_KEY1,
     .since = "2.2.0",
     .complexity = "O(1)",
     .summary = "Get the length of the value stored in a key",
     .syntax = "key"},
    {.name = "getrange",
     .proc = getrange_cmd,
     .arity = 4,
     .flags = CMD_READONLY,
     .acl = R_STRING | ACL_SLOW,
     STRING_KEY1,
     .since = "2.4.0",
     .complexity = GETRANGE_COMPLEXITY,
     .summary = "Get a substring of the string stored at a key",
     .syntax = "key start end"},
    {.name = "substr",
     .proc = getrange_cmd,
     .arity = 4,
     .flags = CMD_READONLY,
     .acl = R_STRING | ACL_SLOW,
     STRING_KEY1,
     .since = "1.0.0",
     .complexity = GETRANGE_COMPLEXITY,
     .summary = "Get a substring of the string stored at a key",
     .syntax = "key start end"},
    {.name = "setrange",
     .proc = setrange_cmd,
     .arity = 4,
     .flags = CMD_WRITE | CMD_DENYOOM,
     .acl = W_STRING | ACL_SLOW,
     STRING_KEY1,
     .since = "2.2.0",
     .complexity = "O(1), not counting the time taken to copy the new string in place. Usually, "
                   "this string is very small so the amortized complexity is O(1). Otherwise, "
                   "complexity is O(M) with M being the length of the value argument.",
     .summary = "Overwrite part of a string at key starting at the specified offset",
     .syntax = "key offset value"},
    {.name = "incr",
     .proc = incr_cmd,
     .arity = 2,
     .flags = CMD_WRITE | CMD_DENYOOM | CMD_FAST,
     .acl = W_STRING | ACL_FAST,
     STRING_KEY1,
     .since = "1.0.0",
     .complexity = "O(1)",
     .summary = "Increment the integer value of a key by one",
     .syntax = "key"},
    {.name = "decr",
     .proc = decr_cmd,
     .arity = 2,
     .flags = CMD_WRITE | CMD_DENYOOM | CMD_FAST,
     .acl = W_STRING | ACL_FAST,
     STRING_KEY1,
     .since = "1.0.0",
     .complexity = "O(1)",
     .summary = "Decrement the integer value of a key by one",
     .syntax = "key"},
    {.name = "incrby",
     .proc = incrby_cmd,
     .arity = 3,
     .flags = CMD_WRITE | CMD_DENYOOM | CMD_FAST,
     .acl = W_STRING | ACL_FAST,
     STRING_KEY1,
     .since = "1.0.0",
     .complexity = "O(1)",
     .summary = "Increment the integer value of a key by the given amount",
     .syntax = "key increment"},
    {.name = "decrby",
     .proc = decrby_cmd,
     .arity = 3,
     .flags = CMD_WRITE | CMD_DENYOOM | CMD_FAST,
     .acl = W_STRING | ACL_FAST,
     STRING_KEY1,
     .since = "1.0.0",
     .complexity = "O(1)",
     .summary = "Decrement the integer value of a key by the given number",
     .syntax = "key decrement"},
    {.name = "incrbyfloat",
     .proc = incrbyfloat_cmd,
     .arity = 3,
     .flags = CMD_WRITE | CMD_DENYOOM | CMD_FAST,
     .acl = W_STRING | ACL_FAST,
     STRING_KEY1,
     .since = "2.6.0",
     .complexity = "O(1)",
     .summary = "Increment the float value of a key by the given amount",
     .syntax = "key increment"},
    {.name = "lcs",
     .proc = lcs_cmd,
     .arity = -3,
     .flags = CMD_READONLY,
     .acl = R_STRING | ACL_SLOW,
     .first_key = 1,
     .last_key = 2,
     .key_step = 1,
     .group = "string",
     .since = "7.0.0",
     .complexity = "O(N*M) where N and M are the lengths of s1 and s2, respectively",
     .summary = "Find longest common substring",
     .syntax = "key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN]"},
    {0},
};
