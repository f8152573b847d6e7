/* keyspace: generic key commands (being written). */
#include "client.h"
#include "commands.h"
#include "db.h"
#include "reply.h"
#include "server.h"

static void del_cmd(struct client *c) {
    long long n = 0;
    for (int i = 1; i < c->argc; i++) {
        if (db_lookup_write(c->db, c->argv[i].ptr, c->argv[i].len) &&
            db_delete(c->db, c->argv[i].ptr, c->argv[i].len)) {
            db_key_modified(c->db, c->argv[i].ptr, c->argv[i].len);
            notify_keyspace_event(NOTIFY_GENERIC, "del", c->argv[i].ptr, c->argv[i].len, c->db->id);
            srv.dirty++;
            n++;
        }
    }
    reply_long(c, n);
}

static void dbsize_cmd(struct client *c) {
    reply_long(c, db_size(c->db));
}

static void flushall_cmd(struct client *c) {
    for (int i = 0; i < srv.ndb; i++) db_flush(&srv.db[i], 0);
    srv.dirty++;
    reply_ok(c);
}

struct command keyspace_commands[] = {
    {.name = "del", .proc = del_cmd, .arity = -2, .flags = CMD_WRITE,
     .acl = ACL_KEYSPACE | ACL_WRITE | ACL_SLOW, .first_key = 1, .last_key = -1, .key_step = 1,
     .group = "generic", .since = "1.0.0",
     .complexity = "O(N) where N is the number of keys that will be removed.", .summary = "Delete a key",
     .syntax = "key [key ...]"},
    {.name = "dbsize", .proc = dbsize_cmd, .arity = 1, .flags = CMD_READONLY | CMD_FAST,
     .acl = ACL_KEYSPACE | ACL_READ | ACL_FAST, .group = "server", .since = "1.0.0", .complexity = "O(1)",
     .summary = "Return the number of keys in the selected database", .syntax = ""},
    {.name = "flushall", .proc = flushall_cmd, .arity = -1, .flags = CMD_WRITE,
     .acl = ACL_KEYSPACE | ACL_WRITE | ACL_SLOW | ACL_DANGEROUS, .group = "server", .since = "1.0.0",
     .complexity = "O(N) where N is the total number of keys in all databases",
     .summary = "Remove all keys from all databases", .syntax = "[ASYNC | SYNC]"},
    {0},
};
