/* listpack: a compact, contiguous list of strings and integers in the exact
 * byte format Redis 7 uses (so RDB files carry these blobs unchanged).
 *
 *   <total-bytes u32 LE> <count u16 LE, 65535 = unknown> <entry> ... <0xFF>
 *   entry = <encoding+data> <backlen: size of encoding+data, 1-5 bytes,
 *            readable from its last byte backwards>
 *   encodings: 0xxxxxxx 7-bit uint | 10xxxxxx 6-bit string length |
 *     110xxxxx +1 13-bit int | 1110xxxx +1 12-bit string length |
 *     0xF0 +4 32-bit string length | 0xF1 int16 | 0xF2 int24 | 0xF3 int32 |
 *     0xF4 int64 | 0xFF end
 *
 * Strings that are canonical integers are stored as integers. Every function
 * that changes a listpack may move it: use the returned pointer. Positions
 * (`p`) point at an entry's first byte and are invalidated by changes, except
 * the position returned through the call's out-parameter. */
#ifndef MNEMO_LISTPACK_H
#define MNEMO_LISTPACK_H
#include <stddef.h>
#include <stdint.h>

#define LP_HDR_SIZE    6
#define LP_INTBUF_SIZE 21

enum { LP_BEFORE = 0, LP_AFTER = 1, LP_REPLACE = 2 };

unsigned char *lp_new(size_t capacity);
void lp_free(unsigned char *lp);
size_t lp_bytes(const unsigned char *lp);
unsigned long lp_length(const unsigned char *lp);

unsigned char *lp_first(unsigned char *lp);
unsigned char *lp_last(unsigned char *lp);
unsigned char *lp_next(unsigned char *lp, unsigned char *p);
unsigned char *lp_prev(unsigned char *lp, unsigned char *p);
/* Entry at index (negative counts from the end), or NULL. */
unsigned char *lp_seek(unsigned char *lp, long index);

/* Reads an entry: returns a pointer to its string bytes and sets *len, or
 * returns NULL for an integer and sets *ival. */
const unsigned char *lp_get(const unsigned char *p, uint32_t *len, int64_t *ival);
/* Like lp_get, but integers are written as text into buf (LP_INTBUF_SIZE). */
const unsigned char *lp_get_str(const unsigned char *p, uint32_t *len, unsigned char *buf);
/* 1 if the entry equals s[0..len) (integers compare by their text). */
int lp_eq(const unsigned char *p, const unsigned char *s, uint32_t len);

unsigned char *lp_insert(unsigned char *lp, const unsigned char *s, uint32_t len, unsigned char *p,
                         int where, unsigned char **newp);
unsigned char *lp_insert_int(unsigned char *lp, int64_t v, unsigned char *p, int where,
                             unsigned char **newp);
unsigned char *lp_append(unsigned char *lp, const unsigned char *s, uint32_t len);
unsigned char *lp_append_int(unsigned char *lp, int64_t v);
unsigned char *lp_prepend(unsigned char *lp, const unsigned char *s, uint32_t len);
/* Deletes the entry at p; *next (if given) is the entry that followed, or NULL. */
unsigned char *lp_delete(unsigned char *lp, unsigned char *p, unsigned char **next);
unsigned char *lp_delete_range(unsigned char *lp, long index, unsigned long count);
/* Finds an entry equal to s starting at p, comparing every (skip+1)-th entry. */
unsigned char *lp_find(unsigned char *lp, unsigned char *p, const unsigned char *s, uint32_t len,
                       unsigned skip);

/* Building blocks for listpacks kept inside other allocations (inline
 * values in a key's entry), which change their bytes in place. */
#define LP_ENTRY_MAX(len) ((size_t)(len) + 11) /* largest entry for a len-byte string */
/* Size of the whole entry at p: encoding, data and back-length. */
uint32_t lp_entry_size(const unsigned char *p);
/* Writes s as one complete entry (an integer when s is a canonical one) into
 * buf, which holds at least LP_ENTRY_MAX(len) bytes; returns its size. */
uint32_t lp_encode(unsigned char *buf, const unsigned char *s, uint32_t len);
/* Sets the header after in-place changes: total bytes and element count. */
void lp_set_header(unsigned char *lp, size_t bytes, unsigned long count);

/* Checks a listpack read from outside (RDB/RESTORE): sizes, encodings,
 * back-lengths, terminator and, if count_ok, the count. 1 if valid. */
int lp_validate(const unsigned char *lp, size_t size, int deep);

#endif
