/* blocking: clients waiting on keys (BLPOP, BLMOVE, BLMPOP..., and later
 * BZPOPMIN/XREAD), their timeouts, and the "ready keys" that wake them.
 *
 * The life of a blocked client:
 *   1. a command finds nothing to serve and calls blocking_block(): the client
 *      gets CF_BLOCKED (its further input stays unparsed in the query buffer),
 *      its argv is copied (client_own_argv) and it is queued, in arrival order,
 *      on each of its keys;
 *   2. whatever creates or fills a key that clients wait on calls
 *      blocking_signal_key() (db_add/db_set do it for every new value); the key
 *      goes on the ready list once;
 *   3. after each command run from the network (so after a whole MULTI/EXEC
 *      or script), blocking_handle_ready() serves the waiters of each ready key
 *      in FIFO order through the serve function of the key's type, as long as
 *      the key exists; serving may make other keys ready (BLMOVE), which are
 *      handled in the same call;
 *   4. a served, timed-out or CLIENT UNBLOCKed client is unblocked: removed
 *      from all its keys and queued for reprocessing, and before the event loop
 *      sleeps its pending input is parsed and run.
 * A client that disconnects while blocked is removed by blocking_client_free().
 * Timeouts use one event-loop timer armed for the earliest deadline. */
#ifndef MNEMO_BLOCKING_H
#define MNEMO_BLOCKING_H
#include <stddef.h>

struct client;
struct db;
struct kv;
struct str;

/* What a blocked command needs to finish when a key is ready (copied). */
struct block_args {
    int from, to; /* list end to pop from / push to (QL_HEAD/QL_TAIL); zset: min/max */
    long count;   /* -1: the single-element reply form (BLPOP); else the count */
    int variant;  /* the command's own tag (e.g. BLMPOP vs BLPOP) */
    char *target; /* BLMOVE destination key, or NULL (owned by the blocking state) */
    size_t target_len;
};

/* Serves a client blocked on key (whose value o has the type the function was
 * registered for). Returns 1 if it replied (the client will be unblocked), 0 if
 * it keeps waiting. It may change or delete the key and create others. */
typedef int blocking_serve_fn(struct client *c, struct db *db, struct kv *o, const char *key,
                              size_t klen, const struct block_args *args);

void blocking_register(int type, blocking_serve_fn *fn);

/* Parses a timeout in seconds with fractions (BLPOP & co): sets *abs_ms to
 * the absolute deadline in unix ms, 0 for "forever". Replies the error and
 * returns -1 if invalid. */
int blocking_parse_timeout(struct client *c, const struct str *arg, long long *abs_ms);
/* 1 if c may not block now (inside MULTI/EXEC or a script, fake clients):
 * the command must then reply as if it timed out. */
int blocking_denied(const struct client *c);
/* Blocks c on keys[0..nkeys) (duplicates allowed) for values of `type`. */
void blocking_block(struct client *c, int type, const struct str *keys, int nkeys,
                    long long timeout_abs_ms, const struct block_args *args);

/* A key of db may now hold something for its waiters. Cheap when nobody waits. */
void blocking_signal_key(struct db *db, const char *key, size_t len);
/* After SWAPDB: every waited-on key of these databases that exists is ready. */
void blocking_signal_db(int dbid);
/* Serves the clients of all ready keys (called after each command). */
void blocking_handle_ready(void);
static inline int blocking_ready_pending(void) {
    extern int blocking_nready;
    return blocking_nready != 0;
}
/* Event-loop hook: ready keys, then the input of clients unblocked since. */
void blocking_before_sleep(void);

/* CLIENT UNBLOCK: if c is blocked on keys, replies the timeout reply (or the
 * UNBLOCKED error when with_error) and unblocks it; returns 1. 0 if c was not
 * blocked. */
int blocking_unblock(struct client *c, int with_error);
/* client_free hook: forgets everything about c. */
void blocking_client_free(struct client *c);

long blocking_num_clients(void);  /* INFO blocked_clients */
long blocking_num_timeouts(void); /* INFO clients_in_timeout_table */
long blocking_num_keys(void);     /* keys with at least one waiter */

#endif
