/* aof: append only file persistence (see aof.h for the layout and the flow).
 *
 * State invariants:
 *   - st.state is AOF_OFF, AOF_ON (fd is the last incr file of the manifest)
 *     or AOF_WAIT_REWRITE (turned on at run time: commands go to a temporary
 *     incr file while the child writes the first base; the done handler gives
 *     both their final names);
 *   - `man` mirrors the manifest on disk; every change is made on a copy that
 *     replaces it only once written (persist_manifest);
 *   - st.buf holds the commands not yet written; it is written before any
 *     reply leaves (aof_before_sleep runs before clients are flushed).
 * Files are named relative to the working directory, which is `dir`. */
#include "aof.h"
#include "ae.h"
#include "child.h"
#include "client.h"
#include "commands.h"
#include "config.h"
#include "db.h"
#include "functions.h"
#include "log.h"
#include "mem.h"
#include "rdb.h"
#include "propagate.h"
#include "reply.h"
#include "server.h"
#include "t_hash.h"
#include "t_list.h"
#include "t_set.h"
#include "quicklist.h"
#include "util.h"
#include "zset.h"
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#define ITEMS_PER_CMD     64   /* AOF_REWRITE_ITEMS_PER_CMD */
#define LINE_MAX_LEN      1024 /* AOF_ANNOTATION_LINE_MAX_LEN */
#define MANIFEST_MAX_LINE 1024
#define AUTOSYNC_BYTES    (4 * 1024 * 1024)

enum { LOAD_OK = 0, LOAD_NOT_EXIST, LOAD_EMPTY, LOAD_OPEN_ERR, LOAD_FAILED, LOAD_TRUNCATED };

/* ------------------------------------------------------------ manifest */

struct afile {
    char *name;
    long long seq;
    char type; /* 'b' 'h' 'i' */
};

struct manifest {
    struct afile *base; /* NULL: none */
    struct afile *incr, *hist;
    int nincr, nhist;
    long long base_seq, incr_seq;
    int dirty;
};

static struct {
    int state;
    int fd;
    int selected_db;
    char *buf;
    size_t len, cap;
    long long current_size, base_size, last_incr_size, last_incr_fsync_offset;
    long long last_fsync; /* unix seconds */
    long long flush_postponed_start;
    int rewrite_scheduled;
    long long rewrite_time_start, rewrite_time_last; /* seconds; -1 */
    int lastbgrewrite_ok, last_write_ok, last_write_errno;
    long long rewrites, consecutive_failures, delayed_fsync;
    long long cur_timestamp;
} st = {.fd = -1,
        .selected_db = -1,
        .rewrite_time_start = -1,
        .rewrite_time_last = -1,
        .lastbgrewrite_ok = 1,
        .last_write_ok = 1};

static struct manifest *man;
long long aof_flush_sleep_us;

size_t aof_buffer_mem(void) {
    return st.state == AOF_OFF ? 0 : st.cap;
}

static long long unixtime(void) {
    return srv.now_ms / 1000;
}

static char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
static char *fmt(const char *f, ...) {
    va_list ap;
    va_start(ap, f);
    char *s = NULL;
    if (vasprintf(&s, f, ap) < 0) abort();
    va_end(ap);
    char *r = xstrdup(s);
    free(s);
    return r;
}

static char *in_dir(const char *name) {
    return fmt("%s/%s", cfg.appenddirname, name);
}

static struct manifest *manifest_new(void) {
    return xcalloc(sizeof(struct manifest));
}

static void afile_copy(struct afile *dst, const struct afile *src) {
    dst->name = xstrdup(src->name);
    dst->seq = src->seq;
    dst->type = src->type;
}

static struct manifest *manifest_dup(const struct manifest *m) {
    struct manifest *d = manifest_new();
    *d = *m;
    if (m->base) {
        d->base = xmalloc(sizeof(struct afile));
        afile_copy(d->base, m->base);
    }
    d->incr = xmalloc(sizeof(struct afile) * (size_t)(m->nincr + 1));
    for (int i = 0; i < m->nincr; i++)
        afile_copy(&d->incr[i], &m->incr[i]);
    d->hist = xmalloc(sizeof(struct afile) * (size_t)(m->nhist + 1));
    for (int i = 0; i < m->nhist; i++)
        afile_copy(&d->hist[i], &m->hist[i]);
    return d;
}

static void manifest_free(struct manifest *m) {
    if (!m) return;
    if (m->base) xfree(m->base->name);
    xfree(m->base);
    for (int i = 0; i < m->nincr; i++)
        xfree(m->incr[i].name);
    for (int i = 0; i < m->nhist; i++)
        xfree(m->hist[i].name);
    xfree(m->incr);
    xfree(m->hist);
    xfree(m);
}

static void list_push(struct afile **arr, int *n, struct afile f, int at_head) {
    *arr = xrealloc(*arr, sizeof(struct afile) * (size_t)(*n + 1));
    if (at_head) {
        memmove(*arr + 1, *arr, sizeof(struct afile) * (size_t)*n);
        (*arr)[0] = f;
    } else {
        (*arr)[*n] = f;
    }
    (*n)++;
}

/* A file name as Redis writes it in the manifest: quoted with escapes when
 * it holds spaces, quotes or unprintable bytes. */
static void append_name(char **out, size_t *len, size_t *cap, const char *name) {
    int plain = 1;
    for (const char *p = name; *p; p++)
        if (!isprint((unsigned char)*p) || *p == ' ' || *p == '"' || *p == '\'' || *p == '\\')
            plain = 0;
    char tmp[8];
    const char *piece;
    size_t need = strlen(name) * 4 + 3;
    if (*len + need + 64 > *cap) {
        *cap = (*len + need + 64) * 2;
        *out = xrealloc(*out, *cap);
    }
    if (plain) {
        memcpy(*out + *len, name, strlen(name));
        *len += strlen(name);
        return;
    }
    (*out)[(*len)++] = '"';
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        switch (*p) {
        case '\\': piece = "\\\\"; break;
        case '"': piece = "\\\""; break;
        case '\n': piece = "\\n"; break;
        case '\r': piece = "\\r"; break;
        case '\t': piece = "\\t"; break;
        case '\a': piece = "\\a"; break;
        case '\b': piece = "\\b"; break;
        default:
            if (isprint(*p)) {
                tmp[0] = (char)*p;
                tmp[1] = '\0';
            } else {
                snprintf(tmp, sizeof(tmp), "\\x%02x", *p);
            }
            piece = tmp;
        }
        size_t pl = strlen(piece);
        memcpy(*out + *len, piece, pl);
        *len += pl;
    }
    (*out)[(*len)++] = '"';
}

static char *manifest_text(const struct manifest *m, size_t *outlen) {
    size_t len = 0, cap = 256;
    char *out = xmalloc(cap);
    const struct afile *order[3] = {m->base, m->hist, m->incr};
    int counts[3] = {m->base ? 1 : 0, m->nhist, m->nincr};
    for (int k = 0; k < 3; k++) {
        for (int i = 0; i < counts[k]; i++) {
            const struct afile *f = &order[k][i];
            if (len + 64 > cap) {
                cap *= 2;
                out = xrealloc(out, cap);
            }
            memcpy(out + len, "file ", 5);
            len += 5;
            append_name(&out, &len, &cap, f->name);
            len += (size_t)snprintf(out + len, cap - len, " seq %lld type %c\n", f->seq, f->type);
        }
    }
    *outlen = len;
    return out;
}

static int fsync_dir(const char *dir) {
    int fd = open(dir, O_RDONLY);
    if (fd == -1) return -1;
    int r = fsync(fd);
    close(fd);
    return r;
}

static int write_manifest(const struct manifest *m) {
    size_t len;
    char *text = manifest_text(m, &len);
    char *name = fmt("%s.manifest", cfg.appendfilename);
    char *tmpname = fmt("temp-%s.manifest", cfg.appendfilename);
    char *path = in_dir(name), *tmppath = in_dir(tmpname);
    int ret = -1;
    int fd = open(tmppath, O_WRONLY | O_TRUNC | O_CREAT, 0644);
    if (fd == -1) {
        log_warning("Can't open the AOF manifest file %s: %s", tmpname, strerror(errno));
        goto done;
    }
    size_t off = 0;
    while (off < len) {
        ssize_t n = write(fd, text + off, len - off);
        if (n < 0) {
            if (errno == EINTR) continue;
            log_warning("Error trying to write the temporary AOF manifest file %s: %s", tmpname,
                        strerror(errno));
            goto done;
        }
        off += (size_t)n;
    }
    if (fsync(fd) == -1) {
        log_warning("Fail to fsync the temp AOF file %s: %s.", tmpname, strerror(errno));
        goto done;
    }
    if (rename(tmppath, path) != 0) {
        log_warning("Error trying to rename the temporary AOF manifest file %s into %s: %s",
                    tmpname, name, strerror(errno));
        goto done;
    }
    if (fsync_dir(cfg.appenddirname) == -1) {
        log_warning("Fail to fsync AOF directory %s: %s.", path, strerror(errno));
        goto done;
    }
    ret = 0;
done:
    if (fd != -1) close(fd);
    xfree(text);
    xfree(name);
    xfree(tmpname);
    xfree(path);
    xfree(tmppath);
    return ret;
}

static int persist_manifest(struct manifest *m) {
    if (!m->dirty) return 0;
    if (write_manifest(m) < 0) return -1;
    m->dirty = 0;
    return 0;
}

/* Splits a manifest line like Redis's sdssplitargs (quotes, \xHH escapes).
 * Returns the count (up to max) or -1 on unbalanced quotes. */
static int split_args(char *line, char **argv, int max) {
    int n = 0;
    char *p = line;
    for (;;) {
        while (*p && isspace((unsigned char)*p))
            p++;
        if (!*p) return n;
        if (n == max) return -1;
        char *out = p, *start = p;
        if (*p == '"' || *p == '\'') {
            char q = *p++;
            for (;;) {
                if (!*p) return -1;
                if (q == '"' && *p == '\\' && p[1]) {
                    p++;
                    char ch = *p;
                    if (ch == 'x' && isxdigit((unsigned char)p[1]) &&
                        isxdigit((unsigned char)p[2])) {
                        char hex[3] = {p[1], p[2], 0};
                        ch = (char)strtol(hex, NULL, 16);
                        p += 2;
                    } else if (ch == 'n')
                        ch = '\n';
                    else if (ch == 'r')
                        ch = '\r';
                    else if (ch == 't')
                        ch = '\t';
                    else if (ch == 'b')
                        ch = '\b';
                    else if (ch == 'a')
                        ch = '\a';
                    *out++ = ch;
                    p++;
                } else if (*p == q) {
                    p++;
                    if (*p && !isspace((unsigned char)*p)) return -1;
                    break;
                } else {
                    *out++ = *p++;
                }
            }
            *out = '\0';
            argv[n++] = start;
            if (*p) p++;
        } else {
            while (*p && !isspace((unsigned char)*p))
                p++;
            int end = *p == '\0';
            *p = '\0';
            argv[n++] = start;
            if (end) return n;
            p++;
        }
    }
}

/* Reads a manifest; every problem is fatal, with Redis's log lines. */
static struct manifest *manifest_load(const char *path) {
    const char *err = NULL;
    long long maxseq = 0;
    struct manifest *m = manifest_new();
    FILE *fp = fopen(path, "r");
    if (!fp) {
        log_warning("Fatal error: can't open the AOF manifest file %s for reading: %s", path,
                    strerror(errno));
        exit(1);
    }
    char buf[MANIFEST_MAX_LINE + 1], line[MANIFEST_MAX_LINE + 1];
    int linenum = 0, have_line = 0;
    for (;;) {
        if (fgets(buf, sizeof(buf), fp) == NULL) {
            if (feof(fp)) {
                if (linenum == 0) {
                    err = "Found an empty AOF manifest";
                    goto loaderr;
                }
                break;
            }
            err = "Read AOF manifest failed";
            goto loaderr;
        }
        linenum++;
        if (buf[0] == '#') continue;
        if (!strchr(buf, '\n')) {
            err = "The AOF manifest file contains too long line";
            goto loaderr;
        }
        /* trim " \t\r\n" both ends */
        char *s = buf, *e = buf + strlen(buf);
        while (*s && strchr(" \t\r\n", *s))
            s++;
        while (e > s && strchr(" \t\r\n", e[-1]))
            e--;
        *e = '\0';
        snprintf(line, sizeof(line), "%s", s);
        have_line = 1;
        if (!*s) {
            err = "Invalid AOF manifest file format";
            goto loaderr;
        }
        char *argv[64];
        int argc = split_args(s, argv, 64);
        if (argc < 6 || argc % 2) {
            err = "Invalid AOF manifest file format";
            goto loaderr;
        }
        struct afile f = {0};
        for (int i = 0; i < argc; i += 2) {
            if (!strcasecmp(argv[i], "file")) {
                if (strchr(argv[i + 1], '/')) {
                    err = "File can't be a path, just a filename";
                    xfree(f.name);
                    goto loaderr;
                }
                xfree(f.name);
                f.name = xstrdup(argv[i + 1]);
            } else if (!strcasecmp(argv[i], "seq")) {
                f.seq = atoll(argv[i + 1]);
            } else if (!strcasecmp(argv[i], "type")) {
                f.type = argv[i + 1][0];
            }
        }
        if (!f.name || !f.seq || !f.type) {
            xfree(f.name);
            err = "Invalid AOF manifest file format";
            goto loaderr;
        }
        if (f.type == 'b') {
            if (m->base) {
                xfree(f.name);
                err = "Found duplicate base file information";
                goto loaderr;
            }
            m->base = xmalloc(sizeof(struct afile));
            *m->base = f;
            m->base_seq = f.seq;
        } else if (f.type == 'h') {
            list_push(&m->hist, &m->nhist, f, 0);
        } else if (f.type == 'i') {
            if (f.seq <= maxseq) {
                xfree(f.name);
                err = "Found a non-monotonic sequence number";
                goto loaderr;
            }
            list_push(&m->incr, &m->nincr, f, 0);
            m->incr_seq = f.seq;
            maxseq = f.seq;
        } else {
            xfree(f.name);
            err = "Unknown AOF file type";
            goto loaderr;
        }
        have_line = 0;
    }
    fclose(fp);
    return m;
loaderr:
    log_warning("\n*** FATAL AOF MANIFEST FILE ERROR ***\n");
    if (have_line) {
        log_warning("Reading the manifest file, at line %d\n", linenum);
        log_warning(">>> '%s'\n", line);
    }
    log_warning("%s\n", err);
    exit(1);
}

static int dir_exists(const char *d) {
    struct stat sb;
    return stat(d, &sb) == 0 && S_ISDIR(sb.st_mode);
}

static int file_exists(const char *f) {
    struct stat sb;
    return stat(f, &sb) == 0 && S_ISREG(sb.st_mode);
}

static int dir_create(const char *d) {
    if (mkdir(d, 0755) == -1 && errno != EEXIST) return -1;
    return 0;
}

static int use_preamble(void) {
    return cfg.aof_use_rdb_preamble;
}

/* New base name; the previous base becomes history. Returns the name (owned by m). */
static const char *new_base_name(struct manifest *m) {
    if (m->base) {
        m->base->type = 'h';
        list_push(&m->hist, &m->nhist, *m->base, 1);
        xfree(m->base);
        m->base = NULL;
    }
    m->base = xmalloc(sizeof(struct afile));
    m->base->seq = ++m->base_seq;
    m->base->type = 'b';
    m->base->name =
        fmt("%s.%lld.base.%s", cfg.appendfilename, m->base->seq, use_preamble() ? "rdb" : "aof");
    m->dirty = 1;
    return m->base->name;
}

static const char *new_incr_name(struct manifest *m) {
    struct afile f = {.seq = ++m->incr_seq, .type = 'i'};
    f.name = fmt("%s.%lld.incr.aof", cfg.appendfilename, f.seq);
    list_push(&m->incr, &m->nincr, f, 0);
    m->dirty = 1;
    return m->incr[m->nincr - 1].name;
}

static char *temp_incr_name(void) {
    return fmt("temp-%s.incr", cfg.appendfilename);
}

static const char *last_incr_name(struct manifest *m) {
    if (!m->nincr) return new_incr_name(m);
    return m->incr[m->nincr - 1].name;
}

/* After a rewrite: every incr file but the one being written becomes history. */
static void incr_to_history(struct manifest *m) {
    int keep = st.fd != -1 && m->nincr > 0 ? 1 : 0;
    int n = m->nincr - keep;
    for (int i = n - 1; i >= 0; i--) {
        struct afile f = m->incr[i];
        f.type = 'h';
        list_push(&m->hist, &m->nhist, f, 1);
    }
    memmove(m->incr, m->incr + n, sizeof(struct afile) * (size_t)keep);
    m->nincr = keep;
    m->dirty = 1;
}

/* ------------------------------------------------------------ background jobs */

enum { JOB_FSYNC, JOB_CLOSE, JOB_UNLINK };
struct job {
    int type, fd;
    char *path;
    struct job *next;
};
static pthread_mutex_t jlock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t jcond = PTHREAD_COND_INITIALIZER, jidle = PTHREAD_COND_INITIALIZER;
static struct job *jhead, *jtail;
static int jfsync_pending, jpending, jstarted;
static int bio_fsync_failed;

static void *job_thread(void *arg) {
    sigset_t set;
    sigfillset(&set);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    pthread_mutex_lock(&jlock);
    for (;;) {
        while (!jhead)
            pthread_cond_wait(&jcond, &jlock);
        struct job *j = jhead;
        jhead = j->next;
        if (!jhead) jtail = NULL;
        pthread_mutex_unlock(&jlock);
        if (j->type == JOB_FSYNC) {
            if (fdatasync(j->fd) == -1 && errno != EBADF && errno != EINVAL) {
                log_warning("Fail to fsync the AOF file: %s", strerror(errno));
                __atomic_store_n(&bio_fsync_failed, 1, __ATOMIC_RELAXED);
            }
        } else if (j->type == JOB_CLOSE) {
            fdatasync(j->fd);
            close(j->fd);
        } else {
            unlink(j->path);
            xfree(j->path);
        }
        pthread_mutex_lock(&jlock);
        if (j->type == JOB_FSYNC) jfsync_pending--;
        jpending--;
        if (!jpending) pthread_cond_broadcast(&jidle);
        xfree(j);
    }
    return NULL;
}

static void job_add(int type, int fd, char *path) {
    if (!jstarted) {
        pthread_t t;
        pthread_create(&t, NULL, job_thread, NULL);
        pthread_detach(t);
        jstarted = 1;
    }
    struct job *j = xcalloc(sizeof(*j));
    j->type = type;
    j->fd = fd;
    j->path = path;
    pthread_mutex_lock(&jlock);
    if (jtail)
        jtail->next = j;
    else
        jhead = j;
    jtail = j;
    jpending++;
    if (type == JOB_FSYNC) jfsync_pending++;
    pthread_cond_signal(&jcond);
    pthread_mutex_unlock(&jlock);
}

static int fsync_in_progress(void) {
    pthread_mutex_lock(&jlock);
    int n = jfsync_pending;
    pthread_mutex_unlock(&jlock);
    return n != 0;
}

static void jobs_wait_idle(void) {
    pthread_mutex_lock(&jlock);
    while (jpending)
        pthread_cond_wait(&jidle, &jlock);
    pthread_mutex_unlock(&jlock);
}

static void bg_unlink(char *path) {
    job_add(JOB_UNLINK, -1, path); /* takes path */
}

/* ------------------------------------------------------------ writing */

static void buf_append(const char *p, size_t n) {
    if (st.len + n > st.cap) {
        st.cap = (st.len + n) * 2 + 256;
        st.buf = xrealloc(st.buf, st.cap);
    }
    memcpy(st.buf + st.len, p, n);
    st.len += n;
}

static void buf_command(int argc, const struct str *argv) {
    size_t n = propagate_encode(NULL, argc, argv);
    if (st.len + n > st.cap) {
        st.cap = (st.len + n) * 2 + 256;
        st.buf = xrealloc(st.buf, st.cap);
    }
    propagate_encode(st.buf + st.len, argc, argv);
    st.len += n;
}

static void timestamp_annotation(int force, char *out, size_t cap) {
    out[0] = '\0';
    if (force || st.cur_timestamp < unixtime()) {
        st.cur_timestamp = force ? (long long)time(NULL) : unixtime();
        snprintf(out, cap, "#TS:%lld\r\n", st.cur_timestamp);
    }
}

void aof_feed(int dbid, int argc, const struct str *argv) {
    if (st.state == AOF_OFF) return;
    /* While waiting for the first rewrite, commands only matter if that
     * rewrite's child runs (they go to the temporary incr file). */
    if (st.state == AOF_WAIT_REWRITE && child_type() != CHILD_AOF) return;
    if (cfg.aof_timestamp_enabled) {
        char ts[64];
        timestamp_annotation(0, ts, sizeof(ts));
        if (ts[0]) buf_append(ts, strlen(ts));
    }
    if (dbid != st.selected_db) {
        char num[24];
        struct str sel[2] = {{"SELECT", 6}, {num, (size_t)ll2str(num, sizeof(num), dbid)}};
        buf_command(2, sel);
        st.selected_db = dbid;
    }
    buf_command(argc, argv);
}

static ssize_t write_all(int fd, const char *p, size_t len) {
    ssize_t tot = 0;
    while (len) {
        ssize_t n = write(fd, p, len);
        if (n < 0) {
            if (errno == EINTR) continue;
            return tot ? tot : -1;
        }
        len -= (size_t)n;
        p += n;
        tot += n;
    }
    return tot;
}

static void aof_flush(int force) {
    int sync_in_progress = 0;
    if (st.fd == -1) return;
    if (st.len == 0) {
        if (cfg.appendfsync == AOF_FSYNC_EVERYSEC &&
            st.last_incr_fsync_offset != st.last_incr_size && unixtime() > st.last_fsync &&
            !(sync_in_progress = fsync_in_progress()))
            goto try_fsync;
        if (cfg.appendfsync == AOF_FSYNC_ALWAYS && st.last_incr_fsync_offset != st.last_incr_size)
            goto try_fsync;
        return;
    }
    if (cfg.appendfsync == AOF_FSYNC_EVERYSEC) sync_in_progress = fsync_in_progress();
    if (cfg.appendfsync == AOF_FSYNC_EVERYSEC && !force && sync_in_progress) {
        if (st.flush_postponed_start == 0) {
            st.flush_postponed_start = unixtime();
            return;
        } else if (unixtime() - st.flush_postponed_start < 2) {
            return;
        }
        st.delayed_fsync++;
        log_notice("Asynchronous AOF fsync is taking too long (disk is busy?). Writing the AOF "
                   "buffer without waiting for fsync to complete, this may slow down Redis.");
    }
    if (aof_flush_sleep_us && st.len) usleep((useconds_t)aof_flush_sleep_us);
    ssize_t n = write_all(st.fd, st.buf, st.len);
    st.flush_postponed_start = 0;
    if (n != (ssize_t)st.len) {
        static long long last_log;
        int can_log = unixtime() - last_log > 30;
        if (can_log) last_log = unixtime();
        if (n == -1) {
            if (can_log) log_warning("Error writing to the AOF file: %s", strerror(errno));
            st.last_write_errno = errno;
        } else {
            if (can_log)
                log_warning("Short write while writing to the AOF file: (nwritten=%lld, "
                            "expected=%lld)",
                            (long long)n, (long long)st.len);
            if (ftruncate(st.fd, st.last_incr_size) == -1) {
                if (can_log)
                    log_warning("Could not remove short write from the append-only file.  Redis "
                                "may refuse to load the AOF the next time it starts.  "
                                "ftruncate: %s",
                                strerror(errno));
            } else {
                n = -1;
            }
            st.last_write_errno = ENOSPC;
        }
        if (cfg.appendfsync == AOF_FSYNC_ALWAYS) {
            log_warning("Can't recover from AOF write error when the AOF fsync policy is "
                        "'always'. Exiting...");
            exit(1);
        }
        st.last_write_ok = 0;
        if (n > 0) {
            st.current_size += n;
            st.last_incr_size += n;
            memmove(st.buf, st.buf + n, st.len - (size_t)n);
            st.len -= (size_t)n;
        }
        return;
    }
    if (!st.last_write_ok) {
        log_warning("AOF write error looks solved, Redis can write again.");
        st.last_write_ok = 1;
    }
    st.current_size += n;
    st.last_incr_size += n;
    st.len = 0;
    if (st.cap > 64 * 1024) {
        xfree(st.buf);
        st.buf = NULL;
        st.cap = 0;
    }
try_fsync:
    if (cfg.no_appendfsync_on_rewrite && child_type() != CHILD_NONE) return;
    if (cfg.appendfsync == AOF_FSYNC_ALWAYS) {
        if (fdatasync(st.fd) == -1) {
            log_warning("Can't persist AOF for fsync error when the AOF fsync policy is "
                        "'always': %s. Exiting...",
                        strerror(errno));
            exit(1);
        }
        st.last_incr_fsync_offset = st.last_incr_size;
        st.last_fsync = unixtime();
    } else if (cfg.appendfsync == AOF_FSYNC_EVERYSEC && unixtime() > st.last_fsync) {
        if (!sync_in_progress) {
            job_add(JOB_FSYNC, st.fd, NULL);
            st.last_incr_fsync_offset = st.last_incr_size;
        }
        st.last_fsync = unixtime();
    }
}

void aof_before_sleep(void) {
    if (st.state != AOF_OFF) aof_flush(0);
}

/* ------------------------------------------------------------ base writer */

/* Writes RESP commands through an rdb_w (a buffered fd writer). */
static int w_count(struct rdb_w *w, char prefix, long long n) {
    char b[32];
    int l = snprintf(b, sizeof(b), "%c%lld\r\n", prefix, n);
    return rdbw_write(w, b, (size_t)l);
}

#define w_lit(w, lit) rdbw_write(w, lit, sizeof(lit) - 1)

static int w_bulk(struct rdb_w *w, const char *p, size_t n) {
    if (w_count(w, '$', (long long)n) < 0 || rdbw_write(w, p, n) < 0) return -1;
    return rdbw_write(w, "\r\n", 2);
}

static int w_bulk_ll(struct rdb_w *w, long long v) {
    char b[24];
    int n = ll2str(b, sizeof(b), v);
    return w_bulk(w, b, (size_t)n);
}

static int w_bulk_double(struct rdb_w *w, double d) {
    char b[64];
    int n = snprintf(b, sizeof(b), "%.17g", d);
    return w_bulk(w, b, (size_t)n);
}

/* Batches of up to ITEMS_PER_CMD elements: header written at each batch start. */
struct batch {
    struct rdb_w *w;
    const char *cmd, *key;
    size_t klen;
    long long items, count;
    int per_item; /* arguments per element (2 for ZADD/HSET) */
    int err;
};

static void batch_item_begin(struct batch *b) {
    if (b->count == 0) {
        long long n = b->items > ITEMS_PER_CMD ? ITEMS_PER_CMD : b->items;
        if (w_count(b->w, '*', 2 + n * b->per_item) < 0 ||
            w_bulk(b->w, b->cmd, strlen(b->cmd)) < 0 || w_bulk(b->w, b->key, b->klen) < 0)
            b->err = 1;
    }
}

static void batch_item_end(struct batch *b) {
    if (++b->count == ITEMS_PER_CMD) b->count = 0;
    b->items--;
}

static int list_item(void *ctx, const struct ql_entry *e) {
    struct batch *b = ctx;
    batch_item_begin(b);
    unsigned char ib[LONG_STR_SIZE];
    size_t len;
    const unsigned char *s = ql_entry_str(e, &len, ib);
    if (w_bulk(b->w, (const char *)s, len) < 0) b->err = 1;
    batch_item_end(b);
    return b->err;
}

static void set_item(void *arg, const char *s, size_t len) {
    struct batch *b = arg;
    if (b->err) return;
    batch_item_begin(b);
    if (w_bulk(b->w, s, len) < 0) b->err = 1;
    batch_item_end(b);
}

static void hash_item(void *arg, const char *f, size_t fl, const char *v, size_t vl) {
    struct batch *b = arg;
    if (b->err) return;
    batch_item_begin(b);
    if (w_bulk(b->w, f, fl) < 0 || w_bulk(b->w, v, vl) < 0) b->err = 1;
    batch_item_end(b);
}

static int write_key(struct rdb_w *w, struct kv *o) {
    size_t klen;
    const char *key = kv_key(o, &klen);
    struct batch b = {.w = w, .key = key, .klen = klen, .per_item = 1};
    switch (o->type) {
    case T_STRING: {
        char ib[LONG_STR_SIZE];
        size_t vl;
        const char *v = kv_str(o, &vl, ib);
        if (w_lit(w, "*3\r\n$3\r\nSET\r\n") < 0 || w_bulk(w, key, klen) < 0 || w_bulk(w, v, vl) < 0)
            return -1;
        break;
    }
    case T_LIST:
        b.cmd = "RPUSH";
        b.items = (long long)list_length(o);
        list_foreach(o, list_item, &b);
        break;
    case T_SET:
        b.cmd = "SADD";
        b.items = (long long)set_size(o);
        set_foreach(o, set_item, &b);
        break;
    case T_ZSET: {
        b.cmd = "ZADD";
        b.per_item = 2;
        struct zview v;
        zview_of(&v, o);
        b.items = (long long)zview_len(&v);
        struct ziter it;
        ziter_init(&it, &v);
        ziter_seek(&it, 0);
        while (it.valid && !b.err) {
            batch_item_begin(&b);
            if (w_bulk_double(w, it.score) < 0 || w_bulk(w, it.m, it.mlen) < 0) b.err = 1;
            batch_item_end(&b);
            ziter_next(&it);
        }
        ziter_release(&it);
        break;
    }
    case T_HASH:
        b.cmd = "HMSET";
        b.per_item = 2;
        b.items = (long long)hash_len(o);
        hash_foreach(o, hash_item, &b);
        break;
    default: return 0; /* streams: not in Mnemo */
    }
    if (b.err || w->err) return -1;
    long long exp = kv_expire(o);
    if (exp != -1) {
        if (w_lit(w, "*3\r\n$9\r\nPEXPIREAT\r\n") < 0 || w_bulk(w, key, klen) < 0 ||
            w_bulk_ll(w, exp) < 0)
            return -1;
    }
    return 0;
}

static int write_commands(struct rdb_w *w) {
    if (cfg.aof_timestamp_enabled) {
        char ts[64];
        timestamp_annotation(1, ts, sizeof(ts));
        if (rdbw_write(w, ts, strlen(ts)) < 0) return -1;
    }
    long pos = 0; /* function libraries first, as FUNCTION LOAD */
    const char *lname, *code;
    size_t code_len;
    while (functions_iter(&pos, &lname, &code, &code_len))
        if (w_lit(w, "*3\r\n$8\r\nFUNCTION\r\n$4\r\nLOAD\r\n") < 0 || w_bulk(w, code, code_len) < 0)
            return -1;
    for (int j = 0; j < srv.ndb; j++) {
        struct db *db = &srv.db[j];
        if (dict_size(&db->keys) == 0) continue;
        if (w_lit(w, "*2\r\n$6\r\nSELECT\r\n") < 0 || w_bulk_ll(w, j) < 0) return -1;
        struct dict_iter it;
        dict_iter_init(&it, &db->keys, 1);
        struct dnode *n;
        while ((n = dict_next(&it)) != NULL) {
            if (write_key(w, (struct kv *)n) < 0) {
                dict_iter_end(&it);
                return -1;
            }
            if (cfg.rdb_key_save_delay > 0) usleep((useconds_t)cfg.rdb_key_save_delay); /* tests */
        }
        dict_iter_end(&it);
    }
    return 0;
}

/* Writes the whole data set to filename (through a temp file + rename). */
static int rewrite_to(const char *filename) {
    char tmpfile[256];
    snprintf(tmpfile, sizeof(tmpfile), "temp-rewriteaof-%d.aof", (int)getpid());
    int fd = open(tmpfile, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd == -1) {
        log_warning("Opening the temp file for AOF rewrite in rewriteAppendOnlyFile(): %s",
                    strerror(errno));
        return -1;
    }
    struct rdb_w w;
    rdbw_init_fd(&w, fd);
    if (cfg.aof_rewrite_incremental_fsync) w.fsync_every = AUTOSYNC_BYTES;
    int rc;
    if (use_preamble()) {
        w.compress = cfg.rdbcompression;
        w.checksum = cfg.rdbchecksum;
        rc = rdb_save_to(&w, RDB_SAVE_AOF_PRE);
    } else {
        rc = write_commands(&w);
    }
    if (rc == 0) rc = rdbw_flush(&w);
    if (rc != 0 && w.err) errno = w.err;
    int saved = errno;
    rdbw_free(&w);
    if (rc == 0 && fsync(fd) == -1) rc = -1, saved = errno;
    if (close(fd) == -1 && rc == 0) rc = -1, saved = errno;
    if (rc != 0) {
        log_warning("Write error writing append only file on disk: %s", strerror(saved));
        unlink(tmpfile);
        return -1;
    }
    if (rename(tmpfile, filename) == -1) {
        log_warning("Error moving temp append only file on the final destination: %s",
                    strerror(errno));
        unlink(tmpfile);
        return -1;
    }
    return 0;
}

/* ------------------------------------------------------------ rewrite */

static int open_new_incr(void) {
    if (st.state == AOF_OFF) return 0;
    struct manifest *tmp = NULL;
    char *name;
    if (st.state == AOF_WAIT_REWRITE) {
        name = temp_incr_name();
    } else {
        tmp = manifest_dup(man);
        name = xstrdup(new_incr_name(tmp));
    }
    char *path = in_dir(name);
    int fd = open(path, O_WRONLY | O_TRUNC | O_CREAT, 0644);
    xfree(path);
    if (fd == -1) {
        log_warning("Can't open the append-only file %s: %s", name, strerror(errno));
        goto fail;
    }
    if (tmp && persist_manifest(tmp) < 0) goto fail;
    log_notice("Creating AOF incr file %s on background rewrite", name);
    xfree(name);
    if (st.fd != -1) {
        job_add(JOB_CLOSE, st.fd, NULL);
        st.last_fsync = unixtime();
    }
    st.fd = fd;
    st.last_incr_size = 0;
    st.last_incr_fsync_offset = 0;
    if (tmp) {
        manifest_free(man);
        man = tmp;
    }
    return 0;
fail:
    xfree(name);
    if (fd != -1) close(fd);
    manifest_free(tmp);
    return -1;
}

static void rewrite_done(int type, int ok, int by_signal);
static pid_t done_pid; /* the running (or just ended) rewrite child */

static int rewrite_background(void) {
    if (child_type() != CHILD_NONE) return -1;
    if (dir_create(cfg.appenddirname) == -1) {
        log_warning("Can't open or create append-only dir %s: %s", cfg.appenddirname,
                    strerror(errno));
        st.lastbgrewrite_ok = 0;
        return -1;
    }
    st.selected_db = -1;
    aof_flush(1);
    if (open_new_incr() < 0) {
        st.lastbgrewrite_ok = 0;
        return -1;
    }
    st.rewrites++;
    pid_t pid = child_fork(CHILD_AOF, rewrite_done);
    if (pid == 0) {
        log_set_role('C');
        char tmpfile[256];
        snprintf(tmpfile, sizeof(tmpfile), "temp-rewriteaof-bg-%d.aof", (int)getpid());
        if (rewrite_to(tmpfile) == 0) {
            log_notice("Successfully created the temporary AOF base file %s", tmpfile);
            child_exit(1);
        }
        child_exit(0);
    }
    if (pid == -1) {
        st.lastbgrewrite_ok = 0;
        log_warning("Can't rewrite append only file in background: fork: %s", strerror(errno));
        return -1;
    }
    done_pid = pid;
    log_notice("Background append only file rewriting started by pid %ld", (long)pid);
    st.rewrite_scheduled = 0;
    st.rewrite_time_start = (long long)time(NULL);
    return 0;
}

static void remove_temp_files(pid_t pid) {
    char tmp[256];
    snprintf(tmp, sizeof(tmp), "temp-rewriteaof-bg-%d.aof", (int)pid);
    bg_unlink(xstrdup(tmp));
    snprintf(tmp, sizeof(tmp), "temp-rewriteaof-%d.aof", (int)pid);
    bg_unlink(xstrdup(tmp));
}

static void del_history_files(void) {
    if (!man || cfg.aof_disable_auto_gc || !man->nhist) return;
    for (int i = 0; i < man->nhist; i++) {
        log_notice("Removing the history file %s in the background", man->hist[i].name);
        bg_unlink(in_dir(man->hist[i].name));
        xfree(man->hist[i].name);
    }
    man->nhist = 0;
    man->dirty = 1;
    persist_manifest(man);
}

static long long file_size(const char *name, int *status) {
    struct stat sb;
    char *path = in_dir(name);
    long long size;
    if (stat(path, &sb) == -1) {
        if (status) *status = errno == ENOENT ? LOAD_NOT_EXIST : LOAD_OPEN_ERR;
        log_warning("Unable to obtain the AOF file %s length. stat: %s", name, strerror(errno));
        size = 0;
    } else {
        if (status) *status = LOAD_OK;
        size = (long long)sb.st_size;
    }
    xfree(path);
    return size;
}

static void rewrite_done(int type, int ok, int by_signal) {
    pid_t pid = done_pid;
    if (ok) {
        char tmpfile[256];
        char *new_base_path = NULL, *new_incr_path = NULL;
        log_notice("Background AOF rewrite terminated with success");
        snprintf(tmpfile, sizeof(tmpfile), "temp-rewriteaof-bg-%d.aof", (int)pid);
        struct manifest *tmp = manifest_dup(man);
        const char *base = new_base_name(tmp);
        new_base_path = in_dir(base);
        if (rename(tmpfile, new_base_path) == -1) {
            log_warning("Error trying to rename the temporary AOF base file %s into %s: %s",
                        tmpfile, new_base_path, strerror(errno));
            manifest_free(tmp);
            xfree(new_base_path);
            st.lastbgrewrite_ok = 0;
            st.consecutive_failures++;
            goto cleanup;
        }
        log_notice("Successfully renamed the temporary AOF base file %s into %s", tmpfile, base);
        if (st.state == AOF_WAIT_REWRITE) {
            char *tname = temp_incr_name();
            char *tpath = in_dir(tname);
            const char *iname = new_incr_name(tmp);
            new_incr_path = in_dir(iname);
            if (rename(tpath, new_incr_path) == -1) {
                log_warning("Error trying to rename the temporary AOF incr file %s into %s: %s",
                            tpath, new_incr_path, strerror(errno));
                bg_unlink(new_base_path);
                manifest_free(tmp);
                xfree(tpath);
                xfree(tname);
                xfree(new_incr_path);
                st.lastbgrewrite_ok = 0;
                st.consecutive_failures++;
                goto cleanup;
            }
            log_notice("Successfully renamed the temporary AOF incr file %s into %s", tname, iname);
            xfree(tpath);
            xfree(tname);
        }
        incr_to_history(tmp);
        if (persist_manifest(tmp) < 0) {
            bg_unlink(new_base_path);
            if (new_incr_path) bg_unlink(new_incr_path);
            manifest_free(tmp);
            st.lastbgrewrite_ok = 0;
            st.consecutive_failures++;
            goto cleanup;
        }
        xfree(new_base_path);
        xfree(new_incr_path);
        manifest_free(man);
        man = tmp;
        if (st.state != AOF_OFF) {
            st.current_size = file_size(man->base->name, NULL) + st.last_incr_size;
            st.base_size = st.current_size;
        }
        del_history_files();
        st.lastbgrewrite_ok = 1;
        st.consecutive_failures = 0;
        log_notice("Background AOF rewrite finished successfully");
        if (st.state == AOF_WAIT_REWRITE) st.state = AOF_ON;
    } else if (!by_signal) {
        st.lastbgrewrite_ok = 0;
        st.consecutive_failures++;
        log_warning("Background AOF rewrite terminated with error");
    } else {
        /* Our own kills (SIGUSR1) skip this callback: any other signal is a failure. */
        st.lastbgrewrite_ok = 0;
        st.consecutive_failures++;
        log_warning("Background AOF rewrite terminated by signal");
    }
cleanup:
    remove_temp_files(pid);
    if (st.state == AOF_WAIT_REWRITE) {
        st.len = 0;
        char *t = temp_incr_name();
        log_notice("Removing the temp incr aof file %s in the background", t);
        bg_unlink(in_dir(t));
        xfree(t);
        /* the temporary incr file's descriptor is ours: close it */
        if (st.fd != -1) {
            close(st.fd);
            st.fd = -1;
        }
    }
    st.rewrite_time_last = (long long)time(NULL) - st.rewrite_time_start;
    st.rewrite_time_start = -1;
    if (st.state == AOF_WAIT_REWRITE) st.rewrite_scheduled = 1;
}

static void kill_rewrite_child(void) {
    if (child_type() != CHILD_AOF) return;
    log_notice("Killing running AOF rewrite child: %ld", (long)child_pid());
    pid_t pid = child_pid();
    child_kill(0);
    remove_temp_files(pid);
    st.rewrite_time_start = -1;
}

/* ------------------------------------------------------------ start/stop */

static void stop_aof(void) {
    aof_flush(1);
    if (st.fd != -1) {
        if (fdatasync(st.fd) == -1)
            log_warning("Fail to fsync the AOF file: %s", strerror(errno));
        else
            st.last_fsync = unixtime();
        close(st.fd);
    }
    st.fd = -1;
    st.selected_db = -1;
    st.state = AOF_OFF;
    st.rewrite_scheduled = 0;
    st.last_incr_size = 0;
    st.last_incr_fsync_offset = 0;
    kill_rewrite_child();
    st.len = 0;
}

static int start_aof(void) {
    st.state = AOF_WAIT_REWRITE;
    if (child_type() != CHILD_NONE && child_type() != CHILD_AOF) {
        st.rewrite_scheduled = 1;
        log_warning("AOF was enabled but there is already another background operation. An AOF "
                    "background was scheduled to start when possible.");
    } else if (srv.in_exec) {
        st.rewrite_scheduled = 1;
        log_warning("AOF was enabled during a transaction. An AOF background was scheduled to "
                    "start when possible.");
    } else {
        if (child_type() == CHILD_AOF) {
            log_warning("AOF was enabled but there is already an AOF rewriting in background. "
                        "Stopping background AOF and starting a rewrite now.");
            kill_rewrite_child();
        }
        if (rewrite_background() < 0) {
            st.state = AOF_OFF;
            log_warning("Redis needs to enable the AOF but can't trigger a background AOF "
                        "rewrite operation. Check the above logs for more info about the error.");
            return -1;
        }
    }
    st.last_fsync = unixtime();
    if (__atomic_load_n(&bio_fsync_failed, __ATOMIC_RELAXED)) {
        log_warning("AOF reopen, just ignore the AOF fsync error in bio job");
        __atomic_store_n(&bio_fsync_failed, 0, __ATOMIC_RELAXED);
    }
    if (!st.last_write_ok) {
        log_warning("AOF reopen, just ignore the last error.");
        st.last_write_ok = 1;
    }
    return 0;
}

int aof_apply_config(const char **err) {
    if (cfg.appendonly && st.state == AOF_OFF) {
        if (start_aof() < 0) {
            *err = "Unable to turn on AOF. Check server logs.";
            cfg.appendonly = 0;
            return 0;
        }
    } else if (!cfg.appendonly && st.state != AOF_OFF) {
        stop_aof();
    }
    return 1;
}

const char *aof_write_denied(void) {
    static char msg[256];
    if (st.state == AOF_OFF) return NULL;
    if (st.last_write_ok && !__atomic_load_n(&bio_fsync_failed, __ATOMIC_RELAXED)) return NULL;
    snprintf(msg, sizeof(msg), "-MISCONF Errors writing to the AOF file: %s",
             strerror(st.last_write_errno));
    return msg;
}

int aof_apply_gc_config(const char **err) {
    del_history_files();
    return 1;
}

int aof_state(void) {
    return st.state;
}

int aof_rewrite_scheduled(void) {
    return st.rewrite_scheduled;
}

void aof_schedule_rewrite(void) {
    st.rewrite_scheduled = 1;
}

/* Repeated failures delay the automatic retries (1, 2, 4 ... 60 minutes). */
static int rewrite_limited(void) {
    static long long next_delay, next_time;
    if (st.consecutive_failures < 3) {
        next_delay = next_time = 0;
        return 0;
    }
    if (next_time) {
        if (unixtime() < next_time) return 1;
        next_time = 0;
        return 0;
    }
    next_delay = next_delay ? next_delay * 2 : 1;
    if (next_delay > 60) next_delay = 60;
    next_time = unixtime() + next_delay * 60;
    log_warning("Background AOF rewrite has repeatedly failed and triggered the limit, will retry "
                "in %lld minutes",
                next_delay);
    return 1;
}

void aof_start_scheduled_rewrite(void) {
    if (child_type() == CHILD_NONE && st.rewrite_scheduled && !rewrite_limited())
        rewrite_background();
}

void aof_cron(void) {
    child_check();
    aof_start_scheduled_rewrite();
    if (st.state == AOF_ON && child_type() == CHILD_NONE && cfg.auto_aof_rewrite_percentage &&
        st.current_size > cfg.auto_aof_rewrite_min_size) {
        long long base = st.base_size ? st.base_size : 1;
        long long growth = st.current_size * 100 / base - 100;
        if (growth >= cfg.auto_aof_rewrite_percentage && !rewrite_limited()) {
            log_notice("Starting automatic rewriting of AOF on %lld%% growth", growth);
            rewrite_background();
        }
    }
    if (st.state != AOF_OFF && st.flush_postponed_start) aof_flush(0);
    static long long last_retry;
    if (st.state != AOF_OFF && !st.last_write_ok && unixtime() != last_retry) {
        last_retry = unixtime();
        aof_flush(0);
    }
}

int aof_shutdown(int force) {
    /* A child that already ended is handled first: a long script can keep the
     * cron from reaping it, and a finished first rewrite means there is an AOF
     * to exit with. */
    if (child_type() != CHILD_NONE) child_check();
    if (child_type() == CHILD_AOF) {
        if (st.state == AOF_WAIT_REWRITE) {
            if (force) {
                log_warning("Writing initial AOF. Exit anyway.");
            } else {
                log_warning("Writing initial AOF, can't exit.");
                return -1;
            }
        }
        log_warning("There is a child rewriting the AOF. Killing it!");
        kill_rewrite_child();
    }
    if (st.state != AOF_OFF) {
        log_notice("Calling fsync() on the AOF file.");
        aof_flush(1);
        if (st.fd != -1 && fdatasync(st.fd) == -1)
            log_warning("Fail to fsync the AOF file: %s.", strerror(errno));
    }
    jobs_wait_idle();
    return 0;
}

/* ------------------------------------------------------------ loading */

struct loaded_cmd {
    int argc;
    struct str *argv;
};

static void free_argv(int argc, struct str *argv) {
    for (int i = 0; i < argc; i++)
        xfree(argv[i].ptr);
    xfree(argv);
}

/* Runs one command on the loading client; 0 ok, -1 unknown command. */
static int replay(struct client *fc, int argc, struct str *argv, const char *filename) {
    fc->argc = argc;
    fc->argv = argv;
    struct command *cmd = cmd_lookup_argv(fc);
    int arity_ok = cmd && (cmd->arity > 0 ? argc == cmd->arity : argc >= -cmd->arity);
    if (!cmd || !cmd->proc || !arity_ok) {
        log_warning("Unknown command '%s' reading the append only file %s", argv[0].ptr, filename);
        fc->argv = NULL;
        fc->argc = 0;
        return -1;
    }
    fc->cmd = fc->lastcmd = cmd;
    struct client *prev = srv.current;
    srv.current = fc;
    cmd->proc(fc);
    srv.current = prev;
    fc->ob_len = 0;
    fc->argv = NULL;
    fc->argc = 0;
    return 0;
}

static int load_one(const char *filename, int old_style) {
    char *path = old_style ? xstrdup(filename) : in_dir(filename);
    int ret = LOAD_OK;
    long long valid_up_to = 0, valid_before_multi = 0;
    struct loaded_cmd *queue = NULL;
    int nqueue = 0, in_multi = 0;
    FILE *fp = fopen(path, "r");
    if (!fp) {
        int en = errno;
        struct stat sb;
        if (stat(path, &sb) == 0 || errno != ENOENT) {
            log_warning("Fatal error: can't open the append log file %s for reading: %s", filename,
                        strerror(en));
            xfree(path);
            return LOAD_OPEN_ERR;
        }
        log_warning("The append log file %s doesn't exist: %s", filename, strerror(errno));
        xfree(path);
        return LOAD_NOT_EXIST;
    }
    struct stat sb;
    if (fstat(fileno(fp), &sb) != -1 && sb.st_size == 0) {
        fclose(fp);
        xfree(path);
        return LOAD_EMPTY;
    }
    struct client *fc = client_create_fake();
    char sig[5];
    if (fread(sig, 1, 5, fp) != 5 || memcmp(sig, "REDIS", 5) != 0) {
        if (fseek(fp, 0, SEEK_SET) == -1) goto readerr;
    } else {
        if (old_style)
            log_notice("Reading RDB preamble from AOF file...");
        else
            log_notice("Reading RDB base file on AOF loading...");
        struct rdb_r r;
        int fd = fileno(fp);
        int ok = 0;
        if (lseek(fd, 0, SEEK_SET) == 0) {
            rdbr_init_fd(&r, fd);
            ok = rdb_load_from(&r, RDB_LOAD_AOF_PRE) == 0;
            long long consumed = r.total;
            rdbr_free(&r);
            if (ok && fseeko(fp, consumed, SEEK_SET) == -1) ok = 0;
        }
        if (!ok) {
            if (old_style)
                log_warning("Error reading the RDB preamble of the AOF file %s, AOF loading "
                            "aborted",
                            filename);
            else
                log_warning("Error reading the RDB base file %s, AOF loading aborted", filename);
            goto readerr;
        }
        if (old_style) log_notice("Reading the remaining AOF tail...");
    }
    for (long loops = 1;; loops++) {
        char buf[LINE_MAX_LEN];
        if (loops % 1024 == 0) rdb_loading_events(); /* as Redis: every 1024 commands */
        if (fgets(buf, sizeof(buf), fp) == NULL) {
            if (feof(fp)) break;
            goto readerr;
        }
        if (buf[0] == '#') continue;
        if (buf[0] != '*') goto fmterr;
        if (buf[1] == '\0') goto readerr;
        int argc = atoi(buf + 1);
        if (argc < 1) goto fmterr;
        struct str *argv = xcalloc(sizeof(struct str) * (size_t)argc);
        int j;
        for (j = 0; j < argc; j++) {
            char *res = fgets(buf, sizeof(buf), fp);
            if (res == NULL || buf[0] != '$') {
                free_argv(j, argv);
                if (res == NULL) goto readerr;
                goto fmterr;
            }
            long len = strtol(buf + 1, NULL, 10);
            if (len < 0) {
                free_argv(j, argv);
                goto fmterr;
            }
            char *a = xmalloc((size_t)len + 1);
            if (len && fread(a, (size_t)len, 1, fp) == 0) {
                xfree(a);
                free_argv(j, argv);
                goto readerr;
            }
            a[len] = '\0';
            argv[j].ptr = a;
            argv[j].len = (size_t)len;
            char crlf[2];
            if (fread(crlf, 2, 1, fp) == 0) {
                free_argv(j + 1, argv);
                goto readerr;
            }
        }
        if (str_eq_nocase(argv[0].ptr, argv[0].len, "multi") && argc == 1) {
            valid_before_multi = valid_up_to;
            in_multi = 1;
            free_argv(argc, argv);
        } else if (str_eq_nocase(argv[0].ptr, argv[0].len, "exec") && argc == 1 && in_multi) {
            srv.in_exec = 1;
            int bad = 0;
            for (int q = 0; q < nqueue && !bad; q++)
                if (replay(fc, queue[q].argc, queue[q].argv, filename) < 0) bad = 1;
            srv.in_exec = 0;
            for (int q = 0; q < nqueue; q++)
                free_argv(queue[q].argc, queue[q].argv);
            nqueue = 0;
            in_multi = 0;
            free_argv(argc, argv);
            if (bad) {
                ret = LOAD_FAILED;
                goto cleanup;
            }
        } else if (in_multi) {
            queue = xrealloc(queue, sizeof(*queue) * (size_t)(nqueue + 1));
            queue[nqueue].argc = argc;
            queue[nqueue].argv = argv;
            nqueue++;
        } else {
            int r = replay(fc, argc, argv, filename);
            free_argv(argc, argv);
            if (r < 0) {
                ret = LOAD_FAILED;
                goto cleanup;
            }
        }
        valid_up_to = (long long)ftello(fp);
        if (cfg.key_load_delay > 0) usleep((useconds_t)cfg.key_load_delay); /* tests */
    }
    if (in_multi) {
        log_warning("Revert incomplete MULTI/EXEC transaction in AOF file %s", filename);
        valid_up_to = valid_before_multi;
        goto uxeof;
    }
    goto cleanup;

readerr:
    if (!feof(fp)) {
        log_warning("Unrecoverable error reading the append only file %s: %s", filename,
                    strerror(errno));
        ret = LOAD_FAILED;
        goto cleanup;
    }
uxeof:
    if (cfg.aof_load_truncated) {
        log_warning("!!! Warning: short read while loading the AOF file %s!!!", filename);
        log_warning("!!! Truncating the AOF %s at offset %llu !!!", filename,
                    (unsigned long long)valid_up_to);
        if (truncate(path, valid_up_to) == -1) {
            log_warning("Error truncating the AOF file %s: %s", filename, strerror(errno));
        } else {
            log_warning("AOF %s loaded anyway because aof-load-truncated is enabled", filename);
            ret = LOAD_TRUNCATED;
            goto cleanup;
        }
    }
    log_warning("Unexpected end of file reading the append only file %s. You can: 1) Make a "
                "backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>. "
                "2) Alternatively you can set the 'aof-load-truncated' configuration option to "
                "yes and restart the server.",
                filename);
    ret = LOAD_FAILED;
    goto cleanup;
fmterr:
    log_warning("Bad file format reading the append only file %s: make a backup of your AOF "
                "file, then use ./redis-check-aof --fix <filename.manifest>",
                filename);
    ret = LOAD_FAILED;
cleanup:
    for (int q = 0; q < nqueue; q++)
        free_argv(queue[q].argc, queue[q].argv);
    xfree(queue);
    client_free(fc);
    fclose(fp);
    xfree(path);
    return ret;
}

/* An old single-file AOF in dir: moved into the directory as the base. */
static void upgrade_prepare(struct manifest *m) {
    if (dir_create(cfg.appenddirname) == -1) {
        log_warning("Can't open or create append-only dir %s: %s", cfg.appenddirname,
                    strerror(errno));
        exit(1);
    }
    if (m->base) {
        xfree(m->base->name);
        xfree(m->base);
    }
    m->base = xmalloc(sizeof(struct afile));
    m->base->name = xstrdup(cfg.appendfilename);
    m->base->seq = 1;
    m->base->type = 'b';
    m->base_seq = 1;
    m->dirty = 1;
    if (persist_manifest(m) < 0) exit(1);
    char *dst = in_dir(cfg.appendfilename);
    if (rename(cfg.appendfilename, dst) == -1) {
        log_warning("Error trying to move the old AOF file %s into dir %s: %s", cfg.appendfilename,
                    cfg.appenddirname, strerror(errno));
        exit(1);
    }
    xfree(dst);
    log_notice("Successfully migrated an old-style AOF file (%s) into the AOF directory (%s).",
               cfg.appendfilename, cfg.appenddirname);
}

static int load_all(struct manifest *m) {
    if (file_exists(cfg.appendfilename)) {
        char *inside = in_dir(cfg.appendfilename);
        int in_exists = file_exists(inside);
        xfree(inside);
        if (!dir_exists(cfg.appenddirname) || (!m->base && m->nincr == 0) ||
            (m->base && m->nincr == 0 && !strcmp(m->base->name, cfg.appendfilename) && !in_exists))
            upgrade_prepare(m);
    }
    if (!m->base && m->nincr == 0) return LOAD_NOT_EXIST;
    int total = (m->base ? 1 : 0) + m->nincr, num = 0, status = LOAD_OK;
    long long total_size = 0, base_size = 0;
    if (m->base) {
        total_size += file_size(m->base->name, &status);
        if (status != LOAD_OK) return status == LOAD_NOT_EXIST ? LOAD_FAILED : status;
    }
    for (int i = 0; i < m->nincr; i++) {
        total_size += file_size(m->incr[i].name, &status);
        if (status != LOAD_OK) return status == LOAD_NOT_EXIST ? LOAD_FAILED : status;
    }
    if (total_size == 0) return LOAD_EMPTY;
    int ret = LOAD_OK;
    rdb_loading_start(total_size);
    if (m->base) {
        const char *name = m->base->name;
        base_size = file_size(name, NULL);
        int last = ++num == total;
        long long start = ae_now_us();
        ret = load_one(name, 0);
        if (ret == LOAD_OK || (ret == LOAD_TRUNCATED && last))
            log_notice("DB loaded from base file %s: %.3f seconds", name,
                       (double)(ae_now_us() - start) / 1e6);
        if (ret == LOAD_TRUNCATED && !last) {
            ret = LOAD_FAILED;
            log_warning("Fatal error: the truncated file is not the last file");
        }
        if (ret == LOAD_OPEN_ERR || ret == LOAD_FAILED) goto done;
    }
    for (int i = 0; i < m->nincr; i++) {
        const char *name = m->incr[i].name;
        int last = ++num == total;
        long long start = ae_now_us();
        ret = load_one(name, 0);
        if (ret == LOAD_OK || (ret == LOAD_TRUNCATED && last))
            log_notice("DB loaded from incr file %s: %.3f seconds", name,
                       (double)(ae_now_us() - start) / 1e6);
        if (ret == LOAD_EMPTY) ret = LOAD_OK;
        if (ret == LOAD_TRUNCATED && !last) {
            ret = LOAD_FAILED;
            log_warning("Fatal error: the truncated file is not the last file");
        }
        if (ret == LOAD_OPEN_ERR || ret == LOAD_FAILED) goto done;
    }
    st.current_size = total_size;
    st.base_size = base_size;
done:
    rdb_loading_stop();
    return ret;
}

static void load_manifest_from_disk(void) {
    manifest_free(man);
    man = manifest_new();
    if (!dir_exists(cfg.appenddirname)) return;
    char *name = fmt("%s.manifest", cfg.appendfilename);
    char *path = in_dir(name);
    if (file_exists(path)) {
        manifest_free(man);
        man = manifest_load(path);
    }
    xfree(name);
    xfree(path);
}

/* With appendonly yes at start: create a base for an empty data set, open
 * the last incr file (or a new one), persist the manifest. */
static void open_on_start(void) {
    if (dir_create(cfg.appenddirname) == -1) {
        log_warning("Can't open or create append-only dir %s: %s", cfg.appenddirname,
                    strerror(errno));
        exit(1);
    }
    int had_incr = man->nincr;
    if (!man->base && !man->nincr) {
        const char *base = new_base_name(man);
        char *path = in_dir(base);
        if (rewrite_to(path) < 0) exit(1);
        xfree(path);
        log_notice("Creating AOF base file %s on server start", base);
    }
    const char *name = last_incr_name(man);
    char *path = in_dir(name);
    st.fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0644);
    xfree(path);
    if (st.fd == -1) {
        log_warning("Can't open the append-only file %s: %s", name, strerror(errno));
        exit(1);
    }
    if (persist_manifest(man) < 0) exit(1);
    st.last_incr_size = file_size(name, NULL);
    st.last_incr_fsync_offset = st.last_incr_size;
    if (had_incr)
        log_notice("Opening AOF incr file %s on server start", name);
    else
        log_notice("Creating AOF incr file %s on server start", name);
}

int aof_startup(void) {
    load_manifest_from_disk();
    if (!cfg.appendonly) return 0;
    st.state = AOF_ON;
    long long start = ae_now_us();
    int ret = load_all(man);
    if (ret == LOAD_FAILED || ret == LOAD_OPEN_ERR) exit(1);
    if (ret != LOAD_NOT_EXIST)
        log_notice("DB loaded from append only file: %.3f seconds",
                   (double)(ae_now_us() - start) / 1e6);
    open_on_start();
    del_history_files();
    st.last_fsync = unixtime();
    return 1;
}

void aof_debug_loadaof(struct client *c) {
    if (st.state != AOF_OFF) aof_flush(1);
    for (int i = 0; i < srv.ndb; i++)
        db_flush(&srv.db[i], 0);
    functions_flush(); /* the AOF loads them again */
    load_manifest_from_disk();
    del_history_files();
    /* The load serves other clients now and then: keep this one's input for later. */
    client_own_argv(c);
    c->flags |= CF_BLOCKED;
    int ret = load_all(man);
    c->flags &= ~CF_BLOCKED;
    if (ret != LOAD_OK && ret != LOAD_EMPTY) exit(1);
    srv.dirty = 0; /* nothing of this is propagated */
    log_warning("Append Only File loaded by DEBUG LOADAOF");
    reply_ok(c);
}

/* ------------------------------------------------------------ INFO */

void aof_info_fields(char *buf, size_t cap, int which) {
    if (which == AOF_INFO_MAIN) {
        snprintf(buf, cap,
                 "aof_enabled:%d\r\n"
                 "aof_rewrite_in_progress:%d\r\n"
                 "aof_rewrite_scheduled:%d\r\n"
                 "aof_last_rewrite_time_sec:%lld\r\n"
                 "aof_current_rewrite_time_sec:%lld\r\n"
                 "aof_last_bgrewrite_status:%s\r\n"
                 "aof_rewrites:%lld\r\n"
                 "aof_rewrites_consecutive_failures:%lld\r\n"
                 "aof_last_write_status:%s\r\n"
                 "aof_last_cow_size:0\r\n",
                 st.state != AOF_OFF, child_type() == CHILD_AOF, st.rewrite_scheduled,
                 st.rewrite_time_last,
                 child_type() != CHILD_AOF ? -1LL : (long long)time(NULL) - st.rewrite_time_start,
                 st.lastbgrewrite_ok ? "ok" : "err", st.rewrites, st.consecutive_failures,
                 st.last_write_ok && !__atomic_load_n(&bio_fsync_failed, __ATOMIC_RELAXED) ? "ok"
                                                                                           : "err");
    } else {
        buf[0] = '\0';
        if (st.state == AOF_OFF) return;
        pthread_mutex_lock(&jlock);
        int pend = jfsync_pending;
        pthread_mutex_unlock(&jlock);
        snprintf(buf, cap,
                 "aof_current_size:%lld\r\n"
                 "aof_base_size:%lld\r\n"
                 "aof_pending_rewrite:%d\r\n"
                 "aof_buffer_length:%zu\r\n"
                 "aof_pending_bio_fsync:%d\r\n"
                 "aof_delayed_fsync:%lld\r\n",
                 st.current_size, st.base_size, st.rewrite_scheduled, st.len, pend,
                 st.delayed_fsync);
    }
}

/* ------------------------------------------------------------ command */

static void bgrewriteaof_cmd(struct client *c) {
    if (child_type() == CHILD_AOF) {
        reply_error(c, "Background append only file rewriting already in progress");
    } else if (child_type() != CHILD_NONE || srv.in_exec) {
        st.rewrite_scheduled = 1;
        st.consecutive_failures = 0;
        reply_status(c, "Background append only file rewriting scheduled");
    } else if (rewrite_background() == 0) {
        reply_status(c, "Background append only file rewriting started");
    } else {
        reply_error(c, "Can't execute an AOF background rewriting. Please check the server logs "
                       "for more information.");
    }
}

struct command aof_commands[] = {
    {.name = "bgrewriteaof",
     .proc = bgrewriteaof_cmd,
     .arity = 1,
     .flags = CMD_NOSCRIPT | CMD_ADMIN | CMD_NO_ASYNC_LOADING,
     .acl = ACL_ADMIN | ACL_SLOW | ACL_DANGEROUS,
     .group = "server",
     .since = "1.0.0",
     .complexity = "O(1)",
     .summary = "Asynchronously rewrite the append-only file",
     .syntax = ""},
    {0},
};
