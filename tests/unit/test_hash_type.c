/* Unit tests for lpinline (listpacks spliced in place inside a key's entry)
 * and for hash values (t_hash.h): the reported encoding follows
 * Redis's listpack limits (hash-max-listpack-entries/value) exactly, the
 * physical layout converts one way (inline listpack, then the table past the
 * inline limits), and a randomized run against a simple model checks values,
 * lengths and iteration through every conversion, with the entry linked in a
 * database so it really moves. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "db.h"
#include "listpack.h"
#include "lpinline.h"
#include "mem.h"
#include "server.h"
#include "t_hash.h"

static struct db *db;

static struct kv *make(void) {
    struct kv *o = hash_new("h", 1, -1);
    db_add(db, o);
    return o;
}

static int hset(struct kv **o, const char *f, const char *v) {
    return hash_set(db, o, f, strlen(f), v, strlen(v));
}

static void assert_value(struct kv *o, const char *f, const char *want) {
    const char *v;
    size_t vl;
    char buf[24];
    int found = hash_get(o, f, strlen(f), &v, &vl, buf);
    if (!want) {
        assert_false(found);
        return;
    }
    assert_true(found);
    assert_int_equal(vl, strlen(want));
    assert_memory_equal(v, want, vl);
}

static void test_listpack_until_entries(void **state) {
    cfg.hash_max_listpack_entries = 128;
    cfg.hash_max_listpack_value = 64;
    struct kv *o = make();
    char f[32], v[32];
    for (int i = 0; i < 128; i++) {
        snprintf(f, sizeof(f), "f%d", i);
        snprintf(v, sizeof(v), "%d", i * 7);
        assert_int_equal(hset(&o, f, v), 0);
    }
    assert_string_equal(kv_enc_name(o), "listpack");
    assert_int_equal(hset(&o, "f0", "new"), 1);
    assert_string_equal(kv_enc_name(o), "listpack");
    assert_int_equal(hset(&o, "f128", "x"), 0);
    assert_string_equal(kv_enc_name(o), "hashtable");
    assert_int_equal(o->enc, ENC_HASHTABLE);
    assert_int_equal(hash_len(o), 129);
    assert_value(o, "f0", "new");
    assert_value(o, "f127", "889");
    assert_int_equal(hash_del(db, &o, "f128", 4), 1);
    assert_string_equal(kv_enc_name(o), "hashtable");
    assert_ptr_equal(db_lookup(db, "h", 1, LOOKUP_NOTOUCH), o);
    assert_true(db_delete(db, "h", 1));
}

static void test_long_value_stays_inline(void **state) {
    cfg.hash_max_listpack_value = 64;
    struct kv *o = make();
    char big[65];
    memset(big, 'v', 64);
    big[64] = 0;
    hset(&o, "a", big); /* 64: still a listpack */
    assert_string_equal(kv_enc_name(o), "listpack");
    char bigger[66];
    memset(bigger, 'w', 65);
    bigger[65] = 0;
    hset(&o, "b", bigger); /* 65: Redis converts; we stay inline */
    assert_string_equal(kv_enc_name(o), "hashtable");
    assert_true(o->enc >= ENC_INLINE_MIN);
    assert_value(o, "a", big);
    assert_value(o, "b", bigger);
    /* a long field converts too */
    assert_true(db_delete(db, "h", 1));
    o = make();
    hset(&o, "x", "1");
    hset(&o, bigger, "1");
    assert_string_equal(kv_enc_name(o), "hashtable");
    assert_true(db_delete(db, "h", 1));
}

static void test_inline_limits(void **state) {
    cfg.hash_max_listpack_value = 8;
    struct kv *o = make();
    hset(&o, "long", "0123456789");
    assert_string_equal(kv_enc_name(o), "hashtable");
    char f[16];
    for (int i = 0; i < 31; i++) {
        snprintf(f, sizeof(f), "f%d", i);
        hset(&o, f, "v");
    }
    assert_int_equal(hash_len(o), 32);
    assert_true(o->enc >= ENC_INLINE_MIN);
    hset(&o, "f31", "v");
    assert_int_equal(o->enc, ENC_HASHTABLE);
    assert_value(o, "long", "0123456789");
    assert_true(db_delete(db, "h", 1));
    /* byte limit */
    o = make();
    char big[1500];
    memset(big, 'b', sizeof(big) - 1);
    big[sizeof(big) - 1] = 0;
    hset(&o, "a", big);
    assert_true(o->enc >= ENC_INLINE_MIN);
    hset(&o, "b", big);
    assert_int_equal(o->enc, ENC_HASHTABLE);
    assert_value(o, "a", big);
    assert_value(o, "b", big);
    assert_true(db_delete(db, "h", 1));
    cfg.hash_max_listpack_value = 64;
}

static void test_integer_values(void **state) {
    struct kv *o = make();
    const char *vals[] = {"0",
                          "-1",
                          "127",
                          "128",
                          "-4096",
                          "32767",
                          "8388608",
                          "2147483648",
                          "9223372036854775807",
                          "-9223372036854775808",
                          "9223372036854775808",
                          "007",
                          ""};
    char f[16];
    for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
        snprintf(f, sizeof(f), "%zu", i);
        hset(&o, f, vals[i]);
    }
    for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
        snprintf(f, sizeof(f), "%zu", i);
        assert_value(o, f, vals[i]);
    }
    assert_true(db_delete(db, "h", 1));
}

struct model {
    char *f[3000], *v[3000];
    size_t n;
};

static long find(struct model *md, const char *f) {
    for (size_t i = 0; i < md->n; i++)
        if (!strcmp(md->f[i], f)) return (long)i;
    return -1;
}

struct seen {
    struct model *md;
    size_t count;
};

static void each(void *arg, const char *f, size_t fl, const char *v, size_t vl) {
    struct seen *se = arg;
    char tf[64];
    memcpy(tf, f, fl);
    tf[fl] = 0;
    long i = find(se->md, tf);
    assert_true(i >= 0);
    assert_int_equal(vl, strlen(se->md->v[i]));
    assert_memory_equal(v, se->md->v[i], vl);
    se->count++;
}

static void run_model(long max_entries, long max_value, unsigned seed) {
    cfg.hash_max_listpack_entries = max_entries;
    cfg.hash_max_listpack_value = max_value;
    srandom(seed);
    struct model *md = calloc(1, sizeof(*md));
    struct kv *o = NULL;
    int reported_ht = 0;
    for (int op = 0; op < 15000; op++) {
        char f[64], v[64];
        snprintf(f, sizeof(f), random() % 2 ? "%ld" : "field:%ld", random() % 400);
        int vl = (int)(random() % 24);
        if (random() % 3 == 0)
            snprintf(v, sizeof(v), "%ld", random() - (1L << 30));
        else {
            memset(v, 'a' + (int)(random() % 26), (size_t)vl);
            v[vl] = 0;
        }
        long at = find(md, f);
        if (random() % 100 < 65) {
            if (!o) {
                o = make();
                reported_ht = 0;
            }
            assert_int_equal(hset(&o, f, v), at >= 0);
            if ((long)strlen(f) > max_value || (long)strlen(v) > max_value) reported_ht = 1;
            if (at >= 0) {
                free(md->v[at]);
                md->v[at] = strdup(v);
            } else {
                md->f[md->n] = strdup(f);
                md->v[md->n++] = strdup(v);
                if ((long)md->n > max_entries) reported_ht = 1;
            }
        } else if (o) {
            assert_int_equal(hash_del(db, &o, f, strlen(f)), at >= 0);
            if (at >= 0) {
                free(md->f[at]);
                free(md->v[at]);
                md->n--;
                md->f[at] = md->f[md->n];
                md->v[at] = md->v[md->n];
            }
            if (md->n == 0) {
                assert_true(db_delete(db, "h", 1));
                o = NULL;
            }
        }
        if (!o) continue;
        assert_int_equal(hash_len(o), md->n);
        assert_string_equal(kv_enc_name(o), reported_ht ? "hashtable" : "listpack");
        assert_ptr_equal(db_lookup(db, "h", 1, LOOKUP_NOTOUCH), o);
        assert_value(o, f, find(md, f) >= 0 ? md->v[find(md, f)] : NULL);
        if (op % 500 == 0) {
            struct seen se = {md, 0};
            hash_foreach(o, each, &se);
            assert_int_equal(se.count, md->n);
        }
    }
    if (o) assert_true(db_delete(db, "h", 1));
    for (size_t i = 0; i < md->n; i++)
        free(md->f[i]), free(md->v[i]);
    free(md);
    cfg.hash_max_listpack_entries = 128;
    cfg.hash_max_listpack_value = 64;
}

static void test_model_defaults(void **state) {
    run_model(128, 64, 1);
}

static void test_model_small_values(void **state) {
    run_model(128, 16, 2);
}

static void test_model_small_entries(void **state) {
    run_model(16, 64, 3);
}

static void test_model_huge_limits(void **state) {
    run_model(1000000, 1000000, 4);
}

static void check_lp(struct kv *o, const char **want, size_t n) {
    size_t bl;
    unsigned char *lp = lpi_lp(o, &bl);
    assert_true(lp_validate(lp, bl, 1));
    assert_int_equal(lp_length(lp), n);
    unsigned char *p = lp_first(lp);
    for (size_t i = 0; i < n; i++) {
        assert_non_null(p);
        assert_true(lp_eq(p, (const unsigned char *)want[i], (uint32_t)strlen(want[i])));
        p = lp_next(lp, p);
    }
    assert_null(p);
}

static void test_lpinline_in_db(void **state) {
    struct kv *o = lpi_new("k", 1, T_HASH, ENC_INLINE_MIN, -1);
    db_add(db, o);
    o = lpi_append(db, o, "a", 1);
    o = lpi_append(db, o, "12", 2);
    o = lpi_append(db, o, "ccc", 3);
    assert_ptr_equal(db_lookup(db, "k", 1, LOOKUP_NOTOUCH), o);
    const char *w1[] = {"a", "12", "ccc"};
    check_lp(o, w1, 3);
    /* replace the middle entry with a longer one, then with a same-size one */
    size_t bl;
    unsigned char *lp = lpi_lp(o, &bl);
    size_t off = (size_t)(lp_next(lp, lp_first(lp)) - lp);
    o = lpi_replace(db, o, off, "a longer value", 14);
    const char *w2[] = {"a", "a longer value", "ccc"};
    check_lp(o, w2, 3);
    o = lpi_replace(db, o, off, "b longer value", 14);
    const char *w3[] = {"a", "b longer value", "ccc"};
    check_lp(o, w3, 3);
    /* delete two entries from the front */
    o = lpi_delete(db, o, LP_HDR_SIZE, 2);
    const char *w4[] = {"ccc"};
    check_lp(o, w4, 1);
    assert_ptr_equal(db_lookup(db, "k", 1, LOOKUP_NOTOUCH), o);
    assert_true(db_delete(db, "k", 1));
}

static int setup(void **state) {
    config_init_defaults();
    db_init_all(1);
    db = &srv.db[0];
    hash_type_init();
    return 0;
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lpinline_in_db),
        cmocka_unit_test(test_listpack_until_entries),
        cmocka_unit_test(test_long_value_stays_inline),
        cmocka_unit_test(test_inline_limits),
        cmocka_unit_test(test_integer_values),
        cmocka_unit_test(test_model_defaults),
        cmocka_unit_test(test_model_small_values),
        cmocka_unit_test(test_model_small_entries),
        cmocka_unit_test(test_model_huge_limits),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
