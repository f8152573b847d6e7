/* memory_cmd: the MEMORY command (USAGE, MALLOC-STATS, PURGE, HELP). Sizes
 * come from the allocator's real chunk sizes (mem_usable) of the key's entry
 * and everything its value owns, plus its share of the bucket array. */
#include "client.h"
#include "commands.h"
#include "db.h"
#include "mem.h"
#include "reply.h"
#include "util.h"
#include <jemalloc/jemalloc.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static void usage_cmd(struct client *c) {
    for (int j = 3; j < c->argc; j++) {
        if (!strcasecmp(c->argv[j].ptr, "samples") && j + 1 < c->argc) {
            long long samples;
            if (!str2ll(c->argv[j + 1].ptr, c->argv[j + 1].len, &samples)) {
                reply_error_not_int(c);
                return;
            }
            if (samples < 0) {
                reply_error_syntax(c);
                return;
            }
            j++; /* sizes are exact here: the sample count only needs to be valid */
        } else {
            reply_error_syntax(c);
            return;
        }
    }
    /* Like Redis: a plain table lookup, no expiry, no hit/miss stats, no LRU touch. */
    struct kv *o = (struct kv *)dict_find(&c->db->keys, c->argv[2].ptr, c->argv[2].len);
    if (!o) {
        reply_null(c);
        return;
    }
    reply_long(c, (long long)(kv_mem(o) + sizeof(void *)));
}

struct stats_buf {
    char *p;
    size_t len, cap;
};

static void stats_write(void *arg, const char *s) {
    struct stats_buf *b = arg;
    size_t n = strlen(s);
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->p = xrealloc(b->p, b->cap);
    }
    memcpy(b->p + b->len, s, n + 1);
    b->len += n;
}

static void malloc_stats_cmd(struct client *c) {
    struct stats_buf b = {0};
    malloc_stats_print(stats_write, &b, NULL);
    reply_verbatim(c, b.p ? b.p : "", b.len, "txt");
    xfree(b.p);
}

static void purge_cmd(struct client *c) {
    char cmd[64];
    unsigned narenas = 0;
    size_t sz = sizeof(narenas);
    if (mallctl("arenas.narenas", &narenas, &sz, NULL, 0) == 0) {
        snprintf(cmd, sizeof(cmd), "arena.%u.purge", narenas); /* MALLCTL_ARENAS_ALL */
        mallctl(cmd, NULL, NULL, NULL, 0);
    }
    reply_ok(c);
}

static void help_cmd(struct client *c) {
    static const char *const lines[] = {
        "MALLOC-STATS",
        "    Show the memory allocator's statistics report.",
        "PURGE",
        "    Ask the allocator to give unused dirty pages back to the system.",
        "USAGE <key> [SAMPLES <count>]",
        "    Bytes used by <key>, its value and its share of the key table.",
        NULL,
    };
    reply_help(c, lines);
}

static struct command memory_subcommands[] = {
    {.name = "usage",
     .proc = usage_cmd,
     .arity = -3,
     .flags = CMD_READONLY,
     .acl = ACL_READ | ACL_SLOW,
     .first_key = 2,
     .last_key = 2,
     .key_step = 1,
     .group = "server",
     .since = "4.0.0",
     .complexity = "O(N) where N is the number of samples.",
     .summary = "Estimate the memory usage of a key",
     .syntax = "key [SAMPLES count]",
     .keyspecs = "RO index 2 range 0 1 0"},
    {.name = "malloc-stats",
     .proc = malloc_stats_cmd,
     .arity = 2,
     .flags = 0,
     .acl = ACL_SLOW,
     .group = "server",
     .since = "4.0.0",
     .complexity = "Depends on how much memory is allocated, could be slow",
     .summary = "Show allocator internal stats",
     .syntax = "",
     .tips = "nondeterministic_output request_policy:all_shards response_policy:special"},
    {.name = "purge",
     .proc = purge_cmd,
     .arity = 2,
     .flags = 0,
     .acl = ACL_SLOW,
     .group = "server",
     .since = "4.0.0",
     .complexity = "Depends on how much memory is allocated, could be slow",
     .summary = "Ask the allocator to release memory",
     .syntax = "",
     .tips = "request_policy:all_shards response_policy:all_succeeded"},
    {.name = "help",
     .proc = help_cmd,
     .arity = 2,
     .flags = CMD_LOADING | CMD_STALE,
     .acl = ACL_SLOW,
     .group = "server",
     .since = "4.0.0",
     .complexity = "O(1)",
     .summary = "Show helpful text about the different subcommands",
     .syntax = ""},
    {0},
};

struct command memory_commands[] = {
    {.name = "memory",
     .arity = -2,
     .group = "server",
     .since = "4.0.0",
     .complexity = "Depends on subcommand.",
     .summary = "A container for memory diagnostics commands",
     .subcommands = memory_subcommands},
    {0},
};
