/* resp: see resp.h. States: multibulk == 0 means the next byte starts a new
 * request ('*' multibulk, anything else inline); while multibulk > 0 the parser
 * reads "$<len>\r\n" headers (bulklen == -1) and then <len> bytes plus CRLF.
 * A non-empty p->err is the error state: every later call returns RESP_ERROR
 * (inline splitting rewrites the line in place, so re-parsing it is not safe). */
#include "resp.h"
#include "mem.h"
#include "util.h"
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

void resp_parser_init(struct resp_parser *p) {
    memset(p, 0, sizeof(*p));
    p->bulklen = -1;
}

void resp_parser_free(struct resp_parser *p) {
    xfree(p->off);
    xfree(p->len);
    p->off = p->len = NULL;
    p->cap = 0;
}

void resp_parser_reset(struct resp_parser *p) {
    p->argc = 0;
    p->multibulk = 0;
    p->bulklen = -1;
}

void resp_parser_shift(struct resp_parser *p, size_t delta) {
    for (int i = 0; i < p->argc; i++)
        p->off[i] -= delta;
}

static void grow(size_t **off, size_t **len, int *cap, int need) {
    if (need <= *cap) return;
    int n = *cap ? *cap : 8;
    while (n < need)
        n = n < INT_MAX / 2 ? n * 2 : need;
    *off = xrealloc(*off, sizeof(size_t) * (size_t)n);
    *len = xrealloc(*len, sizeof(size_t) * (size_t)n);
    *cap = n;
}

static int fail(struct resp_parser *p, const char *msg) {
    snprintf(p->err, sizeof(p->err), "Protocol error: %s", msg);
    return RESP_ERROR;
}

static int hexval(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

int resp_split_inline(char *line, size_t len, size_t **off, size_t **alen, int *cap) {
    size_t i = 0;
    int argc = 0;
    /* Like Redis's C-string splitter, a NUL byte ends the line. */
    const char *nul = memchr(line, '\0', len);
    if (nul) len = (size_t)(nul - line);
    for (;;) {
        while (i < len && isspace((unsigned char)line[i]))
            i++;
        if (i >= len) return argc;
        size_t start = i, w = i; /* write cursor trails the read cursor */
        int inq = 0, insq = 0, done = 0;
        while (!done) {
            if (inq) {
                if (i >= len) return -1;
                if (line[i] == '\\' && i + 3 < len && line[i + 1] == 'x' &&
                    hexval((unsigned char)line[i + 2]) >= 0 &&
                    hexval((unsigned char)line[i + 3]) >= 0) {
                    line[w++] = (char)(hexval((unsigned char)line[i + 2]) * 16 +
                                       hexval((unsigned char)line[i + 3]));
                    i += 4;
                } else if (line[i] == '\\' && i + 1 < len) {
                    char c = line[i + 1];
                    switch (c) {
                    case 'n': c = '\n'; break;
                    case 'r': c = '\r'; break;
                    case 't': c = '\t'; break;
                    case 'b': c = '\b'; break;
                    case 'a': c = '\a'; break;
                    }
                    line[w++] = c;
                    i += 2;
                } else if (line[i] == '"') {
                    /* a closing quote must be followed by a space or the end */
                    if (i + 1 < len && !isspace((unsigned char)line[i + 1])) return -1;
                    done = 1;
                    i++;
                } else {
                    line[w++] = line[i++];
                }
            } else if (insq) {
                if (i >= len) return -1;
                if (line[i] == '\\' && i + 1 < len && line[i + 1] == '\'') {
                    line[w++] = '\'';
                    i += 2;
                } else if (line[i] == '\'') {
                    if (i + 1 < len && !isspace((unsigned char)line[i + 1])) return -1;
                    done = 1;
                    i++;
                } else {
                    line[w++] = line[i++];
                }
            } else {
                if (i >= len) break;
                switch (line[i]) {
                case ' ':
                case '\n':
                case '\r':
                case '\t': done = 1; break;
                case '"':
                    inq = 1;
                    i++;
                    break;
                case '\'':
                    insq = 1;
                    i++;
                    break;
                default: line[w++] = line[i++]; break;
                }
            }
        }
        grow(off, alen, cap, argc + 1);
        (*off)[argc] = start;
        (*alen)[argc] = w - start;
        argc++;
    }
}

static int parse_inline(struct resp_parser *p, char *buf, size_t len, size_t *pos) {
    char *start = buf + *pos;
    char *nl = memchr(start, '\n', len - *pos);
    if (!nl) {
        if (len - *pos > RESP_INLINE_MAX) return fail(p, "too big inline request");
        return RESP_INCOMPLETE;
    }
    size_t linelen = (size_t)(nl - start);
    if (linelen && start[linelen - 1] == '\r') linelen--;
    int argc = resp_split_inline(start, linelen, &p->off, &p->len, &p->cap);
    if (argc < 0) return fail(p, "unbalanced quotes in request");
    for (int i = 0; i < argc; i++)
        p->off[i] += *pos;
    p->argc = argc;
    *pos = (size_t)(nl - buf) + 1;
    return RESP_COMMAND;
}

/* Finds "\r\n" for a header line; returns the offset of '\r' or -1. */
static long find_crlf(const char *buf, size_t from, size_t len) {
    const char *cr = memchr(buf + from, '\r', len - from);
    if (!cr) return -1;
    if ((size_t)(cr - buf) + 1 >= len) return -2; /* '\n' not arrived yet */
    return cr - buf;
}

int resp_parse(struct resp_parser *p, char *buf, size_t len, size_t *pos, long long max_bulk) {
    if (p->err[0]) return RESP_ERROR; /* sticky: the input may have been rewritten */
    if (p->multibulk == 0) {
        if (*pos >= len) return RESP_INCOMPLETE;
        if (buf[*pos] != '*') return parse_inline(p, buf, len, pos);
        long cr = find_crlf(buf, *pos, len);
        if (cr == -1) {
            if (len - *pos > RESP_INLINE_MAX) return fail(p, "too big mbulk count string");
            return RESP_INCOMPLETE;
        }
        if (cr == -2) return RESP_INCOMPLETE;
        long long n;
        if (!str2ll(buf + *pos + 1, (size_t)cr - *pos - 1, &n) || n > INT_MAX)
            return fail(p, "invalid multibulk length");
        if (n > 10 && p->auth_limits) return fail(p, "unauthenticated multibulk length");
        *pos = (size_t)cr + 2;
        p->argc = 0;
        if (n <= 0) return RESP_COMMAND; /* empty request */
        p->multibulk = (int)n;
        p->bulklen = -1;
        grow(&p->off, &p->len, &p->cap, n < 1024 ? (int)n : 1024);
    }
    while (p->multibulk) {
        if (p->bulklen == -1) {
            if (*pos >= len) return RESP_INCOMPLETE;
            long cr = find_crlf(buf, *pos, len);
            if (cr == -1) {
                if (len - *pos > RESP_INLINE_MAX) return fail(p, "too big bulk count string");
                return RESP_INCOMPLETE;
            }
            if (cr == -2) return RESP_INCOMPLETE;
            if (buf[*pos] != '$') {
                snprintf(p->err, sizeof(p->err), "Protocol error: expected '$', got '%c'",
                         buf[*pos]);
                return RESP_ERROR;
            }
            long long n;
            if (!str2ll(buf + *pos + 1, (size_t)cr - *pos - 1, &n) || n < 0 || n > max_bulk)
                return fail(p, "invalid bulk length");
            if (n > 16384 && p->auth_limits) return fail(p, "unauthenticated bulk length");
            *pos = (size_t)cr + 2;
            p->bulklen = n;
        }
        if (len - *pos < (size_t)p->bulklen + 2) return RESP_INCOMPLETE;
        grow(&p->off, &p->len, &p->cap, p->argc + 1);
        p->off[p->argc] = *pos;
        p->len[p->argc] = (size_t)p->bulklen;
        p->argc++;
        *pos += (size_t)p->bulklen + 2;
        p->bulklen = -1;
        p->multibulk--;
    }
    return RESP_COMMAND;
}
