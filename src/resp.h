/* resp: the incremental request parser (RESP multibulk and inline commands).
 *
 * No I/O: the caller owns a contiguous buffer, appends what it reads, and calls
 * resp_parse() with the position of the first unparsed byte. The parser keeps
 * its progress between calls (how many bulks are left, the current bulk length,
 * the arguments found so far as offsets into the buffer), so bytes are scanned
 * once however the input is split. Arguments are not copied: argv entries are
 * (offset, length) pairs into the caller's buffer; inline arguments are
 * unescaped in place (the unescaped text is never longer than its source).
 *
 * Errors (Redis's texts, without the "ERR " prefix) are sticky: after RESP_ERROR
 * the caller replies and closes the connection. */
#ifndef MNEMO_RESP_H
#define MNEMO_RESP_H
#include <stddef.h>

#define RESP_INLINE_MAX (64 * 1024) /* PROTO_INLINE_MAX_SIZE */
#define RESP_BIG_ARG    (32 * 1024) /* bulks this large are read to their exact size */

enum { RESP_ERROR = -1, RESP_INCOMPLETE = 0, RESP_COMMAND = 1 };

struct resp_parser {
    int multibulk;     /* bulks still expected in the current command; 0: none started */
    long long bulklen; /* length of the bulk being read, -1 when its header is not read */
    int argc, cap;
    size_t *off, *len;
    int auth_limits; /* set by the caller for unauthenticated clients */
    char err[96];
};

void resp_parser_init(struct resp_parser *p);
void resp_parser_free(struct resp_parser *p);
/* Forget the current command's arguments (after it was executed). */
void resp_parser_reset(struct resp_parser *p);
/* The buffer's bytes moved down by delta (the caller compacted it). */
void resp_parser_shift(struct resp_parser *p, size_t delta);

/* Parses from buf[*pos] up to buf[len]. On RESP_COMMAND, p->argc/off/len hold
 * the command (argc may be 0 for an empty request, which the caller skips) and
 * *pos points past it. On RESP_INCOMPLETE, *pos may have advanced past headers
 * already consumed. On RESP_ERROR, p->err holds the message. */
int resp_parse(struct resp_parser *p, char *buf, size_t len, size_t *pos, long long max_bulk);

/* Splits a line into arguments with redis-cli/sdssplitargs quoting rules,
 * writing unescaped text in place. Returns argc, or -1 on unbalanced quotes.
 * Offsets are relative to line. */
int resp_split_inline(char *line, size_t len, size_t **off, size_t **alen, int *cap);

#endif
