/* geo: GEOADD, GEOPOS, GEODIST, GEOHASH, GEOSEARCH[STORE] and the GEORADIUS
 * family. A geo index is an ordinary sorted set whose scores are 52-bit
 * geohashes (geohash.h); searches scan the score ranges of the cell around
 * the centre and of its neighbours (in Redis's order: centre, N, S, E, W,
 * NE, NW, SE, SW), keep the points inside the shape, then sort by distance
 * if asked to. Replies, options and errors are Redis 7.0's. */
#include "client.h"
#include "commands.h"
#include "db.h"
#include "geohash.h"
#include "mem.h"
#include "reply.h"
#include "server.h"
#include "util.h"
#include "zset.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------ helpers */

static int arg_is(const struct str *a, const char *word) {
    return strcasecmp(a->ptr, word) == 0;
}

static int get_double(struct client *c, const struct str *a, double *out, const char *msg) {
    if (!zset_parse_double(a->ptr, a->len, out)) {
        reply_error(c, msg ? msg : "value is not a valid float");
        return 0;
    }
    return 1;
}

/* Longitude then latitude from two arguments; 0 after replying an error. */
static int get_lonlat(struct client *c, const struct str *argv, double *xy) {
    for (int i = 0; i < 2; i++)
        if (!get_double(c, &argv[i], &xy[i], NULL)) return 0;
    if (xy[0] < GEO_LONG_MIN || xy[0] > GEO_LONG_MAX || xy[1] < GEO_LAT_MIN ||
        xy[1] > GEO_LAT_MAX) {
        reply_error_fmt(c, "-ERR invalid longitude,latitude pair %f,%f", xy[0], xy[1]);
        return 0;
    }
    return 1;
}

/* Meters per unit, or -1 after replying an error. */
static double get_unit(struct client *c, const struct str *u) {
    if (arg_is(u, "m")) return 1;
    if (arg_is(u, "km")) return 1000;
    if (arg_is(u, "ft")) return 0.3048;
    if (arg_is(u, "mi")) return 1609.34;
    reply_error(c, "unsupported unit provided. please use M, KM, FT, MI");
    return -1;
}

static int get_distance(struct client *c, const struct str *argv, double *conversion,
                        double *radius) {
    double d;
    if (!get_double(c, &argv[0], &d, "need numeric radius")) return 0;
    if (d < 0) {
        reply_error(c, "radius cannot be negative");
        return 0;
    }
    *radius = d;
    double m = get_unit(c, &argv[1]);
    if (m < 0) return 0;
    *conversion = m;
    return 1;
}

static int get_box(struct client *c, const struct str *argv, double *conversion, double *width,
                   double *height) {
    double w, h;
    if (!get_double(c, &argv[0], &w, "need numeric width") ||
        !get_double(c, &argv[1], &h, "need numeric height"))
        return 0;
    if (h < 0 || w < 0) {
        reply_error(c, "height or width cannot be negative");
        return 0;
    }
    *width = w;
    *height = h;
    double m = get_unit(c, &argv[2]);
    if (m < 0) return 0;
    *conversion = m;
    return 1;
}

static int member_lonlat(struct kv *o, const struct str *m, double *xy) {
    struct zview v;
    double score;
    zview_of(&v, o);
    if (!zview_score(&v, m->ptr, m->len, &score)) return 0;
    return geohash_decode_score(score, xy);
}

/* Distances: 4 decimals ("%.4f" rounded with llrint, as Redis does). */
static void reply_distance(struct client *c, double d) {
    char buf[64];
    long long v = llrint(d * 10000.0);
    const char *sign = v < 0 ? "-" : "";
    unsigned long long u = v < 0 ? (unsigned long long)(-(v + 1)) + 1 : (unsigned long long)v;
    int n = snprintf(buf, sizeof(buf), "%s%llu.%04llu", sign, u / 10000, u % 10000);
    reply_bulk(c, buf, (size_t)n);
}

/* Coordinates: "%.17Lf" without trailing zeros; a RESP3 double. */
static void reply_coord(struct client *c, double d) {
    char buf[MAX_LONG_DOUBLE_CHARS];
    int n = ld2str(buf, sizeof(buf), (long double)d, 1);
    if (c->resp < 3) {
        reply_bulk(c, buf, (size_t)n);
        return;
    }
    reply_raw(c, ",", 1);
    reply_raw(c, buf, (size_t)n);
    reply_raw(c, "\r\n", 2);
}

/* ------------------------------------------------------------ GEOADD */

/* GEOADD key [NX|XX] [CH] longitude latitude member [...]: ZADD with the
 * geohashes as scores. */
static void geoadd_cmd(struct client *c) {
    int xx = 0, nx = 0, longidx = 2;
    while (longidx < c->argc) {
        const struct str *o = &c->argv[longidx];
        if (arg_is(o, "nx"))
            nx = 1;
        else if (arg_is(o, "xx"))
            xx = 1;
        else if (!arg_is(o, "ch"))
            break;
        longidx++;
    }
    if ((c->argc - longidx) % 3 || (xx && nx)) {
        reply_error_syntax(c);
        return;
    }
    int elements = (c->argc - longidx) / 3;
    int argc = longidx + elements * 2;
    struct str *argv = xmalloc(sizeof(*argv) * (size_t)argc);
    char *scores = xmalloc((size_t)elements * LONG_STR_SIZE + 1);
    for (int i = 0; i < longidx; i++)
        argv[i] = c->argv[i];
    int ok = 1;
    for (int i = 0; i < elements && ok; i++) {
        double xy[2];
        if (!get_lonlat(c, &c->argv[longidx + i * 3], xy)) {
            ok = 0;
            break;
        }
        struct geo_bits h;
        geohash_encode_wgs84(xy[0], xy[1], GEO_STEP_MAX, &h);
        char *s = scores + (size_t)i * LONG_STR_SIZE;
        int n = ll2str(s, LONG_STR_SIZE, (long long)geohash_align52(h));
        argv[longidx + i * 2].ptr = s;
        argv[longidx + i * 2].len = (size_t)n;
        argv[longidx + i * 2 + 1] = c->argv[longidx + i * 3 + 2];
    }
    if (ok) zadd_generic(c, argc, argv, 0);
    xfree(scores);
    xfree(argv);
}

/* ------------------------------------------------------------ searches */

struct geo_point {
    double lon, lat, dist, score;
    char *member;
    size_t len;
};

struct geo_array {
    struct geo_point *v;
    size_t used, cap;
};

static void ga_add(struct geo_array *ga, const double *xy, double dist, double score, const char *m,
                   size_t len) {
    if (ga->used == ga->cap) {
        ga->cap = ga->cap ? ga->cap * 2 : 8;
        ga->v = xrealloc(ga->v, ga->cap * sizeof(*ga->v));
    }
    struct geo_point *p = &ga->v[ga->used++];
    p->lon = xy[0];
    p->lat = xy[1];
    p->dist = dist;
    p->score = score;
    p->member = xmemdup(m, len);
    p->len = len;
}

static void ga_free(struct geo_array *ga) {
    for (size_t i = 0; i < ga->used; i++)
        xfree(ga->v[i].member);
    xfree(ga->v);
}

/* Points of one cell: scores in [align(hash), align(hash + 1)). */
static void points_in_cell(const struct zview *v, struct geo_bits h, const struct geo_shape *shape,
                           struct geo_array *ga, unsigned long limit) {
    struct zrange_spec r;
    r.min = (double)geohash_align52(h);
    h.bits++;
    r.max = (double)geohash_align52(h);
    r.minex = 0;
    r.maxex = 1;
    long first = zset_first_in_range(v, &r);
    if (first < 0) return;
    struct ziter it;
    ziter_init(&it, v);
    for (ziter_seek(&it, (unsigned long)first); it.valid; ziter_next(&it)) {
        if (!zset_lte_max(it.score, &r)) break;
        double xy[2], dist = 0;
        if (geo_within_shape(shape, it.score, xy, &dist))
            ga_add(ga, xy, dist, it.score, it.m, it.mlen);
        if (ga->used && limit && ga->used >= limit) break;
    }
    ziter_release(&it);
}

static void points_in_areas(const struct zview *v, const struct geo_search *s,
                            const struct geo_shape *shape, struct geo_array *ga,
                            unsigned long limit) {
    struct geo_bits cells[9] = {s->hash,
                                s->neighbors.north,
                                s->neighbors.south,
                                s->neighbors.east,
                                s->neighbors.west,
                                s->neighbors.north_east,
                                s->neighbors.north_west,
                                s->neighbors.south_east,
                                s->neighbors.south_west};
    int last = -1;
    for (int i = 0; i < 9; i++) {
        if (!cells[i].bits && !cells[i].step) continue;
        /* huge radii make adjacent neighbours coincide: skip repeats */
        if (last > 0 && cells[i].bits == cells[last].bits && cells[i].step == cells[last].step)
            continue;
        if (ga->used && limit && ga->used >= limit) break;
        points_in_cell(v, cells[i], shape, ga, limit);
        last = i;
    }
}

static int by_dist_asc(const void *a, const void *b) {
    const struct geo_point *x = a, *y = b;
    return x->dist > y->dist ? 1 : x->dist == y->dist ? 0 : -1;
}

static int by_dist_desc(const void *a, const void *b) {
    return -by_dist_asc(a, b);
}

#define SORT_NONE 0
#define SORT_ASC  1
#define SORT_DESC 2

#define F_COORDS    (1 << 0) /* GEORADIUS: centre from arguments */
#define F_MEMBER    (1 << 1) /* GEORADIUSBYMEMBER */
#define F_NOSTORE   (1 << 2) /* the _RO variants */
#define F_SEARCH    (1 << 3) /* GEOSEARCH syntax */
#define F_SEARCHSTO (1 << 4) /* GEOSEARCHSTORE */

static void georadius_generic(struct client *c, int srcidx, int flags) {
    const struct str *storekey = NULL;
    int storedist = 0, wrong;
    struct kv *zobj =
        db_lookup_typed(c, c->argv[srcidx].ptr, c->argv[srcidx].len, T_ZSET, LOOKUP_NONE, &wrong);
    if (wrong) return;
    int base;
    struct geo_shape shape;
    memset(&shape, 0, sizeof(shape));
    if (flags & F_COORDS) {
        base = 6;
        shape.type = GEO_CIRCLE;
        if (!get_lonlat(c, &c->argv[2], shape.xy)) return;
        if (!get_distance(c, &c->argv[base - 2], &shape.conversion, &shape.radius)) return;
    } else if ((flags & F_MEMBER) && !zobj) {
        base = 5; /* parse the options anyway: the reply depends on STORE */
    } else if (flags & F_MEMBER) {
        base = 5;
        shape.type = GEO_CIRCLE;
        if (!member_lonlat(zobj, &c->argv[2], shape.xy)) {
            reply_error(c, "could not decode requested zset member");
            return;
        }
        if (!get_distance(c, &c->argv[base - 2], &shape.conversion, &shape.radius)) return;
    } else {
        base = 2;
        if (flags & F_SEARCHSTO) {
            base = 3;
            storekey = &c->argv[1];
        }
    }

    int withdist = 0, withhash = 0, withcoords = 0, frommember = 0, fromloc = 0, byradius = 0,
        bybox = 0, sort = SORT_NONE, any = 0;
    long long count = 0;
    int remaining = c->argc - base;
    for (int i = 0; i < remaining; i++) {
        const struct str *a = &c->argv[base + i];
        if (arg_is(a, "withdist")) {
            withdist = 1;
        } else if (arg_is(a, "withhash")) {
            withhash = 1;
        } else if (arg_is(a, "withcoord")) {
            withcoords = 1;
        } else if (arg_is(a, "any")) {
            any = 1;
        } else if (arg_is(a, "asc")) {
            sort = SORT_ASC;
        } else if (arg_is(a, "desc")) {
            sort = SORT_DESC;
        } else if (arg_is(a, "count") && i + 1 < remaining) {
            const struct str *n = &c->argv[base + i + 1];
            if (!str2ll(n->ptr, n->len, &count)) {
                reply_error_not_int(c);
                return;
            }
            if (count <= 0) {
                reply_error(c, "COUNT must be > 0");
                return;
            }
            i++;
        } else if (arg_is(a, "store") && i + 1 < remaining && !(flags & F_NOSTORE) &&
                   !(flags & F_SEARCH)) {
            storekey = &c->argv[base + i + 1];
            storedist = 0;
            i++;
        } else if (arg_is(a, "storedist") && i + 1 < remaining && !(flags & F_NOSTORE) &&
                   !(flags & F_SEARCH)) {
            storekey = &c->argv[base + i + 1];
            storedist = 1;
            i++;
        } else if (arg_is(a, "storedist") && (flags & F_SEARCH) && (flags & F_SEARCHSTO)) {
            storedist = 1;
        } else if (arg_is(a, "frommember") && i + 1 < remaining && (flags & F_SEARCH) && !fromloc) {
            if (zobj && !member_lonlat(zobj, &c->argv[base + i + 1], shape.xy)) {
                reply_error(c, "could not decode requested zset member");
                return;
            }
            frommember = 1;
            i++;
        } else if (arg_is(a, "fromlonlat") && i + 2 < remaining && (flags & F_SEARCH) &&
                   !frommember) {
            if (!get_lonlat(c, &c->argv[base + i + 1], shape.xy)) return;
            fromloc = 1;
            i += 2;
        } else if (arg_is(a, "byradius") && i + 2 < remaining && (flags & F_SEARCH) && !bybox) {
            if (!get_distance(c, &c->argv[base + i + 1], &shape.conversion, &shape.radius)) return;
            shape.type = GEO_CIRCLE;
            byradius = 1;
            i += 2;
        } else if (arg_is(a, "bybox") && i + 3 < remaining && (flags & F_SEARCH) && !byradius) {
            if (!get_box(c, &c->argv[base + i + 1], &shape.conversion, &shape.width, &shape.height))
                return;
            shape.type = GEO_BOX;
            bybox = 1;
            i += 3;
        } else {
            reply_error_syntax(c);
            return;
        }
    }
    if (storekey && (withdist || withhash || withcoords)) {
        reply_error_fmt(c, "%s is not compatible with WITHDIST, WITHHASH and WITHCOORD options",
                        (flags & F_SEARCHSTO) ? "GEOSEARCHSTORE" : "STORE option in GEORADIUS");
        return;
    }
    if ((flags & F_SEARCH) && !(frommember || fromloc)) {
        reply_error_fmt(c, "exactly one of FROMMEMBER or FROMLONLAT can be specified for %s",
                        c->argv[0].ptr);
        return;
    }
    if ((flags & F_SEARCH) && !(byradius || bybox)) {
        reply_error_fmt(c, "exactly one of BYRADIUS and BYBOX can be specified for %s",
                        c->argv[0].ptr);
        return;
    }
    if (any && !count) {
        reply_error(c, "the ANY argument requires COUNT argument");
        return;
    }
    if (!zobj) {
        if (storekey) {
            if (db_delete(c->db, storekey->ptr, storekey->len)) {
                db_signal_write(c->db, storekey->ptr, storekey->len, NOTIFY_GENERIC, "del");
                srv.dirty++;
            }
            reply_long(c, 0);
        } else {
            reply_empty_array(c);
        }
        return;
    }
    if (count != 0 && sort == SORT_NONE && !any) sort = SORT_ASC;

    struct geo_search areas;
    geo_search_areas(&shape, &areas);
    struct geo_array ga = {0};
    struct zview v;
    zview_of(&v, zobj);
    points_in_areas(&v, &areas, &shape, &ga, any ? (unsigned long)count : 0);

    if (ga.used == 0 && !storekey) {
        reply_empty_array(c);
        ga_free(&ga);
        return;
    }
    long total = (long)ga.used;
    long returned = (count == 0 || total < count) ? total : (long)count;
    if (sort != SORT_NONE)
        qsort(ga.v, ga.used, sizeof(*ga.v), sort == SORT_ASC ? by_dist_asc : by_dist_desc);

    if (!storekey) {
        int opts = withdist + withcoords + withhash;
        reply_array_len(c, returned);
        for (long i = 0; i < returned; i++) {
            struct geo_point *p = &ga.v[i];
            p->dist /= shape.conversion;
            if (opts) reply_array_len(c, opts + 1);
            reply_bulk(c, p->member, p->len);
            if (withdist) reply_distance(c, p->dist);
            if (withhash) reply_long(c, (long long)p->score);
            if (withcoords) {
                reply_array_len(c, 2);
                reply_coord(c, p->lon);
                reply_coord(c, p->lat);
            }
        }
    } else {
        if (returned) {
            struct zbuild b;
            zbuild_init(&b);
            for (long i = 0; i < returned; i++) {
                struct geo_point *p = &ga.v[i];
                p->dist /= shape.conversion;
                double s;
                struct zview bv = {NULL, b.t};
                if (zview_score(&bv, p->member, p->len, &s)) continue; /* a cell seen twice */
                zbuild_add(&b, p->member, p->len, storedist ? p->dist : p->score);
            }
            db_set(c->db, zbuild_finish(&b, storekey->ptr, storekey->len));
            db_key_modified(c->db, storekey->ptr, storekey->len);
            notify_keyspace_event(NOTIFY_ZSET,
                                  (flags & F_SEARCH) ? "geosearchstore" : "georadiusstore",
                                  storekey->ptr, storekey->len, c->db->id);
            srv.dirty += returned;
        } else if (db_delete(c->db, storekey->ptr, storekey->len)) {
            db_signal_write(c->db, storekey->ptr, storekey->len, NOTIFY_GENERIC, "del");
            srv.dirty++;
        }
        reply_long(c, returned);
    }
    ga_free(&ga);
}

static void georadius_cmd(struct client *c) {
    georadius_generic(c, 1, F_COORDS);
}

static void georadiusbymember_cmd(struct client *c) {
    georadius_generic(c, 1, F_MEMBER);
}

static void georadius_ro_cmd(struct client *c) {
    georadius_generic(c, 1, F_COORDS | F_NOSTORE);
}

static void georadiusbymember_ro_cmd(struct client *c) {
    georadius_generic(c, 1, F_MEMBER | F_NOSTORE);
}

static void geosearch_cmd(struct client *c) {
    georadius_generic(c, 1, F_SEARCH);
}

static void geosearchstore_cmd(struct client *c) {
    georadius_generic(c, 2, F_SEARCH | F_SEARCHSTO);
}

/* ------------------------------------------------------------ point queries */

static void geohash_cmd(struct client *c) {
    int wrong;
    struct kv *o = db_lookup_typed(c, c->argv[1].ptr, c->argv[1].len, T_ZSET, LOOKUP_NONE, &wrong);
    if (wrong) return;
    struct zview v;
    if (o) zview_of(&v, o);
    reply_array_len(c, c->argc - 2);
    for (int j = 2; j < c->argc; j++) {
        double score;
        char buf[11];
        if (!o || !zview_score(&v, c->argv[j].ptr, c->argv[j].len, &score) ||
            !geohash_to_string(score, buf))
            reply_null(c);
        else
            reply_bulk(c, buf, sizeof(buf));
    }
}

static void geopos_cmd(struct client *c) {
    int wrong;
    struct kv *o = db_lookup_typed(c, c->argv[1].ptr, c->argv[1].len, T_ZSET, LOOKUP_NONE, &wrong);
    if (wrong) return;
    struct zview v;
    if (o) zview_of(&v, o);
    reply_array_len(c, c->argc - 2);
    for (int j = 2; j < c->argc; j++) {
        double score, xy[2];
        if (!o || !zview_score(&v, c->argv[j].ptr, c->argv[j].len, &score) ||
            !geohash_decode_score(score, xy)) {
            reply_null_array(c);
            continue;
        }
        reply_array_len(c, 2);
        reply_coord(c, xy[0]);
        reply_coord(c, xy[1]);
    }
}

static void geodist_cmd(struct client *c) {
    double to_meter = 1;
    if (c->argc == 5) {
        to_meter = get_unit(c, &c->argv[4]);
        if (to_meter < 0) return;
    } else if (c->argc > 5) {
        reply_error_syntax(c);
        return;
    }
    int wrong;
    struct kv *o = db_lookup_typed(c, c->argv[1].ptr, c->argv[1].len, T_ZSET, LOOKUP_NONE, &wrong);
    if (wrong) return;
    if (!o) {
        reply_null(c);
        return;
    }
    struct zview v;
    zview_of(&v, o);
    double s1, s2, a[2], b[2];
    if (!zview_score(&v, c->argv[2].ptr, c->argv[2].len, &s1) ||
        !zview_score(&v, c->argv[3].ptr, c->argv[3].len, &s2) || !geohash_decode_score(s1, a) ||
        !geohash_decode_score(s2, b)) {
        reply_null(c);
        return;
    }
    reply_distance(c, geo_distance(a[0], a[1], b[0], b[1]) / to_meter);
}

/* ------------------------------------------------------------ key positions */

/* GEORADIUS/GEORADIUSBYMEMBER: the source, plus the key after STORE or
 * STOREDIST (the last one given). */
static int georadius_keys(struct client *c, int argc, int *keys, int max, int start) {
    int n = 0, store = 0;
    if (max > 0) keys[n++] = 1;
    for (int i = start; i < argc; i++) {
        if ((arg_is(&c->argv[i], "store") || arg_is(&c->argv[i], "storedist")) && i + 1 < argc) {
            store = i + 1;
            i++;
        }
    }
    if (store && n < max) keys[n++] = store;
    return n;
}

static int georadius_getkeys(struct client *c, int argc, int *keys, int max) {
    return georadius_keys(c, argc, keys, max, 6);
}

static int georadiusbymember_getkeys(struct client *c, int argc, int *keys, int max) {
    return georadius_keys(c, argc, keys, max, 5);
}

/* ------------------------------------------------------------ table */

#define GREAD  (ACL_READ | ACL_GEO | ACL_SLOW)
#define GWRITE (ACL_WRITE | ACL_GEO | ACL_SLOW)
#define RADIUS_COMPLEXITY                                                                          \
    "O(N+log(M)) where N is the number of elements inside the bounding box of the circular area "  \
    "delimited by center and radius and M is the number of items inside the index."
#define SEARCH_COMPLEXITY                                                                          \
    "O(N+log(M)) where N is the number of elements in the grid-aligned bounding box area around "  \
    "the shape provided as the filter and M is the number of items inside the shape"

struct command geo_commands[] = {
    {.name = "geoadd",
     .keyspecs = "RW update index 1 range 0 1 0",
     .proc = geoadd_cmd,
     .arity = -5,
     .flags = CMD_WRITE | CMD_DENYOOM,
     .acl = GWRITE,
     CMD_ONE_KEY,
     .group = "geo",
     .since = "3.2.0",
     .complexity =
         "O(log(N)) for each item added, where N is the number of elements in the sorted set.",
     .summary =
         "Add one or more geospatial items in the geospatial index represented using a sorted set",
     .syntax = "key [NX | XX] [CH] longitude latitude member [longitude latitude member ...]"},
    {.name = "geopos",
     .keyspecs = "RO access index 1 range 0 1 0",
     .proc = geopos_cmd,
     .arity = -2,
     .flags = CMD_READONLY,
     .acl = GREAD,
     CMD_ONE_KEY,
     .group = "geo",
     .since = "3.2.0",
     .complexity = "O(N) where N is the number of members requested.",
     .summary = "Returns longitude and latitude of members of a geospatial index",
     .syntax = "key [member [member ...]]"},
    {.name = "geodist",
     .keyspecs = "RO access index 1 range 0 1 0",
     .proc = geodist_cmd,
     .arity = -4,
     .flags = CMD_READONLY,
     .acl = GREAD,
     CMD_ONE_KEY,
     .group = "geo",
     .since = "3.2.0",
     .complexity = "O(log(N))",
     .summary = "Returns the distance between two members of a geospatial index",
     .syntax = "key member1 member2 [M | KM | FT | MI]"},
    {.name = "geohash",
     .keyspecs = "RO access index 1 range 0 1 0",
     .proc = geohash_cmd,
     .arity = -2,
     .flags = CMD_READONLY,
     .acl = GREAD,
     CMD_ONE_KEY,
     .group = "geo",
     .since = "3.2.0",
     .complexity = "O(log(N)) for each member requested, where N is the number of elements in the "
                   "sorted set.",
     .summary = "Returns members of a geospatial index as standard geohash strings",
     .syntax = "key [member [member ...]]"},
    {.name = "geosearch",
     .keyspecs = "RO access index 1 range 0 1 0",
     .proc = geosearch_cmd,
     .arity = -7,
     .flags = CMD_READONLY,
     .acl = GREAD,
     CMD_ONE_KEY,
     .group = "geo",
     .since = "6.2.0",
     .complexity = SEARCH_COMPLEXITY,
     .summary = "Query a sorted set representing a geospatial index to fetch members inside an "
                "area of a box or a circle.",
     .syntax =
         "key FROMMEMBER member | FROMLONLAT longitude latitude BYRADIUS radius M | KM | FT | MI | "
         "BYBOX width height M | KM | FT | MI [ASC | DESC] [COUNT count [ANY]] [WITHCOORD] "
         "[WITHDIST] [WITHHASH]"},
    {.name = "geosearchstore",
     .keyspecs = "OW update index 1 range 0 1 0; RO access index 2 range 0 1 0",
     .proc = geosearchstore_cmd,
     .arity = -8,
     .flags = CMD_WRITE | CMD_DENYOOM,
     .acl = GWRITE,
     .first_key = 1,
     .last_key = 2,
     .key_step = 1,
     .group = "geo",
     .since = "6.2.0",
     .complexity = SEARCH_COMPLEXITY,
     .summary = "Query a sorted set representing a geospatial index to fetch members inside an "
                "area of a box or a circle, and store the result in another key.",
     .syntax = "destination source FROMMEMBER member | FROMLONLAT longitude latitude BYRADIUS "
               "radius M | KM "
               "| FT | MI | BYBOX width height M | KM | FT | MI [ASC | DESC] [COUNT count [ANY]] "
               "[STOREDIST]"},
    {.name = "georadius",
     .keyspecs = "RO access index 1 range 0 1 0; OW update keyword STORE 6 range 0 1 0; OW update "
                 "keyword STOREDIST 6 range 0 1 0",
     .proc = georadius_cmd,
     .arity = -6,
     .flags = CMD_WRITE | CMD_DENYOOM | CMD_MOVABLE_KEYS,
     .acl = GWRITE,
     CMD_ONE_KEY,
     .group = "geo",
     .since = "3.2.0",
     .complexity = RADIUS_COMPLEXITY,
     .summary = "Query a sorted set representing a geospatial index to fetch members matching a "
                "given maximum distance from a point",
     .syntax = "key longitude latitude radius M | KM | FT | MI [WITHCOORD] [WITHDIST] [WITHHASH] "
               "[COUNT count "
               "[ANY]] [ASC | DESC] [STORE key] [STOREDIST key]",
     .getkeys = georadius_getkeys},
    {.name = "georadiusbymember",
     .keyspecs = "RO access index 1 range 0 1 0; OW update keyword STORE 5 range 0 1 0; OW update "
                 "keyword STOREDIST 5 range 0 1 0",
     .proc = georadiusbymember_cmd,
     .arity = -5,
     .flags = CMD_WRITE | CMD_DENYOOM | CMD_MOVABLE_KEYS,
     .acl = GWRITE,
     CMD_ONE_KEY,
     .group = "geo",
     .since = "3.2.0",
     .complexity = RADIUS_COMPLEXITY,
     .summary = "Query a sorted set representing a geospatial index to fetch members matching a "
                "given maximum distance from a member",
     .syntax = "key member radius M | KM | FT | MI [WITHCOORD] [WITHDIST] [WITHHASH] [COUNT count "
               "[ANY]] [ASC "
               "| DESC] [STORE key] [STOREDIST key]",
     .getkeys = georadiusbymember_getkeys},
    {.name = "georadius_ro",
     .keyspecs = "RO access index 1 range 0 1 0",
     .proc = georadius_ro_cmd,
     .arity = -6,
     .flags = CMD_READONLY,
     .acl = GREAD,
     CMD_ONE_KEY,
     .group = "geo",
     .since = "3.2.10",
     .complexity = RADIUS_COMPLEXITY,
     .summary = "A read-only variant for GEORADIUS",
     .syntax = "key longitude latitude radius M | KM | FT | MI [WITHCOORD] [WITHDIST] [WITHHASH] "
               "[COUNT count "
               "[ANY]] [ASC | DESC]"},
    {.name = "georadiusbymember_ro",
     .keyspecs = "RO access index 1 range 0 1 0",
     .proc = georadiusbymember_ro_cmd,
     .arity = -5,
     .flags = CMD_READONLY,
     .acl = GREAD,
     CMD_ONE_KEY,
     .group = "geo",
     .since = "3.2.10",
     .complexity = RADIUS_COMPLEXITY,
     .summary = "A read-only variant for GEORADIUSBYMEMBER",
     .syntax = "key member radius M | KM | FT | MI [WITHCOORD] [WITHDIST] [WITHHASH] [COUNT count "
               "[ANY]] [ASC "
               "| DESC]"},
    {0},
};
