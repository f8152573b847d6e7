/* zset: the sorted-set value in its two encodings, and the operations the
 * sorted-set and geo commands share (t_zset.c, geo.c).
 *
 * Encodings (OBJECT ENCODING names are Redis's):
 *   listpack  up to zset-max-listpack-entries (default 128) members of at
 *             most zset-max-listpack-value (64) bytes: a listpack in Redis's
 *             byte format holding member, score, member, score ... ordered
 *             by (score, member), stored inline in the key's entry
 *             (enc ENC_ZSET_LP). A score is stored as Redis stores it: an
 *             integer entry when the double is integral within +-2^62, else
 *             its "%.17g" text ("inf"/"-inf" for infinities).
 *   skiplist  anything larger: a zbtree (zbtree.h) held by pointer
 *             (enc ENC_SKIPLIST, the name Redis gives its large encoding).
 * Conversions follow Redis 7.0 exactly, so OBJECT ENCODING answers the same:
 * ZADD on a new key starts a listpack unless the entries threshold is 0 or
 * the first member is longer than the value threshold; adding a member to a
 * listpack converts it when the count would pass the entries threshold or the
 * member is longer than the value threshold. Nothing converts back, except
 * commands that build a new set (ZUNIONSTORE & co, ZRANGESTORE,
 * GEO*STORE): they store a listpack when the result is within both.
 *
 * Reads go through a zview (no copy); writes through a zw, which edits a
 * private copy of a listpack and puts it back into the entry at zw_close (the
 * entry may move then), or edits the tree in place. */
#ifndef MNEMO_ZSET_H
#define MNEMO_ZSET_H
#include "db.h"
#include "listpack.h"
#include "zbtree.h"
#include <stddef.h>

#define ENC_ZSET_LP ENC_INLINE_MIN

struct client;
struct str;

void zset_init(void);

/* Parses a number the way Redis's getDoubleFromObject does (no spaces, no
 * NaN, no overflow). 1 ok. */
int zset_parse_double(const char *s, size_t len, double *out);

/* ------------------------------------------------------------ reading */

struct zview {
    unsigned char *lp; /* listpack encoding, or NULL */
    struct zbt *t;     /* tree encoding, or NULL */
};

void zview_of(struct zview *v, const struct kv *o);
unsigned long zview_len(const struct zview *v);
int zview_score(const struct zview *v, const char *m, size_t len, double *score);
/* 0-based rank (from the top when reverse), -1 if absent. */
long zview_rank(const struct zview *v, const char *m, size_t len, int reverse);

/* Element iterator over either encoding; m stays valid until the next step. */
struct ziter {
    const struct zview *v;
    int valid;
    unsigned long rank;
    double score;
    const char *m;
    size_t mlen;
    unsigned char *p; /* listpack: the member entry */
    unsigned char ibuf[LP_INTBUF_SIZE];
    struct zbt_iter ti;
};

void ziter_init(struct ziter *it, const struct zview *v);
void ziter_seek(struct ziter *it, unsigned long rank); /* invalid past the end */
void ziter_next(struct ziter *it);
void ziter_prev(struct ziter *it);
void ziter_release(struct ziter *it);

/* Score ranges: "(" makes a bound exclusive. */
struct zrange_spec {
    double min, max;
    int minex, maxex;
};
/* Parses min/max like Redis's ZRANGEBYSCORE (strtod, no NaN). 1 ok. */
int zset_parse_range(const char *min, const char *max, struct zrange_spec *r);
int zset_gte_min(double v, const struct zrange_spec *r);
int zset_lte_max(double v, const struct zrange_spec *r);
/* Rank of the first / last element in the range, or -1. */
long zset_first_in_range(const struct zview *v, const struct zrange_spec *r);
long zset_last_in_range(const struct zview *v, const struct zrange_spec *r);

/* Lexicographic ranges: "-" and "+" are the extremes, "(" and "[" prefix an
 * exclusive or inclusive bound. */
struct zlex_bound {
    int inf; /* -1 for "-", 1 for "+", 0 for a string */
    const char *p;
    size_t len;
};
struct zlex_spec {
    struct zlex_bound min, max;
    int minex, maxex;
};
int zset_parse_lex(const struct str *min, const struct str *max, struct zlex_spec *r);
int zset_lex_gte_min(const char *m, size_t len, const struct zlex_spec *r);
int zset_lex_lte_max(const char *m, size_t len, const struct zlex_spec *r);
long zset_first_in_lex(const struct zview *v, const struct zlex_spec *r);
long zset_last_in_lex(const struct zview *v, const struct zlex_spec *r);
/* Where ZREMRANGEBYLEX starts deleting (it then deletes while <= max). */
long zset_lex_delete_start(const struct zview *v, const struct zlex_spec *r);

/* ------------------------------------------------------------ writing */

#define ZADD_IN_INCR     1
#define ZADD_IN_NX       2
#define ZADD_IN_XX       4
#define ZADD_IN_GT       8
#define ZADD_IN_LT       16
#define ZADD_OUT_NOP     1
#define ZADD_OUT_NAN     2
#define ZADD_OUT_ADDED   4
#define ZADD_OUT_UPDATED 8

struct zw {
    struct db *db;
    struct kv *o; /* the entry, NULL for a new key */
    const char *key;
    size_t klen;
    unsigned char *lp; /* private copy while listpack encoded */
    struct zbt *t;
    int converted; /* the encoding changed: the entry must be rebuilt */
};

/* Opens an existing zset entry for writing. */
void zw_open(struct zw *w, struct db *db, struct kv *o);
/* Starts a new zset under key (added to db at zw_close if not empty). */
void zw_create(struct zw *w, struct db *db, const char *key, size_t klen, int tree);
unsigned long zw_len(const struct zw *w);
int zw_score(struct zw *w, const char *m, size_t len, double *score);
/* Redis's zsetAdd: returns 0 (and ZADD_OUT_NAN) for a NaN result, else 1. */
int zw_add(struct zw *w, double score, const char *m, size_t len, int in, int *out,
           double *newscore);
int zw_del(struct zw *w, const char *m, size_t len);
/* Deletes the element at rank whose member and score the caller just read
 * (cheaper than a rank lookup for the tree). */
void zw_del_at(struct zw *w, unsigned long rank, const char *m, size_t len, double score);
/* Deletes ranks [start, end] (inclusive, in range); returns how many. */
unsigned long zw_del_ranks(struct zw *w, unsigned long start, unsigned long end);
/* A read view of the set being written (valid until the next change). */
void zw_view(const struct zw *w, struct zview *v);
/* Writes the set back into the keyspace; an empty set deletes the key.
 * Returns 1 if the key was deleted. */
int zw_close(struct zw *w);

/* Pops for a client blocked on a key that now holds a sorted set
 * (blocking_serve_fn, see blocking.h); registered by zset_init. */
struct block_args;
int zset_serve(struct client *c, struct db *db, struct kv *o, const char *key, size_t klen,
               const struct block_args *a);

/* ZADD on an explicit argument vector (GEOADD passes its computed scores). */
void zadd_generic(struct client *c, int argc, struct str *argv, int flags);

/* ------------------------------------------------------------ building */

/* Collects a new set (members added once each), then makes the entry with
 * the encoding Redis would pick for a freshly built set. */
struct zbuild {
    struct zbt *t;
    size_t maxlen, totlen;
};
void zbuild_init(struct zbuild *b);
void zbuild_add(struct zbuild *b, const char *m, size_t len, double score);
unsigned long zbuild_len(const struct zbuild *b);
struct kv *zbuild_finish(struct zbuild *b, const char *key, size_t klen);
void zbuild_discard(struct zbuild *b);

#endif
