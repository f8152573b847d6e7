/* functions: Redis 7.0 Functions (FUNCTION LOAD/DELETE/LIST/..., FCALL,
 * FCALL_RO) on the Lua layer shared with EVAL (script_lua.h). See functions.c
 * for the design.
 *
 * For RDB/AOF persistence: iterate the libraries (functions_iter) to save each
 * one's code (RDB_OPCODE_FUNCTION2 + the code as an RDB string), and load them
 * back with functions_load_code. */
#ifndef MNEMO_FUNCTIONS_H
#define MNEMO_FUNCTIONS_H
#include <stddef.h>
#include <stdint.h>

struct client;

void functions_init(void); /* at start-up, after script_init */

/* Loads one library from its full code ("#!lua name=...\n..."): as FUNCTION
 * LOAD [REPLACE] without the load timeout. Returns 0, or -1 with *err set to
 * Redis's error text (without "ERR "; xfree it). */
int functions_load_code(const char *code, size_t len, int replace, char **err);
/* Deletes every library (FUNCTION FLUSH). */
void functions_flush(void);

/* Iteration over the libraries in load order: start with *pos = 0; returns
 * 0 at the end, else 1 with the library's name and code. The registry must
 * not change during the iteration. */
int functions_iter(long *pos, const char **name, const char **code, size_t *code_len);

long functions_count(void);       /* number_of_functions */
long functions_lib_count(void);   /* number_of_libraries */
size_t functions_vm_memory(void); /* used_memory_vm_functions: the functions' Lua state */
size_t functions_overhead(void);  /* used_memory_functions: registry and code */

/* The script flags (SF_* in script_lua.h) of function `name`, or -1 if
 * there is no such function: FCALL's dispatch-time checks (OOM/allow-oom,
 * stale/allow-stale) read the called function's flags here. */
int functions_flags(const char *name, size_t len);

/* For FCALL/FCALL_RO (cmd) naming an existing function: its flags; else -1. */
struct command;
int functions_call_flags(struct client *c, const struct command *cmd);

#endif
