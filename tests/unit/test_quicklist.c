/* Unit tests for the quicklist: node filling by the fill rule, plain nodes for
 * big elements, splits and merges, iteration both ways with deletion, and a
 * randomized comparison of every operation against a plain array model under
 * several fill settings and packed thresholds. */
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
#include "quicklist.h"

static void assert_entry(const struct ql_entry *e, const char *want, size_t wlen) {
    unsigned char buf[32];
    size_t len;
    const unsigned char *s = ql_entry_str(e, &len, buf);
    assert_int_equal(len, wlen);
    assert_memory_equal(s, want, wlen);
}

static void push_str(struct quicklist *ql, const char *s, int where) {
    ql_push(ql, s, strlen(s), where);
}

static void test_push_index_iterate(void **state) {
    struct quicklist *ql = ql_new(-2, 0);
    push_str(ql, "b", QL_TAIL);
    push_str(ql, "a", QL_HEAD);
    push_str(ql, "123", QL_TAIL);
    push_str(ql, "-7", QL_TAIL);
    assert_int_equal(ql->count, 4);
    assert_int_equal(ql->len, 1);
    struct ql_entry e;
    assert_true(ql_index(ql, 0, &e));
    assert_entry(&e, "a", 1);
    assert_true(ql_index(ql, -1, &e));
    assert_null(e.s); /* stored as an integer */
    assert_int_equal(e.v, -7);
    assert_true(ql_index(ql, 2, &e));
    assert_entry(&e, "123", 3);
    assert_false(ql_index(ql, 4, &e));
    assert_false(ql_index(ql, -5, &e));
    static const char *fw[] = {"a", "b", "123", "-7"};
    struct ql_iter it;
    int i = 0;
    ql_iter_init(&it, ql, 0, QL_TAIL);
    while (ql_next(&it, &e))
        assert_entry(&e, fw[i], strlen(fw[i])), i++;
    assert_int_equal(i, 4);
    ql_iter_init(&it, ql, -1, QL_HEAD);
    while (ql_next(&it, &e))
        i--, assert_entry(&e, fw[i], strlen(fw[i]));
    assert_int_equal(i, 0);
    ql_iter_init(&it, ql, 10, QL_TAIL);
    assert_false(ql_next(&it, &e));
    assert_true(ql_check(ql));
    ql_free(ql);
}

/* With 16-byte elements and the default 8 KB nodes, a node holds 454 of them
 * (7 + 18 * 454 = 8179 bytes), like Redis. */
static void test_fill_by_size(void **state) {
    struct quicklist *ql = ql_new(-2, 0);
    char v[17];
    for (int i = 0; i < 1000; i++) {
        snprintf(v, sizeof(v), "%016x", i | 0x10000000);
        ql_push(ql, v, 16, QL_TAIL);
    }
    assert_int_equal(ql->len, 3);
    assert_int_equal(ql->head->count, 454);
    assert_int_equal(ql->head->sz, 8179);
    assert_true(ql_check(ql));
    ql_free(ql);
}

static void test_fill_by_count(void **state) {
    struct quicklist *ql = ql_new(5, 0);
    for (int i = 0; i < 12; i++)
        push_str(ql, "x", QL_TAIL);
    assert_int_equal(ql->len, 3);
    assert_int_equal(ql->head->count, 5);
    assert_int_equal(ql->tail->count, 2);
    ql_free(ql);
    ql = ql_new(0, 0); /* fill 0: one element per node */
    for (int i = 0; i < 4; i++)
        push_str(ql, "x", QL_HEAD);
    assert_int_equal(ql->len, 4);
    assert_true(ql_check(ql));
    ql_free(ql);
}

static void test_plain_nodes(void **state) {
    ql_set_packed_threshold(10);
    struct quicklist *ql = ql_new(-2, 0);
    push_str(ql, "aa", QL_TAIL);
    push_str(ql, "0123456789", QL_TAIL); /* 10 bytes: plain */
    push_str(ql, "bb", QL_TAIL);
    assert_int_equal(ql->len, 3);
    assert_true(ql->head->next->plain);
    struct ql_entry e;
    assert_true(ql_index(ql, 1, &e));
    assert_entry(&e, "0123456789", 10);
    /* plain -> packed and back */
    ql_replace(ql, &e, "small", 5);
    assert_false(ql->head->next && ql->head->next->plain);
    assert_true(ql_index(ql, 1, &e));
    assert_entry(&e, "small", 5);
    ql_replace(ql, &e, "a-big-element", 13);
    assert_true(ql_index(ql, 1, &e));
    assert_entry(&e, "a-big-element", 13);
    assert_true(e.node->plain);
    assert_true(ql_check(ql));
    /* a big element into the middle of a packed node splits it */
    ql_free(ql);
    ql = ql_new(-2, 0);
    for (int i = 0; i < 5; i++)
        push_str(ql, "e", QL_TAIL);
    assert_true(ql_index(ql, 2, &e));
    ql_insert(ql, &e, "BIGBIGBIGBIG", 12, 0);
    assert_int_equal(ql->len, 3);
    assert_int_equal(ql->count, 6);
    assert_true(ql_index(ql, 2, &e));
    assert_entry(&e, "BIGBIGBIGBIG", 12);
    assert_true(ql_check(ql));
    ql_free(ql);
    ql_set_packed_threshold((size_t)1 << 30);
}

static void test_del_range_and_iter_delete(void **state) {
    struct quicklist *ql = ql_new(3, 0);
    char v[16];
    for (int i = 0; i < 10; i++) {
        snprintf(v, sizeof(v), "%d", i % 2 ? 1 : i);
        push_str(ql, v, QL_TAIL);
    }
    /* 0 1 2 1 4 1 6 1 8 1: delete every "1" walking backwards */
    struct ql_needle nd;
    ql_needle_init(&nd, "1", 1);
    struct ql_iter it;
    struct ql_entry e;
    ql_iter_init(&it, ql, -1, QL_HEAD);
    int seen = 0;
    while (ql_next(&it, &e)) {
        seen++;
        if (ql_entry_eq(&e, &nd)) ql_iter_delete(&it, &e);
    }
    assert_int_equal(seen, 10);
    assert_int_equal(ql->count, 5);
    assert_true(ql_check(ql));
    assert_int_equal(ql_del_range(ql, 1, 100), 4);
    assert_int_equal(ql->count, 1);
    assert_true(ql_index(ql, 0, &e));
    assert_entry(&e, "0", 1);
    assert_int_equal(ql_del_range(ql, -1, 1), 1);
    assert_int_equal(ql->count, 0);
    assert_null(ql->head);
    assert_true(ql_check(ql));
    ql_free(ql);
}

static void test_needle(void **state) {
    struct quicklist *ql = ql_new(-2, 0);
    push_str(ql, "10", QL_TAIL);
    push_str(ql, "010", QL_TAIL);
    struct ql_needle a, b;
    ql_needle_init(&a, "10", 2);
    ql_needle_init(&b, "010", 3);
    struct ql_entry e;
    ql_index(ql, 0, &e);
    assert_true(ql_entry_eq(&e, &a));
    assert_false(ql_entry_eq(&e, &b));
    ql_index(ql, 1, &e);
    assert_false(ql_entry_eq(&e, &a));
    assert_true(ql_entry_eq(&e, &b));
    ql_free(ql);
}

static void test_from_listpack_and_dup(void **state) {
    unsigned char *lp = lp_new(0);
    lp = lp_append(lp, (const unsigned char *)"x", 1);
    lp = lp_append(lp, (const unsigned char *)"42", 2);
    struct quicklist *ql = ql_from_listpack(lp, -2, 0);
    assert_int_equal(ql->count, 2);
    struct quicklist *d = ql_dup(ql);
    ql_free(ql);
    struct ql_entry e;
    assert_true(ql_index(d, 1, &e));
    assert_entry(&e, "42", 2);
    assert_true(ql_check(d));
    assert_true(ql_mem(d) > 0);
    ql_free(d);
    ql = ql_from_listpack(lp_new(0), -2, 0);
    assert_int_equal(ql->count, 0);
    assert_int_equal(ql->len, 0);
    ql_free(ql);
}

/* ql_push_many must build exactly what one ql_push per element builds. */
struct elems {
    char **s;
    size_t *len;
};

static const void *elem_at(void *ctx, size_t i, size_t *len) {
    struct elems *e = ctx;
    *len = e->len[i];
    return e->s[i];
}

static size_t random_value(char *buf);

static void test_push_many_matches_push(void **state) {
    static const int fills[] = {-2, -1, 3, 1, -5};
    static const size_t thresholds[] = {(size_t)1 << 30, 100, 1};
    static char buf[6000];
    srand(77);
    for (int round = 0; round < 60; round++) {
        int fill = fills[round % 5];
        ql_set_packed_threshold(thresholds[round % 3]);
        struct quicklist *a = ql_new(fill, 0), *b = ql_new(fill, 0);
        for (int batch = 0; batch < 6; batch++) {
            size_t n = (size_t)(rand() % 120) + 1;
            struct elems e = {malloc(sizeof(char *) * n), malloc(sizeof(size_t) * n)};
            for (size_t i = 0; i < n; i++) {
                e.len[i] = random_value(buf) % 700;
                e.s[i] = malloc(e.len[i] + 1);
                memcpy(e.s[i], buf, e.len[i]);
            }
            int where = rand() % 2 ? QL_HEAD : QL_TAIL;
            for (size_t i = 0; i < n; i++)
                ql_push(a, e.s[i], e.len[i], where);
            ql_push_many(b, n, elem_at, &e, where);
            for (size_t i = 0; i < n; i++)
                free(e.s[i]);
            free(e.s);
            free(e.len);
            assert_true(ql_check(b));
            assert_int_equal(a->count, b->count);
            assert_int_equal(a->len, b->len);
            for (struct qlnode *x = a->head, *y = b->head; x; x = x->next, y = y->next) {
                assert_int_equal(x->sz, y->sz);
                assert_int_equal(x->plain, y->plain);
                assert_memory_equal(x->data, y->data, x->sz);
            }
        }
        ql_free(a);
        ql_free(b);
    }
    ql_set_packed_threshold((size_t)1 << 30);
}

/* ------------------------------------------------------------ randomized model */

struct val {
    char *s;
    size_t len;
};

struct model {
    struct val *v;
    size_t n, cap;
};

static void model_insert(struct model *m, size_t at, const char *s, size_t len) {
    if (m->n == m->cap) {
        m->cap = m->cap ? m->cap * 2 : 64;
        m->v = realloc(m->v, sizeof(*m->v) * m->cap);
    }
    memmove(m->v + at + 1, m->v + at, sizeof(*m->v) * (m->n - at));
    m->v[at].s = malloc(len + 1);
    memcpy(m->v[at].s, s, len);
    m->v[at].len = len;
    m->n++;
}

static void model_delete(struct model *m, size_t at, size_t count) {
    for (size_t i = at; i < at + count; i++)
        free(m->v[i].s);
    memmove(m->v + at, m->v + at + count, sizeof(*m->v) * (m->n - at - count));
    m->n -= count;
}

static size_t random_value(char *buf) {
    switch (rand() % 6) {
    case 0: return (size_t)sprintf(buf, "%d", rand() % 300 - 150);
    case 1: return (size_t)sprintf(buf, "%lld", (long long)rand() * rand() * (rand() % 2 ? 1 : -1));
    case 2: return (size_t)sprintf(buf, "v%d", rand() % 20);
    case 3: return (size_t)sprintf(buf, "0%d", rand() % 10); /* not canonical: a string */
    case 4: {
        size_t len = 20 + (size_t)(rand() % 300);
        memset(buf, 'a' + rand() % 26, len);
        return len;
    }
    default: {
        size_t len = (size_t)(rand() % 5000);
        memset(buf, 'A' + rand() % 26, len);
        return len;
    }
    }
}

static void compare(struct quicklist *ql, struct model *m) {
    assert_true(ql_check(ql));
    assert_int_equal(ql->count, m->n);
    struct ql_iter it;
    struct ql_entry e;
    size_t i = 0;
    ql_iter_init(&it, ql, 0, QL_TAIL);
    while (ql_next(&it, &e)) {
        assert_true(i < m->n);
        assert_entry(&e, m->v[i].s, m->v[i].len);
        i++;
    }
    assert_int_equal(i, m->n);
    ql_iter_init(&it, ql, -1, QL_HEAD);
    while (ql_next(&it, &e)) {
        i--;
        assert_entry(&e, m->v[i].s, m->v[i].len);
    }
    assert_int_equal(i, 0);
}

/* Element i of a struct model for ql_push_many. */
static const void *model_elem(void *ctx, size_t i, size_t *len) {
    struct val *v = ctx;
    *len = v[i].len;
    return v[i].s;
}

/* Compression rule check after an operation; returns the compressed node count. */
static long check_compression(struct quicklist *ql) {
    long c = ql_check_compression(ql);
    assert_true(c >= 0);
    ql_close(ql);
    c = ql_check_compression(ql);
    assert_true(c >= 0);
    assert_true(ql->open == NULL);
    return c;
}

static long compressed_seen; /* compressed nodes seen by random_run checks */

static void random_run_depth(int fill, size_t threshold, unsigned seed, int ops, int depth) {
    srand(seed);
    ql_set_packed_threshold(threshold);
    struct quicklist *ql = ql_new(fill, depth);
    struct model m = {0};
    static char buf[6000];
    struct ql_entry e;
    for (int op = 0; op < ops; op++) {
        size_t len = random_value(buf);
        int r = rand() % 100;
        if (r < 4) { /* several at once */
            struct val many[5];
            size_t k = 1 + (size_t)(rand() % 5);
            int head = rand() % 2;
            for (size_t j = 0; j < k; j++) {
                many[j].len = random_value(buf);
                many[j].s = malloc(many[j].len + 1);
                memcpy(many[j].s, buf, many[j].len);
            }
            ql_push_many(ql, k, model_elem, many, head ? QL_HEAD : QL_TAIL);
            for (size_t j = 0; j < k; j++) {
                model_insert(&m, head ? 0 : m.n, many[j].s, many[j].len);
                free(many[j].s);
            }
        } else if (r < 30 || m.n == 0) {
            int head = rand() % 2;
            ql_push(ql, buf, len, head ? QL_HEAD : QL_TAIL);
            model_insert(&m, head ? 0 : m.n, buf, len);
        } else if (r < 45) {
            size_t at = (size_t)rand() % m.n;
            int after = rand() % 2;
            assert_true(ql_index(ql, (long)at, &e));
            ql_insert(ql, &e, buf, len, after);
            model_insert(&m, at + (size_t)after, buf, len);
        } else if (r < 55) {
            size_t at = (size_t)rand() % m.n;
            long idx = rand() % 2 ? (long)at : (long)at - (long)m.n;
            assert_true(ql_index(ql, idx, &e));
            ql_replace(ql, &e, buf, len);
            free(m.v[at].s);
            m.v[at].s = malloc(len + 1);
            memcpy(m.v[at].s, buf, len);
            m.v[at].len = len;
        } else if (r < 65) {
            size_t at = (size_t)rand() % m.n;
            size_t count = (size_t)rand() % 8;
            long start = rand() % 2 ? (long)at : (long)at - (long)m.n;
            unsigned long got = ql_del_range(ql, start, count);
            size_t want = count > m.n - at ? m.n - at : count;
            assert_int_equal(got, want);
            model_delete(&m, at, want);
        } else if (r < 75) {
            /* LREM-like: delete elements equal to a model value, either direction */
            struct val target = m.v[(size_t)rand() % m.n];
            char *copy = malloc(target.len + 1);
            memcpy(copy, target.s, target.len);
            struct ql_needle nd;
            ql_needle_init(&nd, copy, target.len);
            int back = rand() % 2;
            size_t limit = (size_t)(rand() % 3);
            size_t removed = 0;
            struct ql_iter it;
            ql_iter_init(&it, ql, back ? -1 : 0, back ? QL_HEAD : QL_TAIL);
            while (ql_next(&it, &e)) {
                if (ql_entry_eq(&e, &nd)) {
                    ql_iter_delete(&it, &e);
                    removed++;
                    if (limit && removed == limit) break;
                }
            }
            size_t mremoved = 0;
            for (size_t k = 0; k < m.n && !(limit && mremoved == limit);) {
                size_t i = back ? m.n - 1 - k : k;
                if (m.v[i].len == target.len && memcmp(m.v[i].s, copy, target.len) == 0) {
                    model_delete(&m, i, 1);
                    mremoved++;
                } else {
                    k++;
                }
            }
            assert_int_equal(removed, mremoved);
            free(copy);
        } else if (r < 90) {
            long idx = (long)(rand() % (int)(m.n * 2 + 1)) - (long)m.n;
            int found = ql_index(ql, idx, &e);
            long want = idx < 0 ? idx + (long)m.n : idx;
            assert_int_equal(found, want >= 0 && want < (long)m.n);
            if (found) assert_entry(&e, m.v[want].s, m.v[want].len);
        } else {
            struct quicklist *d = ql_dup(ql);
            ql_free(ql);
            ql = d;
        }
        if (depth) {
            long c = ql_check_compression(ql); /* the open node may be raw */
            assert_true(c >= 0);
            if (op % 16 == 0) compressed_seen += check_compression(ql);
        }
        if (op % 16 == 0 || op == ops - 1) compare(ql, &m);
    }
    if (depth) compressed_seen += check_compression(ql);
    compare(ql, &m);
    ql_free(ql);
    model_delete(&m, 0, m.n);
    free(m.v);
    ql_set_packed_threshold((size_t)1 << 30);
}

static void random_run(int fill, size_t threshold, unsigned seed, int ops) {
    random_run_depth(fill, threshold, seed, ops, 0);
}

static void test_random_default(void **state) {
    random_run(-2, (size_t)1 << 30, 1, 3000);
}

static void test_random_small_nodes(void **state) {
    random_run(-1, (size_t)1 << 30, 2, 3000);
    random_run(4, (size_t)1 << 30, 3, 3000);
    random_run(1, (size_t)1 << 30, 4, 1500);
}

static void test_random_plain(void **state) {
    random_run(-2, 100, 5, 3000);
    random_run(3, 8, 6, 2000);
    random_run(-5, 1, 7, 1000);
}

/* The model run with inner nodes compressed: every operation still matches the
 * array, the compression rule holds after each one, and nodes do get compressed. */
static void test_random_compressed(void **state) {
    for (int depth = 1; depth <= 3; depth++) {
        compressed_seen = 0;
        random_run_depth(-2, (size_t)1 << 30, 10 + (unsigned)depth, 3000, depth);
        random_run_depth(4, (size_t)1 << 30, 20 + (unsigned)depth, 2000, depth);
        random_run_depth(-1, 100, 30 + (unsigned)depth, 2000, depth); /* plain nodes too */
        random_run_depth(1, (size_t)1 << 30, 40 + (unsigned)depth, 1000, depth);
        assert_true(compressed_seen > 100);
    }
}

/* Compressible elements: the inner nodes are compressed, the ends are not,
 * memory drops, reads see the data, dup keeps it compressed. */
static void test_compressed_layout(void **state) {
    struct quicklist *raw = ql_new(-2, 0), *ql = ql_new(-2, 1);
    char v[64];
    for (int i = 0; i < 5000; i++) {
        int n = snprintf(v, sizeof(v), "element number %d of a compressible list", i);
        ql_push(raw, v, (size_t)n, QL_TAIL);
        ql_push(ql, v, (size_t)n, QL_TAIL);
    }
    assert_true(ql->len > 10);
    assert_false(ql->head->compressed);
    assert_false(ql->tail->compressed);
    for (struct qlnode *n = ql->head->next; n != ql->tail; n = n->next)
        assert_true(n->compressed);
    assert_int_equal(ql_check_compression(ql), ql->len - 2);
    assert_true(ql_check(ql));
    assert_true(ql_mem(ql) * 2 < ql_mem(raw));
    struct ql_entry e;
    assert_true(ql_index(ql, 2500, &e));
    assert_entry(&e, "element number 2500 of a compressible list", 42);
    assert_false(e.node->compressed); /* open for the caller */
    assert_true(ql->open == e.node);
    ql_close(ql);
    assert_true(e.node->compressed);
    struct quicklist *d = ql_dup(ql);
    assert_int_equal(ql_check_compression(d), d->len - 2);
    assert_true(ql_check(d));
    assert_true(ql_index(d, -2500, &e));
    assert_entry(&e, "element number 2500 of a compressible list", 42);
    /* Small nodes (< 48 bytes) stay raw even when inner. */
    struct quicklist *small = ql_new(1, 1);
    for (int i = 0; i < 5; i++)
        ql_push(small, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 30, QL_TAIL);
    assert_int_equal(small->len, 5);
    assert_int_equal(ql_check_compression(small), 0);
    ql_free(small);
    ql_free(d);
    ql_free(ql);
    ql_free(raw);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_push_index_iterate),
        cmocka_unit_test(test_fill_by_size),
        cmocka_unit_test(test_fill_by_count),
        cmocka_unit_test(test_plain_nodes),
        cmocka_unit_test(test_del_range_and_iter_delete),
        cmocka_unit_test(test_needle),
        cmocka_unit_test(test_from_listpack_and_dup),
        cmocka_unit_test(test_push_many_matches_push),
        cmocka_unit_test(test_random_default),
        cmocka_unit_test(test_random_small_nodes),
        cmocka_unit_test(test_random_plain),
        cmocka_unit_test(test_random_compressed),
        cmocka_unit_test(test_compressed_layout),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
