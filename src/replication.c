/* replication: SYNC and the stream of propagated commands to attached
 * replicas (see replication.h). Replicas are ordinary clients flagged
 * CF_REPLICA and kept in a small array; their output goes through the normal
 * reply buffers, so a slow replica only grows its own buffer. */
#include "replication.h"
#include "commands.h"
#include "config.h"
#include "log.h"
#include "mem.h"
#include "propagate.h"
#include "rdb.h"
#include "reply.h"
#include "server.h"
#include "util.h"
#include <string.h>

static struct client **replicas;
static int nreplicas, cap_replicas;
static int stream_db = -1; /* database the stream last SELECTed (-1: none yet) */

int repl_has_replicas(void) {
    return nreplicas > 0;
}

long repl_replica_count(void) {
    return nreplicas;
}

size_t repl_output_mem(void) {
    size_t n = 0;
    for (int i = 0; i < nreplicas; i++)
        n += replicas[i]->ob_cap;
    return n;
}

/* Writes one command to every replica, encoded once. */
static void send_all(int argc, const struct str *argv) {
    char small[512];
    size_t n = propagate_encode(NULL, argc, argv);
    char *p = n <= sizeof(small) ? small : xmalloc(n);
    propagate_encode(p, argc, argv);
    for (int i = 0; i < nreplicas; i++)
        reply_raw(replicas[i], p, n);
    if (p != small) xfree(p);
}

void repl_feed(int dbid, int argc, const struct str *argv) {
    if (nreplicas == 0) return;
    if (dbid != stream_db) {
        char num[24];
        struct str sel[2] = {{"SELECT", 6}, {num, (size_t)ll2str(num, sizeof(num), dbid)}};
        send_all(2, sel);
        stream_db = dbid;
    }
    send_all(argc, argv);
}

void repl_client_free(struct client *c) {
    if (!(c->flags & CF_REPLICA)) return;
    for (int i = 0; i < nreplicas; i++) {
        if (replicas[i] == c) {
            replicas[i] = replicas[--nreplicas];
            break;
        }
    }
    log_notice("Connection with replica %s lost.", c->addr);
}

static void sync_cmd(struct client *c) {
    if (c->flags & CF_REPLICA) return; /* already streaming: ignored, as Redis */
    struct rdb_w w;
    rdbw_init_mem(&w);
    w.compress = cfg.rdbcompression;
    w.checksum = cfg.rdbchecksum;
    if (rdb_save_to(&w, RDB_SAVE_NONE) < 0) {
        rdbw_free(&w);
        reply_error(c, "Unable to perform background save");
        return;
    }
    log_notice("Replica %s asks for synchronization", c->addr);
    char head[32];
    head[0] = '$';
    int l = ll2str(head + 1, sizeof(head) - 3, (long long)w.len);
    head[l + 1] = '\r';
    head[l + 2] = '\n';
    reply_raw(c, head, (size_t)l + 3);
    reply_raw(c, (const char *)w.buf, w.len);
    rdbw_free(&w);
    if (nreplicas == cap_replicas) {
        cap_replicas = cap_replicas ? cap_replicas * 2 : 4;
        replicas = xrealloc(replicas, sizeof(*replicas) * (size_t)cap_replicas);
    }
    replicas[nreplicas++] = c;
    c->flags |= CF_REPLICA;
    stream_db = -1; /* the new replica's stream starts with a SELECT */
    log_notice("Synchronization with replica %s succeeded", c->addr);
}

struct command replication_commands[] = {
    {.name = "sync",
     .proc = sync_cmd,
     .arity = 1,
     .flags = CMD_NO_ASYNC_LOADING | CMD_ADMIN | CMD_NO_MULTI | CMD_NOSCRIPT,
     .acl = ACL_ADMIN | ACL_SLOW | ACL_DANGEROUS,
     .group = "server",
     .since = "1.0.0",
     .complexity = NULL,
     .summary = "Internal command used for replication",
     .syntax = ""},
    {0}};
