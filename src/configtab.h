/* configtab: the parameter table behind `cfg` (rows live in config.c), with
 * the operations CONFIG GET/SET/REWRITE need. One row per parameter; an alias
 * (slaveof for replicaof ...) is a second name of the same row. */
#ifndef MNEMO_CONFIGTAB_H
#define MNEMO_CONFIGTAB_H
#include <stddef.h>

/* Row types. CT_INT and CT_MEMORY are numeric (stored in an int or a long
 * long field); CT_MEMORY accepts units (1k 1kb 1m 1mb 1g 1gb, any case). */
enum { CT_BOOL, CT_INT, CT_MEMORY, CT_STRING, CT_ENUM, CT_SPECIAL };

#define CF_MODIFIABLE   0
#define CF_IMMUTABLE    (1u << 0)  /* CONFIG SET refuses it */
#define CF_SENSITIVE    (1u << 1)  /* value hidden from logs */
#define CF_MULTI_ARG    (1u << 2)  /* takes several arguments */
#define CF_OCTAL        (1u << 3)  /* numeric, written in octal */
#define CF_PROTECTED    (1u << 4)  /* CONFIG SET needs enable-protected-configs */
#define CF_HIDDEN       (1u << 5)  /* not matched by CONFIG GET patterns, not in mnemo.conf */
#define CF_DENY_LOADING (1u << 6)  /* CONFIG SET refused while loading */
#define CF_UNSIGNED     (1u << 7)  /* numeric bounds compared as unsigned (Redis uint/size_t/ull) */
#define CF_PERCENT      (1u << 8)  /* numeric: "N%" accepted, stored as -N */
#define CF_EMPTY_NULL   (1u << 9)  /* string: "" is stored as NULL */
#define CF_DEBUG        (1u << 10) /* Redis's DEBUG_CONFIG (listed in crash reports) */

struct cfg_enum {
    const char *name;
    int value;
};

struct cfg_param;
struct cfg_rewrite;
/* Parses and stores argv. Returns 0 on error (*err set), 1 when the value
 * changed, 2 when it was already that value (the apply hook is skipped). */
typedef int cfg_set_fn(struct cfg_param *p, char **argv, int argc, const char **err);
typedef char *cfg_get_fn(struct cfg_param *p); /* xmalloc'd text of the value */
/* Adds the parameter's line(s) to a rewrite in progress. */
typedef void cfg_rewrite_fn(struct cfg_param *p, struct cfg_rewrite *rw);
typedef int cfg_apply_fn(const char **err); /* after CONFIG SET; 0 fails (all rolled back) */
typedef int cfg_check_fn(long long v, const char *s, const char **err); /* extra validation */

struct cfg_param {
    const char *name, *alias;
    int type;
    unsigned flags;
    void *field;
    size_t size; /* of the field, numeric/bool/enum */
    long long def, min, max;
    const char *sdef; /* default of CT_STRING (NULL allowed) and CT_SPECIAL (config text) */
    const struct cfg_enum *enums;
    cfg_set_fn *set;         /* CT_SPECIAL */
    cfg_get_fn *get;         /* CT_SPECIAL */
    cfg_rewrite_fn *rewrite; /* CT_SPECIAL */
    cfg_check_fn *check;
    cfg_apply_fn *apply;
    const char *section; /* mnemo.conf: starts a section with this title */
    const char *doc;     /* mnemo.conf: comment above the directive ('\n' separates lines) */
};

extern struct cfg_param cfg_params[]; /* ends with a row whose name is NULL */

/* Finds a parameter by name or alias (case-insensitive); *is_alias tells which
 * one matched (may be NULL). */
struct cfg_param *cfg_lookup(const char *name, int *is_alias);
/* Sets from arguments (config-file style). Returns 0 (*err set), 1 changed, 2 unchanged. */
int cfg_set(struct cfg_param *p, char **argv, int argc, const char **err);
/* Sets from one CONFIG SET value (multi-argument parameters split it on spaces). */
int cfg_set_value(struct cfg_param *p, const char *value, const char **err);
char *cfg_get(struct cfg_param *p); /* xmalloc'd text of the value */
/* 1 while the server is loading data (CF_DENY_LOADING refusals). */
int cfg_loading(void);

#endif
