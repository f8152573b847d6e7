/* Unit tests for zbtree: score encodings through round trips, splits and
 * merges at leaf/node boundaries, and randomized comparisons against a sorted
 * array model (inserts, deletes, score updates, lookups, ranks, score and
 * member counts, forward/backward iteration, copies), with zbt_check after
 * every batch. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "zbtree.h"

/* ---------------------------------------------------------------- model */

struct el {
    double s;
    char m[80];
    size_t ml;
};

struct model {
    struct el *v;
    size_t n, cap;
};

static int el_cmp(const struct el *a, double s, const char *m, size_t ml) {
    if (a->s < s) return -1;
    if (a->s > s) return 1;
    size_t n = a->ml < ml ? a->ml : ml;
    int c = memcmp(a->m, m, n);
    if (c) return c;
    return a->ml < ml ? -1 : a->ml > ml;
}

static long model_find(struct model *md, const char *m, size_t ml) {
    for (size_t i = 0; i < md->n; i++)
        if (md->v[i].ml == ml && memcmp(md->v[i].m, m, ml) == 0) return (long)i;
    return -1;
}

static void model_insert(struct model *md, const char *m, size_t ml, double s) {
    if (md->n == md->cap) {
        md->cap = md->cap ? md->cap * 2 : 64;
        md->v = realloc(md->v, md->cap * sizeof(*md->v));
    }
    size_t i = 0;
    while (i < md->n && el_cmp(&md->v[i], s, m, ml) < 0)
        i++;
    memmove(&md->v[i + 1], &md->v[i], (md->n - i) * sizeof(*md->v));
    md->v[i].s = s;
    memcpy(md->v[i].m, m, ml);
    md->v[i].ml = ml;
    md->n++;
}

static void model_delete(struct model *md, size_t i) {
    memmove(&md->v[i], &md->v[i + 1], (md->n - i - 1) * sizeof(*md->v));
    md->n--;
}

/* Members with long shared prefixes (to exercise prefix compression), some
 * empty, some long. */
static size_t random_member(char *buf, unsigned range) {
    int kind = rand() % 10;
    unsigned id = (unsigned)rand() % range;
    if (kind == 0) return (size_t)snprintf(buf, 80, "%u", id);
    if (kind == 1 && id == 0) return 0;
    if (kind == 2)
        return (size_t)snprintf(buf, 80, "a-very-long-common-prefix-for-many-members:%07u:tail",
                                id);
    return (size_t)snprintf(buf, 80, "player:%013u", id);
}

static double random_score(void) {
    switch (rand() % 8) {
    case 0: return (double)(rand() % 5);          /* many ties */
    case 1: return (double)(rand() % 1000) / 7.0; /* fractions */
    case 2: return -(double)(rand() % 100000);
    case 3: return (double)rand() * 1000.0; /* multi-byte integers */
    case 4: return rand() % 50 == 0 ? INFINITY : 1e300;
    case 5: return rand() % 50 == 0 ? -INFINITY : -0.0;
    default: return (double)(rand() % 10000000);
    }
}

static void check_same(struct zbt *t, struct model *md) {
    assert_int_equal(zbt_check(t), 0);
    assert_int_equal(zbt_len(t), md->n);
    struct zbt_iter it;
    zbt_iter_init(&it, t);
    size_t i = 0;
    for (zbt_seek_rank(&it, 0); it.valid; zbt_next(&it), i++) {
        assert_true(i < md->n);
        assert_int_equal(it.rank, i);
        assert_int_equal(it.mlen, md->v[i].ml);
        assert_memory_equal(it.m, md->v[i].m, it.mlen);
        assert_memory_equal(&it.score, &md->v[i].s, sizeof(double));
    }
    assert_int_equal(i, md->n);
    /* backwards from the end */
    if (md->n) {
        zbt_seek_rank(&it, md->n - 1);
        for (i = md->n; it.valid; zbt_prev(&it)) {
            i--;
            assert_int_equal(it.rank, i);
            assert_int_equal(it.mlen, md->v[i].ml);
            assert_memory_equal(it.m, md->v[i].m, it.mlen);
        }
        assert_int_equal(i, 0);
    }
    zbt_iter_release(&it);
}

/* ---------------------------------------------------------------- tests */

static void test_empty(void **state) {
    struct zbt *t = zbt_new();
    double s;
    assert_int_equal(zbt_len(t), 0);
    assert_int_equal(zbt_score(t, "x", 1, &s), 0);
    assert_int_equal(zbt_count_score_below(t, 5, 1), 0);
    assert_int_equal(zbt_count_member_below(t, "x", 1, 1), 0);
    struct zbt_iter it;
    zbt_iter_init(&it, t);
    zbt_seek_rank(&it, 0);
    assert_false(it.valid);
    zbt_iter_release(&it);
    assert_int_equal(zbt_check(t), 0);
    zbt_free(t);
}

static void test_score_roundtrip(void **state) {
    static const double scores[] = {0,
                                    -0.0,
                                    1,
                                    223,
                                    224,
                                    255,
                                    256,
                                    -1,
                                    -223,
                                    65535,
                                    65536,
                                    16777215,
                                    1e15,
                                    -1e15,
                                    0.5,
                                    -0.5,
                                    1e300,
                                    -1e300,
                                    INFINITY,
                                    -INFINITY,
                                    9007199254740992.0,
                                    -9007199254740992.0,
                                    9007199254740994.0,
                                    4.9406564584124654e-324,
                                    3.14159};
    struct zbt *t = zbt_new();
    char m[32];
    size_t n = sizeof(scores) / sizeof(scores[0]);
    for (size_t i = 0; i < n; i++) {
        int l = snprintf(m, sizeof(m), "m%zu", i);
        zbt_insert(t, m, (size_t)l, scores[i]);
    }
    assert_int_equal(zbt_check(t), 0);
    for (size_t i = 0; i < n; i++) {
        int l = snprintf(m, sizeof(m), "m%zu", i);
        double s;
        assert_true(zbt_score(t, m, (size_t)l, &s));
        assert_memory_equal(&s, &scores[i], sizeof(double)); /* bit-exact, -0 included */
    }
    zbt_free(t);
}

/* Sequential inserts grow the tree through several levels; deleting it all
 * from the front, then from the back, shrinks it to an empty root leaf. */
static void test_grow_and_shrink(void **state) {
    struct zbt *t = zbt_new();
    char m[32];
    const int N = 60000;
    for (int i = 0; i < N; i++) {
        int l = snprintf(m, sizeof(m), "player:%013d", i);
        zbt_insert(t, m, (size_t)l, (double)(i / 3));
    }
    assert_int_equal(zbt_check(t), 0);
    assert_true(zbt_height(t) >= 2);
    for (int i = 0; i < N; i += 1000) {
        int l = snprintf(m, sizeof(m), "player:%013d", i);
        assert_int_equal(zbt_rank(t, m, (size_t)l, (double)(i / 3)), i);
    }
    assert_int_equal(zbt_count_score_below(t, 100, 0), 300);
    assert_int_equal(zbt_count_score_below(t, 100, 1), 303);
    for (int i = 0; i < N / 2; i++) {
        int l = snprintf(m, sizeof(m), "player:%013d", i);
        zbt_delete(t, m, (size_t)l, (double)(i / 3));
    }
    assert_int_equal(zbt_check(t), 0);
    for (int i = N - 1; i >= N / 2; i--) {
        int l = snprintf(m, sizeof(m), "player:%013d", i);
        zbt_delete(t, m, (size_t)l, (double)(i / 3));
    }
    assert_int_equal(zbt_check(t), 0);
    assert_int_equal(zbt_len(t), 0);
    assert_int_equal(zbt_height(t), 0);
    assert_int_equal(zbt_index_cap(t), 16);
    zbt_free(t);
}

/* Members much larger than a leaf live in leaves of their own. */
static void test_big_members(void **state) {
    struct zbt *t = zbt_new();
    size_t big = 5000;
    char *m = malloc(big + 16);
    for (int i = 0; i < 40; i++) {
        memset(m, 'a' + (i % 26), big);
        int l = snprintf(m + big, 16, "%d", i);
        zbt_insert(t, m, big + (size_t)l, (double)(i % 4));
    }
    assert_int_equal(zbt_check(t), 0);
    for (int i = 0; i < 40; i += 2) {
        memset(m, 'a' + (i % 26), big);
        int l = snprintf(m + big, 16, "%d", i);
        double s;
        assert_true(zbt_score(t, m, big + (size_t)l, &s));
        assert_true(s == (double)(i % 4));
        zbt_delete(t, m, big + (size_t)l, s);
    }
    assert_int_equal(zbt_check(t), 0);
    assert_int_equal(zbt_len(t), 20);
    free(m);
    zbt_free(t);
}

static void run_random(unsigned seed, int ops, unsigned range) {
    srand(seed);
    struct zbt *t = zbt_new();
    struct model md = {0};
    char m[80];
    for (int op = 0; op < ops; op++) {
        int what = rand() % 100;
        size_t ml = random_member(m, range);
        long at = model_find(&md, m, ml);
        double s;
        if (what < 55) { /* add or update */
            double ns = random_score();
            if (at < 0) {
                assert_false(zbt_score(t, m, ml, &s));
                zbt_insert(t, m, ml, ns);
                model_insert(&md, m, ml, ns);
            } else {
                double old = md.v[at].s;
                assert_true(zbt_score(t, m, ml, &s));
                assert_memory_equal(&s, &old, sizeof(double));
                zbt_update(t, m, ml, old, ns);
                model_delete(&md, (size_t)at);
                model_insert(&md, m, ml, ns);
            }
        } else if (what < 80) { /* delete */
            if (at >= 0) {
                zbt_delete(t, m, ml, md.v[at].s);
                model_delete(&md, (size_t)at);
            } else {
                assert_false(zbt_score(t, m, ml, &s));
            }
        } else if (what < 90) { /* rank and lookup */
            if (at >= 0) {
                assert_true(zbt_score(t, m, ml, &s));
                assert_int_equal(zbt_rank(t, m, ml, s), at);
            }
        } else if (what < 95) { /* score counts */
            double q = random_score();
            size_t lt = 0, le = 0;
            for (size_t i = 0; i < md.n; i++) {
                if (md.v[i].s < q) lt++;
                if (md.v[i].s <= q) le++;
            }
            assert_int_equal(zbt_count_score_below(t, q, 0), lt);
            assert_int_equal(zbt_count_score_below(t, q, 1), le);
        } else if (md.n) { /* random seek and a short walk both ways */
            size_t r = (size_t)rand() % md.n;
            struct zbt_iter it;
            zbt_iter_init(&it, t);
            zbt_seek_rank(&it, r);
            for (size_t i = r; i < md.n && i < r + 50; i++, zbt_next(&it)) {
                assert_true(it.valid);
                assert_int_equal(it.mlen, md.v[i].ml);
                assert_memory_equal(it.m, md.v[i].m, it.mlen);
            }
            zbt_seek_rank(&it, r);
            for (size_t i = r + 1; i-- > 0 && i + 50 > r; zbt_prev(&it)) {
                assert_true(it.valid);
                assert_int_equal(it.mlen, md.v[i].ml);
                assert_memory_equal(it.m, md.v[i].m, it.mlen);
            }
            zbt_iter_release(&it);
        }
        if (op % 5000 == 4999) check_same(t, &md);
    }
    check_same(t, &md);
    struct zbt *d = zbt_dup(t);
    check_same(d, &md);
    assert_int_equal(zbt_mem(d) > 0, 1);
    zbt_free(t);
    /* the copy stands alone */
    while (md.n) {
        size_t i = (size_t)rand() % md.n;
        zbt_delete(d, md.v[i].m, md.v[i].ml, md.v[i].s);
        model_delete(&md, i);
        if (md.n % 700 == 0) check_same(d, &md);
    }
    check_same(d, &md);
    zbt_free(d);
    free(md.v);
}

static void test_random_small(void **state) {
    run_random(1, 20000, 300);
}

static void test_random_large(void **state) {
    run_random(2, 30000, 10000);
}

/* With equal scores the members are sorted, and member counts are exact. */
static void test_member_counts(void **state) {
    srand(3);
    struct zbt *t = zbt_new();
    struct model md = {0};
    char m[80];
    for (int i = 0; i < 8000; i++) {
        size_t ml = random_member(m, 5000);
        if (model_find(&md, m, ml) >= 0) continue;
        zbt_insert(t, m, ml, 7);
        model_insert(&md, m, ml, 7);
    }
    assert_int_equal(zbt_check(t), 0);
    for (int q = 0; q < 2000; q++) {
        size_t ml = random_member(m, 6000);
        if (q % 3 == 0) ml = ml ? ml - 1 : 0; /* prefixes */
        size_t lt = 0, le = 0;
        for (size_t i = 0; i < md.n; i++) {
            int c = el_cmp(&md.v[i], 7, m, ml);
            if (c < 0) lt++;
            if (c <= 0) le++;
        }
        assert_int_equal(zbt_count_member_below(t, m, ml, 0), lt);
        assert_int_equal(zbt_count_member_below(t, m, ml, 1), le);
    }
    zbt_free(t);
    free(md.v);
}

/* Memory per element for the leaderboard shape stays small. */
static void test_memory_leaderboard(void **state) {
    srand(4);
    struct zbt *t = zbt_new();
    char m[32];
    const int N = 100000;
    for (int i = 0; i < N; i++) {
        int l = snprintf(m, sizeof(m), "player:%013d", i);
        zbt_insert(t, m, (size_t)l, (double)(rand() % 10000000));
    }
    assert_int_equal(zbt_check(t), 0);
    double per = (double)zbt_mem(t) / N;
    printf("leaderboard shape: %.1f bytes per member\n", per);
    assert_true(per < 48);
    zbt_free(t);
}

int main(void) {
    mem_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty),           cmocka_unit_test(test_score_roundtrip),
        cmocka_unit_test(test_grow_and_shrink), cmocka_unit_test(test_big_members),
        cmocka_unit_test(test_random_small),    cmocka_unit_test(test_random_large),
        cmocka_unit_test(test_member_counts),   cmocka_unit_test(test_memory_leaderboard),
    };
    return cmocka_run_group_tests_name("zbtree", tests, NULL, NULL);
}
