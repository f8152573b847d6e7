/* typeargs: argument parsing shared by the data-type commands, with Redis's
 * exact error replies: integer arguments (the getLongFromObjectOrReply
 * family) and the SSCAN/HSCAN cursor and MATCH/COUNT options. Each parser
 * replies the error itself and returns 0 on failure, 1 on success. */
#ifndef MNEMO_TYPEARGS_H
#define MNEMO_TYPEARGS_H
#include <stddef.h>

struct client;
struct str;

/* A long long; msg (or "value is not an integer or out of range") on error. */
int arg_long(struct client *c, const struct str *a, long long *out, const char *msg);
/* A long in [min, max]; msg on any error, or Redis's generic texts when NULL. */
int arg_long_range(struct client *c, const struct str *a, long long min, long long max,
                   long long *out, const char *msg);
/* A long >= 0; msg, or "value is out of range, must be positive", on any error. */
int arg_positive(struct client *c, const struct str *a, long long *out, const char *msg);

/* The cursor: an unsigned long in decimal ("invalid cursor" otherwise). */
int arg_scan_cursor(struct client *c, const struct str *a, unsigned long *cursor);
struct scan_opts {
    long long count;
    const char *pat;
    size_t patlen;
    int use_pattern; /* a pattern other than "*" */
};
/* [MATCH pattern] [COUNT count] from argv[first]. */
int arg_scan_opts(struct client *c, int first, struct scan_opts *o);
int scan_match(const struct scan_opts *o, const char *s, size_t len);
/* The reply for a missing key: cursor 0 and no elements. */
void reply_empty_scan(struct client *c);

#endif
