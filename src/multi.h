/* multi: transactions (MULTI, EXEC, DISCARD) and optimistic locking (WATCH,
 * UNWATCH), with Redis 7.0's semantics.
 *
 * A client in MULTI (CF_MULTI) gets its commands checked by dispatch as usual;
 * those that pass are copied into the client's queue and answered +QUEUED,
 * those that fail flag the transaction so that EXEC answers EXECABORT. EXEC
 * runs the queue through cmd_call() with srv.in_exec set (blocking commands
 * then behave as if they timed out), one reply per command, no rollback.
 *
 * WATCH index: for each database index, a dict from key to the list of
 * clients watching it; each client also lists its own watches. A write calls
 * db_key_modified() -> multi_touch_key(), which is skipped at the cost of one
 * array read when nobody watches anything in that database. Touching a key
 * marks its watchers "dirty" (EXEC will answer a null array) and drops all
 * their watches at once. Watches stay bound to the database index (SWAPDB
 * moves data, not watches), like Redis.
 *
 * Keys that were already logically expired when WATCHed are remembered as
 * such: deleting them (lazy/active expiry, DEL, FLUSHDB) is no logical change
 * and does not make the transaction fail, as in Redis 7.0. A watched key that
 * was alive at WATCH time and is logically expired at EXEC fails the EXEC even
 * if nothing deleted it yet. */
#ifndef MNEMO_MULTI_H
#define MNEMO_MULTI_H
#include <stddef.h>
#include <stdint.h>

struct client;
struct command;
struct db;

/* Number of distinct watched keys per database index (NULL until the first WATCH). */
extern size_t *multi_watched_per_db;
static inline int multi_db_watched(int dbid) {
    return multi_watched_per_db && multi_watched_per_db[dbid];
}

/* A key of db was written (db_key_modified calls this when the db has watched keys). */
void multi_touch_key(struct db *db, const char *key, size_t len);
/* FLUSHDB/FLUSHALL (replaced_with NULL) and SWAPDB (the other db), called
 * before the keys go: watchers of keys that exist (logically change) get dirty. */
void multi_touch_db(struct db *emptied, struct db *replaced_with);

/* Dispatch hooks. */
/* 1 if c is in MULTI and cmd must be queued rather than run now. */
int multi_should_queue(const struct client *c, const struct command *cmd);
/* Copies c's argv into the queue and replies +QUEUED. */
void multi_queue(struct client *c, struct command *cmd);
/* A command was rejected before running (unknown, arity, auth, ...): flags
 * the transaction when c is in MULTI. When the rejected command is EXEC
 * itself (in MULTI or not), discards the transaction and every watch, and replies "-EXECABORT
 * Transaction discarded because of: <err>" instead; returns 1 then (the caller must not reply err).
 * err is the error text as reply_error takes it. */
int multi_reject(struct client *c, const struct command *cmd, const char *err);
int multi_is_exec(const struct command *cmd);
/* Union of the flags of c's queued commands (0 outside MULTI): EXEC is a
 * write for CLIENT PAUSE (and OOM checks) when one of them is. */
uint64_t multi_queued_flags(const struct client *c);

/* Discards the transaction and every watch (RESET, client_free). */
void multi_reset_client(struct client *c);
void multi_client_free(struct client *c);

/* CLIENT LIST: queued count (-1 outside MULTI) and the memory MULTI/WATCH uses. */
int multi_queued_count(const struct client *c);
size_t multi_mem(const struct client *c);
/* 1 if a watched key of c changed (CLIENT LIST flag 'd'): its EXEC will fail. */
int multi_dirty(const struct client *c);

#endif
