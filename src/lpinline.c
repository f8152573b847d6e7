/* lpinline: see lpinline.h. Invariant: the blob of every entry these
 * functions touch is a valid listpack whose header total equals the blob
 * length. */
#include "lpinline.h"
#include "db.h"
#include "listpack.h"
#include "mem.h"
#include <string.h>

struct kv *lpi_new(const char *key, size_t klen, int type, int enc, long long expire) {
    unsigned char empty[LP_HDR_SIZE + 1];
    lp_set_header(empty, sizeof(empty), 0);
    empty[LP_HDR_SIZE] = 0xFF;
    return kv_new_blob(key, klen, type, enc, empty, sizeof(empty), expire);
}

unsigned char *lpi_lp(const struct kv *o, size_t *bytes) {
    return kv_blob(o, bytes);
}

struct kv *lpi_splice(struct db *db, struct kv *o, size_t off, size_t oldlen,
                      const unsigned char *add, size_t addlen, unsigned long count) {
    size_t total;
    unsigned char *lp = kv_blob(o, &total);
    size_t ntotal = total - oldlen + addlen;
    if (addlen > oldlen) {
        o = db_resize_blob(db, o, ntotal);
        lp = kv_blob(o, &total);
        memmove(lp + off + addlen, lp + off + oldlen, ntotal - off - addlen);
        memcpy(lp + off, add, addlen);
    } else {
        if (addlen) memcpy(lp + off, add, addlen);
        memmove(lp + off + addlen, lp + off + oldlen, total - off - oldlen);
        if (addlen < oldlen) {
            o = db_resize_blob(db, o, ntotal);
            lp = kv_blob(o, &total);
        }
    }
    lp_set_header(lp, ntotal, count);
    return o;
}

/* Encodes s into buf when it fits, else into a heap buffer (*heap). */
static unsigned char *encode(unsigned char *buf, size_t cap, const char *s, size_t len, uint32_t *n,
                             unsigned char **heap) {
    unsigned char *out = buf;
    *heap = NULL;
    if (LP_ENTRY_MAX(len) > cap) out = *heap = xmalloc(LP_ENTRY_MAX(len));
    *n = lp_encode(out, (const unsigned char *)s, (uint32_t)len);
    return out;
}

struct kv *lpi_append(struct db *db, struct kv *o, const char *s, size_t len) {
    unsigned char buf[128], *heap;
    uint32_t n;
    unsigned char *e = encode(buf, sizeof(buf), s, len, &n, &heap);
    size_t total;
    unsigned char *lp = kv_blob(o, &total);
    o = lpi_splice(db, o, total - 1, 0, e, n, lp_length(lp) + 1);
    xfree(heap);
    return o;
}

struct kv *lpi_replace(struct db *db, struct kv *o, size_t off, const char *s, size_t len) {
    unsigned char buf[128], *heap;
    uint32_t n;
    unsigned char *e = encode(buf, sizeof(buf), s, len, &n, &heap);
    size_t total;
    unsigned char *lp = kv_blob(o, &total);
    uint32_t old = lp_entry_size(lp + off);
    if (old == n) {
        memcpy(lp + off, e, n); /* same size: no new entry */
    } else {
        o = lpi_splice(db, o, off, old, e, n, lp_length(lp));
    }
    xfree(heap);
    return o;
}

struct kv *lpi_delete(struct db *db, struct kv *o, size_t off, unsigned n) {
    size_t total;
    unsigned char *lp = kv_blob(o, &total);
    size_t len = 0;
    for (unsigned i = 0; i < n; i++)
        len += lp_entry_size(lp + off + len);
    return lpi_splice(db, o, off, len, NULL, 0, lp_length(lp) - n);
}
