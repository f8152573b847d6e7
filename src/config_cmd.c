/* config_cmd: the CONFIG command (GET, SET, RESETSTAT, REWRITE, HELP) over the
 * parameter table of config.c.
 *
 * CONFIG SET is atomic: every name is checked first (unknown, immutable,
 * protected, duplicate), then all values are parsed and stored, then the apply
 * hooks of the changed parameters run once each. A failure at any step puts
 * every parameter back to its previous value (re-running the apply hooks when
 * some already ran) and replies with Redis's error text. */
#include "client.h"
#include "commands.h"
#include "config.h"
#include "configtab.h"
#include "info.h"
#include "log.h"
#include "mem.h"
#include "reply.h"
#include "server.h"
#include "util.h"
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------ CONFIG GET */

struct match {
    const char
        *key; /* as reported: the name typed for exact names, the table's spelling for patterns */
    struct cfg_param *p;
};

static int matched(const struct match *m, int n, const char *key) {
    for (int i = 0; i < n; i++)
        if (!strcasecmp(m[i].key, key)) return 1;
    return 0;
}

static void config_get_cmd(struct client *c) {
    int cap = 16, n = 0;
    struct match *m = xmalloc(sizeof(*m) * (size_t)cap);
    for (int i = 2; i < c->argc; i++) {
        const char *arg = c->argv[i].ptr;
        size_t alen = c->argv[i].len;
        if (!strpbrk(arg, "[*?")) {
            struct cfg_param *p = matched(m, n, arg) ? NULL : cfg_lookup(arg, NULL);
            if (p) {
                if (n == cap) m = xrealloc(m, sizeof(*m) * (size_t)(cap *= 2));
                m[n++] = (struct match){arg, p};
            }
            continue;
        }
        /* Patterns never match hidden parameters; names and aliases both count. */
        for (struct cfg_param *p = cfg_params; p->name; p++) {
            if (p->flags & CF_HIDDEN) continue;
            const char *keys[2] = {p->name, p->alias};
            for (int k = 0; k < 2; k++) {
                if (!keys[k] || matched(m, n, keys[k])) continue;
                if (!glob_match(arg, alen, keys[k], strlen(keys[k]), 1)) continue;
                if (n == cap) m = xrealloc(m, sizeof(*m) * (size_t)(cap *= 2));
                m[n++] = (struct match){keys[k], p};
            }
        }
    }
    reply_map_len(c, n);
    for (int i = 0; i < n; i++) {
        char *v = cfg_get(m[i].p);
        reply_bulk_cstr(c, m[i].key);
        reply_bulk_cstr(c, v);
        xfree(v);
    }
    xfree(m);
}

/* ------------------------------------------------------------ CONFIG SET */

static void restore(struct cfg_param **ps, char **old, int count, cfg_apply_fn **applies,
                    int napplies) {
    const char *err = "unknown error";
    for (int i = 0; i < count; i++)
        if (ps[i] && old[i] && !cfg_set_value(ps[i], old[i], &err))
            log_warning("Failed restoring failed CONFIG SET command. Error setting %s to '%s': %s",
                        ps[i]->name, old[i], err);
    for (int i = 0; i < napplies; i++)
        if (!applies[i](&err))
            log_warning("Failed applying restored failed CONFIG SET command: %s", err);
}

static void config_set_cmd(struct client *c) {
    if (c->argc % 2) {
        reply_error_syntax(c);
        return;
    }
    int count = (c->argc - 2) / 2;
    struct cfg_param **ps = xcalloc(sizeof(*ps) * (size_t)count);
    int *alias = xcalloc(sizeof(int) * (size_t)count);
    char **old = xcalloc(sizeof(char *) * (size_t)count);
    cfg_apply_fn **applies = xcalloc(sizeof(*applies) * (size_t)count);
    int *apply_owner = xcalloc(sizeof(int) * (size_t)count);
    int napplies = 0;
    const char *unknown = NULL, *err_arg = NULL, *errstr = NULL;
    char errcopy[512];
    int invalid = 0, deny_loading = 0;

    /* 1. Names: all of them are checked before anything changes. */
    for (int i = 0; i < count && !invalid; i++) {
        const char *name = c->argv[2 + 2 * i].ptr;
        struct cfg_param *p = cfg_lookup(name, &alias[i]);
        if (!p) {
            unknown = name;
            invalid = 1;
        } else if ((p->flags & CF_IMMUTABLE) ||
                   ((p->flags & CF_PROTECTED) &&
                    !config_protected_action_allowed(cfg.enable_protected_configs, c))) {
            errstr = (p->flags & CF_IMMUTABLE) ? "can't set immutable config"
                                               : "can't set protected config";
            err_arg = name;
            invalid = 1;
        } else if (cfg_loading() && (p->flags & CF_DENY_LOADING)) {
            deny_loading = invalid = 1;
        } else {
            for (int j = 0; j < i; j++)
                if (ps[j] == p && alias[j] == alias[i]) {
                    errstr = "duplicate parameter";
                    err_arg = name;
                    invalid = 1;
                }
            ps[i] = p;
        }
    }
    if (invalid) goto fail;

    /* 2. Values: stored without side effects; the old values are kept. */
    for (int i = 0; i < count; i++)
        old[i] = cfg_get(ps[i]);
    for (int i = 0; i < count; i++) {
        const char *e = NULL;
        int r = cfg_set_value(ps[i], c->argv[3 + 2 * i].ptr, &e);
        if (!r) {
            snprintf(errcopy, sizeof(errcopy), "%s", e ? e : "");
            errstr = e ? errcopy : NULL;
            err_arg = alias[i] ? ps[i]->alias : ps[i]->name;
            restore(ps, old, i + 1, NULL, 0);
            goto fail;
        }
        if (r == 1 && ps[i]->apply) {
            int k = 0;
            while (k < napplies && applies[k] != ps[i]->apply)
                k++;
            if (k == napplies) {
                applies[napplies] = ps[i]->apply;
                apply_owner[napplies++] = i;
            }
        }
    }

    /* 3. Side effects, once per hook. */
    for (int k = 0; k < napplies; k++) {
        const char *e = NULL;
        if (!applies[k](&e)) {
            int i = apply_owner[k];
            snprintf(errcopy, sizeof(errcopy), "%s", e ? e : "");
            errstr = e ? errcopy : NULL;
            err_arg = alias[i] ? ps[i]->alias : ps[i]->name;
            log_warning(
                "Failed applying new configuration. Possibly related to new %s setting. Restoring "
                "previous settings.",
                err_arg);
            restore(ps, old, count, applies, napplies);
            goto fail;
        }
    }
    reply_ok(c);
    goto done;

fail:
    if (deny_loading)
        reply_error(c, "-LOADING Redis is loading the dataset in memory");
    else if (unknown)
        reply_error_fmt(c, "Unknown option or number of arguments for CONFIG SET - '%s'", unknown);
    else if (errstr)
        reply_error_fmt(c, "CONFIG SET failed (possibly related to argument '%s') - %s", err_arg,
                        errstr);
    else
        reply_error_fmt(c, "CONFIG SET failed (possibly related to argument '%s')", err_arg);
done:
    for (int i = 0; i < count; i++)
        xfree(old[i]);
    xfree(old);
    xfree(ps);
    xfree(alias);
    xfree(applies);
    xfree(apply_owner);
}

/* ------------------------------------------------------------ other subcommands */

static void config_resetstat_cmd(struct client *c) {
    memset(&srv.stat, 0, sizeof(srv.stat));
    cmd_reset_stats();
    info_reset_stats();
    reply_ok(c);
}

static void config_rewrite_cmd(struct client *c) {
    if (!srv.configfile) {
        reply_error(c, "The server is running without a config file");
        return;
    }
    if (config_rewrite(srv.configfile, 0) == -1) {
        int e = errno;
        log_warning("CONFIG REWRITE failed: %s", strerror(e));
        reply_error_fmt(c, "Rewriting config file: %s", strerror(e));
        return;
    }
    log_warning("CONFIG REWRITE executed with success.");
    reply_ok(c);
}

static void config_help_cmd(struct client *c) {
    static const char *const help[] = {
        "GET <pattern>",
        "    Return parameters matching the glob-like <pattern> and their values.",
        "SET <directive> <value>",
        "    Set the configuration <directive> to <value>.",
        "RESETSTAT",
        "    Reset statistics reported by the INFO command.",
        "REWRITE",
        "    Rewrite the configuration file.",
        NULL,
    };
    reply_help(c, help);
}

#define CONFIG_SUB_FLAGS (CMD_ADMIN | CMD_NOSCRIPT | CMD_LOADING | CMD_STALE)
#define CONFIG_SUB_ACL   (ACL_ADMIN | ACL_SLOW | ACL_DANGEROUS)

static struct command config_subcommands[] = {
    {.name = "get",
     .proc = config_get_cmd,
     .arity = -3,
     .flags = CONFIG_SUB_FLAGS,
     .acl = CONFIG_SUB_ACL,
     .group = "server",
     .since = "2.0.0",
     .complexity = "O(N) when N is the number of configuration parameters provided",
     .summary = "Get the values of configuration parameters",
     .syntax = "parameter [parameter ...]"},
    {.name = "set",
     .proc = config_set_cmd,
     .arity = -4,
     .flags = CONFIG_SUB_FLAGS,
     .acl = CONFIG_SUB_ACL,
     .group = "server",
     .since = "2.0.0",
     .complexity = "O(N) when N is the number of configuration parameters provided",
     .summary = "Set configuration parameters to the given values",
     .syntax = "parameter value [parameter value ...]",
     .tips = "request_policy:all_nodes response_policy:all_succeeded"},
    {.name = "resetstat",
     .proc = config_resetstat_cmd,
     .arity = 2,
     .flags = CONFIG_SUB_FLAGS,
     .acl = CONFIG_SUB_ACL,
     .group = "server",
     .since = "2.0.0",
     .complexity = "O(1)",
     .summary = "Reset the stats returned by INFO",
     .syntax = ""},
    {.name = "rewrite",
     .proc = config_rewrite_cmd,
     .arity = 2,
     .flags = CONFIG_SUB_FLAGS,
     .acl = CONFIG_SUB_ACL,
     .group = "server",
     .since = "2.8.0",
     .complexity = "O(1)",
     .summary = "Rewrite the configuration file with the in memory configuration",
     .syntax = ""},
    {.name = "help",
     .proc = config_help_cmd,
     .arity = 2,
     .flags = CMD_LOADING | CMD_STALE,
     .acl = ACL_SLOW,
     .group = "server",
     .since = "5.0.0",
     .complexity = "O(1)",
     .summary = "Show helpful text about the different subcommands",
     .syntax = ""},
    {0},
};

struct command config_commands[] = {
    {.name = "config",
     .arity = -2,
     .acl = ACL_SLOW,
     .group = "server",
     .since = "2.0.0",
     .complexity = "Depends on subcommand.",
     .summary = "A container for server configuration commands",
     .subcommands = config_subcommands},
    {0},
};
