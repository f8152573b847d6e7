/* Unit tests for the RDB value codec (rdb_value.c): save -> load round trips
 * for each type, and hostile input: every truncation of every saved value,
 * and every single-byte change of compact blobs (ziplist, zipmap, intset,
 * listpack), with and without deep sanitization. Loading must either refuse
 * or build a value that can be saved again; under `make sanitize` this also
 * proves that nothing is read out of bounds. */
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
#include "log.h"
#include "mem.h"
#include "quicklist.h"
#include "rdb.h"
#include "server.h"
#include "t_hash.h"
#include "t_list.h"
#include "t_set.h"
#include "zset.h"

/* The value of o as [type byte][value]. */
static unsigned char *save(const struct kv *o, size_t *len) {
    struct rdb_w w;
    rdbw_init_mem(&w);
    w.compress = 1;
    assert_int_equal(rdb_save_byte(&w, rdb_value_type(o)), 0);
    assert_int_equal(rdb_save_value(&w, o), 0);
    return rdbw_take(&w, len);
}

/* Loads [type][value]; NULL if refused (or empty). *used = bytes consumed. */
static struct kv *load(const unsigned char *p, size_t len, int deep, size_t *used) {
    struct rdb_r r;
    rdbr_init_mem(&r, p, len);
    int t = rdb_load_byte(&r), empty;
    struct kv *o = NULL;
    if (t >= 0 && rdb_is_value_type(t)) o = rdb_load_value(&r, t, "k", 1, -1, deep, &empty);
    if (used) *used = (size_t)r.total;
    rdbr_free(&r);
    return o;
}

/* Loaded values must be usable: save them again. */
static void check_usable(struct kv *o) {
    size_t n;
    unsigned char *p = save(o, &n);
    xfree(p);
    kv_free(o);
}

static struct kv *make_hash(int n, int longval) {
    struct kv *o = hash_new("k", 1, -1);
    char f[32], v[128];
    for (int i = 0; i < n; i++) {
        snprintf(f, sizeof(f), "f%d", i);
        snprintf(v, sizeof(v), longval ? "%d-%080d" : "%d", i, i);
        hash_set(NULL, &o, f, strlen(f), v, strlen(v));
    }
    return o;
}

static struct kv *make_set(int n, int strings) {
    struct kv *o = set_new("k", 1, NULL, 0, -1);
    char m[32];
    for (int i = 0; i < n; i++) {
        snprintf(m, sizeof(m), strings ? "m%d" : "%d", i * 1000 - 7);
        set_add(NULL, &o, m, strlen(m));
    }
    return o;
}

static struct kv *make_zset(int n) {
    struct zbuild b;
    zbuild_init(&b);
    char m[32];
    for (int i = 0; i < n; i++) {
        snprintf(m, sizeof(m), "m%d", i);
        zbuild_add(&b, m, strlen(m), i * 0.5);
    }
    return zbuild_finish(&b, "k", 1);
}

static struct kv *make_list(int n) {
    struct quicklist *ql = ql_new(cfg.list_max_listpack_size, cfg.list_compress_depth);
    char e[64];
    for (int i = 0; i < n; i++) {
        snprintf(e, sizeof(e), i % 3 ? "%d" : "elem-%d-abcdefghijklmnop", i);
        ql_push(ql, e, strlen(e), QL_TAIL);
    }
    return list_kv_from_quicklist("k", 1, ql, -1);
}

static struct kv *make_value(int which) {
    switch (which) {
    case 0: return kv_new_string_auto("k", 1, "hello", 5, -1);
    case 1: return kv_new_string_auto("k", 1, "123456", 6, -1);
    case 2: return make_hash(5, 0);
    case 3: return make_hash(40, 1);
    case 4: return make_set(5, 0);
    case 5: return make_set(5, 1);
    case 6: return make_set(100, 1);
    case 7: return make_zset(5);
    case 8: return make_zset(200);
    case 9: return make_list(10);
    case 10: return make_list(3000);
    default: return NULL;
    }
}
#define NVALUES 11

static void test_round_trip(void **state) {
    (void)state;
    for (int i = 0; i < NVALUES; i++) {
        struct kv *o = make_value(i);
        size_t n, n2, used;
        unsigned char *p = save(o, &n);
        struct kv *o2 = load(p, n, 1, &used);
        assert_non_null(o2);
        assert_int_equal(used, n);
        assert_int_equal(o2->type, o->type);
        assert_string_equal(kv_enc_name(o2), kv_enc_name(o));
        unsigned char *p2 = save(o2, &n2);
        if (strcmp(kv_enc_name(o), "hashtable") != 0) { /* table order may differ */
            assert_int_equal(n2, n);
            assert_memory_equal(p2, p, n);
        }
        xfree(p);
        xfree(p2);
        kv_free(o);
        kv_free(o2);
    }
}

static void test_every_truncation(void **state) {
    (void)state;
    for (int i = 0; i < NVALUES; i++) {
        struct kv *o = make_value(i);
        size_t n;
        unsigned char *p = save(o, &n);
        /* big values: every prefix near the start and the end, a stride between */
        for (size_t cut = 0; cut < n; cut += (cut < 300 || n - cut < 300) ? 1 : 97) {
            unsigned char *copy = xmalloc(cut + 1);
            memcpy(copy, p, cut);
            struct kv *o2 = load(copy, cut, 0, NULL);
            assert_null(o2);
            xfree(copy);
        }
        xfree(p);
        kv_free(o);
    }
}

/* Every byte of body set to every value: never a crash; accepted values are
 * saved again. */
static void mutate_all(const unsigned char *body, size_t n) {
    unsigned char *copy = xmalloc(n);
    for (size_t pos = 0; pos < n; pos++) {
        for (int v = 0; v < 256; v++) {
            memcpy(copy, body, n);
            copy[pos] = (unsigned char)v;
            for (int deep = 0; deep < 2; deep++) {
                struct kv *o = load(copy, n, deep, NULL);
                if (o) check_usable(o);
            }
        }
    }
    xfree(copy);
}

static void test_mutated_compact_blobs(void **state) {
    (void)state;
    cfg.hash_max_listpack_entries = 2; /* also exercise the conversions */
    static const unsigned char zipmap_hash[] = {0x09, 0x0e, 0x02, 0x01, 'a',  0x01, 0x00, '1',
                                                0x02, 'b',  'b',  0x02, 0x00, 'h',  'i',  0xff};
    /* ziplist ["a", 1, 300, "bb"] as a list */
    static const unsigned char zl_list[] = {0x0a, 0x18, 0x18, 0x00, 0x00, 0x00, 0x13, 0x00, 0x00,
                                            0x00, 0x04, 0x00, 0x00, 0x01, 'a',  0x03, 0xf2, 0x02,
                                            0xc0, 0x2c, 0x01, 0x04, 0x02, 'b',  'b',  0xff};
    /* the same ziplist as hash and zset pairs */
    unsigned char zl_hash[sizeof(zl_list)], zl_zset[sizeof(zl_list)];
    memcpy(zl_hash, zl_list, sizeof(zl_list));
    zl_hash[0] = 0x0d;
    memcpy(zl_zset, zl_list, sizeof(zl_list));
    zl_zset[0] = 0x0c;
    static const unsigned char intset[] = {0x0b, 0x0e, 0x02, 0x00, 0x00, 0x00, 0x03, 0x00,
                                           0x00, 0x00, 0x01, 0x00, 0x02, 0x00, 0x05, 0x00};
    mutate_all(zipmap_hash, sizeof(zipmap_hash));
    mutate_all(zl_list, sizeof(zl_list));
    mutate_all(zl_hash, sizeof(zl_hash));
    mutate_all(zl_zset, sizeof(zl_zset));
    mutate_all(intset, sizeof(intset));
    for (int i = 2; i <= 9; i++) { /* hashes, sets, zsets, a small list */
        if (i == 3 || i == 6 || i == 8) continue;
        struct kv *o = make_value(i);
        size_t n;
        unsigned char *p = save(o, &n);
        mutate_all(p, n);
        xfree(p);
        kv_free(o);
    }
    cfg.hash_max_listpack_entries = 128;
}

static int setup(void **state) {
    (void)state;
    config_init_defaults();
    cfg.verbosity = LL_WARNING + 1; /* the refusals are logged: keep the output short */
    db_init_all(1);
    hash_type_init();
    set_type_init();
    zset_init();
    list_init();
    return 0;
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_every_truncation),
        cmocka_unit_test(test_mutated_compact_blobs),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
