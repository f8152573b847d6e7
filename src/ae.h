/* ae: a small epoll event loop with millisecond timers. Knows nothing of Redis.
 *
 * File events: one read and one write callback per fd (fds index a table sized
 * at creation). Timers: a list of (id, when, callback); a callback returns the
 * number of milliseconds until it should run again, or AE_NOMORE to be removed.
 * before_sleep runs each time the loop is about to block in epoll_wait. */
#ifndef MNEMO_AE_H
#define MNEMO_AE_H
#include <stdint.h>

#define AE_READABLE 1
#define AE_WRITABLE 2
#define AE_NOMORE   -1

struct ae_loop;
typedef void ae_file_fn(struct ae_loop *l, int fd, void *data, int mask);
typedef long ae_timer_fn(struct ae_loop *l, long long id, void *data);
typedef void ae_sleep_fn(struct ae_loop *l);

struct ae_loop *ae_create(int setsize);
void ae_free(struct ae_loop *l);
int ae_setsize(struct ae_loop *l);
int ae_resize(struct ae_loop *l, int setsize);
int ae_add(struct ae_loop *l, int fd, int mask, ae_file_fn *fn, void *data); /* 0 ok, -1 err */
void ae_del(struct ae_loop *l, int fd, int mask);
int ae_mask(struct ae_loop *l, int fd);
long long ae_timer_add(struct ae_loop *l, long ms, ae_timer_fn *fn, void *data);
void ae_timer_del(struct ae_loop *l, long long id);
void ae_set_before_sleep(struct ae_loop *l, ae_sleep_fn *fn);
void ae_stop(struct ae_loop *l);
void ae_run(struct ae_loop *l);
/* Process ready events once; waits at most timeout_ms (-1: until a timer is due). */
int ae_process(struct ae_loop *l, long timeout_ms);

long long ae_now_ms(void);  /* wall clock, milliseconds */
long long ae_now_us(void);  /* wall clock, microseconds */
long long ae_mono_us(void); /* monotonic clock, microseconds */

#endif
