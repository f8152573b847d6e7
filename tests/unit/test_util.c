/* Unit tests for the number/string conversions in src/util.c. The expected
 * texts are what Redis 7.0 accepts and prints (checked against redis-server:
 * INCRBYFLOAT for ld2str, CONFIG SET for memory values). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "util.h"
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static int s2ll(const char *s, long long *v) {
    return str2ll(s, strlen(s), v);
}

static void test_str2ll_accepts(void **state) {
    static const struct {
        const char *s;
        long long v;
    } ok[] = {
        {"0", 0},
        {"1", 1},
        {"-1", -1},
        {"123456789", 123456789},
        {"9223372036854775807", LLONG_MAX},
        {"-9223372036854775808", LLONG_MIN},
        {"-9223372036854775807", -LLONG_MAX},
        {"1000000000000000000", 1000000000000000000LL},
    };
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
        long long v = 12345;
        if (!s2ll(ok[i].s, &v)) fail_msg("str2ll rejected \"%s\"", ok[i].s);
        assert_int_equal(v, ok[i].v);
    }
}

static void test_str2ll_rejects(void **state) {
    static const char *bad[] = {
        "",
        "-",
        "+1",
        " 1",
        "1 ",
        "01",
        "00",
        "-0",
        "-01",
        "1a",
        "a1",
        "0x10",
        "1e3",
        "1.0",
        "--1",
        "1-",
        "\t1",
        "1\n",
        "9223372036854775808",
        "-9223372036854775809",
        "18446744073709551616",
        "99999999999999999999",
        "123456789012345678901",
        "-",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        long long v = 777;
        if (s2ll(bad[i], &v)) fail_msg("str2ll accepted \"%s\"", bad[i]);
        assert_int_equal(v, 777); /* untouched on failure */
    }
    /* the length is honoured: no NUL needed, bytes past it ignored */
    long long v;
    assert_true(str2ll("12345", 3, &v));
    assert_int_equal(v, 123);
    assert_false(str2ll("1\0", 2, &v));
    assert_false(str2ll("5", 0, &v));
}

static void test_str2ull(void **state) {
    unsigned long long v;
    assert_true(str2ull("18446744073709551615", 20, &v));
    assert_true(v == ULLONG_MAX);
    assert_true(str2ull("0", 1, &v));
    assert_true(v == 0);
    assert_false(str2ull("18446744073709551616", 20, &v));
    assert_false(str2ull("-1", 2, &v));
    assert_false(str2ull("01", 2, &v));
    assert_false(str2ull("", 0, &v));
}

static void test_ll2str(void **state) {
    char buf[LONG_STR_SIZE];
    static const struct {
        long long v;
        const char *s;
    } c[] = {{0, "0"},
             {7, "7"},
             {-7, "-7"},
             {10, "10"},
             {-100, "-100"},
             {LLONG_MAX, "9223372036854775807"},
             {LLONG_MIN, "-9223372036854775808"}};
    for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
        memset(buf, 'x', sizeof(buf));
        int n = ll2str(buf, sizeof(buf), c[i].v);
        assert_string_equal(buf, c[i].s);
        assert_int_equal(n, strlen(c[i].s));
        long long back;
        assert_true(str2ll(buf, (size_t)n, &back)); /* round trip */
        assert_int_equal(back, c[i].v);
    }
    /* no room: 0 */
    assert_int_equal(ll2str(buf, 3, 123), 0);
    assert_int_equal(ll2str(buf, 4, 123), 3);
    assert_int_equal(ll2str(buf, 3, -12), 0);
    assert_int_equal(ll2str(buf, 4, -12), 3);
    assert_string_equal(buf, "-12");
    assert_int_equal(ll2str(buf, 1, -1), 0);
    assert_int_equal(ull2str(buf, sizeof(buf), ULLONG_MAX), 20);
    assert_string_equal(buf, "18446744073709551615");
}

static void expect_d2str(double v, const char *s) {
    char buf[MAX_D2STRING_CHARS];
    int n = d2str(buf, sizeof(buf), v);
    assert_string_equal(buf, s);
    assert_int_equal(n, strlen(s));
}

static void test_d2str(void **state) {
    expect_d2str(0.0, "0");
    expect_d2str(-0.0, "-0");
    expect_d2str(1.0, "1");
    expect_d2str(-3.0, "-3");
    expect_d2str(1.5, "1.5");
    expect_d2str(0.1, "0.10000000000000001");
    expect_d2str(-2.5e-7, "-2.4999999999999999e-07");
    expect_d2str(1e15, "1000000000000000");
    /* integral values up to LLONG_MAX/2 print as integers */
    expect_d2str(1e17, "100000000000000000");
    expect_d2str(4611686018427387904.0, "4611686018427387904"); /* 2^62 */
    expect_d2str(-4611686018427387904.0, "-4611686018427387904");
    expect_d2str(9223372036854775808.0, "9.2233720368547758e+18"); /* 2^63 */
    expect_d2str(1e300, "1.0000000000000001e+300");
    expect_d2str(INFINITY, "inf");
    expect_d2str(-INFINITY, "-inf");
    expect_d2str(NAN, "nan");
}

static void test_d2resp(void **state) {
    char buf[MAX_D2STRING_CHARS];
    d2resp(buf, sizeof(buf), 1.0);
    assert_string_equal(buf, "1");
    d2resp(buf, sizeof(buf), 1e17);
    assert_string_equal(buf, "1e+17");
    d2resp(buf, sizeof(buf), 0.1);
    assert_string_equal(buf, "0.10000000000000001");
    d2resp(buf, sizeof(buf), -INFINITY);
    assert_string_equal(buf, "-inf");
    d2resp(buf, sizeof(buf), INFINITY);
    assert_string_equal(buf, "inf");
}

static void expect_ld2str(long double v, int human, const char *s) {
    char buf[MAX_LONG_DOUBLE_CHARS];
    int n = ld2str(buf, sizeof(buf), v, human);
    assert_string_equal(buf, s);
    assert_int_equal(n, strlen(s));
}

static long double ld(const char *s) {
    long double v;
    if (!str2ld(s, strlen(s), &v)) fail_msg("str2ld rejected \"%s\"", s);
    return v;
}

static void test_ld2str(void **state) {
    /* the INCRBYFLOAT format (human friendly), as redis-server prints it */
    expect_ld2str(ld("10.5") + ld("0.1"), 1, "10.6");
    expect_ld2str(ld("5.0e3"), 1, "5000");
    expect_ld2str(ld("1e17"), 1, "100000000000000000");
    expect_ld2str(ld("-0.0"), 1, "0");
    expect_ld2str(ld("3.0000000000000001"), 1, "3.0000000000000001");
    expect_ld2str(ld("1.23456789012345678901"), 1, "1.23456789012345679");
    expect_ld2str(ld("-1.5"), 1, "-1.5");
    expect_ld2str(ld("10"), 1, "10");
    expect_ld2str(ld("0"), 1, "0");
    expect_ld2str(ld("0.000001"), 1, "0.000001");
    expect_ld2str(INFINITY, 1, "inf");
    expect_ld2str(-INFINITY, 1, "-inf");
    /* the %.17Lg format */
    expect_ld2str(ld("1.5"), 0, "1.5");
    expect_ld2str(ld("1e17"), 0, "1e+17");
    expect_ld2str(ld("0.1"), 0, "0.1");
    expect_ld2str(ld("1.23456789012345678901"), 0, "1.2345678901234568");
    /* no room */
    char small[4];
    assert_int_equal(ld2str(small, sizeof(small), ld("12345"), 1), 0);
    assert_int_equal(ld2str(small, sizeof(small), -INFINITY, 1), 0);
    char five[5];
    assert_int_equal(ld2str(five, sizeof(five), -INFINITY, 1), 4);
    assert_string_equal(five, "-inf");
}

static void test_str2d(void **state) {
    double d;
    static const struct {
        const char *s;
        double v;
    } ok[] = {{"1", 1},
              {"-1.5", -1.5},
              {"1e3", 1000},
              {".5", 0.5},
              {"5.", 5},
              {"+2", 2},
              {"0x10", 16},
              {"inf", INFINITY},
              {"-inf", -INFINITY},
              {"Infinity", INFINITY},
              {"1e-310", 1e-310}};
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
        if (!str2d(ok[i].s, strlen(ok[i].s), &d)) fail_msg("str2d rejected \"%s\"", ok[i].s);
        assert_true(d == ok[i].v);
    }
    static const char *bad[] = {"",     " 1",    "1 ",     "abc",    "1x",  "nan",
                                "-nan", "1e400", "-1e400", "1e-400", "\t1", "1..2"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        if (str2d(bad[i], strlen(bad[i]), &d)) fail_msg("str2d accepted \"%s\"", bad[i]);
    /* explicit length */
    assert_true(str2d("2.5xyz", 3, &d));
    assert_true(d == 2.5);
    /* too long for the conversion buffer */
    static char big[MAX_LONG_DOUBLE_CHARS + 10];
    memset(big, '1', sizeof(big));
    assert_false(str2d(big, sizeof(big), &d));
}

static void test_str2ld(void **state) {
    long double v;
    assert_true(str2ld("1.5", 3, &v));
    assert_true(v == 1.5L);
    assert_true(str2ld("-inf", 4, &v));
    assert_true(isinf(v) && v < 0);
    assert_true(str2ld("1e-4940", 7, &v)); /* subnormal: accepted, as in Redis */
    assert_true(v > 0);
    static const char *bad[] = {"", " 1", "1 ", "nan", "1e5000", "-1e5000", "1e-5000", "x"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        if (str2ld(bad[i], strlen(bad[i]), &v)) fail_msg("str2ld accepted \"%s\"", bad[i]);
}

static void test_parse_memory(void **state) {
    static const struct {
        const char *s;
        long long v;
    } ok[] = {
        {"0", 0},
        {"100", 100},
        {"100b", 100},
        {"1k", 1000},
        {"1kb", 1024},
        {"1KB", 1024},
        {"1kB", 1024},
        {"2m", 2000000},
        {"2mb", 2 * 1024 * 1024},
        {"1g", 1000000000},
        {"1gb", 1024LL * 1024 * 1024},
        {"1GB", 1024LL * 1024 * 1024},
        {"0100", 100}, /* leading zeros: fine for memory values */
        {"", 0},       /* as in Redis: no digits is zero */
        {"mb", 0},
        {"9223372036854775807", LLONG_MAX},
        /* too big: saturates and wraps like Redis (the range check reports it) */
        {"99999999999999999999", -1},
        {"18446744073709551615", -1},
    };
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
        long long v = 42;
        if (!parse_memory(ok[i].s, &v)) fail_msg("parse_memory rejected \"%s\"", ok[i].s);
        assert_int_equal(v, ok[i].v);
    }
    static const char *bad[] = {"-1",  "+5",   "1 gb", "1.5mb", "0x10",
                                "1tb", "1kbb", "gb1",  "1 ",    " 1"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        long long v;
        if (parse_memory(bad[i], &v)) fail_msg("parse_memory accepted \"%s\"", bad[i]);
    }
}

static void test_string_helpers(void **state) {
    assert_true(str_eq_nocase("GeT", 3, "get"));
    assert_false(str_eq_nocase("GeT", 2, "get"));
    assert_false(str_eq_nocase("gets", 4, "get"));
    assert_true(str_eq_nocase("", 0, ""));
    char s[] = "MiXeD-123";
    str_tolower(s, strlen(s));
    assert_string_equal(s, "mixed-123");
    str_toupper(s, 5);
    assert_string_equal(s, "MIXED-123");
    char hex[41];
    hex[40] = '\0';
    get_random_hex(hex, 40);
    for (int i = 0; i < 40; i++)
        assert_non_null(strchr("0123456789abcdef", hex[i]));
    char hex2[41];
    hex2[40] = '\0';
    get_random_hex(hex2, 40);
    assert_string_not_equal(hex, hex2);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_str2ll_accepts), cmocka_unit_test(test_str2ll_rejects),
        cmocka_unit_test(test_str2ull),        cmocka_unit_test(test_ll2str),
        cmocka_unit_test(test_d2str),          cmocka_unit_test(test_d2resp),
        cmocka_unit_test(test_ld2str),         cmocka_unit_test(test_str2d),
        cmocka_unit_test(test_str2ld),         cmocka_unit_test(test_parse_memory),
        cmocka_unit_test(test_string_helpers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
