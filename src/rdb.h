/* rdb: Redis 7.0's RDB format (version 10) for the whole data set and for
 * single values.
 *
 * Two layers:
 *  - the value codec (rdb_value.c): one key's value to and from its RDB
 *    encoding, for every type and encoding Mnemo has, and every encoding
 *    Redis 7.0 loads (zipmap, ziplist, intset, listpack, quicklist 1 and 2).
 *    DUMP/RESTORE and the file layer use it.
 *  - the file layer (rdb.c): header, aux fields, function libraries,
 *    SELECTDB/RESIZEDB, expire/LRU/LFU opcodes, EOF and CRC64; SAVE,
 *    BGSAVE in a forked child (child.h), save points, loading at start-up,
 *    DEBUG RELOAD.
 * Byte-level primitives are in rdb_io.h. */
#ifndef MNEMO_RDB_H
#define MNEMO_RDB_H
#include "rdb_io.h"
#include <stddef.h>

struct kv;

/* ---- value codec (rdb_value.c) ---- */

/* The RDB_TYPE_* a value is saved as (Redis 7.0 writes: STRING, SET,
 * SET_INTSET, ZSET_2, ZSET_LISTPACK, HASH, HASH_LISTPACK, LIST_QUICKLIST_2). */
int rdb_value_type(const struct kv *o);
/* Writes o's value (not its type byte nor its key). 0 or -1 (w->err). */
int rdb_save_value(struct rdb_w *w, const struct kv *o);
/* 1 if t is a value type this codec loads. */
int rdb_is_value_type(int t);
/* Reads a value of type rdbtype and builds the entry for key (expire in ms or
 * -1). deep: run sanitize-dump-payload's deep checks on compact encodings
 * (every listpack/ziplist/intset entry walked, duplicates refused); without
 * it, headers are still checked so that nothing is read out of bounds when
 * the value is loaded. Returns NULL if the data is corrupt; also NULL with
 * *empty = 1 for a value that decodes to an empty aggregate (Redis skips
 * those keys when loading). */
struct kv *rdb_load_value(struct rdb_r *r, int rdbtype, const char *key, size_t klen,
                          long long expire, int deep, int *empty);
/* Why the last rdb_load_value refused its data ("" if it did not, or the
 * input simply ended): already logged, for a loader's closing report. */
const char *rdb_value_error(void);

/* ---- file layer (rdb.c) ---- */

#define RDB_SAVE_NONE    0
#define RDB_SAVE_AOF_PRE 1 /* aux "aof-base" 1: the base of an AOF */

/* Writes the whole data set (header ... EOF + checksum) to w. */
int rdb_save_to(struct rdb_w *w, int flags);
/* SAVE: writes dir/dbfilename through a temp file + fsync + rename + dir
 * fsync. 0 or -1 (logged). */
int rdb_save(const char *filename, int flags);
/* BGSAVE: forks a child that runs rdb_save. 0 when started, -1 on error. */
int rdb_bgsave(const char *filename, int flags);
/* Loads a whole RDB stream (after its 9-byte "REDIS00xx" header has NOT been
 * read: the loader reads and checks it). Keys go into the databases (which
 * the caller emptied as needed). 0 or -1 (the reason is logged). */
int rdb_load_from(struct rdb_r *r, int flags);
int rdb_load(const char *filename, int flags);
/* From cron: save points, finished children. */
void rdb_cron(void);

/* Load flags (rdb_load_from / rdb_load). */
#define RDB_LOAD_NONE      0
#define RDB_LOAD_AOF_PRE   1 /* an AOF's base: keep keys whose TTL has passed */
#define RDB_LOAD_ALLOW_DUP 2 /* a key already present is replaced (DEBUG RELOAD MERGE) */

/* rdb_load_from returns -1 with errno EINVAL for a file that is not an RDB
 * (signature, version) and EIO for a short or corrupt one (Redis's log lines
 * are written). rdb_load exits the process (status 1) on EIO when no command
 * runs (start-up), as Redis does; under a command (DEBUG RELOAD) it returns
 * -1. It returns -1 with errno from open() when the file cannot be opened. */

/* srv.loading and the INFO loading_* figures around a load: rdb_load calls
 * them; a caller of rdb_load_from (the AOF) calls them itself. */
void rdb_loading_start(long long total_bytes);
void rdb_loading_stop(void);
/* During a long load (RDB every loading-process-events-interval-bytes, AOF
 * every 1024 commands): serves other clients, who get -LOADING, and stops on
 * SIGTERM/SIGINT without saving a partial data set. */
void rdb_loading_events(void);
/* At start-up (appendonly no): loads dir/dbfilename if it exists; a file
 * that exists but cannot be loaded ends the process. */
void rdb_load_at_startup(void);

/* Kills a running BGSAVE child (not an error: rdb_last_bgsave_status stays)
 * and removes its temp file. */
void rdb_kill_child(void);
/* Save points are set and the last background save failed with
 * stop-writes-on-bgsave-error yes: write commands (and PING) get MISCONF. */
int rdb_write_denied(void);
#define RDB_MISCONF_ERR                                                                            \
    "-MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist "    \
    "to disk. Commands that may modify the data set are disabled, because this instance is "       \
    "configured to report errors during writes if RDB snapshotting fails "                         \
    "(stop-writes-on-bgsave-error option). Please check the Redis logs for details about the "     \
    "RDB error."
/* SHUTDOWN's RDB part: kills a BGSAVE child, saves when save points are set
 * (unless SHUTDOWN_NOSAVE) or SHUTDOWN_SAVE. -1 if the save failed and
 * SHUTDOWN_FORCE is not set (the shutdown must be refused). */
int rdb_shutdown(int flags);
/* FLUSHALL: kills a BGSAVE child, then saves the empty data set when save
 * points are set. */
void rdb_after_flushall(void);
/* INFO persistence: the rdb_* / current_* lines, and the loading_* lines
 * (empty when not loading). xmalloc'd strings. */
char *rdb_info_fields(void);
char *rdb_info_loading(void);

/* State read by INFO and DEBUG. */
struct rdb_state {
    int lastbgsave_status; /* 0 ok, -1 err */
    int bgsave_scheduled;
    long long lastbgsave_try, save_time_start, save_time_last; /* unix seconds */
    long long dirty_before_bgsave, rdb_saves;
    long long last_load_keys_expired, last_load_keys_loaded;
    long long loading_start_time, loading_total_bytes, loading_loaded_bytes;
    long long loading_rdb_used_mem, loading_events_mark;
    int child_pid;
    /* reports of the running BGSAVE child */
    long long cow_peak, cow_size, cow_updated_ms, save_keys_processed, save_keys_total;
    long long last_cow_size;
};
extern struct rdb_state rdbst;

/* SAVE and BGSAVE: rdb_commands[] in commands.h. */

#endif
