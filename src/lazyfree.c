/* lazyfree: one background thread with a FIFO of jobs (a single entry or a
 * detached dict). Invariants: jobs own their memory exclusively; the counters
 * are written by the worker and only read elsewhere. */
#include "lazyfree.h"
#include "db.h"
#include "dict.h"
#include "mem.h"
#include <jemalloc/jemalloc.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

/* Below this many elements a value is freed on the spot (Redis uses 64). */
#define LAZYFREE_THRESHOLD 64

struct job {
    struct job *next;
    struct kv *kv;
    struct dict d; /* when kv == NULL */
};

static pthread_t worker;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER, idle_cond = PTHREAD_COND_INITIALIZER;
static struct job *head, *tail;
static atomic_size_t pending;
static atomic_ullong freed;
static int busy, started;
static volatile uint64_t *thr_alloc, *thr_dealloc;

static void free_node(struct dnode *n, void *arg) {
    kv_free((struct kv *)n);
    atomic_fetch_add(&freed, 1);
}

static void *run(void *arg) {
    size_t sz = sizeof(thr_alloc);
    uint64_t *a = NULL, *d = NULL;
    if (mallctl("thread.allocatedp", &a, &sz, NULL, 0) == 0 &&
        mallctl("thread.deallocatedp", &d, &sz, NULL, 0) == 0) {
        thr_alloc = a;
        thr_dealloc = d;
        mem_add_thread_counters(a, d);
    }
    pthread_mutex_lock(&lock);
    for (;;) {
        while (!head) {
            busy = 0;
            pthread_cond_broadcast(&idle_cond);
            pthread_cond_wait(&cond, &lock);
        }
        busy = 1;
        struct job *j = head;
        head = j->next;
        if (!head) tail = NULL;
        pthread_mutex_unlock(&lock);
        size_t n = 1;
        if (j->kv) {
            kv_free(j->kv);
            atomic_fetch_add(&freed, 1);
        } else {
            n = dict_size(&j->d);
            dict_clear(&j->d, free_node, NULL);
        }
        xfree(j);
        atomic_fetch_sub(&pending, n);
        pthread_mutex_lock(&lock);
    }
    return NULL;
}

void lazyfree_init(void) {
    if (started) return;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 1 << 20);
    if (pthread_create(&worker, &attr, run, NULL) == 0) started = 1;
    pthread_attr_destroy(&attr);
}

static void push(struct job *j, size_t n) {
    atomic_fetch_add(&pending, n);
    pthread_mutex_lock(&lock);
    if (tail)
        tail->next = j;
    else
        head = j;
    tail = j;
    pthread_cond_signal(&cond);
    pthread_mutex_unlock(&lock);
}

void lazyfree_kv(struct kv *o) {
    size_t elems = 1;
    if (o->type != T_STRING && !kv_inline(o) && type_ops[o->type] && type_ops[o->type]->len)
        elems = type_ops[o->type]->len(kv_ptr(o), o->enc);
    if (!started || elems <= LAZYFREE_THRESHOLD) {
        kv_free(o);
        return;
    }
    struct job *j = xcalloc(sizeof(*j));
    j->kv = o;
    push(j, 1);
}

void lazyfree_dict(struct dict *d) {
    if (!started || dict_size(d) <= LAZYFREE_THRESHOLD) {
        dict_clear(d, free_node, NULL);
        return;
    }
    struct job *j = xcalloc(sizeof(*j));
    j->d = *d; /* take the tables; the caller's dict starts over empty */
    size_t n = dict_size(d);
    dict_init(d, d->type);
    push(j, n);
}

size_t lazyfree_pending(void) {
    return atomic_load(&pending);
}

unsigned long long lazyfree_freed(void) {
    return atomic_load(&freed);
}

long long lazyfree_thread_balance(void) {
    if (!thr_alloc || !thr_dealloc) return 0;
    return (long long)(*thr_alloc - *thr_dealloc);
}

void lazyfree_wait_idle(void) {
    if (!started) return;
    pthread_mutex_lock(&lock);
    while (head || busy)
        pthread_cond_wait(&idle_cond, &lock);
    pthread_mutex_unlock(&lock);
}
