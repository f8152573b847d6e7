/* t_string: string commands.
 *
 * Encodings (OBJECT ENCODING names as Redis reports them):
 *   int    - a canonical integer in long long range, kept inline in the entry
 *   embstr - up to 44 bytes, kept inline in the entry after the key
 *   raw    - longer strings, or any string changed in place (APPEND, SETRANGE,
 *            SETBIT...): a separate growable buffer (struct rstr)
 * SET and friends pick int/embstr/raw from the value like Redis does. */
#include "client.h"
#include "commands.h"
#include "config.h"
#include "db.h"
#include "reply.h"
#include "server.h"
#include "util.h"
#include <string.h>
#include <strings.h>

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
    char ibuf[LONG_STR_SIZE];
    size_t len;
    const char *s = kv_str(o, &len, ibuf);
    reply_bulk(c, s, len);
}

static void set_cmd(struct client *c) {
    struct str *k = &c->argv[1], *v = &c->argv[2];
    if (c->argc != 3) {
        reply_error(c, "syntax error");
        return;
    }
    db_set(c->db, kv_new_string_auto(k->ptr, k->len, v->ptr, v->len, -1));
    db_key_modified(c->db, k->ptr, k->len);
    notify_keyspace_event(NOTIFY_STRING, "set", k->ptr, k->len, c->db->id);
    srv.dirty++;
    reply_ok(c);
}

struct command string_commands[] = {
    {.name = "get", .proc = get_cmd, .arity = 2, .flags = CMD_READONLY | CMD_FAST,
     .acl = ACL_READ | ACL_STRING | ACL_FAST, .first_key = 1, .last_key = 1, .key_step = 1,
     .group = "string", .since = "1.0.0", .complexity = "O(1)", .summary = "Get the value of a key",
     .syntax = "key"},
    {.name = "set", .proc = set_cmd, .arity = -3, .flags = CMD_WRITE | CMD_DENYOOM,
     .acl = ACL_WRITE | ACL_STRING | ACL_SLOW, .first_key = 1, .last_key = 1, .key_step = 1,
     .group = "string", .since = "1.0.0", .complexity = "O(1)",
     .summary = "Set the string value of a key",
     .syntax = "key value [NX | XX] [GET] [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT "
               "unix-time-milliseconds | KEEPTTL]"},
    {0},
};
