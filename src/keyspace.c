/* keyspace: generic key commands (DEL, UNLINK, EXISTS, TYPE, RENAME[NX], KEYS,
 * SCAN, RANDOMKEY, TOUCH, COPY, MOVE, SWAPDB, DBSIZE, FLUSHDB, FLUSHALL,
 * OBJECT).
 *
 * Rules shared by these commands, as in Redis:
 *  - expired keys are never reported: lookups expire them lazily; KEYS only
 *    skips them; SCAN and RANDOMKEY delete them when they meet them;
 *  - read-only lookups that only inspect metadata (EXISTS, TYPE, OBJECT) do
 *    not update the access time (LOOKUP_NOTOUCH); TOUCH does;
 *  - every change calls db_key_modified, raises its keyspace event and bumps
 *    srv.dirty. */
#include "client.h"
#include "commands.h"
#include "config.h"
#include "db.h"
#include "dump.h"
#include "rdb.h"
#include "mem.h"
#include "reply.h"
#include "server.h"
#include "propagate.h"
#include "util.h"
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SHARED_INTEGERS 10000      /* Redis shares int values 0..9999 */
#define SHARED_REFCOUNT 2147483647 /* what OBJECT REFCOUNT reports for them */

static int same_bytes(const struct str *a, const struct str *b) {
    return a->len == b->len && memcmp(a->ptr, b->ptr, a->len) == 0;
}

/* Parses a database index like Redis's getIntFromObjectOrReply (err, when
 * given, replaces both of its messages); replies on error. */
static int parse_db_index(struct client *c, const struct str *a, int *id, const char *err) {
    long long v;
    int ok = str2ll(a->ptr, a->len, &v);
    if (!ok || v < INT_MIN || v > INT_MAX) {
        if (err)
            reply_error(c, err);
        else if (!ok)
            reply_error_not_int(c);
        else
            reply_error_fmt(c, "value is out of range, value must between %d and %d", INT_MIN,
                            INT_MAX);
        return -1;
    }
    *id = (int)v;
    return 0;
}

static int db_index_valid(int id) {
    return id >= 0 && id < srv.ndb;
}

/* ---------------------------------------------------------------- DEL / UNLINK */

static void del_generic(struct client *c, int lazy) {
    long long n = 0;
    for (int i = 1; i < c->argc; i++) {
        struct str *k = &c->argv[i];
        /* A write lookup expires the key first (counted as expired, not deleted). */
        if (db_lookup(c->db, k->ptr, k->len, LOOKUP_WRITE | LOOKUP_NOTOUCH) &&
            db_delete_mode(c->db, k->ptr, k->len, lazy)) {
            db_signal_write(c->db, k->ptr, k->len, NOTIFY_GENERIC, "del");
            srv.dirty++;
            n++;
        }
    }
    reply_long(c, n);
}

static void del_cmd(struct client *c) {
    del_generic(c, cfg.lazyfree_lazy_user_del);
}

/* UNLINK: big values are freed by the lazyfree thread. */
static void unlink_cmd(struct client *c) {
    del_generic(c, 1);
}

/* ---------------------------------------------------------------- EXISTS / TYPE / TOUCH */

static void exists_cmd(struct client *c) {
    long long n = 0;
    for (int i = 1; i < c->argc; i++)
        if (db_lookup(c->db, c->argv[i].ptr, c->argv[i].len, LOOKUP_NOTOUCH)) n++;
    reply_long(c, n);
}

static void type_cmd(struct client *c) {
    struct kv *o = db_lookup(c->db, c->argv[1].ptr, c->argv[1].len, LOOKUP_NOTOUCH);
    reply_status(c, o ? kv_type_name(o) : "none");
}

static void touch_cmd(struct client *c) {
    long long n = 0;
    for (int i = 1; i < c->argc; i++)
        if (db_lookup_read(c->db, c->argv[i].ptr, c->argv[i].len)) n++;
    reply_long(c, n);
}

/* ---------------------------------------------------------------- RENAME / RENAMENX */

static void rename_generic(struct client *c, int nx) {
    struct str *src = &c->argv[1], *dst = &c->argv[2];
    struct kv *o = db_lookup_write(c->db, src->ptr, src->len);
    if (!o) {
        reply_error(c, "no such key");
        return;
    }
    if (same_bytes(src, dst)) {
        if (nx)
            reply_long(c, 0);
        else
            reply_ok(c);
        return;
    }
    long long expire = kv_expire(o);
    if (db_lookup_write(c->db, dst->ptr, dst->len)) {
        if (nx) {
            reply_long(c, 0);
            return;
        }
        db_delete(c->db, dst->ptr, dst->len);
    }
    o = db_unlink(c->db, src->ptr, src->len);
    db_add(c->db, kv_move_key(o, dst->ptr, dst->len, expire));
    db_key_modified(c->db, src->ptr, src->len);
    db_key_modified(c->db, dst->ptr, dst->len);
    notify_keyspace_event(NOTIFY_GENERIC, "rename_from", src->ptr, src->len, c->db->id);
    notify_keyspace_event(NOTIFY_GENERIC, "rename_to", dst->ptr, dst->len, c->db->id);
    srv.dirty++;
    if (nx)
        reply_long(c, 1);
    else
        reply_ok(c);
}

static void rename_cmd(struct client *c) {
    rename_generic(c, 0);
}

static void renamenx_cmd(struct client *c) {
    rename_generic(c, 1);
}

/* ---------------------------------------------------------------- KEYS */

static void keys_cmd(struct client *c) {
    const char *pat = c->argv[1].ptr;
    size_t plen = c->argv[1].len;
    int all = plen == 1 && pat[0] == '*';
    long n = 0;
    void *len = reply_defer_len(c);
    struct dict_iter it;
    dict_iter_init(&it, &c->db->keys, 1);
    struct dnode *nd;
    while ((nd = dict_next(&it))) {
        struct kv *o = (struct kv *)nd;
        size_t klen;
        const char *k = kv_key(o, &klen);
        if ((all || glob_match(pat, plen, k, klen, 0)) && !kv_is_expired(o)) {
            reply_bulk(c, k, klen);
            n++;
        }
    }
    dict_iter_end(&it);
    reply_set_array_len(c, len, n);
}

/* ---------------------------------------------------------------- SCAN */

struct key_list {
    struct str *v;
    long n, cap;
};

static void key_list_push(struct key_list *l, const char *k, size_t len) {
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->v = xrealloc(l->v, sizeof(*l->v) * (size_t)l->cap);
    }
    char *p = xmalloc(len + 1);
    memcpy(p, k, len);
    p[len] = '\0';
    l->v[l->n].ptr = p;
    l->v[l->n].len = len;
    l->n++;
}

static void key_list_free(struct key_list *l) {
    for (long i = 0; i < l->n; i++)
        xfree(l->v[i].ptr);
    xfree(l->v);
}

static void scan_collect(void *arg, struct dnode *n) {
    size_t klen;
    const char *k = kv_key((const struct kv *)n, &klen);
    key_list_push(arg, k, klen);
}

/* The cursor is an unsigned long in decimal, parsed the way strtoul does
 * (sign allowed, no leading space, no trailing junk, no overflow). */
static int parse_cursor(struct client *c, unsigned long *cursor) {
    const char *s = c->argv[1].ptr;
    char *end;
    errno = 0;
    *cursor = strtoul(s, &end, 10);
    if (isspace((unsigned char)s[0]) || *end != '\0' || errno == ERANGE ||
        (size_t)(end - s) != c->argv[1].len) {
        reply_error(c, "invalid cursor");
        return -1;
    }
    return 0;
}

static void scan_cmd(struct client *c) {
    unsigned long cursor;
    if (parse_cursor(c, &cursor) < 0) return;
    long long count = 10;
    const char *pat = NULL, *type = NULL;
    size_t plen = 0;
    int use_pat = 0;
    for (int i = 2; i < c->argc; i++) {
        int more = c->argc - i - 1;
        const char *a = c->argv[i].ptr;
        if (!strcasecmp(a, "count") && more >= 1) {
            if (!str2ll(c->argv[i + 1].ptr, c->argv[i + 1].len, &count) || count < LONG_MIN ||
                count > LONG_MAX) {
                reply_error_not_int(c);
                return;
            }
            if (count < 1) {
                reply_error_syntax(c);
                return;
            }
            i++;
        } else if (!strcasecmp(a, "match") && more >= 1) {
            pat = c->argv[i + 1].ptr;
            plen = c->argv[i + 1].len;
            use_pat = !(plen == 1 && pat[0] == '*');
            i++;
        } else if (!strcasecmp(a, "type") && more >= 1) {
            type = c->argv[i + 1].ptr;
            i++;
        } else {
            reply_error_syntax(c);
            return;
        }
    }

    struct key_list keys = {0};
    /* Bound the work on a sparse table: at most 10 * COUNT scan steps. */
    long long steps = count > LLONG_MAX / 10 ? LLONG_MAX : count * 10;
    do {
        cursor = dict_scan(&c->db->keys, cursor, scan_collect, &keys);
    } while (cursor && steps-- && keys.n < count);

    /* Filter: pattern, then type (a lookup, as Redis does), then expiry. */
    long kept = 0;
    for (long i = 0; i < keys.n; i++) {
        struct str *k = &keys.v[i];
        int drop = 0;
        if (use_pat && !glob_match(pat, plen, k->ptr, k->len, 0)) drop = 1;
        if (!drop && type) {
            struct kv *o = db_lookup(c->db, k->ptr, k->len, LOOKUP_NOTOUCH);
            if (strcasecmp(type, o ? kv_type_name(o) : "none")) drop = 1;
        }
        if (!drop) {
            struct kv *o = (struct kv *)dict_find(&c->db->keys, k->ptr, k->len);
            if (o && db_expire_if_needed(c->db, o)) drop = 1;
        }
        if (drop)
            xfree(k->ptr);
        else
            keys.v[kept++] = *k;
    }
    keys.n = kept;

    reply_array_len(c, 2);
    reply_bulk_long(c, (long long)cursor);
    reply_array_len(c, keys.n);
    for (long i = 0; i < keys.n; i++)
        reply_bulk(c, keys.v[i].ptr, keys.v[i].len);
    key_list_free(&keys);
}

/* ---------------------------------------------------------------- RANDOMKEY */

/* A fairer pick than one random bucket: sample a few keys from a random area
 * and choose among them, so keys in long chains are not favoured less. */
static struct kv *fair_random(struct dict *d) {
    struct dnode *sample[15];
    size_t n = dict_sample(d, sample, 15);
    if (n == 0) return (struct kv *)dict_random(d);
    return (struct kv *)sample[(size_t)random() % n];
}

static void randomkey_cmd(struct client *c) {
    for (;;) {
        struct kv *o = fair_random(&c->db->keys);
        if (!o) {
            reply_null(c);
            return;
        }
        if (o->ttl && db_expire_if_needed(c->db, o)) continue; /* try another one */
        size_t klen;
        const char *k = kv_key(o, &klen);
        reply_bulk(c, k, klen);
        return;
    }
}

/* ---------------------------------------------------------------- COPY / MOVE / SWAPDB */

static void copy_cmd(struct client *c) {
    struct str *src = &c->argv[1], *dst = &c->argv[2];
    struct db *to = c->db;
    int replace = 0;
    for (int i = 3; i < c->argc; i++) {
        int more = c->argc - i - 1;
        if (!strcasecmp(c->argv[i].ptr, "replace")) {
            replace = 1;
        } else if (!strcasecmp(c->argv[i].ptr, "db") && more >= 1) {
            int id;
            if (parse_db_index(c, &c->argv[i + 1], &id, NULL) < 0) return;
            if (!db_index_valid(id)) {
                reply_error(c, "DB index is out of range");
                return;
            }
            to = &srv.db[id];
            i++;
        } else {
            reply_error_syntax(c);
            return;
        }
    }
    if (to == c->db && same_bytes(src, dst)) {
        reply_error(c, "source and destination objects are the same");
        return;
    }
    struct kv *o = db_lookup_read(c->db, src->ptr, src->len);
    if (!o) {
        reply_long(c, 0);
        return;
    }
    if (db_lookup_write(to, dst->ptr, dst->len)) {
        if (!replace) {
            reply_long(c, 0);
            return;
        }
        db_delete(to, dst->ptr, dst->len);
    }
    /* The value is duplicated with its encoding and TTL. */
    db_add(to, kv_rekey(o, dst->ptr, dst->len, kv_expire(o)));
    db_key_modified(to, dst->ptr, dst->len);
    notify_keyspace_event(NOTIFY_GENERIC, "copy_to", dst->ptr, dst->len, to->id);
    srv.dirty++;
    reply_long(c, 1);
}

static void move_cmd(struct client *c) {
    struct str *k = &c->argv[1];
    int id;
    if (parse_db_index(c, &c->argv[2], &id, NULL) < 0) return;
    if (!db_index_valid(id)) {
        reply_error(c, "DB index is out of range");
        return;
    }
    struct db *from = c->db, *to = &srv.db[id];
    if (from == to) {
        reply_error(c, "source and destination objects are the same");
        return;
    }
    struct kv *o = db_lookup_write(from, k->ptr, k->len);
    if (!o) {
        reply_long(c, 0);
        return;
    }
    if (db_lookup_write(to, k->ptr, k->len)) {
        reply_long(c, 0);
        return;
    }
    o = db_unlink(from, k->ptr, k->len);
    db_add(to, o); /* same key, same TTL: the entry moves as it is */
    db_key_modified(from, k->ptr, k->len);
    db_key_modified(to, k->ptr, k->len);
    notify_keyspace_event(NOTIFY_GENERIC, "move_from", k->ptr, k->len, from->id);
    notify_keyspace_event(NOTIFY_GENERIC, "move_to", k->ptr, k->len, to->id);
    srv.dirty++;
    reply_long(c, 1);
}

static void swapdb_cmd(struct client *c) {
    int a, b;
    if (parse_db_index(c, &c->argv[1], &a, "invalid first DB index") < 0) return;
    if (parse_db_index(c, &c->argv[2], &b, "invalid second DB index") < 0) return;
    if (!db_index_valid(a) || !db_index_valid(b)) {
        reply_error(c, "DB index is out of range");
        return;
    }
    /* Clients keep their index: one that selected db a now sees b's keys. */
    if (a != b) db_swap_dbs(a, b);
    srv.dirty++;
    reply_ok(c);
}

/* ---------------------------------------------------------------- DBSIZE / FLUSHDB / FLUSHALL */

static void dbsize_cmd(struct client *c) {
    reply_long(c, db_size(c->db));
}

/* [ASYNC | SYNC]; without one, lazyfree-lazy-user-flush decides. -1 on error. */
static int parse_flush_mode(struct client *c) {
    if (c->argc == 1) return cfg.lazyfree_lazy_user_flush ? 1 : 0;
    if (c->argc == 2 && !strcasecmp(c->argv[1].ptr, "sync")) return 0;
    if (c->argc == 2 && !strcasecmp(c->argv[1].ptr, "async")) return 1;
    reply_error_syntax(c);
    return -1;
}

static void flushdb_cmd(struct client *c) {
    int async = parse_flush_mode(c);
    if (async < 0) return;
    srv.dirty += db_size(c->db);
    db_flush(c->db, async);
    propagate_force(); /* even when the db was already empty, as Redis */
    reply_ok(c);
}

static void flushall_cmd(struct client *c) {
    int async = parse_flush_mode(c);
    if (async < 0) return;
    for (int i = 0; i < srv.ndb; i++) {
        srv.dirty += db_size(&srv.db[i]);
        db_flush(&srv.db[i], async);
    }
    srv.dirty++;
    rdb_after_flushall(); /* stops a BGSAVE; saves when save points are set (dirty -> 0) */
    propagate_force();    /* so the AOF gets it whatever dirty says */
    reply_ok(c);
}

/* ---------------------------------------------------------------- OBJECT */

static struct kv *object_lookup(struct client *c) {
    struct kv *o =
        db_lookup(c->db, c->argv[2].ptr, c->argv[2].len, LOOKUP_NOTOUCH | LOOKUP_NONOTIFY);
    if (!o) reply_null(c);
    return o;
}

static void object_encoding_cmd(struct client *c) {
    struct kv *o = object_lookup(c);
    if (o) reply_bulk_cstr(c, kv_enc_name(o));
}

/* Redis keeps one shared object per integer 0..9999 (unless maxmemory is set
 * with an LRU/LFU policy) and reports INT_MAX references for it; we have no
 * shared objects, so answer what Redis would for the same value. */
static void object_refcount_cmd(struct client *c) {
    struct kv *o = object_lookup(c);
    if (!o) return;
    int shared = o->type == T_STRING && o->enc == ENC_INT && kv_int(o) >= 0 &&
                 kv_int(o) < SHARED_INTEGERS &&
                 (cfg.maxmemory == 0 || !(lru_policy() || lfu_policy()));
    reply_long(c, shared ? SHARED_REFCOUNT : 1);
}

static void object_idletime_cmd(struct client *c) {
    struct kv *o = object_lookup(c);
    if (!o) return;
    if (lfu_policy()) {
        reply_error(
            c, "An LFU maxmemory policy is selected, idle time not tracked. Please note that when "
               "switching between policies at runtime LRU and LFU data will take some time to "
               "adjust.");
        return;
    }
    reply_long(c, lru_idle_ms(o->lru) / 1000);
}

static void object_freq_cmd(struct client *c) {
    struct kv *o = object_lookup(c);
    if (!o) return;
    if (!lfu_policy()) {
        reply_error(
            c, "An LFU maxmemory policy is not selected, access frequency not tracked. Please note "
               "that when switching between policies at runtime LRU and LFU data will take some "
               "time to adjust.");
        return;
    }
    reply_long(c, (long long)kv_lfu_counter(o));
}

static void object_help_cmd(struct client *c) {
    static const char *const help[] = {
        "ENCODING <key>",
        "    Return the kind of internal representation used in order to store the value",
        "    associated with a <key>.",
        "FREQ <key>",
        "    Return the access frequency index of the <key>. The returned integer is",
        "    proportional to the logarithm of the recent access frequency of the key.",
        "IDLETIME <key>",
        "    Return the idle time of the <key>, that is the approximated number of",
        "    seconds elapsed since the last access to the key.",
        "REFCOUNT <key>",
        "    Return the number of references of the value associated with the specified",
        "    <key>.",
        NULL,
    };
    reply_help(c, help);
}

#define OBJECT_KEY_ROW(nm, fn, since_, summ)                                                       \
    {                                                                                              \
        .name = nm, .proc = fn, .arity = 3, .flags = CMD_READONLY,                                 \
        .acl = ACL_KEYSPACE | ACL_READ | ACL_SLOW, .first_key = 2, .last_key = 2, .key_step = 1,   \
        .group = "generic", .since = since_, .complexity = "O(1)", .summary = summ,                \
        .syntax = "key", .tips = "nondeterministic_output", .keyspecs = "RO index 2 range 0 1 0"   \
    }

static struct command object_subcommands[] = {
    OBJECT_KEY_ROW("encoding", object_encoding_cmd, "2.2.3",
                   "Inspect the internal encoding of a Redis object"),
    OBJECT_KEY_ROW("freq", object_freq_cmd, "4.0.0",
                   "Get the logarithmic access frequency counter of a Redis object"),
    {.name = "help",
     .proc = object_help_cmd,
     .arity = 2,
     .flags = CMD_LOADING | CMD_STALE,
     .acl = ACL_KEYSPACE | ACL_SLOW,
     .group = "generic",
     .since = "6.2.0",
     .complexity = "O(1)",
     .summary = "Show helpful text about the different subcommands",
     .syntax = ""},
    OBJECT_KEY_ROW("idletime", object_idletime_cmd, "2.2.3",
                   "Get the time since a Redis object was last accessed"),
    OBJECT_KEY_ROW("refcount", object_refcount_cmd, "2.2.3",
                   "Get the number of references to the value of the key"),
    {0},
};

/* ---------------------------------------------------------------- table */

#define MULTI_KEY "key [key ...]"

#define RESTORE_COMPLEXITY                                                                         \
    "O(1) to create the new key and additional O(N*M) to reconstruct the serialized value, where " \
    "N is the number of Redis objects composing the value and M their average size. For small "    \
    "string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1). "     \
    "However for sorted set values the complexity is O(N*M*log(N)) because inserting values into " \
    "sorted sets is O(log(N))."

struct command keyspace_commands[] = {
    {.name = "del",
     .proc = del_cmd,
     .arity = -2,
     .flags = CMD_WRITE,
     .acl = ACL_KEYSPACE | ACL_WRITE | ACL_SLOW,
     .first_key = 1,
     .last_key = -1,
     .key_step = 1,
     .group = "generic",
     .since = "1.0.0",
     .complexity =
         "O(N) where N is the number of keys that will be removed. When a key to remove holds a "
         "value other than a string, the individual complexity for this key is O(M) where M is "
         "the number of elements in the list, set, sorted set or hash. Removing a single key "
         "that holds a string value is O(1).",
     .summary = "Delete a key",
     .syntax = MULTI_KEY,
     .tips = "request_policy:multi_shard response_policy:agg_sum",
     .keyspecs = "RM delete index 1 range -1 1 0"},
    {.name = "unlink",
     .proc = unlink_cmd,
     .arity = -2,
     .flags = CMD_WRITE | CMD_FAST,
     .acl = ACL_KEYSPACE | ACL_WRITE | ACL_FAST,
     .first_key = 1,
     .last_key = -1,
     .key_step = 1,
     .group = "generic",
     .since = "4.0.0",
     .complexity =
         "O(1) for each key removed regardless of its size. Then the command does O(N) work in a "
         "different thread in order to reclaim memory, where N is the number of allocations the "
         "deleted objects where composed of.",
     .summary =
         "Delete a key asynchronously in another thread. Otherwise it is just as DEL, but non "
         "blocking.",
     .syntax = MULTI_KEY,
     .tips = "request_policy:multi_shard response_policy:agg_sum",
     .keyspecs = "RM delete index 1 range -1 1 0"},
    {.name = "exists",
     .proc = exists_cmd,
     .arity = -2,
     .flags = CMD_READONLY | CMD_FAST,
     .acl = ACL_KEYSPACE | ACL_READ | ACL_FAST,
     .first_key = 1,
     .last_key = -1,
     .key_step = 1,
     .group = "generic",
     .since = "1.0.0",
     .complexity = "O(N) where N is the number of keys to check.",
     .summary = "Determine if a key exists",
     .syntax = MULTI_KEY,
     .tips = "request_policy:multi_shard response_policy:agg_sum",
     .keyspecs = "RO index 1 range -1 1 0"},
    {.name = "type",
     .proc = type_cmd,
     .arity = 2,
     .flags = CMD_READONLY | CMD_FAST,
     .acl = ACL_KEYSPACE | ACL_READ | ACL_FAST,
     CMD_ONE_KEY,
     .group = "generic",
     .since = "1.0.0",
     .complexity = "O(1)",
     .summary = "Determine the type stored at key",
     .syntax = "key",
     .keyspecs = "RO index 1 range 0 1 0"},
    {.name = "rename",
     .proc = rename_cmd,
     .arity = 3,
     .flags = CMD_WRITE,
     .acl = ACL_KEYSPACE | ACL_WRITE | ACL_SLOW,
     .first_key = 1,
     .last_key = 2,
     .key_step = 1,
     .group = "generic",
     .since = "1.0.0",
     .complexity = "O(1)",
     .summary = "Rename a key",
     .syntax = "key newkey",
     .keyspecs = "RW access delete index 1 range 0 1 0; OW update index 2 range 0 1 0"},
    {.name = "renamenx",
     .proc = renamenx_cmd,
     .arity = 3,
     .flags = CMD_WRITE | CMD_FAST,
     .acl = ACL_KEYSPACE | ACL_WRITE | ACL_FAST,
     .first_key = 1,
     .last_key = 2,
     .key_step = 1,
     .group = "generic",
     .since = "1.0.0",
     .complexity = "O(1)",
     .summary = "Rename a key, only if the new key does not exist",
     .syntax = "key newkey",
     .keyspecs = "RW access delete index 1 range 0 1 0; OW insert index 2 range 0 1 0"},
    {.name = "keys",
     .proc = keys_cmd,
     .arity = 2,
     .flags = CMD_READONLY,
     .acl = ACL_KEYSPACE | ACL_READ | ACL_SLOW | ACL_DANGEROUS,
     .group = "generic",
     .since = "1.0.0",
     .complexity =
         "O(N) with N being the number of keys in the database, under the assumption that the "
         "key names in the database and the given pattern have limited length.",
     .summary = "Find all keys matching the given pattern",
     .syntax = "pattern",
     .tips = "request_policy:all_shards nondeterministic_output_order"},
    {.name = "scan",
     .proc = scan_cmd,
     .arity = -2,
     .flags = CMD_READONLY,
     .acl = ACL_KEYSPACE | ACL_READ | ACL_SLOW,
     .group = "generic",
     .since = "2.8.0",
     .complexity =
         "O(1) for every call. O(N) for a complete iteration, including enough command calls for "
         "the cursor to return back to 0. N is the number of elements inside the collection.",
     .summary = "Incrementally iterate the keys space",
     .syntax = "cursor [MATCH pattern] [COUNT count] [TYPE type]",
     .tips = "nondeterministic_output request_policy:special"},
    {.name = "randomkey",
     .proc = randomkey_cmd,
     .arity = 1,
     .flags = CMD_READONLY,
     .acl = ACL_KEYSPACE | ACL_READ | ACL_SLOW,
     .group = "generic",
     .since = "1.0.0",
     .complexity = "O(1)",
     .summary = "Return a random key from the keyspace",
     .syntax = "",
     .tips = "request_policy:all_shards nondeterministic_output"},
    {.name = "touch",
     .proc = touch_cmd,
     .arity = -2,
     .flags = CMD_READONLY | CMD_FAST,
     .acl = ACL_KEYSPACE | ACL_READ | ACL_FAST,
     .first_key = 1,
     .last_key = -1,
     .key_step = 1,
     .group = "generic",
     .since = "3.2.1",
     .complexity = "O(N) where N is the number of keys that will be touched.",
     .summary =
         "Alters the last access time of a key(s). Returns the number of existing keys specified.",
     .syntax = MULTI_KEY,
     .tips = "request_policy:multi_shard response_policy:agg_sum",
     .keyspecs = "RO index 1 range -1 1 0"},
    {.name = "copy",
     .proc = copy_cmd,
     .arity = -3,
     .flags = CMD_WRITE | CMD_DENYOOM,
     .acl = ACL_KEYSPACE | ACL_WRITE | ACL_SLOW,
     .first_key = 1,
     .last_key = 2,
     .key_step = 1,
     .group = "generic",
     .since = "6.2.0",
     .complexity =
         "O(N) worst case for collections, where N is the number of nested items. O(1) for string "
         "values.",
     .summary = "Copy a key",
     .syntax = "source destination [DB destination-db] [REPLACE]",
     .keyspecs = "RO access index 1 range 0 1 0; OW update index 2 range 0 1 0"},
    {.name = "move",
     .proc = move_cmd,
     .arity = 3,
     .flags = CMD_WRITE | CMD_FAST,
     .acl = ACL_KEYSPACE | ACL_WRITE | ACL_FAST,
     CMD_ONE_KEY,
     .group = "generic",
     .since = "1.0.0",
     .complexity = "O(1)",
     .summary = "Move a key to another database",
     .syntax = "key db",
     .keyspecs = "RW access update index 1 range 0 1 0"},
    {.name = "swapdb",
     .proc = swapdb_cmd,
     .arity = 3,
     .flags = CMD_WRITE | CMD_FAST,
     .acl = ACL_KEYSPACE | ACL_WRITE | ACL_FAST | ACL_DANGEROUS,
     .group = "server",
     .since = "4.0.0",
     .complexity =
         "O(N) where N is the count of clients watching or blocking on keys from both databases.",
     .summary = "Swaps two Redis databases",
     .syntax = "index1 index2"},
    {.name = "dbsize",
     .proc = dbsize_cmd,
     .arity = 1,
     .flags = CMD_READONLY | CMD_FAST,
     .acl = ACL_KEYSPACE | ACL_READ | ACL_FAST,
     .group = "server",
     .since = "1.0.0",
     .complexity = "O(1)",
     .summary = "Return the number of keys in the selected database",
     .syntax = "",
     .tips = "request_policy:all_shards response_policy:agg_sum"},
    {.name = "flushdb",
     .proc = flushdb_cmd,
     .arity = -1,
     .flags = CMD_WRITE,
     .acl = ACL_KEYSPACE | ACL_WRITE | ACL_SLOW | ACL_DANGEROUS,
     .group = "server",
     .since = "1.0.0",
     .complexity = "O(N) where N is the number of keys in the selected database",
     .summary = "Remove all keys from the current database",
     .syntax = "[ASYNC | SYNC]",
     .tips = "request_policy:all_shards response_policy:all_succeeded"},
    {.name = "flushall",
     .proc = flushall_cmd,
     .arity = -1,
     .flags = CMD_WRITE,
     .acl = ACL_KEYSPACE | ACL_WRITE | ACL_SLOW | ACL_DANGEROUS,
     .group = "server",
     .since = "1.0.0",
     .complexity = "O(N) where N is the total number of keys in all databases",
     .summary = "Remove all keys from all databases",
     .syntax = "[ASYNC | SYNC]",
     .tips = "request_policy:all_shards response_policy:all_succeeded"},
    {.name = "object",
     .arity = -2,
     .group = "generic",
     .since = "2.2.3",
     .complexity = "Depends on subcommand.",
     .summary = "A container for object introspection commands",
     .syntax = "",
     .subcommands = object_subcommands},
    {.name = "dump",
     .proc = dump_cmd,
     .arity = 2,
     .flags = CMD_READONLY,
     .acl = ACL_KEYSPACE | ACL_READ | ACL_SLOW,
     CMD_ONE_KEY,
     .group = "generic",
     .since = "2.6.0",
     .complexity = "O(1) to access the key and additional O(N*M) to serialize it, where N is the "
                   "number of Redis objects composing the value and M their average size. For "
                   "small string values the time complexity is thus O(1)+O(1*M) where M is "
                   "small, so simply O(1).",
     .summary = "Return a serialized version of the value stored at the specified key.",
     .syntax = "key",
     .tips = "nondeterministic_output"},
    {.name = "restore",
     .proc = restore_cmd,
     .arity = -4,
     .flags = CMD_WRITE | CMD_DENYOOM,
     .acl = ACL_KEYSPACE | ACL_WRITE | ACL_SLOW | ACL_DANGEROUS,
     CMD_ONE_KEY,
     .group = "generic",
     .since = "2.6.0",
     .complexity = RESTORE_COMPLEXITY,
     .summary = "Create a key using the provided serialized value, previously obtained using "
                "DUMP.",
     .syntax = "key ttl serialized-value [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency]",
     .keyspecs = "OW update index 1 range 0 1 0"},
    {.name = "restore-asking",
     .proc = restore_cmd,
     .arity = -4,
     .flags = CMD_WRITE | CMD_DENYOOM | CMD_ASKING,
     .acl = ACL_KEYSPACE | ACL_WRITE | ACL_SLOW | ACL_DANGEROUS,
     CMD_ONE_KEY,
     .group = "server",
     .since = "3.0.0",
     .complexity = RESTORE_COMPLEXITY,
     .summary = "An internal command for migrating keys in a cluster",
     .syntax = "key ttl serialized-value [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency]",
     .keyspecs = "OW update index 1 range 0 1 0"},
    {0},
};
