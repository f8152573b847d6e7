/* slowlog: a bounded list of slow commands, newest first, and the SLOWLOG
 * command.
 *
 * Invariants: `head` is the newest entry and `tail` the oldest; `count` is the
 * list length. The list is trimmed to slowlog-max-len only when an entry is
 * pushed (as Redis does: lowering the limit takes effect at the next push).
 * Entry ids grow by one for every logged command and are never reused, not
 * even after SLOWLOG RESET. */
#include "slowlog.h"
#include "client.h"
#include "commands.h"
#include "config.h"
#include "mem.h"
#include "reply.h"
#include "server.h"
#include "util.h"
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define ENTRY_MAX_ARGC   32
#define ENTRY_MAX_STRING 128

struct entry {
    struct entry *prev, *next; /* prev: newer, next: older */
    long long id, time, duration;
    int argc;
    struct str *argv; /* owned copies */
    char *peer, *name;
};

static struct entry *head, *tail;
static long count;
static long long next_id;

static char redacted[] = "(redacted)";

void slowlog_init(void) {
    head = tail = NULL;
    count = 0;
    next_id = 0;
}

static void entry_free(struct entry *e) {
    for (int i = 0; i < e->argc; i++)
        xfree(e->argv[i].ptr);
    xfree(e->argv);
    xfree(e->peer);
    xfree(e->name);
    xfree(e);
}

static void drop_oldest(void) {
    struct entry *e = tail;
    tail = e->prev;
    if (tail)
        tail->next = NULL;
    else
        head = NULL;
    count--;
    entry_free(e);
}

/* Copies one argument, cut to ENTRY_MAX_STRING bytes with a note of the rest. */
static void copy_arg(struct str *dst, const struct str *src) {
    if (src->len <= ENTRY_MAX_STRING) {
        dst->ptr = xmemdup(src->ptr, src->len);
        dst->len = src->len;
        return;
    }
    char note[64];
    int n = snprintf(note, sizeof(note), "... (%zu more bytes)", src->len - ENTRY_MAX_STRING);
    dst->len = ENTRY_MAX_STRING + (size_t)n;
    dst->ptr = xmalloc(dst->len + 1);
    memcpy(dst->ptr, src->ptr, ENTRY_MAX_STRING);
    memcpy(dst->ptr + ENTRY_MAX_STRING, note, (size_t)n + 1);
}

static struct entry *entry_new(struct client *c, long long duration) {
    struct entry *e = xcalloc(sizeof(*e));
    int argc = c->argc > ENTRY_MAX_ARGC ? ENTRY_MAX_ARGC : c->argc;
    e->argc = argc;
    e->argv = xmalloc(sizeof(struct str) * (size_t)(argc ? argc : 1));
    for (int i = 0; i < argc; i++) {
        if (argc != c->argc && i == argc - 1) {
            /* the last slot tells how many arguments were left out */
            char note[64];
            int n = snprintf(note, sizeof(note), "... (%d more arguments)", c->argc - argc + 1);
            e->argv[i].ptr = xmemdup(note, (size_t)n);
            e->argv[i].len = (size_t)n;
        } else {
            copy_arg(&e->argv[i], &c->argv[i]);
        }
    }
    e->time = (long long)time(NULL);
    e->duration = duration;
    e->id = next_id++;
    e->peer = xstrdup(c->addr);
    e->name = xstrdup(c->name ? c->name : "");
    return e;
}

void slowlog_push_if_needed(struct client *c, long long duration_us) {
    if (cfg.slowlog_log_slower_than < 0) return; /* disabled */
    if (duration_us >= cfg.slowlog_log_slower_than) {
        struct entry *e = entry_new(c, duration_us);
        e->next = head;
        if (head)
            head->prev = e;
        else
            tail = e;
        head = e;
        count++;
    }
    while (count > cfg.slowlog_max_len)
        drop_oldest();
}

void slowlog_reset(void) {
    while (count)
        drop_oldest();
}

long slowlog_len(void) {
    return count;
}

void slowlog_redact_arg(struct client *c, int i) {
    if (i < 0 || i >= c->argc) return;
    c->argv[i].ptr = redacted;
    c->argv[i].len = sizeof(redacted) - 1;
}

/* ---------------------------------------------------------------- SLOWLOG */

static void slowlog_get_cmd(struct client *c) {
    long long n = 10;
    if (c->argc > 3) {
        reply_subcommand_syntax_error(c);
        return;
    }
    if (c->argc == 3) {
        if (!str2ll(c->argv[2].ptr, c->argv[2].len, &n) || n < -1) {
            reply_error(c, "count should be greater than or equal to -1");
            return;
        }
        if (n == -1) n = count;
    }
    long sent = 0;
    void *len = reply_defer_len(c);
    for (struct entry *e = head; e && sent < n; e = e->next, sent++) {
        reply_array_len(c, 6);
        reply_long(c, e->id);
        reply_long(c, e->time);
        reply_long(c, e->duration);
        reply_array_len(c, e->argc);
        for (int i = 0; i < e->argc; i++)
            reply_bulk(c, e->argv[i].ptr, e->argv[i].len);
        reply_bulk_cstr(c, e->peer);
        reply_bulk_cstr(c, e->name);
    }
    reply_set_array_len(c, len, sent);
}

static void slowlog_len_cmd(struct client *c) {
    reply_long(c, count);
}

static void slowlog_reset_cmd(struct client *c) {
    slowlog_reset();
    reply_ok(c);
}

static void slowlog_help_cmd(struct client *c) {
    static const char *const help[] = {
        "GET [<count>]",
        "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
        "    Entries are made of:",
        "    id, timestamp, time in microseconds, arguments array, client IP and port,",
        "    client name",
        "LEN",
        "    Return the length of the slowlog.",
        "RESET",
        "    Reset the slowlog.",
        NULL,
    };
    reply_help(c, help);
}

static struct command slowlog_subcommands[] = {
    {.name = "get",
     .proc = slowlog_get_cmd,
     .arity = -2,
     .flags = CMD_ADMIN | CMD_LOADING | CMD_STALE,
     .acl = ACL_ADMIN | ACL_SLOW | ACL_DANGEROUS,
     .group = "server",
     .since = "2.2.12",
     .complexity = "O(N) where N is the number of entries returned",
     .summary = "Get the slow log's entries",
     .syntax = "[count]",
     .tips = "request_policy:all_nodes nondeterministic_output"},
    {.name = "help",
     .proc = slowlog_help_cmd,
     .arity = 2,
     .flags = CMD_LOADING | CMD_STALE,
     .acl = ACL_SLOW,
     .group = "server",
     .since = "6.2.0",
     .complexity = "O(1)",
     .summary = "Show helpful text about the different subcommands",
     .syntax = ""},
    {.name = "len",
     .proc = slowlog_len_cmd,
     .arity = 2,
     .flags = CMD_ADMIN | CMD_LOADING | CMD_STALE,
     .acl = ACL_ADMIN | ACL_SLOW | ACL_DANGEROUS,
     .group = "server",
     .since = "2.2.12",
     .complexity = "O(1)",
     .summary = "Get the slow log's length",
     .syntax = "",
     .tips = "request_policy:all_nodes response_policy:agg_sum nondeterministic_output"},
    {.name = "reset",
     .proc = slowlog_reset_cmd,
     .arity = 2,
     .flags = CMD_ADMIN | CMD_LOADING | CMD_STALE,
     .acl = ACL_ADMIN | ACL_SLOW | ACL_DANGEROUS,
     .group = "server",
     .since = "2.2.12",
     .complexity = "O(N) where N is the number of entries in the slowlog",
     .summary = "Clear all entries from the slow log",
     .syntax = "",
     .tips = "request_policy:all_nodes response_policy:all_succeeded"},
    {0},
};

struct command slowlog_commands[] = {
    {.name = "slowlog",
     .arity = -2,
     .acl = ACL_SLOW,
     .group = "server",
     .since = "2.2.12",
     .complexity = "Depends on subcommand.",
     .summary = "A container for slow log commands",
     .subcommands = slowlog_subcommands},
    {0},
};
