/* typeargs: see typeargs.h. */
#include "typeargs.h"
#include "client.h"
#include "reply.h"
#include "util.h"
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <strings.h>

int arg_long(struct client *c, const struct str *a, long long *out, const char *msg) {
    if (str2ll(a->ptr, a->len, out)) return 1;
    reply_error(c, msg ? msg : "value is not an integer or out of range");
    return 0;
}

int arg_long_range(struct client *c, const struct str *a, long long min, long long max,
                   long long *out, const char *msg) {
    if (!arg_long(c, a, out, msg)) return 0;
    if (*out >= min && *out <= max) return 1;
    if (msg)
        reply_error(c, msg);
    else
        reply_error_fmt(c, "value is out of range, value must between %lld and %lld", min, max);
    return 0;
}

int arg_positive(struct client *c, const struct str *a, long long *out, const char *msg) {
    if (!msg) msg = "value is out of range, must be positive";
    return arg_long_range(c, a, 0, LLONG_MAX, out, msg);
}

int arg_scan_cursor(struct client *c, const struct str *a, unsigned long *cursor) {
    char *end;
    errno = 0;
    *cursor = strtoul(a->ptr, &end, 10);
    if (isspace((unsigned char)a->ptr[0]) || *end != '\0' || (size_t)(end - a->ptr) != a->len ||
        errno == ERANGE) {
        reply_error(c, "invalid cursor");
        return 0;
    }
    return 1;
}

int arg_scan_opts(struct client *c, int first, struct scan_opts *o) {
    o->count = 10;
    o->pat = NULL;
    o->patlen = 0;
    o->use_pattern = 0;
    for (int i = first; i < c->argc; i += 2) {
        int more = c->argc - i - 1;
        const char *opt = c->argv[i].ptr;
        if (!strcasecmp(opt, "count") && more >= 1) {
            if (!arg_long(c, &c->argv[i + 1], &o->count, NULL)) return 0;
            if (o->count < 1) {
                reply_error_syntax(c);
                return 0;
            }
        } else if (!strcasecmp(opt, "match") && more >= 1) {
            o->pat = c->argv[i + 1].ptr;
            o->patlen = c->argv[i + 1].len;
            o->use_pattern = !(o->patlen == 1 && o->pat[0] == '*');
        } else {
            reply_error_syntax(c);
            return 0;
        }
    }
    return 1;
}

int scan_match(const struct scan_opts *o, const char *s, size_t len) {
    return !o->use_pattern || glob_match(o->pat, o->patlen, s, len, 0);
}

void reply_empty_scan(struct client *c) {
    reply_array_len(c, 2);
    reply_bulk(c, "0", 1);
    reply_empty_array(c);
}
