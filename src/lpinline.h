/* lpinline: listpacks stored inline in a key's entry (kv_new_blob), changed
 * in place. Each change that alters the size gives the entry a new size
 * (db_resize_blob), so every function returns the entry to use afterwards;
 * the old pointer, and any position into the old blob, are invalid. Offsets
 * (from the start of the listpack) survive a change before them only if the
 * caller adjusts them. */
#ifndef MNEMO_LPINLINE_H
#define MNEMO_LPINLINE_H
#include <stddef.h>
#include <stdint.h>

struct kv;
struct db;

/* A new unlinked entry holding an empty listpack. */
struct kv *lpi_new(const char *key, size_t klen, int type, int enc, long long expire);
/* The listpack of o and its size. */
unsigned char *lpi_lp(const struct kv *o, size_t *bytes);
/* Replaces bytes [off, off + oldlen) of o's listpack with add[0, addlen)
 * and sets the element count. db may be NULL for an unlinked entry. */
struct kv *lpi_splice(struct db *db, struct kv *o, size_t off, size_t oldlen,
                      const unsigned char *add, size_t addlen, unsigned long count);
/* Appends s (as an integer when canonical). */
struct kv *lpi_append(struct db *db, struct kv *o, const char *s, size_t len);
/* Replaces the entry at offset off with s. */
struct kv *lpi_replace(struct db *db, struct kv *o, size_t off, const char *s, size_t len);
/* Deletes n consecutive entries starting at offset off. */
struct kv *lpi_delete(struct db *db, struct kv *o, size_t off, unsigned n);

#endif
