/* Unit tests for listpack: byte-exact encodings (the format Redis writes),
 * navigation both ways, insert/delete/replace, and a randomized comparison
 * against a plain array model. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "listpack.h"
#include "mem.h"

static void assert_entry(unsigned char *p, const char *want) {
    unsigned char buf[LP_INTBUF_SIZE];
    uint32_t len;
    const unsigned char *s = lp_get_str(p, &len, buf);
    assert_int_equal(len, strlen(want));
    assert_memory_equal(s, want, len);
}

static void test_empty(void **state) {
    unsigned char *lp = lp_new(0);
    static const unsigned char want[] = {7, 0, 0, 0, 0, 0, 0xFF};
    assert_int_equal(lp_bytes(lp), 7);
    assert_memory_equal(lp, want, 7);
    assert_null(lp_first(lp));
    assert_null(lp_last(lp));
    assert_int_equal(lp_length(lp), 0);
    lp_free(lp);
}

static void test_encodings_exact(void **state) {
    unsigned char *lp = lp_new(0);
    lp = lp_append(lp, (const unsigned char *)"5", 1);     /* 7-bit uint: 05 01 */
    lp = lp_append(lp, (const unsigned char *)"-1", 2);    /* 13-bit: DF FF 02 */
    lp = lp_append(lp, (const unsigned char *)"abc", 3);   /* 6-bit str: 83 'abc' 04 */
    lp = lp_append(lp, (const unsigned char *)"1000", 4);  /* 13-bit: C3 E8 02 */
    lp = lp_append(lp, (const unsigned char *)"70000", 5); /* int24: F2 70 11 01 04 */
    lp = lp_append(lp, (const unsigned char *)"007", 3);   /* not canonical: string */
    static const unsigned char want[] = {
        0x1e, 0,    0,    0,    6,    0, /* checked against the blob DUMP gives for the same hash in
                                            Redis 7.0 */
        0x05, 0x01, 0xDF, 0xFF, 0x02, 0x83, 'a',  'b', 'c', 0x04, 0xC3, 0xE8,
        0x02, 0xF2, 0x70, 0x11, 0x01, 0x04, 0x83, '0', '0', '7',  0x04, 0xFF};
    assert_int_equal(lp_bytes(lp), sizeof(want));
    assert_memory_equal(lp, want, sizeof(want));
    assert_true(lp_validate(lp, lp_bytes(lp), 1));
    lp_free(lp);
}

static void test_long_strings_and_backlen(void **state) {
    unsigned char *lp = lp_new(0);
    char *big = malloc(5000);
    memset(big, 'x', 5000);
    lp = lp_append(lp, (unsigned char *)big, 100);  /* 12-bit length, 2-byte backlen */
    lp = lp_append(lp, (unsigned char *)big, 5000); /* 32-bit length */
    lp = lp_append(lp, (unsigned char *)"9223372036854775807", 19);
    lp = lp_append(lp, (unsigned char *)"-9223372036854775808", 20);
    assert_int_equal(lp_length(lp), 4);
    unsigned char *p = lp_last(lp);
    assert_entry(p, "-9223372036854775808");
    p = lp_prev(lp, p);
    assert_entry(p, "9223372036854775807");
    p = lp_prev(lp, p);
    uint32_t len;
    int64_t v;
    assert_non_null(lp_get(p, &len, &v));
    assert_int_equal(len, 5000);
    p = lp_prev(lp, p);
    assert_non_null(lp_get(p, &len, &v));
    assert_int_equal(len, 100);
    assert_null(lp_prev(lp, p));
    assert_true(lp_validate(lp, lp_bytes(lp), 1));
    free(big);
    lp_free(lp);
}

static void test_insert_delete_replace(void **state) {
    unsigned char *lp = lp_new(0), *p;
    lp = lp_append(lp, (unsigned char *)"b", 1);
    lp = lp_prepend(lp, (unsigned char *)"a", 1);
    lp = lp_append(lp, (unsigned char *)"d", 1);
    p = lp_seek(lp, 2);
    lp = lp_insert(lp, (unsigned char *)"c", 1, p, LP_BEFORE, &p);
    assert_entry(p, "c");
    assert_entry(lp_seek(lp, -1), "d");
    assert_int_equal(lp_length(lp), 4);
    p = lp_seek(lp, 1);
    lp = lp_insert(lp, (unsigned char *)"BBBB", 4, p, LP_REPLACE, &p);
    assert_entry(p, "BBBB");
    assert_int_equal(lp_length(lp), 4);
    p = lp_find(lp, lp_first(lp), (unsigned char *)"c", 1, 0);
    assert_non_null(p);
    lp = lp_delete(lp, p, &p);
    assert_entry(p, "d");
    lp = lp_delete_range(lp, 0, 2);
    assert_int_equal(lp_length(lp), 1);
    assert_entry(lp_first(lp), "d");
    assert_true(lp_validate(lp, lp_bytes(lp), 1));
    lp_free(lp);
}

static void test_validate_rejects_corruption(void **state) {
    unsigned char *lp = lp_new(0);
    lp = lp_append(lp, (unsigned char *)"hello", 5);
    size_t n = lp_bytes(lp);
    assert_true(lp_validate(lp, n, 1));
    assert_false(lp_validate(lp, n - 1, 1));
    lp[6] = 0x8F; /* claims 15 bytes of string */
    assert_false(lp_validate(lp, n, 1));
    lp[6] = 0x85;
    lp[12] = 0x07; /* wrong backlen */
    assert_false(lp_validate(lp, n, 1));
    lp[12] = 0x06;
    lp[4] = 3; /* wrong count */
    assert_false(lp_validate(lp, n, 1));
    lp_free(lp);
}

static void test_random_model(void **state) {
    srand(1234);
    for (int round = 0; round < 50; round++) {
        unsigned char *lp = lp_new(0);
        char model[200][32];
        int n = 0;
        for (int op = 0; op < 300; op++) {
            int what = rand() % 3;
            if (what < 2 && n < 200) {
                char s[32];
                if (rand() % 2)
                    snprintf(s, sizeof(s), "%lld", (long long)(rand() % 2000000) - 1000000);
                else
                    snprintf(s, sizeof(s), "s%d", rand() % 1000);
                int at = n ? rand() % (n + 1) : 0;
                unsigned char *p = at == n ? NULL : lp_seek(lp, at);
                lp = lp_insert(lp, (unsigned char *)s, (uint32_t)strlen(s), p, LP_BEFORE, NULL);
                memmove(model[at + 1], model[at], sizeof(model[0]) * (size_t)(n - at));
                strcpy(model[at], s);
                n++;
            } else if (n > 0) {
                int at = rand() % n;
                lp = lp_delete(lp, lp_seek(lp, at), NULL);
                memmove(model[at], model[at + 1], sizeof(model[0]) * (size_t)(n - at - 1));
                n--;
            }
            assert_int_equal(lp_length(lp), n);
        }
        int i = 0;
        for (unsigned char *p = lp_first(lp); p; p = lp_next(lp, p))
            assert_entry(p, model[i++]);
        assert_int_equal(i, n);
        i = n - 1;
        for (unsigned char *p = lp_last(lp); p; p = lp_prev(lp, p))
            assert_entry(p, model[i--]);
        assert_true(lp_validate(lp, lp_bytes(lp), 1));
        lp_free(lp);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_encodings_exact),
        cmocka_unit_test(test_long_strings_and_backlen),
        cmocka_unit_test(test_insert_delete_replace),
        cmocka_unit_test(test_validate_rejects_corruption),
        cmocka_unit_test(test_random_model),
    };
    return cmocka_run_group_tests_name("listpack", tests, NULL, NULL);
}
