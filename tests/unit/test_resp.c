/* Unit tests for the request parser (src/resp.c).
 *
 * A small driver plays the client's part: it owns a growing buffer, appends
 * input in pieces, calls resp_parse until it needs more bytes, and compacts
 * the buffer the way client.c does (resp_parser_shift). Every command found is
 * rendered as text ("[set][k][v]" with non-printable bytes as \xHH) so a test
 * compares one string however the input was split. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "mem.h"
#include "resp.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_BULK (512LL * 1024 * 1024)

struct driver {
    struct resp_parser p;
    char *buf;
    size_t len, cap, pos;
    char *out; /* rendered commands */
    size_t out_len, out_cap;
    int commands, error;
    long long max_bulk;
};

static void out_append(struct driver *d, const char *s, size_t n) {
    if (d->out_len + n + 1 > d->out_cap) {
        while (d->out_len + n + 1 > d->out_cap)
            d->out_cap = d->out_cap ? d->out_cap * 2 : 256;
        d->out = realloc(d->out, d->out_cap);
    }
    memcpy(d->out + d->out_len, s, n);
    d->out_len += n;
    d->out[d->out_len] = '\0';
}

static void render_arg(struct driver *d, const char *s, size_t n) {
    out_append(d, "[", 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 32 && c < 127 && c != '\\') {
            out_append(d, (const char *)&c, 1);
        } else {
            char hex[8];
            snprintf(hex, sizeof(hex), "\\x%02x", c);
            out_append(d, hex, 4);
        }
    }
    out_append(d, "]", 1);
}

static void driver_init(struct driver *d) {
    memset(d, 0, sizeof(*d));
    resp_parser_init(&d->p);
    d->max_bulk = MAX_BULK;
    out_append(d, "", 0);
}

static void driver_free(struct driver *d) {
    resp_parser_free(&d->p);
    free(d->buf);
    free(d->out);
}

/* Parses what the buffer holds; returns the last resp_parse result. */
static int driver_run(struct driver *d) {
    for (;;) {
        int r = resp_parse(&d->p, d->buf, d->len, &d->pos, d->max_bulk);
        if (r == RESP_ERROR) {
            d->error = 1;
            return r;
        }
        if (r == RESP_INCOMPLETE) return r;
        if (d->p.argc == 0) {
            out_append(d, "<empty>", 7);
        } else {
            for (int i = 0; i < d->p.argc; i++)
                render_arg(d, d->buf + d->p.off[i], d->p.len[i]);
        }
        out_append(d, ";", 1);
        d->commands++;
        resp_parser_reset(&d->p);
    }
}

/* Drops the parsed prefix as client.c does: keep the arguments found so far of
 * a partial command, shift the parser's offsets. */
static void driver_compact(struct driver *d) {
    size_t start = d->pos;
    if (d->p.argc > 0 && d->p.off[0] < start) start = d->p.off[0];
    if (start == 0) return;
    memmove(d->buf, d->buf + start, d->len - start);
    d->len -= start;
    d->pos -= start;
    resp_parser_shift(&d->p, start);
}

static void driver_feed(struct driver *d, const char *s, size_t n) {
    if (d->len + n + 1 > d->cap) {
        while (d->len + n + 1 > d->cap)
            d->cap = d->cap ? d->cap * 2 : 64;
        d->buf = realloc(d->buf, d->cap);
    }
    memcpy(d->buf + d->len, s, n);
    d->len += n;
}

/* Parses input in one piece and returns the rendering (caller frees). */
static char *parse_all(const char *in, size_t n, int *result) {
    struct driver d;
    driver_init(&d);
    driver_feed(&d, in, n);
    int r = driver_run(&d);
    if (result) *result = r;
    char *out = strdup(d.out);
    driver_free(&d);
    return out;
}

static void assert_parses_n(const char *in, size_t n, const char *expect) {
    int r;
    char *out = parse_all(in, n, &r);
    assert_string_equal(out, expect);
    assert_int_equal(r, RESP_INCOMPLETE);
    free(out);
}

static void assert_parses(const char *in, const char *expect) {
    assert_parses_n(in, strlen(in), expect);
}

/* Asserts that input fails with exactly this message, and that the error
 * stays (a second call reports it again). */
static void assert_proto_error(const char *in, size_t n, int auth, const char *msg) {
    struct driver d;
    driver_init(&d);
    d.p.auth_limits = auth;
    driver_feed(&d, in, n);
    assert_int_equal(driver_run(&d), RESP_ERROR);
    assert_string_equal(d.p.err, msg);
    assert_int_equal(resp_parse(&d.p, d.buf, d.len, &d.pos, d.max_bulk), RESP_ERROR);
    assert_string_equal(d.p.err, msg);
    driver_free(&d);
}

/* ------------------------------------------------------------- multibulk */

static void test_multibulk_basic(void **state) {
    assert_parses("*1\r\n$4\r\nPING\r\n", "[PING];");
    assert_parses("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$0\r\n\r\n", "[SET][k][];");
    /* binary-safe: CR, LF and NUL inside a bulk */
    assert_parses_n("*2\r\n$3\r\nGET\r\n$5\r\na\r\n\0b\r\n", 25, "[GET][a\\x0d\\x0a\\x00b];");
    /* a non-positive count is an empty request, skipped by the caller */
    assert_parses("*0\r\n*-1\r\n*-5\r\n", "<empty>;<empty>;<empty>;");
}

static void test_multibulk_pipeline(void **state) {
    assert_parses(
        "*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\nPING\r\n*1\r\n$4\r\nQUIT\r\n",
        "[PING];[ECHO][hi];[PING];[QUIT];");
}

static void test_incomplete_keeps_progress(void **state) {
    struct driver d;
    driver_init(&d);
    driver_feed(&d, "*2\r\n$3\r\nGET\r\n$3\r\nke", 19);
    assert_int_equal(driver_run(&d), RESP_INCOMPLETE);
    assert_int_equal(d.p.multibulk, 1); /* one bulk left */
    assert_int_equal(d.p.bulklen, 3);   /* its header was consumed */
    assert_int_equal(d.p.argc, 1);
    assert_int_equal(d.commands, 0);
    driver_feed(&d, "y\r\n", 3);
    assert_int_equal(driver_run(&d), RESP_INCOMPLETE);
    assert_string_equal(d.out, "[GET][key];");
    assert_int_equal(d.pos, d.len);
    driver_free(&d);
}

/* The same input split at every byte boundary (and fed byte by byte, with
 * the buffer compacted after every step) gives the same commands. */
static const char split_input[] = "*3\r\n$3\r\nSET\r\n$5\r\nk\r\ney\r\n$10\r\n0123456789\r\n"
                                  "*0\r\n"
                                  "set \"a b\" 'c d' \"\\x41\\n\"\r\n"
                                  "\r\n"
                                  "*2\r\n$4\r\nECHO\r\n$0\r\n\r\n"
                                  "PING\n"
                                  "*1\r\n$12\r\n*1\r\n$4\r\nPING\r\n";
static const char split_expect[] =
    "[SET][k\\x0d\\x0aey][0123456789];<empty>;[set][a b][c d][A\\x0a];"
    "<empty>;[ECHO][];[PING];[*1\\x0d\\x0a$4\\x0d\\x0aPING];";

static void test_split_every_boundary(void **state) {
    size_t n = sizeof(split_input) - 1;
    char *whole = parse_all(split_input, n, NULL);
    assert_string_equal(whole, split_expect);
    free(whole);
    for (size_t k = 0; k <= n; k++) {
        struct driver d;
        driver_init(&d);
        driver_feed(&d, split_input, k);
        assert_int_not_equal(driver_run(&d), RESP_ERROR);
        driver_compact(&d);
        driver_feed(&d, split_input + k, n - k);
        assert_int_equal(driver_run(&d), RESP_INCOMPLETE);
        assert_string_equal(d.out, split_expect);
        driver_free(&d);
    }
}

static void test_byte_by_byte_with_shift(void **state) {
    size_t n = sizeof(split_input) - 1;
    struct driver d;
    driver_init(&d);
    for (size_t i = 0; i < n; i++) {
        driver_feed(&d, split_input + i, 1);
        assert_int_equal(driver_run(&d), RESP_INCOMPLETE);
        driver_compact(&d);
    }
    assert_string_equal(d.out, split_expect);
    assert_int_equal(d.len, 0);
    driver_free(&d);
}

/* Splitting into three pieces (two cut points) over a shorter input. */
static void test_split_two_cuts(void **state) {
    static const char in[] = "*2\r\n$4\r\nECHO\r\n$3\r\nabc\r\nECHO 'x y'\r\n";
    size_t n = sizeof(in) - 1;
    for (size_t a = 0; a <= n; a++) {
        for (size_t b = a; b <= n; b++) {
            struct driver d;
            driver_init(&d);
            driver_feed(&d, in, a);
            driver_run(&d);
            driver_compact(&d);
            driver_feed(&d, in + a, b - a);
            driver_run(&d);
            driver_feed(&d, in + b, n - b);
            assert_int_equal(driver_run(&d), RESP_INCOMPLETE);
            assert_string_equal(d.out, "[ECHO][abc];[ECHO][x y];");
            driver_free(&d);
        }
    }
}

static void test_big_arg(void **state) {
    size_t big = 3 * 1024 * 1024 + 7; /* well over RESP_BIG_ARG */
    char hdr[64];
    int h = snprintf(hdr, sizeof(hdr), "*2\r\n$3\r\nSET\r\n$%zu\r\n", big);
    char *payload = malloc(big);
    for (size_t i = 0; i < big; i++)
        payload[i] = (char)('a' + i % 26);
    struct driver d;
    driver_init(&d);
    driver_feed(&d, hdr, (size_t)h);
    assert_int_equal(driver_run(&d), RESP_INCOMPLETE);
    assert_int_equal(d.p.bulklen, (long long)big);
    driver_compact(&d);
    /* feed in uneven chunks; nothing completes until the final CRLF */
    size_t off = 0, chunk = 65531;
    while (off < big) {
        size_t k = big - off < chunk ? big - off : chunk;
        driver_feed(&d, payload + off, k);
        off += k;
        assert_int_equal(driver_run(&d), RESP_INCOMPLETE);
        driver_compact(&d);
    }
    assert_int_equal(d.commands, 0);
    driver_feed(&d, "\r", 1);
    assert_int_equal(driver_run(&d), RESP_INCOMPLETE);
    assert_int_equal(d.commands, 0);
    driver_feed(&d, "\n", 1);
    assert_int_equal(resp_parse(&d.p, d.buf, d.len, &d.pos, d.max_bulk), RESP_COMMAND);
    assert_int_equal(d.p.argc, 2);
    assert_int_equal(d.p.len[1], big);
    assert_memory_equal(d.buf + d.p.off[1], payload, big);
    assert_int_equal(d.pos, d.len);
    free(payload);
    driver_free(&d);
}

static void test_many_args(void **state) {
    /* more arguments than the initial argv capacity (1024) */
    int n = 5000;
    struct driver d;
    driver_init(&d);
    char tmp[64];
    int h = snprintf(tmp, sizeof(tmp), "*%d\r\n", n);
    driver_feed(&d, tmp, (size_t)h);
    for (int i = 0; i < n; i++) {
        char v[16];
        int vl = snprintf(v, sizeof(v), "%d", i);
        h = snprintf(tmp, sizeof(tmp), "$%d\r\n%s\r\n", vl, v);
        driver_feed(&d, tmp, (size_t)h);
    }
    assert_int_equal(resp_parse(&d.p, d.buf, d.len, &d.pos, d.max_bulk), RESP_COMMAND);
    assert_int_equal(d.p.argc, n);
    assert_int_equal(d.p.len[4999], 4);
    assert_memory_equal(d.buf + d.p.off[4999], "4999", 4);
    assert_memory_equal(d.buf + d.p.off[0], "0", 1);
    driver_free(&d);
}

/* --------------------------------------------------------------- inline */

static void test_inline_basic(void **state) {
    assert_parses("PING\r\n", "[PING];");
    assert_parses("PING\n", "[PING];");
    assert_parses("  set   a    b  \r\n", "[set][a][b];");
    assert_parses("\ttab\tsep\r\n", "[tab][sep];");
    assert_parses("\r\n\n   \r\n", "<empty>;<empty>;<empty>;");
    /* only the CR right before LF is dropped */
    assert_parses("a\rb\r\n", "[a][b];");
    /* no LF yet: nothing */
    assert_parses("PING", "");
    assert_parses("PING\r", "");
}

static void test_inline_quotes(void **state) {
    assert_parses("set \"a b\" 'c d'\r\n", "[set][a b][c d];");
    assert_parses("echo \"\"\r\n", "[echo][];");
    assert_parses("echo ''\r\n", "[echo][];");
    assert_parses("echo \"\\x41\\x4a\\x4A\"\r\n", "[echo][AJJ];");
    assert_parses("echo \"\\x4g\"\r\n", "[echo][x4g];"); /* not hex: '\x' is 'x' */
    assert_parses("echo \"\\n\\r\\t\\b\\a\\\\\\\"\\q\"\r\n",
                  "[echo][\\x0a\\x0d\\x09\\x08\\x07\\x5c\"q];");
    assert_parses("echo 'it\\'s'\r\n", "[echo][it's];");
    assert_parses("echo 'a\\nb'\r\n", "[echo][a\\x5cnb];"); /* no escapes in single quotes */
    assert_parses("echo \"a'b\" 'a\"b'\r\n", "[echo][a'b][a\"b];");
    /* a quote opening inside a word continues the word */
    assert_parses("echo ab\"c d\"\r\n", "[echo][abc d];");
    assert_parses("echo ab'c d'\r\n", "[echo][abc d];");
    /* quoted arguments followed by tabs or the end of line */
    assert_parses("echo \"x\"\t'y'\r\n", "[echo][x][y];");
}

static void test_inline_unbalanced(void **state) {
    const char *bad[] = {
        "echo \"abc\r\n",   "echo 'abc\r\n", "echo \"abc\"def\r\n", "echo 'abc'def\r\n",
        "echo \"a\\\"\r\n", "echo \"\\\r\n", "echo 'a\\'\r\n",      "\"\r\n",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_proto_error(bad[i], strlen(bad[i]), 0,
                           "Protocol error: unbalanced quotes in request");
}

/* A NUL byte ends the line's arguments, as in Redis's C-string splitter. */
static void test_inline_nul(void **state) {
    static const char in[] = "echo a\0b c\r\nPING\r\n";
    int r;
    char *out = parse_all(in, sizeof(in) - 1, &r);
    assert_int_equal(r, RESP_INCOMPLETE);
    assert_string_equal(out, "[echo][a];[PING];");
    free(out);
}

static void test_split_inline_api(void **state) {
    char line[] = "  a \"b c\" 'd'  ";
    size_t *off = NULL, *len = NULL;
    int cap = 0;
    int argc = resp_split_inline(line, strlen(line), &off, &len, &cap);
    assert_int_equal(argc, 3);
    assert_int_equal(off[0], 2);
    assert_int_equal(len[0], 1);
    assert_memory_equal(line + off[1], "b c", 3);
    assert_memory_equal(line + off[2], "d", 1);
    char bad[] = "\"x";
    assert_int_equal(resp_split_inline(bad, 2, &off, &len, &cap), -1);
    assert_int_equal(resp_split_inline(bad, 0, &off, &len, &cap), 0);
    xfree(off);
    xfree(len);
}

/* --------------------------------------------------------------- errors */

static void test_error_multibulk_length(void **state) {
    const char *msg = "Protocol error: invalid multibulk length";
    const char *bad[] = {"*abc\r\n",        "*\r\n",   "*+1\r\n",
                         "*01\r\n",         "* 1\r\n", "*1 \r\n",
                         "*2147483648\r\n", "*-0\r\n", "*99999999999999999999\r\n"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_proto_error(bad[i], strlen(bad[i]), 0, msg);
    /* INT_MAX itself is accepted (and waits for its bulks) */
    int r;
    char *out = parse_all("*2147483647\r\n", 13, &r);
    assert_int_equal(r, RESP_INCOMPLETE);
    free(out);
}

static void test_error_bulk_length(void **state) {
    const char *msg = "Protocol error: invalid bulk length";
    const char *bad[] = {"*1\r\n$-1\r\n", "*1\r\n$abc\r\n", "*1\r\n$\r\n",
                         "*1\r\n$+3\r\n", "*1\r\n$03\r\n",  "*1\r\n$-0\r\n"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_proto_error(bad[i], strlen(bad[i]), 0, msg);
}

static void test_error_bulk_over_max(void **state) {
    struct driver d;
    driver_init(&d);
    d.max_bulk = 100;
    driver_feed(&d, "*2\r\n$3\r\nGET\r\n$100\r\n", 20);
    assert_int_equal(driver_run(&d), RESP_INCOMPLETE); /* exactly the limit is fine */
    driver_free(&d);
    driver_init(&d);
    d.max_bulk = 100;
    driver_feed(&d, "*2\r\n$3\r\nGET\r\n$101\r\n", 20);
    assert_int_equal(driver_run(&d), RESP_ERROR);
    assert_string_equal(d.p.err, "Protocol error: invalid bulk length");
    assert_string_equal(d.out, "");
    driver_free(&d);
}

static void test_error_expected_dollar(void **state) {
    assert_proto_error("*1\r\nx3\r\nfoo\r\n", 13, 0, "Protocol error: expected '$', got 'x'");
    assert_proto_error("*2\r\n$1\r\na\r\n:1\r\n", 15, 0, "Protocol error: expected '$', got ':'");
    /* a short bulk shifts the framing: the next header starts with its data */
    assert_proto_error("*2\r\n$1\r\nab\r\n$1\r\nc\r\n", 20, 0,
                       "Protocol error: expected '$', got '\n'");
}

static void test_error_too_big_strings(void **state) {
    size_t n = RESP_INLINE_MAX + 2;
    char *s = malloc(n);
    /* multibulk count without CR */
    s[0] = '*';
    memset(s + 1, '1', n - 1);
    assert_proto_error(s, n, 0, "Protocol error: too big mbulk count string");
    /* exactly at the limit: still waiting */
    int r;
    char *out = parse_all(s, RESP_INLINE_MAX, &r);
    assert_int_equal(r, RESP_INCOMPLETE);
    free(out);
    out = parse_all(s, RESP_INLINE_MAX + 1, &r);
    assert_int_equal(r, RESP_ERROR);
    free(out);
    /* bulk count without CR */
    char *b = malloc(n + 4);
    memcpy(b, "*1\r\n", 4);
    b[4] = '$';
    memset(b + 5, '1', n - 1);
    assert_proto_error(b, n + 4, 0, "Protocol error: too big bulk count string");
    /* inline without LF */
    memset(s, 'a', n);
    assert_proto_error(s, n, 0, "Protocol error: too big inline request");
    out = parse_all(s, RESP_INLINE_MAX, &r);
    assert_int_equal(r, RESP_INCOMPLETE);
    free(out);
    free(s);
    free(b);
}

static void test_error_auth_limits(void **state) {
    assert_proto_error("*11\r\n", 5, 1, "Protocol error: unauthenticated multibulk length");
    assert_proto_error("*1\r\n$16385\r\n", 12, 1, "Protocol error: unauthenticated bulk length");
    /* the limits themselves are allowed */
    struct driver d;
    driver_init(&d);
    d.p.auth_limits = 1;
    driver_feed(&d, "*10\r\n$16384\r\n", 13);
    assert_int_equal(driver_run(&d), RESP_INCOMPLETE);
    driver_free(&d);
    /* and nothing is limited once authenticated */
    driver_init(&d);
    driver_feed(&d, "*11\r\n$16385\r\n", 13);
    assert_int_equal(driver_run(&d), RESP_INCOMPLETE);
    driver_free(&d);
}

/* Errors found after some commands: those commands are still delivered. */
static void test_error_after_commands(void **state) {
    struct driver d;
    driver_init(&d);
    static const char in[] = "PING\r\n*1\r\n$4\r\nECHO\r\n*x\r\nPING\r\n";
    driver_feed(&d, in, sizeof(in) - 1);
    assert_int_equal(driver_run(&d), RESP_ERROR);
    assert_string_equal(d.out, "[PING];[ECHO];");
    assert_string_equal(d.p.err, "Protocol error: invalid multibulk length");
    driver_free(&d);
}

static void test_reset_and_shift(void **state) {
    struct resp_parser p;
    resp_parser_init(&p);
    char buf[] = "xxxx*2\r\n$1\r\na\r\n$1\r\nb";
    size_t pos = 4, len = strlen(buf);
    assert_int_equal(resp_parse(&p, buf, len, &pos, MAX_BULK), RESP_INCOMPLETE);
    assert_int_equal(p.argc, 1);
    assert_int_equal(p.off[0], 12);
    assert_int_equal(p.bulklen, 1); /* the second header is consumed */
    assert_int_equal(pos, 19);
    resp_parser_shift(&p, 4);
    assert_int_equal(p.off[0], 8);
    resp_parser_reset(&p);
    assert_int_equal(p.argc, 0);
    assert_int_equal(p.multibulk, 0);
    assert_int_equal(p.bulklen, -1);
    resp_parser_free(&p);
    resp_parser_free(&p); /* idempotent */
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_multibulk_basic),
        cmocka_unit_test(test_multibulk_pipeline),
        cmocka_unit_test(test_incomplete_keeps_progress),
        cmocka_unit_test(test_split_every_boundary),
        cmocka_unit_test(test_byte_by_byte_with_shift),
        cmocka_unit_test(test_split_two_cuts),
        cmocka_unit_test(test_big_arg),
        cmocka_unit_test(test_many_args),
        cmocka_unit_test(test_inline_basic),
        cmocka_unit_test(test_inline_quotes),
        cmocka_unit_test(test_inline_unbalanced),
        cmocka_unit_test(test_inline_nul),
        cmocka_unit_test(test_split_inline_api),
        cmocka_unit_test(test_error_multibulk_length),
        cmocka_unit_test(test_error_bulk_length),
        cmocka_unit_test(test_error_bulk_over_max),
        cmocka_unit_test(test_error_expected_dollar),
        cmocka_unit_test(test_error_too_big_strings),
        cmocka_unit_test(test_error_auth_limits),
        cmocka_unit_test(test_error_after_commands),
        cmocka_unit_test(test_reset_and_shift),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
