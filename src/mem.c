/* mem: allocation wrapper over Debian's jemalloc (linked as the system malloc). */
#include "mem.h"
#include <jemalloc/jemalloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef __SANITIZE_ADDRESS__
/* ASan replaces malloc, so jemalloc's counters stay at 0: ask ASan instead, so
 * that used_memory (and maxmemory eviction) work in sanitizer builds too. */
size_t __sanitizer_get_current_allocated_bytes(void); /* libasan */
#endif

static uint64_t *alloc_ctr, *dealloc_ctr;
/* Counters of other threads that free what the main thread allocated (lazyfree). */
static volatile uint64_t *extra_alloc, *extra_dealloc;

void mem_add_thread_counters(uint64_t *alloc, uint64_t *dealloc) {
    extra_alloc = alloc;
    extra_dealloc = dealloc;
}
static size_t base_used;

static void oom(size_t n) {
    fprintf(stderr, "Mnemo: out of memory allocating %zu bytes\n", n);
    fflush(stderr);
    abort();
}

void *xmalloc(size_t n) {
    void *p = malloc(n ? n : 1);
    if (!p) oom(n);
    return p;
}

void *xcalloc(size_t n) {
    void *p = calloc(1, n ? n : 1);
    if (!p) oom(n);
    return p;
}

void *xrealloc(void *p, size_t n) {
    void *q = realloc(p, n ? n : 1);
    if (!q) oom(n);
    return q;
}

void xfree(void *p) {
    free(p);
}

char *xstrdup(const char *s) {
    return xmemdup(s, strlen(s));
}

char *xmemdup(const void *p, size_t n) {
    char *q = xmalloc(n + 1);
    memcpy(q, p, n);
    q[n] = '\0';
    return q;
}

size_t mem_usable(void *p) {
    return p ? malloc_usable_size(p) : 0;
}

void mem_init(void) {
    size_t sz = sizeof(alloc_ctr);
    if (mallctl("thread.allocatedp", &alloc_ctr, &sz, NULL, 0) != 0) alloc_ctr = NULL;
    sz = sizeof(dealloc_ctr);
    if (mallctl("thread.deallocatedp", &dealloc_ctr, &sz, NULL, 0) != 0) dealloc_ctr = NULL;
    base_used = 0;
}

size_t mem_used(void) {
#ifdef __SANITIZE_ADDRESS__
    return __sanitizer_get_current_allocated_bytes();
#endif
    if (!alloc_ctr || !dealloc_ctr) {
        size_t a = 0;
        mem_stats(&a, NULL, NULL, NULL);
        return a;
    }
    /* The main thread's balance plus the lazyfree thread's (which is negative:
     * it frees what the main thread allocated). */
    long long bal = (long long)(*alloc_ctr - *dealloc_ctr);
    if (extra_alloc && extra_dealloc) bal += (long long)(*extra_alloc - *extra_dealloc);
    return bal > 0 ? (size_t)bal + base_used : base_used;
}

void mem_stats(size_t *allocated, size_t *active, size_t *resident, size_t *mapped) {
    uint64_t epoch = 1;
    size_t sz = sizeof(epoch);
    mallctl("epoch", &epoch, &sz, &epoch, sz);
    sz = sizeof(size_t);
    if (allocated) mallctl("stats.allocated", allocated, &sz, NULL, 0);
    if (active) mallctl("stats.active", active, &sz, NULL, 0);
    if (resident) mallctl("stats.resident", resident, &sz, NULL, 0);
    if (mapped) mallctl("stats.mapped", mapped, &sz, NULL, 0);
}

size_t mem_rss(void) {
    FILE *f = fopen("/proc/self/statm", "r");
    if (!f) return 0;
    long pages = 0, rss = 0;
    if (fscanf(f, "%ld %ld", &pages, &rss) != 2) rss = 0;
    fclose(f);
    return (size_t)rss * (size_t)sysconf(_SC_PAGESIZE);
}
