/* script: Lua scripting (EVAL & co, SCRIPT ...). See script.c for the design. */
#ifndef MNEMO_SCRIPT_H
#define MNEMO_SCRIPT_H
#include <stddef.h>

void script_init(void); /* at start-up, after the event loop exists */
/* 1 while a script runs past busy-reply-threshold: dispatch answers -BUSY to
 * commands without CMD_ALLOW_BUSY. */
int script_busy(void);
/* The -BUSY error text for the running kind (EVAL script or function). */
const char *script_busy_error(void);
size_t script_memory(void);   /* bytes used by the Lua interpreter */
long script_count(void);      /* scripts cached */
size_t script_overhead(void); /* bytes of the cached scripts (used_memory_scripts_eval) */

#endif
