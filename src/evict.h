/* evict: the maxmemory limit, the eight maxmemory-policy eviction policies and
 * the OOM rejection of commands, with Redis 7.0's semantics.
 *
 * Memory counted against the limit is what the allocator reports (mem_used)
 * minus evict_excluded_memory(): buffers that eviction cannot shrink and that
 * grow with every deletion (AOF buffer, replica output buffers), so counting
 * them would evict in a feedback loop.
 *
 * evict_command_check() runs before every command (dispatch): while over the
 * limit it evicts keys per policy, for a time bounded by
 * maxmemory-eviction-tenacity; when the budget runs out with memory still over
 * the limit, a timer keeps evicting between event-loop turns until the limit
 * is met or nothing is evictable. If memory stays over the limit and nothing
 * can be evicted ("OOM"), commands that may grow memory are refused.
 *
 * Candidates come from random samples of maxmemory-samples keys per db fed
 * into a pool of the 16 best candidates (highest idle time, lowest LFU
 * counter, nearest TTL) that persists across calls, as Redis does; volatile-*
 * policies consider only keys with a TTL. */
#ifndef MNEMO_EVICT_H
#define MNEMO_EVICT_H
#include <stddef.h>
#include <stdint.h>

struct client;
struct command;

#define OOM_ERR "-OOM command not allowed when used memory > 'maxmemory'."

enum { EVICT_OK = 0, EVICT_RUNNING = 1, EVICT_FAIL = 2 };

/* Memory not counted for the limit (AOF buffer, replica output buffers):
 * INFO mem_not_counted_for_evict. */
size_t evict_excluded_memory(void);

/* Evicts until memory is under maxmemory or the time budget is spent.
 * EVICT_OK: under the limit (or eviction is not possible right now);
 * EVICT_RUNNING: still over, the eviction timer continues; EVICT_FAIL: over
 * the limit and nothing left to evict. */
int evict_perform(void);

/* At start-up, after the databases exist: the keyspace tables consult
 * maxmemory before they grow (Redis's dictExpandAllowed). */
void evict_init(void);

/* Dispatch hook, after the pre-execution checks that come first in Redis
 * (arity, auth, ...): performs evictions when maxmemory is set and returns the
 * error to reject cmd with (OOM_ERR) or NULL. flags: cmd's flags as they
 * apply to this call (script_command_flags: EVAL/FCALL take their script's
 * declared flags). Records the OOM state seen at command start for scripts. */
const char *evict_command_check(struct client *c, struct command *cmd, uint64_t flags);

/* Scripts (script.c): the OOM rules of Redis 7.0. Returns the error text or NULL.
 *   at_start = 1: a script with a shebang is about to run; may_oom is 1 unless
 *                 it declared allow-oom or no-writes;
 *   at_start = 0: redis.call/pcall of a command with cmd_flags; may_oom is 1
 *                 unless the script has a shebang with allow-oom; wrote is 1
 *                 once the script ran a write command (from then on nothing is
 *                 refused: a script is not stopped half-way). */
const char *evict_script_check(int at_start, int may_oom, int wrote, uint64_t cmd_flags);

/* CONFIG SET maxmemory: start evicting at the next event-loop turn. */
void evict_start_timer(void);

/* INFO: eviction-exceeded time in ms (total includes the current episode). */
long long evict_exceeded_total_ms(void);
long long evict_exceeded_current_ms(void);

#endif
