/* Unit tests for the inline building blocks: intarr (sorted 2/4/8-byte
 * integer arrays) against a sorted model, and lp_encode against the bytes
 * lp_append writes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "intarr.h"
#include "listpack.h"
#include "mem.h"

static void test_widths(void **state) {
    assert_int_equal(ia_width_for(0), 2);
    assert_int_equal(ia_width_for(32767), 2);
    assert_int_equal(ia_width_for(-32768), 2);
    assert_int_equal(ia_width_for(32768), 4);
    assert_int_equal(ia_width_for(-32769), 4);
    assert_int_equal(ia_width_for(2147483647), 4);
    assert_int_equal(ia_width_for(-2147483648LL), 4);
    assert_int_equal(ia_width_for(2147483648LL), 8);
    assert_int_equal(ia_width_for(INT64_MIN), 8);
    assert_int_equal(ia_width_for(INT64_MAX), 8);
}

static void test_get_set_roundtrip(void **state) {
    unsigned char a[64];
    int64_t vals[] = {
        0, 1, -1, 32767, -32768, 2147483647, -2147483648LL, INT64_MAX, INT64_MIN, 123456789012LL};
    for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
        unsigned w = ia_width_for(vals[i]);
        ia_set(a, w, 3, vals[i]);
        assert_true(ia_get(a, w, 3) == vals[i]);
    }
    /* little-endian layout */
    ia_set(a, 2, 0, 0x1234);
    assert_int_equal(a[0], 0x34);
    assert_int_equal(a[1], 0x12);
    ia_set(a, 2, 0, -2);
    assert_int_equal(a[0], 0xFE);
    assert_int_equal(a[1], 0xFF);
}

static void test_search_insert_remove_widen(void **state) {
    unsigned char *a = xmalloc(8 * 10);
    size_t n = 0, pos;
    unsigned w = 2;
    int64_t ins[] = {5, -3, 100, 7};
    for (int i = 0; i < 4; i++) {
        assert_false(ia_search(a, n, w, ins[i], &pos));
        ia_insert_at(a, n, w, pos, ins[i]);
        n++;
    }
    int64_t want[] = {-3, 5, 7, 100};
    for (size_t i = 0; i < n; i++)
        assert_true(ia_get(a, w, i) == want[i]);
    assert_true(ia_search(a, n, w, 7, &pos));
    assert_int_equal(pos, 2);
    assert_false(ia_search(a, n, w, 6, &pos));
    assert_int_equal(pos, 2);
    assert_false(ia_search(a, n, w, -100, &pos));
    assert_int_equal(pos, 0);
    assert_false(ia_search(a, n, w, 1000, &pos));
    assert_int_equal(pos, 4);
    ia_widen(a, n, 2, 8);
    w = 8;
    for (size_t i = 0; i < n; i++)
        assert_true(ia_get(a, w, i) == want[i]);
    assert_false(ia_search(a, n, w, INT64_MAX, &pos));
    ia_insert_at(a, n, w, pos, INT64_MAX);
    n++;
    ia_remove_at(a, n, w, 0);
    n--;
    int64_t want2[] = {5, 7, 100, INT64_MAX};
    for (size_t i = 0; i < n; i++)
        assert_true(ia_get(a, w, i) == want2[i]);
    xfree(a);
}

static int cmp64(const void *x, const void *y) {
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return a < b ? -1 : a > b;
}

static void test_random_against_model(void **state) {
    srandom(99);
    unsigned char *a = xmalloc(8 * 2000);
    int64_t model[2000];
    size_t n = 0;
    unsigned w = 2;
    for (int op = 0; op < 200000; op++) {
        int64_t v;
        int kind = random() % 3;
        if (kind == 0)
            v = (random() % 200) - 100;
        else if (kind == 1)
            v = (random() % 200000) - 100000;
        else
            v = (int64_t)(((uint64_t)random() << 33) ^ (uint64_t)random());
        size_t pos;
        int found = ia_search(a, n, w, v, &pos);
        int in_model = bsearch(&v, model, n, sizeof(int64_t), cmp64) != NULL;
        assert_int_equal(found, in_model);
        if (random() % 2 && !found && n < 2000) {
            unsigned nw = ia_width_for(v);
            if (nw > w) {
                ia_widen(a, n, w, nw);
                w = nw;
            }
            ia_insert_at(a, n, w, pos, v);
            model[n++] = v;
            qsort(model, n, sizeof(int64_t), cmp64);
        } else if (found) {
            ia_remove_at(a, n, w, pos);
            int64_t *m = bsearch(&v, model, n, sizeof(int64_t), cmp64);
            memmove(m, m + 1, (size_t)(model + n - m - 1) * sizeof(int64_t));
            n--;
        }
        if (op % 1000 == 0)
            for (size_t i = 0; i < n; i++)
                assert_true(ia_get(a, w, i) == model[i]);
    }
    xfree(a);
}

static void test_lp_encode_matches_append(void **state) {
    const char *samples[] = {"",
                             "0",
                             "127",
                             "128",
                             "-1",
                             "4095",
                             "-4096",
                             "32767",
                             "-32768",
                             "8388607",
                             "2147483647",
                             "9223372036854775807",
                             "-9223372036854775808",
                             "007",
                             "abc",
                             "9223372036854775808",
                             " 1"};
    char big[5000];
    memset(big, 'x', sizeof(big));
    for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]) + 3; i++) {
        const char *s;
        size_t len;
        if (i < sizeof(samples) / sizeof(samples[0]))
            s = samples[i], len = strlen(s);
        else
            s = big, len = i == sizeof(samples) / sizeof(samples[0]) ? 63 : i % 2 ? 4095 : 5000;
        unsigned char *lp = lp_new(0);
        lp = lp_append(lp, (const unsigned char *)s, (uint32_t)len);
        unsigned char buf[LP_ENTRY_MAX(5000)];
        uint32_t n = lp_encode(buf, (const unsigned char *)s, (uint32_t)len);
        assert_int_equal(n, lp_bytes(lp) - LP_HDR_SIZE - 1);
        assert_memory_equal(buf, lp + LP_HDR_SIZE, n);
        assert_int_equal(lp_entry_size(lp + LP_HDR_SIZE), n);
        assert_true(n <= LP_ENTRY_MAX(len));
        lp_free(lp);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_widths),
        cmocka_unit_test(test_get_set_roundtrip),
        cmocka_unit_test(test_search_insert_remove_widen),
        cmocka_unit_test(test_random_against_model),
        cmocka_unit_test(test_lp_encode_matches_append),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
