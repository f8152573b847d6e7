/* dump: DUMP and RESTORE (see dump.h). RESTORE follows Redis 7.0's order of
 * checks, so the same bad input gets the same error: options (syntax,
 * IDLETIME, FREQ), the key's existence (BUSYKEY unless REPLACE), the TTL, the
 * payload's version and CRC, then the value itself ("Bad data format"). A TTL
 * already in the past deletes the old key (REPLACE) and creates nothing. */
#include "dump.h"
#include "client.h"
#include "config.h"
#include "db.h"
#include "mem.h"
#include "rdb.h"
#include "reply.h"
#include "server.h"
#include "propagate.h"
#include "util.h"
#include <string.h>
#include <strings.h>

int dump_skip_checksum;

/* The payload of o: a malloc'd buffer of *len bytes. */
static unsigned char *dump_payload(const struct kv *o, size_t *len) {
    struct rdb_w w;
    rdbw_init_mem(&w);
    w.compress = cfg.rdbcompression;
    rdb_save_byte(&w, rdb_value_type(o));
    rdb_save_value(&w, o);
    rdb_payload_seal(&w);
    return rdbw_take(&w, len);
}

unsigned long long dump_serialized_length(const struct kv *o) {
    struct rdb_w w;
    rdbw_init_mem(&w);
    w.compress = cfg.rdbcompression;
    rdb_save_value(&w, o);
    unsigned long long n = (unsigned long long)w.total;
    rdbw_free(&w);
    return n;
}

void dump_cmd(struct client *c) {
    struct kv *o = db_lookup_read(c->db, c->argv[1].ptr, c->argv[1].len);
    if (!o) {
        reply_null(c);
        return;
    }
    size_t len;
    unsigned char *p = dump_payload(o, &len);
    reply_bulk(c, (const char *)p, len);
    xfree(p);
}

void restore_cmd(struct client *c) {
    long long ttl, freq = -1, idle = -1;
    int replace = 0, absttl = 0;
    for (int j = 4; j < c->argc; j++) {
        const char *a = c->argv[j].ptr;
        int more = c->argc - j - 1;
        if (!strcasecmp(a, "replace")) {
            replace = 1;
        } else if (!strcasecmp(a, "absttl")) {
            absttl = 1;
        } else if (!strcasecmp(a, "idletime") && more >= 1 && freq == -1) {
            if (!str2ll(c->argv[j + 1].ptr, c->argv[j + 1].len, &idle)) {
                reply_error_not_int(c);
                return;
            }
            if (idle < 0) {
                reply_error(c, "Invalid IDLETIME value, must be >= 0");
                return;
            }
            j++;
        } else if (!strcasecmp(a, "freq") && more >= 1 && idle == -1) {
            if (!str2ll(c->argv[j + 1].ptr, c->argv[j + 1].len, &freq)) {
                reply_error_not_int(c);
                return;
            }
            if (freq < 0 || freq > 255) {
                reply_error(c, "Invalid FREQ value, must be >= 0 and <= 255");
                return;
            }
            j++;
        } else {
            reply_error_syntax(c);
            return;
        }
    }
    const char *key = c->argv[1].ptr;
    size_t klen = c->argv[1].len;
    if (!replace && db_lookup_write(c->db, key, klen)) {
        reply_error(c, "-BUSYKEY Target key name already exists.");
        return;
    }
    if (!str2ll(c->argv[2].ptr, c->argv[2].len, &ttl)) {
        reply_error_not_int(c);
        return;
    }
    if (ttl < 0) {
        reply_error(c, "Invalid TTL value, must be >= 0");
        return;
    }
    const unsigned char *p = (const unsigned char *)c->argv[3].ptr;
    long body = rdb_payload_check(p, c->argv[3].len, dump_skip_checksum);
    if (body < 0) {
        reply_error(c, "DUMP payload version or checksum are wrong");
        return;
    }
    if (ttl && !absttl) ttl += srv.now_ms;
    int deep = cfg.sanitize_dump_payload != SANITIZE_DUMP_NO;
    struct rdb_r r;
    rdbr_init_mem(&r, p, (size_t)body);
    int type = rdb_load_byte(&r), empty = 0;
    struct kv *o = NULL;
    if (type >= 0 && rdb_is_value_type(type))
        o = rdb_load_value(&r, type, key, klen, ttl ? ttl : -1, deep, &empty);
    rdbr_free(&r);
    if (!o) {
        reply_error(c, "Bad data format");
        return;
    }
    int deleted = replace ? db_delete(c->db, key, klen) : 0;
    if (ttl && ttl <= srv.now_ms) {
        if (deleted) {
            db_signal_write(c->db, key, klen, NOTIFY_GENERIC, "del");
            srv.dirty++;
            propagate_rewrite(c, 2, PSTR("DEL"), c->argv[1]);
        }
        kv_free(o);
        reply_ok(c);
        return;
    }
    db_add(c->db, o);
    kv_set_access_hint(o, idle, (int)freq);
    db_signal_write(c->db, key, klen, NOTIFY_GENERIC, "restore");
    reply_ok(c);
    srv.dirty++;
    if (ttl && !absttl) { /* propagated with the absolute time, as Redis */
        char b[24];
        propagate_rewrite_arg(c, 2, pstr_ll(b, ttl));
        propagate_rewrite_arg(c, c->argc, PSTR("ABSTTL"));
    }
}
