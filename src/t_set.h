/* t_set: the set type. Commands live in t_set.c; these functions let other
 * modules (RDB loading, tests) build and read set values with the same
 * encoding rules the commands follow (see t_set.c's opening comment).
 *
 * A set value is a `struct kv` entry. Functions that change a set may move
 * the entry (its size changes with inline encodings): they take `struct kv **`
 * and update it, swapping the new entry into db (NULL for an entry that is not
 * linked in a database yet). */
#ifndef MNEMO_T_SET_H
#define MNEMO_T_SET_H
#include <stddef.h>

struct kv;
struct db;

/* Registers the set type's hooks (type_ops[T_SET]); called at start-up. */
void set_type_init(void);

/* An empty, unlinked set under key, in the encoding Redis picks for a set
 * whose first member is first (NULL: the integer form, like Redis's
 * createIntsetObject). Add at least one member before linking it. */
struct kv *set_new(const char *key, size_t klen, const char *first, size_t flen, long long expire);
/* 1 if s was added, 0 if already there. */
int set_add(struct db *db, struct kv **o, const char *s, size_t len);
/* 1 if s was removed. The caller deletes the key once the set is empty. */
int set_remove(struct db *db, struct kv **o, const char *s, size_t len);
int set_contains(const struct kv *o, const char *s, size_t len);
size_t set_size(const struct kv *o);
/* Calls fn for every member (the set must not change meanwhile). */
void set_foreach(struct kv *o, void (*fn)(void *arg, const char *s, size_t len), void *arg);

/* For RDB: the integer form ("intset") as a sorted array of n members of
 * w (2, 4, 8) little-endian bytes each, which is the body of Redis's intset
 * layout. Returns 0 if o is not in the integer form. */
int set_int_array(const struct kv *o, const unsigned char **a, size_t *n, unsigned *w);
/* A set from n sorted distinct integers of width w (as above): the integer
 * form, or the string form Redis converts to when n passes
 * set-max-intset-entries. */
struct kv *set_from_int_array(const char *key, size_t klen, const unsigned char *a, size_t n,
                              unsigned w, long long expire);

#endif
