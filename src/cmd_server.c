/* cmd_server: connection and server-level commands (PING, ECHO, QUIT, SELECT,
 * HELLO, RESET, AUTH, TIME, SHUTDOWN, LASTSAVE). */
#include "client.h"
#include "commands.h"
#include "config.h"
#include "db.h"
#include "log.h"
#include "mem.h"
#include "multi.h"
#include "reply.h"
#include "server.h"
#include "util.h"
#include "ae.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void ping_cmd(struct client *c) {
    if (c->argc > 2) {
        reply_error_arity(c);
        return;
    }
    if (c->argc == 1)
        reply_raw(c, "+PONG\r\n", 7);
    else
        reply_bulk(c, c->argv[1].ptr, c->argv[1].len);
}

static void echo_cmd(struct client *c) {
    reply_bulk(c, c->argv[1].ptr, c->argv[1].len);
}

static void quit_cmd(struct client *c) {
    reply_ok(c);
    c->flags |= CF_CLOSE_AFTER_REPLY;
}

static void select_cmd(struct client *c) {
    long long id;
    if (!str2ll(c->argv[1].ptr, c->argv[1].len, &id)) {
        reply_error(c, "value is not an integer or out of range");
        return;
    }
    if (id < INT32_MIN || id > INT32_MAX) {
        reply_error(c, "value is out of range, value must between -2147483648 and 2147483647");
        return;
    }
    if (client_select_db(c, (int)id) < 0) {
        reply_error(c, "DB index is out of range");
        return;
    }
    reply_ok(c);
}

static void time_cmd(struct client *c) {
    long long us = ae_now_us();
    reply_array_len(c, 2);
    reply_bulk_long(c, us / 1000000);
    reply_bulk_long(c, us % 1000000);
}

static void shutdown_cmd(struct client *c) {
    int flags = 0, abort = 0;
    for (int i = 1; i < c->argc; i++) {
        const char *a = c->argv[i].ptr;
        if (!strcasecmp(a, "nosave"))
            flags |= SHUTDOWN_NOSAVE;
        else if (!strcasecmp(a, "save"))
            flags |= SHUTDOWN_SAVE;
        else if (!strcasecmp(a, "now"))
            flags |= SHUTDOWN_NOW;
        else if (!strcasecmp(a, "force"))
            flags |= SHUTDOWN_FORCE;
        else if (!strcasecmp(a, "abort"))
            abort = 1;
        else {
            reply_error_syntax(c);
            return;
        }
    }
    if ((abort && flags) || ((flags & SHUTDOWN_NOSAVE) && (flags & SHUTDOWN_SAVE))) {
        reply_error_syntax(c);
        return;
    }
    if (abort) { /* a signal's shutdown not yet handled by the cron */
        if (!srv.shutdown_asap) {
            reply_error(c, "No shutdown in progress.");
            return;
        }
        srv.shutdown_asap = 0;
        log_notice("Shutdown manually aborted.");
        reply_ok(c);
        return;
    }
    if (server_prepare_shutdown(flags) == 0) exit(0);
    reply_error(c, "Errors trying to SHUTDOWN. Check logs.");
}

static void hello_cmd(struct client *c) {
    int ver = c->resp;
    int i = 1;
    if (c->argc >= 2) {
        long long v;
        if (!str2ll(c->argv[1].ptr, c->argv[1].len, &v)) {
            reply_error(c, "Protocol version is not an integer or out of range");
            return;
        }
        if (v < 2 || v > 3) {
            reply_error(c, "-NOPROTO unsupported protocol version");
            return;
        }
        ver = (int)v;
        i = 2;
    }
    const char *setname = NULL;
    for (; i < c->argc; i++) {
        int more = c->argc - i - 1;
        if (!strcasecmp(c->argv[i].ptr, "auth") && more >= 2) {
            const char *user = c->argv[i + 1].ptr, *pass = c->argv[i + 2].ptr;
            int ok = strcmp(user, "default") == 0 &&
                     (cfg.requirepass ? strcmp(pass, cfg.requirepass) == 0 : 1);
            if (!ok) {
                reply_error(c, "-WRONGPASS invalid username-password pair or user is disabled.");
                return;
            }
            c->authenticated = 1;
            i += 2;
        } else if (!strcasecmp(c->argv[i].ptr, "setname") && more >= 1) {
            setname = c->argv[i + 1].ptr;
            for (const char *p = setname; *p; p++)
                if (*p < '!' || *p > '~') {
                    reply_error(
                        c, "Client names cannot contain spaces, newlines or special characters.");
                    return;
                }
            i += 1;
        } else {
            reply_error_fmt(c, "Syntax error in HELLO option '%s'", c->argv[i].ptr);
            return;
        }
    }
    if (!c->authenticated) {
        reply_error(
            c, "-NOAUTH HELLO must be called with the client already authenticated, otherwise the "
               "HELLO AUTH <user> <pass> option can be used to authenticate the client and "
               "select the RESP protocol version at the same time");
        return;
    }
    if (setname) {
        xfree(c->name);
        c->name = setname[0] ? xstrdup(setname) : NULL;
    }
    c->resp = ver;
    reply_map_len(c, 7);
    reply_bulk_cstr(c, "server");
    reply_bulk_cstr(c, "redis");
    reply_bulk_cstr(c, "version");
    reply_bulk_cstr(c, MNEMO_VERSION);
    reply_bulk_cstr(c, "proto");
    reply_long(c, ver);
    reply_bulk_cstr(c, "id");
    reply_long(c, (long long)c->id);
    reply_bulk_cstr(c, "mode");
    reply_bulk_cstr(c, "standalone");
    reply_bulk_cstr(c, "role");
    reply_bulk_cstr(c, "master");
    reply_bulk_cstr(c, "modules");
    reply_array_len(c, 0);
}

static void auth_cmd(struct client *c) {
    if (c->argc > 3) {
        reply_error_syntax(c);
        return;
    }
    const char *user = c->argc == 3 ? c->argv[1].ptr : "default";
    const char *pass = c->argv[c->argc - 1].ptr;
    if (c->argc == 2 && !cfg.requirepass) {
        reply_error(
            c,
            "AUTH <password> called without any password configured for the default user. Are you "
            "sure your configuration is correct?");
        return;
    }
    if (strcmp(user, "default") == 0 && (!cfg.requirepass || strcmp(pass, cfg.requirepass) == 0)) {
        c->authenticated = 1;
        reply_ok(c);
        return;
    }
    reply_error(c, "-WRONGPASS invalid username-password pair or user is disabled.");
}

static void reset_cmd(struct client *c) {
    multi_reset_client(c); /* discards MULTI and every WATCH */
    c->db = &srv.db[0];
    c->resp = 2;
    xfree(c->name);
    c->name = NULL;
    c->flags &= ~(CF_REPLY_OFF | CF_REPLY_SKIP | CF_REPLY_SKIP_NEXT | CF_NO_EVICT | CF_NO_TOUCH);
    c->authenticated = cfg.requirepass == NULL;
    reply_status(c, "RESET");
}

static void lastsave_cmd(struct client *c) {
    reply_long(c, srv.last_save);
}

struct command server_commands[] = {
    {.name = "ping",
     .proc = ping_cmd,
     .arity = -1,
     .flags = CMD_FAST | CMD_SENTINEL,
     .acl = ACL_FAST | ACL_CONNECTION,
     .group = "connection",
     .since = "1.0.0",
     .complexity = "O(1)",
     .summary = "Ping the server",
     .syntax = "[message]",
     .tips = "request_policy:all_shards response_policy:all_succeeded"},
    {.name = "echo",
     .proc = echo_cmd,
     .arity = 2,
     .flags = CMD_LOADING | CMD_STALE | CMD_FAST,
     .acl = ACL_FAST | ACL_CONNECTION,
     .group = "connection",
     .since = "1.0.0",
     .complexity = "O(1)",
     .summary = "Echo the given string",
     .syntax = "message"},
    {.name = "quit",
     .proc = quit_cmd,
     .arity = -1,
     .flags = CMD_ALLOW_BUSY | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_FAST | CMD_NO_AUTH,
     .acl = ACL_FAST | ACL_CONNECTION,
     .group = "connection",
     .since = "1.0.0",
     .complexity = "O(1)",
     .summary = "Close the connection",
     .syntax = ""},
    {.name = "select",
     .proc = select_cmd,
     .arity = 2,
     .flags = CMD_LOADING | CMD_STALE | CMD_FAST,
     .acl = ACL_FAST | ACL_CONNECTION,
     .group = "connection",
     .since = "1.0.0",
     .complexity = "O(1)",
     .summary = "Change the selected database for the current connection",
     .syntax = "index"},
    {.name = "time",
     .proc = time_cmd,
     .arity = 1,
     .flags = CMD_LOADING | CMD_STALE | CMD_FAST,
     .acl = ACL_FAST,
     .group = "server",
     .since = "2.6.0",
     .complexity = "O(1)",
     .summary = "Return the current server time",
     .syntax = "",
     .tips = "nondeterministic_output"},
    {.name = "shutdown",
     .proc = shutdown_cmd,
     .arity = -1,
     .flags = CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_NO_MULTI | CMD_SENTINEL |
              CMD_ALLOW_BUSY,
     .acl = ACL_ADMIN | ACL_SLOW | ACL_DANGEROUS,
     .group = "server",
     .since = "1.0.0",
     .complexity = "O(N) when saving, where N is the total number of keys in all databases when "
                   "saving data, otherwise O(1)",
     .summary = "Synchronously save the dataset to disk and then shut down the server",
     .syntax = "[NOSAVE | SAVE] [NOW] [FORCE] [ABORT]"},
    {.name = "hello",
     .proc = hello_cmd,
     .arity = -1,
     .flags = CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_FAST | CMD_NO_AUTH | CMD_SENTINEL |
              CMD_ALLOW_BUSY,
     .acl = ACL_FAST | ACL_CONNECTION,
     .group = "connection",
     .since = "6.0.0",
     .complexity = "O(1)",
     .summary = "Handshake with Redis",
     .syntax = "[protover [AUTH username password] [SETNAME clientname]]"},
    {.name = "auth",
     .proc = auth_cmd,
     .arity = -2,
     .flags = CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_FAST | CMD_NO_AUTH | CMD_SENTINEL |
              CMD_ALLOW_BUSY,
     .acl = ACL_FAST | ACL_CONNECTION,
     .group = "connection",
     .since = "1.0.0",
     .complexity = "O(N) where N is the number of passwords defined for the user",
     .summary = "Authenticate to the server",
     .syntax = "[username] password"},
    {.name = "reset",
     .proc = reset_cmd,
     .arity = 1,
     .flags = CMD_NOSCRIPT | CMD_LOADING | CMD_STALE | CMD_FAST | CMD_NO_AUTH | CMD_ALLOW_BUSY,
     .acl = ACL_FAST | ACL_CONNECTION,
     .group = "connection",
     .since = "6.2.0",
     .complexity = "O(1)",
     .summary = "Reset the connection",
     .syntax = ""},
    {.name = "lastsave",
     .proc = lastsave_cmd,
     .arity = 1,
     .flags = CMD_LOADING | CMD_STALE | CMD_FAST,
     .acl = ACL_FAST | ACL_ADMIN | ACL_DANGEROUS,
     .group = "server",
     .since = "1.0.0",
     .complexity = "O(1)",
     .summary = "Get the UNIX time stamp of the last successful save to disk",
     .syntax = "",
     .tips = "nondeterministic_output"},
    {0},
};
