/* reply: the RESP2/RESP3 reply writer. Every function appends to the client's
 * output buffer and queues the client for writing. The RESP3-only types
 * degrade to their RESP2 forms (map -> flat array, double -> bulk string,
 * null -> $-1 or *-1, bool -> :1/:0, set -> array, verbatim -> bulk). */
#ifndef MNEMO_REPLY_H
#define MNEMO_REPLY_H
#include <stddef.h>

struct client;

void reply_raw(struct client *c, const char *p, size_t n);
void reply_status(struct client *c, const char *s);
void reply_ok(struct client *c);
/* Errors: a text starting with "-" carries its own code ("-WRONGTYPE ..."); any other
 * text gets "ERR " in front, as Redis does. CR/LF in the text become spaces. */
void reply_error(struct client *c, const char *err);
/* An error whose stats were already counted (a script's error that came from
 * redis.call): only the command's failed_calls moves. */
void reply_error_no_stats(struct client *c, const char *err);
/* Counts an error in total_error_replies and errorstats without replying
 * (commands a script was refused). */
void reply_count_error(const char *err);
void reply_error_fmt(struct client *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void reply_error_arity(struct client *c);   /* wrong number of arguments for '%s' command */
void reply_error_syntax(struct client *c);  /* ERR syntax error */
void reply_error_type(struct client *c);    /* WRONGTYPE ... */
void reply_error_not_int(struct client *c); /* value is not an integer or out of range */
void reply_error_not_float(struct client *c);
void reply_long(struct client *c, long long v);
void reply_bulk(struct client *c, const char *p, size_t n);
void reply_bulk_cstr(struct client *c, const char *s); /* NULL gives a null */
void reply_bulk_long(struct client *c, long long v);
void reply_null(struct client *c);       /* $-1 / _ */
void reply_null_array(struct client *c); /* *-1 / _ */
void reply_empty_array(struct client *c);
void reply_array_len(struct client *c, long n);
void reply_map_len(struct client *c, long n); /* n pairs */
void reply_set_len(struct client *c, long n);
void reply_push_len(struct client *c, long n);
void reply_attr_len(struct client *c, long n);
void reply_double(struct client *c, double d);
void reply_bool(struct client *c, int b);
void reply_bignum(struct client *c, const char *s, size_t n);
void reply_verbatim(struct client *c, const char *p, size_t n, const char *ext); /* ext: "txt" */
void reply_help(struct client *c, const char *const *lines); /* NULL-terminated */
void reply_subcommand_syntax_error(struct client *c);

/* Deferred lengths: reserve a place, fill it in once the count is known. */
void *reply_defer_len(struct client *c);
void reply_set_array_len(struct client *c, void *handle, long n);
void reply_set_map_len(struct client *c, void *handle, long n);
void reply_set_set_len(struct client *c, void *handle, long n);

/* Collapse duplicate spaces/newlines so any text is a valid error line. */
void reply_error_sanitized(struct client *c, const char *err, size_t len);

#endif
