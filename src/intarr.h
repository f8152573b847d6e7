/* intarr: a sorted array of distinct 64-bit integers stored in 2, 4 or 8
 * little-endian bytes each (one width for the whole array, the smallest that
 * fits every member), in a buffer the caller owns. Small integer sets keep
 * their members this way inside the key's entry: ten small members cost 20
 * bytes and no header (the width lives in the entry's encoding). Lookups are
 * binary searches; inserts and removals move the tail. */
#ifndef MNEMO_INTARR_H
#define MNEMO_INTARR_H
#include <stddef.h>
#include <stdint.h>

/* Smallest width (2, 4 or 8) that holds v. */
unsigned ia_width_for(int64_t v);
int64_t ia_get(const unsigned char *a, unsigned w, size_t i);
void ia_set(unsigned char *a, unsigned w, size_t i, int64_t v);
/* 1 and *pos = index when v is present; else 0 and *pos = where it goes. */
int ia_search(const unsigned char *a, size_t n, unsigned w, int64_t v, size_t *pos);
/* Inserts v at pos; the buffer must have room for n + 1 members. */
void ia_insert_at(unsigned char *a, size_t n, unsigned w, size_t pos, int64_t v);
void ia_remove_at(unsigned char *a, size_t n, unsigned w, size_t pos);
/* Rewrites n members from width ow to the wider nw, in place (the buffer
 * must hold n * nw bytes). */
void ia_widen(unsigned char *a, size_t n, unsigned ow, unsigned nw);

#endif
