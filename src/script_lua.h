/* script_lua: the Lua layer shared by EVAL scripts (script.c) and functions
 * (functions.c). Internal to those two modules.
 *
 * Both build their interpreter with sl_new_state(): the same libraries, the
 * same `redis` API (redis.call/pcall through one fake client, reply
 * conversion both ways) and the same sandbox. Only one script or function
 * runs at a time; its state (busy, kill request, writes done) is shared, so
 * SCRIPT KILL / FUNCTION KILL and -BUSY see one running thing.
 *
 * Sandbox: the globals seen by Lua code (LUA_GLOBALSINDEX) are an empty
 * read-only proxy whose metatable's __index is the real globals table (kept in
 * the registry); every library table (redis, string, math, ...) is a read-only
 * proxy too. A proxy refuses assignment ("Attempt to modify a readonly
 * table"), rawset and setmetatable; getmetatable on it gives a read-only
 * stand-in, never the real metatable; getfenv/setfenv do not exist (as in
 * Redis 7.0.15 on Debian), load and loadstring refuse bytecode. Reading an unknown global raises
 * "Script attempted to access nonexistent global variable". */
#ifndef MNEMO_SCRIPT_LUA_H
#define MNEMO_SCRIPT_LUA_H
#include <lua.h>
#include <stddef.h>

struct client;
struct str;

/* Script flags: the shebang flags= of EVAL scripts and the flags={...} of
 * functions (Redis's names, in Redis's order for FUNCTION LIST). */
#define SF_NO_WRITES   (1 << 0)
#define SF_ALLOW_OOM   (1 << 1)
#define SF_ALLOW_STALE (1 << 2)
#define SF_NO_CLUSTER  (1 << 3)
#define SF_CROSS_SLOT  (1 << 4)
#define SF_SHEBANG     (1 << 5) /* EVAL only: the script declared a shebang */

enum { SL_EVAL = 0, SL_FUNCTION = 1 };

struct sl_flag {
    int flag;
    const char *name;
};
extern const struct sl_flag sl_flags[]; /* the five flags above, NULL-terminated */

/* A new sandboxed interpreter with the redis API (kind SL_EVAL adds the
 * EVAL-only redis.replicate_commands, breakpoint and debug). */
lua_State *sl_new_state(int kind);
/* Replaces the table on top of the stack by a read-only proxy of it. */
void sl_make_readonly(lua_State *l);
/* Points the globals proxy's lookups at the table on top of the stack (popped):
 * functions switch between the load-time API and the real globals. Pass
 * nothing special to restore: sl_restore_globals(). */
void sl_set_globals_index(lua_State *l);
void sl_restore_globals(lua_State *l);
/* The real globals table, pushed. */
void sl_push_real_globals(lua_State *l);
/* lua_CFunction metamethod raising "Script attempted to access nonexistent
 * global variable '<key>'" (for the __index of API tables). */
int sl_nonexistent_global(lua_State *l);
/* redis.log, and the LOG_* and REDIS_VERSION* fields, into the table on top. */
void sl_register_log_and_version(lua_State *l);
/* Pushes an error table {err = msg} (msg gets "ERR " unless it has a code)
 * and raises it. */
int sl_raise(lua_State *l, const char *msg);
/* The error handler used around calls: adds source and line of the first Lua
 * frame to the error table. */
int sl_error_handler(lua_State *l);

/* Runs what is on the stack (handler, function [, keys table, args table] for
 * SL_FUNCTION) and replies to c with its result or error. `name` is the sha
 * (EVAL) or function name, used in errors, logs and FUNCTION STATS; keys/args
 * are the call's arguments (SL_EVAL: set as the KEYS and ARGV globals;
 * SL_FUNCTION: passed as the two parameters). flags: the script's SF_* flags
 * (shebang or register_function flags), kept for sl_running_flags. readonly:
 * writes refused. */
void sl_run(struct client *c, lua_State *l, int kind, const char *name, int flags, int readonly,
            struct str *keys, int nkeys, struct str *args, int nargs);

/* The running script: 1 if any, its kind, name, caller and start time. */
int sl_running(void);
int sl_running_kind(void);
const char *sl_running_name(void);
struct client *sl_running_caller(void);
long long sl_running_ms(void);
/* SF_* flags of the running script or function (0 when none runs): e.g. the
 * OOM check inside redis.call reads SF_ALLOW_OOM here. */
int sl_running_flags(void);
/* SCRIPT KILL (kind SL_EVAL) / FUNCTION KILL (SL_FUNCTION), with Redis's errors. */
void sl_kill(struct client *c, int kind);
/* Bytes used by a Lua state. */
size_t sl_memory(lua_State *l);

/* Key positions of EVAL/FCALL-style commands: "name script|function numkeys
 * key... arg...". */
int sl_numkeys_getkeys(struct client *c, int argc, int *keys, int max);

#endif
