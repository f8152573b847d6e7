/* rdb_io: RDB primitives over a buffered writer and reader (see rdb_io.h for
 * the encodings). Writers report the first failure through w->err and keep
 * failing; readers fail on any short read, so callers check each call. */
#include "rdb_io.h"
#include "crc64.h"
#include "mem.h"
#include "util.h"
#include <errno.h>
#include <lzf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define WBUF_FLUSH (64 * 1024) /* fd writers write in chunks of about this size */
#define RBUF_SIZE  (64 * 1024)

/* ---------------------------------------------------------------- writer */

void rdbw_init_mem(struct rdb_w *w) {
    memset(w, 0, sizeof(*w));
    w->fd = -1;
}

void rdbw_init_fd(struct rdb_w *w, int fd) {
    rdbw_init_mem(w);
    w->fd = fd;
}

static int write_all(struct rdb_w *w, const unsigned char *p, size_t n) {
    while (n) {
        ssize_t k = write(w->fd, p, n);
        if (k < 0) {
            if (errno == EINTR) continue;
            w->err = errno;
            return -1;
        }
        p += k;
        n -= (size_t)k;
        w->since_fsync += (size_t)k;
    }
    if (w->fsync_every && w->since_fsync >= w->fsync_every) {
        fdatasync(w->fd);
        w->since_fsync = 0;
    }
    return 0;
}

int rdbw_flush(struct rdb_w *w) {
    if (w->err) return -1;
    if (w->fd < 0 || w->len == 0) return 0;
    int rc = write_all(w, w->buf, w->len);
    w->len = 0;
    return rc;
}

int rdbw_write(struct rdb_w *w, const void *p, size_t n) {
    if (w->err) return -1;
    if (w->checksum) w->crc = crc64(w->crc, p, n);
    w->total += (long long)n;
    if (w->fd >= 0 && n >= WBUF_FLUSH) { /* big pieces go straight to the file */
        if (rdbw_flush(w) < 0) return -1;
        return write_all(w, p, n);
    }
    if (w->len + n > w->cap) {
        size_t cap = w->cap ? w->cap : 256;
        while (cap < w->len + n)
            cap *= 2;
        w->buf = xrealloc(w->buf, cap);
        w->cap = cap;
    }
    memcpy(w->buf + w->len, p, n);
    w->len += n;
    if (w->fd >= 0 && w->len >= WBUF_FLUSH) return rdbw_flush(w);
    return 0;
}

unsigned char *rdbw_take(struct rdb_w *w, size_t *len) {
    unsigned char *b = w->buf;
    *len = w->len;
    w->buf = NULL;
    w->len = w->cap = 0;
    return b;
}

void rdbw_free(struct rdb_w *w) {
    xfree(w->buf);
    w->buf = NULL;
    w->len = w->cap = 0;
}

int rdb_save_byte(struct rdb_w *w, int byte) {
    unsigned char b = (unsigned char)byte;
    return rdbw_write(w, &b, 1);
}

int rdb_save_len(struct rdb_w *w, uint64_t len) {
    unsigned char b[9];
    size_t n;
    if (len < (1 << 6)) {
        b[0] = (unsigned char)len;
        n = 1;
    } else if (len < (1 << 14)) {
        b[0] = (unsigned char)(0x40 | (len >> 8));
        b[1] = (unsigned char)(len & 0xff);
        n = 2;
    } else if (len <= UINT32_MAX) {
        b[0] = 0x80;
        for (int i = 0; i < 4; i++)
            b[1 + i] = (unsigned char)(len >> (24 - 8 * i));
        n = 5;
    } else {
        b[0] = 0x81;
        for (int i = 0; i < 8; i++)
            b[1 + i] = (unsigned char)(len >> (56 - 8 * i));
        n = 9;
    }
    return rdbw_write(w, b, n);
}

/* The int8/16/32 special encodings; 0 if v needs more than 32 bits. */
static size_t encode_int(long long v, unsigned char *b) {
    if (v >= INT8_MIN && v <= INT8_MAX) {
        b[0] = 0xC0;
        b[1] = (unsigned char)(v & 0xff);
        return 2;
    }
    if (v >= INT16_MIN && v <= INT16_MAX) {
        b[0] = 0xC1;
        b[1] = (unsigned char)(v & 0xff);
        b[2] = (unsigned char)((v >> 8) & 0xff);
        return 3;
    }
    if (v >= INT32_MIN && v <= INT32_MAX) {
        b[0] = 0xC2;
        for (int i = 0; i < 4; i++)
            b[1 + i] = (unsigned char)((v >> (8 * i)) & 0xff);
        return 5;
    }
    return 0;
}

int rdb_save_ll(struct rdb_w *w, long long v) {
    unsigned char b[5];
    size_t n = encode_int(v, b);
    if (n) return rdbw_write(w, b, n);
    char digits[32];
    int len = ll2str(digits, sizeof(digits), v);
    if (rdb_save_len(w, (uint64_t)len) < 0) return -1;
    return rdbw_write(w, digits, (size_t)len);
}

static int save_lzf(struct rdb_w *w, const void *s, size_t len) {
    if (len <= 4) return 0;
    unsigned char *out = xmalloc(len);
    unsigned int clen = lzf_compress(s, (unsigned int)len, out, (unsigned int)(len - 4));
    int rc = 0;
    if (clen > 0) {
        rc = (rdb_save_byte(w, 0xC3) == 0 && rdb_save_len(w, clen) == 0 &&
              rdb_save_len(w, len) == 0 && rdbw_write(w, out, clen) == 0)
                 ? 1
                 : -1;
    }
    xfree(out);
    return rc;
}

int rdb_save_string(struct rdb_w *w, const void *s, size_t len) {
    if (len > 0 && len <= 11) {
        long long v;
        char back[32];
        if (str2ll(s, len, &v) && (size_t)ll2str(back, sizeof(back), v) == len &&
            memcmp(back, s, len) == 0) {
            unsigned char b[5];
            size_t n = encode_int(v, b);
            if (n) return rdbw_write(w, b, n);
        }
    }
    if (w->compress && len > 20 && len <= UINT32_MAX) {
        int rc = save_lzf(w, s, len);
        if (rc != 0) return rc < 0 ? -1 : 0;
    }
    if (rdb_save_len(w, len) < 0) return -1;
    return len ? rdbw_write(w, s, len) : 0;
}

int rdb_save_u64_le(struct rdb_w *w, uint64_t v) {
    unsigned char b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (unsigned char)(v >> (8 * i));
    return rdbw_write(w, b, 8);
}

int rdb_save_double_bin(struct rdb_w *w, double d) {
    uint64_t u;
    memcpy(&u, &d, 8);
    return rdb_save_u64_le(w, u);
}

int rdb_save_ms(struct rdb_w *w, long long ms) {
    return rdb_save_u64_le(w, (uint64_t)ms);
}

int rdb_payload_seal(struct rdb_w *w) {
    unsigned char ver[2] = {RDB_VERSION & 0xff, (RDB_VERSION >> 8) & 0xff};
    if (rdbw_write(w, ver, 2) < 0) return -1;
    uint64_t crc = crc64(0, w->buf, w->len);
    return rdb_save_u64_le(w, crc);
}

long rdb_payload_check(const unsigned char *p, size_t len, int skip_crc) {
    if (len < 10) return -1;
    const unsigned char *footer = p + len - 10;
    unsigned ver = footer[0] | (footer[1] << 8);
    if (ver > RDB_VERSION) return -1;
    if (!skip_crc) {
        uint64_t crc = crc64(0, p, len - 8), got = 0;
        for (int i = 0; i < 8; i++)
            got |= (uint64_t)footer[2 + i] << (8 * i);
        if (crc != got) return -1;
    }
    return (long)(len - 10);
}

/* ---------------------------------------------------------------- reader */

void rdbr_init_mem(struct rdb_r *r, const void *p, size_t len) {
    memset(r, 0, sizeof(*r));
    r->mem = p;
    r->memlen = len;
    r->fd = -1;
    r->remaining = (long long)len;
}

void rdbr_init_fd(struct rdb_r *r, int fd) {
    memset(r, 0, sizeof(*r));
    r->fd = fd;
    r->remaining = -1;
    struct stat st;
    off_t pos = lseek(fd, 0, SEEK_CUR);
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && pos >= 0)
        r->remaining = (long long)st.st_size - (long long)pos;
    r->buf = xmalloc(RBUF_SIZE);
}

void rdbr_free(struct rdb_r *r) {
    xfree(r->buf);
    r->buf = NULL;
}

static int fill(struct rdb_r *r) {
    for (;;) {
        ssize_t k = read(r->fd, r->buf, RBUF_SIZE);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) return -1;
        r->blen = (size_t)k;
        r->bpos = 0;
        return 0;
    }
}

int rdbr_read(struct rdb_r *r, void *p, size_t n) {
    if (r->remaining >= 0 && (unsigned long long)r->remaining < n) return -1;
    unsigned char *dst = p;
    if (r->mem) {
        memcpy(dst, r->mem + (r->memlen - (size_t)r->remaining), n);
    } else {
        size_t got = 0;
        while (got < n) {
            if (r->bpos == r->blen && fill(r) < 0) return -1;
            size_t k = r->blen - r->bpos;
            if (k > n - got) k = n - got;
            memcpy(dst + got, r->buf + r->bpos, k);
            r->bpos += k;
            got += k;
        }
    }
    if (r->remaining >= 0) r->remaining -= (long long)n;
    if (r->checksum) r->crc = crc64(r->crc, dst, n);
    r->total += (long long)n;
    return 0;
}

int rdb_load_byte(struct rdb_r *r) {
    unsigned char b;
    return rdbr_read(r, &b, 1) < 0 ? -1 : b;
}

int rdb_load_len(struct rdb_r *r, uint64_t *len, int *enc) {
    unsigned char b[8];
    if (enc) *enc = 0;
    if (rdbr_read(r, b, 1) < 0) return -1;
    int kind = (b[0] & 0xC0) >> 6;
    if (kind == 3) {
        if (!enc) return -1;
        *enc = 1;
        *len = b[0] & 0x3F;
        return 0;
    }
    if (kind == 0) {
        *len = b[0] & 0x3F;
    } else if (kind == 1) {
        unsigned char lo;
        if (rdbr_read(r, &lo, 1) < 0) return -1;
        *len = ((uint64_t)(b[0] & 0x3F) << 8) | lo;
    } else if (b[0] == 0x80 || b[0] == 0x81) {
        int n = b[0] == 0x80 ? 4 : 8;
        if (rdbr_read(r, b, (size_t)n) < 0) return -1;
        uint64_t v = 0;
        for (int i = 0; i < n; i++)
            v = (v << 8) | b[i];
        *len = v;
    } else {
        return -1;
    }
    return 0;
}

/* The value of an int8/16/32 encoding (enc 0..2). */
static int load_int_enc(struct rdb_r *r, uint64_t enc, long long *v) {
    unsigned char b[4];
    size_t n = enc == 0 ? 1 : enc == 1 ? 2 : 4;
    if (rdbr_read(r, b, n) < 0) return -1;
    if (n == 1) {
        *v = (int8_t)b[0];
    } else if (n == 2) {
        *v = (int16_t)(uint16_t)(b[0] | (b[1] << 8));
    } else {
        *v = (int32_t)((uint32_t)b[0] | ((uint32_t)b[1] << 8) | ((uint32_t)b[2] << 16) |
                       ((uint32_t)b[3] << 24));
    }
    return 0;
}

unsigned char *rdb_load_string(struct rdb_r *r, size_t *len) {
    uint64_t n;
    int enc;
    if (rdb_load_len(r, &n, &enc) < 0) return NULL;
    if (enc) {
        if (n <= 2) {
            long long v;
            if (load_int_enc(r, n, &v) < 0) return NULL;
            char digits[32];
            int dl = ll2str(digits, sizeof(digits), v);
            unsigned char *s = xmalloc((size_t)dl + 1);
            memcpy(s, digits, (size_t)dl + 1);
            *len = (size_t)dl;
            return s;
        }
        if (n != 3) return NULL;
        uint64_t clen, ulen;
        if (rdb_load_len(r, &clen, NULL) < 0 || rdb_load_len(r, &ulen, NULL) < 0) return NULL;
        if (clen == 0 || clen > UINT32_MAX || ulen > UINT32_MAX) return NULL;
        if (r->remaining >= 0 && clen > (uint64_t)r->remaining) return NULL;
        /* An LZF stream cannot expand more than ~90 times (a 3-byte back
         * reference covers at most 264 bytes): reject claims beyond that
         * before allocating. */
        if (ulen > clen * 100 + 64) return NULL;
        unsigned char *c = xmalloc(clen);
        unsigned char *s = xmalloc(ulen + 1);
        if (rdbr_read(r, c, clen) < 0 ||
            lzf_decompress(c, (unsigned int)clen, s, (unsigned int)ulen) != ulen || ulen == 0) {
            xfree(c);
            xfree(s);
            return NULL;
        }
        xfree(c);
        s[ulen] = '\0';
        *len = ulen;
        return s;
    }
    if (r->remaining >= 0 ? n > (uint64_t)r->remaining : n > ((uint64_t)1 << 40)) return NULL;
    unsigned char *s = xmalloc(n + 1);
    if (rdbr_read(r, s, n) < 0) {
        xfree(s);
        return NULL;
    }
    s[n] = '\0';
    *len = n;
    return s;
}

int rdb_load_ll(struct rdb_r *r, long long *v) {
    size_t len;
    unsigned char *s = rdb_load_string(r, &len);
    if (!s) return -1;
    int ok = str2ll((char *)s, len, v);
    xfree(s);
    return ok ? 0 : -1;
}

int rdb_load_u64_le(struct rdb_r *r, uint64_t *v) {
    unsigned char b[8];
    if (rdbr_read(r, b, 8) < 0) return -1;
    uint64_t x = 0;
    for (int i = 7; i >= 0; i--)
        x = (x << 8) | b[i];
    *v = x;
    return 0;
}

int rdb_load_double_bin(struct rdb_r *r, double *d) {
    uint64_t u;
    if (rdb_load_u64_le(r, &u) < 0) return -1;
    memcpy(d, &u, 8);
    return 0;
}

int rdb_load_double_str(struct rdb_r *r, double *d) {
    unsigned char n;
    char buf[256];
    if (rdbr_read(r, &n, 1) < 0) return -1;
    switch (n) {
    case 253: *d = NAN; return 0;
    case 254: *d = INFINITY; return 0;
    case 255: *d = -INFINITY; return 0;
    }
    if (rdbr_read(r, buf, n) < 0) return -1;
    buf[n] = '\0';
    char *end;
    *d = strtod(buf, &end);
    return (n > 0 && *end == '\0') ? 0 : -1;
}

int rdb_load_ms(struct rdb_r *r, long long *ms) {
    uint64_t u;
    if (rdb_load_u64_le(r, &u) < 0) return -1;
    *ms = (long long)u;
    return 0;
}

int rdb_load_seconds(struct rdb_r *r, int32_t *s) {
    unsigned char b[4];
    if (rdbr_read(r, b, 4) < 0) return -1;
    *s = (int32_t)((uint32_t)b[0] | ((uint32_t)b[1] << 8) | ((uint32_t)b[2] << 16) |
                   ((uint32_t)b[3] << 24));
    return 0;
}
