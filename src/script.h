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
/* Flags of c's command (cmd) with an EVAL* script's shebang flags applied. */
uint64_t script_command_flags(struct client *c, const struct command *cmd);
size_t script_memory(void); /* bytes used by the Lua interpreter */
long script_count(void);    /* scripts cached */

#endif
