/* lazyfree: frees large values and whole keyspaces on a background thread, so
 * UNLINK, FLUSHALL ASYNC and the lazyfree-lazy-* options don't stall the event
 * loop. Only memory nobody else can reach is handed over. */
#ifndef MNEMO_LAZYFREE_H
#define MNEMO_LAZYFREE_H
#include <stddef.h>

struct kv;
struct dict;

void lazyfree_init(void);
/* Frees the entry now if it is cheap, else on the background thread. */
void lazyfree_kv(struct kv *o);
/* Takes over a whole dict's tables and nodes (the dict is left empty). */
void lazyfree_dict(struct dict *d);
size_t lazyfree_pending(void); /* objects waiting to be freed (INFO lazyfree_pending_objects) */
unsigned long long lazyfree_freed(void); /* objects freed so far (INFO lazyfreed_objects) */
/* Bytes allocated minus freed by the background thread (for mem_used). */
long long lazyfree_thread_balance(void);
void lazyfree_wait_idle(void); /* for tests and shutdown */

#endif
