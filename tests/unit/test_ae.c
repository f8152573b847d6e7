/* Unit tests for the event loop (src/ae.c): file events on a pipe, handler
 * removal from inside a callback, timers (repeat, AE_NOMORE, deletion,
 * ordering), before_sleep and ae_stop, and the fd-table limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ae.h"
#include <errno.h>
#include <string.h>
#include <unistd.h>

struct log {
    char ev[64];
    int n;
    int reads, writes, sleeps;
    int rfd, wfd;
};

static void log_add(struct log *g, char c) {
    if (g->n < (int)sizeof(g->ev) - 1) g->ev[g->n++] = c;
    g->ev[g->n] = '\0';
}

static void on_read(struct ae_loop *l, int fd, void *data, int mask) {
    struct log *g = data;
    char buf[16];
    assert_int_equal(mask, AE_READABLE);
    ssize_t n = read(fd, buf, sizeof(buf));
    assert_true(n > 0);
    g->reads++;
    log_add(g, 'r');
}

static void on_write_once(struct ae_loop *l, int fd, void *data, int mask) {
    struct log *g = data;
    assert_int_equal(mask, AE_WRITABLE);
    g->writes++;
    log_add(g, 'w');
    ae_del(l, fd, AE_WRITABLE); /* removing itself from inside the callback */
}

static void test_file_events(void **state) {
    struct ae_loop *l = ae_create(1024);
    assert_non_null(l);
    int p[2];
    assert_int_equal(pipe(p), 0);
    struct log g = {0};
    assert_int_equal(ae_add(l, p[0], AE_READABLE, on_read, &g), 0);
    assert_int_equal(ae_mask(l, p[0]), AE_READABLE);
    /* nothing ready: returns after the timeout with no events */
    assert_int_equal(ae_process(l, 10), 0);
    assert_int_equal(g.reads, 0);
    assert_int_equal(write(p[1], "x", 1), 1);
    assert_int_equal(ae_process(l, 1000), 1);
    assert_int_equal(g.reads, 1);
    /* the write end is writable at once; the handler removes itself */
    assert_int_equal(ae_add(l, p[1], AE_WRITABLE, on_write_once, &g), 0);
    assert_int_equal(ae_process(l, 1000), 1);
    assert_int_equal(g.writes, 1);
    assert_int_equal(ae_mask(l, p[1]), 0);
    assert_int_equal(ae_process(l, 10), 0);
    assert_int_equal(g.writes, 1);
    /* removing the read handler stops read events */
    ae_del(l, p[0], AE_READABLE);
    assert_int_equal(write(p[1], "y", 1), 1);
    assert_int_equal(ae_process(l, 10), 0);
    assert_int_equal(g.reads, 1);
    ae_del(l, p[0], AE_READABLE); /* deleting twice is harmless */
    close(p[0]);
    close(p[1]);
    ae_free(l);
}

static void test_setsize_limits(void **state) {
    int p[2];
    assert_int_equal(pipe(p), 0);
    struct ae_loop *l = ae_create(p[0] + 1); /* just big enough for the read end */
    assert_int_equal(ae_setsize(l), p[0] + 1);
    assert_int_equal(ae_mask(l, 100), 0);
    errno = 0;
    assert_int_equal(ae_add(l, 100, AE_READABLE, on_read, NULL), -1);
    assert_int_equal(errno, ERANGE);
    /* growing works; shrinking below a registered fd is refused */
    struct log g = {0};
    assert_int_equal(ae_add(l, p[0], AE_READABLE, on_read, &g), 0);
    assert_int_equal(ae_resize(l, 256), 0);
    assert_int_equal(ae_setsize(l), 256);
    assert_int_equal(ae_resize(l, p[0]), -1);
    assert_int_equal(ae_resize(l, p[0] + 1), 0);
    assert_int_equal(write(p[1], "z", 1), 1);
    assert_int_equal(ae_process(l, 1000), 1);
    assert_int_equal(g.reads, 1);
    close(p[0]);
    close(p[1]);
    ae_free(l);
}

static long timer_a(struct ae_loop *l, long long id, void *data) {
    struct log *g = data;
    log_add(g, 'a');
    return ++g->writes < 6 ? 1 : AE_NOMORE; /* every 1 ms, six times */
}

static long timer_b(struct ae_loop *l, long long id, void *data) {
    log_add(data, 'b');
    return AE_NOMORE;
}

static long timer_never(struct ae_loop *l, long long id, void *data) {
    log_add(data, 'X');
    return AE_NOMORE;
}

static long timer_stop(struct ae_loop *l, long long id, void *data) {
    log_add(data, 's');
    ae_stop(l);
    return AE_NOMORE;
}

static struct log *sleep_log;
static void log_sleep(struct ae_loop *l) {
    sleep_log->sleeps++;
}

static void test_timers(void **state) {
    struct ae_loop *l = ae_create(64);
    struct log g = {0};
    long long t0 = ae_mono_us();
    ae_timer_add(l, 1, timer_a, &g);
    ae_timer_add(l, 100, timer_b, &g);
    long long never = ae_timer_add(l, 5, timer_never, &g);
    ae_timer_del(l, never);
    ae_timer_add(l, 150, timer_stop, &g);
    sleep_log = &g;
    ae_set_before_sleep(l, log_sleep);
    ae_run(l); /* returns when timer_stop calls ae_stop */
    long long elapsed = ae_mono_us() - t0;
    assert_true(elapsed >= 150000);
    assert_true(elapsed < 5000000);
    /* 'a' six times, 'b' once at 100 ms, the deleted timer never, 's' last;
     * before_sleep ran before each wait */
    assert_null(strchr(g.ev, 'X'));
    assert_int_equal(g.ev[g.n - 1], 's');
    int a = 0, b = 0;
    for (int i = 0; i < g.n; i++)
        a += g.ev[i] == 'a', b += g.ev[i] == 'b';
    assert_int_equal(b, 1);
    assert_int_equal(a, 6);
    assert_true(strchr(g.ev, 'b') > strrchr(g.ev, 'a')); /* the 1 ms timer finished first */
    assert_true(g.sleeps >= 3);
    ae_free(l); /* frees remaining timers */
}

static void test_clocks(void **state) {
    long long a = ae_mono_us(), w = ae_now_us();
    usleep(2000);
    assert_true(ae_mono_us() - a >= 2000);
    assert_true(ae_now_us() - w >= 1000);
    assert_true(ae_now_ms() > 1600000000000LL); /* after 2020 */
    long long ms = ae_now_ms(), us = ae_now_us();
    assert_true(us / 1000 - ms >= 0 && us / 1000 - ms <= 1);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_file_events),
        cmocka_unit_test(test_setsize_limits),
        cmocka_unit_test(test_timers),
        cmocka_unit_test(test_clocks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
