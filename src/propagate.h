/* propagate: what the data set changes are "said" to the outside (the AOF
 * now, replication later), with Redis 7.0's rules.
 *
 * After every command run through cmd_call() that changed the data set
 * (srv.dirty moved), its argv is propagated, or the replacement the command
 * asked for with propagate_rewrite*() (EXPIRE -> PEXPIREAT, SPOP -> SREM ...).
 * Commands may add more commands with propagate_also*() (SPOP with a count,
 * deletions of expired keys). Everything a top-level command produced (a
 * whole MULTI/EXEC, a script's effects, a command plus the lazy-expiry DELs
 * it triggered) is collected and, at the end of the top-level call, emitted
 * at once: wrapped in MULTI ... EXEC when there is more than one command,
 * with a SELECT whenever the target database changes (the consumer adds it).
 *
 * A command that ran other commands (EXEC, EVAL, FCALL) is never propagated
 * itself: its nested commands are (effects replication).
 *
 * Outside any command (active expiry, eviction, serving a blocked client),
 * propagated commands are emitted immediately and never wrapped.
 *
 * Propagation is off while loading (srv.loading). */
#ifndef MNEMO_PROPAGATE_H
#define MNEMO_PROPAGATE_H
#include "client.h"
#include <stddef.h>

struct db;
struct command;

/* Arguments for the varargs calls below: pass `struct str` values. */
static inline struct str pstr(const char *p, size_t len) {
    struct str s = {(char *)p, len};
    return s;
}
#define PSTR(lit) pstr(lit, sizeof(lit) - 1)
/* An integer argument formatted into buf (at least 24 bytes). */
struct str pstr_ll(char *buf, long long v);

/* cmd_call's hooks (one frame per nested call, on the caller's stack). */
struct prop_frame {
    struct prop_frame *parent;
    struct pop *rewrite; /* replacement argv, or NULL */
    int prevent, force, nested;
};
void propagate_call_begin(struct prop_frame *f);
void propagate_call_end(struct prop_frame *f, struct client *c, const struct command *cmd,
                        long long dirty);

/* The running command propagates this instead of its argv (argc struct str
 * arguments; they are copied). Outside a command (serving a blocked client)
 * the command is emitted at once in c's database. */
void propagate_rewrite(struct client *c, int argc, ...);
void propagate_rewrite_argv(struct client *c, int argc, const struct str *argv);
/* Replaces argument i of what the command propagates (its argv until then);
 * i == argc appends one. */
void propagate_rewrite_arg(struct client *c, int i, struct str s);
/* Propagates one more command in db (after whatever was already collected). */
void propagate_also(struct db *db, int argc, ...);
void propagate_also_argv(int dbid, int argc, const struct str *argv);
/* The running command's own argv is not propagated (what it added with
 * propagate_also is). */
void propagate_prevent(void);
/* The running command is propagated even if srv.dirty did not move (FLUSHALL
 * on an empty server). */
void propagate_force(void);
/* A command as the consumers carry it (AOF file, replication stream), a RESP
 * multibulk: returns its size in bytes and writes it to dst unless dst is
 * NULL. */
size_t propagate_encode(char *dst, int argc, const struct str *argv);

/* DEL (or UNLINK when lazy) of key in db: expiry and eviction. */
void propagate_deletion(struct db *db, const char *key, size_t len, int lazy);

#endif
