/* t_hash: the hash type. Commands live in t_hash.c; these functions let other
 * modules (RDB loading, tests) build and read hash values with the same
 * encoding rules the commands follow (see t_hash.c's opening comment).
 *
 * A hash value is a `struct kv` entry. Functions that change a hash may move
 * the entry: they take `struct kv **` and update it, swapping the new entry
 * into db (NULL for an entry not linked in a database yet). */
#ifndef MNEMO_T_HASH_H
#define MNEMO_T_HASH_H
#include <stddef.h>

struct kv;
struct db;

/* Registers the hash type's hooks (type_ops[T_HASH]); called at start-up. */
void hash_type_init(void);

/* An empty, unlinked hash under key. Set at least one field before linking. */
struct kv *hash_new(const char *key, size_t klen, long long expire);
/* Sets field f to v (checking Redis's listpack limits for both, as HINCRBY
 * does). Returns 1 when f existed, 0 when it was created. */
int hash_set(struct db *db, struct kv **o, const char *f, size_t fl, const char *v, size_t vl);
/* 1 and the value (*v points into the hash or into buf, 24 bytes) if f exists. */
int hash_get(const struct kv *o, const char *f, size_t fl, const char **v, size_t *vl, char *buf);
/* 1 if f was deleted. The caller deletes the key once the hash is empty. */
int hash_del(struct db *db, struct kv **o, const char *f, size_t fl);
size_t hash_len(const struct kv *o);
/* Calls fn for every field and value (the hash must not change meanwhile). */
void hash_foreach(struct kv *o,
                  void (*fn)(void *arg, const char *f, size_t fl, const char *v, size_t vl),
                  void *arg);
/* For RDB: a hash holding the listpack lp (field, value, ... bytes long,
 * validated by the caller, not empty), copied. as_listpack: the encoding
 * Redis reports as "listpack"; else the "hashtable" form. */
struct kv *hash_from_listpack(const char *key, size_t klen, const unsigned char *lp, size_t bytes,
                              long long expire, int as_listpack);

#endif
