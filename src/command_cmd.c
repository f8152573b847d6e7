/* command_cmd: the COMMAND container command: COMMAND [INFO|DOCS|COUNT|LIST|
 * GETKEYS|GETKEYSANDFLAGS|HELP], all read from the declarative command table.
 *
 * Three derivations live here:
 *  - key specs: parsed from a row's `keyspecs` text (format in commands.h), or
 *    one spec derived from first_key/last_key/key_step;
 *  - the implicit ACL categories Redis adds from the flags (@write for write
 *    commands, @slow for anything not @fast, ...);
 *  - the COMMAND DOCS "arguments" tree, parsed from a row's `syntax` grammar
 *    ("key [NX | XX] [EX seconds | PX milliseconds]"): [..] optional, <a | b>
 *    a required choice, "x [x ...]" repetition, UPPERCASE words tokens (a token
 *    followed by a lowercase name or a group labels it, otherwise it stands
 *    alone as a pure token). redis-cli builds its hints from this tree.
 * Nothing here keeps state: trees are built per call and freed after it. */
#include "client.h"
#include "commands.h"
#include "mem.h"
#include "reply.h"
#include "server.h"
#include "util.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---------------------------------------------------------------- key specs */

#define KS_RO             (1 << 0)
#define KS_RW             (1 << 1)
#define KS_OW             (1 << 2)
#define KS_RM             (1 << 3)
#define KS_ACCESS         (1 << 4)
#define KS_UPDATE         (1 << 5)
#define KS_INSERT         (1 << 6)
#define KS_DELETE         (1 << 7)
#define KS_NOT_KEY        (1 << 8)
#define KS_INCOMPLETE     (1 << 9)
#define KS_VARIABLE_FLAGS (1 << 10)

static const struct {
    int flag;
    const char *name;
} ks_flag_names[] = {
    {KS_RO, "RO"},
    {KS_RW, "RW"},
    {KS_OW, "OW"},
    {KS_RM, "RM"},
    {KS_ACCESS, "access"},
    {KS_UPDATE, "update"},
    {KS_INSERT, "insert"},
    {KS_DELETE, "delete"},
    {KS_NOT_KEY, "not_key"},
    {KS_INCOMPLETE, "incomplete"},
    {KS_VARIABLE_FLAGS, "variable_flags"},
};
#define N_KS_FLAGS (int)(sizeof(ks_flag_names) / sizeof(ks_flag_names[0]))

enum { BS_UNKNOWN, BS_INDEX, BS_KEYWORD };
enum { FK_UNKNOWN, FK_RANGE, FK_KEYNUM };

struct keyspec {
    int flags;
    int bs;
    int pos;          /* BS_INDEX */
    char keyword[32]; /* BS_KEYWORD */
    int startfrom;    /* BS_KEYWORD */
    int fk;
    int a, b, c; /* FK_RANGE: lastkey, keystep, limit; FK_KEYNUM: keynumidx, firstkey, keystep */
};

#define MAX_SPECS 8

static int next_word(const char **p, char *w, size_t wlen) {
    while (**p == ' ')
        (*p)++;
    size_t n = 0;
    while (**p && **p != ' ' && **p != ';') {
        if (n + 1 < wlen) w[n++] = **p;
        (*p)++;
    }
    w[n] = '\0';
    return n > 0;
}

static int next_int(const char **p, int *out) {
    char w[32];
    long long v;
    if (!next_word(p, w, sizeof(w)) || !str2ll(w, strlen(w), &v)) return 0;
    *out = (int)v;
    return 1;
}

/* Parses a row's keyspecs text; returns the number of specs or -1 if malformed. */
static int parse_keyspecs(const char *text, struct keyspec *specs, int max) {
    const char *p = text;
    int n = 0;
    while (*p) {
        while (*p == ' ' || *p == ';')
            p++;
        if (!*p) break;
        if (n == max) return -1;
        struct keyspec *s = &specs[n];
        memset(s, 0, sizeof(*s));
        char w[32];
        for (;;) {
            if (!next_word(&p, w, sizeof(w))) return -1;
            int k;
            for (k = 0; k < N_KS_FLAGS; k++)
                if (!strcasecmp(w, ks_flag_names[k].name)) break;
            if (k == N_KS_FLAGS) break;
            s->flags |= ks_flag_names[k].flag;
        }
        if (!strcmp(w, "index")) {
            s->bs = BS_INDEX;
            if (!next_int(&p, &s->pos)) return -1;
        } else if (!strcmp(w, "keyword")) {
            s->bs = BS_KEYWORD;
            if (!next_word(&p, s->keyword, sizeof(s->keyword)) || !next_int(&p, &s->startfrom))
                return -1;
        } else if (!strcmp(w, "unknown")) {
            s->bs = BS_UNKNOWN;
        } else {
            return -1;
        }
        if (!next_word(&p, w, sizeof(w))) return -1;
        if (!strcmp(w, "range"))
            s->fk = FK_RANGE;
        else if (!strcmp(w, "keynum"))
            s->fk = FK_KEYNUM;
        else if (!strcmp(w, "unknown"))
            s->fk = FK_UNKNOWN;
        else
            return -1;
        if (s->fk != FK_UNKNOWN &&
            (!next_int(&p, &s->a) || !next_int(&p, &s->b) || !next_int(&p, &s->c)))
            return -1;
        while (*p == ' ')
            p++;
        if (*p && *p != ';') return -1;
        n++;
    }
    return n;
}

/* The key specs of cmd (explicit or derived); 0 when it has no keys. */
static int get_keyspecs(const struct command *cmd, struct keyspec *specs) {
    if (cmd->keyspecs) {
        int n = parse_keyspecs(cmd->keyspecs, specs, MAX_SPECS);
        return n < 0 ? 0 : n;
    }
    if (cmd->first_key <= 0) return 0;
    struct keyspec *s = &specs[0];
    memset(s, 0, sizeof(*s));
    if (cmd->flags & CMD_READONLY)
        s->flags = KS_RO | KS_ACCESS;
    else if (cmd->flags & CMD_WRITE)
        s->flags = KS_RW | KS_ACCESS | KS_UPDATE;
    else
        s->flags = KS_RO;
    s->bs = BS_INDEX;
    s->pos = cmd->first_key;
    s->fk = FK_RANGE;
    s->a = cmd->last_key < 0 ? cmd->last_key : cmd->last_key - cmd->first_key;
    s->b = cmd->key_step ? cmd->key_step : 1;
    s->c = 0;
    return 1;
}

/* Redis's first/last/step of COMMAND INFO and the movablekeys flag, both
 * computed from the key specs. */
static void legacy_range(const struct command *cmd, const struct keyspec *specs, int n, int *first,
                         int *last, int *step, int *movable) {
    *first = *last = *step = 0;
    *movable = cmd->getkeys != NULL || (cmd->flags & CMD_MOVABLE_KEYS);
    if (n == 0) return;
    if (n == 1 && specs[0].bs == BS_INDEX && specs[0].fk == FK_RANGE) {
        *first = specs[0].pos;
        *last = specs[0].a >= 0 ? specs[0].a + specs[0].pos : specs[0].a;
        *step = specs[0].b;
        if (specs[0].flags & KS_INCOMPLETE) *movable = 1;
        return;
    }
    int lo = 0x7fffffff;
    unsigned hi = 0, prev = 0;
    for (int i = 0; i < n; i++) {
        const struct keyspec *s = &specs[i];
        if (s->bs != BS_INDEX || s->fk != FK_RANGE || s->b != 1 ||
            (prev && prev != (unsigned)s->pos - 1)) {
            *movable = 1;
            continue;
        }
        if (s->flags & KS_INCOMPLETE) *movable = 1;
        if (s->pos < lo) lo = s->pos;
        int abs_last = s->a >= 0 ? s->a + s->pos : s->a;
        if ((unsigned)abs_last > hi) hi = (unsigned)abs_last;
        prev = hi;
    }
    if (lo == 0x7fffffff) {
        *movable = 1;
        return;
    }
    *first = lo;
    *last = (int)hi;
    *step = 1;
}

/* Flags Redis computes per call for "variable_flags" specs. */
static int variable_key_flags(const struct command *cmd, struct client *c, int argc,
                              struct str *argv, int flags) {
    if (!strcmp(cmd->fullname, "set")) {
        for (int i = 3; i < argc; i++)
            if (!strcasecmp(argv[i].ptr, "get")) return KS_RW | KS_ACCESS | KS_UPDATE;
        return KS_OW | KS_UPDATE;
    }
    if (!strcmp(cmd->fullname, "bitfield")) {
        for (int i = 2; i < argc; i++)
            if (!strcasecmp(argv[i].ptr, "set") || !strcasecmp(argv[i].ptr, "incrby"))
                return KS_RW | KS_ACCESS | KS_UPDATE;
        return KS_RO | KS_ACCESS;
    }
    return flags & ~KS_VARIABLE_FLAGS;
}

/* Key positions found by the specs (as Redis's getKeysUsingKeySpecs): -1 when a
 * spec cannot be applied (the caller then asks the command's getkeys). */
static int keys_from_specs(const struct command *cmd, const struct keyspec *specs, int n, int argc,
                           struct str *argv, int *pos, int *kflags, int max) {
    int count = 0;
    for (int j = 0; j < n; j++) {
        const struct keyspec *s = &specs[j];
        if (s->flags & KS_NOT_KEY) continue;
        int first = 0, last, step;
        if (s->bs == BS_INDEX) {
            first = s->pos;
        } else if (s->bs == BS_KEYWORD) {
            int start = s->startfrom > 0 ? s->startfrom : argc + s->startfrom;
            int end = s->startfrom > 0 ? argc - 1 : 1;
            for (int i = start; i != end; i = start <= end ? i + 1 : i - 1) {
                if (i >= argc || i < 1) break;
                if (!strcasecmp(argv[i].ptr, s->keyword)) {
                    first = i + 1;
                    break;
                }
            }
            if (!first) continue;
        } else {
            return -1;
        }
        if (s->fk == FK_RANGE) {
            step = s->b;
            if (s->a >= 0)
                last = first + s->a;
            else if (!s->c)
                last = argc + s->a;
            else
                last = first + ((argc - first) / s->c + s->a);
        } else if (s->fk == FK_KEYNUM) {
            step = s->c;
            long long numkeys;
            if (s->a >= argc || first + s->a >= argc) return -1;
            const struct str *nk = &argv[first + s->a];
            if (!str2ll(nk->ptr, nk->len, &numkeys) || numkeys < 0) return -1;
            first += s->b;
            last = first + (int)numkeys - 1;
        } else {
            return -1;
        }
        if (last >= argc || last < first || first >= argc) return -1;
        if (step <= 0) step = 1;
        for (int i = first; i <= last; i += step) {
            if (count == max) return count;
            pos[count] = i;
            kflags[count] = s->flags;
            count++;
        }
        if (s->flags & KS_INCOMPLETE) return -1;
    }
    return count;
}

/* ------------------------------------------------------------ ACL, flags */

static const char *const acl_names[] = {
    "keyspace", "read",   "write",       "set",       "sortedset",  "list",        "hash",
    "string",   "bitmap", "hyperloglog", "geo",       "stream",     "pubsub",      "admin",
    "fast",     "slow",   "blocking",    "dangerous", "connection", "transaction", "scripting",
};
#define N_ACL (int)(sizeof(acl_names) / sizeof(acl_names[0]))

/* The categories Redis reports: the declared ones plus those implied by flags. */
static uint64_t effective_acl(const struct command *cmd) {
    uint64_t acl = cmd->acl;
    if (cmd->flags & CMD_WRITE) acl |= ACL_WRITE;
    if ((cmd->flags & CMD_READONLY) && !(acl & ACL_SCRIPTING)) acl |= ACL_READ;
    if (cmd->flags & CMD_ADMIN) acl |= ACL_ADMIN | ACL_DANGEROUS;
    if (cmd->flags & CMD_PUBSUB) acl |= ACL_PUBSUB;
    if (cmd->flags & CMD_FAST) acl |= ACL_FAST;
    if (cmd->flags & CMD_BLOCKING) acl |= ACL_BLOCKING;
    if (!(acl & ACL_FAST)) acl |= ACL_SLOW;
    return acl;
}

static uint64_t acl_by_name(const char *name) {
    for (int i = 0; i < N_ACL; i++)
        if (!strcasecmp(name, acl_names[i])) return 1ULL << i;
    return 0;
}

/* Flags in COMMAND INFO, in Redis's order; may_replicate, sentinel,
 * only_sentinel and protected are not shown, as in Redis. */
static const struct {
    uint64_t flag;
    const char *name;
} info_flags[] = {
    {CMD_WRITE, "write"},
    {CMD_READONLY, "readonly"},
    {CMD_DENYOOM, "denyoom"},
    {CMD_ADMIN, "admin"},
    {CMD_PUBSUB, "pubsub"},
    {CMD_NOSCRIPT, "noscript"},
    {CMD_BLOCKING, "blocking"},
    {CMD_LOADING, "loading"},
    {CMD_STALE, "stale"},
    {CMD_SKIP_MONITOR, "skip_monitor"},
    {CMD_SKIP_SLOWLOG, "skip_slowlog"},
    {CMD_ASKING, "asking"},
    {CMD_FAST, "fast"},
    {CMD_NO_AUTH, "no_auth"},
    {CMD_NO_MANDATORY_KEYS, "no_mandatory_keys"},
    {CMD_NO_ASYNC_LOADING, "no_async_loading"},
    {CMD_NO_MULTI, "no_multi"},
    {CMD_MOVABLE_KEYS, "movablekeys"},
    {CMD_ALLOW_BUSY, "allow_busy"},
};
#define N_INFO_FLAGS (int)(sizeof(info_flags) / sizeof(info_flags[0]))

static void reply_ks_flags(struct client *c, int flags) {
    int n = 0;
    for (int i = 0; i < N_KS_FLAGS; i++)
        if (flags & ks_flag_names[i].flag) n++;
    reply_set_len(c, n);
    for (int i = 0; i < N_KS_FLAGS; i++)
        if (flags & ks_flag_names[i].flag) reply_status(c, ks_flag_names[i].name);
}

/* ------------------------------------------------------------- lookups */

static struct command *find_sub(struct command *parent, const char *name, size_t len) {
    for (struct command *s = parent->subcommands; s && s->name; s++)
        if (strlen(s->name) == len && !strncasecmp(s->name, name, len)) return s;
    return NULL;
}

/* "get" or "config|get" (COMMAND INFO/DOCS names); NULL if unknown. */
static struct command *lookup_fullname(const char *name, size_t len) {
    const char *bar = memchr(name, '|', len);
    if (!bar) return cmd_lookup(name, len);
    struct command *base = cmd_lookup(name, (size_t)(bar - name));
    if (!base || !base->subcommands) return NULL;
    const char *sub = bar + 1;
    size_t sublen = len - (size_t)(sub - name);
    if (memchr(sub, '|', sublen)) return NULL;
    return find_sub(base, sub, sublen);
}

/* The command an argv names (COMMAND GETKEYS): the container's subcommand when
 * there is one, else the command itself. */
static struct command *lookup_argv(struct str *argv, int argc) {
    struct command *base = cmd_lookup(argv[0].ptr, argv[0].len);
    if (!base || argc == 1 || !base->subcommands) return base;
    return find_sub(base, argv[1].ptr, argv[1].len);
}

/* ------------------------------------------------------------ COMMAND INFO */

static void reply_space_list(struct client *c, const char *s, int as_set) {
    int n = 0;
    for (const char *p = s; p && *p;) {
        while (*p == ' ')
            p++;
        if (!*p) break;
        n++;
        while (*p && *p != ' ')
            p++;
    }
    if (as_set)
        reply_set_len(c, n);
    else
        reply_array_len(c, n);
    for (const char *p = s; p && *p;) {
        while (*p == ' ')
            p++;
        if (!*p) break;
        const char *e = p;
        while (*e && *e != ' ')
            e++;
        reply_bulk(c, p, (size_t)(e - p));
        p = e;
    }
}

static void reply_keyspecs(struct client *c, const struct keyspec *specs, int n) {
    reply_set_len(c, n);
    for (int i = 0; i < n; i++) {
        const struct keyspec *s = &specs[i];
        reply_map_len(c, 3);
        reply_bulk_cstr(c, "flags");
        reply_ks_flags(c, s->flags);
        reply_bulk_cstr(c, "begin_search");
        reply_map_len(c, 2);
        reply_bulk_cstr(c, "type");
        if (s->bs == BS_INDEX) {
            reply_bulk_cstr(c, "index");
            reply_bulk_cstr(c, "spec");
            reply_map_len(c, 1);
            reply_bulk_cstr(c, "index");
            reply_long(c, s->pos);
        } else if (s->bs == BS_KEYWORD) {
            reply_bulk_cstr(c, "keyword");
            reply_bulk_cstr(c, "spec");
            reply_map_len(c, 2);
            reply_bulk_cstr(c, "keyword");
            reply_bulk_cstr(c, s->keyword);
            reply_bulk_cstr(c, "startfrom");
            reply_long(c, s->startfrom);
        } else {
            reply_bulk_cstr(c, "unknown");
            reply_bulk_cstr(c, "spec");
            reply_map_len(c, 0);
        }
        reply_bulk_cstr(c, "find_keys");
        reply_map_len(c, 2);
        reply_bulk_cstr(c, "type");
        if (s->fk == FK_RANGE) {
            reply_bulk_cstr(c, "range");
            reply_bulk_cstr(c, "spec");
            reply_map_len(c, 3);
            reply_bulk_cstr(c, "lastkey");
            reply_long(c, s->a);
            reply_bulk_cstr(c, "keystep");
            reply_long(c, s->b);
            reply_bulk_cstr(c, "limit");
            reply_long(c, s->c);
        } else if (s->fk == FK_KEYNUM) {
            reply_bulk_cstr(c, "keynum");
            reply_bulk_cstr(c, "spec");
            reply_map_len(c, 3);
            reply_bulk_cstr(c, "keynumidx");
            reply_long(c, s->a);
            reply_bulk_cstr(c, "firstkey");
            reply_long(c, s->b);
            reply_bulk_cstr(c, "keystep");
            reply_long(c, s->c);
        } else {
            reply_bulk_cstr(c, "unknown");
            reply_bulk_cstr(c, "spec");
            reply_map_len(c, 0);
        }
    }
}

static void reply_command_info(struct client *c, const struct command *cmd) {
    if (!cmd) {
        reply_null(c);
        return;
    }
    struct keyspec specs[MAX_SPECS];
    int nspecs = get_keyspecs(cmd, specs);
    int first, last, step, movable;
    legacy_range(cmd, specs, nspecs, &first, &last, &step, &movable);
    uint64_t flags = cmd->flags | (movable ? CMD_MOVABLE_KEYS : 0);

    reply_array_len(c, 10);
    reply_bulk_cstr(c, cmd->fullname);
    reply_long(c, cmd->arity);
    int nf = 0;
    for (int i = 0; i < N_INFO_FLAGS; i++)
        if (flags & info_flags[i].flag) nf++;
    reply_set_len(c, nf);
    for (int i = 0; i < N_INFO_FLAGS; i++)
        if (flags & info_flags[i].flag) reply_status(c, info_flags[i].name);
    reply_long(c, first);
    reply_long(c, last);
    reply_long(c, step);
    uint64_t acl = effective_acl(cmd);
    int na = 0;
    for (int i = 0; i < N_ACL; i++)
        if (acl & (1ULL << i)) na++;
    reply_set_len(c, na);
    for (int i = 0; i < N_ACL; i++) {
        if (!(acl & (1ULL << i))) continue;
        char cat[32];
        snprintf(cat, sizeof(cat), "@%s", acl_names[i]);
        reply_status(c, cat);
    }
    reply_space_list(c, cmd->tips, 1);
    reply_keyspecs(c, specs, nspecs);
    if (!cmd->subcommands) {
        reply_set_len(c, 0);
        return;
    }
    long nsub = 0;
    for (const struct command *s = cmd->subcommands; s->name; s++)
        nsub++;
    reply_array_len(c, nsub);
    for (const struct command *s = cmd->subcommands; s->name; s++)
        reply_command_info(c, s);
}

/* -------------------------------------------------- syntax -> arguments */

enum { ARG_OPTIONAL = 1, ARG_MULTIPLE = 2, ARG_MULTIPLE_TOKEN = 4 };

struct arg {
    char *name;
    const char *type;
    char *token;
    int flags;
    int key_spec_index;
    struct arg *sub;
    int nsub;
};

/* Raw grammar nodes, before they become arguments. */
enum { N_WORD, N_OPT, N_GROUP, N_REPEAT, N_ELLIPSIS };

struct seq;
struct node {
    int kind;
    char *text;       /* N_WORD */
    struct seq *alts; /* N_OPT, N_GROUP: alternatives; N_REPEAT: one unit */
    int nalts;
    int optional; /* N_REPEAT written as "[x ...]" alone */
};

struct seq {
    struct node *v;
    int n;
};

struct lexer {
    const char *p;
    char tok[128];
    int kind; /* 0 end, or one of '[', ']', '<', '>', '|', 'e' (...), 'w' (word) */
};

static void lex(struct lexer *l) {
    while (*l->p == ' ')
        l->p++;
    char ch = *l->p;
    if (!ch) {
        l->kind = 0;
        return;
    }
    if (strchr("[]<>|", ch)) {
        l->kind = ch;
        l->p++;
        return;
    }
    size_t n = 0;
    while (*l->p && !strchr(" []<>|", *l->p)) {
        if (n + 1 < sizeof(l->tok)) l->tok[n++] = *l->p;
        l->p++;
    }
    l->tok[n] = '\0';
    l->kind = strcmp(l->tok, "...") == 0 ? 'e' : 'w';
}

static void seq_push(struct seq *s, struct node nd) {
    s->v = xrealloc(s->v, sizeof(*s->v) * (size_t)(s->n + 1));
    s->v[s->n++] = nd;
}

static void free_seq(struct seq *s);
static void free_node(struct node *nd) {
    xfree(nd->text);
    for (int i = 0; i < nd->nalts; i++)
        free_seq(&nd->alts[i]);
    xfree(nd->alts);
}

static void free_seq(struct seq *s) {
    for (int i = 0; i < s->n; i++)
        free_node(&s->v[i]);
    xfree(s->v);
    s->v = NULL;
    s->n = 0;
}

/* Canonical text of nodes, to recognise "x [x ...]". */
static void node_text(const struct node *nd, char *buf, size_t cap, size_t *len);
static void seq_text(const struct node *v, int n, char *buf, size_t cap, size_t *len) {
    for (int i = 0; i < n; i++) {
        if (i && *len + 1 < cap) buf[(*len)++] = ' ';
        node_text(&v[i], buf, cap, len);
    }
    buf[*len < cap ? *len : cap - 1] = '\0';
}

static void put(char *buf, size_t cap, size_t *len, const char *s) {
    for (; *s && *len + 1 < cap; s++)
        buf[(*len)++] = *s;
    buf[*len] = '\0';
}

static void node_text(const struct node *nd, char *buf, size_t cap, size_t *len) {
    switch (nd->kind) {
    case N_WORD: put(buf, cap, len, nd->text); break;
    case N_ELLIPSIS: put(buf, cap, len, "..."); break;
    default:
        put(buf, cap, len, nd->kind == N_GROUP ? "<" : nd->kind == N_REPEAT ? "{" : "[");
        for (int i = 0; i < nd->nalts; i++) {
            if (i) put(buf, cap, len, " | ");
            seq_text(nd->alts[i].v, nd->alts[i].n, buf, cap, len);
        }
        put(buf, cap, len, nd->kind == N_GROUP ? ">" : nd->kind == N_REPEAT ? "}" : "]");
    }
}

/* Rewrites "x [x ...]" (and "[x ...]") in a sequence into repeat nodes. In the
 * content of brackets, a final "..." is left for the enclosing sequence. */
static void fold_repeats(struct seq *s, int in_brackets) {
    for (int i = 0; i < s->n; i++) {
        struct node *nd = &s->v[i];
        if (nd->kind == N_ELLIPSIS && i > 0 && !(in_brackets && i == s->n - 1)) { /* "x ..." */
            struct node rep = {.kind = N_REPEAT, .nalts = 1};
            rep.alts = xcalloc(sizeof(struct seq));
            seq_push(&rep.alts[0], s->v[i - 1]);
            free_node(nd);
            s->v[i - 1] = rep;
            memmove(&s->v[i], &s->v[i + 1], sizeof(*s->v) * (size_t)(s->n - i - 1));
            s->n--;
            i--;
            continue;
        }
        if (nd->kind != N_OPT || nd->nalts != 1) continue;
        struct seq *unit = &nd->alts[0];
        if (unit->n < 2 || unit->v[unit->n - 1].kind != N_ELLIPSIS) continue;
        int k = unit->n - 1;
        free_node(&unit->v[k]);
        unit->n = k;
        char a[512], b[512];
        size_t al = 0, bl = 0;
        seq_text(unit->v, k, a, sizeof(a), &al);
        int matches = 0;
        if (k <= i) {
            seq_text(&s->v[i - k], k, b, sizeof(b), &bl);
            matches = strcmp(a, b) == 0;
        }
        nd->kind = N_REPEAT;
        if (matches) {
            for (int j = i - k; j < i; j++)
                free_node(&s->v[j]);
            memmove(&s->v[i - k], &s->v[i], sizeof(*s->v) * (size_t)(s->n - i));
            s->n -= k;
            i -= k;
        } else {
            nd->optional = 1;
        }
    }
}

static struct seq parse_seq(struct lexer *l, int closing);

/* Parses alternatives up to `closing` (0 for the end of the text). */
static void parse_alts(struct lexer *l, int closing, struct seq **alts, int *nalts) {
    *alts = NULL;
    *nalts = 0;
    for (;;) {
        struct seq s = parse_seq(l, closing);
        *alts = xrealloc(*alts, sizeof(**alts) * (size_t)(*nalts + 1));
        (*alts)[(*nalts)++] = s;
        if (l->kind != '|') break;
        lex(l);
    }
    if (l->kind == closing && closing) lex(l);
}

static struct seq parse_seq(struct lexer *l, int closing) {
    struct seq s = {0};
    for (;;) {
        if (l->kind == 0 || l->kind == '|' || l->kind == ']' || l->kind == '>') break;
        struct node nd = {0};
        if (l->kind == 'w') {
            nd.kind = N_WORD;
            nd.text = xstrdup(l->tok);
            lex(l);
        } else if (l->kind == 'e') {
            nd.kind = N_ELLIPSIS;
            lex(l);
        } else {
            int open = l->kind;
            nd.kind = open == '[' ? N_OPT : N_GROUP;
            lex(l);
            parse_alts(l, open == '[' ? ']' : '>', &nd.alts, &nd.nalts);
        }
        seq_push(&s, nd);
    }
    fold_repeats(&s, closing == ']');
    return s;
}

static int is_token(const struct node *nd) {
    if (nd->kind != N_WORD) return 0;
    for (const char *p = nd->text; *p; p++)
        if (islower((unsigned char)*p)) return 0;
    return 1;
}

static int is_name(const struct node *nd) {
    return nd->kind == N_WORD && !is_token(nd);
}

static const char *infer_type(const char *name) {
    static const char *const ints[] = {
        "count",     "numkeys",     "offset",         "index", "start",   "end",
        "stop",      "seconds",     "milliseconds",   "db",    "port",    "cursor",
        "client-id", "numreplicas", "destination-db", "bit",   "integer", NULL};
    size_t n = strlen(name);
    if (!strcmp(name, "key") || (n > 3 && !strcmp(name + n - 3, "key")) ||
        !strcmp(name, "destination") || !strcmp(name, "source"))
        return "key";
    if (!strcmp(name, "pattern")) return "pattern";
    if (!strncmp(name, "unix-time", 9)) return "unix-time";
    for (int i = 0; ints[i]; i++)
        if (!strcmp(name, ints[i])) return "integer";
    if (!strcmp(name, "longitude") || !strcmp(name, "latitude") || !strcmp(name, "radius") ||
        !strcmp(name, "width") || !strcmp(name, "height"))
        return "double";
    return "string";
}

static char *lower_dup(const char *s) {
    char *d = xstrdup(s);
    str_tolower(d, strlen(d));
    return d;
}

static struct arg new_arg(const char *name, const char *type) {
    struct arg a = {0};
    a.name = xstrdup(name);
    a.type = type;
    a.key_spec_index = -1;
    return a;
}

static void free_args(struct arg *v, int n) {
    for (int i = 0; i < n; i++) {
        xfree(v[i].name);
        xfree(v[i].token);
        free_args(v[i].sub, v[i].nsub);
    }
    xfree(v);
}

static void args_push(struct arg **v, int *n, struct arg a) {
    *v = xrealloc(*v, sizeof(**v) * (size_t)(*n + 1));
    (*v)[(*n)++] = a;
}

/* A composite (oneof/block) named after its parts: "nx_xx". */
static struct arg composite(const char *type, struct arg *sub, int nsub) {
    char name[128];
    size_t len = 0;
    name[0] = '\0';
    for (int i = 0; i < nsub; i++) {
        if (i) put(name, sizeof(name), &len, "_");
        put(name, sizeof(name), &len, sub[i].name);
    }
    struct arg a = new_arg(name, type);
    a.sub = sub;
    a.nsub = nsub;
    return a;
}

static void convert_seq(const struct node *v, int n, struct arg **out, int *nout);
static struct arg convert_one_seq(const struct node *v, int n);

static struct arg convert_alts(const struct seq *alts, int nalts) {
    if (nalts == 1) return convert_one_seq(alts[0].v, alts[0].n);
    struct arg *sub = NULL;
    int nsub = 0;
    for (int i = 0; i < nalts; i++)
        args_push(&sub, &nsub, convert_one_seq(alts[i].v, alts[i].n));
    return composite("oneof", sub, nsub);
}

/* One argument for a whole sequence: a token followed by two or more parts
 * is a block labelled by the token ("LIMIT offset count"). */
static struct arg convert_one_seq(const struct node *v, int n) {
    if (n >= 3 && is_token(&v[0])) {
        struct arg *sub = NULL;
        int nsub = 0;
        convert_seq(v + 1, n - 1, &sub, &nsub);
        struct arg a = new_arg("", "block");
        xfree(a.name);
        a.name = lower_dup(v[0].text);
        a.token = xstrdup(v[0].text);
        a.sub = sub;
        a.nsub = nsub;
        return a;
    }
    struct arg *sub = NULL;
    int nsub = 0;
    convert_seq(v, n, &sub, &nsub);
    if (nsub == 1) {
        struct arg a = sub[0];
        xfree(sub);
        return a;
    }
    if (nsub == 0) {
        xfree(sub);
        return new_arg("", "block");
    }
    return composite("block", sub, nsub);
}

static struct arg convert_repeat(const struct node *nd) {
    const struct seq *u = &nd->alts[0];
    struct arg a;
    if (u->n >= 2 && is_token(&u->v[0])) {
        if (u->n == 2 && is_name(&u->v[1])) {
            a = new_arg(u->v[1].text, infer_type(u->v[1].text));
            a.token = xstrdup(u->v[0].text);
        } else {
            a = convert_one_seq(u->v, u->n);
            if (!a.token) a.token = xstrdup(u->v[0].text);
        }
        a.flags |= ARG_MULTIPLE | ARG_MULTIPLE_TOKEN;
    } else {
        a = convert_one_seq(u->v, u->n);
        a.flags |= ARG_MULTIPLE;
    }
    if (nd->optional) a.flags |= ARG_OPTIONAL;
    return a;
}

static void convert_seq(const struct node *v, int n, struct arg **out, int *nout) {
    for (int i = 0; i < n; i++) {
        const struct node *nd = &v[i];
        struct arg a;
        if (is_token(nd)) {
            const struct node *next = i + 1 < n ? &v[i + 1] : NULL;
            if (next && is_name(next)) {
                a = new_arg(next->text, infer_type(next->text));
                a.token = xstrdup(nd->text);
                i++;
            } else if (next && next->kind == N_GROUP) {
                a = convert_alts(next->alts, next->nalts);
                xfree(a.token);
                a.token = xstrdup(nd->text);
                i++;
            } else if (next && next->kind == N_REPEAT && !next->optional && next->alts[0].n > 0 &&
                       !is_token(&next->alts[0].v[0])) {
                a = convert_repeat(next);
                a.token = xstrdup(nd->text);
                i++;
            } else {
                a = new_arg("", "pure-token");
                xfree(a.name);
                a.name = lower_dup(nd->text);
                a.token = xstrdup(nd->text);
            }
        } else if (nd->kind == N_WORD) {
            a = new_arg(nd->text, infer_type(nd->text));
        } else if (nd->kind == N_OPT) {
            a = convert_alts(nd->alts, nd->nalts);
            a.flags |= ARG_OPTIONAL;
        } else if (nd->kind == N_GROUP) {
            a = convert_alts(nd->alts, nd->nalts);
        } else if (nd->kind == N_REPEAT) {
            a = convert_repeat(nd);
        } else {
            continue; /* a stray "..." */
        }
        args_push(out, nout, a);
    }
}

static void number_keys(struct arg *v, int n, int *next, int nspecs) {
    for (int i = 0; i < n; i++) {
        if (!strcmp(v[i].type, "key") && nspecs > 0) {
            v[i].key_spec_index = *next < nspecs ? *next : nspecs - 1;
            (*next)++;
        }
        number_keys(v[i].sub, v[i].nsub, next, nspecs);
    }
}

/* The argument tree of a syntax text; returns the count (0 for none). */
static int syntax_args(const struct command *cmd, struct arg **out) {
    *out = NULL;
    if (!cmd->syntax || !cmd->syntax[0]) return 0;
    struct lexer l = {.p = cmd->syntax};
    lex(&l);
    struct seq *alts;
    int nalts;
    parse_alts(&l, 0, &alts, &nalts);
    int n = 0;
    if (nalts == 1) {
        convert_seq(alts[0].v, alts[0].n, out, &n);
    } else {
        args_push(out, &n, convert_alts(alts, nalts));
    }
    for (int i = 0; i < nalts; i++)
        free_seq(&alts[i]);
    xfree(alts);
    struct keyspec specs[MAX_SPECS];
    int next = 0;
    number_keys(*out, n, &next, get_keyspecs(cmd, specs));
    return n;
}

/* ------------------------------------------------------------ COMMAND DOCS */

static void reply_args(struct client *c, const struct arg *v, int n) {
    reply_array_len(c, n);
    for (int i = 0; i < n; i++) {
        const struct arg *a = &v[i];
        int composite_type = !strcmp(a->type, "oneof") || !strcmp(a->type, "block");
        long len =
            2 + (a->key_spec_index >= 0) + (a->token != NULL) + (a->flags != 0) + composite_type;
        reply_map_len(c, len);
        reply_bulk_cstr(c, "name");
        reply_bulk_cstr(c, a->name);
        reply_bulk_cstr(c, "type");
        reply_bulk_cstr(c, a->type);
        if (a->key_spec_index >= 0) {
            reply_bulk_cstr(c, "key_spec_index");
            reply_long(c, a->key_spec_index);
        }
        if (a->token) {
            reply_bulk_cstr(c, "token");
            reply_bulk_cstr(c, a->token);
        }
        if (a->flags) {
            reply_bulk_cstr(c, "flags");
            int nf = !!(a->flags & ARG_OPTIONAL) + !!(a->flags & ARG_MULTIPLE) +
                     !!(a->flags & ARG_MULTIPLE_TOKEN);
            reply_set_len(c, nf);
            if (a->flags & ARG_OPTIONAL) reply_status(c, "optional");
            if (a->flags & ARG_MULTIPLE) reply_status(c, "multiple");
            if (a->flags & ARG_MULTIPLE_TOKEN) reply_status(c, "multiple_token");
        }
        if (composite_type) {
            reply_bulk_cstr(c, "arguments");
            reply_args(c, a->sub, a->nsub);
        }
    }
}

static void reply_command_docs(struct client *c, const struct command *cmd) {
    struct arg *args;
    int nargs = syntax_args(cmd, &args);
    long len = 1 + (cmd->summary != NULL) + (cmd->since != NULL) + (cmd->complexity != NULL) +
               (nargs > 0) + (cmd->subcommands != NULL);
    reply_map_len(c, len);
    if (cmd->summary) {
        reply_bulk_cstr(c, "summary");
        reply_bulk_cstr(c, cmd->summary);
    }
    if (cmd->since) {
        reply_bulk_cstr(c, "since");
        reply_bulk_cstr(c, cmd->since);
    }
    reply_bulk_cstr(c, "group");
    reply_bulk_cstr(c, cmd->group ? cmd->group : "generic");
    if (cmd->complexity) {
        reply_bulk_cstr(c, "complexity");
        reply_bulk_cstr(c, cmd->complexity);
    }
    if (nargs > 0) {
        reply_bulk_cstr(c, "arguments");
        reply_args(c, args, nargs);
    }
    free_args(args, nargs);
    if (cmd->subcommands) {
        long nsub = 0;
        for (const struct command *s = cmd->subcommands; s->name; s++)
            nsub++;
        reply_bulk_cstr(c, "subcommands");
        reply_map_len(c, nsub);
        for (const struct command *s = cmd->subcommands; s->name; s++) {
            reply_bulk_cstr(c, s->fullname);
            reply_command_docs(c, s);
        }
    }
}

/* ------------------------------------------------------------- subcommands */

static void reply_all_info(struct client *c) {
    reply_array_len(c, cmd_count());
    long pos = 0;
    struct command *cmd;
    while ((cmd = cmd_iter(&pos)))
        reply_command_info(c, cmd);
}

static void command_cmd(struct client *c) {
    reply_all_info(c);
}

static void command_count_cmd(struct client *c) {
    reply_long(c, cmd_count());
}

static void command_info_cmd(struct client *c) {
    if (c->argc == 2) {
        reply_all_info(c);
        return;
    }
    reply_array_len(c, c->argc - 2);
    for (int i = 2; i < c->argc; i++)
        reply_command_info(c, lookup_fullname(c->argv[i].ptr, c->argv[i].len));
}

static void command_docs_cmd(struct client *c) {
    long pos = 0, n = 0;
    struct command *cmd;
    if (c->argc == 2) {
        reply_map_len(c, cmd_count());
        while ((cmd = cmd_iter(&pos))) {
            reply_bulk_cstr(c, cmd->fullname);
            reply_command_docs(c, cmd);
        }
        return;
    }
    void *len = reply_defer_len(c);
    for (int i = 2; i < c->argc; i++) {
        cmd = lookup_fullname(c->argv[i].ptr, c->argv[i].len);
        if (!cmd) continue;
        reply_bulk_cstr(c, cmd->fullname);
        reply_command_docs(c, cmd);
        n++;
    }
    reply_set_map_len(c, len, n);
}

enum { FILTER_NONE, FILTER_MODULE, FILTER_ACLCAT, FILTER_PATTERN };

static int list_match(const struct command *cmd, int filter, const char *arg, uint64_t cat) {
    switch (filter) {
    case FILTER_MODULE: return 0; /* no modules */
    case FILTER_ACLCAT: return cat && (effective_acl(cmd) & cat);
    case FILTER_PATTERN:
        return glob_match(arg, strlen(arg), cmd->fullname, strlen(cmd->fullname), 1);
    default: return 1;
    }
}

static void command_list_cmd(struct client *c) {
    int filter = FILTER_NONE;
    const char *arg = NULL;
    for (int i = 2; i < c->argc; i++) {
        int more = c->argc - 1 - i;
        if (!strcasecmp(c->argv[i].ptr, "filterby") && more == 2) {
            const char *type = c->argv[i + 1].ptr;
            if (!strcasecmp(type, "module"))
                filter = FILTER_MODULE;
            else if (!strcasecmp(type, "aclcat"))
                filter = FILTER_ACLCAT;
            else if (!strcasecmp(type, "pattern"))
                filter = FILTER_PATTERN;
            else {
                reply_error_syntax(c);
                return;
            }
            arg = c->argv[i + 2].ptr;
            i += 2;
        } else {
            reply_error_syntax(c);
            return;
        }
    }
    uint64_t cat = filter == FILTER_ACLCAT ? acl_by_name(arg) : 0;
    void *len = reply_defer_len(c);
    long n = 0, pos = 0;
    struct command *cmd;
    while ((cmd = cmd_iter(&pos))) {
        if (list_match(cmd, filter, arg, cat)) {
            reply_bulk_cstr(c, cmd->fullname);
            n++;
        }
        for (struct command *s = cmd->subcommands; s && s->name; s++) {
            if (list_match(s, filter, arg, cat)) {
                reply_bulk_cstr(c, s->fullname);
                n++;
            }
        }
    }
    reply_set_array_len(c, len, n);
}

#define MAX_KEYS 4096

static void getkeys(struct client *c, int with_flags) {
    struct str *argv = c->argv + 2;
    int argc = c->argc - 2;
    struct command *cmd = lookup_argv(argv, argc);
    struct keyspec specs[MAX_SPECS];
    int nspecs = cmd ? get_keyspecs(cmd, specs) : 0;
    int haskeys = 0;
    for (int i = 0; i < nspecs; i++)
        if (!(specs[i].flags & KS_NOT_KEY)) haskeys = 1;
    if (!cmd) {
        reply_error(c, "Invalid command specified");
        return;
    }
    if (!cmd->getkeys && !haskeys) {
        reply_error(c, "The command has no key arguments");
        return;
    }
    if ((cmd->arity > 0 && cmd->arity != argc) || argc < -cmd->arity) {
        reply_error(c, "Invalid number of arguments specified for command");
        return;
    }
    int *pos = xmalloc(sizeof(int) * MAX_KEYS), *kflags = xmalloc(sizeof(int) * MAX_KEYS);
    int varflags = 0;
    for (int i = 0; i < nspecs; i++)
        if (specs[i].flags & KS_VARIABLE_FLAGS) varflags = 1;
    int n = -1;
    if (haskeys && !varflags)
        n = keys_from_specs(cmd, specs, nspecs, argc, argv, pos, kflags, MAX_KEYS);
    if (n < 0 && cmd->getkeys) {
        /* the command's own key finder works on a client's argv */
        struct str *saved = c->argv;
        int saved_argc = c->argc;
        c->argv = argv;
        c->argc = argc;
        n = cmd->getkeys(c, argc, pos, MAX_KEYS);
        c->argv = saved;
        c->argc = saved_argc;
        /* flags: those of the spec whose keys include the position, else the first spec's */
        for (int k = 0; k < n; k++) {
            kflags[k] = nspecs ? specs[0].flags : KS_RO;
            int p2[64], f2[64];
            for (int s = 0; s < nspecs; s++) {
                int m = keys_from_specs(cmd, &specs[s], 1, argc, argv, p2, f2, 64);
                for (int j = 0; j < m; j++)
                    if (p2[j] == pos[k]) kflags[k] = specs[s].flags;
            }
        }
    } else if (n < 0 && varflags) {
        n = keys_from_specs(cmd, specs, nspecs, argc, argv, pos, kflags, MAX_KEYS);
    }
    if (n < 0) n = 0;
    if (n == 0 && !(cmd->flags & CMD_NO_MANDATORY_KEYS)) {
        reply_error(c, "Invalid arguments specified for command");
    } else {
        reply_array_len(c, n);
        for (int k = 0; k < n; k++) {
            if (!with_flags) {
                reply_bulk(c, argv[pos[k]].ptr, argv[pos[k]].len);
                continue;
            }
            reply_array_len(c, 2);
            reply_bulk(c, argv[pos[k]].ptr, argv[pos[k]].len);
            int f = kflags[k];
            if (f & KS_VARIABLE_FLAGS) f = variable_key_flags(cmd, c, argc, argv, f);
            reply_ks_flags(c, f & ~(KS_VARIABLE_FLAGS));
        }
    }
    xfree(pos);
    xfree(kflags);
}

static void command_getkeys_cmd(struct client *c) {
    getkeys(c, 0);
}

static void command_getkeysandflags_cmd(struct client *c) {
    getkeys(c, 1);
}

static void command_help_cmd(struct client *c) {
    static const char *const help[] = {
        "(no subcommand)",
        "    Return details about all Redis commands.",
        "COUNT",
        "    Return the total number of commands in this Redis server.",
        "LIST",
        "    Return a list of all commands in this Redis server.",
        "INFO [<command-name> ...]",
        "    Return details about multiple Redis commands.",
        "    If no command names are given, documentation details for all",
        "    commands are returned.",
        "DOCS [<command-name> ...]",
        "    Return documentation details about multiple Redis commands.",
        "    If no command names are given, documentation details for all",
        "    commands are returned.",
        "GETKEYS <full-command>",
        "    Return the keys from a full Redis command.",
        "GETKEYSANDFLAGS <full-command>",
        "    Return the keys and the access flags from a full Redis command.",
        NULL,
    };
    reply_help(c, help);
}

#define COMMAND_FLAGS (CMD_LOADING | CMD_STALE | CMD_SENTINEL)

static struct command command_subcommands[] = {
    {.name = "count",
     .proc = command_count_cmd,
     .arity = 2,
     .flags = COMMAND_FLAGS,
     .acl = ACL_SLOW | ACL_CONNECTION,
     .group = "server",
     .since = "2.8.13",
     .complexity = "O(1)",
     .summary = "Get total number of Redis commands",
     .syntax = ""},
    {.name = "docs",
     .proc = command_docs_cmd,
     .arity = -2,
     .flags = COMMAND_FLAGS,
     .acl = ACL_SLOW | ACL_CONNECTION,
     .group = "server",
     .since = "7.0.0",
     .complexity = "O(N) where N is the number of commands to look up",
     .summary = "Get array of specific Redis command documentation",
     .syntax = "[command-name [command-name ...]]",
     .tips = "nondeterministic_output_order"},
    {.name = "getkeys",
     .proc = command_getkeys_cmd,
     .arity = -4,
     .flags = COMMAND_FLAGS,
     .acl = ACL_SLOW | ACL_CONNECTION,
     .group = "server",
     .since = "2.8.13",
     .complexity = "O(N) where N is the number of arguments to the command",
     .summary = "Extract keys given a full Redis command",
     .syntax = ""},
    {.name = "getkeysandflags",
     .proc = command_getkeysandflags_cmd,
     .arity = -4,
     .flags = COMMAND_FLAGS,
     .acl = ACL_SLOW | ACL_CONNECTION,
     .group = "server",
     .since = "7.0.0",
     .complexity = "O(N) where N is the number of arguments to the command",
     .summary = "Extract keys and access flags given a full Redis command",
     .syntax = ""},
    {.name = "help",
     .proc = command_help_cmd,
     .arity = 2,
     .flags = COMMAND_FLAGS,
     .acl = ACL_SLOW | ACL_CONNECTION,
     .group = "server",
     .since = "5.0.0",
     .complexity = "O(1)",
     .summary = "Show helpful text about the different subcommands",
     .syntax = ""},
    {.name = "info",
     .proc = command_info_cmd,
     .arity = -2,
     .flags = COMMAND_FLAGS,
     .acl = ACL_SLOW | ACL_CONNECTION,
     .group = "server",
     .since = "2.8.13",
     .complexity = "O(N) where N is the number of commands to look up",
     .summary = "Get array of specific Redis command details, or all when no argument is given.",
     .syntax = "[command-name [command-name ...]]",
     .tips = "nondeterministic_output_order"},
    {.name = "list",
     .proc = command_list_cmd,
     .arity = -2,
     .flags = COMMAND_FLAGS,
     .acl = ACL_SLOW | ACL_CONNECTION,
     .group = "server",
     .since = "7.0.0",
     .complexity = "O(N) where N is the total number of Redis commands",
     .summary = "Get an array of Redis command names",
     .syntax = "[FILTERBY <MODULE module-name | ACLCAT category | PATTERN pattern>]",
     .tips = "nondeterministic_output_order"},
    {0},
};

struct command command_commands[] = {
    {.name = "command",
     .proc = command_cmd,
     .arity = -1,
     .flags = COMMAND_FLAGS,
     .acl = ACL_SLOW | ACL_CONNECTION,
     .group = "server",
     .since = "2.8.13",
     .complexity = "O(N) where N is the total number of Redis commands",
     .summary = "Get array of Redis command details",
     .syntax = "",
     .tips = "nondeterministic_output_order",
     .subcommands = command_subcommands},
    {0},
};
