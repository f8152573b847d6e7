/* client_cmd: the CLIENT container command (connection introspection and
 * control): ID, INFO, LIST, SETNAME, GETNAME, KILL, REPLY, NO-EVICT, GETREDIR,
 * TRACKINGINFO, PAUSE, UNPAUSE, HELP.
 *
 * Clients other than the caller are never freed here: CLIENT KILL marks them
 * with client_close_async() and the server frees them at the next safe point;
 * the caller itself is closed after its reply (CF_CLOSE_AFTER_REPLY).
 * Client tracking does not exist yet, so GETREDIR and TRACKINGINFO answer for
 * a client that has tracking off, as Redis does. */
#include "ae.h"
#include "blocking.h"
#include "client.h"
#include "client_cmd.h"
#include "commands.h"
#include "config.h"
#include "mem.h"
#include "reply.h"
#include "server.h"
#include "util.h"
#include <string.h>
#include <strings.h>

/* Client types of CLIENT LIST TYPE / CLIENT KILL TYPE. Replicas, masters and
 * pub/sub clients do not exist yet: every client is "normal". */
enum { TYPE_NORMAL, TYPE_REPLICA, TYPE_PUBSUB, TYPE_MASTER };

static int type_by_name(const char *name) {
    if (!strcasecmp(name, "normal")) return TYPE_NORMAL;
    if (!strcasecmp(name, "slave") || !strcasecmp(name, "replica")) return TYPE_REPLICA;
    if (!strcasecmp(name, "pubsub")) return TYPE_PUBSUB;
    if (!strcasecmp(name, "master")) return TYPE_MASTER;
    return -1;
}

static int client_type(const struct client *c) {
    (void)c;
    return TYPE_NORMAL;
}

/* Shared by CLIENT SETNAME (and usable by HELLO SETNAME): names are printable
 * ASCII without spaces; an empty name removes it. Returns 0, or -1 after
 * replying with the error. */
static int set_name_or_reply(struct client *c, const struct str *name) {
    for (size_t i = 0; i < name->len; i++) {
        if (name->ptr[i] < '!' || name->ptr[i] > '~') {
            reply_error(c, "Client names cannot contain spaces, newlines or special characters.");
            return -1;
        }
    }
    xfree(c->name);
    c->name = name->len ? xmemdup(name->ptr, name->len) : NULL;
    return 0;
}

static void reply_info_text(struct client *c, char *text, size_t len) {
    reply_verbatim(c, text, len, "txt");
    xfree(text);
}

/* Appends "line\n" to a growing buffer. */
struct sbuf {
    char *p;
    size_t len, cap;
};

static void sbuf_line(struct sbuf *b, const char *line) {
    size_t n = strlen(line);
    if (b->len + n + 2 > b->cap) {
        b->cap = (b->len + n + 2) * 2;
        b->p = xrealloc(b->p, b->cap);
    }
    memcpy(b->p + b->len, line, n);
    b->len += n;
    b->p[b->len++] = '\n';
    b->p[b->len] = '\0';
}

static void sbuf_client(struct sbuf *b, const struct client *c) {
    char *line = client_info_line(c);
    sbuf_line(b, line);
    xfree(line);
}

/* srv.clients is newest first; Redis lists clients oldest first. */
static struct client *oldest_client(void) {
    struct client *o = srv.clients;
    while (o && o->next)
        o = o->next;
    return o;
}

/* ------------------------------------------------------------ CLIENT PAUSE
 *
 * pause_type is PAUSE_OFF, PAUSE_WRITE or PAUSE_ALL until pause_end_ms (wall
 * clock); a timer ends it. Postponed clients are remembered by id (a client
 * that disconnects meanwhile is simply not found) in postponing order, and are
 * resumed from a timer callback, never from inside another client's command. */
enum { PAUSE_OFF, PAUSE_WRITE, PAUSE_ALL };

static int pause_type;
static long long pause_end_ms;
static long long pause_timer = -1, resume_timer = -1;
static uint64_t *postponed;
static long npostponed, cap_postponed;

static long resume_postponed(struct ae_loop *l, long long id, void *data) {
    (void)l, (void)id, (void)data;
    resume_timer = -1;
    uint64_t *ids = postponed;
    long n = npostponed;
    postponed = NULL;
    npostponed = cap_postponed = 0;
    server_update_time();
    for (long i = 0; i < n; i++) {
        struct client *c = client_by_id(ids[i]);
        if (!c || !(c->flags & CF_BLOCKED) || (c->flags & CF_CLOSE_ASAP)) continue;
        c->flags &= ~CF_BLOCKED;
        cmd_dispatch(c); /* may be postponed again (WRITE pause still on) */
        if (!(c->flags & CF_BLOCKED)) client_resume(c);
    }
    xfree(ids);
    return AE_NOMORE;
}

static void schedule_resume(void) {
    if (resume_timer < 0 && npostponed)
        resume_timer = ae_timer_add(srv.loop, 0, resume_postponed, NULL);
}

static void unpause(void) {
    pause_type = PAUSE_OFF;
    pause_end_ms = 0;
    if (pause_timer >= 0) ae_timer_del(srv.loop, pause_timer);
    pause_timer = -1;
    schedule_resume();
}

static long pause_expired(struct ae_loop *l, long long id, void *data) {
    (void)l, (void)id, (void)data;
    long long now = ae_now_ms();
    if (now < pause_end_ms) return pause_end_ms - now;
    pause_timer = -1;
    unpause();
    return AE_NOMORE;
}

int clients_paused(void) {
    return pause_type != PAUSE_OFF && ae_now_ms() < pause_end_ms;
}

int client_pause_postpone(struct client *c, const struct command *cmd) {
    if (pause_type == PAUSE_OFF || (c->flags & CF_FAKE)) return 0;
    if (pause_type == PAUSE_WRITE && !(cmd->flags & (CMD_WRITE | CMD_MAY_REPLICATE))) return 0;
    client_own_argv(c);
    c->flags |= CF_BLOCKED;
    if (npostponed == cap_postponed) {
        cap_postponed = cap_postponed ? cap_postponed * 2 : 16;
        postponed = xrealloc(postponed, sizeof(*postponed) * (size_t)cap_postponed);
    }
    postponed[npostponed++] = c->id;
    return 1;
}

/* ------------------------------------------------------------- subcommands */

static void client_id_cmd(struct client *c) {
    reply_long(c, (long long)c->id);
}

static void client_info_cmd(struct client *c) {
    struct sbuf b = {0};
    sbuf_client(&b, c);
    reply_info_text(c, b.p, b.len);
}

static void client_list_cmd(struct client *c) {
    struct sbuf b = {xmalloc(1), 0, 1};
    b.p[0] = '\0';
    if (c->argc == 4 && !strcasecmp(c->argv[2].ptr, "type")) {
        int type = type_by_name(c->argv[3].ptr);
        if (type < 0) {
            reply_error_fmt(c, "Unknown client type '%s'", c->argv[3].ptr);
            xfree(b.p);
            return;
        }
        for (struct client *o = oldest_client(); o; o = o->prev)
            if (client_type(o) == type) sbuf_client(&b, o);
    } else if (c->argc > 3 && !strcasecmp(c->argv[2].ptr, "id")) {
        for (int i = 3; i < c->argc; i++) {
            long long id;
            if (!str2ll(c->argv[i].ptr, c->argv[i].len, &id)) {
                reply_error(c, "Invalid client ID");
                xfree(b.p);
                return;
            }
            struct client *o = client_by_id((uint64_t)id);
            if (o) sbuf_client(&b, o);
        }
    } else if (c->argc != 2) {
        reply_error_syntax(c);
        xfree(b.p);
        return;
    } else {
        for (struct client *o = oldest_client(); o; o = o->prev)
            sbuf_client(&b, o);
    }
    reply_info_text(c, b.p, b.len);
}

static void client_setname_cmd(struct client *c) {
    if (set_name_or_reply(c, &c->argv[2]) == 0) reply_ok(c);
}

static void client_getname_cmd(struct client *c) {
    if (c->name)
        reply_bulk_cstr(c, c->name);
    else
        reply_null(c);
}

static void client_reply_cmd(struct client *c) {
    const char *mode = c->argv[2].ptr;
    if (!strcasecmp(mode, "on")) {
        c->flags &= ~(CF_REPLY_SKIP | CF_REPLY_OFF);
        reply_ok(c);
    } else if (!strcasecmp(mode, "off")) {
        c->flags |= CF_REPLY_OFF;
    } else if (!strcasecmp(mode, "skip")) {
        if (!(c->flags & CF_REPLY_OFF)) c->flags |= CF_REPLY_SKIP_NEXT;
    } else {
        reply_error_syntax(c);
    }
}

static void client_no_evict_cmd(struct client *c) {
    const char *mode = c->argv[2].ptr;
    if (!strcasecmp(mode, "on"))
        c->flags |= CF_NO_EVICT;
    else if (!strcasecmp(mode, "off"))
        c->flags &= ~CF_NO_EVICT;
    else {
        reply_error_syntax(c);
        return;
    }
    reply_ok(c);
}

static void client_kill_cmd(struct client *c) {
    const char *addr = NULL, *laddr = NULL;
    int type = -1, skipme = 1, user_filter = 0;
    long long id = 0;
    if (c->argc == 3) {
        addr = c->argv[2].ptr; /* old form: CLIENT KILL ip:port, may kill the caller */
        skipme = 0;
    } else {
        for (int i = 2; i < c->argc; i += 2) {
            const char *opt = c->argv[i].ptr;
            int more = i + 1 < c->argc;
            if (!more) {
                reply_error_syntax(c);
                return;
            }
            const struct str *val = &c->argv[i + 1];
            if (!strcasecmp(opt, "id")) {
                if (!str2ll(val->ptr, val->len, &id) || id < 1) {
                    reply_error(c, "client-id should be greater than 0");
                    return;
                }
            } else if (!strcasecmp(opt, "type")) {
                type = type_by_name(val->ptr);
                if (type < 0) {
                    reply_error_fmt(c, "Unknown client type '%s'", val->ptr);
                    return;
                }
            } else if (!strcasecmp(opt, "addr")) {
                addr = val->ptr;
            } else if (!strcasecmp(opt, "laddr")) {
                laddr = val->ptr;
            } else if (!strcasecmp(opt, "user")) {
                /* ACL users come later: "default" is the only user. */
                if (strcmp(val->ptr, "default") != 0) {
                    reply_error_fmt(c, "No such user '%s'", val->ptr);
                    return;
                }
                user_filter = 1;
            } else if (!strcasecmp(opt, "skipme")) {
                if (!strcasecmp(val->ptr, "yes"))
                    skipme = 1;
                else if (!strcasecmp(val->ptr, "no"))
                    skipme = 0;
                else {
                    reply_error_syntax(c);
                    return;
                }
            } else {
                reply_error_syntax(c);
                return;
            }
        }
    }
    long long killed = 0;
    int close_self = 0;
    for (struct client *o = srv.clients; o; o = o->next) {
        if (addr && strcmp(o->addr, addr) != 0) continue;
        if (laddr && strcmp(o->laddr, laddr) != 0) continue;
        if (type != -1 && client_type(o) != type) continue;
        if (id != 0 && o->id != (uint64_t)id) continue;
        if (user_filter && o->user && strcmp(o->user, "default") != 0) continue;
        if (o == c && skipme) continue;
        if (o == c)
            close_self = 1;
        else
            client_close_async(o);
        killed++;
    }
    if (c->argc == 3) {
        if (killed == 0)
            reply_error(c, "No such client");
        else
            reply_ok(c);
    } else {
        reply_long(c, killed);
    }
    if (close_self) c->flags |= CF_CLOSE_AFTER_REPLY;
}

static void client_pause_cmd(struct client *c) {
    int type = PAUSE_ALL;
    if (c->argc > 4) {
        reply_subcommand_syntax_error(c);
        return;
    }
    if (c->argc == 4) {
        if (!strcasecmp(c->argv[3].ptr, "write"))
            type = PAUSE_WRITE;
        else if (!strcasecmp(c->argv[3].ptr, "all"))
            type = PAUSE_ALL;
        else {
            reply_error(c, "CLIENT PAUSE mode must be WRITE or ALL");
            return;
        }
    }
    long long ms;
    if (!str2ll(c->argv[2].ptr, c->argv[2].len, &ms)) {
        reply_error(c, "timeout is not an integer or out of range");
        return;
    }
    if (ms < 0) {
        reply_error(c, "timeout is negative");
        return;
    }
    long long end = ms > 0 ? ae_now_ms() + ms : 0;
    /* a second pause can only make the pause longer and stricter */
    if (type > pause_type) pause_type = type;
    if (end > pause_end_ms) pause_end_ms = end;
    if (pause_timer >= 0) ae_timer_del(srv.loop, pause_timer);
    long long wait = pause_end_ms - ae_now_ms();
    pause_timer = ae_timer_add(srv.loop, wait > 0 ? (long)wait : 0, pause_expired, NULL);
    reply_ok(c);
}

static void client_unpause_cmd(struct client *c) {
    unpause();
    reply_ok(c);
}

/* CLIENT UNBLOCK id [TIMEOUT | ERROR]: wakes a client blocked on keys as if its
 * timeout had passed (or with the UNBLOCKED error); 1 if it was blocked. */
static void client_unblock_cmd(struct client *c) {
    if (c->argc > 4) {
        reply_subcommand_syntax_error(c);
        return;
    }
    int with_error = 0;
    if (c->argc == 4) {
        if (!strcasecmp(c->argv[3].ptr, "timeout"))
            with_error = 0;
        else if (!strcasecmp(c->argv[3].ptr, "error"))
            with_error = 1;
        else {
            reply_error(c, "CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
            return;
        }
    }
    long long id;
    if (!str2ll(c->argv[2].ptr, c->argv[2].len, &id)) {
        reply_error_not_int(c);
        return;
    }
    struct client *target = client_by_id((uint64_t)id);
    reply_long(
        c, target && (target->flags & CF_BLOCKED) && blocking_unblock(target, with_error) ? 1 : 0);
}

static void client_getredir_cmd(struct client *c) {
    reply_long(c, -1);
}

static void client_trackinginfo_cmd(struct client *c) {
    reply_map_len(c, 3);
    reply_bulk_cstr(c, "flags");
    reply_set_len(c, 1);
    reply_bulk_cstr(c, "off");
    reply_bulk_cstr(c, "redirect");
    reply_long(c, -1);
    reply_bulk_cstr(c, "prefixes");
    reply_array_len(c, 0);
}

static void client_help_cmd(struct client *c) {
    static const char *const help[] = {
        "CACHING (YES|NO)",
        "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
        "GETREDIR",
        "    Return the client ID we are redirecting to when tracking is enabled.",
        "GETNAME",
        "    Return the name of the current connection.",
        "ID",
        "    Return the ID of the current connection.",
        "INFO",
        "    Return information about the current client connection.",
        "KILL <ip:port>",
        "    Kill connection made from <ip:port>.",
        "KILL <option> <value> [<option> <value> [...]]",
        "    Kill connections. Options are:",
        "    * ADDR (<ip:port>|<unixsocket>:0)",
        "      Kill connections made from the specified address",
        "    * LADDR (<ip:port>|<unixsocket>:0)",
        "      Kill connections made to specified local address",
        "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
        "      Kill connections by type.",
        "    * USER <username>",
        "      Kill connections authenticated by <username>.",
        "    * SKIPME (YES|NO)",
        "      Skip killing current connection (default: yes).",
        "LIST [options ...]",
        "    Return information about client connections. Options:",
        "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
        "      Return clients of specified type.",
        "UNPAUSE",
        "    Stop the current client pause, resuming traffic.",
        "PAUSE <timeout> [WRITE|ALL]",
        "    Suspend all, or just write, clients for <timeout> milliseconds.",
        "REPLY (ON|OFF|SKIP)",
        "    Control the replies sent to the current connection.",
        "SETNAME <name>",
        "    Assign the name <name> to the current connection.",
        "UNBLOCK <clientid> [TIMEOUT|ERROR]",
        "    Unblock the specified blocked client.",
        "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
        "         [OPTIN] [OPTOUT] [NOLOOP]",
        "    Control server assisted client side caching.",
        "TRACKINGINFO",
        "    Report tracking status for the current connection.",
        "NO-EVICT (ON|OFF)",
        "    Protect current client connection from eviction.",
        NULL,
    };
    reply_help(c, help);
}

/* ------------------------------------------------------------------ table */

#define CLIENT_FLAGS       (CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_SENTINEL)
#define CLIENT_ADMIN_FLAGS (CMD_ADMIN | CLIENT_FLAGS)
#define CLIENT_ADMIN_ACL   (ACL_ADMIN | ACL_SLOW | ACL_DANGEROUS | ACL_CONNECTION)

static struct command client_subcommands[] = {
    {.name = "id",
     .proc = client_id_cmd,
     .arity = 2,
     .flags = CLIENT_FLAGS,
     .acl = ACL_SLOW | ACL_CONNECTION,
     .group = "connection",
     .since = "5.0.0",
     .complexity = "O(1)",
     .summary = "Returns the client ID for the current connection",
     .syntax = ""},
    {.name = "info",
     .proc = client_info_cmd,
     .arity = 2,
     .flags = CLIENT_FLAGS,
     .acl = ACL_SLOW | ACL_CONNECTION,
     .group = "connection",
     .since = "6.2.0",
     .complexity = "O(1)",
     .summary = "Returns information about the current client connection.",
     .syntax = "",
     .tips = "nondeterministic_output"},
    {.name = "list",
     .proc = client_list_cmd,
     .arity = -2,
     .flags = CLIENT_ADMIN_FLAGS,
     .acl = CLIENT_ADMIN_ACL,
     .group = "connection",
     .since = "2.4.0",
     .complexity = "O(N) where N is the number of client connections",
     .summary = "Get the list of client connections",
     .syntax = "[TYPE <NORMAL | MASTER | REPLICA | PUBSUB>] [ID client-id [client-id ...]]",
     .tips = "nondeterministic_output"},
    {.name = "setname",
     .proc = client_setname_cmd,
     .arity = 3,
     .flags = CLIENT_FLAGS,
     .acl = ACL_SLOW | ACL_CONNECTION,
     .group = "connection",
     .since = "2.6.9",
     .complexity = "O(1)",
     .summary = "Set the current connection name",
     .syntax = "connection-name"},
    {.name = "getname",
     .proc = client_getname_cmd,
     .arity = 2,
     .flags = CLIENT_FLAGS,
     .acl = ACL_SLOW | ACL_CONNECTION,
     .group = "connection",
     .since = "2.6.9",
     .complexity = "O(1)",
     .summary = "Get the current connection name",
     .syntax = ""},
    {.name = "kill",
     .proc = client_kill_cmd,
     .arity = -3,
     .flags = CLIENT_ADMIN_FLAGS,
     .acl = CLIENT_ADMIN_ACL,
     .group = "connection",
     .since = "2.4.0",
     .complexity = "O(N) where N is the number of client connections",
     .summary = "Kill the connection of a client",
     .syntax = "ip:port | [ID client-id] [TYPE <NORMAL | MASTER | SLAVE | REPLICA | PUBSUB>] "
               "[USER username] [ADDR ip:port] [LADDR ip:port] [SKIPME yes/no]"},
    {.name = "reply",
     .proc = client_reply_cmd,
     .arity = 3,
     .flags = CLIENT_FLAGS,
     .acl = ACL_SLOW | ACL_CONNECTION,
     .group = "connection",
     .since = "3.2.0",
     .complexity = "O(1)",
     .summary = "Instruct the server whether to reply to commands",
     .syntax = "<ON | OFF | SKIP>"},
    {.name = "no-evict",
     .proc = client_no_evict_cmd,
     .arity = 3,
     .flags = CLIENT_ADMIN_FLAGS,
     .acl = CLIENT_ADMIN_ACL,
     .group = "connection",
     .since = "7.0.0",
     .complexity = "O(1)",
     .summary = "Set client eviction mode for the current connection",
     .syntax = "<ON | OFF>"},
    {.name = "pause",
     .proc = client_pause_cmd,
     .arity = -3,
     .flags = CLIENT_ADMIN_FLAGS,
     .acl = CLIENT_ADMIN_ACL,
     .group = "connection",
     .since = "2.9.50",
     .complexity = "O(1)",
     .summary = "Stop processing commands from clients for some time",
     .syntax = "timeout [WRITE | ALL]"},
    {.name = "unpause",
     .proc = client_unpause_cmd,
     .arity = 2,
     .flags = CLIENT_ADMIN_FLAGS,
     .acl = CLIENT_ADMIN_ACL,
     .group = "connection",
     .since = "6.2.0",
     .complexity = "O(N) Where N is the number of paused clients",
     .summary = "Resume processing of clients that were paused",
     .syntax = ""},
    {.name = "unblock",
     .proc = client_unblock_cmd,
     .arity = -3,
     .flags = CLIENT_ADMIN_FLAGS,
     .acl = CLIENT_ADMIN_ACL,
     .group = "connection",
     .since = "5.0.0",
     .complexity = "O(log N) where N is the number of client connections",
     .summary = "Unblock a client blocked in a blocking command from a different connection",
     .syntax = "client-id [TIMEOUT | ERROR]"},
    {.name = "getredir",
     .proc = client_getredir_cmd,
     .arity = 2,
     .flags = CLIENT_FLAGS,
     .acl = ACL_SLOW | ACL_CONNECTION,
     .group = "connection",
     .since = "6.0.0",
     .complexity = "O(1)",
     .summary = "Get tracking notifications redirection client ID if any",
     .syntax = ""},
    {.name = "trackinginfo",
     .proc = client_trackinginfo_cmd,
     .arity = 2,
     .flags = CLIENT_FLAGS,
     .acl = ACL_SLOW | ACL_CONNECTION,
     .group = "connection",
     .since = "6.2.0",
     .complexity = "O(1)",
     .summary =
         "Return information about server assisted client side caching for the current connection",
     .syntax = ""},
    {.name = "help",
     .proc = client_help_cmd,
     .arity = 2,
     .flags = CMD_LOADING | CMD_STALE | CMD_SENTINEL,
     .acl = ACL_SLOW | ACL_CONNECTION,
     .group = "connection",
     .since = "5.0.0",
     .complexity = "O(1)",
     .summary = "Show helpful text about the different subcommands",
     .syntax = ""},
    {0},
};

struct command client_commands[] = {
    {.name = "client",
     .arity = -2,
     .flags = CMD_SENTINEL,
     .acl = ACL_SLOW,
     .group = "connection",
     .since = "2.4.0",
     .complexity = "Depends on subcommand.",
     .summary = "A container for client connection commands",
     .subcommands = client_subcommands},
    {0},
};
