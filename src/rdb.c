/* rdb: the RDB file layer (see rdb.h): the whole data set to and from Redis
 * 7.0's RDB format, SAVE/BGSAVE, save points, the MISCONF state after a failed
 * background save, loading at start-up while clients get -LOADING.
 *
 * File layout written (as Redis 7.0.15 writes it):
 *   "REDIS0010"
 *   AUX redis-ver, redis-bits, ctime, used-mem, aof-base
 *   FUNCTION2 <library code>            one per function library
 *   per non-empty db: SELECTDB id, RESIZEDB keys volatile-keys, then per key
 *     [EXPIRETIME_MS ms] [IDLE secs | FREQ counter, per maxmemory-policy]
 *     type, key, value (the value codec, rdb_value.c)
 *   EOF, CRC64 of everything before (8 zero bytes when rdbchecksum is no)
 *
 * Invariants:
 *  - srv.loading is 1 exactly while rdb_load() runs; in that window the
 *    event loop is only turned from here (rdb_loading_events), the cron does
 *    nothing, and commands without CMD_LOADING get -LOADING (commands.c).
 *  - a SAVE writes temp-<pid>.rdb and renames it over the target only after
 *    fsync, so the target is always a complete file.
 *  - one background child at most (child.h); its end is noticed by the cron
 *    (rdb_cron -> child_check -> bgsave_done). */
#include "rdb.h"
#include "ae.h"
#include "child.h"
#include "client.h"
#include "commands.h"
#include "config.h"
#include "db.h"
#include "dump.h"
#include "functions.h"
#include "log.h"
#include "mem.h"
#include "reply.h"
#include "server.h"
#include "util.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct rdb_state rdbst = {
    .lastbgsave_status = 0,
    .save_time_last = -1,
    .save_time_start = -1,
};

#define BGSAVE_RETRY_DELAY 5 /* seconds before retrying a failed background save */

/* ------------------------------------------------------ function libraries
 * FUNCTION2 records carry each library's code (functions.h). */

static int save_functions(struct rdb_w *w) {
    long pos = 0;
    const char *name, *code;
    size_t len;
    while (functions_iter(&pos, &name, &code, &len)) {
        if (rdb_save_byte(w, RDB_OPCODE_FUNCTION2) < 0) return -1;
        if (rdb_save_string(w, code, len) < 0) return -1;
    }
    return 0;
}

/* Takes a library's code (the FUNCTION2 payload). 0, or -1 with *err set
 * (xfree it). */
static int load_function(const char *code, size_t len, int allow_dup, char **err) {
    return functions_load_code(code, len, allow_dup, err);
}

/* ------------------------------------------------------------- child info
 * A BGSAVE child reports, about once a second, the keys it saved and its
 * copy-on-write size (Private_Dirty of its mappings) through a pipe; the
 * parent drains it from the cron (INFO current_cow_*, current_save_keys_*,
 * current_fork_perc, rdb_last_cow_size). */

enum { INFO_CURRENT = 0, INFO_FINAL = 1 };
struct child_msg {
    int type;
    long long keys, cow, cow_updated_ms;
};
static int info_pipe[2] = {-1, -1};
static long long save_keys_done; /* keys written by the current save */
static int in_child;

static long long private_dirty(void) {
    FILE *f = fopen("/proc/self/smaps_rollup", "r");
    if (!f) return 0;
    char line[256];
    long long kb = 0, v;
    while (fgets(line, sizeof(line), f))
        if (sscanf(line, "Private_Dirty: %lld kB", &v) == 1) kb += v;
    fclose(f);
    return kb * 1024;
}

static void child_send(int type) {
    static long long peak, sum, count;
    if (info_pipe[1] < 0) return;
    struct child_msg m = {type, save_keys_done, private_dirty(), ae_now_ms()};
    if (m.cow > peak) peak = m.cow;
    sum += m.cow;
    count++;
    if (m.cow || type != INFO_CURRENT)
        log_write(type == INFO_CURRENT ? LL_VERBOSE : LL_NOTICE,
                  "Fork CoW for RDB: current %lld MB, peak %lld MB, average %lld MB", m.cow >> 20,
                  peak >> 20, (sum / count) >> 20);
    if (write(info_pipe[1], &m, sizeof(m)) != (ssize_t)sizeof(m)) {
        log_warning("Child failed reporting info to parent, exiting. %s", strerror(errno));
        child_exit(0);
    }
}

static void child_progress(void) {
    static long long last_ms;
    if (!in_child || (save_keys_done & 1023) != 1) return;
    long long now = ae_now_ms();
    if (now - last_ms >= 1000) {
        child_send(INFO_CURRENT);
        last_ms = now;
    }
}

static struct child_msg info_buf; /* a report being read */
static size_t info_have;

static void info_receive(void) {
    struct child_msg buf;
    if (info_pipe[0] < 0) return;
    for (;;) {
        ssize_t n = read(info_pipe[0], (char *)&info_buf + info_have, sizeof(info_buf) - info_have);
        if (n <= 0) return;
        info_have += (size_t)n;
        if (info_have < sizeof(info_buf)) continue;
        info_have = 0;
        buf = info_buf;
        if (buf.cow > rdbst.cow_peak) rdbst.cow_peak = buf.cow;
        if (buf.type == INFO_CURRENT) {
            rdbst.cow_size = buf.cow;
            rdbst.cow_updated_ms = buf.cow_updated_ms;
            rdbst.save_keys_processed = buf.keys;
        } else {
            rdbst.last_cow_size = rdbst.cow_peak;
        }
    }
}

static void info_close(void) {
    for (int i = 0; i < 2; i++)
        if (info_pipe[i] >= 0) close(info_pipe[i]);
    info_pipe[0] = info_pipe[1] = -1;
    info_have = 0;
    rdbst.cow_peak = rdbst.cow_size = rdbst.cow_updated_ms = 0;
    rdbst.save_keys_processed = rdbst.save_keys_total = 0;
}

/* ------------------------------------------------------------------ saving */

/* Sleeps usec microseconds; a negative value sleeps 1us once every -usec
 * calls on average (rdb-key-save-delay, key-load-delay, as Redis does). */
static void debug_delay(int usec) {
    if (usec < 0) usec = (rand() % -usec) == 0 ? 1 : 0;
    if (usec) usleep((useconds_t)usec);
}

static int save_aux(struct rdb_w *w, const char *key, const char *val) {
    if (rdb_save_byte(w, RDB_OPCODE_AUX) < 0) return -1;
    if (rdb_save_string(w, key, strlen(key)) < 0) return -1;
    return rdb_save_string(w, val, strlen(val));
}

static int save_aux_ll(struct rdb_w *w, const char *key, long long v) {
    char buf[LONG_STR_SIZE];
    ll2str(buf, sizeof(buf), v);
    return save_aux(w, key, buf);
}

static int save_key(struct rdb_w *w, const struct kv *o) {
    long long when = kv_expire(o);
    if (when != -1) {
        if (rdb_save_byte(w, RDB_OPCODE_EXPIRETIME_MS) < 0) return -1;
        if (rdb_save_ms(w, when) < 0) return -1;
    }
    if (lru_policy()) {
        if (rdb_save_byte(w, RDB_OPCODE_IDLE) < 0) return -1;
        if (rdb_save_len(w, (uint64_t)(lru_idle_ms(o->lru) / 1000)) < 0) return -1;
    } else if (lfu_policy()) {
        if (rdb_save_byte(w, RDB_OPCODE_FREQ) < 0) return -1;
        if (rdb_save_byte(w, (int)kv_lfu_counter(o)) < 0) return -1;
    }
    int type = rdb_value_type(o);
    if (type < 0) {
        log_warning("Unable to save a value of type %s", kv_type_name(o));
        return -1;
    }
    size_t klen;
    const char *k = kv_key(o, &klen);
    if (rdb_save_byte(w, type) < 0) return -1;
    if (rdb_save_string(w, k, klen) < 0) return -1;
    if (rdb_save_value(w, o) < 0) return -1;
    if (cfg.rdb_key_save_delay) debug_delay(cfg.rdb_key_save_delay);
    save_keys_done++;
    child_progress();
    return 0;
}

int rdb_save_to(struct rdb_w *w, int flags) {
    char magic[10];
    snprintf(magic, sizeof(magic), "REDIS%04d", RDB_VERSION);
    save_keys_done = 0;
    if (rdbw_write(w, magic, 9) < 0) return -1;
    if (save_aux(w, "redis-ver", MNEMO_VERSION) < 0) return -1;
    if (save_aux_ll(w, "redis-bits", srv.arch_bits) < 0) return -1;
    if (save_aux_ll(w, "ctime", (long long)time(NULL)) < 0) return -1;
    if (save_aux_ll(w, "used-mem", (long long)mem_used()) < 0) return -1;
    if (save_aux_ll(w, "aof-base", (flags & RDB_SAVE_AOF_PRE) ? 1 : 0) < 0) return -1;
    if (save_functions(w) < 0) return -1;
    for (int i = 0; i < srv.ndb; i++) {
        struct db *db = &srv.db[i];
        if (db_size(db) == 0) continue;
        if (rdb_save_byte(w, RDB_OPCODE_SELECTDB) < 0) return -1;
        if (rdb_save_len(w, (uint64_t)i) < 0) return -1;
        if (rdb_save_byte(w, RDB_OPCODE_RESIZEDB) < 0) return -1;
        if (rdb_save_len(w, (uint64_t)db_size(db)) < 0) return -1;
        if (rdb_save_len(w, (uint64_t)db->volatile_keys) < 0) return -1;
        struct dict_iter it;
        dict_iter_init(&it, &db->keys, 0);
        struct dnode *n;
        int rc = 0;
        while ((n = dict_next(&it)) != NULL) {
            if (save_key(w, (const struct kv *)n) < 0) {
                rc = -1;
                break;
            }
        }
        dict_iter_end(&it);
        if (rc < 0) return -1;
    }
    if (rdb_save_byte(w, RDB_OPCODE_EOF) < 0) return -1;
    uint64_t crc = w->checksum ? w->crc : 0;
    if (rdb_save_u64_le(w, crc) < 0) return -1;
    return 0;
}

/* fsync of the directory holding path, so that a rename survives a crash. */
static int fsync_dir_of(const char *path) {
    char dir[PATH_MAX];
    snprintf(dir, sizeof(dir), "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *(slash == dir ? slash + 1 : slash) = '\0';
    else
        snprintf(dir, sizeof(dir), ".");
    int fd = open(dir, O_RDONLY);
    if (fd < 0) return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

int rdb_save(const char *filename, int flags) {
    char tmpfile[64], cwd[PATH_MAX];
    snprintf(tmpfile, sizeof(tmpfile), "temp-%d.rdb", (int)getpid());
    int fd = open(tmpfile, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        int e = errno;
        const char *cwdp = getcwd(cwd, sizeof(cwd));
        log_warning("Failed opening the temp RDB file %s (in server root dir %s) for saving: %s",
                    tmpfile, cwdp ? cwdp : "unknown", strerror(e));
        return -1;
    }
    struct rdb_w w;
    rdbw_init_fd(&w, fd);
    w.compress = cfg.rdbcompression;
    w.checksum = cfg.rdbchecksum;
    if (cfg.rdb_save_incremental_fsync) w.fsync_every = 4 * 1024 * 1024;
    const char *op = NULL;
    if (rdb_save_to(&w, flags) < 0 || rdbw_flush(&w) < 0) {
        errno = w.err ? w.err : EIO;
        op = "rdbSaveRio";
    } else if (fsync(fd) < 0) {
        op = "fsync";
    }
    rdbw_free(&w);
    if (op) {
        int e = errno;
        close(fd);
        unlink(tmpfile);
        log_warning("Write error saving DB on disk(%s): %s", op, strerror(e));
        return -1;
    }
    if (close(fd) < 0) {
        int e = errno;
        unlink(tmpfile);
        log_warning("Write error saving DB on disk(fclose): %s", strerror(e));
        return -1;
    }
    if (rename(tmpfile, filename) < 0) {
        int e = errno;
        const char *cwdp = getcwd(cwd, sizeof(cwd));
        log_warning("Error moving temp DB file %s on the final destination %s (in server root "
                    "dir %s): %s",
                    tmpfile, filename, cwdp ? cwdp : "unknown", strerror(e));
        unlink(tmpfile);
        return -1;
    }
    if (fsync_dir_of(filename) < 0) {
        log_warning("Write error saving DB on disk(fsyncFileDir): %s", strerror(errno));
        return -1;
    }
    log_notice("DB saved on disk");
    srv.dirty = 0;
    srv.last_save = (long long)time(NULL);
    rdbst.lastbgsave_status = 0;
    return 0;
}

static void remove_temp_file(pid_t pid) {
    char tmpfile[64];
    snprintf(tmpfile, sizeof(tmpfile), "temp-%d.rdb", (int)pid);
    unlink(tmpfile);
}

static void bgsave_done(int type, int ok, int by_signal) {
    (void)type;
    if (ok) info_receive(); /* the child's last report */
    info_close();
    if (ok) {
        log_notice("Background saving terminated with success");
        srv.dirty -= rdbst.dirty_before_bgsave;
        srv.last_save = (long long)time(NULL);
        rdbst.lastbgsave_status = 0;
    } else if (!by_signal) {
        log_warning("Background saving error");
        rdbst.lastbgsave_status = -1;
    } else {
        log_warning("Background saving terminated by signal %d", by_signal);
        remove_temp_file(rdbst.child_pid);
        /* SIGUSR1 is how we stop a child on purpose: not an error. */
        if (by_signal != SIGUSR1) rdbst.lastbgsave_status = -1;
    }
    rdbst.save_time_last = (long long)time(NULL) - rdbst.save_time_start;
    rdbst.save_time_start = -1;
    rdbst.child_pid = -1;
}

int rdb_bgsave(const char *filename, int flags) {
    if (child_type() != CHILD_NONE) return -1;
    rdbst.rdb_saves++;
    rdbst.dirty_before_bgsave = srv.dirty;
    rdbst.lastbgsave_try = (long long)time(NULL);
    if (pipe2(info_pipe, O_NONBLOCK) < 0) info_pipe[0] = info_pipe[1] = -1;
    long long total = 0;
    for (int i = 0; i < srv.ndb; i++)
        total += db_size(&srv.db[i]);
    pid_t pid = child_fork(CHILD_RDB, bgsave_done);
    if (pid == 0) {
        log_set_role('C');
        in_child = 1;
        if (info_pipe[0] >= 0) close(info_pipe[0]);
        int rc = rdb_save(filename, flags);
        if (rc == 0) child_send(INFO_FINAL);
        child_exit(rc == 0);
    }
    if (info_pipe[1] >= 0) {
        close(info_pipe[1]);
        info_pipe[1] = -1;
    }
    if (pid < 0) {
        info_close();
        rdbst.lastbgsave_status = -1;
        log_warning("Can't save in background: fork: %s", strerror(errno));
        return -1;
    }
    log_notice("Background saving started by pid %ld", (long)pid);
    rdbst.save_time_start = (long long)time(NULL);
    rdbst.child_pid = pid;
    rdbst.save_keys_total = total;
    return 0;
}

void rdb_kill_child(void) {
    if (child_type() != CHILD_RDB) return;
    pid_t pid = child_pid();
    child_kill(1);
    remove_temp_file(pid);
}

int rdb_write_denied(void) {
    return cfg.stop_writes_on_bgsave_error && cfg.nsave > 0 && rdbst.lastbgsave_status != 0;
}

void rdb_cron(void) {
    if (child_type() != CHILD_NONE) {
        static long long last_receive;
        long long now_ms = ae_now_ms();
        if (child_type() == CHILD_RDB && now_ms - last_receive >= 1000) {
            info_receive();
            last_receive = now_ms;
        }
        child_check();
        return;
    }
    long long now = (long long)time(NULL);
    int retry_ok = now - rdbst.lastbgsave_try > BGSAVE_RETRY_DELAY || rdbst.lastbgsave_status == 0;
    for (int i = 0; i < cfg.nsave; i++) {
        const struct save_point *sp = &cfg.save[i];
        if (srv.dirty >= sp->changes && now - srv.last_save > sp->seconds && retry_ok) {
            log_notice("%lld changes in %lld seconds. Saving...", sp->changes, sp->seconds);
            rdb_bgsave(cfg.dbfilename, RDB_SAVE_NONE);
            break;
        }
    }
    if (child_type() == CHILD_NONE && rdbst.bgsave_scheduled && retry_ok) {
        if (rdb_bgsave(cfg.dbfilename, RDB_SAVE_NONE) == 0) rdbst.bgsave_scheduled = 0;
    }
}

/* ----------------------------------------------------------------- loading */

static int load_allow_dup;

void rdb_loading_events(void) {
    int saved_cron = srv.cron_paused;
    srv.cron_paused = 1;
    server_update_time();
    for (int i = 0; i < 4; i++)
        if (ae_process(srv.loop, 0) <= 0) break;
    if (!srv.current) client_free_closed(); /* DEBUG RELOAD/LOADAOF's caller must stay */
    clients_flush_pending();
    srv.cron_paused = saved_cron;
    if (srv.shutdown_asap) { /* SIGTERM/SIGINT: stop now, never save a partial data set */
        log_warning("Received shutdown signal during loading, scheduling shutdown.");
        if (server_prepare_shutdown(SHUTDOWN_NOSAVE) == 0) exit(0);
        srv.shutdown_asap = 0;
    }
}

static void load_progress(struct rdb_r *r) {
    long long every = cfg.loading_process_events_interval_bytes;
    rdbst.loading_loaded_bytes = r->total;
    if (every <= 0) return;
    if (r->total / every != rdbst.loading_events_mark) {
        rdbst.loading_events_mark = r->total / every;
        size_t used = mem_used();
        if ((long long)used > srv.stat_peak_memory) srv.stat_peak_memory = (long long)used;
        rdb_loading_events();
    }
}

/* The error lines Redis logs before giving up on a file. */
static void report_error(struct rdb_r *r, int line, const char *what) {
    /* under a command (DEBUG RELOAD) the reply carries the failure */
    log_write(srv.current ? LL_VERBOSE : LL_WARNING,
              "Internal error in RDB reading offset %llu, function at rdb.c:%d -> %s",
              (unsigned long long)r->total, line, what);
}

/* The summary Redis's RDB checker prints when the server stops on a corrupt
 * file: the error again, what was being read, and the counts so far. */
static void check_report(struct rdb_r *r, const char *key, int type, const char *what) {
    static const char *const names[] = {"string",
                                        "list-linked",
                                        "set-hashtable",
                                        "zset-v1",
                                        "hash-hashtable",
                                        "zset-v2",
                                        "module-value",
                                        "",
                                        "",
                                        "hash-zipmap",
                                        "list-ziplist",
                                        "set-intset",
                                        "zset-ziplist",
                                        "hash-ziplist",
                                        "quicklist",
                                        "stream",
                                        "hash-listpack",
                                        "zset-listpack",
                                        "quicklist-v2"};
    const char *name = (unsigned)type < sizeof(names) / sizeof(names[0]) ? names[type] : "unknown";
    log_warning("--- RDB ERROR DETECTED ---");
    log_warning("[offset %lld] %s", r->total, what);
    log_warning("[additional info] While doing: read-object-value");
    log_warning("[additional info] Reading key '%s'", key);
    log_warning("[additional info] Reading type %d (%s)", type, name);
    log_warning("[info] %lld keys read",
                rdbst.last_load_keys_loaded + rdbst.last_load_keys_expired);
    log_warning("[info] %lld already expired", rdbst.last_load_keys_expired);
}

static void module_name(char name[10], uint64_t id) {
    static const char cset[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    name[9] = '\0';
    id >>= 10;
    for (int j = 8; j >= 0; j--) {
        name[j] = cset[id & 63];
        id >>= 6;
    }
}

static int load_aux(struct rdb_r *r) {
    size_t klen, vlen;
    unsigned char *k = rdb_load_string(r, &klen);
    if (!k) return -1;
    unsigned char *v = rdb_load_string(r, &vlen);
    if (!v) {
        xfree(k);
        return -1;
    }
    const char *key = (const char *)k, *val = (const char *)v;
    if (key[0] == '%') {
        log_notice("RDB '%s': %s", key, val);
    } else if (!strcasecmp(key, "redis-ver")) {
        log_notice("Loading RDB produced by version %s", val);
    } else if (!strcasecmp(key, "ctime")) {
        long age = (long)time(NULL) - strtol(val, NULL, 10);
        if (age < 0) age = 0;
        log_notice("RDB age %ld seconds", (unsigned long)age);
    } else if (!strcasecmp(key, "used-mem")) {
        long long used = strtoll(val, NULL, 10);
        log_notice("RDB memory usage when created %.2f Mb", (double)used / (1024 * 1024));
        rdbst.loading_rdb_used_mem = used;
    } else if (!strcasecmp(key, "aof-preamble")) {
        if (strtoll(val, NULL, 10)) log_notice("RDB has an AOF tail");
    } else if (!strcasecmp(key, "aof-base")) {
        if (strtoll(val, NULL, 10)) log_notice("RDB is base AOF");
    } else if (!strcasecmp(key, "repl-stream-db") || !strcasecmp(key, "repl-id") ||
               !strcasecmp(key, "repl-offset") || !strcasecmp(key, "lua") ||
               !strcasecmp(key, "redis-bits")) {
        /* replication state (no replication here), old script bodies: ignored */
    } else {
        log_debug("Unrecognized RDB AUX field: '%s'", key);
    }
    xfree(k);
    xfree(v);
    return 0;
}

/* FUNCTION (7.0 release candidates: name, engine, description, code) and
 * FUNCTION2 (the library code). */
static int load_function_record(struct rdb_r *r, int type) {
    const char *err = NULL;
    char *ferr = NULL;
    unsigned char *code = NULL;
    size_t len = 0;
    if (type == RDB_OPCODE_FUNCTION) {
        unsigned char *name = NULL, *engine = NULL, *desc = NULL, *blob = NULL;
        size_t n;
        uint64_t has_desc;
        if (!(name = rdb_load_string(r, &n)))
            err = "Failed loading library name";
        else if (!(engine = rdb_load_string(r, &n)))
            err = "Failed loading engine name";
        else if (rdb_load_len(r, &has_desc, NULL) < 0)
            err = "Failed loading library description indicator";
        else if (has_desc && !(desc = rdb_load_string(r, &n)))
            err = "Failed loading library description";
        else if (!(blob = rdb_load_string(r, &n)))
            err = "Failed loading library blob";
        if (!err) {
            len = strlen((char *)engine) + strlen((char *)name) + n + 16;
            code = xmalloc(len);
            len =
                (size_t)snprintf((char *)code, len, "#!%s name=%s\n", (char *)engine, (char *)name);
            memcpy(code + len, blob, n);
            len += n;
        }
        xfree(name);
        xfree(engine);
        xfree(desc);
        xfree(blob);
    } else if (!(code = rdb_load_string(r, &len))) {
        err = "Failed loading library payload";
    }
    if (!err && load_function((const char *)code, len, load_allow_dup, &ferr) < 0)
        err = ferr ? ferr : "Failed creating the library";
    xfree(code);
    if (err) {
        log_warning("Failed loading library, %s", err);
        xfree(ferr);
        return -1;
    }
    return 0;
}

int rdb_load_from(struct rdb_r *r, int flags) {
    char buf[10];
    r->checksum = cfg.rdbchecksum;
    r->crc = 0;
    load_allow_dup = (flags & RDB_LOAD_ALLOW_DUP) != 0;
    rdbst.loading_events_mark = 0;
    if (rdbr_read(r, buf, 9) < 0) goto eoferr;
    buf[9] = '\0';
    if (memcmp(buf, "REDIS", 5) != 0) {
        log_warning("Wrong signature trying to load DB from file");
        errno = EINVAL;
        return -1;
    }
    int ver = atoi(buf + 5);
    if (ver < 1 || ver > RDB_VERSION) {
        log_warning("Can't handle RDB format version %d", ver);
        errno = EINVAL;
        return -1;
    }
    struct db *db = &srv.db[0];
    long long expire = -1, lru_idle = -1, lfu_freq = -1, empty_skipped = 0;
    long long now = ae_now_ms();
    int master = cfg.masterhost == NULL;
    for (;;) {
        int type = rdb_load_byte(r);
        if (type < 0) goto eoferr;
        if (type == RDB_OPCODE_EXPIRETIME) {
            int32_t s;
            if (rdb_load_seconds(r, &s) < 0) goto eoferr;
            expire = (long long)s * 1000;
            continue;
        } else if (type == RDB_OPCODE_EXPIRETIME_MS) {
            if (rdb_load_ms(r, &expire) < 0) goto eoferr;
            continue;
        } else if (type == RDB_OPCODE_FREQ) {
            int b = rdb_load_byte(r);
            if (b < 0) goto eoferr;
            lfu_freq = b;
            continue;
        } else if (type == RDB_OPCODE_IDLE) {
            uint64_t idle;
            if (rdb_load_len(r, &idle, NULL) < 0) goto eoferr;
            lru_idle = (long long)idle;
            continue;
        } else if (type == RDB_OPCODE_EOF) {
            break;
        } else if (type == RDB_OPCODE_SELECTDB) {
            uint64_t id;
            if (rdb_load_len(r, &id, NULL) < 0) goto eoferr;
            if (id >= (uint64_t)srv.ndb) {
                log_warning("FATAL: Data file was created with a Redis server configured to "
                            "handle more than %d databases. Exiting\n",
                            srv.ndb);
                exit(1);
            }
            db = &srv.db[id];
            continue;
        } else if (type == RDB_OPCODE_RESIZEDB) {
            uint64_t size, vsize;
            if (rdb_load_len(r, &size, NULL) < 0 || rdb_load_len(r, &vsize, NULL) < 0) goto eoferr;
            /* A hint only: never trust it for a huge allocation. */
            uint64_t have = (uint64_t)db_size(db);
            if (size > have && size <= (1ULL << 32) && size < (uint64_t)r->remaining + have)
                dict_expand(&db->keys, (size_t)size);
            continue;
        } else if (type == RDB_OPCODE_AUX) {
            if (load_aux(r) < 0) goto eoferr;
            continue;
        } else if (type == RDB_OPCODE_MODULE_AUX) {
            uint64_t id, when_op, when;
            if (rdb_load_len(r, &id, NULL) < 0 || rdb_load_len(r, &when_op, NULL) < 0 ||
                rdb_load_len(r, &when, NULL) < 0)
                goto eoferr;
            if (when_op != 2) { /* RDB_MODULE_OPCODE_UINT */
                report_error(r, __LINE__, "bad when_opcode");
                goto eoferr;
            }
            char name[10];
            module_name(name, id);
            log_warning("The RDB file contains AUX module data I can't load: no matching "
                        "module '%s'",
                        name);
            exit(1);
        } else if (type == RDB_OPCODE_FUNCTION || type == RDB_OPCODE_FUNCTION2) {
            if (load_function_record(r, type) < 0) goto eoferr;
            continue;
        }
        if (!rdb_is_value_type(type)) {
            report_error(r, __LINE__, "Unknown RDB encoding type");
            goto corrupt;
        }
        size_t klen;
        unsigned char *key = rdb_load_string(r, &klen);
        if (!key) goto eoferr;
        int empty = 0;
        struct kv *o = rdb_load_value(r, type, (const char *)key, klen, expire,
                                      cfg.sanitize_dump_payload == SANITIZE_DUMP_YES, &empty);
        if (!o) {
            if (!empty && !srv.current && rdb_value_error()[0]) {
                /* A corrupt value while loading at start-up: report it the way
                 * Redis's built-in RDB check does, then stop. */
                check_report(r, (const char *)key, type, rdb_value_error());
                xfree(key);
                goto corrupt;
            }
            if (!empty) {
                xfree(key);
                goto eoferr;
            }
            if (empty_skipped++ < 10)
                log_warning("rdbLoadObject skipping empty key: %s", (char *)key);
        } else if (master && !(flags & RDB_LOAD_AOF_PRE) && expire != -1 && expire < now) {
            kv_free(o);
            rdbst.last_load_keys_expired++;
        } else {
            rdbst.last_load_keys_loaded++;
            if (dict_find(&db->keys, key, klen)) {
                if (!load_allow_dup) {
                    log_warning("RDB has duplicated key '%s' in DB %d", (char *)key, db->id);
                    kv_free(o);
                    xfree(key);
                    report_error(r, __LINE__, "Duplicated key found in RDB file");
                    goto corrupt;
                }
                db_delete_mode(db, (const char *)key, klen, 0);
            }
            kv_set_access_hint(o, lru_idle, (int)lfu_freq);
            db_add(db, o);
        }
        xfree(key);
        if (cfg.key_load_delay) debug_delay(cfg.key_load_delay);
        load_progress(r);
        expire = lru_idle = lfu_freq = -1;
    }
    if (ver >= 5) {
        uint64_t expected = r->crc, got;
        if (rdb_load_u64_le(r, &got) < 0) goto eoferr;
        if (cfg.rdbchecksum && !dump_skip_checksum) { /* DEBUG SET-SKIP-CHECKSUM-VALIDATION */
            if (got == 0) {
                log_warning("RDB file was saved with checksum disabled: no check performed.");
            } else if (got != expected) {
                log_warning("Wrong RDB checksum expected: (%llx) but got (%llx). Aborting now.",
                            (unsigned long long)expected, (unsigned long long)got);
                report_error(r, __LINE__, "RDB CRC error");
                goto corrupt;
            }
        }
    }
    rdbst.loading_loaded_bytes = r->total;
    if (empty_skipped)
        log_warning("Done loading RDB, keys loaded: %lld, keys expired: %lld, empty keys "
                    "skipped: %lld.",
                    rdbst.last_load_keys_loaded, rdbst.last_load_keys_expired, empty_skipped);
    else
        log_notice("Done loading RDB, keys loaded: %lld, keys expired: %lld.",
                   rdbst.last_load_keys_loaded, rdbst.last_load_keys_expired);
    return 0;

eoferr:
    log_warning("Short read or OOM loading DB. Unrecoverable error, aborting now.");
    report_error(r, __LINE__, "Unexpected EOF reading RDB file");
corrupt:
    errno = EIO;
    return -1;
}

void rdb_loading_start(long long total_bytes) {
    srv.loading = 1;
    rdbst.loading_start_time = (long long)time(NULL);
    rdbst.loading_total_bytes = total_bytes;
    rdbst.loading_loaded_bytes = 0;
    rdbst.loading_rdb_used_mem = 0;
    rdbst.last_load_keys_expired = 0;
    rdbst.last_load_keys_loaded = 0;
}

void rdb_loading_stop(void) {
    srv.loading = 0;
}

int rdb_load(const char *filename, int flags) {
    int fd = open(filename, O_RDONLY);
    if (fd < 0) return -1;
    struct stat st;
    if (fstat(fd, &st) < 0) st.st_size = 0;
    rdb_loading_start((long long)st.st_size);
    struct rdb_r r;
    rdbr_init_fd(&r, fd);
    int rc = rdb_load_from(&r, flags);
    int e = errno;
    rdbr_free(&r);
    close(fd);
    rdb_loading_stop();
    if (rc < 0 && e == EIO && !srv.current) {
        /* A short or corrupt file at start-up: stop rather than run on half a data
         * set. (DEBUG RELOAD gets an error reply instead, as in Redis.) */
        log_warning("Terminating server after rdb file reading failure.");
        exit(1);
    }
    errno = e;
    return rc;
}

void rdb_load_at_startup(void) {
    long long start = ae_now_us();
    errno = 0;
    if (rdb_load(cfg.dbfilename, RDB_LOAD_NONE) == 0) {
        log_notice("DB loaded from disk: %.3f seconds", (double)(ae_now_us() - start) / 1000000);
    } else if (errno != ENOENT) {
        log_warning("Fatal error loading the DB: %s. Exiting.", strerror(errno));
        exit(1);
    }
}

/* ------------------------------------------------------ shutdown, FLUSHALL */

int rdb_shutdown(int flags) {
    if (child_type() == CHILD_RDB) {
        log_warning("There is a child saving an .rdb. Killing it!");
        pid_t pid = child_pid();
        child_kill(0);
        remove_temp_file(pid);
        info_close();
        rdbst.child_pid = -1;
        rdbst.save_time_start = -1;
    }
    if ((cfg.nsave > 0 && !(flags & SHUTDOWN_NOSAVE)) || (flags & SHUTDOWN_SAVE)) {
        log_notice("Saving the final RDB snapshot before exiting.");
        if (rdb_save(cfg.dbfilename, RDB_SAVE_NONE) < 0) {
            if (flags & SHUTDOWN_FORCE) {
                log_warning("Error trying to save the DB. Exit anyway.");
            } else {
                log_warning("Error trying to save the DB, can't exit.");
                return -1;
            }
        }
    }
    return 0;
}

void rdb_after_flushall(void) {
    if (child_type() == CHILD_RDB) rdb_kill_child();
    if (cfg.nsave > 0) rdb_save(cfg.dbfilename, RDB_SAVE_NONE);
}

/* -------------------------------------------------------------------- INFO */

char *rdb_info_fields(void) {
    long long now = (long long)time(NULL);
    int in_progress = child_type() == CHILD_RDB;
    char *s = xmalloc(1024);
    double perc = rdbst.save_keys_total
                      ? (double)rdbst.save_keys_processed / (double)rdbst.save_keys_total * 100
                      : 0;
    long long age = rdbst.cow_updated_ms ? (ae_now_ms() - rdbst.cow_updated_ms) / 1000 : 0;
    snprintf(s, 1024,
             "current_cow_peak:%lld\r\n"
             "current_cow_size:%lld\r\n"
             "current_cow_size_age:%lld\r\n"
             "current_fork_perc:%.2f\r\n"
             "current_save_keys_processed:%lld\r\n"
             "current_save_keys_total:%lld\r\n"
             "rdb_changes_since_last_save:%lld\r\n"
             "rdb_bgsave_in_progress:%d\r\n"
             "rdb_last_save_time:%lld\r\n"
             "rdb_last_bgsave_status:%s\r\n"
             "rdb_last_bgsave_time_sec:%lld\r\n"
             "rdb_current_bgsave_time_sec:%lld\r\n"
             "rdb_saves:%lld\r\n"
             "rdb_last_cow_size:%lld\r\n"
             "rdb_last_load_keys_expired:%lld\r\n"
             "rdb_last_load_keys_loaded:%lld\r\n",
             rdbst.cow_peak, rdbst.cow_size, age, perc, rdbst.save_keys_processed,
             rdbst.save_keys_total, srv.dirty, in_progress, srv.last_save,
             rdbst.lastbgsave_status == 0 ? "ok" : "err", rdbst.save_time_last,
             in_progress ? now - rdbst.save_time_start : -1, rdbst.rdb_saves, rdbst.last_cow_size,
             rdbst.last_load_keys_expired, rdbst.last_load_keys_loaded);
    return s;
}

char *rdb_info_loading(void) {
    char *s = xmalloc(512);
    s[0] = '\0';
    if (!srv.loading) return s;
    double perc = 0;
    long long remaining = 1, total = rdbst.loading_total_bytes, done = rdbst.loading_loaded_bytes;
    if (total) {
        perc = (double)done / (double)total * 100;
        remaining = total - done;
    } else if (rdbst.loading_rdb_used_mem) {
        perc = (double)done / (double)rdbst.loading_rdb_used_mem * 100;
        remaining = rdbst.loading_rdb_used_mem - done;
        if (perc > 99.99) perc = 99.99;
        if (remaining < 1) remaining = 1;
    }
    long long elapsed = (long long)time(NULL) - rdbst.loading_start_time;
    long long eta = elapsed == 0 ? 1 : elapsed * remaining / (done + 1);
    snprintf(s, 512,
             "loading_start_time:%lld\r\n"
             "loading_total_bytes:%lld\r\n"
             "loading_rdb_used_mem:%lld\r\n"
             "loading_loaded_bytes:%lld\r\n"
             "loading_loaded_perc:%.2f\r\n"
             "loading_eta_seconds:%lld\r\n",
             rdbst.loading_start_time, total, rdbst.loading_rdb_used_mem, done, perc, eta);
    return s;
}

/* ---------------------------------------------------------------- commands */

static void save_cmd(struct client *c) {
    if (child_type() == CHILD_RDB) {
        reply_error(c, "Background save already in progress");
        return;
    }
    rdbst.rdb_saves++;
    if (rdb_save(cfg.dbfilename, RDB_SAVE_NONE) == 0)
        reply_ok(c);
    else
        reply_error(c, "-ERR");
}

static void bgsave_cmd(struct client *c) {
    int schedule = 0;
    if (c->argc > 1) {
        if (c->argc == 2 && !strcasecmp(c->argv[1].ptr, "schedule")) {
            schedule = 1;
        } else {
            reply_error_syntax(c);
            return;
        }
    }
    if (child_type() == CHILD_RDB) {
        reply_error(c, "Background save already in progress");
    } else if (child_type() != CHILD_NONE || srv.in_exec) {
        if (schedule || srv.in_exec) {
            rdbst.bgsave_scheduled = 1;
            reply_status(c, "Background saving scheduled");
        } else {
            reply_error(c, "Another child process is active (AOF?): can't BGSAVE right now. Use "
                           "BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.");
        }
    } else if (rdb_bgsave(cfg.dbfilename, RDB_SAVE_NONE) == 0) {
        reply_status(c, "Background saving started");
    } else {
        reply_error(c, "-ERR");
    }
}

struct command rdb_commands[] = {
    {.name = "save",
     .proc = save_cmd,
     .arity = 1,
     .flags = CMD_ADMIN | CMD_NOSCRIPT | CMD_NO_ASYNC_LOADING | CMD_NO_MULTI,
     .acl = ACL_ADMIN | ACL_SLOW | ACL_DANGEROUS,
     .group = "server",
     .since = "1.0.0",
     .complexity = "O(N) where N is the total number of keys in all databases",
     .summary = "Synchronously save the dataset to disk",
     .syntax = ""},
    {.name = "bgsave",
     .proc = bgsave_cmd,
     .arity = -1,
     .flags = CMD_ADMIN | CMD_NOSCRIPT | CMD_NO_ASYNC_LOADING,
     .acl = ACL_ADMIN | ACL_SLOW | ACL_DANGEROUS,
     .group = "server",
     .since = "1.0.0",
     .complexity = "O(1)",
     .summary = "Asynchronously save the dataset to disk",
     .syntax = "[SCHEDULE]"},
    {0},
};
