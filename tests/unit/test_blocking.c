/* Unit tests for the blocking module with fake clients and a test serve
 * function: FIFO order per key, duplicate keys, keys made ready while serving
 * (served in the next round), waiters of another type stepped over, waiters a
 * serve function leaves waiting, CLIENT UNBLOCK replies, cleanup when a
 * blocked client goes away, and the counters INFO reports. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "blocking.h"
#include "client.h"
#include "db.h"
#include "server.h"

/* The test type: a T_ZSET entry whose blob is a count of "tokens"; serving
 * takes one token and logs who got it; a key with no tokens left is deleted.
 * A blob of "X" asks the serve function to push a token into the key named by
 * the waiter's target (a chain, like BLMOVE). */
static char served[64][32];
static int nserved;
static int keep_waiting; /* serve returns 0 while set */

static void add_tokens(const char *key, int n) {
    struct db *db = &srv.db[0];
    struct kv *o = db_lookup(db, key, strlen(key), LOOKUP_WRITE | LOOKUP_NOSTATS);
    if (o) {
        size_t len;
        unsigned char *b = kv_blob(o, &len);
        b[0] = (unsigned char)(b[0] + n);
        blocking_signal_key(db, key, strlen(key));
        return;
    }
    unsigned char b = (unsigned char)n;
    db_add(db, kv_new_blob(key, strlen(key), T_ZSET, ENC_INLINE_MIN, &b, 1, -1));
}

static int test_serve(struct client *c, struct db *db, struct kv *o, const char *key, size_t klen,
                      const struct block_args *a) {
    if (keep_waiting) return 0;
    size_t len;
    unsigned char *b = kv_blob(o, &len);
    snprintf(served[nserved++], sizeof(served[0]), "%llu:%.*s", (unsigned long long)c->id,
             (int)klen, key);
    if (--b[0] == 0) db_delete(db, key, klen);
    if (a->target) add_tokens(a->target, 1);
    return 1;
}

static struct client *blocked_on(const char *keys, const char *target) {
    struct client *c = client_create_fake();
    struct str k[8];
    char buf[8][16];
    int n = 0;
    for (const char *p = keys; *p; p++) {
        if (*p == ' ') continue;
        snprintf(buf[n], sizeof(buf[n]), "%c", *p);
        k[n].ptr = buf[n];
        k[n].len = 1;
        n++;
    }
    struct block_args a = {.count = -1};
    if (target) {
        a.target = (char *)target;
        a.target_len = strlen(target);
    }
    blocking_block(c, T_ZSET, k, n, 0, &a);
    assert_true(c->flags & CF_BLOCKED);
    return c;
}

static int setup(void **state) {
    nserved = 0;
    keep_waiting = 0;
    db_flush(&srv.db[0], 0);
    return 0;
}

static void test_fifo_one_token_each(void **state) {
    struct client *a = blocked_on("k", NULL), *b = blocked_on("k", NULL),
                  *c = blocked_on("k", NULL);
    assert_int_equal(blocking_num_clients(), 3);
    assert_int_equal(blocking_num_keys(), 1);
    add_tokens("k", 2);
    assert_true(blocking_ready_pending());
    blocking_handle_ready();
    assert_int_equal(nserved, 2);
    char want[32];
    snprintf(want, sizeof(want), "%llu:k", (unsigned long long)a->id);
    assert_string_equal(served[0], want);
    snprintf(want, sizeof(want), "%llu:k", (unsigned long long)b->id);
    assert_string_equal(served[1], want);
    assert_false(a->flags & CF_BLOCKED);
    assert_true(c->flags & CF_BLOCKED);
    assert_int_equal(blocking_num_clients(), 1);
    blocking_before_sleep(); /* runs the (empty) input of a and b */
    client_free(a);
    client_free(b);
    client_free(c); /* blocked: forgotten */
    assert_int_equal(blocking_num_clients(), 0);
    assert_int_equal(blocking_num_keys(), 0);
}

static void test_duplicate_keys_and_several_keys(void **state) {
    struct client *a = blocked_on("x y y x", NULL);
    assert_int_equal(blocking_num_keys(), 2);
    add_tokens("y", 5);
    add_tokens("x", 5);
    blocking_handle_ready();
    assert_int_equal(nserved, 1); /* served once, by the first ready key */
    char want[32];
    snprintf(want, sizeof(want), "%llu:y", (unsigned long long)a->id);
    assert_string_equal(served[0], want);
    assert_int_equal(blocking_num_keys(), 0);
    client_free(a);
}

static void test_chain_served_in_next_round(void **state) {
    struct client *a = blocked_on("s", "d"), *b = blocked_on("d", "e");
    add_tokens("s", 1);
    blocking_handle_ready();
    assert_int_equal(nserved, 2);
    assert_false(a->flags & CF_BLOCKED);
    assert_false(b->flags & CF_BLOCKED);
    assert_null(db_lookup(&srv.db[0], "s", 1, LOOKUP_NOSTATS));
    assert_null(db_lookup(&srv.db[0], "d", 1, LOOKUP_NOSTATS));
    assert_non_null(db_lookup(&srv.db[0], "e", 1, LOOKUP_NOSTATS));
    client_free(a);
    client_free(b);
}

static void test_not_served_keeps_waiting(void **state) {
    struct client *a = blocked_on("k", NULL);
    keep_waiting = 1;
    add_tokens("k", 1);
    blocking_handle_ready();
    assert_true(a->flags & CF_BLOCKED);
    keep_waiting = 0;
    add_tokens("k", 0); /* signals again */
    blocking_handle_ready();
    assert_false(a->flags & CF_BLOCKED);
    client_free(a);
}

static void test_wrong_type_value_serves_nobody(void **state) {
    struct client *a = blocked_on("k", NULL);
    db_add(&srv.db[0], kv_new_string("k", 1, "v", 1, -1)); /* strings never signal */
    assert_false(blocking_ready_pending());
    db_delete(&srv.db[0], "k", 1);
    unsigned char b = 1;
    db_add(&srv.db[0], kv_new_blob("k", 1, T_HASH, ENC_INLINE_MIN, &b, 1, -1)); /* no serve fn */
    blocking_handle_ready();
    assert_true(a->flags & CF_BLOCKED);
    assert_int_equal(nserved, 0);
    client_free(a);
}

static void test_unblock_replies(void **state) {
    struct client *a = blocked_on("k", NULL), *b = blocked_on("k", NULL);
    assert_int_equal(blocking_unblock(a, 0), 1);
    assert_int_equal(a->ob_len, 5);
    assert_memory_equal(a->ob, "*-1\r\n", 5);
    assert_int_equal(blocking_unblock(a, 0), 0); /* not blocked any more */
    assert_int_equal(blocking_unblock(b, 1), 1);
    const char *err = "-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n";
    assert_int_equal(b->ob_len, strlen(err));
    assert_memory_equal(b->ob, err, strlen(err));
    assert_int_equal(blocking_num_keys(), 0);
    client_free(a);
    client_free(b);
}

static void test_swapdb_rescan(void **state) {
    struct client *a = blocked_on("k", NULL);
    unsigned char b = 1;
    db_add(&srv.db[1], kv_new_blob("k", 1, T_ZSET, ENC_INLINE_MIN, &b, 1, -1));
    blocking_handle_ready();
    assert_true(a->flags & CF_BLOCKED); /* another db */
    db_swap_dbs(0, 1);
    assert_true(blocking_ready_pending());
    blocking_handle_ready();
    assert_false(a->flags & CF_BLOCKED);
    db_swap_dbs(0, 1);
    db_flush(&srv.db[1], 0);
    client_free(a);
}

int main(void) {
    db_init_all(16);
    server_update_time();
    blocking_register(T_ZSET, test_serve);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_fifo_one_token_each, setup),
        cmocka_unit_test_setup(test_duplicate_keys_and_several_keys, setup),
        cmocka_unit_test_setup(test_chain_served_in_next_round, setup),
        cmocka_unit_test_setup(test_not_served_keeps_waiting, setup),
        cmocka_unit_test_setup(test_wrong_type_value_serves_nobody, setup),
        cmocka_unit_test_setup(test_unblock_replies, setup),
        cmocka_unit_test_setup(test_swapdb_rescan, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
