/* Unit tests for set values (t_set.h): the reported encoding follows Redis's
 * rules exactly at the thresholds, the physical layout converts one way
 * (integer array -> inline listpack -> table), and a randomized run against a
 * simple model checks membership, size and iteration through every
 * conversion, with the entry linked in a database so it really moves. */
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
#include "mem.h"
#include "server.h"
#include "t_set.h"
#include "util.h"

static struct db *db;

static struct kv *make(const char *key, const char *first) {
    struct kv *o = set_new(key, strlen(key), first, first ? strlen(first) : 0, -1);
    db_add(db, o);
    return o;
}

static int add(struct kv **o, const char *s) {
    return set_add(db, o, s, strlen(s));
}

static void drop(const char *key) {
    assert_true(db_delete(db, key, strlen(key)));
}

static void test_intset_until_threshold(void **state) {
    cfg.set_max_intset_entries = 512;
    struct kv *o = make("s", "0");
    char buf[32];
    for (int i = 0; i < 512; i++) {
        snprintf(buf, sizeof(buf), "%d", i);
        assert_int_equal(add(&o, buf), 1);
    }
    assert_string_equal(kv_enc_name(o), "intset");
    assert_true(o->enc >= ENC_INLINE_MIN);
    assert_int_equal(add(&o, "511"), 0);
    assert_string_equal(kv_enc_name(o), "intset");
    assert_int_equal(add(&o, "512"), 1);
    assert_string_equal(kv_enc_name(o), "hashtable");
    assert_int_equal(o->enc, ENC_HASHTABLE); /* 513 members: past the inline limit */
    assert_int_equal(set_size(o), 513);
    /* sticky: removing members does not go back */
    assert_int_equal(set_remove(db, &o, "512", 3), 1);
    assert_string_equal(kv_enc_name(o), "hashtable");
    assert_ptr_equal(db_lookup(db, "s", 1, LOOKUP_NOTOUCH), o);
    drop("s");
}

static void test_non_integer_converts(void **state) {
    cfg.set_max_intset_entries = 512;
    struct kv *o = make("s", "1");
    add(&o, "1");
    add(&o, "2");
    assert_string_equal(kv_enc_name(o), "intset");
    assert_int_equal(add(&o, "a"), 1);
    assert_string_equal(kv_enc_name(o), "hashtable");
    assert_true(o->enc >= ENC_INLINE_MIN); /* still small: inline */
    assert_true(set_contains(o, "1", 1) && set_contains(o, "2", 1) && set_contains(o, "a", 1));
    assert_int_equal(set_remove(db, &o, "a", 1), 1);
    assert_string_equal(kv_enc_name(o), "hashtable");
    drop("s");
    /* non-canonical integers are strings */
    const char *strs[] = {"-0", "00", "+1", " 1", "1 ", "9223372036854775808", "0x10", ""};
    for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++) {
        o = make("s", strs[i]);
        assert_int_equal(add(&o, strs[i]), 1);
        assert_string_equal(kv_enc_name(o), "hashtable");
        drop("s");
    }
    o = make("s", "-9223372036854775808");
    add(&o, "-9223372036854775808");
    add(&o, "9223372036854775807");
    assert_string_equal(kv_enc_name(o), "intset");
    assert_true(set_contains(o, "-9223372036854775808", 20));
    drop("s");
}

static void test_zero_max_intset(void **state) {
    cfg.set_max_intset_entries = 0;
    struct kv *o = make("s", "1");
    add(&o, "1");
    assert_string_equal(kv_enc_name(o), "hashtable");
    drop("s");
    cfg.set_max_intset_entries = 512;
}

static void test_string_set_goes_to_table(void **state) {
    struct kv *o = make("s", "m0");
    char buf[32];
    for (int i = 0; i < 32; i++) {
        snprintf(buf, sizeof(buf), "m%d", i);
        add(&o, buf);
    }
    assert_true(o->enc >= ENC_INLINE_MIN);
    add(&o, "m32");
    assert_int_equal(o->enc, ENC_HASHTABLE);
    for (int i = 0; i <= 32; i++) {
        snprintf(buf, sizeof(buf), "m%d", i);
        assert_true(set_contains(o, buf, strlen(buf)));
    }
    drop("s");
    /* long members hit the byte limit before the count limit */
    o = make("s", "x");
    char big[200];
    memset(big, 'b', sizeof(big));
    for (int i = 0; i < 4; i++) {
        big[0] = (char)('0' + i);
        set_add(db, &o, big, sizeof(big));
    }
    assert_int_equal(o->enc, ENC_HASHTABLE);
    assert_int_equal(set_size(o), 4);
    drop("s");
}

struct model {
    char **m;
    size_t n;
};

static long find(struct model *md, const char *s) {
    for (size_t i = 0; i < md->n; i++)
        if (!strcmp(md->m[i], s)) return (long)i;
    return -1;
}

struct seen {
    struct model *md;
    unsigned char *hit;
    size_t count;
};

static void each(void *arg, const char *s, size_t len) {
    struct seen *se = arg;
    char tmp[64];
    memcpy(tmp, s, len);
    tmp[len] = 0;
    long i = find(se->md, tmp);
    assert_true(i >= 0);
    assert_int_equal(se->hit[i], 0);
    se->hit[i] = 1;
    se->count++;
}

static int is_int(const char *s) {
    long long v;
    return str2ll(s, strlen(s), &v);
}

/* Random adds and removes of integers (small and wide) and short strings;
 * the reported encoding follows the model of Redis's rules. */
static void run_model(long max_intset, int string_bias, unsigned seed) {
    cfg.set_max_intset_entries = max_intset;
    srandom(seed);
    struct model md = {calloc(4000, sizeof(char *)), 0};
    struct kv *o = NULL;
    int reported_ht = 0;
    for (int op = 0; op < 15000; op++) {
        char buf[32];
        int r = random() % 100;
        if (r < string_bias)
            snprintf(buf, sizeof(buf), "s%ld", random() % 300);
        else if (r < 90)
            snprintf(buf, sizeof(buf), "%ld", random() % 1500 - 200);
        else
            snprintf(buf, sizeof(buf), "%lld",
                     (long long)(((uint64_t)random() << 32) ^ (uint64_t)random()));
        int do_add = random() % 100 < 60;
        long at = find(&md, buf);
        if (!o && do_add) {
            o = make("m", buf);
            reported_ht = !is_int(buf);
        }
        if (!o) continue;
        if (do_add) {
            assert_int_equal(add(&o, buf), at < 0);
            if (at < 0) {
                md.m[md.n++] = strdup(buf);
                if (!is_int(buf) || (long)md.n > max_intset) reported_ht = 1;
            }
        } else {
            assert_int_equal(set_remove(db, &o, buf, strlen(buf)), at >= 0);
            if (at >= 0) {
                free(md.m[at]);
                md.m[at] = md.m[--md.n];
            }
            if (md.n == 0) {
                drop("m");
                o = NULL;
                continue;
            }
        }
        assert_int_equal(set_size(o), md.n);
        assert_string_equal(kv_enc_name(o), reported_ht ? "hashtable" : "intset");
        assert_ptr_equal(db_lookup(db, "m", 1, LOOKUP_NOTOUCH), o);
        if (op % 500 == 0) {
            struct seen se = {&md, calloc(md.n + 1, 1), 0};
            set_foreach(o, each, &se);
            assert_int_equal(se.count, md.n);
            free(se.hit);
            for (size_t i = 0; i < md.n; i++)
                assert_true(set_contains(o, md.m[i], strlen(md.m[i])));
        }
    }
    if (o) drop("m");
    for (size_t i = 0; i < md.n; i++)
        free(md.m[i]);
    free(md.m);
    cfg.set_max_intset_entries = 512;
}

static void test_model_integers(void **state) {
    run_model(512, 0, 1);
}

static void test_model_mixed(void **state) {
    run_model(512, 5, 2);
}

static void test_model_small_threshold(void **state) {
    run_model(20, 1, 3);
}

static void test_model_big_threshold(void **state) {
    run_model(100000, 0, 4);
}

static int setup(void **state) {
    config_init_defaults();
    db_init_all(1);
    db = &srv.db[0];
    set_type_init();
    return 0;
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_intset_until_threshold),
        cmocka_unit_test(test_non_integer_converts),
        cmocka_unit_test(test_zero_max_intset),
        cmocka_unit_test(test_string_set_goes_to_table),
        cmocka_unit_test(test_model_integers),
        cmocka_unit_test(test_model_mixed),
        cmocka_unit_test(test_model_small_threshold),
        cmocka_unit_test(test_model_big_threshold),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
