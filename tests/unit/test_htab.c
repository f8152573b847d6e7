/* Unit tests for htab: basic operations, long chains (a degenerate hash),
 * growth and shrinking with incremental rehashing, the SCAN guarantee across
 * resizes, random picks, and a randomized comparison against a plain model. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dict.h"
#include "htab.h"
#include "mem.h"

/* Elements: [uint32 len][bytes], heap allocated. */
struct el {
    uint32_t len;
    char s[];
};

static struct el *el_new(const char *s, size_t len) {
    struct el *e = xmalloc(sizeof(*e) + len);
    e->len = (uint32_t)len;
    memcpy(e->s, s, len);
    return e;
}

static int degenerate; /* 1: every key hashes to one of 3 values */

static uint64_t hk(const void *key, size_t len) {
    uint64_t h = hash_bytes(key, len);
    return degenerate ? (h % 3) * 0x0101010101010101ULL : h;
}
static uint64_t he(const void *elem) {
    const struct el *e = elem;
    return hk(e->s, e->len);
}
static int eq(const void *elem, const void *key, size_t len) {
    const struct el *e = elem;
    return e->len == len && memcmp(e->s, key, len) == 0;
}
static const struct htab_type T = {hk, he, eq};

static void key_of(char *buf, size_t *len, long i) {
    *len = (size_t)snprintf(buf, 32, "member:%ld", i);
}

static int add(struct htab *h, long i) {
    char buf[32];
    size_t len;
    key_of(buf, &len, i);
    int existed;
    void **slot = htab_insert(h, buf, len, &existed);
    if (!existed) *slot = el_new(buf, len);
    return !existed;
}

static int has(struct htab *h, long i) {
    char buf[32];
    size_t len;
    key_of(buf, &len, i);
    void **slot = htab_find(h, buf, len);
    if (slot) assert_true(eq(*slot, buf, len));
    return slot != NULL;
}

static int del(struct htab *h, long i) {
    char buf[32];
    size_t len;
    key_of(buf, &len, i);
    struct el *e = htab_remove(h, buf, len);
    if (e) {
        assert_true(eq(e, buf, len));
        xfree(e);
    }
    return e != NULL;
}

static long id_of(const void *elem) {
    const struct el *e = elem;
    char tmp[32];
    memcpy(tmp, e->s, e->len);
    tmp[e->len] = 0;
    return atol(tmp + 7);
}

static size_t count_iter(struct htab *h) {
    struct htab_iter it;
    size_t n = 0;
    htab_iter_init(&it, h);
    while (htab_iter_next(&it))
        n++;
    htab_iter_end(&it);
    return n;
}

static void test_basic(void **state) {
    struct htab h;
    htab_init(&h, &T);
    assert_int_equal(htab_size(&h), 0);
    assert_false(has(&h, 1));
    assert_null(htab_random(&h));
    assert_int_equal(htab_scan(&h, 0, NULL, NULL), 0);
    assert_true(add(&h, 1));
    assert_false(add(&h, 1));
    assert_true(add(&h, 2));
    assert_int_equal(htab_size(&h), 2);
    assert_true(has(&h, 1));
    assert_true(has(&h, 2));
    assert_false(has(&h, 3));
    assert_true(del(&h, 1));
    assert_false(del(&h, 1));
    assert_int_equal(htab_size(&h), 1);
    assert_int_equal(count_iter(&h), 1);
    htab_clear(&h, xfree);
    assert_int_equal(htab_size(&h), 0);
    assert_false(has(&h, 2));
}

static void grow_and_shrink(int degen, long n) {
    degenerate = degen;
    struct htab h;
    htab_init(&h, &T);
    for (long i = 0; i < n; i++)
        assert_true(add(&h, i));
    assert_int_equal(htab_size(&h), n);
    assert_int_equal(count_iter(&h), n);
    for (long i = 0; i < n; i++)
        assert_true(has(&h, i));
    assert_false(has(&h, n));
    /* remove the odd ones, then everything */
    for (long i = 1; i < n; i += 2)
        assert_true(del(&h, i));
    for (long i = 0; i < n; i++)
        assert_int_equal(has(&h, i), i % 2 == 0);
    assert_int_equal(count_iter(&h), (n + 1) / 2);
    for (long i = 0; i < n; i += 2)
        assert_true(del(&h, i));
    assert_int_equal(htab_size(&h), 0);
    assert_int_equal(count_iter(&h), 0);
    htab_clear(&h, xfree);
    degenerate = 0;
}

static void test_grow_shrink(void **state) {
    grow_and_shrink(0, 100000);
}

static void test_long_chains(void **state) {
    /* three chains of hundreds of buckets each: add, find, compaction on remove */
    grow_and_shrink(1, 3000);
}

static void test_rehash_is_incremental(void **state) {
    struct htab h;
    htab_init(&h, &T);
    long i = 0;
    while (!htab_is_rehashing(&h))
        add(&h, i++);
    /* a resize started: elements stay reachable in both tables */
    for (long j = 0; j < i; j++)
        assert_true(has(&h, j));
    assert_int_equal(count_iter(&h), i);
    /* lookups finish it */
    for (int k = 0; k < 100000 && htab_is_rehashing(&h); k++)
        has(&h, 0);
    assert_false(htab_is_rehashing(&h));
    for (long j = 0; j < i; j++)
        assert_true(has(&h, j));
    htab_clear(&h, xfree);
}

struct seen {
    unsigned char *mark;
    long max;
};

static void scan_cb(void *arg, void *elem) {
    struct seen *s = arg;
    long id = id_of(elem);
    if (id < s->max) s->mark[id] = 1;
}

/* Every element present for the whole scan is reported, while the table
 * grows and shrinks underneath the cursor. */
static void scan_guarantee(int degen, long stable, long churn) {
    degenerate = degen;
    struct htab h;
    htab_init(&h, &T);
    for (long i = 0; i < stable; i++)
        add(&h, i);
    struct seen s = {calloc(stable + churn, 1), stable};
    unsigned long cursor = 0;
    long next = stable, calls = 0;
    do {
        cursor = htab_scan(&h, cursor, scan_cb, &s);
        calls++;
        /* grow for a while, then shrink: elements >= stable come and go */
        if (calls < 200)
            for (long k = 0; k < churn / 300 && next < stable + churn; k++)
                add(&h, next++);
        else
            for (long k = 0; k < churn / 150 && next > stable; k++)
                del(&h, --next);
    } while (cursor != 0);
    for (long i = 0; i < stable; i++)
        assert_int_equal(s.mark[i], 1);
    free(s.mark);
    htab_clear(&h, xfree);
    degenerate = 0;
}

static void test_scan_guarantee(void **state) {
    scan_guarantee(0, 2000, 60000);
}

static void test_scan_guarantee_chains(void **state) {
    scan_guarantee(1, 300, 3000);
}

static void test_scan_complete_no_dups_when_stable(void **state) {
    struct htab h;
    htab_init(&h, &T);
    const long n = 5000;
    for (long i = 0; i < n; i++)
        add(&h, i);
    for (int k = 0; k < 100000 && htab_is_rehashing(&h); k++)
        has(&h, 0);
    unsigned char *mark = calloc(n, 1);
    unsigned long cursor = 0;
    struct seen s = {mark, n};
    (void)s;
    do {
        struct seen t = {calloc(n, 1), n};
        cursor = htab_scan(&h, cursor, scan_cb, &t);
        for (long i = 0; i < n; i++) {
            if (t.mark[i]) {
                assert_int_equal(mark[i], 0); /* no table change: no duplicates */
                mark[i] = 1;
            }
        }
        free(t.mark);
    } while (cursor);
    for (long i = 0; i < n; i++)
        assert_int_equal(mark[i], 1);
    free(mark);
    htab_clear(&h, xfree);
}

static void test_random_and_pop(void **state) {
    struct htab h;
    htab_init(&h, &T);
    const long n = 20;
    for (long i = 0; i < n; i++)
        add(&h, i);
    long hist[20] = {0};
    for (int k = 0; k < 20000; k++) {
        long id = id_of(htab_random(&h));
        assert_true(id >= 0 && id < n);
        hist[id]++;
    }
    for (long i = 0; i < n; i++)
        assert_true(hist[i] > 700 && hist[i] < 1300); /* 1000 expected */
    unsigned char seen[20] = {0};
    for (long i = 0; i < n; i++) {
        struct el *e = htab_pop_random(&h);
        long id = id_of(e);
        assert_int_equal(seen[id], 0);
        seen[id] = 1;
        xfree(e);
        assert_int_equal(htab_size(&h), n - 1 - i);
    }
    assert_null(htab_pop_random(&h));
    /* big table with chains: pops empty it exactly */
    for (long i = 0; i < 50000; i++)
        add(&h, i);
    long popped = 0;
    struct el *e;
    while ((e = htab_pop_random(&h)) != NULL) {
        xfree(e);
        popped++;
    }
    assert_int_equal(popped, 50000);
    htab_clear(&h, xfree);
}

/* A big table emptied down to a few elements (shrinking as it goes): random
 * picks only return members and pops empty it exactly. */
static void test_random_sparse(void **state) {
    struct htab h;
    htab_init(&h, &T);
    for (long i = 0; i < 200000; i++)
        add(&h, i);
    for (long i = 0; i < 199990; i++)
        del(&h, i);
    for (int k = 0; k < 2000; k++) {
        long id = id_of(htab_random(&h));
        assert_true(id >= 199990 && id < 200000);
    }
    long popped = 0;
    struct el *e;
    while ((e = htab_pop_random(&h)) != NULL) {
        assert_true(id_of(e) >= 199990);
        xfree(e);
        popped++;
    }
    assert_int_equal(popped, 10);
    htab_clear(&h, xfree);
}

/* Randomized comparison against a membership array. */
static void test_model(void **state) {
    for (int degen = 0; degen < 2; degen++) {
        degenerate = degen;
        struct htab h;
        htab_init(&h, &T);
        const long space = degen ? 800 : 20000;
        unsigned char *in = calloc(space, 1);
        long count = 0;
        srandom(1234 + degen);
        for (long op = 0; op < 300000; op++) {
            long i = random() % space;
            int r = random() % 10;
            if (r < 5) {
                int added = add(&h, i);
                assert_int_equal(added, !in[i]);
                if (added) in[i] = 1, count++;
            } else if (r < 8) {
                int d = del(&h, i);
                assert_int_equal(d, in[i]);
                if (d) in[i] = 0, count--;
            } else if (r < 9) {
                assert_int_equal(has(&h, i), in[i]);
            } else if (count) {
                struct el *e = htab_pop_random(&h);
                long id = id_of(e);
                assert_int_equal(in[id], 1);
                in[id] = 0, count--;
                xfree(e);
            }
            assert_int_equal(htab_size(&h), count);
        }
        struct htab_iter it;
        htab_iter_init(&it, &h);
        long n = 0;
        void *e;
        while ((e = htab_iter_next(&it)) != NULL) {
            assert_int_equal(in[id_of(e)], 1);
            n++;
        }
        htab_iter_end(&it);
        assert_int_equal(n, count);
        struct htab_stats s0, s1;
        htab_stats(&h, 0, &s0);
        htab_stats(&h, 1, &s1);
        assert_int_equal(s0.child_buckets + s1.child_buckets, h.children); /* the running count */
        free(in);
        htab_clear(&h, xfree);
    }
    degenerate = 0;
}

static void test_mem_and_stats(void **state) {
    struct htab h;
    htab_init(&h, &T);
    for (long i = 0; i < 10000; i++)
        add(&h, i);
    for (int k = 0; k < 100000 && htab_is_rehashing(&h); k++)
        has(&h, 0);
    struct htab_stats st;
    htab_stats(&h, 0, &st);
    assert_int_equal(st.elements, 10000);
    assert_true(st.buckets * 6 > 10000 && st.buckets * 3 <= 10000 * 2);
    /* table bytes per element stay small */
    assert_true(htab_mem(&h) / 10000 < 24);
    htab_clear(&h, xfree);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_basic),
        cmocka_unit_test(test_grow_shrink),
        cmocka_unit_test(test_long_chains),
        cmocka_unit_test(test_rehash_is_incremental),
        cmocka_unit_test(test_scan_guarantee),
        cmocka_unit_test(test_scan_guarantee_chains),
        cmocka_unit_test(test_scan_complete_no_dups_when_stable),
        cmocka_unit_test(test_random_and_pop),
        cmocka_unit_test(test_random_sparse),
        cmocka_unit_test(test_model),
        cmocka_unit_test(test_mem_and_stats),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
