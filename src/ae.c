/* ae: epoll event loop. Invariant: events[fd].mask mirrors what epoll watches
 * for fd; timers live in an unsorted list (there are only a handful). */
#include "ae.h"
#include "mem.h"
#include <errno.h>
#include <sys/epoll.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

struct fevent {
    int mask;
    ae_file_fn *rfn, *wfn;
    void *data;
};

struct timer {
    long long id, when_us; /* monotonic */
    ae_timer_fn *fn;
    void *data;
    struct timer *next;
    int deleted;
};

struct ae_loop {
    int epfd, setsize, stop;
    struct fevent *ev;
    struct epoll_event *ready;
    struct timer *timers;
    long long next_timer_id;
    ae_sleep_fn *before_sleep;
};

long long ae_now_us(void) {
    struct timeval tv;
    gettimeofday(&tv, NULL);
    return (long long)tv.tv_sec * 1000000 + tv.tv_usec;
}

long long ae_now_ms(void) {
    return ae_now_us() / 1000;
}

long long ae_mono_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

struct ae_loop *ae_create(int setsize) {
    struct ae_loop *l = xcalloc(sizeof(*l));
    l->epfd = epoll_create1(EPOLL_CLOEXEC);
    if (l->epfd < 0) {
        xfree(l);
        return NULL;
    }
    l->setsize = setsize;
    l->ev = xcalloc(sizeof(struct fevent) * (size_t)setsize);
    l->ready = xcalloc(sizeof(struct epoll_event) * (size_t)setsize);
    return l;
}

void ae_free(struct ae_loop *l) {
    close(l->epfd);
    while (l->timers) {
        struct timer *t = l->timers;
        l->timers = t->next;
        xfree(t);
    }
    xfree(l->ev);
    xfree(l->ready);
    xfree(l);
}

int ae_setsize(struct ae_loop *l) {
    return l->setsize;
}

int ae_resize(struct ae_loop *l, int setsize) {
    if (setsize == l->setsize) return 0;
    for (int i = setsize; i < l->setsize; i++)
        if (l->ev[i].mask) return -1;
    l->ev = xrealloc(l->ev, sizeof(struct fevent) * (size_t)setsize);
    l->ready = xrealloc(l->ready, sizeof(struct epoll_event) * (size_t)setsize);
    for (int i = l->setsize; i < setsize; i++)
        l->ev[i] = (struct fevent){0};
    l->setsize = setsize;
    return 0;
}

int ae_add(struct ae_loop *l, int fd, int mask, ae_file_fn *fn, void *data) {
    if (fd >= l->setsize) {
        errno = ERANGE;
        return -1;
    }
    struct fevent *fe = &l->ev[fd];
    struct epoll_event ee = {0};
    int op = fe->mask ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
    int m = fe->mask | mask;
    if (m & AE_READABLE) ee.events |= EPOLLIN;
    if (m & AE_WRITABLE) ee.events |= EPOLLOUT;
    ee.data.fd = fd;
    if (epoll_ctl(l->epfd, op, fd, &ee) < 0) return -1;
    fe->mask = m;
    if (mask & AE_READABLE) fe->rfn = fn;
    if (mask & AE_WRITABLE) fe->wfn = fn;
    fe->data = data;
    return 0;
}

void ae_del(struct ae_loop *l, int fd, int mask) {
    if (fd >= l->setsize) return;
    struct fevent *fe = &l->ev[fd];
    if (!fe->mask) return;
    int m = fe->mask & ~mask;
    struct epoll_event ee = {0};
    if (m & AE_READABLE) ee.events |= EPOLLIN;
    if (m & AE_WRITABLE) ee.events |= EPOLLOUT;
    ee.data.fd = fd;
    epoll_ctl(l->epfd, m ? EPOLL_CTL_MOD : EPOLL_CTL_DEL, fd, &ee);
    fe->mask = m;
}

int ae_mask(struct ae_loop *l, int fd) {
    return fd < l->setsize ? l->ev[fd].mask : 0;
}

long long ae_timer_add(struct ae_loop *l, long ms, ae_timer_fn *fn, void *data) {
    struct timer *t = xcalloc(sizeof(*t));
    t->id = ++l->next_timer_id;
    t->when_us = ae_mono_us() + (long long)ms * 1000;
    t->fn = fn;
    t->data = data;
    t->next = l->timers;
    l->timers = t;
    return t->id;
}

void ae_timer_del(struct ae_loop *l, long long id) {
    for (struct timer *t = l->timers; t; t = t->next)
        if (t->id == id) t->deleted = 1;
}

void ae_set_before_sleep(struct ae_loop *l, ae_sleep_fn *fn) {
    l->before_sleep = fn;
}

void ae_stop(struct ae_loop *l) {
    l->stop = 1;
}

/* Milliseconds until the next timer, rounded up so it is never woken early;
 * -1 when there is none. */
static long next_timer_wait(struct ae_loop *l) {
    long long now = ae_mono_us(), best = -1;
    for (struct timer *t = l->timers; t; t = t->next) {
        if (t->deleted) continue;
        if (best < 0 || t->when_us < best) best = t->when_us;
    }
    if (best < 0) return -1;
    return best > now ? (long)((best - now + 999) / 1000) : 0;
}

static void run_timers(struct ae_loop *l) {
    long long now = ae_mono_us();
    long long max_id = l->next_timer_id; /* timers added by callbacks wait a turn */
    struct timer **pp = &l->timers;
    while (*pp) {
        struct timer *t = *pp;
        if (t->deleted) {
            *pp = t->next;
            xfree(t);
            continue;
        }
        if (t->id <= max_id && t->when_us <= now) {
            long again = t->fn(l, t->id, t->data);
            if (again == AE_NOMORE)
                t->deleted = 1;
            else
                t->when_us = ae_mono_us() + (long long)again * 1000;
        }
        pp = &t->next;
    }
}

int ae_process(struct ae_loop *l, long timeout_ms) {
    long wait = next_timer_wait(l);
    if (timeout_ms >= 0 && (wait < 0 || timeout_ms < wait)) wait = timeout_ms;
    int n = epoll_wait(l->epfd, l->ready, l->setsize, (int)wait);
    for (int i = 0; i < n; i++) {
        int fd = l->ready[i].data.fd;
        uint32_t e = l->ready[i].events;
        struct fevent *fe = &l->ev[fd];
        int fired = 0;
        if ((e & (EPOLLIN | EPOLLERR | EPOLLHUP)) && (fe->mask & AE_READABLE)) {
            fe->rfn(l, fd, fe->data, AE_READABLE);
            fired = 1;
        }
        fe = &l->ev[fd]; /* the read callback may have changed or removed the handler */
        if ((e & (EPOLLOUT | EPOLLERR | EPOLLHUP)) && (fe->mask & AE_WRITABLE)) {
            if (!fired || fe->wfn != fe->rfn) fe->wfn(l, fd, fe->data, AE_WRITABLE);
        }
    }
    run_timers(l);
    return n;
}

void ae_run(struct ae_loop *l) {
    l->stop = 0;
    while (!l->stop) {
        if (l->before_sleep) l->before_sleep(l);
        ae_process(l, -1);
    }
}
