/* intarr: see intarr.h. Invariant: members are strictly increasing. */
#include "intarr.h"
#include <string.h>

unsigned ia_width_for(int64_t v) {
    if (v >= INT16_MIN && v <= INT16_MAX) return 2;
    if (v >= INT32_MIN && v <= INT32_MAX) return 4;
    return 8;
}

int64_t ia_get(const unsigned char *a, unsigned w, size_t i) {
    const unsigned char *p = a + i * w;
    if (w == 2) {
        uint16_t u = (uint16_t)(p[0] | p[1] << 8);
        return (int16_t)u;
    }
    if (w == 4) {
        uint32_t u =
            (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
        return (int32_t)u;
    }
    uint64_t u = 0;
    for (int k = 7; k >= 0; k--)
        u = u << 8 | p[k];
    return (int64_t)u;
}

void ia_set(unsigned char *a, unsigned w, size_t i, int64_t v) {
    unsigned char *p = a + i * w;
    uint64_t u = (uint64_t)v;
    for (unsigned k = 0; k < w; k++)
        p[k] = (unsigned char)(u >> (8 * k));
}

int ia_search(const unsigned char *a, size_t n, unsigned w, int64_t v, size_t *pos) {
    size_t lo = 0, hi = n;
    /* the common miss past either end without a search */
    if (n == 0 || v > ia_get(a, w, n - 1)) {
        *pos = n;
        return 0;
    }
    if (v < ia_get(a, w, 0)) {
        *pos = 0;
        return 0;
    }
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int64_t m = ia_get(a, w, mid);
        if (m == v) {
            *pos = mid;
            return 1;
        }
        if (m < v)
            lo = mid + 1;
        else
            hi = mid;
    }
    *pos = lo;
    return 0;
}

void ia_insert_at(unsigned char *a, size_t n, unsigned w, size_t pos, int64_t v) {
    memmove(a + (pos + 1) * w, a + pos * w, (n - pos) * w);
    ia_set(a, w, pos, v);
}

void ia_remove_at(unsigned char *a, size_t n, unsigned w, size_t pos) {
    memmove(a + pos * w, a + (pos + 1) * w, (n - pos - 1) * w);
}

void ia_widen(unsigned char *a, size_t n, unsigned ow, unsigned nw) {
    /* back to front: member i's new place never overlaps a lower member's old one */
    for (size_t i = n; i-- > 0;)
        ia_set(a, nw, i, ia_get(a, ow, i));
}
