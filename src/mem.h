/* mem: the one allocation wrapper. Every allocation in Mnemo goes through here.
 * Policy: an allocation that fails aborts the process with a log line (as Redis
 * does); callers never check for NULL. Memory accounting reads jemalloc's
 * per-thread allocated/deallocated counters, so counting costs nothing. */
#ifndef MNEMO_MEM_H
#define MNEMO_MEM_H
#include <stddef.h>
#include <stdint.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n);
void *xrealloc(void *p, size_t n);
void xfree(void *p);
char *xstrdup(const char *s);
char *xmemdup(const void *p, size_t n); /* copies n bytes and adds a NUL */
size_t mem_usable(void *p);             /* bytes really reserved for p */

size_t mem_used(void); /* bytes allocated and not yet freed (main thread view) */
size_t mem_rss(void);  /* resident set size from /proc */
void mem_init(void);
/* Another thread registers its jemalloc counters so mem_used() includes its
 * balance (the lazyfree thread frees what the main thread allocated). */
void mem_add_thread_counters(uint64_t *alloc, uint64_t *dealloc);
/* jemalloc statistics: allocated, active, resident, mapped (after an epoch refresh) */
void mem_stats(size_t *allocated, size_t *active, size_t *resident, size_t *mapped);

#endif
