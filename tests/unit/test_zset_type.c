/* Unit tests for sorted-set values (zset.h): the listpack bytes Redis would
 * store, the conversion to the tree exactly at the entries and value
 * thresholds (and never back), the encoding freshly built sets get, and a
 * randomized run of adds, increments and deletes against a model with the
 * entry linked in a database, so that it moves and converts for real. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "db.h"
#include "listpack.h"
#include "mem.h"
#include "server.h"
#include "util.h"
#include "zset.h"

static struct db *db;

static struct kv *get(const char *key) {
    return db_lookup(db, key, strlen(key), LOOKUP_NOTOUCH);
}

/* Adds (or updates) members of key, creating it like ZADD does. */
static void zadd(const char *key, double score, const char *m) {
    struct kv *o = get(key);
    struct zw w;
    if (o) {
        zw_open(&w, db, o);
    } else {
        int tree = cfg.zset_max_listpack_entries == 0 ||
                   (unsigned long long)cfg.zset_max_listpack_value < strlen(m);
        zw_create(&w, db, key, strlen(key), tree);
    }
    int out;
    double ns;
    assert_int_equal(zw_add(&w, score, m, strlen(m), 0, &out, &ns), 1);
    zw_close(&w);
}

static const char *enc(const char *key) {
    return kv_enc_name(get(key));
}

static void test_listpack_bytes(void **state) {
    cfg.zset_max_listpack_entries = 128;
    cfg.zset_max_listpack_value = 64;
    zadd("z", 2.5, "b");
    zadd("z", 1, "a");
    zadd("z", 1e300, "big");
    zadd("z", -0.0, "zero");
    zadd("z", 4611686018427387904.0, "p62");
    zadd("z", 9223372036854775807.0, "p63");
    assert_string_equal(enc("z"), "listpack");
    /* member, score pairs by score; integral scores within 2^62 as integers */
    unsigned char *want = lp_new(0);
    want = lp_append(want, (const unsigned char *)"zero", 4);
    want = lp_append_int(want, 0);
    want = lp_append(want, (const unsigned char *)"a", 1);
    want = lp_append_int(want, 1);
    want = lp_append(want, (const unsigned char *)"b", 1);
    want = lp_append(want, (const unsigned char *)"2.5", 3);
    want = lp_append(want, (const unsigned char *)"p62", 3);
    want = lp_append_int(want, 4611686018427387904LL);
    want = lp_append(want, (const unsigned char *)"p63", 3);
    want = lp_append(want, (const unsigned char *)"9.2233720368547758e+18", 22);
    want = lp_append(want, (const unsigned char *)"big", 3);
    want = lp_append(want, (const unsigned char *)"1.0000000000000001e+300", 23);
    size_t len;
    unsigned char *blob = kv_blob(get("z"), &len);
    assert_int_equal(len, lp_bytes(want));
    assert_memory_equal(blob, want, len);
    lp_free(want);
    assert_true(db_delete(db, "z", 1));
}

static void test_entries_threshold(void **state) {
    cfg.zset_max_listpack_entries = 128;
    cfg.zset_max_listpack_value = 64;
    char m[32];
    for (int i = 0; i < 128; i++) {
        snprintf(m, sizeof(m), "m%03d", i);
        zadd("z", 127 - i, m);
    }
    assert_string_equal(enc("z"), "listpack");
    zadd("z", 5, "m005"); /* an update is not an add */
    assert_string_equal(enc("z"), "listpack");
    zadd("z", 1000, "m128");
    assert_string_equal(enc("z"), "skiplist");
    struct zview v;
    zview_of(&v, get("z"));
    assert_int_equal(zview_len(&v), 129);
    double s;
    assert_true(zview_score(&v, "m000", 4, &s) && s == 127);
    assert_int_equal(zview_rank(&v, "m128", 4, 0), 128);
    /* deleting down to one member keeps the tree */
    struct zw w;
    zw_open(&w, db, get("z"));
    assert_int_equal(zw_del_ranks(&w, 0, 127), 128);
    zw_close(&w);
    assert_string_equal(enc("z"), "skiplist");
    assert_true(db_delete(db, "z", 1));
}

static void test_value_threshold(void **state) {
    cfg.zset_max_listpack_entries = 128;
    cfg.zset_max_listpack_value = 8;
    zadd("v", 1, "12345678");
    assert_string_equal(enc("v"), "listpack");
    zadd("v", 2, "123456789");
    assert_string_equal(enc("v"), "skiplist");
    zadd("w", 1, "123456789"); /* too long from the start */
    assert_string_equal(enc("w"), "skiplist");
    cfg.zset_max_listpack_entries = 0;
    zadd("x", 1, "a");
    assert_string_equal(enc("x"), "skiplist");
    cfg.zset_max_listpack_entries = 128;
    cfg.zset_max_listpack_value = 64;
    assert_true(db_delete(db, "v", 1) && db_delete(db, "w", 1) && db_delete(db, "x", 1));
}

static void test_built_sets(void **state) {
    cfg.zset_max_listpack_entries = 4;
    cfg.zset_max_listpack_value = 64;
    struct zbuild b;
    zbuild_init(&b);
    zbuild_add(&b, "c", 1, 3);
    zbuild_add(&b, "a", 1, 1);
    struct kv *o = zbuild_finish(&b, "d", 1);
    assert_string_equal(kv_enc_name(o), "listpack");
    kv_free(o);
    zbuild_init(&b);
    for (int i = 0; i < 5; i++) {
        char m[16];
        snprintf(m, sizeof(m), "%d", i);
        zbuild_add(&b, m, strlen(m), i);
    }
    o = zbuild_finish(&b, "d", 1);
    assert_string_equal(kv_enc_name(o), "skiplist");
    kv_free(o);
    cfg.zset_max_listpack_entries = 128;
}

/* ZADD INCR, NX/XX/GT/LT flags through zw_add. */
static void test_add_flags(void **state) {
    zadd("f", 5, "a");
    struct zw w;
    int out;
    double ns = 0;
    zw_open(&w, db, get("f"));
    assert_true(zw_add(&w, 1, "a", 1, ZADD_IN_NX, &out, &ns));
    assert_int_equal(out, ZADD_OUT_NOP);
    assert_true(zw_add(&w, 1, "b", 1, ZADD_IN_XX, &out, &ns));
    assert_int_equal(out, ZADD_OUT_NOP);
    assert_true(zw_add(&w, 4, "a", 1, ZADD_IN_GT, &out, &ns));
    assert_int_equal(out, ZADD_OUT_NOP);
    assert_true(zw_add(&w, 4, "a", 1, ZADD_IN_LT, &out, &ns));
    assert_int_equal(out, ZADD_OUT_UPDATED);
    assert_true(zw_add(&w, 2.5, "a", 1, ZADD_IN_INCR, &out, &ns));
    assert_true(ns == 6.5);
    assert_true(zw_add(&w, INFINITY, "a", 1, 0, &out, &ns));
    assert_false(zw_add(&w, -INFINITY, "a", 1, ZADD_IN_INCR, &out, &ns));
    assert_int_equal(out, ZADD_OUT_NAN);
    assert_false(zw_add(&w, NAN, "c", 1, 0, &out, &ns));
    zw_close(&w);
    assert_true(db_delete(db, "f", 1));
}

/* ------------------------------------------------------------ model */

struct el {
    char m[24];
    double s;
};

static int el_cmp(const void *a, const void *b) {
    const struct el *x = a, *y = b;
    if (x->s != y->s) return x->s < y->s ? -1 : 1;
    return strcmp(x->m, y->m);
}

static void run_model(int entries, int seed) {
    cfg.zset_max_listpack_entries = entries;
    cfg.zset_max_listpack_value = 64;
    srand((unsigned)seed);
    struct el *model = calloc(400, sizeof(*model));
    int n = 0;
    for (int op = 0; op < 6000; op++) {
        char m[24];
        snprintf(m, sizeof(m), "k%d", rand() % 400);
        int at = -1;
        for (int i = 0; i < n; i++)
            if (strcmp(model[i].m, m) == 0) at = i;
        struct kv *o = get("z");
        if (rand() % 3) {
            double s = (double)(rand() % 50) / (rand() % 3 + 1);
            zadd("z", s, m);
            if (at < 0) {
                at = n++;
                strcpy(model[at].m, m);
            }
            model[at].s = s;
        } else if (o) {
            struct zw w;
            zw_open(&w, db, o);
            assert_int_equal(zw_del(&w, m, strlen(m)), at >= 0);
            zw_close(&w);
            if (at >= 0) model[at] = model[--n];
        }
        if (op % 500 == 0 || op == 5999) {
            qsort(model, (size_t)n, sizeof(*model), el_cmp);
            o = get("z");
            if (!n) {
                assert_null(o);
                continue;
            }
            struct zview v;
            zview_of(&v, o);
            assert_int_equal(zview_len(&v), n);
            struct ziter it;
            ziter_init(&it, &v);
            int i = 0;
            for (ziter_seek(&it, 0); it.valid; ziter_next(&it), i++) {
                assert_int_equal(it.mlen, strlen(model[i].m));
                assert_memory_equal(it.m, model[i].m, it.mlen);
                assert_true(it.score == model[i].s);
            }
            ziter_release(&it);
            assert_int_equal(i, n);
            const char *want = n > entries ? "skiplist" : NULL;
            if (want) assert_string_equal(kv_enc_name(o), want);
        }
    }
    if (get("z")) assert_true(db_delete(db, "z", 1));
    free(model);
    cfg.zset_max_listpack_entries = 128;
}

static void test_model_default(void **state) {
    run_model(128, 1);
}

static void test_model_small(void **state) {
    run_model(8, 2);
}

static int setup(void **state) {
    config_init_defaults();
    db_init_all(1);
    db = &srv.db[0];
    zset_init();
    return 0;
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_listpack_bytes),  cmocka_unit_test(test_entries_threshold),
        cmocka_unit_test(test_value_threshold), cmocka_unit_test(test_built_sets),
        cmocka_unit_test(test_add_flags),       cmocka_unit_test(test_model_default),
        cmocka_unit_test(test_model_small),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
