/* commands: the declarative command table and dispatch.
 *
 * Each module declares its commands as a `struct command` array ending with a
 * zeroed entry, and commands.c lists those arrays once. Everything that needs
 * to know about commands (dispatch, arity/unknown-command errors, COMMAND
 * INFO/DOCS/LIST/GETKEYS, stats in INFO commandstats, ACL categories) reads
 * these entries; nothing repeats them.
 *
 * `syntax` is the argument grammar as the Redis docs write it, e.g.
 *   "key value [NX | XX] [GET] [EX seconds | PX milliseconds | KEEPTTL]"
 * COMMAND DOCS derives its "arguments" tree from it (redis-cli hints). */
#ifndef MNEMO_COMMANDS_H
#define MNEMO_COMMANDS_H
#include <stddef.h>
#include <stdint.h>

struct client;
typedef void cmd_fn(struct client *c);

/* command flags (Redis's names in COMMAND INFO) */
#define CMD_WRITE             (1ULL << 0)
#define CMD_READONLY          (1ULL << 1)
#define CMD_DENYOOM           (1ULL << 2)
#define CMD_ADMIN             (1ULL << 4)
#define CMD_PUBSUB            (1ULL << 5)
#define CMD_NOSCRIPT          (1ULL << 6)
#define CMD_BLOCKING          (1ULL << 8)
#define CMD_LOADING           (1ULL << 9)
#define CMD_STALE             (1ULL << 10)
#define CMD_SKIP_MONITOR      (1ULL << 11)
#define CMD_SKIP_SLOWLOG      (1ULL << 12)
#define CMD_ASKING            (1ULL << 13)
#define CMD_FAST              (1ULL << 14)
#define CMD_NO_AUTH           (1ULL << 15)
#define CMD_MAY_REPLICATE     (1ULL << 16)
#define CMD_SENTINEL          (1ULL << 17)
#define CMD_ONLY_SENTINEL     (1ULL << 18)
#define CMD_NO_MANDATORY_KEYS (1ULL << 19)
#define CMD_PROTECTED         (1ULL << 20)
#define CMD_NO_ASYNC_LOADING  (1ULL << 23)
#define CMD_NO_MULTI          (1ULL << 24)
#define CMD_MOVABLE_KEYS      (1ULL << 25)
#define CMD_ALLOW_BUSY        (1ULL << 26)

/* ACL categories */
#define ACL_KEYSPACE    (1ULL << 0)
#define ACL_READ        (1ULL << 1)
#define ACL_WRITE       (1ULL << 2)
#define ACL_SET         (1ULL << 3)
#define ACL_SORTEDSET   (1ULL << 4)
#define ACL_LIST        (1ULL << 5)
#define ACL_HASH        (1ULL << 6)
#define ACL_STRING      (1ULL << 7)
#define ACL_BITMAP      (1ULL << 8)
#define ACL_HYPERLOGLOG (1ULL << 9)
#define ACL_GEO         (1ULL << 10)
#define ACL_STREAM      (1ULL << 11)
#define ACL_PUBSUB      (1ULL << 12)
#define ACL_ADMIN       (1ULL << 13)
#define ACL_FAST        (1ULL << 14)
#define ACL_SLOW        (1ULL << 15)
#define ACL_BLOCKING    (1ULL << 16)
#define ACL_DANGEROUS   (1ULL << 17)
#define ACL_CONNECTION  (1ULL << 18)
#define ACL_TRANSACTION (1ULL << 19)
#define ACL_SCRIPTING   (1ULL << 20)

/* Key position callback for commands whose keys are not a fixed range
 * (CMD_MOVABLE_KEYS). Fills keys[] with argv indexes; returns the count, or -1
 * on a syntax error. */
typedef int cmd_getkeys_fn(struct client *c, int argc, int *keys, int max);

/* Key positions of the many commands whose one key is their first argument. */
#define CMD_ONE_KEY .first_key = 1, .last_key = 1, .key_step = 1

struct command {
    const char *name; /* lowercase */
    cmd_fn *proc;
    int arity; /* n: exactly n args (name included); -n: at least n */
    uint64_t flags;
    uint64_t acl;
    int first_key, last_key, key_step; /* last_key -1: the last argument */
    const char *group;                 /* "string", "generic", "server", "connection", ... */
    const char *since;                 /* Redis version that introduced it */
    const char *complexity;
    const char *summary;
    const char *syntax;          /* argument grammar (without the command name) */
    struct command *subcommands; /* zero-terminated, or NULL */
    cmd_getkeys_fn *getkeys;
    const char *tips; /* "nondeterministic_output request_policy:all_shards" etc, space-separated */
    /* Key specs as COMMAND INFO reports them, ';'-separated; each one is
     *   FLAG... BEGIN FIND
     *   FLAG:  RO RW OW RM access update insert delete not_key incomplete variable_flags
     *   BEGIN: index <pos> | keyword <word> <startfrom> | unknown
     *   FIND:  range <lastkey> <keystep> <limit> | keynum <keynumidx> <firstkey> <keystep> |
     * unknown e.g. LMOVE: "RW access delete index 1 range 0 1 0; RW insert index 2 range 0 1 0".
     * NULL: one spec derived from first_key/last_key/key_step, flagged "RO access"
     * for CMD_READONLY, "RW access update" for CMD_WRITE, else "RO". */
    const char *keyspecs;
    /* filled in at start-up */
    struct command *parent;
    char fullname[64]; /* "config|get" */
    uint64_t id;
    /* statistics (INFO commandstats) */
    long long calls, usec, rejected_calls, failed_calls;
};

void cmd_init(void);
struct command *cmd_lookup(const char *name, size_t len);
/* Finds the command (or subcommand) argv names; NULL if unknown. */
struct command *cmd_lookup_argv(struct client *c);
/* Runs the client's current argv: checks existence, arity, state; executes;
 * records stats and slowlog. */
void cmd_dispatch(struct client *c);
/* Executes c->cmd with c->argv directly (already checked): for MULTI/EXEC and scripts. */
void cmd_call(struct client *c, struct command *cmd);
/* Iterate every top-level command: returns NULL at the end. */
struct command *cmd_iter(long *pos);
long cmd_count(void);
void cmd_reset_stats(void);
/* Key positions of argv for cmd: returns count (written to keys[]), -1 on error. */
int cmd_get_keys(struct command *cmd, struct client *c, int *keys, int max);
const char *cmd_flag_names(uint64_t flags, int i); /* i-th set flag name or NULL */

/* Tables of each module (zero-terminated arrays). */
extern struct command server_commands[];
extern struct command string_commands[];
extern struct command bitmap_commands[];
extern struct command keyspace_commands[];
extern struct command expire_commands[];
extern struct command config_commands[];
extern struct command info_commands[];
extern struct command client_commands[];
extern struct command debug_commands[];
extern struct command slowlog_commands[];
extern struct command command_commands[];
extern struct command hash_commands[];
extern struct command list_commands[];
extern struct command set_commands[];
extern struct command zset_commands[];
extern struct command geo_commands[];
extern struct command hll_commands[];
extern struct command sort_commands[];
extern struct command memory_commands[];
extern struct command multi_commands[];
extern struct command script_commands[];
extern struct command rdb_commands[];
extern struct command function_commands[];
extern struct command aof_commands[];
extern struct command replication_commands[];

#endif
