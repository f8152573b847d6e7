/* script: Lua scripting (EVAL & co, SCRIPT ...). See script.c for the design. */
#ifndef MNEMO_SCRIPT_H
#define MNEMO_SCRIPT_H
#include <stddef.h>
#include <stdint.h>

struct client;
struct command;

void script_init(void); /* at start-up, after the event loop exists */
/* 1 while a script runs past busy-reply-threshold: dispatch answers -BUSY to
 * commands without CMD_ALLOW_BUSY. */
int script_busy(void);
/* The -BUSY error text for the running kind (EVAL script or function). */
const char *script_busy_error(void);
/* DEBUG set-disable-deny-scripts: scripts may call CMD_NOSCRIPT commands. */
extern int script_disable_deny;
/* The flags dispatch should apply to this call: for EVAL* and FCALL* whose
 * script declares flags (shebang, register_function flags), Redis's rule:
 * CMD_WRITE unless no-writes, CMD_DENYOOM unless allow-oom or no-writes,
 * CMD_STALE with allow-stale, never CMD_MAY_REPLICATE. Any other command (or
 * EVAL without shebang, an unknown script or function): cmd->flags. */
uint64_t script_cmd_flags(struct client *c, const struct command *cmd);
uint64_t script_flags_to_cmd_flags(uint64_t flags, int script_flags);
size_t script_memory(void);   /* bytes used by the Lua interpreter */
long script_count(void);      /* scripts cached */
size_t script_overhead(void); /* bytes of the cached scripts (used_memory_scripts_eval) */

#endif
