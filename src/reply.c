/* reply: appends RESP to c->ob. Growth is geometric; a client whose reply mode
 * is OFF/SKIP gets nothing appended. Fake clients (scripts) collect replies the
 * same way and their owner parses them. */
#include "reply.h"
#include "client.h"
#include "commands.h"
#include "mem.h"
#include "server.h"
#include "util.h"
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static inline int muted(struct client *c) {
    return c->flags & (CF_REPLY_OFF | CF_REPLY_SKIP);
}

static inline char *reserve(struct client *c, size_t n) {
    if (c->ob_len + n > c->ob_cap) {
        size_t cap = c->ob_cap ? c->ob_cap : 16 * 1024;
        while (cap < c->ob_len + n)
            cap *= 2;
        c->ob = xrealloc(c->ob, cap);
        c->ob_cap = cap;
    }
    if (!(c->flags & CF_PENDING_WRITE)) client_queue_write(c);
    return c->ob + c->ob_len;
}

void reply_raw(struct client *c, const char *p, size_t n) {
    if (muted(c)) return;
    char *d = reserve(c, n);
    memcpy(d, p, n);
    c->ob_len += n;
}

/* "<prefix><number>\r\n" */
static void reply_header(struct client *c, char prefix, long long n) {
    if (muted(c)) return;
    char *d = reserve(c, 32);
    d[0] = prefix;
    int l = ll2str(d + 1, 24, n);
    d[l + 1] = '\r';
    d[l + 2] = '\n';
    c->ob_len += (size_t)l + 3;
}

void reply_status(struct client *c, const char *s) {
    size_t n = strlen(s);
    if (muted(c)) return;
    char *d = reserve(c, n + 3);
    d[0] = '+';
    memcpy(d + 1, s, n);
    d[n + 1] = '\r';
    d[n + 2] = '\n';
    c->ob_len += n + 3;
}

void reply_ok(struct client *c) {
    reply_raw(c, "+OK\r\n", 5);
}

/* Counts the error in INFO errorstats and the failed-calls stats. */
void errorstats_incr(const char *code, size_t len);

/* total_error_replies and INFO errorstats for one error text. */
static void count_error(const char *err, size_t len) {
    int has_code = len > 0 && err[0] == '-';
    if (has_code) err++, len--;
    srv.stat.total_error_replies++;
    /* Like Redis: the code ends at a space within the first 32 bytes of "-CODE ...",
     * otherwise the error counts as ERR. */
    const char *sp = has_code ? memchr(err, ' ', len < 31 ? len : 31) : NULL;
    if (sp)
        errorstats_incr(err, (size_t)(sp - err));
    else
        errorstats_incr("ERR", 3);
}

void reply_count_error(const char *err) {
    count_error(err, strlen(err));
}

static void error_common(struct client *c, const char *err, size_t len, int stats) {
    if (srv.current == c && c->cmd) ((struct command *)c->cmd)->failed_calls++;
    if (stats) count_error(err, len);
    /* Like Redis: a text starting with '-' carries its own code, else "ERR " is added. */
    int has_code = len > 0 && err[0] == '-';
    if (has_code) err++, len--;
    if (muted(c)) return;
    char *d = reserve(c, len + 8);
    size_t o = 0;
    d[o++] = '-';
    if (!has_code) {
        memcpy(d + o, "ERR ", 4);
        o += 4;
    }
    for (size_t i = 0; i < len; i++)
        d[o++] = (err[i] == '\r' || err[i] == '\n') ? ' ' : err[i];
    d[o++] = '\r';
    d[o++] = '\n';
    c->ob_len += o;
}

void reply_error(struct client *c, const char *err) {
    error_common(c, err, strlen(err), 1);
}

void reply_error_no_stats(struct client *c, const char *err) {
    error_common(c, err, strlen(err), 0);
}

void reply_error_sanitized(struct client *c, const char *err, size_t len) {
    error_common(c, err, len, 1);
}

void reply_error_fmt(struct client *c, const char *fmt, ...) {
    char buf[4096];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (n < 0) n = 0;
    if ((size_t)n >= sizeof(buf)) n = sizeof(buf) - 1;
    error_common(c, buf, (size_t)n, 1);
}

void reply_error_arity(struct client *c) {
    reply_error_fmt(c, "wrong number of arguments for '%s' command",
                    c->cmd ? c->cmd->fullname : c->argv[0].ptr);
}

void reply_error_syntax(struct client *c) {
    reply_error(c, "syntax error");
}

void reply_error_type(struct client *c) {
    reply_error(c, "-WRONGTYPE Operation against a key holding the wrong kind of value");
}

void reply_error_not_int(struct client *c) {
    reply_error(c, "value is not an integer or out of range");
}

void reply_error_not_float(struct client *c) {
    reply_error(c, "value is not a valid float");
}

void reply_long(struct client *c, long long v) {
    if (v == 0)
        reply_raw(c, ":0\r\n", 4);
    else if (v == 1)
        reply_raw(c, ":1\r\n", 4);
    else
        reply_header(c, ':', v);
}

void reply_bulk(struct client *c, const char *p, size_t n) {
    if (muted(c)) return;
    char *d = reserve(c, n + 32);
    d[0] = '$';
    int l = ll2str(d + 1, 24, (long long)n);
    d[l + 1] = '\r';
    d[l + 2] = '\n';
    memcpy(d + l + 3, p, n);
    d[l + 3 + n] = '\r';
    d[l + 4 + n] = '\n';
    c->ob_len += (size_t)l + 5 + n;
}

void reply_bulk_cstr(struct client *c, const char *s) {
    if (!s)
        reply_null(c);
    else
        reply_bulk(c, s, strlen(s));
}

void reply_bulk_long(struct client *c, long long v) {
    char buf[LONG_STR_SIZE];
    int n = ll2str(buf, sizeof(buf), v);
    reply_bulk(c, buf, (size_t)n);
}

void reply_null(struct client *c) {
    if (c->resp >= 3)
        reply_raw(c, "_\r\n", 3);
    else
        reply_raw(c, "$-1\r\n", 5);
}

void reply_null_array(struct client *c) {
    if (c->resp >= 3)
        reply_raw(c, "_\r\n", 3);
    else
        reply_raw(c, "*-1\r\n", 5);
}

void reply_empty_array(struct client *c) {
    reply_raw(c, "*0\r\n", 4);
}

void reply_array_len(struct client *c, long n) {
    reply_header(c, '*', n);
}

void reply_map_len(struct client *c, long n) {
    if (c->resp >= 3)
        reply_header(c, '%', n);
    else
        reply_header(c, '*', n * 2);
}

void reply_set_len(struct client *c, long n) {
    reply_header(c, c->resp >= 3 ? '~' : '*', n);
}

void reply_push_len(struct client *c, long n) {
    reply_header(c, c->resp >= 3 ? '>' : '*', n);
}

void reply_attr_len(struct client *c, long n) {
    if (c->resp >= 3) reply_header(c, '|', n);
}

void reply_double(struct client *c, double d) {
    char buf[MAX_D2STRING_CHARS];
    int n = d2resp(buf, sizeof(buf), d);
    if (c->resp >= 3) {
        if (muted(c)) return;
        char *p = reserve(c, (size_t)n + 3);
        p[0] = ',';
        memcpy(p + 1, buf, (size_t)n);
        p[n + 1] = '\r';
        p[n + 2] = '\n';
        c->ob_len += (size_t)n + 3;
    } else {
        reply_bulk(c, buf, (size_t)n);
    }
}

void reply_bool(struct client *c, int b) {
    if (c->resp >= 3)
        reply_raw(c, b ? "#t\r\n" : "#f\r\n", 4);
    else
        reply_long(c, b ? 1 : 0);
}

void reply_bignum(struct client *c, const char *s, size_t n) {
    if (c->resp >= 3) {
        reply_raw(c, "(", 1);
        reply_raw(c, s, n);
        reply_raw(c, "\r\n", 2);
    } else {
        reply_bulk(c, s, n);
    }
}

void reply_verbatim(struct client *c, const char *p, size_t n, const char *ext) {
    if (c->resp < 3) {
        reply_bulk(c, p, n);
        return;
    }
    reply_header(c, '=', (long long)n + 4);
    reply_raw(c, ext, 3);
    reply_raw(c, ":", 1);
    reply_raw(c, p, n);
    reply_raw(c, "\r\n", 2);
}

void reply_help(struct client *c, const char *const *lines) {
    char head[128];
    char name[64];
    snprintf(name, sizeof(name), "%s",
             c->cmd ? (c->cmd->parent ? c->cmd->parent->name : c->cmd->name) : "");
    str_toupper(name, strlen(name));
    long n = 0;
    while (lines[n])
        n++;
    reply_array_len(c, n + 3); /* header, lines, "HELP" and its description */
    snprintf(head, sizeof(head),
             "%s <subcommand> [<arg> [value] [opt] ...]. Subcommands are:", name);
    reply_status(c, head);
    for (long i = 0; i < n; i++)
        reply_status(c, lines[i]);
    reply_status(c, "HELP");
    reply_status(c, "    Prints this help.");
}

void reply_subcommand_syntax_error(struct client *c) {
    char name[64];
    snprintf(name, sizeof(name), "%s",
             c->cmd && c->cmd->parent ? c->cmd->parent->name : c->argv[0].ptr);
    str_toupper(name, strlen(name));
    reply_error_fmt(c, "unknown subcommand or wrong number of arguments for '%.128s'. Try %s HELP.",
                    c->argv[1].ptr, name);
}

/* Deferred lengths: we append a fixed-size placeholder-free marker by recording
 * the offset; the real header is inserted (memmove of the tail) when known. */
struct defer {
    size_t off;
};

void *reply_defer_len(struct client *c) {
    if (muted(c)) return NULL;
    reserve(c, 0);
    return (void *)(uintptr_t)(c->ob_len + 1); /* +1 so that offset 0 is not NULL */
}

static void set_defer(struct client *c, void *handle, char prefix, long n) {
    if (!handle) return;
    size_t off = (size_t)(uintptr_t)handle - 1;
    char hdr[32];
    hdr[0] = prefix;
    int l = ll2str(hdr + 1, 24, n);
    hdr[l + 1] = '\r';
    hdr[l + 2] = '\n';
    size_t hl = (size_t)l + 3;
    reserve(c, hl);
    memmove(c->ob + off + hl, c->ob + off, c->ob_len - off);
    memcpy(c->ob + off, hdr, hl);
    c->ob_len += hl;
}

void reply_set_array_len(struct client *c, void *handle, long n) {
    set_defer(c, handle, '*', n);
}

void reply_set_map_len(struct client *c, void *handle, long n) {
    if (c->resp >= 3)
        set_defer(c, handle, '%', n);
    else
        set_defer(c, handle, '*', n * 2);
}

void reply_set_set_len(struct client *c, void *handle, long n) {
    set_defer(c, handle, c->resp >= 3 ? '~' : '*', n);
}
