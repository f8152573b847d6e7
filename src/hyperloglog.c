/* hyperloglog: PFADD, PFCOUNT, PFMERGE, PFDEBUG, PFSELFTEST.
 *
 * A HyperLogLog is an ordinary string value laid out byte for byte the way
 * Redis 7.0 lays it out, so values can be copied between the two servers with
 * GET/SET (or DUMP/RESTORE later) and PFCOUNT gives the same answer:
 *
 *   offset 0   "HYLL"
 *   offset 4   encoding: 0 dense, 1 sparse
 *   offset 5   3 bytes, unused (kept as found)
 *   offset 8   cached cardinality, 64-bit little endian; the top bit of byte 15
 *              set means "stale, recompute" (the other bits are left as they
 *              were, as Redis does)
 *   offset 16  registers
 *
 * There are 16384 registers (the low 14 bits of a 64-bit MurmurHash64A of the
 * element, seed 0xadc83b19, select one); a register holds the longest run of
 * zero bits + 1 seen in the other 50 hash bits (1..51).
 *
 * Dense: 16384 registers of 6 bits packed little-endian-first: register i
 * starts at bit 6*i counting from the least significant bit of byte 0
 * (12288 bytes, total 12304).
 *
 * Sparse: a run-length sequence of opcodes covering exactly 16384 registers:
 *   00llllll            ZERO:  l+1 (1..64) registers at 0
 *   01llllll llllllll   XZERO: l+1 (1..16384) registers at 0
 *   1vvvvvll            VAL:   l+1 (1..4) registers at value v+1 (1..32)
 * A new key holds XZERO opcodes only. A register update splits the opcode
 * that covers it and then merges equal neighbouring VAL opcodes in a window of
 * a few opcodes; the value is converted to dense when a register needs a
 * value above 32 or the string would grow past hll-sparse-max-bytes. Mnemo
 * performs exactly the same edits, so both servers produce identical bytes.
 *
 * The cardinality estimate is Otmar Ertl's improved raw estimator
 * ("New cardinality estimation algorithms for HyperLogLog sketches",
 * arXiv:1702.01284) on the histogram of register values, computed with the
 * same floating point operations in the same order as Redis.
 *
 * Values come from users (SET, SETRANGE, RESTORE): every reader checks the
 * header (WRONGTYPE "not a valid HyperLogLog" otherwise) and treats the
 * opcodes as untrusted: totals are counted in 64 bits and every access stays
 * inside the string (an XZERO cut short by the end of the string reads its
 * second byte as 0, the NUL terminator Redis would read); a sparse sequence
 * that does not cover exactly 16384 registers is reported as INVALIDOBJ. */
#include "client.h"
#include "commands.h"
#include "config.h"
#include "db.h"
#include "mem.h"
#include "reply.h"
#include "server.h"
#include "t_string.h"
#include "util.h"
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HLL_P           14
#define HLL_Q           (64 - HLL_P)
#define HLL_REGS        (1 << HLL_P)
#define HLL_REG_MASK    (HLL_REGS - 1)
#define HLL_REG_MAX     63
#define HLL_HDR         16
#define HLL_DENSE_BYTES ((HLL_REGS * 6 + 7) / 8)
#define HLL_DENSE_SIZE  (HLL_HDR + HLL_DENSE_BYTES)
#define HLL_ENC_DENSE   0
#define HLL_ENC_SPARSE  1
#define HLL_SEED        0xadc83b19ULL

#define SP_VAL_MAX       32
#define SP_VAL_RUN_MAX   4
#define SP_ZERO_RUN_MAX  64
#define SP_XZERO_RUN_MAX 16384
/* A fresh sparse value: the header and one XZERO per 16384 registers. */
#define HLL_EMPTY_SPARSE_SIZE (HLL_HDR + 2 * ((HLL_REGS + SP_XZERO_RUN_MAX - 1) / SP_XZERO_RUN_MAX))

static const char err_notvalid[] = "-WRONGTYPE Key is not a valid HyperLogLog string value.";
static const char err_corrupt[] = "-INVALIDOBJ Corrupted HLL object detected";

/* ------------------------------------------------------------------ hash */

/* MurmurHash64A (Austin Appleby), reading the input as little-endian 64-bit
 * words whatever the host byte order. */
static uint64_t murmur64a(const unsigned char *data, size_t len, uint64_t seed) {
    const uint64_t mul = 0xc6a4a7935bd1e995ULL;
    uint64_t h = seed ^ ((uint64_t)len * mul);
    size_t words = len / 8;
    for (size_t w = 0; w < words; w++, data += 8) {
        uint64_t k = 0;
        for (int b = 7; b >= 0; b--)
            k = (k << 8) | data[b];
        k *= mul;
        k ^= k >> 47;
        k *= mul;
        h ^= k;
        h *= mul;
    }
    size_t rest = len & 7;
    if (rest) {
        uint64_t t = 0;
        for (size_t b = rest; b-- > 0;)
            t = (t << 8) | data[b];
        h ^= t;
        h *= mul;
    }
    h ^= h >> 47;
    h *= mul;
    h ^= h >> 47;
    return h;
}

/* Register index of an element and the value it offers that register. */
static int hll_hash(const unsigned char *ele, size_t len, long *reg) {
    uint64_t h = murmur64a(ele, len, HLL_SEED);
    *reg = (long)(h & HLL_REG_MASK);
    h >>= HLL_P;
    h |= 1ULL << HLL_Q; /* guarantees a set bit: the run is at most Q */
    return __builtin_ctzll(h) + 1;
}

/* ---------------------------------------------------------------- header */

static inline int hdr_encoding(const unsigned char *v) {
    return v[4];
}
static inline int hdr_cache_valid(const unsigned char *v) {
    return (v[15] & 0x80) == 0;
}
static inline void hdr_invalidate(unsigned char *v) {
    v[15] |= 0x80;
}
static uint64_t hdr_card(const unsigned char *v) {
    uint64_t c = 0;
    for (int i = 15; i >= 8; i--)
        c = (c << 8) | v[i];
    return c;
}
static void hdr_set_card(unsigned char *v, uint64_t c) {
    for (int i = 8; i < 16; i++, c >>= 8)
        v[i] = (unsigned char)(c & 0xff);
}

/* ----------------------------------------------------------------- dense */

static inline unsigned dense_get(const unsigned char *r, long i) {
    size_t bit = (size_t)i * 6, byte = bit >> 3;
    unsigned sh = bit & 7;
    unsigned v = r[byte] >> sh;
    if (sh > 2) v |= (unsigned)r[byte + 1] << (8 - sh); /* spills into the next byte */
    return v & HLL_REG_MAX;
}

static inline void dense_put(unsigned char *r, long i, unsigned val) {
    size_t bit = (size_t)i * 6, byte = bit >> 3;
    unsigned sh = bit & 7;
    unsigned w = r[byte] | (sh > 2 ? (unsigned)r[byte + 1] << 8 : 0);
    w = (w & ~((unsigned)HLL_REG_MAX << sh)) | (val << sh);
    r[byte] = (unsigned char)w;
    if (sh > 2) r[byte + 1] = (unsigned char)(w >> 8);
}

/* Raises register i to val; 1 if it changed. */
static int dense_raise(unsigned char *r, long i, unsigned val) {
    if (val <= dense_get(r, i)) return 0;
    dense_put(r, i, val);
    return 1;
}

static void dense_histogram(const unsigned char *r, long long *hist) {
    /* 4 registers = 24 bits = 3 bytes */
    for (long b = 0; b < HLL_DENSE_BYTES; b += 3) {
        uint32_t w = r[b] | (uint32_t)r[b + 1] << 8 | (uint32_t)r[b + 2] << 16;
        hist[w & 63]++;
        hist[(w >> 6) & 63]++;
        hist[(w >> 12) & 63]++;
        hist[(w >> 18) & 63]++;
    }
}

/* ---------------------------------------------------------------- sparse */

#define OP_IS_ZERO(b)   (((b)&0xc0) == 0x00)
#define OP_IS_XZERO(b)  (((b)&0xc0) == 0x40)
#define OP_IS_VAL(b)    (((b)&0x80) != 0)
#define OP_ZERO_RUN(b)  (((b)&0x3f) + 1)
#define OP_VAL_RUN(b)   (((b)&0x3) + 1)
#define OP_VAL_VALUE(b) ((((b) >> 2) & 0x1f) + 1)

/* Run of the XZERO at p; a second byte past end reads as 0. */
static inline long xzero_run(const unsigned char *p, const unsigned char *end) {
    unsigned lo = p + 1 < end ? p[1] : 0;
    return (long)((((unsigned)p[0] & 0x3f) << 8) | lo) + 1;
}
static inline unsigned char op_val(int value, int run) {
    return (unsigned char)(0x80 | ((value - 1) << 2) | (run - 1));
}
/* Writes a ZERO or XZERO for run zero registers; returns the bytes used. */
static int op_zeros(unsigned char *p, long run) {
    if (run <= SP_ZERO_RUN_MAX) {
        p[0] = (unsigned char)(run - 1);
        return 1;
    }
    p[0] = (unsigned char)(0x40 | ((run - 1) >> 8));
    p[1] = (unsigned char)((run - 1) & 0xff);
    return 2;
}

/* Registers of a sparse body max-merged into max[]. -1 if the body does not
 * cover exactly HLL_REGS registers (a VAL run passing the last register stops
 * the walk: nothing is written outside max[]). */
static int sparse_merge(const unsigned char *body, size_t blen, uint8_t *max) {
    const unsigned char *p = body, *end = body + blen;
    long long idx = 0;
    while (p < end) {
        if (OP_IS_ZERO(*p)) {
            idx += OP_ZERO_RUN(*p);
            p++;
        } else if (OP_IS_XZERO(*p)) {
            idx += xzero_run(p, end);
            p += 2;
        } else {
            int run = OP_VAL_RUN(*p), val = OP_VAL_VALUE(*p);
            if (idx + run > HLL_REGS) return -1;
            for (int k = 0; k < run; k++, idx++)
                if (val > max[idx]) max[idx] = (uint8_t)val;
            p++;
        }
    }
    return idx == HLL_REGS ? 0 : -1;
}

/* Histogram of a sparse body; -1 if it does not cover exactly HLL_REGS. Like
 * Redis, the walk does not stop at an overlong VAL run here (the histogram is
 * discarded anyway), so only the total decides. */
static int sparse_histogram(const unsigned char *body, size_t blen, long long *hist) {
    const unsigned char *p = body, *end = body + blen;
    long long idx = 0;
    while (p < end) {
        long run;
        if (OP_IS_ZERO(*p)) {
            run = OP_ZERO_RUN(*p);
            hist[0] += run;
            p++;
        } else if (OP_IS_XZERO(*p)) {
            run = xzero_run(p, end);
            hist[0] += run;
            p += 2;
        } else {
            run = OP_VAL_RUN(*p);
            hist[OP_VAL_VALUE(*p)] += run;
            p++;
        }
        idx += run;
    }
    return idx == HLL_REGS ? 0 : -1;
}

/* ------------------------------------------------------------- estimator */

static double ertl_sigma(double x) {
    if (x == 1.0) return INFINITY;
    double y = 1.0, z = x, prev;
    do {
        x *= x;
        prev = z;
        z += x * y;
        y += y;
    } while (prev != z);
    return z;
}

static double ertl_tau(double x) {
    if (x == 0.0 || x == 1.0) return 0.0;
    double y = 1.0, z = 1.0 - x, prev;
    do {
        x = sqrt(x);
        prev = z;
        y *= 0.5;
        double d = 1.0 - x;
        z -= d * d * y;
    } while (prev != z);
    return z / 3.0;
}

static uint64_t estimate(const long long *hist) {
    const double m = HLL_REGS;
    double z = m * ertl_tau((m - (double)hist[HLL_Q + 1]) / m);
    for (int k = HLL_Q; k >= 1; k--) {
        z += (double)hist[k];
        z *= 0.5;
    }
    z += m * ertl_sigma((double)hist[0] / m);
    const double alpha_inf = 0.72134752044448170368; /* 1 / (2 ln 2) */
    return (uint64_t)llroundl(alpha_inf * m * m / z);
}

/* Cardinality of a checked value; -1 when its sparse body is corrupt. */
static int value_count(const unsigned char *v, size_t len, uint64_t *card) {
    long long hist[64] = {0};
    if (hdr_encoding(v) == HLL_ENC_DENSE)
        dense_histogram(v + HLL_HDR, hist);
    else if (sparse_histogram(v + HLL_HDR, len - HLL_HDR, hist) < 0)
        return -1;
    *card = estimate(hist);
    return 0;
}

static uint64_t raw_count(const uint8_t *regs) {
    long long hist[64] = {0};
    for (long i = 0; i < HLL_REGS; i++)
        hist[regs[i] & 63]++;
    return estimate(hist);
}

/* Registers of a checked value max-merged into max[]; -1 if corrupt. */
static int value_merge(const unsigned char *v, size_t len, uint8_t *max) {
    if (hdr_encoding(v) == HLL_ENC_DENSE) {
        for (long i = 0; i < HLL_REGS; i++) {
            unsigned r = dense_get(v + HLL_HDR, i);
            if (r > max[i]) max[i] = (uint8_t)r;
        }
        return 0;
    }
    return sparse_merge(v + HLL_HDR, len - HLL_HDR, max);
}

/* ------------------------------------------------------ writable values */

/* A RAW string value being edited: o is its entry (NULL for a value outside
 * the keyspace); s may be reallocated, and o then points to the new one. */
struct hval {
    struct kv *o;
    struct rstr *s;
};

static void hval_reserve(struct hval *h, size_t cap) {
    struct rstr *g = rstr_grow(h->s, cap);
    if (g != h->s) {
        h->s = g;
        if (h->o) kv_set_ptr(h->o, g);
    }
}

static void hval_replace(struct hval *h, struct rstr *n) {
    xfree(h->s);
    h->s = n;
    if (h->o) kv_set_ptr(h->o, n);
}

static struct rstr *new_sparse(void) {
    struct rstr *s = rstr_new(NULL, HLL_EMPTY_SPARSE_SIZE, HLL_EMPTY_SPARSE_SIZE);
    unsigned char *v = (unsigned char *)s->buf;
    memcpy(v, "HYLL", 4);
    v[4] = HLL_ENC_SPARSE;
    unsigned char *p = v + HLL_HDR;
    for (long left = HLL_REGS; left > 0;) {
        long run = left < SP_XZERO_RUN_MAX ? left : SP_XZERO_RUN_MAX;
        p[0] = (unsigned char)(0x40 | ((run - 1) >> 8));
        p[1] = (unsigned char)((run - 1) & 0xff);
        p += 2;
        left -= run;
    }
    return s;
}

/* Sparse -> dense; the header (cached cardinality included) is kept. 0 when
 * already dense or converted, -1 if the sparse body is corrupt (the value is
 * then left unchanged). */
static int to_dense(struct hval *h) {
    const unsigned char *v = (const unsigned char *)h->s->buf;
    if (hdr_encoding(v) == HLL_ENC_DENSE) return 0;
    uint8_t *regs = xcalloc(HLL_REGS);
    if (sparse_merge(v + HLL_HDR, h->s->len - HLL_HDR, regs) < 0) {
        xfree(regs);
        return -1;
    }
    struct rstr *d = rstr_new(NULL, HLL_DENSE_SIZE, HLL_DENSE_SIZE);
    unsigned char *dv = (unsigned char *)d->buf;
    memcpy(dv, v, HLL_HDR);
    dv[4] = HLL_ENC_DENSE;
    for (long i = 0; i < HLL_REGS; i++)
        if (regs[i]) dense_put(dv + HLL_HDR, i, regs[i]);
    xfree(regs);
    hval_replace(h, d);
    return 0;
}

/* Raises register idx of a sparse value to val. 1 if it changed, 0 if not,
 * -1 if the value is corrupt. May convert the value to dense. */
static int sparse_raise(struct hval *h, long idx, int val) {
    if (val > SP_VAL_MAX) goto promote;
    /* An edit grows the string by 3 bytes at most (XZERO -> XZERO VAL XZERO);
     * one more for the cut-short XZERO case below. */
    hval_reserve(h, h->s->len + 4);

    unsigned char *v = (unsigned char *)h->s->buf;
    unsigned char *body = v + HLL_HDR, *end = v + h->s->len, *p = body, *prev = NULL;
    long first = 0, span = 0;
    int oplen = 1;
    /* Find the opcode covering idx: it covers [first, first+span). */
    while (p < end) {
        if (OP_IS_ZERO(*p)) {
            span = OP_ZERO_RUN(*p), oplen = 1;
        } else if (OP_IS_VAL(*p)) {
            span = OP_VAL_RUN(*p), oplen = 1;
        } else {
            span = xzero_run(p, end), oplen = 2;
        }
        if (idx < first + span) break;
        prev = p;
        p += oplen;
        first += span;
    }
    if (span == 0 || p >= end) return -1; /* idx past the registers covered */
    unsigned char *next = p + oplen;
    if (next >= end) next = NULL;

    unsigned char op = *p;
    if (OP_IS_VAL(op)) {
        if (OP_VAL_VALUE(op) >= val) return 0;
        if (OP_VAL_RUN(op) == 1) { /* the opcode is this register alone */
            *p = op_val(val, 1);
            goto merge;
        }
    } else if (OP_IS_ZERO(op) && span == 1) {
        *p = op_val(val, 1);
        goto merge;
    }

    /* Split the opcode into [before] VAL(val,1) [after]. */
    unsigned char seq[5];
    int n = 0;
    long last = first + span - 1;
    if (OP_IS_VAL(op)) {
        int cur = OP_VAL_VALUE(op);
        if (idx != first) seq[n++] = op_val(cur, (int)(idx - first));
        seq[n++] = op_val(val, 1);
        if (idx != last) seq[n++] = op_val(cur, (int)(last - idx));
    } else {
        if (idx != first) n += op_zeros(seq + n, idx - first);
        seq[n++] = op_val(val, 1);
        if (idx != last) n += op_zeros(seq + n, last - idx);
    }
    long delta = n - oplen;
    if (delta > 0 && (long long)(h->s->len + (size_t)delta) > cfg.hll_sparse_max_bytes)
        goto promote;
    /* When the opcode is a cut-short XZERO (its second byte would be past the
     * end), the new sequence is written from p and the length still counts
     * the old opcode as 2 bytes, exactly as Redis ends up doing: the reserve
     * above keeps every write inside the buffer. */
    if (delta && next) memmove(next + delta, next, (size_t)(end - next));
    memcpy(p, seq, (size_t)n);
    h->s->len = (size_t)((long)h->s->len + delta);
    end = v + h->s->len;

merge:
    /* Fuse equal neighbouring VAL opcodes, looking at 5 opcodes from the one
     * before the edit (a fuse re-examines the same position). */
    p = prev ? prev : body;
    for (int budget = 5; p < end && budget > 0; budget--) {
        if (OP_IS_XZERO(*p)) {
            p += 2;
            continue;
        }
        if (OP_IS_ZERO(*p)) {
            p++;
            continue;
        }
        if (p + 1 < end && OP_IS_VAL(p[1]) && OP_VAL_VALUE(*p) == OP_VAL_VALUE(p[1])) {
            int run = OP_VAL_RUN(*p) + OP_VAL_RUN(p[1]);
            if (run <= SP_VAL_RUN_MAX) {
                p[1] = op_val(OP_VAL_VALUE(*p), run);
                memmove(p, p + 1, (size_t)(end - p - 1));
                h->s->len--;
                end--;
                continue;
            }
        }
        p++;
    }
    h->s->buf[h->s->len] = '\0';
    hdr_invalidate((unsigned char *)h->s->buf);
    return 1;

promote:
    if (to_dense(h) < 0) return -1;
    return dense_raise((unsigned char *)h->s->buf + HLL_HDR, idx, (unsigned)val);
}

static int hval_raise(struct hval *h, long idx, int val) {
    unsigned char *v = (unsigned char *)h->s->buf;
    if (hdr_encoding(v) == HLL_ENC_DENSE) return dense_raise(v + HLL_HDR, idx, (unsigned)val);
    if (hdr_encoding(v) == HLL_ENC_SPARSE) return sparse_raise(h, idx, val);
    return -1;
}

static int hval_add(struct hval *h, const unsigned char *ele, size_t len) {
    long idx;
    int val = hll_hash(ele, len, &idx);
    return hval_raise(h, idx, val);
}

/* -------------------------------------------------------------- commands */

/* The string value of o if it is a well-formed HLL header; replies and
 * returns NULL otherwise (WRONGTYPE for other types and for strings that are
 * not HLLs: integers, short strings, a bad magic or encoding, a dense value
 * of the wrong size). */
static const unsigned char *hll_check(struct client *c, const struct kv *o, size_t *len,
                                      char *ibuf) {
    if (o->type != T_STRING) {
        reply_error_type(c);
        return NULL;
    }
    const unsigned char *v = NULL;
    if (o->enc != ENC_INT) v = (const unsigned char *)kv_str(o, len, ibuf);
    if (!v || *len < HLL_HDR || memcmp(v, "HYLL", 4) != 0 || v[4] > HLL_ENC_SPARSE ||
        (v[4] == HLL_ENC_DENSE && *len != HLL_DENSE_SIZE)) {
        reply_error(c, err_notvalid);
        return NULL;
    }
    return v;
}

/* The checked value of o made RAW for editing (o may be swapped). */
static struct hval hval_of(struct client *c, struct kv *o) {
    struct hval h;
    h.s = string_raw_grow(c->db, &o, 0);
    h.o = o;
    return h;
}

/* A new empty sparse HLL stored at key. */
static struct hval hval_create(struct client *c, const struct str *key) {
    struct hval h;
    h.s = new_sparse();
    h.o = kv_new_obj(key->ptr, key->len, T_STRING, ENC_RAW, h.s, -1);
    db_add(c->db, h.o);
    return h;
}

static void pfadd_cmd(struct client *c) {
    const struct str *key = &c->argv[1];
    struct kv *o = db_lookup_write(c->db, key->ptr, key->len);
    struct hval h;
    long long updated = 0;
    if (!o) {
        h = hval_create(c, key);
        updated++;
    } else {
        char ibuf[LONG_STR_SIZE];
        size_t len;
        if (!hll_check(c, o, &len, ibuf)) return;
        h = hval_of(c, o);
    }
    for (int j = 2; j < c->argc; j++) {
        int r = hval_add(&h, (const unsigned char *)c->argv[j].ptr, c->argv[j].len);
        if (r < 0) {
            reply_error(c, err_corrupt);
            return;
        }
        updated += r;
    }
    if (updated) {
        db_signal_write(c->db, key->ptr, key->len, NOTIFY_STRING, "pfadd");
        srv.dirty += updated;
        hdr_invalidate((unsigned char *)h.s->buf);
    }
    reply_long(c, updated ? 1 : 0);
}

/* Max-merges the HLLs at argv[from..] into max[]. 0, or -1 after an error
 * reply. *any_dense: one of them was dense. */
static int merge_keys(struct client *c, int from, uint8_t *max, int *any_dense) {
    for (int j = from; j < c->argc; j++) {
        struct kv *o = db_lookup_read(c->db, c->argv[j].ptr, c->argv[j].len);
        if (!o) continue; /* a missing key is an empty HLL */
        char ibuf[LONG_STR_SIZE];
        size_t len;
        const unsigned char *v = hll_check(c, o, &len, ibuf);
        if (!v) return -1;
        if (hdr_encoding(v) == HLL_ENC_DENSE && any_dense) *any_dense = 1;
        if (value_merge(v, len, max) < 0) {
            reply_error(c, err_corrupt);
            return -1;
        }
    }
    return 0;
}

static void pfcount_cmd(struct client *c) {
    if (c->argc > 2) {
        uint8_t *max = xcalloc(HLL_REGS);
        if (merge_keys(c, 1, max, NULL) == 0) reply_long(c, (long long)raw_count(max));
        xfree(max);
        return;
    }
    const struct str *key = &c->argv[1];
    struct kv *o = db_lookup_read(c->db, key->ptr, key->len);
    if (!o) {
        reply_long(c, 0);
        return;
    }
    char ibuf[LONG_STR_SIZE];
    size_t len;
    if (!hll_check(c, o, &len, ibuf)) return;
    struct hval h = hval_of(c, o);
    unsigned char *v = (unsigned char *)h.s->buf;
    uint64_t card;
    if (hdr_cache_valid(v)) {
        card = hdr_card(v);
    } else {
        if (value_count(v, h.s->len, &card) < 0) {
            reply_error(c, err_corrupt);
            return;
        }
        /* Caching changes the value: a write for WATCH and propagation. */
        hdr_set_card(v, card);
        db_key_modified(c->db, key->ptr, key->len);
        srv.dirty++;
    }
    reply_long(c, (long long)card);
}

static void pfmerge_cmd(struct client *c) {
    uint8_t *max = xcalloc(HLL_REGS);
    int any_dense = 0;
    if (merge_keys(c, 1, max, &any_dense) < 0) {
        xfree(max);
        return;
    }
    /* The destination is one of the merged keys, so it is a checked HLL. */
    const struct str *key = &c->argv[1];
    struct kv *o = db_lookup_write(c->db, key->ptr, key->len);
    struct hval h = o ? hval_of(c, o) : hval_create(c, key);
    if (any_dense && to_dense(&h) < 0) {
        xfree(max);
        reply_error(c, err_corrupt);
        return;
    }
    for (long i = 0; i < HLL_REGS; i++)
        if (max[i]) hval_raise(&h, i, max[i]);
    xfree(max);
    hdr_invalidate((unsigned char *)h.s->buf);
    db_signal_write(c->db, key->ptr, key->len, NOTIFY_STRING, "pfadd");
    srv.dirty++;
    reply_ok(c);
}

static void pfdebug_cmd(struct client *c) {
    const struct str *sub = &c->argv[1], *key = &c->argv[2];
    struct kv *o = db_lookup_write(c->db, key->ptr, key->len);
    if (!o) {
        reply_error(c, "The specified key does not exist");
        return;
    }
    char ibuf[LONG_STR_SIZE];
    size_t len;
    if (!hll_check(c, o, &len, ibuf)) return;
    struct hval h = hval_of(c, o);
    int enc = hdr_encoding((unsigned char *)h.s->buf);

    if (str_eq_nocase(sub->ptr, sub->len, "getreg")) {
        if (enc == HLL_ENC_SPARSE) {
            if (to_dense(&h) < 0) {
                reply_error(c, err_corrupt);
                return;
            }
            srv.dirty++;
        }
        const unsigned char *regs = (const unsigned char *)h.s->buf + HLL_HDR;
        reply_array_len(c, HLL_REGS);
        for (long i = 0; i < HLL_REGS; i++)
            reply_long(c, dense_get(regs, i));
    } else if (str_eq_nocase(sub->ptr, sub->len, "decode")) {
        if (enc != HLL_ENC_SPARSE) {
            reply_error(c, "HLL encoding is not sparse");
            return;
        }
        const unsigned char *p = (const unsigned char *)h.s->buf + HLL_HDR;
        const unsigned char *end = (const unsigned char *)h.s->buf + h.s->len;
        size_t cap = 64, n = 0;
        char *out = xmalloc(cap);
        while (p < end) {
            char tok[32];
            int tl;
            if (OP_IS_ZERO(*p)) {
                tl = snprintf(tok, sizeof(tok), "z:%d ", OP_ZERO_RUN(*p));
                p++;
            } else if (OP_IS_XZERO(*p)) {
                tl = snprintf(tok, sizeof(tok), "Z:%ld ", xzero_run(p, end));
                p += 2;
            } else {
                tl = snprintf(tok, sizeof(tok), "v:%d,%d ", OP_VAL_VALUE(*p), OP_VAL_RUN(*p));
                p++;
            }
            if (n + (size_t)tl > cap) {
                cap = cap * 2 + (size_t)tl;
                out = xrealloc(out, cap);
            }
            memcpy(out + n, tok, (size_t)tl);
            n += (size_t)tl;
        }
        if (n && out[n - 1] == ' ') n--;
        reply_bulk(c, out, n);
        xfree(out);
    } else if (str_eq_nocase(sub->ptr, sub->len, "encoding")) {
        reply_status(c, enc == HLL_ENC_DENSE ? "dense" : "sparse");
    } else if (str_eq_nocase(sub->ptr, sub->len, "todense")) {
        int converted = 0;
        if (enc == HLL_ENC_SPARSE) {
            if (to_dense(&h) < 0) {
                reply_error(c, err_corrupt);
                return;
            }
            converted = 1;
            srv.dirty++;
        }
        reply_long(c, converted);
    } else {
        reply_error_fmt(c, "Unknown PFDEBUG subcommand '%s'", sub->ptr);
    }
}

/* xorshift64*: PFSELFTEST's own random numbers. */
static uint64_t selftest_rand(uint64_t *s) {
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 0x2545f4914f6cdd1dULL;
}

/* PFSELFTEST: register packing round trips, then dense and sparse HLLs fed
 * the same 10 million elements must agree and stay within 6 standard errors
 * at every power of ten. */
static void pfselftest_cmd(struct client *c) {
    uint64_t rs = (uint64_t)srv.now_ms * 0x9e3779b97f4a7c15ULL | 1;
    unsigned char *regs = xcalloc(HLL_DENSE_BYTES + 1);
    uint8_t *expect = xmalloc(HLL_REGS);
    struct hval sp = {NULL, NULL};
    char err[128] = "";

    for (int round = 0; round < 1000 && !err[0]; round++) {
        for (long i = 0; i < HLL_REGS; i++) {
            expect[i] = (uint8_t)(selftest_rand(&rs) & HLL_REG_MAX);
            dense_put(regs, i, expect[i]);
        }
        for (long i = 0; i < HLL_REGS; i++) {
            unsigned got = dense_get(regs, i);
            if (got != expect[i]) {
                snprintf(err, sizeof(err), "-TESTFAILED Register %ld should be %d but is %u", i,
                         expect[i], got);
                break;
            }
        }
    }

    if (!err[0]) {
        memset(regs, 0, HLL_DENSE_BYTES);
        sp.s = new_sparse();
        const double relerr = 1.04 / sqrt(HLL_REGS);
        uint64_t seed = selftest_rand(&rs), checkpoint = 1;
        for (uint64_t j = 1; j <= 10000000; j++) {
            unsigned char ele[8];
            uint64_t x = j ^ seed;
            for (int b = 0; b < 8; b++)
                ele[b] = (unsigned char)(x >> (8 * b));
            long idx;
            int val = hll_hash(ele, 8, &idx);
            dense_raise(regs, idx, (unsigned)val);
            hval_raise(&sp, idx, val);
            if (j != checkpoint) continue;

            if ((long long)j < cfg.hll_sparse_max_bytes / 2 &&
                hdr_encoding((unsigned char *)sp.s->buf) != HLL_ENC_SPARSE) {
                snprintf(err, sizeof(err), "-TESTFAILED sparse encoding not used");
                break;
            }
            long long hist[64] = {0};
            dense_histogram(regs, hist);
            uint64_t dcard = estimate(hist), scard = 0;
            if (value_count((unsigned char *)sp.s->buf, sp.s->len, &scard) < 0 || scard != dcard) {
                snprintf(err, sizeof(err), "-TESTFAILED dense/sparse disagree");
                break;
            }
            long long abserr = llabs((long long)checkpoint - (long long)dcard);
            long long maxerr = (long long)ceil(relerr * 6 * (double)checkpoint);
            if (j == 10) maxerr = 1;
            if (abserr > maxerr) {
                snprintf(err, sizeof(err), "-TESTFAILED Too big error. card:%llu abserr:%lld",
                         (unsigned long long)checkpoint, abserr);
                break;
            }
            checkpoint *= 10;
        }
    }
    if (err[0])
        reply_error(c, err);
    else
        reply_ok(c);
    xfree(regs);
    xfree(expect);
    xfree(sp.s);
}

struct command hll_commands[] = {
    {.name = "pfadd",
     .proc = pfadd_cmd,
     .arity = -2,
     .flags = CMD_WRITE | CMD_DENYOOM | CMD_FAST,
     .acl = ACL_WRITE | ACL_HYPERLOGLOG | ACL_FAST,
     CMD_ONE_KEY,
     .group = "hyperloglog",
     .since = "2.8.9",
     .complexity = "O(1) to add every element.",
     .summary = "Adds the specified elements to the specified HyperLogLog.",
     .syntax = "key [element [element ...]]",
     .keyspecs = "RW insert index 1 range 0 1 0"},
    {.name = "pfcount",
     .proc = pfcount_cmd,
     .arity = -2,
     .flags = CMD_READONLY | CMD_MAY_REPLICATE,
     .acl = ACL_READ | ACL_HYPERLOGLOG | ACL_SLOW,
     .first_key = 1,
     .last_key = -1,
     .key_step = 1,
     .group = "hyperloglog",
     .since = "2.8.9",
     .complexity = "O(1) with a very small average constant time when called with a single key. "
                   "O(N) with N being the number of keys, and much bigger constant times, when "
                   "called with multiple keys.",
     .summary = "Return the approximated cardinality of the set(s) observed by the HyperLogLog at "
                "key(s).",
     .syntax = "key [key ...]",
     .keyspecs = "RW access index 1 range -1 1 0"},
    {.name = "pfmerge",
     .proc = pfmerge_cmd,
     .arity = -2,
     .flags = CMD_WRITE | CMD_DENYOOM,
     .acl = ACL_WRITE | ACL_HYPERLOGLOG | ACL_SLOW,
     .first_key = 1,
     .last_key = -1,
     .key_step = 1,
     .group = "hyperloglog",
     .since = "2.8.9",
     .complexity = "O(N) to merge N HyperLogLogs, but with high constant times.",
     .summary = "Merge N different HyperLogLogs into a single one.",
     .syntax = "destkey sourcekey [sourcekey ...]",
     .keyspecs = "RW access insert index 1 range 0 1 0; RO access index 2 range -1 1 0"},
    {.name = "pfdebug",
     .proc = pfdebug_cmd,
     .arity = 3,
     .flags = CMD_WRITE | CMD_DENYOOM | CMD_ADMIN,
     .acl = ACL_WRITE | ACL_HYPERLOGLOG | ACL_ADMIN | ACL_SLOW | ACL_DANGEROUS,
     .first_key = 2,
     .last_key = 2,
     .key_step = 1,
     .group = "hyperloglog",
     .since = "2.8.9",
     .complexity = "N/A",
     .summary = "Internal commands for debugging HyperLogLog values",
     .syntax = "subcommand key",
     .keyspecs = "RW access index 2 range 0 1 0"},
    {.name = "pfselftest",
     .proc = pfselftest_cmd,
     .arity = 1,
     .flags = CMD_ADMIN,
     .acl = ACL_HYPERLOGLOG | ACL_ADMIN | ACL_SLOW | ACL_DANGEROUS,
     .group = "hyperloglog",
     .since = "2.8.9",
     .complexity = "N/A",
     .summary = "An internal command for testing HyperLogLog values",
     .syntax = ""},
    {0},
};
