/* aof: the append only file, in Redis 7.0's multi-part layout.
 *
 * In dir/appenddirname:
 *   <appendfilename>.manifest     one line per file, Redis's exact format:
 *                                 "file <name> seq <n> type b|h|i"
 *   <appendfilename>.<n>.base.rdb the base (an RDB image; .base.aof: commands
 *                                 when aof-use-rdb-preamble is no)
 *   <appendfilename>.<n>.incr.aof the commands since that base
 * The manifest is replaced atomically (temp file, fsync, rename, dir fsync).
 *
 * Writing: propagate.c hands every propagated command to aof_feed(), which
 * appends it (with a SELECT when the database changes, and a "#TS:" line each
 * second with aof-timestamp-enabled) to an in-memory buffer; aof_before_sleep()
 * writes the buffer before any reply is sent, and fsyncs it there with
 * appendfsync always, on the background thread once a second with everysec.
 *
 * Rewriting (BGREWRITEAOF, automatic, CONFIG SET appendonly yes): a new incr
 * file is opened first, a forked child (child.h) writes the new base, and
 * when it succeeds the manifest swaps in the new base and drops the old
 * files (history). */
#ifndef MNEMO_AOF_H
#define MNEMO_AOF_H
#include <stddef.h>

struct str;
struct client;
struct command;

enum { AOF_OFF = 0, AOF_ON = 1, AOF_WAIT_REWRITE = 2 };

/* Start-up, after the databases exist: reads the manifest (always, so that a
 * later CONFIG SET appendonly yes continues its numbering), and with
 * appendonly yes loads the files (exits(1) on a fatal error, like Redis),
 * then opens the incr file for appending. Returns 1 if appendonly is on (the
 * caller must not load the RDB then), 0 otherwise. */
int aof_startup(void);
int aof_state(void);
/* Bytes allocated for commands not yet written (INFO mem_aof_buffer; not
 * counted against maxmemory, as Redis). */
size_t aof_buffer_mem(void);
/* Appends one propagated command (no-op when the AOF is off). */
void aof_feed(int dbid, int argc, const struct str *argv);
/* Event-loop hook: write (and with appendfsync always, fsync) the buffer;
 * must run before replies are written. */
void aof_before_sleep(void);
void aof_cron(void); /* postponed writes, everysec fsync, rewrites */
/* SHUTDOWN: kill a rewrite child, flush and fsync. -1 if the initial AOF is
 * still being written and force is 0 (the shutdown must be refused). */
int aof_shutdown(int force);
/* CONFIG SET appendonly: starts or stops the AOF to match cfg.appendonly.
 * 1 ok, 0 with *err set. */
int aof_apply_config(const char **err);
/* While the last AOF write (or background fsync) failed: the MISCONF error
 * that write commands and PING get, else NULL. */
const char *aof_write_denied(void);
/* DEBUG AOF-FLUSH-SLEEP: microseconds to sleep before each AOF write (tests). */
extern long long aof_flush_sleep_us;
/* CONFIG SET aof-disable-auto-gc no: removes the history files now. */
int aof_apply_gc_config(const char **err);
/* DEBUG LOADAOF */
void aof_debug_loadaof(struct client *c);
/* INFO persistence: appends the aof_* lines to buf (NUL-terminated). */
void aof_info_fields(char *buf, size_t cap, int which);
#define AOF_INFO_MAIN  0 /* aof_enabled .. aof_last_cow_size */
#define AOF_INFO_EXTRA 1 /* aof_current_size .. (only when enabled) */
/* BGSAVE and others wanting the fork slot run this when their child ended,
 * so that a scheduled rewrite starts (the cron does it too). */
void aof_start_scheduled_rewrite(void);
int aof_rewrite_scheduled(void);
void aof_schedule_rewrite(void);

/* The BGREWRITEAOF row is aof_commands[] (declared in commands.h). */

#endif
