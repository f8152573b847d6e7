/* debug: the DEBUG command, a toolbox for tests (enabled by
 * enable-debug-command; commands.c refuses it otherwise).
 *
 * DIGEST is the dataset fingerprint Redis computes: per key, a SHA-1 chain
 * (mix) over the key, the type and the value; the per-key digests are XORed
 * together so the order of keys does not matter; databases are folded in by
 * id. An empty dataset gives 40 zeros. Unlike Redis, a key's TTL value is mixed
 * in too (Redis only notes that a TTL exists), so changing a TTL changes the
 * digest; keys without TTL digest exactly as in Redis. Types other than
 * strings supply their value digest through type_ops[]->digest.
 *
 * RELOAD saves, empties and loads the RDB file (rdb.h); while it loads, other
 * clients are served -LOADING and the caller's input waits. LOADAOF is aof.c's. */
#include "aof.h"
#include "client.h"
#include "commands.h"
#include "config.h"
#include "db.h"
#include "dump.h"
#include "log.h"
#include "mem.h"
#include "reply.h"
#include "script.h"
#include "server.h"
#include "sha1.h"
#include "util.h"
#include "quicklist.h"
#include "rdb.h"
#include "functions.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* CONFIG REWRITE's writer, from the config module (config.h on its branch).
 * Weak so that this file builds before that module is merged; once merged
 * the declaration can come from config.h. */
int config_rewrite(const char *path, int force_all) __attribute__((weak));

/* ----------------------------------------------------------------- digest */

/* Mixes the type, the value and the TTL of o into digest. */
static void digest_value(unsigned char digest[20], const struct kv *o) {
    unsigned char type[4] = {0, 0, 0, (unsigned char)o->type}; /* big-endian uint32 */
    digest_mix(digest, type, sizeof(type));
    if (o->type == T_STRING) {
        char ibuf[LONG_STR_SIZE];
        size_t len;
        const char *s = kv_str(o, &len, ibuf);
        digest_mix(digest, s, len);
    } else if (type_ops[o->type] && type_ops[o->type]->digest) {
        type_ops[o->type]->digest(o, digest);
    }
    long long when = kv_expire(o);
    if (when != -1) {
        digest_xor(digest, "!!expire!!", 10);
        unsigned char be[8];
        for (int i = 0; i < 8; i++)
            be[i] = (unsigned char)((unsigned long long)when >> (56 - 8 * i));
        digest_mix(digest, be, sizeof(be));
    }
}

static void dataset_digest(unsigned char out[20]) {
    memset(out, 0, 20);
    for (int j = 0; j < srv.ndb; j++) {
        struct db *db = &srv.db[j];
        if (dict_size(&db->keys) == 0) continue;
        unsigned char id[4] = {(unsigned char)(j >> 24), (unsigned char)(j >> 16),
                               (unsigned char)(j >> 8), (unsigned char)j};
        digest_mix(out, id, sizeof(id));
        struct dict_iter it;
        dict_iter_init(&it, &db->keys, 1);
        struct dnode *n;
        while ((n = dict_next(&it))) {
            const struct kv *o = (const struct kv *)n;
            unsigned char d[20] = {0};
            size_t klen;
            const char *k = kv_key(o, &klen);
            digest_mix(d, k, klen);
            digest_value(d, o);
            digest_xor(out, d, 20);
        }
        dict_iter_end(&it);
    }
}

static void reply_digest(struct client *c, const unsigned char d[20]) {
    char hex[41];
    sha1_hex(d, hex);
    reply_status(c, hex);
}

/* -------------------------------------------------------------- subcommands */

/* A key as stored, even if logically expired (DEBUG looks at the raw data). */
static struct kv *raw_lookup(struct client *c, const struct str *key) {
    return (struct kv *)dict_find(&c->db->keys, key->ptr, key->len);
}

/* serializedlength is what RDB writes for the value (dump.c). */
static void debug_object(struct client *c) {
    struct kv *o = raw_lookup(c, &c->argv[2]);
    if (!o) {
        reply_error(c, "no such key");
        return;
    }
    size_t saved = (size_t)dump_serialized_length(o);
    /* Redis shares the objects of small integers (0..9999) unless an LRU/LFU
     * maxmemory policy needs per-key access data. */
    int shared = 0;
    if (o->enc == ENC_INT) {
        long long v = kv_int(o);
        int lru_lfu =
            cfg.maxmemory_policy <= 1 || cfg.maxmemory_policy == 4 || cfg.maxmemory_policy == 5;
        shared = v >= 0 && v < 10000 && (cfg.maxmemory == 0 || !lru_lfu);
    }
    char line[256];
    snprintf(
        line, sizeof(line),
        "Value at:%p refcount:%d encoding:%s serializedlength:%zu lru:%u lru_seconds_idle:%lld",
        (void *)o, shared ? 2147483647 : 1, kv_enc_name(o), saved, (unsigned)o->lru,
        lru_idle_ms(o->lru) / 1000);
    reply_status(c, line);
}

static void debug_protocol(struct client *c) {
    const char *name = c->argv[2].ptr;
    if (!strcasecmp(name, "string")) {
        reply_bulk_cstr(c, "Hello World");
    } else if (!strcasecmp(name, "integer")) {
        reply_long(c, 12345);
    } else if (!strcasecmp(name, "double")) {
        reply_double(c, 3.141);
    } else if (!strcasecmp(name, "bignum")) {
        reply_bignum(c, "1234567999999999999999999999999999999", 37);
    } else if (!strcasecmp(name, "null")) {
        reply_null(c);
    } else if (!strcasecmp(name, "array")) {
        reply_array_len(c, 3);
        for (int j = 0; j < 3; j++)
            reply_long(c, j);
    } else if (!strcasecmp(name, "set")) {
        reply_set_len(c, 3);
        for (int j = 0; j < 3; j++)
            reply_long(c, j);
    } else if (!strcasecmp(name, "map")) {
        reply_map_len(c, 3);
        for (int j = 0; j < 3; j++) {
            reply_long(c, j);
            reply_bool(c, j == 1);
        }
    } else if (!strcasecmp(name, "attrib")) {
        if (c->resp >= 3) {
            reply_attr_len(c, 1);
            reply_bulk_cstr(c, "key-popularity");
            reply_array_len(c, 2);
            reply_bulk_cstr(c, "key:123");
            reply_long(c, 90);
        }
        reply_bulk_cstr(c, "Some real reply following the attribute");
    } else if (!strcasecmp(name, "push")) {
        if (c->resp < 3) {
            reply_error(c, "RESP2 is not supported by this command");
            return;
        }
        reply_push_len(c, 2);
        reply_bulk_cstr(c, "server-cpu-usage");
        reply_long(c, 42);
        reply_bulk_cstr(c, "Some real reply following the push reply");
    } else if (!strcasecmp(name, "true")) {
        reply_bool(c, 1);
    } else if (!strcasecmp(name, "false")) {
        reply_bool(c, 0);
    } else if (!strcasecmp(name, "verbatim")) {
        reply_verbatim(c, "This is a verbatim\nstring", 25, "txt");
    } else {
        reply_error(
            c, "Wrong protocol type name. Please use one of the following: "
               "string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false");
    }
}

/* "value is out of range, must be positive" unless a non-negative long. */
static int positive_long_or_reply(struct client *c, const struct str *a, long long *out) {
    if (!str2ll(a->ptr, a->len, out) || *out < 0) {
        reply_error(c, "value is out of range, must be positive");
        return -1;
    }
    return 0;
}

static void debug_populate(struct client *c) {
    long long keys, valsize = 0;
    if (positive_long_or_reply(c, &c->argv[2], &keys) < 0) return;
    if (c->argc == 5 && positive_long_or_reply(c, &c->argv[4], &valsize) < 0) return;
    const char *prefix = c->argc >= 4 ? c->argv[3].ptr : "key";
    dict_expand(&c->db->keys, dict_size(&c->db->keys) + (size_t)keys);
    char *val = valsize ? xcalloc((size_t)valsize) : NULL;
    for (long long j = 0; j < keys; j++) {
        char kbuf[128], vbuf[128];
        int kl = snprintf(kbuf, sizeof(kbuf), "%s:%lld", prefix, j);
        if (kl >= (int)sizeof(kbuf)) kl = sizeof(kbuf) - 1; /* Redis cuts long prefixes too */
        if (db_lookup_write(c->db, kbuf, (size_t)kl)) continue;
        int vl = snprintf(vbuf, sizeof(vbuf), "value:%lld", j);
        struct kv *o;
        if (!valsize) {
            o = kv_new_string(kbuf, (size_t)kl, vbuf, (size_t)vl, -1);
        } else {
            /* "value:<j>" cut or zero-padded to the requested size */
            memcpy(val, vbuf, valsize <= vl ? (size_t)valsize : (size_t)vl);
            o = kv_new_string(kbuf, (size_t)kl, val, (size_t)valsize, -1);
        }
        db_add(c->db, o);
        db_key_modified(c->db, kbuf, (size_t)kl);
    }
    xfree(val);
    reply_ok(c);
}

static void debug_digest_value(struct client *c) {
    reply_array_len(c, c->argc - 2);
    for (int j = 2; j < c->argc; j++) {
        unsigned char d[20] = {0};
        struct kv *o = raw_lookup(c, &c->argv[j]);
        if (o) digest_value(d, o);
        reply_digest(c, d);
    }
}

static void debug_sleep(struct client *c) {
    double secs = strtod(c->argv[2].ptr, NULL);
    long long us = (long long)(secs * 1000000);
    if (us > 0) {
        struct timespec ts = {.tv_sec = us / 1000000, .tv_nsec = (us % 1000000) * 1000};
        nanosleep(&ts, NULL);
    }
    reply_ok(c);
}

/* A short fuzz run of glob_match over random patterns and strings: it must not
 * crash or read out of bounds (run it under the sanitizer build). */
static void debug_stringmatch_test(struct client *c) {
    static const char alphabet[] = "ab*?[]^-\\";
    char pat[32], str[32];
    for (int i = 0; i < 100000; i++) {
        size_t pl = (size_t)(random() % (long)sizeof(pat)),
               sl = (size_t)(random() % (long)sizeof(str));
        for (size_t k = 0; k < pl; k++)
            pat[k] = alphabet[random() % (long)(sizeof(alphabet) - 1)];
        for (size_t k = 0; k < sl; k++)
            str[k] = alphabet[random() % (long)(sizeof(alphabet) - 1)];
        glob_match(pat, pl, str, sl, 0);
    }
    reply_status(c, "Apparently Redis did not crash: test passed");
}

static const char *const debug_help[] = {
    "AOF-FLUSH-SLEEP <microsec>",
    "    Server will sleep before flushing the AOF, this is used for testing.",
    "ASSERT",
    "    Crash by assertion failed.",
    "CHANGE-REPL-ID",
    "    Change the replication IDs of the instance.",
    "    Dangerous: should be used only for testing the replication subsystem.",
    "CONFIG-REWRITE-FORCE-ALL",
    "    Like CONFIG REWRITE but writes all configuration options, including",
    "    keywords not listed in original configuration file or default values.",
    "CRASH-AND-RECOVER [<milliseconds>]",
    "    Hard crash and restart after a <milliseconds> delay (default 0).",
    "DIGEST",
    "    Output a hex signature representing the current DB content.",
    "DIGEST-VALUE <key> [<key> ...]",
    "    Output a hex signature of the values of all the specified keys.",
    "ERROR <string>",
    "    Return a Redis protocol error with <string> as message. Useful for clients",
    "    unit tests to simulate Redis errors.",
    "LEAK <string>",
    "    Create a memory leak of the input string.",
    "LOG <message>",
    "    Write <message> to the server log.",
    "HTSTATS <dbid>",
    "    Return hash table statistics of the specified Redis database.",
    "HTSTATS-KEY <key>",
    "    Like HTSTATS but for the hash table stored at <key>'s value.",
    "LOADAOF",
    "    Flush the AOF buffers on disk and reload the AOF in memory.",
    "REPLICATE <string>",
    "    Replicates the provided string to replicas, allowing data divergence.",
    "MALLCTL <key> [<val>]",
    "    Get or set a malloc tuning integer.",
    "MALLCTL-STR <key> [<val>]",
    "    Get or set a malloc tuning string.",
    "OBJECT <key>",
    "    Show low level info about `key` and associated value.",
    "DROP-CLUSTER-PACKET-FILTER <packet-type>",
    "    Drop all packets that match the filtered type. Set to -1 allow all packets.",
    "OOM",
    "    Crash the server simulating an out-of-memory error.",
    "PANIC",
    "    Crash the server simulating a panic.",
    "POPULATE <count> [<prefix>] [<size>]",
    "    Create <count> string keys named key:<num>. If <prefix> is specified then",
    "    it is used instead of the 'key' prefix. These are not propagated to",
    "    replicas. Cluster slots are not respected so keys not belonging to the",
    "    current node can be created in cluster mode.",
    "PROTOCOL <type>",
    "    Reply with a test value of the specified type. <type> can be: string,",
    "    integer, double, bignum, null, array, set, map, attrib, push, verbatim,",
    "    true, false.",
    "RELOAD [option ...]",
    "    Save the RDB on disk and reload it back to memory. Valid <option> values:",
    "    * MERGE: conflicting keys will be loaded from RDB.",
    "    * NOFLUSH: the existing database will not be removed before load, but",
    "      conflicting keys will generate an exception and kill the server.",
    "    * NOSAVE: the database will be loaded from an existing RDB file.",
    "    Examples:",
    "    * DEBUG RELOAD: verify that the server is able to persist, flush and reload",
    "      the database.",
    "    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an",
    "      existing RDB file.",
    "    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB",
    "      file to the database.",
    "RESTART [<milliseconds>]",
    "    Graceful restart: save config, db, restart after a <milliseconds> delay (default 0).",
    "SDSLEN <key>",
    "    Show low level SDS string info representing `key` and value.",
    "SEGFAULT",
    "    Crash the server with sigsegv.",
    "SET-ACTIVE-EXPIRE <0|1>",
    "    Setting it to 0 disables expiring keys in background when they are not",
    "    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the",
    "    default.",
    "QUICKLIST-PACKED-THRESHOLD <size>",
    "    Sets the threshold for elements to be inserted as plain vs packed nodes",
    "    Default value is 1GB, allows values up to 4GB. Setting to 0 restores to default.",
    "SET-SKIP-CHECKSUM-VALIDATION <0|1>",
    "    Enables or disables checksum checks for RDB files and RESTORE's payload.",
    "SLEEP <seconds>",
    "    Stop the server for <seconds>. Decimals allowed.",
    "STRINGMATCH-TEST",
    "    Run a fuzz tester against the stringmatchlen() function.",
    "STRUCTSIZE",
    "    Return the size of different Redis core C structures.",
    "LISTPACK <key>",
    "    Show low level info about the listpack encoding of <key>.",
    "QUICKLIST <key> [<0|1>]",
    "    Show low level info about the quicklist encoding of <key>.",
    "    The optional argument (0 by default) sets the level of detail",
    "CLIENT-EVICTION",
    "    Show low level client eviction pools info (maxmemory-clients).",
    "PAUSE-CRON <0|1>",
    "    Stop periodic cron job processing.",
    "REPLYBUFFER PEAK-RESET-TIME <NEVER||RESET|time>",
    "    Sets the time (in milliseconds) to wait between client reply buffer peak resets.",
    "    In case NEVER is provided the last observed peak will never be reset",
    "    In case RESET is provided the peak reset time will be restored to the default value",
    "REPLYBUFFER RESIZING <0|1>",
    "    Enable or disable the reply buffer resize cron job",
    "CLUSTERLINK KILL <to|from|all> <node-id>",
    "    Kills the link based on the direction to/from (both) with the provided node.",
    NULL,
};

static int is(struct client *c, const char *name) {
    return !strcasecmp(c->argv[1].ptr, name);
}

/* DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]: SAVE, empty every db, load. */
static void debug_reload(struct client *c) {
    int flush = 1, save = 1, flags = RDB_LOAD_NONE;
    for (int j = 2; j < c->argc; j++) {
        const char *opt = c->argv[j].ptr;
        if (!strcasecmp(opt, "merge")) {
            flags |= RDB_LOAD_ALLOW_DUP;
        } else if (!strcasecmp(opt, "noflush")) {
            flush = 0;
        } else if (!strcasecmp(opt, "nosave")) {
            save = 0;
        } else {
            reply_error(c, "DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.");
            return;
        }
    }
    if (save && rdb_save(cfg.dbfilename, RDB_SAVE_NONE) < 0) {
        reply_error(c, "-ERR");
        return;
    }
    if (flush) { /* the data set and the function libraries, as Redis's emptyData */
        for (int i = 0; i < srv.ndb; i++)
            db_flush(&srv.db[i], 0);
        functions_flush();
    }
    /* The load serves other clients now and then: keep this one's input for later. */
    client_own_argv(c);
    c->flags |= CF_BLOCKED;
    int rc = rdb_load(cfg.dbfilename, flags);
    c->flags &= ~CF_BLOCKED;
    if (rc < 0) {
        reply_error(c, "Error trying to load the RDB dump");
        return;
    }
    log_warning("DB reloaded by DEBUG RELOAD");
    reply_ok(c);
}

static void debug_cmd(struct client *c) {
    int argc = c->argc;
    if (argc == 2 && is(c, "help")) {
        reply_help(c, debug_help);
    } else if (is(c, "log") && argc == 3) {
        log_warning("DEBUG LOG: %s", c->argv[2].ptr);
        reply_ok(c);
    } else if (is(c, "reload")) {
        debug_reload(c);
    } else if (is(c, "loadaof")) {
        aof_debug_loadaof(c);
    } else if (is(c, "aof-flush-sleep") && argc == 3) {
        aof_flush_sleep_us = atoll(c->argv[2].ptr);
        reply_ok(c);
    } else if (is(c, "object") && argc == 3) {
        debug_object(c);
    } else if (is(c, "populate") && argc >= 3 && argc <= 5) {
        debug_populate(c);
    } else if (is(c, "digest") && argc == 2) {
        unsigned char d[20];
        dataset_digest(d);
        reply_digest(c, d);
    } else if (is(c, "digest-value") && argc >= 2) {
        debug_digest_value(c);
    } else if (is(c, "protocol") && argc == 3) {
        debug_protocol(c);
    } else if (is(c, "sleep") && argc == 3) {
        debug_sleep(c);
    } else if (is(c, "set-active-expire") && argc == 3) {
        cfg.active_expire_enabled = atoi(c->argv[2].ptr);
        reply_ok(c);
    } else if (is(c, "set-skip-checksum-validation") && argc == 3) {
        dump_skip_checksum = atoi(c->argv[2].ptr);
        reply_ok(c);
    } else if (is(c, "set-disable-deny-scripts") && argc == 3) {
        script_disable_deny = atoi(c->argv[2].ptr);
        reply_ok(c);
    } else if (is(c, "error") && argc == 3) {
        char *e = xmalloc(c->argv[2].len + 2);
        e[0] = '-';
        memcpy(e + 1, c->argv[2].ptr, c->argv[2].len + 1);
        reply_error_sanitized(c, e, c->argv[2].len + 1);
        xfree(e);
    } else if (is(c, "change-repl-id") && argc == 2) {
        log_warning("Changing replication IDs after receiving DEBUG change-repl-id");
        reply_ok(c);
    } else if (is(c, "stringmatch-test") && argc == 2) {
        debug_stringmatch_test(c);
    } else if (is(c, "config-rewrite-force-all") && argc == 2) {
        if (!srv.configfile) { /* Redis tries to open a NULL path */
            reply_error_fmt(c, "CONFIG-REWRITE-FORCE-ALL failed: %s", strerror(EFAULT));
        } else if (!config_rewrite) {
            reply_error(c, "CONFIG-REWRITE-FORCE-ALL failed: not supported yet");
        } else if (config_rewrite(srv.configfile, 1) == -1) {
            reply_error_fmt(c, "CONFIG-REWRITE-FORCE-ALL failed: %s", strerror(errno));
        } else {
            reply_ok(c);
        }
    } else if (is(c, "quicklist-packed-threshold") && argc == 3) {
        long long sz;
        if (!parse_memory(c->argv[2].ptr, &sz) || sz < 0 || !ql_set_packed_threshold((size_t)sz))
            reply_error(c, "argument must be a memory value bigger than 1 and smaller than 4gb");
        else
            reply_ok(c);
    } else if (is(c, "pause-cron") && argc == 3) {
        srv.cron_paused = atoi(c->argv[2].ptr);
        reply_ok(c);
    } else {
        reply_subcommand_syntax_error(c);
    }
}

struct command debug_commands[] = {
    {.name = "debug",
     .proc = debug_cmd,
     .arity = -2,
     .flags = CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_PROTECTED,
     .acl = ACL_ADMIN | ACL_SLOW | ACL_DANGEROUS,
     .group = "server",
     .since = "1.0.0",
     .complexity = "Depends on subcommand.",
     .summary = "A container for debugging commands",
     .syntax = ""},
    {0},
};
