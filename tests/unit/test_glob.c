/* Unit tests for glob_match (src/util.c): Redis's KEYS/SCAN MATCH/PSUBSCRIBE
 * pattern rules, including their odd corners (unterminated classes, reversed
 * ranges, escapes inside classes, the empty string, signed bytes). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "util.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct gcase {
    const char *pat, *str;
    int nocase, expect;
};

/* Reports every failing case, then fails. */
static void check(const struct gcase *c, size_t n) {
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        int got = glob_match(c[i].pat, strlen(c[i].pat), c[i].str, strlen(c[i].str), c[i].nocase);
        if (got != c[i].expect) {
            print_error("glob_match(\"%s\", \"%s\", nocase=%d) = %d, want %d\n", c[i].pat, c[i].str,
                        c[i].nocase, got, c[i].expect);
            bad++;
        }
    }
    assert_int_equal(bad, 0);
}
#define CHECK(cases) check(cases, sizeof(cases) / sizeof(cases[0]))

static void test_literals(void **state) {
    static const struct gcase c[] = {
        {"hello", "hello", 0, 1}, {"hello", "hell", 0, 0},  {"hell", "hello", 0, 0},
        {"hello", "Hello", 0, 0}, {"hello", "HeLLo", 1, 1}, {"HELLO", "hello", 1, 1},
        {"", "", 0, 1},           {"", "a", 0, 0},          {"a", "", 0, 0},
    };
    CHECK(c);
}

static void test_star(void **state) {
    static const struct gcase c[] = {
        {"*", "anything", 0, 1},
        {"*", "a", 0, 1},
        {"h*o", "hello", 0, 1},
        {"h*o", "ho", 0, 1},
        {"h*o", "hellx", 0, 0},
        {"*llo", "hello", 0, 1},
        {"he*", "he", 0, 1},
        {"he**", "he", 0, 1},
        {"***", "abc", 0, 1},
        {"a*b*c", "aXbYc", 0, 1},
        {"a*b*c", "abc", 0, 1},
        {"a*b*c", "acb", 0, 0},
        {"*a", "bbba", 0, 1},
        {"*a", "bbab", 0, 0},
        {"user:*:name", "user:42:name", 0, 1},
        {"user:*:name", "user:42:age", 0, 0},
        /* Redis quirk: the empty string matches no pattern, not even "*" */
        {"*", "", 0, 0},
        {"**", "", 0, 0},
    };
    CHECK(c);
}

static void test_question(void **state) {
    static const struct gcase c[] = {
        {"h?llo", "hello", 0, 1}, {"h?llo", "hallo", 0, 1}, {"h?llo", "hllo", 0, 0},
        {"???", "abc", 0, 1},     {"???", "ab", 0, 0},      {"?", "", 0, 0},
        {"?*", "a", 0, 1},        {"*?", "a", 0, 1},        {"*?", "", 0, 0},
    };
    CHECK(c);
}

static void test_classes(void **state) {
    static const struct gcase c[] = {
        {"h[ae]llo", "hello", 0, 1},
        {"h[ae]llo", "hallo", 0, 1},
        {"h[ae]llo", "hillo", 0, 0},
        {"h[^e]llo", "hallo", 0, 1},
        {"h[^e]llo", "hello", 0, 0},
        {"h[a-b]llo", "hbllo", 0, 1},
        {"h[a-b]llo", "hcllo", 0, 0},
        {"[a-z]", "m", 0, 1},
        {"[a-z]", "M", 0, 0},
        {"[a-z]", "M", 1, 1},
        {"[A-Z]", "m", 1, 1},
        {"[z-a]", "m", 0, 1}, /* reversed range: ends swapped */
        {"[^a-z]", "m", 0, 0},
        {"[^a-z]", "5", 0, 1},
        /* "c-]" is a range from ']' to 'c' (ends swapped) that eats the closing
         * bracket: the class then runs on */
        {"[abc-]", "-", 0, 0},
        {"[abc-]", "a", 0, 1},
        {"[abc-]", "^", 0, 1},
        {"[abc-]x]", "]", 0, 1},
        {"[abc-]x]", "x", 0, 1},
        {"[abc-]x]", "]x]", 0, 0},
        {"[-a]", "-", 0, 1}, /* a leading '-' is literal */
        {"[]]", "]", 0, 0},  /* "[]" is an empty class, then ']' */
        {"[]]", "", 0, 0},
        {"[]", "a", 0, 0},  /* empty class matches nothing */
        {"[^]", "a", 0, 1}, /* its negation matches anything */
        {"[^]]", "a]", 0, 1},
        {"[ab][cd]", "ac", 0, 1},
        {"[ab][cd]", "ca", 0, 0},
        {"[aB]", "b", 1, 1},
        {"[aB]", "b", 0, 0},
        {"[*]", "*", 0, 1},
        {"[*]", "a", 0, 0},
        {"[?]", "?", 0, 1},
        {"[?]", "a", 0, 0},
        {"[[]", "[", 0, 1},
        {"x[^]y", "xzy", 0, 1},
    };
    CHECK(c);
}

static void test_escapes(void **state) {
    static const struct gcase c[] = {
        {"\\*", "*", 0, 1},       {"\\*", "a", 0, 0},
        {"\\?", "?", 0, 1},       {"\\?", "a", 0, 0},
        {"\\[a]", "[a]", 0, 1},   {"\\[a]", "a", 0, 0},
        {"a\\\\b", "a\\b", 0, 1}, {"\\a", "a", 0, 1},
        {"\\", "\\", 0, 1}, /* lone trailing '\' */
        {"a\\", "a\\", 0, 1},     {"a\\", "a", 0, 0},
        {"[\\]]", "]", 0, 1},     {"[\\^a]", "^", 0, 1},
        {"[\\-]", "-", 0, 1},     {"[a\\-z]", "m", 0, 0},
        {"[a\\-z]", "-", 0, 1},   {"[\\\\]", "\\", 0, 1},
        {"*\\*", "abc*", 0, 1},   {"*\\*", "abc", 0, 0},
        {"\\A", "a", 1, 1},       {"[\\A]", "a", 1, 0}, /* escaped: exact */
    };
    CHECK(c);
}

/* An unterminated '[' class runs to the end of the pattern and stays on its
 * last byte. */
static void test_unterminated_class(void **state) {
    static const struct gcase c[] = {
        {"[", "[", 0, 0},    {"[", "a", 0, 0},    {"[a", "a", 0, 1},   {"[a", "b", 0, 0},
        {"[ab", "b", 0, 1},  {"[ab", "ab", 0, 0}, {"[^a", "b", 0, 1},  {"[^a", "a", 0, 0},
        {"[a-", "a", 0, 1},  {"[a-", "-", 0, 1},  {"x[a", "xa", 0, 1}, {"*[a", "xya", 0, 1},
        {"[a-c", "b", 0, 1}, {"[a-c", "c", 0, 1}, {"[a-c", "d", 0, 0}, {"[\\", "\\", 0, 1},
        {"[^", "a", 0, 1},   {"[^", "", 0, 0},    {"[a*", "*", 0, 1},  {"[a*", "ab", 0, 0},
    };
    CHECK(c);
}

/* Bytes compare as signed chars, as in Redis: 0xff sorts below 'a'. */
static void test_high_bytes(void **state) {
    static const struct gcase c[] = {
        {"\xe9t\xe9", "\xe9t\xe9", 0, 1},
        {"?", "\xff", 0, 1},
        {"[\xe0-\xef]", "\xe9", 0, 1},
        {"[\xe0-\xef]", "a", 0, 0},
        {"[a-\xff]", "b", 0, 0}, /* range 0xff..'a' = -1..97 */
        {"[a-\xff]", "\xff", 0, 1},
        {"[a-\xff]", "0", 0, 1},
        {"[a-\xfe]", "0", 0, 1},
        /* nocase folds the swapped ends: 0xfe (254) .. 'a' is an empty range */
        {"[a-\xfe]", "0", 1, 0},
        {"[a-\xfe]", "a", 1, 0},
        {"[a-\xfe]", "\xfe", 1, 0},
        {"\xc9", "\xe9", 1, 0}, /* no folding beyond ASCII */
    };
    CHECK(c);
}

static void test_binary_lengths(void **state) {
    /* lengths are explicit: NUL bytes are ordinary */
    assert_true(glob_match("a\0b", 3, "a\0b", 3, 0));
    assert_false(glob_match("a\0b", 3, "a\0c", 3, 0));
    assert_true(glob_match("a?b", 3, "a\0b", 3, 0));
    assert_true(glob_match("*", 1, "\0", 1, 0));
    assert_false(glob_match("abc", 2, "abc", 3, 0)); /* only "ab" is the pattern */
    assert_true(glob_match("abc", 2, "abx", 2, 0));
}

/* Many stars against a long non-matching string must not take exponential
 * time (Redis's regression test uses a similar pattern). */
static void test_pathological(void **state) {
    char str[20001];
    memset(str, 'a', 20000);
    str[20000] = '\0';
    const char *pat = "a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b";
    clock_t t0 = clock();
    assert_false(glob_match(pat, strlen(pat), str, 20000, 0));
    assert_true(glob_match(pat, strlen(pat) - 1, str, 20000, 0));
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    assert_true(secs < 2.0);
    /* a long but legitimate star pattern still matches */
    static char many[4001];
    for (int i = 0; i < 2000; i++) {
        many[2 * i] = '*';
        many[2 * i + 1] = 'a';
    }
    assert_true(glob_match(many, 4000, str, 20000, 0));
    assert_false(glob_match(many, 4000, str, 1999, 0));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_literals),     cmocka_unit_test(test_star),
        cmocka_unit_test(test_question),     cmocka_unit_test(test_classes),
        cmocka_unit_test(test_escapes),      cmocka_unit_test(test_unterminated_class),
        cmocka_unit_test(test_high_bytes),   cmocka_unit_test(test_binary_lengths),
        cmocka_unit_test(test_pathological),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
