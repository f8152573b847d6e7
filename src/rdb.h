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

#endif
