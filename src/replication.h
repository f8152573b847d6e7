/* replication: the master side of Redis's old SYNC handshake, the smallest
 * piece of replication: a client that sends SYNC gets a snapshot of the data
 * set as one bulk payload (an RDB image, no trailing CRLF) and from then on
 * every propagated command (propagate.h), in RESP, with a SELECT whenever the
 * database changes. The Redis test suite watches this stream
 * (attach_to_replication_stream) to check what writes propagate.
 *
 * Not built yet: PSYNC, the backlog, REPLICAOF (the replica side), acks,
 * timeouts. The snapshot is taken in the foreground. */
#ifndef MNEMO_REPLICATION_H
#define MNEMO_REPLICATION_H
#include "client.h"

/* 1 while at least one replica is attached (propagation has a consumer). */
int repl_has_replicas(void);
/* Hands one propagated command to every replica. */
void repl_feed(int dbid, int argc, const struct str *argv);
/* client_free hook: forgets a replica. */
void repl_client_free(struct client *c);
long repl_replica_count(void);
/* Bytes held by replicas' output buffers (INFO mem_clients_slaves; not
 * counted against maxmemory, as Redis). */
size_t repl_output_mem(void);

#endif
