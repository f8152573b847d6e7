/* listpack: see listpack.h for the format. Invariants: the header's total
 * matches the allocation's used size; the last byte is 0xFF; the count field
 * is exact while below 65535 and 65535 ("unknown") otherwise. */
#include "listpack.h"
#include "mem.h"
#include "util.h"
#include <string.h>

#define LP_EOF           0xFF
#define LP_COUNT_UNKNOWN 65535

static inline uint32_t get_total(const unsigned char *lp) {
    return (uint32_t)lp[0] | (uint32_t)lp[1] << 8 | (uint32_t)lp[2] << 16 | (uint32_t)lp[3] << 24;
}

static inline void set_total(unsigned char *lp, uint32_t v) {
    lp[0] = (unsigned char)v, lp[1] = (unsigned char)(v >> 8), lp[2] = (unsigned char)(v >> 16),
    lp[3] = (unsigned char)(v >> 24);
}

static inline unsigned get_count(const unsigned char *lp) {
    return (unsigned)lp[4] | (unsigned)lp[5] << 8;
}

static inline void set_count(unsigned char *lp, unsigned long v) {
    if (v >= LP_COUNT_UNKNOWN) v = LP_COUNT_UNKNOWN;
    lp[4] = (unsigned char)v, lp[5] = (unsigned char)(v >> 8);
}

unsigned char *lp_new(size_t capacity) {
    unsigned char *lp = xmalloc(capacity > LP_HDR_SIZE + 1 ? capacity : LP_HDR_SIZE + 1);
    set_total(lp, LP_HDR_SIZE + 1);
    set_count(lp, 0);
    lp[LP_HDR_SIZE] = LP_EOF;
    return lp;
}

void lp_free(unsigned char *lp) {
    xfree(lp);
}

size_t lp_bytes(const unsigned char *lp) {
    return get_total(lp);
}

/* ------------------------------------------------------------ entry sizes */

static inline uint32_t backlen_size(uint64_t l) {
    if (l <= 127) return 1;
    if (l < 16383) return 2;
    if (l < 2097151) return 3;
    if (l < 268435455) return 4;
    return 5;
}

/* Writes the back-length so that the last byte holds the low 7 bits and each
 * byte to its left the next 7, with the high bit set on all but the first. */
static void backlen_put(unsigned char *buf, uint64_t l) {
    uint32_t n = backlen_size(l);
    for (uint32_t i = 0; i < n; i++) {
        unsigned char b = (unsigned char)((l >> (7 * i)) & 127);
        if (i != n - 1) b |= 128;
        buf[n - 1 - i] = b;
    }
}

/* Reads a back-length ending at p (p points at its last byte). */
static uint64_t backlen_get(const unsigned char *p) {
    uint64_t v = 0;
    int shift = 0;
    for (int i = 0; i < 5; i++) {
        v |= (uint64_t)(p[-i] & 127) << shift;
        if (!(p[-i] & 128)) break;
        shift += 7;
    }
    return v;
}

/* Size of encoding+data of the entry at p. */
static uint64_t enc_size(const unsigned char *p) {
    unsigned char b = p[0];
    if ((b & 0x80) == 0) return 1;
    if ((b & 0xC0) == 0x80) return 1 + (b & 0x3F);
    if ((b & 0xE0) == 0xC0) return 2;
    if ((b & 0xF0) == 0xE0) return 2 + (((uint32_t)(b & 0x0F) << 8) | p[1]);
    switch (b) {
    case 0xF0:
        return 5 +
               ((uint64_t)p[1] | (uint64_t)p[2] << 8 | (uint64_t)p[3] << 16 | (uint64_t)p[4] << 24);
    case 0xF1: return 3;
    case 0xF2: return 4;
    case 0xF3: return 5;
    case 0xF4: return 9;
    }
    return 1; /* 0xFF */
}

static inline uint32_t entry_size(const unsigned char *p) {
    uint32_t e = (uint32_t)enc_size(p);
    return e + backlen_size(e);
}

/* Encodes an integer; returns the size of encoding+data. */
static uint32_t encode_int(unsigned char *buf, int64_t v) {
    if (v >= 0 && v <= 127) {
        buf[0] = (unsigned char)v;
        return 1;
    }
    if (v >= -4096 && v <= 4095) {
        uint64_t u = (uint64_t)v & 0x1FFF;
        buf[0] = (unsigned char)(0xC0 | (u >> 8));
        buf[1] = (unsigned char)(u & 0xFF);
        return 2;
    }
    int bytes;
    unsigned char tag;
    if (v >= -32768 && v <= 32767)
        bytes = 2, tag = 0xF1;
    else if (v >= -8388608 && v <= 8388607)
        bytes = 3, tag = 0xF2;
    else if (v >= -2147483648LL && v <= 2147483647LL)
        bytes = 4, tag = 0xF3;
    else
        bytes = 8, tag = 0xF4;
    uint64_t u = (uint64_t)v;
    buf[0] = tag;
    for (int i = 0; i < bytes; i++)
        buf[1 + i] = (unsigned char)(u >> (8 * i));
    return (uint32_t)bytes + 1;
}

static uint32_t str_header(unsigned char *buf, uint32_t len) {
    if (len < 64) {
        buf[0] = (unsigned char)(0x80 | len);
        return 1;
    }
    if (len < 4096) {
        buf[0] = (unsigned char)(0xE0 | (len >> 8));
        buf[1] = (unsigned char)(len & 0xFF);
        return 2;
    }
    buf[0] = 0xF0;
    buf[1] = (unsigned char)len, buf[2] = (unsigned char)(len >> 8),
    buf[3] = (unsigned char)(len >> 16), buf[4] = (unsigned char)(len >> 24);
    return 5;
}

/* ------------------------------------------------------------ reading */

const unsigned char *lp_get(const unsigned char *p, uint32_t *len, int64_t *ival) {
    unsigned char b = p[0];
    if ((b & 0x80) == 0) {
        *ival = b;
        return NULL;
    }
    if ((b & 0xC0) == 0x80) {
        *len = b & 0x3F;
        return p + 1;
    }
    if ((b & 0xE0) == 0xC0) {
        uint64_t u = ((uint64_t)(b & 0x1F) << 8) | p[1];
        *ival = (u & 0x1000) ? (int64_t)u - 8192 : (int64_t)u;
        return NULL;
    }
    if ((b & 0xF0) == 0xE0) {
        *len = ((uint32_t)(b & 0x0F) << 8) | p[1];
        return p + 2;
    }
    if (b == 0xF0) {
        *len = (uint32_t)p[1] | (uint32_t)p[2] << 8 | (uint32_t)p[3] << 16 | (uint32_t)p[4] << 24;
        return p + 5;
    }
    int bytes = b == 0xF1 ? 2 : b == 0xF2 ? 3 : b == 0xF3 ? 4 : 8;
    uint64_t u = 0;
    for (int i = 0; i < bytes; i++)
        u |= (uint64_t)p[1 + i] << (8 * i);
    if (bytes < 8 && (u >> (bytes * 8 - 1)) & 1) u |= ~(uint64_t)0 << (bytes * 8); /* sign-extend */
    *ival = (int64_t)u;
    return NULL;
}

const unsigned char *lp_get_str(const unsigned char *p, uint32_t *len, unsigned char *buf) {
    int64_t v;
    const unsigned char *s = lp_get(p, len, &v);
    if (s) return s;
    *len = (uint32_t)ll2str((char *)buf, LP_INTBUF_SIZE, v);
    return buf;
}

int lp_eq(const unsigned char *p, const unsigned char *s, uint32_t len) {
    unsigned char buf[LP_INTBUF_SIZE];
    uint32_t l;
    const unsigned char *v = lp_get_str(p, &l, buf);
    return l == len && memcmp(v, s, len) == 0;
}

unsigned char *lp_first(unsigned char *lp) {
    unsigned char *p = lp + LP_HDR_SIZE;
    return *p == LP_EOF ? NULL : p;
}

unsigned char *lp_next(unsigned char *lp, unsigned char *p) {
    (void)lp;
    p += entry_size(p);
    return *p == LP_EOF ? NULL : p;
}

unsigned char *lp_prev(unsigned char *lp, unsigned char *p) {
    if (p == lp + LP_HDR_SIZE) return NULL;
    uint64_t e = backlen_get(p - 1);
    return p - 1 - (backlen_size(e) - 1) - e;
}

unsigned char *lp_last(unsigned char *lp) {
    unsigned char *end = lp + get_total(lp) - 1;
    return lp_prev(lp, end);
}

unsigned long lp_length(const unsigned char *lp) {
    unsigned c = get_count(lp);
    if (c != LP_COUNT_UNKNOWN) return c;
    unsigned long n = 0;
    for (const unsigned char *p = lp + LP_HDR_SIZE; *p != LP_EOF; p += entry_size(p))
        n++;
    return n;
}

unsigned char *lp_seek(unsigned char *lp, long index) {
    unsigned long n = lp_length(lp);
    if (index < 0) index += (long)n;
    if (index < 0 || (unsigned long)index >= n) return NULL;
    if ((unsigned long)index < n / 2) {
        unsigned char *p = lp_first(lp);
        while (index--)
            p = lp_next(lp, p);
        return p;
    }
    unsigned char *p = lp_last(lp);
    for (unsigned long i = n - 1; i > (unsigned long)index; i--)
        p = lp_prev(lp, p);
    return p;
}

/* ------------------------------------------------------------ changing */

/* Replaces the bytes [p, p+oldlen) with the entry in enc[0, newlen), keeping
 * everything else; returns the (moved) listpack and the entry's new position. */
static unsigned char *splice(unsigned char *lp, size_t off, size_t oldlen, const unsigned char *hdr,
                             uint32_t hdrlen, const unsigned char *data, uint32_t datalen,
                             unsigned char **newp) {
    uint32_t enclen = hdrlen + datalen;
    uint32_t newlen = data || hdrlen ? enclen + backlen_size(enclen) : 0;
    size_t total = get_total(lp);
    size_t ntotal = total - oldlen + newlen;
    if (ntotal > UINT32_MAX) return NULL;
    if (newlen > oldlen) lp = xrealloc(lp, ntotal);
    memmove(lp + off + newlen, lp + off + oldlen, total - off - oldlen);
    if (newlen) {
        memcpy(lp + off, hdr, hdrlen);
        if (datalen) memcpy(lp + off + hdrlen, data, datalen);
        backlen_put(lp + off + enclen, enclen);
    }
    if (newlen < oldlen) lp = xrealloc(lp, ntotal);
    set_total(lp, (uint32_t)ntotal);
    if (newp) *newp = lp + off;
    return lp;
}

static unsigned char *insert_encoded(unsigned char *lp, const unsigned char *hdr, uint32_t hdrlen,
                                     const unsigned char *data, uint32_t datalen, unsigned char *p,
                                     int where, unsigned char **newp) {
    size_t off, oldlen = 0;
    if (!p) p = lp + get_total(lp) - 1, where = LP_BEFORE; /* append */
    if (where == LP_AFTER) {
        p += *p == LP_EOF ? 0 : entry_size(p);
        where = LP_BEFORE;
    }
    off = (size_t)(p - lp);
    if (where == LP_REPLACE) oldlen = entry_size(p);
    unsigned long count = lp_length(lp);
    lp = splice(lp, off, oldlen, hdr, hdrlen, data, datalen, newp);
    if (where != LP_REPLACE) set_count(lp, count + 1);
    return lp;
}

unsigned char *lp_insert(unsigned char *lp, const unsigned char *s, uint32_t len, unsigned char *p,
                         int where, unsigned char **newp) {
    long long v;
    unsigned char hdr[9];
    if (len <= 20 && str2ll((const char *)s, len, &v)) {
        uint32_t n = encode_int(hdr, v);
        return insert_encoded(lp, hdr, n, NULL, 0, p, where, newp);
    }
    uint32_t n = str_header(hdr, len);
    return insert_encoded(lp, hdr, n, s, len, p, where, newp);
}

unsigned char *lp_insert_int(unsigned char *lp, int64_t v, unsigned char *p, int where,
                             unsigned char **newp) {
    unsigned char hdr[9];
    uint32_t n = encode_int(hdr, v);
    return insert_encoded(lp, hdr, n, NULL, 0, p, where, newp);
}

unsigned char *lp_append(unsigned char *lp, const unsigned char *s, uint32_t len) {
    return lp_insert(lp, s, len, NULL, LP_BEFORE, NULL);
}

unsigned char *lp_append_int(unsigned char *lp, int64_t v) {
    return lp_insert_int(lp, v, NULL, LP_BEFORE, NULL);
}

unsigned char *lp_prepend(unsigned char *lp, const unsigned char *s, uint32_t len) {
    return lp_insert(lp, s, len, lp + LP_HDR_SIZE, LP_BEFORE, NULL);
}

unsigned char *lp_delete(unsigned char *lp, unsigned char *p, unsigned char **next) {
    size_t off = (size_t)(p - lp);
    unsigned long count = lp_length(lp);
    lp = splice(lp, off, entry_size(p), NULL, 0, NULL, 0, NULL);
    set_count(lp, count - 1);
    if (next) *next = lp[off] == LP_EOF ? NULL : lp + off;
    return lp;
}

unsigned char *lp_delete_range(unsigned char *lp, long index, unsigned long count) {
    unsigned char *p = lp_seek(lp, index);
    if (!p || count == 0) return lp;
    unsigned char *q = p;
    unsigned long n = 0;
    while (n < count && *q != LP_EOF)
        q += entry_size(q), n++;
    size_t off = (size_t)(p - lp), len = (size_t)(q - p);
    unsigned long total = lp_length(lp);
    size_t bytes = get_total(lp);
    memmove(lp + off, lp + off + len, bytes - off - len);
    lp = xrealloc(lp, bytes - len);
    set_total(lp, (uint32_t)(bytes - len));
    set_count(lp, total - n);
    return lp;
}

unsigned char *lp_find(unsigned char *lp, unsigned char *p, const unsigned char *s, uint32_t len,
                       unsigned skip) {
    long long sv;
    int s_is_int = len <= 20 && str2ll((const char *)s, len, &sv);
    unsigned skipcnt = 0;
    while (p && *p != LP_EOF) {
        if (skipcnt == 0) {
            uint32_t l;
            int64_t v;
            const unsigned char *d = lp_get(p, &l, &v);
            if (d) {
                if (l == len && memcmp(d, s, len) == 0) return p;
            } else if (s_is_int && v == sv) {
                return p;
            }
            skipcnt = skip;
        } else {
            skipcnt--;
        }
        p += entry_size(p);
    }
    return NULL;
}

/* ------------------------------------------------------------ in-place building blocks */

uint32_t lp_entry_size(const unsigned char *p) {
    return entry_size(p);
}

uint32_t lp_encode(unsigned char *buf, const unsigned char *s, uint32_t len) {
    long long v;
    uint32_t n;
    if (len <= 20 && str2ll((const char *)s, len, &v)) {
        n = encode_int(buf, v);
    } else {
        n = str_header(buf, len);
        memcpy(buf + n, s, len);
        n += len;
    }
    backlen_put(buf + n, n);
    return n + backlen_size(n);
}

void lp_set_header(unsigned char *lp, size_t bytes, unsigned long count) {
    set_total(lp, (uint32_t)bytes);
    set_count(lp, count);
}

/* ------------------------------------------------------------ validation */

int lp_validate(const unsigned char *lp, size_t size, int deep) {
    if (size < LP_HDR_SIZE + 1) return 0;
    if (get_total(lp) != size) return 0;
    if (lp[size - 1] != LP_EOF) return 0;
    if (!deep) return 1;
    const unsigned char *p = lp + LP_HDR_SIZE, *end = lp + size - 1;
    unsigned long n = 0;
    while (p < end) {
        unsigned char b = p[0];
        /* the encoding header itself must fit */
        size_t need = 1;
        if ((b & 0xE0) == 0xC0 || (b & 0xF0) == 0xE0)
            need = 2;
        else if (b == 0xF0)
            need = 5;
        if (b == LP_EOF || (b >= 0xF5 && b != LP_EOF)) return 0;
        if ((size_t)(end - p) < need) return 0;
        uint64_t e = enc_size(p);
        if (e > (size_t)(end - p)) return 0;
        uint32_t bl = backlen_size(e);
        if (e + bl > (size_t)(end - p)) return 0;
        if (backlen_get(p + e + bl - 1) != e) return 0;
        p += e + bl;
        n++;
    }
    if (p != end) return 0;
    unsigned c = get_count(lp);
    if (c != LP_COUNT_UNKNOWN && c != n) return 0;
    return 1;
}
