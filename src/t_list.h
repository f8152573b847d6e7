/* t_list: list type registration and helpers other modules need (RDB/RESTORE
 * build lists through list_kv_from_quicklist). */
#ifndef MNEMO_T_LIST_H
#define MNEMO_T_LIST_H
#include <stddef.h>

struct kv;
struct quicklist;
struct ql_entry;

/* Registers the list type_ops and the blocking serve function. */
void list_init(void);
/* An entry for key holding ql (taken over), in the representation the list
 * would have after a write: inline when small, else the quicklist. ql must not
 * be empty. */
struct kv *list_kv_from_quicklist(const char *key, size_t klen, struct quicklist *ql,
                                  long long expire);
/* Calls fn for each element of the list o, head to tail, until fn returns
 * non-zero (then returns 1). The list must not change meanwhile. */
int list_foreach(struct kv *o, int (*fn)(void *ctx, const struct ql_entry *e), void *ctx);
unsigned long list_length(struct kv *o);

#endif
