/* configtab: the parameter table behind `cfg` (see config.c). Exposed for the
 * CONFIG command and INFO. */
#ifndef MNEMO_CONFIGTAB_H
#define MNEMO_CONFIGTAB_H
#include <stddef.h>

enum { CT_BOOL, CT_INT, CT_MEMORY, CT_STRING, CT_ENUM, CT_SPECIAL };

#define CF_MODIFIABLE 0
#define CF_IMMUTABLE  (1 << 0) /* CONFIG SET refuses it */
#define CF_SENSITIVE  (1 << 1) /* value hidden from logs */
#define CF_MULTI_ARG  (1 << 2) /* takes several arguments */
#define CF_OCTAL      (1 << 3)
#define CF_PROTECTED  (1 << 4) /* needs enable-protected-configs */
#define CF_HIDDEN     (1 << 5) /* not in CONFIG GET * / mnemo.conf */

struct cfg_enum {
    const char *name;
    int value;
};

struct cfg_param;
typedef int cfg_set_fn(struct cfg_param *p, char **argv, int argc, const char **err);
typedef char *cfg_get_fn(struct cfg_param *p);
typedef int cfg_apply_fn(const char **err); /* after CONFIG SET; 0 refuses (value rolled back) */

struct cfg_param {
    const char *name, *alias;
    int type;
    void *field;
    size_t size;
    long long def, min, max;
    const char *sdef;
    const struct cfg_enum *enums;
    int flags;
    cfg_set_fn *set;
    cfg_get_fn *get;
    cfg_apply_fn *apply;
    int loading_seen;
};

extern struct cfg_param cfg_params[];
struct cfg_param *cfg_lookup(const char *name);
int cfg_set(struct cfg_param *p, char **argv, int argc, const char **err); /* 1 ok */
char *cfg_get(struct cfg_param *p); /* xmalloc'd text of the value */
int cfg_ignored(const char *name);

#endif
