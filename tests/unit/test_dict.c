/* Unit tests for the intrusive hash table (src/dict.c): add/find/unlink/replace,
 * growth and shrinking with incremental rehashing, the SCAN guarantee across
 * resizes, random/sample, and iterators.
 *
 * Test nodes carry an integer key; its text form ("k123") is the lookup key.
 * A second dict type hashes everything into a few values to force long chains. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "dict.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct tnode {
    struct dnode link; /* first member: the dict links this */
    int id;
    int seen; /* scan/iteration visit counter */
    char key[16];
    size_t klen;
};

static uint64_t t_hash(const void *key, size_t len) {
    return hash_bytes(key, len);
}
static uint64_t t_node_hash(const struct dnode *n) {
    const struct tnode *t = (const struct tnode *)n;
    return hash_bytes(t->key, t->klen);
}
static int t_node_eq(const struct dnode *n, const void *key, size_t len) {
    const struct tnode *t = (const struct tnode *)n;
    return t->klen == len && memcmp(t->key, key, len) == 0;
}
static const struct dict_type ttype = {t_hash, t_node_hash, t_node_eq};

/* Only 3 distinct hash values: every chain is long. */
static uint64_t bad_hash(const void *key, size_t len) {
    return hash_bytes(key, len) % 3;
}
static uint64_t bad_node_hash(const struct dnode *n) {
    const struct tnode *t = (const struct tnode *)n;
    return bad_hash(t->key, t->klen);
}
static const struct dict_type badtype = {bad_hash, bad_node_hash, t_node_eq};

static struct tnode *nodes_new(int n) {
    struct tnode *v = calloc((size_t)n, sizeof(*v));
    for (int i = 0; i < n; i++) {
        v[i].id = i;
        v[i].klen = (size_t)snprintf(v[i].key, sizeof(v[i].key), "k%d", i);
    }
    return v;
}

static struct tnode *find_id(struct dict *d, int id) {
    char k[16];
    int n = snprintf(k, sizeof(k), "k%d", id);
    return (struct tnode *)dict_find(d, k, (size_t)n);
}

static struct tnode *unlink_id(struct dict *d, int id) {
    char k[16];
    int n = snprintf(k, sizeof(k), "k%d", id);
    return (struct tnode *)dict_unlink(d, k, (size_t)n);
}

static void finish_rehash(struct dict *d) {
    while (dict_rehash(d, 1000)) {
    }
    assert_false(dict_is_rehashing(d));
}

/* Total nodes reachable through the tables must equal the count. */
static size_t count_by_iter(struct dict *d) {
    struct dict_iter it;
    size_t n = 0;
    dict_iter_init(&it, d, 0);
    while (dict_next(&it))
        n++;
    dict_iter_end(&it);
    return n;
}

static void test_basic(void **state) {
    struct dict d;
    dict_init(&d, &ttype);
    assert_int_equal(dict_size(&d), 0);
    assert_int_equal(dict_buckets(&d), 0);
    assert_null(find_id(&d, 1));
    assert_null(unlink_id(&d, 1));
    assert_null(dict_random(&d));
    struct tnode *v = nodes_new(3);
    dict_add(&d, &v[0].link);
    dict_add(&d, &v[1].link);
    assert_int_equal(dict_size(&d), 2);
    assert_int_equal(dict_buckets(&d), 4); /* the smallest table */
    assert_ptr_equal(find_id(&d, 0), &v[0]);
    assert_ptr_equal(find_id(&d, 1), &v[1]);
    assert_null(find_id(&d, 2));
    assert_null(dict_find(&d, "k", 1));
    assert_null(dict_find(&d, "k00", 3));
    struct dnode **ref = dict_find_ref(&d, "k1", 2);
    assert_non_null(ref);
    assert_ptr_equal(*ref, &v[1].link);
    assert_ptr_equal(unlink_id(&d, 0), &v[0]);
    assert_null(v[0].link.next);
    assert_null(find_id(&d, 0));
    assert_null(unlink_id(&d, 0));
    assert_int_equal(dict_size(&d), 1);
    dict_clear(&d, NULL, NULL);
    assert_int_equal(dict_size(&d), 0);
    assert_int_equal(dict_buckets(&d), 0);
    free(v);
}

/* dict_replace puts a copy of a node (e.g. after a realloc) in its place. */
static void test_replace(void **state) {
    for (int bad = 0; bad < 2; bad++) {
        struct dict d;
        dict_init(&d, bad ? &badtype : &ttype);
        struct tnode *v = nodes_new(50);
        for (int i = 0; i < 50; i++)
            dict_add(&d, &v[i].link);
        for (int i = 0; i < 50; i += 7) {
            struct tnode *copy = malloc(sizeof(*copy));
            *copy = v[i];
            assert_int_equal(dict_replace(&d, &v[i].link, &copy->link), 0);
            assert_ptr_equal(find_id(&d, i), copy);
            assert_ptr_equal(unlink_id(&d, i), copy);
            free(copy);
        }
        /* a node that is not in the dict */
        struct tnode other = v[1], stranger = v[2]; /* same keys, other addresses */
        assert_int_equal(dict_replace(&d, &stranger.link, &other.link), -1);
        assert_ptr_equal(find_id(&d, 2), &v[2]);
        assert_int_equal(dict_size(&d), 50 - 8);
        for (int i = 0; i < 50; i++) {
            if (i % 7 == 0)
                assert_null(find_id(&d, i));
            else
                assert_ptr_equal(find_id(&d, i), &v[i]);
        }
        assert_int_equal(count_by_iter(&d), 42);
        dict_clear(&d, NULL, NULL);
        free(v);
    }
}

static void test_growth_incremental(void **state) {
    struct dict d;
    dict_init(&d, &ttype);
    int n = 5000;
    struct tnode *v = nodes_new(n);
    int saw_rehashing = 0;
    for (int i = 0; i < n; i++) {
        dict_add(&d, &v[i].link);
        if (dict_is_rehashing(&d)) {
            saw_rehashing = 1;
            /* every key so far is found while the table is half moved */
            if (i % 97 == 0)
                for (int j = 0; j <= i; j++)
                    assert_ptr_equal(find_id(&d, j), &v[j]);
        }
        assert_int_equal(dict_size(&d), (size_t)i + 1);
    }
    assert_true(saw_rehashing);
    finish_rehash(&d);
    /* load factor 1: 5000 keys need 8192 buckets */
    assert_int_equal(dict_buckets(&d), 8192);
    assert_int_equal(count_by_iter(&d), (size_t)n);
    for (int j = 0; j < n; j++)
        assert_ptr_equal(find_id(&d, j), &v[j]);
    dict_clear(&d, NULL, NULL);
    free(v);
}

static void test_shrink(void **state) {
    struct dict d;
    dict_init(&d, &ttype);
    int n = 4096;
    struct tnode *v = nodes_new(n);
    for (int i = 0; i < n; i++)
        dict_add(&d, &v[i].link);
    finish_rehash(&d);
    assert_int_equal(dict_buckets(&d), 4096); /* load factor 1 */
    /* above 10% fill nothing happens */
    for (int i = 0; i < n - 900; i++)
        assert_ptr_equal(unlink_id(&d, i), &v[i]);
    dict_shrink_if_needed(&d);
    assert_false(dict_is_rehashing(&d));
    /* below it the table shrinks to fit, incrementally */
    for (int i = n - 900; i < n - 100; i++)
        assert_ptr_equal(unlink_id(&d, i), &v[i]);
    dict_shrink_if_needed(&d);
    assert_true(dict_is_rehashing(&d));
    for (int i = n - 100; i < n; i++)
        assert_ptr_equal(find_id(&d, i), &v[i]);
    assert_true(dict_rehash_ms(&d, 100) >= 0);
    finish_rehash(&d);
    assert_int_equal(dict_buckets(&d), 128);
    for (int i = 0; i < n - 100; i++)
        assert_null(find_id(&d, i));
    for (int i = n - 100; i < n; i++)
        assert_ptr_equal(find_id(&d, i), &v[i]);
    /* never below the minimum size */
    for (int i = n - 100; i < n; i++)
        unlink_id(&d, i);
    dict_shrink_if_needed(&d);
    finish_rehash(&d);
    assert_int_equal(dict_buckets(&d), 4);
    dict_shrink_if_needed(&d);
    assert_false(dict_is_rehashing(&d));
    assert_int_equal(dict_size(&d), 0);
    dict_clear(&d, NULL, NULL);
    free(v);
}

static void test_expand_rules(void **state) {
    struct dict d;
    dict_init(&d, &ttype);
    assert_int_equal(dict_expand(&d, 100), 0);
    assert_int_equal(dict_buckets(&d), 128);
    assert_false(dict_is_rehashing(&d));
    assert_int_equal(dict_expand(&d, 128), -1); /* same size */
    struct tnode *v = nodes_new(20);
    for (int i = 0; i < 20; i++)
        dict_add(&d, &v[i].link);
    assert_int_equal(dict_expand(&d, 10), -1); /* smaller than the content */
    assert_int_equal(dict_expand(&d, 20), 0);
    assert_true(dict_is_rehashing(&d));
    assert_int_equal(dict_expand(&d, 1000), -1); /* already rehashing */
    finish_rehash(&d);
    assert_int_equal(dict_buckets(&d), 32);
    for (int i = 0; i < 20; i++)
        assert_ptr_equal(find_id(&d, i), &v[i]);
    dict_clear(&d, NULL, NULL);
    free(v);
}

/* no_resize defers growth until the load factor passes 4 (as when forked). */
static void test_no_resize(void **state) {
    struct dict d;
    dict_init(&d, &ttype);
    struct tnode *v = nodes_new(100);
    for (int i = 0; i < 16; i++)
        dict_add(&d, &v[i].link);
    finish_rehash(&d);
    assert_int_equal(dict_buckets(&d), 16);
    d.no_resize = 1;
    for (int i = 16; i < 80; i++)
        dict_add(&d, &v[i].link);
    assert_false(dict_is_rehashing(&d));
    assert_int_equal(dict_buckets(&d), 16);
    dict_add(&d, &v[80].link); /* 80 nodes in 16 buckets: past the ratio */
    assert_true(dict_is_rehashing(&d));
    for (int i = 81; i < 100; i++)
        dict_add(&d, &v[i].link);
    /* and no shrinking either */
    finish_rehash(&d);
    for (int i = 0; i < 99; i++)
        unlink_id(&d, i);
    dict_shrink_if_needed(&d);
    assert_false(dict_is_rehashing(&d));
    d.no_resize = 0;
    dict_shrink_if_needed(&d);
    assert_true(dict_is_rehashing(&d));
    finish_rehash(&d);
    assert_ptr_equal(find_id(&d, 99), &v[99]);
    dict_clear(&d, NULL, NULL);
    free(v);
}

static void test_long_chains(void **state) {
    struct dict d;
    dict_init(&d, &badtype);
    int n = 300;
    struct tnode *v = nodes_new(n);
    for (int i = 0; i < n; i++)
        dict_add(&d, &v[i].link);
    for (int i = 0; i < n; i++)
        assert_ptr_equal(find_id(&d, i), &v[i]);
    for (int i = 0; i < n; i += 2)
        assert_ptr_equal(unlink_id(&d, i), &v[i]);
    for (int i = 0; i < n; i++) {
        if (i % 2)
            assert_ptr_equal(find_id(&d, i), &v[i]);
        else
            assert_null(find_id(&d, i));
    }
    assert_int_equal(count_by_iter(&d), 150);
    dict_clear(&d, NULL, NULL);
    free(v);
}

static void count_free(struct dnode *n, void *arg) {
    ((struct tnode *)n)->seen++;
    (*(int *)arg)++;
}

static void test_clear_callback(void **state) {
    struct dict d;
    dict_init(&d, &ttype);
    struct tnode *v = nodes_new(1000);
    for (int i = 0; i < 1000; i++)
        dict_add(&d, &v[i].link);
    assert_true(dict_is_rehashing(&d) || dict_buckets(&d) == 1024);
    int freed = 0;
    dict_clear(&d, count_free, &freed);
    assert_int_equal(freed, 1000);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(v[i].seen, 1);
    assert_int_equal(dict_size(&d), 0);
    assert_false(dict_is_rehashing(&d));
    /* usable again */
    dict_add(&d, &v[0].link);
    assert_ptr_equal(find_id(&d, 0), &v[0]);
    dict_clear(&d, NULL, NULL);
    free(v);
}

/* ------------------------------------------------------------------ scan */

static void scan_mark(void *arg, struct dnode *n) {
    ((struct tnode *)n)->seen++;
    (*(long *)arg)++;
}

static void test_scan_stable(void **state) {
    struct dict d;
    dict_init(&d, &ttype);
    int n = 1000;
    struct tnode *v = nodes_new(n);
    for (int i = 0; i < n; i++)
        dict_add(&d, &v[i].link);
    finish_rehash(&d);
    unsigned long cursor = 0;
    long calls = 0, visits = 0;
    do {
        cursor = dict_scan(&d, cursor, scan_mark, &visits);
        calls++;
    } while (cursor != 0);
    assert_int_equal(calls, 1024); /* one bucket per call */
    /* without resizes every node is returned exactly once */
    for (int i = 0; i < n; i++)
        assert_int_equal(v[i].seen, 1);
    assert_int_equal(visits, n);
    dict_clear(&d, NULL, NULL);
    assert_int_equal(dict_scan(&d, 0, scan_mark, &visits), 0); /* empty dict */
    free(v);
}

/* The guarantee: a node present for the whole scan is returned at least once,
 * while other nodes come and go and the table grows, shrinks and rehashes
 * between (and during) the calls. */
static void scan_under_churn(unsigned seed, int grow_first) {
    srandom(seed);
    struct dict d;
    dict_init(&d, &ttype);
    int stable = 300, pool = 20000, npresent = 0;
    struct tnode *keep = nodes_new(stable);
    struct tnode *tmp = nodes_new(pool + stable); /* tmp[stable + i]: keys not in keep */
    int *in = calloc((size_t)pool, sizeof(int));
    int *present = calloc((size_t)pool, sizeof(int)); /* indexes in the dict, for deletion */
    for (int i = 0; i < stable; i++)
        dict_add(&d, &keep[i].link);
    if (!grow_first) { /* start big so the scan sees the table shrink */
        for (int i = 0; i < pool; i++) {
            dict_add(&d, &tmp[stable + i].link);
            in[i] = 1;
            present[npresent++] = i;
        }
        finish_rehash(&d);
    }
    size_t min_b = (size_t)-1, max_b = 0;
    int resizes = 0, was_rehashing = 0;
    unsigned long cursor = 0;
    long visits = 0, steps = 0;
    do {
        cursor = dict_scan(&d, cursor, scan_mark, &visits);
        steps++;
        /* Growing: 40 calls adding, 40 deleting, ... Shrinking: first delete
         * (almost) everything, then the same alternation. */
        int adding;
        if (!grow_first && steps < 400)
            adding = 0;
        else
            adding = (int)((steps / 40) % 2) ^ grow_first;
        for (int k = 0; k < 60; k++) {
            if (adding) {
                int i = (int)(random() % pool);
                if (in[i]) continue;
                dict_add(&d, &tmp[stable + i].link);
                in[i] = 1;
                present[npresent++] = i;
            } else if (npresent) {
                int j = (int)(random() % npresent), i = present[j];
                present[j] = present[--npresent];
                struct tnode *t = &tmp[stable + i];
                assert_ptr_equal(dict_unlink(&d, t->key, t->klen), &t->link);
                in[i] = 0;
            }
        }
        dict_shrink_if_needed(&d);
        if (dict_is_rehashing(&d) != was_rehashing) resizes++;
        was_rehashing = dict_is_rehashing(&d);
        if (random() % 4 == 0) dict_rehash(&d, (int)(random() % 64));
        size_t b = dict_buckets(&d);
        if (b < min_b) min_b = b;
        if (b > max_b) max_b = b;
    } while (cursor != 0);
    for (int i = 0; i < stable; i++) {
        if (keep[i].seen < 1) fail_msg("seed %u: stable node %d missed by scan", seed, i);
    }
    /* the scan really crossed resizes, both ways */
    assert_true(resizes >= 4);
    assert_true(max_b >= 8 * min_b);
    dict_clear(&d, NULL, NULL);
    free(keep);
    free(tmp);
    free(in);
    free(present);
}

static void test_scan_guarantee_growing(void **state) {
    for (unsigned seed = 1; seed <= 8; seed++)
        scan_under_churn(seed, 1);
}

static void test_scan_guarantee_shrinking(void **state) {
    for (unsigned seed = 100; seed <= 108; seed++)
        scan_under_churn(seed, 0);
}

/* A scan started while rehashing (both directions) returns every node. */
static void test_scan_while_rehashing(void **state) {
    for (int dir = 0; dir < 2; dir++) {
        struct dict d;
        dict_init(&d, &ttype);
        int n = dir ? 2048 : 1025;
        struct tnode *v = nodes_new(n);
        for (int i = 0; i < n; i++)
            dict_add(&d, &v[i].link);
        finish_rehash(&d);
        if (dir) { /* shrink: keep 150 */
            for (int i = 150; i < n; i++)
                unlink_id(&d, i);
            n = 150;
            dict_shrink_if_needed(&d);
        } else {
            dict_expand(&d, 4096);
        }
        assert_true(dict_is_rehashing(&d));
        dict_rehash(&d, 10);
        assert_true(dict_is_rehashing(&d));
        unsigned long cursor = 0;
        long visits = 0;
        int steps = 0;
        do {
            cursor = dict_scan(&d, cursor, scan_mark, &visits);
            if (++steps % 5 == 0) dict_rehash(&d, 3);
        } while (cursor != 0);
        for (int i = 0; i < n; i++)
            assert_true(v[i].seen >= 1);
        dict_clear(&d, NULL, NULL);
        free(v);
    }
}

struct del_ctx {
    struct dict *d;
    long visits;
};

/* The scan callback may unlink the node it is given (active expiry does). */
static void scan_delete(void *arg, struct dnode *n) {
    struct del_ctx *c = arg;
    struct tnode *t = (struct tnode *)n;
    t->seen++;
    c->visits++;
    if (t->id % 2 == 0) assert_ptr_equal(dict_unlink(c->d, t->key, t->klen), n);
}

static void test_scan_callback_unlinks(void **state) {
    struct dict d;
    dict_init(&d, &badtype); /* long chains: the next node must survive the unlink */
    struct tnode *v = nodes_new(200);
    for (int i = 0; i < 200; i++)
        dict_add(&d, &v[i].link);
    struct del_ctx c = {&d, 0};
    unsigned long cursor = 0;
    do
        cursor = dict_scan(&d, cursor, scan_delete, &c);
    while (cursor);
    for (int i = 0; i < 200; i++)
        assert_int_equal(v[i].seen, 1);
    assert_int_equal(dict_size(&d), 100);
    for (int i = 0; i < 200; i++) {
        if (i % 2)
            assert_ptr_equal(find_id(&d, i), &v[i]);
        else
            assert_null(find_id(&d, i));
    }
    dict_clear(&d, NULL, NULL);
    free(v);
}

/* -------------------------------------------------------- random, sample */

static int in_dict(struct dict *d, struct dnode *n) {
    struct tnode *t = (struct tnode *)n;
    return dict_find(d, t->key, t->klen) == n;
}

static void test_random(void **state) {
    srandom(42);
    struct dict d;
    dict_init(&d, &ttype);
    int n = 64;
    struct tnode *v = nodes_new(n);
    for (int i = 0; i < n; i++)
        dict_add(&d, &v[i].link);
    finish_rehash(&d);
    for (int i = 0; i < 4000; i++) {
        struct tnode *t = (struct tnode *)dict_random(&d);
        assert_non_null(t);
        assert_true(in_dict(&d, &t->link));
        t->seen++;
    }
    for (int i = 0; i < n; i++)
        assert_true(v[i].seen > 0); /* every node can come out */
    /* while rehashing too (in both tables) */
    dict_expand(&d, 1024);
    assert_true(dict_is_rehashing(&d));
    dict_rehash(&d, 20);
    for (int i = 0; i < 2000; i++) {
        struct dnode *x = dict_random(&d);
        assert_non_null(x);
        assert_true(in_dict(&d, x));
    }
    /* a single node */
    dict_clear(&d, NULL, NULL);
    dict_add(&d, &v[5].link);
    assert_ptr_equal(dict_random(&d), &v[5].link);
    dict_clear(&d, NULL, NULL);
    free(v);
}

static void test_sample(void **state) {
    srandom(7);
    struct dict d;
    dict_init(&d, &ttype);
    struct dnode *out[64];
    assert_int_equal(dict_sample(&d, out, 10), 0);
    int n = 500;
    struct tnode *v = nodes_new(n);
    for (int i = 0; i < 3; i++)
        dict_add(&d, &v[i].link);
    /* asking for more than there is gives at most the size */
    size_t got = dict_sample(&d, out, 64);
    assert_true(got >= 1 && got <= 3);
    for (int i = 3; i < n; i++)
        dict_add(&d, &v[i].link);
    for (int round = 0; round < 200; round++) {
        if (round == 100) { /* sample while growing (2x) */
            finish_rehash(&d);
            dict_expand(&d, 1024);
        }
        if (round == 150) { /* and while shrinking */
            finish_rehash(&d);
            for (int i = 20; i < n; i++)
                unlink_id(&d, i);
            dict_shrink_if_needed(&d);
            assert_true(dict_is_rehashing(&d));
        }
        got = dict_sample(&d, out, 16);
        assert_true(got > 0 && got <= 16);
        for (size_t i = 0; i < got; i++) {
            assert_true(in_dict(&d, out[i]));
            ((struct tnode *)out[i])->seen++;
        }
    }
    int distinct = 0;
    for (int i = 0; i < n; i++)
        distinct += v[i].seen > 0;
    assert_true(distinct > n / 4); /* samples come from all over the table */
    /* an 8x growth leaves most of the walk in empty buckets: still one node */
    finish_rehash(&d);
    dict_expand(&d, 1 << 16);
    for (int round = 0; round < 100; round++) {
        got = dict_sample(&d, out, 16);
        assert_true(got >= 1 && got <= 16);
        assert_true(in_dict(&d, out[0]));
    }
    assert_int_equal(dict_sample(&d, out, 0), 0);
    dict_clear(&d, NULL, NULL);
    free(v);
}

/* ------------------------------------------------------------- iterators */

static void test_iter_unsafe_while_rehashing(void **state) {
    struct dict d;
    dict_init(&d, &ttype);
    int n = 3000;
    struct tnode *v = nodes_new(n);
    for (int i = 0; i < n; i++)
        dict_add(&d, &v[i].link);
    if (!dict_is_rehashing(&d)) dict_expand(&d, 8192);
    assert_true(dict_is_rehashing(&d));
    struct dict_iter it;
    dict_iter_init(&it, &d, 0);
    struct dnode *x;
    while ((x = dict_next(&it)))
        ((struct tnode *)x)->seen++;
    dict_iter_end(&it);
    for (int i = 0; i < n; i++)
        assert_int_equal(v[i].seen, 1);
    dict_clear(&d, NULL, NULL);
    /* an empty dict */
    dict_iter_init(&it, &d, 0);
    assert_null(dict_next(&it));
    dict_iter_end(&it);
    free(v);
}

static void test_iter_safe_delete(void **state) {
    struct dict d;
    dict_init(&d, &badtype);
    int n = 2000;
    struct tnode *v = nodes_new(n);
    for (int i = 0; i < n; i++)
        dict_add(&d, &v[i].link);
    int was_rehashing = dict_is_rehashing(&d);
    long idx = d.rehash_idx;
    struct dict_iter it;
    dict_iter_init(&it, &d, 1);
    assert_int_equal(d.pause_rehash, 1);
    struct dnode *x;
    int visited = 0;
    while ((x = dict_next(&it))) {
        struct tnode *t = (struct tnode *)x;
        t->seen++;
        visited++;
        if (t->id % 3 != 0) assert_ptr_equal(dict_unlink(&d, t->key, t->klen), x);
        /* lookups do not move buckets while the iterator lives */
        assert_int_equal(dict_rehash_ms(&d, 10), 0);
        find_id(&d, 1);
        assert_int_equal(d.rehash_idx, idx);
    }
    dict_iter_end(&it);
    assert_int_equal(d.pause_rehash, 0);
    assert_int_equal(visited, n);
    for (int i = 0; i < n; i++)
        assert_int_equal(v[i].seen, 1);
    assert_int_equal(dict_size(&d), (size_t)(n + 2) / 3);
    for (int i = 0; i < n; i++) {
        if (i % 3 == 0)
            assert_ptr_equal(find_id(&d, i), &v[i]);
        else
            assert_null(find_id(&d, i));
    }
    (void)was_rehashing;
    dict_clear(&d, NULL, NULL);
    free(v);
}

/* ------------------------------------------------------------------ hash */

static void test_hash_functions(void **state) {
    assert_int_equal(hash_bytes("abc", 3), hash_bytes("abc", 3));
    assert_int_not_equal(hash_bytes("abc", 3), hash_bytes("abd", 3));
    assert_int_not_equal(hash_bytes("", 0), hash_bytes("\0", 1));
    assert_int_not_equal(hash_bytes("12345678a", 9), hash_bytes("12345678b", 9));
    assert_int_equal(hash_bytes_nocase("HeLLo", 5), hash_bytes_nocase("hello", 5));
    assert_int_not_equal(hash_bytes_nocase("hello", 5), hash_bytes_nocase("hellp", 5));
    uint64_t before = hash_bytes("key", 3);
    uint8_t seed[16];
    for (int i = 0; i < 16; i++)
        seed[i] = (uint8_t)(i * 7 + 1);
    hash_set_seed(seed);
    assert_int_not_equal(hash_bytes("key", 3), before);
    /* spread: 4096 keys over 4096 buckets leave few empty ones */
    static unsigned char used[4096];
    int filled = 0;
    for (int i = 0; i < 4096; i++) {
        char k[16];
        int n = snprintf(k, sizeof(k), "key:%d", i);
        uint64_t b = hash_bytes(k, (size_t)n) & 4095;
        if (!used[b]++) filled++;
    }
    assert_true(filled > 2400); /* ~63% expected for a uniform hash */
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_basic),
        cmocka_unit_test(test_replace),
        cmocka_unit_test(test_growth_incremental),
        cmocka_unit_test(test_shrink),
        cmocka_unit_test(test_expand_rules),
        cmocka_unit_test(test_no_resize),
        cmocka_unit_test(test_long_chains),
        cmocka_unit_test(test_clear_callback),
        cmocka_unit_test(test_scan_stable),
        cmocka_unit_test(test_scan_guarantee_growing),
        cmocka_unit_test(test_scan_guarantee_shrinking),
        cmocka_unit_test(test_scan_while_rehashing),
        cmocka_unit_test(test_scan_callback_unlinks),
        cmocka_unit_test(test_random),
        cmocka_unit_test(test_sample),
        cmocka_unit_test(test_iter_unsafe_while_rehashing),
        cmocka_unit_test(test_iter_safe_delete),
        cmocka_unit_test(test_hash_functions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
