/* bitops: bitmap commands on string values (SETBIT, GETBIT, BITCOUNT, BITPOS,
 * BITOP, BITFIELD, BITFIELD_RO).
 *
 * Bit numbering follows Redis: bit 0 is the most significant bit of byte 0,
 * so a bitmap reads left to right. Bytes past the end of a string read as
 * zero. Writes make the value RAW and zero-pad it up to the highest byte they
 * touch (string_raw_grow); offsets are limited so that the string never
 * passes proto-max-bulk-len.
 *
 * Argument checks run in Redis's order so the first reported error matches:
 * e.g. BITCOUNT looks the key up before parsing its range (a missing key
 * answers 0 whatever the range), BITFIELD parses every subcommand before
 * touching the key. */
#include "client.h"
#include "commands.h"
#include "config.h"
#include "db.h"
#include "mem.h"
#include "reply.h"
#include "server.h"
#include "t_string.h"
#include "util.h"
#include <stdint.h>
#include <string.h>
#include <strings.h>

/* --------------------------------------------------------------- popcount */

#define POPCOUNT_BODY                                                                              \
    long long bits = 0;                                                                            \
    while (n >= 32) {                                                                              \
        uint64_t w[4];                                                                             \
        memcpy(w, p, 32);                                                                          \
        bits += __builtin_popcountll(w[0]) + __builtin_popcountll(w[1]) +                          \
                __builtin_popcountll(w[2]) + __builtin_popcountll(w[3]);                           \
        p += 32, n -= 32;                                                                          \
    }                                                                                              \
    while (n >= 8) {                                                                               \
        uint64_t w;                                                                                \
        memcpy(&w, p, 8);                                                                          \
        bits += __builtin_popcountll(w);                                                           \
        p += 8, n -= 8;                                                                            \
    }                                                                                              \
    while (n--)                                                                                    \
        bits += __builtin_popcount(*p++);                                                          \
    return bits;

static long long popcount_generic(const unsigned char *p, size_t n) {
    POPCOUNT_BODY
}

#if defined(__x86_64__) && defined(__GNUC__)
/* The same loop compiled with the POPCNT instruction, used when the CPU has it. */
__attribute__((target("popcnt"))) static long long popcount_hw(const unsigned char *p, size_t n) {
    POPCOUNT_BODY
}
#endif

static long long popcount(const unsigned char *p, size_t n) {
#if defined(__x86_64__) && defined(__GNUC__)
    static int hw = -1;
    if (hw < 0) {
        __builtin_cpu_init();
        hw = __builtin_cpu_supports("popcnt") ? 1 : 0;
    }
    if (hw) return popcount_hw(p, n);
#endif
    return popcount_generic(p, n);
}

/* Bits [sb, eb] (inclusive, both inside p) that are set. */
static long long bitcount_range(const unsigned char *p, long long sb, long long eb) {
    long long first = sb >> 3, last = eb >> 3;
    unsigned char head = (unsigned char)(0xff >> (sb & 7));       /* in-range bits of byte first */
    unsigned char tail = (unsigned char)(0xff << (7 - (eb & 7))); /* in-range bits of byte last */
    if (first == last) return __builtin_popcount(p[first] & head & tail);
    return __builtin_popcount(p[first] & head) +
           popcount(p + first + 1, (size_t)(last - first - 1)) + __builtin_popcount(p[last] & tail);
}

/* Position of the first bit equal to `bit` in the byte v restricted to mask, or -1. */
static inline int bit_in_byte(unsigned char v, unsigned char mask, int bit) {
    unsigned char m = (unsigned char)((bit ? v : ~v) & mask);
    return m ? __builtin_clz((unsigned)m) - 24 : -1;
}

/* First bit equal to `bit` among the bits [sb, eb] of p, or -1. Whole words
 * holding only the other value are skipped eight bytes at a time. */
static long long bitpos_range(const unsigned char *p, long long sb, long long eb, int bit) {
    long long first = sb >> 3, last = eb >> 3;
    unsigned char head = (unsigned char)(0xff >> (sb & 7));
    unsigned char tail = (unsigned char)(0xff << (7 - (eb & 7)));
    int r;
    if (first == last) {
        r = bit_in_byte(p[first], head & tail, bit);
        return r < 0 ? -1 : first * 8 + r;
    }
    if ((r = bit_in_byte(p[first], head, bit)) >= 0) return first * 8 + r;
    uint64_t skip = bit ? 0 : UINT64_MAX;
    long long i = first + 1;
    while (i + 8 <= last) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        if (w != skip) break;
        i += 8;
    }
    for (; i < last; i++)
        if ((r = bit_in_byte(p[i], 0xff, bit)) >= 0) return i * 8 + r;
    r = bit_in_byte(p[last], tail, bit);
    return r < 0 ? -1 : last * 8 + r;
}

/* ---------------------------------------------------------------- helpers */

/* A bit offset argument: a non-negative integer whose byte stays below
 * proto-max-bulk-len (not enforced while loading). With hash (BITFIELD), "#N"
 * means N * bits. */
static int parse_bit_offset(struct client *c, const struct str *a, int hash, int bits,
                            uint64_t *out) {
    int usehash = hash && bits > 0 && a->len > 0 && a->ptr[0] == '#';
    long long off;
    if (str2ll(a->ptr + usehash, a->len - (size_t)usehash, &off)) {
        /* Multiplying wraps like Redis's (64-bit two's complement). */
        if (usehash) off = (long long)((unsigned long long)off * (unsigned long long)bits);
        if (off >= 0 && (srv.loading || (off >> 3) < cfg.proto_max_bulk_len)) {
            *out = (uint64_t)off;
            return 1;
        }
    }
    reply_error(c, "bit offset is not an integer or out of range");
    return 0;
}

/* The string at argv[1] made RAW and at least (maxbit/8)+1 bytes long,
 * created when missing. NULL after a WRONGTYPE reply. *dirty: the key was
 * created or its length changed. */
static struct rstr *bit_string_for_write(struct client *c, uint64_t maxbit, int *dirty) {
    const struct str *k = &c->argv[1];
    size_t need = (size_t)(maxbit >> 3) + 1;
    struct kv *o = db_lookup_write(c->db, k->ptr, k->len);
    if (o && o->type != T_STRING) {
        reply_error_type(c);
        return NULL;
    }
    if (!o) {
        struct rstr *s = rstr_new(NULL, need, need);
        db_add(c->db, kv_new_obj(k->ptr, k->len, T_STRING, ENC_RAW, s, -1));
        *dirty = 1;
        return s;
    }
    size_t before = kv_strlen(o);
    struct rstr *s = string_raw_grow(c->db, &o, need);
    *dirty = s->len != before;
    return s;
}

static void bits_changed(struct client *c, const struct str *k, long long changes) {
    db_signal_write(c->db, k->ptr, k->len, NOTIFY_STRING, "setbit");
    srv.dirty += changes;
}

/* BIT / BYTE unit argument; replies a syntax error otherwise. */
static int parse_unit(struct client *c, const struct str *a, int *isbit) {
    if (str_eq_nocase(a->ptr, a->len, "bit"))
        *isbit = 1;
    else if (str_eq_nocase(a->ptr, a->len, "byte"))
        *isbit = 0;
    else {
        reply_error_syntax(c);
        return 0;
    }
    return 1;
}

/* ------------------------------------------------------- SETBIT / GETBIT */

static void setbit_cmd(struct client *c) {
    uint64_t off;
    long long on;
    if (!parse_bit_offset(c, &c->argv[2], 0, 0, &off)) return;
    if (!str2ll(c->argv[3].ptr, c->argv[3].len, &on) || (on & ~1)) {
        reply_error(c, "bit is not an integer or out of range");
        return;
    }
    int dirty;
    struct rstr *s = bit_string_for_write(c, off, &dirty);
    if (!s) return;
    size_t byte = (size_t)(off >> 3);
    unsigned char mask = (unsigned char)(1u << (7 - (off & 7)));
    int old = (((unsigned char)s->buf[byte]) & mask) != 0;
    if (dirty || old != on) {
        if (on)
            s->buf[byte] = (char)((unsigned char)s->buf[byte] | mask);
        else
            s->buf[byte] = (char)((unsigned char)s->buf[byte] & ~mask);
        bits_changed(c, &c->argv[1], 1);
    }
    reply_long(c, old);
}

static void getbit_cmd(struct client *c) {
    uint64_t off;
    if (!parse_bit_offset(c, &c->argv[2], 0, 0, &off)) return;
    struct kv *o = db_lookup_read(c->db, c->argv[1].ptr, c->argv[1].len);
    if (!o) {
        reply_long(c, 0);
        return;
    }
    if (o->type != T_STRING) {
        reply_error_type(c);
        return;
    }
    char ibuf[LONG_STR_SIZE];
    size_t len;
    const unsigned char *p = (const unsigned char *)kv_str(o, &len, ibuf);
    size_t byte = (size_t)(off >> 3);
    int bit = byte < len ? (p[byte] >> (7 - (off & 7))) & 1 : 0;
    reply_long(c, bit);
}

/* ------------------------------------------------------ BITCOUNT / BITPOS */

static void bitcount_cmd(struct client *c) {
    struct kv *o = db_lookup_read(c->db, c->argv[1].ptr, c->argv[1].len);
    if (!o) {
        reply_long(c, 0);
        return;
    }
    if (o->type != T_STRING) {
        reply_error_type(c);
        return;
    }
    char ibuf[LONG_STR_SIZE];
    size_t len;
    const unsigned char *p = (const unsigned char *)kv_str(o, &len, ibuf);
    long long start, end;
    int isbit = 0;
    if (c->argc == 4 || c->argc == 5) {
        long long total = (long long)len;
        if (!str2ll(c->argv[2].ptr, c->argv[2].len, &start) ||
            !str2ll(c->argv[3].ptr, c->argv[3].len, &end)) {
            reply_error_not_int(c);
            return;
        }
        if (start < 0 && end < 0 && start > end) {
            reply_long(c, 0);
            return;
        }
        if (c->argc == 5 && !parse_unit(c, &c->argv[4], &isbit)) return;
        if (isbit) total <<= 3;
        if (start < 0) start += total;
        if (end < 0) end += total;
        if (start < 0) start = 0;
        if (end < 0) end = 0;
        if (end >= total) end = total - 1;
    } else if (c->argc == 2) {
        start = 0;
        end = (long long)len - 1;
    } else {
        reply_error_syntax(c);
        return;
    }
    if (start > end) {
        reply_long(c, 0);
        return;
    }
    if (isbit)
        reply_long(c, bitcount_range(p, start, end));
    else
        reply_long(c, popcount(p + start, (size_t)(end - start + 1)));
}

static void bitpos_cmd(struct client *c) {
    long long bit;
    if (!str2ll(c->argv[2].ptr, c->argv[2].len, &bit)) {
        reply_error_not_int(c);
        return;
    }
    if (bit != 0 && bit != 1) {
        reply_error(c, "The bit argument must be 1 or 0.");
        return;
    }
    struct kv *o = db_lookup_read(c->db, c->argv[1].ptr, c->argv[1].len);
    if (!o) {
        /* A missing key is an endless run of zeros. */
        reply_long(c, bit ? -1 : 0);
        return;
    }
    if (o->type != T_STRING) {
        reply_error_type(c);
        return;
    }
    char ibuf[LONG_STR_SIZE];
    size_t len;
    const unsigned char *p = (const unsigned char *)kv_str(o, &len, ibuf);
    long long start, end;
    int isbit = 0, end_given = 0;
    if (c->argc >= 4 && c->argc <= 6) {
        long long total = (long long)len;
        if (!str2ll(c->argv[3].ptr, c->argv[3].len, &start)) {
            reply_error_not_int(c);
            return;
        }
        if (c->argc == 6 && !parse_unit(c, &c->argv[5], &isbit)) return;
        if (c->argc >= 5) {
            if (!str2ll(c->argv[4].ptr, c->argv[4].len, &end)) {
                reply_error_not_int(c);
                return;
            }
            end_given = 1;
        } else {
            end = total - 1;
        }
        if (isbit) total <<= 3;
        if (start < 0) start += total;
        if (end < 0) end += total;
        if (start < 0) start = 0;
        if (end < 0) end = 0;
        if (end >= total) end = total - 1;
    } else if (c->argc == 3) {
        start = 0;
        end = (long long)len - 1;
    } else {
        reply_error_syntax(c);
        return;
    }
    if (start > end) {
        reply_long(c, -1);
        return;
    }
    long long sb = isbit ? start : start * 8, eb = isbit ? end : end * 8 + 7;
    long long pos = bitpos_range(p, sb, eb, (int)bit);
    if (pos < 0 && bit == 0 && !end_given) pos = eb + 1; /* zeros continue past the end */
    reply_long(c, pos);
}

/* ------------------------------------------------------------------ BITOP */

enum { OP_AND, OP_OR, OP_XOR, OP_NOT };

static void bitop_cmd(struct client *c) {
    const struct str *opname = &c->argv[1], *dest = &c->argv[2];
    int op;
    if (str_eq_nocase(opname->ptr, opname->len, "and"))
        op = OP_AND;
    else if (str_eq_nocase(opname->ptr, opname->len, "or"))
        op = OP_OR;
    else if (str_eq_nocase(opname->ptr, opname->len, "xor"))
        op = OP_XOR;
    else if (str_eq_nocase(opname->ptr, opname->len, "not"))
        op = OP_NOT;
    else {
        reply_error_syntax(c);
        return;
    }
    if (op == OP_NOT && c->argc != 4) {
        reply_error(c, "BITOP NOT must be called with a single source key.");
        return;
    }
    int n = c->argc - 3;
    const unsigned char **src = xmalloc(sizeof(*src) * (size_t)n);
    size_t *len = xmalloc(sizeof(*len) * (size_t)n);
    char(*ibuf)[LONG_STR_SIZE] = xmalloc(sizeof(*ibuf) * (size_t)n);
    size_t maxlen = 0, minlen = 0;
    for (int j = 0; j < n; j++) {
        struct kv *o = db_lookup_read(c->db, c->argv[j + 3].ptr, c->argv[j + 3].len);
        if (!o) {
            src[j] = NULL;
            len[j] = 0;
            minlen = 0;
            continue;
        }
        if (o->type != T_STRING) {
            reply_error_type(c);
            xfree(src), xfree(len), xfree(ibuf);
            return;
        }
        src[j] = (const unsigned char *)kv_str(o, &len[j], ibuf[j]);
        if (len[j] > maxlen) maxlen = len[j];
        if (j == 0 || len[j] < minlen) minlen = len[j];
    }
    struct rstr *res = NULL;
    if (maxlen) {
        res = rstr_new(NULL, maxlen, maxlen);
        unsigned char *out = (unsigned char *)res->buf;
        size_t i = 0;
        /* Word at a time while every source has data. */
        for (; i + 8 <= minlen; i += 8) {
            uint64_t w, x;
            memcpy(&w, src[0] + i, 8);
            for (int j = 1; j < n; j++) {
                memcpy(&x, src[j] + i, 8);
                if (op == OP_AND)
                    w &= x;
                else if (op == OP_OR)
                    w |= x;
                else
                    w ^= x;
            }
            if (op == OP_NOT) w = ~w;
            memcpy(out + i, &w, 8);
        }
        for (; i < maxlen; i++) {
            unsigned char b = len[0] > i ? src[0][i] : 0;
            if (op == OP_NOT) b = (unsigned char)~b;
            for (int j = 1; j < n; j++) {
                unsigned char x = len[j] > i ? src[j][i] : 0;
                if (op == OP_AND)
                    b &= x;
                else if (op == OP_OR)
                    b |= x;
                else
                    b ^= x;
            }
            out[i] = b;
        }
    }
    xfree(src), xfree(len), xfree(ibuf);
    if (res) {
        struct kv *old = db_lookup_write(c->db, dest->ptr, dest->len);
        struct kv *nv = kv_new_obj(dest->ptr, dest->len, T_STRING, ENC_RAW, res, -1);
        if (old)
            db_swap(c->db, old, nv);
        else
            db_add(c->db, nv);
        db_signal_write(c->db, dest->ptr, dest->len, NOTIFY_STRING, "set");
        srv.dirty++;
    } else if (db_delete(c->db, dest->ptr, dest->len)) {
        db_signal_write(c->db, dest->ptr, dest->len, NOTIFY_GENERIC, "del");
        srv.dirty++;
    }
    reply_long(c, (long long)maxlen);
}

/* --------------------------------------------------------------- BITFIELD */

enum { BF_GET, BF_SET, BF_INCRBY };
enum { OW_WRAP, OW_SAT, OW_FAIL };

struct bf_op {
    uint64_t offset;
    int64_t value; /* SET value or INCRBY increment */
    int opcode, overflow, bits, sign;
};

/* Reads `bits` bits at bit offset off; bytes past plen read as zero. */
static uint64_t bf_get_u(const unsigned char *p, size_t plen, uint64_t off, int bits) {
    uint64_t v = 0;
    for (int i = 0; i < bits; i++, off++) {
        uint64_t byte = off >> 3;
        unsigned b = byte < plen ? (p[byte] >> (7 - (off & 7))) & 1u : 0;
        v = (v << 1) | b;
    }
    return v;
}

static int64_t bf_get_i(const unsigned char *p, size_t plen, uint64_t off, int bits) {
    uint64_t u = bf_get_u(p, plen, off, bits);
    if (bits < 64 && (u >> (bits - 1)) & 1) u |= UINT64_MAX << bits; /* sign-extend */
    return (int64_t)u;
}

static void bf_set(unsigned char *p, uint64_t off, int bits, uint64_t v) {
    for (int i = 0; i < bits; i++, off++) {
        unsigned char mask = (unsigned char)(1u << (7 - (off & 7)));
        if ((v >> (bits - 1 - i)) & 1)
            p[off >> 3] |= mask;
        else
            p[off >> 3] &= (unsigned char)~mask;
    }
}

/* Overflow of value+incr stored as an unsigned `bits` integer: 1 above the
 * range, -1 below, 0 fits. *limit gets the WRAP or SAT result. */
static int bf_overflow_u(uint64_t value, int64_t incr, int bits, int ow, uint64_t *limit) {
    uint64_t max = bits == 64 ? UINT64_MAX : (1ULL << bits) - 1;
    int64_t maxincr = (int64_t)(max - value), minincr = (int64_t)(0 - value);
    int dir;
    if (value > max || (incr > 0 && incr > maxincr))
        dir = 1;
    else if (incr < 0 && incr < minincr)
        dir = -1;
    else
        return 0;
    if (ow == OW_WRAP)
        *limit = (value + (uint64_t)incr) & max;
    else if (ow == OW_SAT)
        *limit = dir > 0 ? max : 0;
    return dir;
}

/* The same for signed `bits` integers; WRAP wraps two's complement. Differences
 * are computed with 64-bit wraparound, as Redis's do. */
static int bf_overflow_i(int64_t value, int64_t incr, int bits, int ow, int64_t *limit) {
    int64_t max = bits == 64 ? INT64_MAX : (int64_t)((1ULL << (bits - 1)) - 1);
    int64_t min = -max - 1;
    int64_t maxincr = (int64_t)((uint64_t)max - (uint64_t)value);
    int64_t minincr = (int64_t)((uint64_t)min - (uint64_t)value);
    int dir;
    if (value > max || (bits != 64 && incr > maxincr) || (value >= 0 && incr > 0 && incr > maxincr))
        dir = 1;
    else if (value < min || (bits != 64 && incr < minincr) ||
             (value < 0 && incr < 0 && incr < minincr))
        dir = -1;
    else
        return 0;
    if (ow == OW_WRAP) {
        uint64_t r = (uint64_t)value + (uint64_t)incr;
        if (bits < 64) {
            uint64_t mask = UINT64_MAX << bits;
            if (r & (1ULL << (bits - 1)))
                r |= mask;
            else
                r &= ~mask;
        }
        *limit = (int64_t)r;
    } else if (ow == OW_SAT) {
        *limit = dir > 0 ? max : min;
    }
    return dir;
}

/* "i<1..64>" or "u<1..63>". */
static int parse_bf_type(struct client *c, const struct str *a, int *sign, int *bits) {
    long long n;
    if (a->len >= 1 && (a->ptr[0] == 'i' || a->ptr[0] == 'u') &&
        str2ll(a->ptr + 1, strlen(a->ptr + 1), &n) && n >= 1 && n <= (a->ptr[0] == 'i' ? 64 : 63)) {
        *sign = a->ptr[0] == 'i';
        *bits = (int)n;
        return 1;
    }
    reply_error(c, "Invalid bitfield type. Use something like i16 u8. Note that u64 is not "
                   "supported but i64 is.");
    return 0;
}

static void bitfield_generic(struct client *c, int ro_command) {
    struct bf_op *ops = NULL;
    int nops = 0, cap = 0, overflow = OW_WRAP, readonly = 1;
    uint64_t highest = 0;
    for (int j = 2; j < c->argc; j++) {
        const struct str *sub = &c->argv[j];
        int remaining = c->argc - j - 1, opcode;
        if (str_eq_nocase(sub->ptr, sub->len, "get") && remaining >= 2)
            opcode = BF_GET;
        else if (str_eq_nocase(sub->ptr, sub->len, "set") && remaining >= 3)
            opcode = BF_SET;
        else if (str_eq_nocase(sub->ptr, sub->len, "incrby") && remaining >= 3)
            opcode = BF_INCRBY;
        else if (str_eq_nocase(sub->ptr, sub->len, "overflow") && remaining >= 1) {
            const struct str *t = &c->argv[++j];
            if (str_eq_nocase(t->ptr, t->len, "wrap"))
                overflow = OW_WRAP;
            else if (str_eq_nocase(t->ptr, t->len, "sat"))
                overflow = OW_SAT;
            else if (str_eq_nocase(t->ptr, t->len, "fail"))
                overflow = OW_FAIL;
            else {
                reply_error(c, "Invalid OVERFLOW type specified");
                xfree(ops);
                return;
            }
            continue;
        } else {
            reply_error_syntax(c);
            xfree(ops);
            return;
        }
        int sign, bits;
        uint64_t off;
        long long value = 0;
        if (!parse_bf_type(c, &c->argv[j + 1], &sign, &bits) ||
            !parse_bit_offset(c, &c->argv[j + 2], 1, bits, &off)) {
            xfree(ops);
            return;
        }
        if (opcode != BF_GET) {
            readonly = 0;
            if (highest < off + (uint64_t)bits - 1) highest = off + (uint64_t)bits - 1;
            if (!str2ll(c->argv[j + 3].ptr, c->argv[j + 3].len, &value)) {
                reply_error_not_int(c);
                xfree(ops);
                return;
            }
        }
        if (nops == cap) {
            cap = cap ? cap * 2 : 4;
            ops = xrealloc(ops, sizeof(*ops) * (size_t)cap);
        }
        ops[nops++] = (struct bf_op){.offset = off,
                                     .value = value,
                                     .opcode = opcode,
                                     .overflow = overflow,
                                     .bits = bits,
                                     .sign = sign};
        j += opcode == BF_GET ? 2 : 3;
    }

    const unsigned char *rp = NULL; /* read view (GET only) */
    size_t rlen = 0;
    char ibuf[LONG_STR_SIZE];
    struct rstr *s = NULL;
    int dirty = 0;
    if (readonly) {
        struct kv *o = db_lookup_read(c->db, c->argv[1].ptr, c->argv[1].len);
        if (o && o->type != T_STRING) {
            reply_error_type(c);
            xfree(ops);
            return;
        }
        if (o) rp = (const unsigned char *)kv_str(o, &rlen, ibuf);
    } else {
        if (ro_command) {
            xfree(ops);
            reply_error(c, "BITFIELD_RO only supports the GET subcommand");
            return;
        }
        if (!(s = bit_string_for_write(c, highest, &dirty))) {
            xfree(ops);
            return;
        }
        rp = (const unsigned char *)s->buf;
        rlen = s->len;
    }

    reply_array_len(c, nops);
    long long changes = 0;
    for (int i = 0; i < nops; i++) {
        struct bf_op *op = &ops[i];
        if (op->opcode == BF_GET) {
            if (op->sign)
                reply_long(c, bf_get_i(rp, rlen, op->offset, op->bits));
            else
                reply_long(c, (long long)bf_get_u(rp, rlen, op->offset, op->bits));
            continue;
        }
        unsigned char *wp = (unsigned char *)s->buf;
        int ovf;
        uint64_t oldbits, newbits;
        long long ret;
        if (op->sign) {
            int64_t oldval = bf_get_i(wp, s->len, op->offset, op->bits), newval, lim = 0;
            if (op->opcode == BF_INCRBY) {
                ovf = bf_overflow_i(oldval, op->value, op->bits, op->overflow, &lim);
                newval = ovf ? lim : oldval + op->value;
                ret = newval;
            } else {
                ovf = bf_overflow_i(op->value, 0, op->bits, op->overflow, &lim);
                newval = ovf ? lim : op->value;
                ret = oldval;
            }
            oldbits = (uint64_t)oldval, newbits = (uint64_t)newval;
        } else {
            uint64_t oldval = bf_get_u(wp, s->len, op->offset, op->bits), newval, lim = 0;
            if (op->opcode == BF_INCRBY) {
                ovf = bf_overflow_u(oldval, op->value, op->bits, op->overflow, &lim);
                newval = ovf ? lim : oldval + (uint64_t)op->value;
                ret = (long long)newval;
            } else {
                ovf = bf_overflow_u((uint64_t)op->value, 0, op->bits, op->overflow, &lim);
                newval = ovf ? lim : (uint64_t)op->value;
                ret = (long long)oldval;
            }
            oldbits = oldval, newbits = newval;
        }
        if (ovf && op->overflow == OW_FAIL) {
            reply_null(c);
            continue;
        }
        reply_long(c, ret);
        bf_set(wp, op->offset, op->bits, newbits);
        if (dirty || oldbits != newbits) changes++;
    }
    if (changes) bits_changed(c, &c->argv[1], changes);
    xfree(ops);
}

static void bitfield_cmd(struct client *c) {
    bitfield_generic(c, 0);
}

static void bitfield_ro_cmd(struct client *c) {
    bitfield_generic(c, 1);
}

/* ------------------------------------------------------------------ table */

#define BITMAP_KEY1 CMD_ONE_KEY, .group = "bitmap"

struct command bitmap_commands[] = {
    {.name = "setbit",
     .proc = setbit_cmd,
     .arity = 4,
     .flags = CMD_WRITE | CMD_DENYOOM,
     .acl = ACL_WRITE | ACL_BITMAP | ACL_SLOW,
     BITMAP_KEY1,
     .since = "2.2.0",
     .complexity = "O(1)",
     .summary = "Sets or clears the bit at offset in the string value stored at key",
     .syntax = "key offset value"},
    {.name = "getbit",
     .proc = getbit_cmd,
     .arity = 3,
     .flags = CMD_READONLY | CMD_FAST,
     .acl = ACL_READ | ACL_BITMAP | ACL_FAST,
     BITMAP_KEY1,
     .since = "2.2.0",
     .complexity = "O(1)",
     .summary = "Returns the bit value at offset in the string value stored at key",
     .syntax = "key offset"},
    {.name = "bitcount",
     .proc = bitcount_cmd,
     .arity = -2,
     .flags = CMD_READONLY,
     .acl = ACL_READ | ACL_BITMAP | ACL_SLOW,
     BITMAP_KEY1,
     .since = "2.6.0",
     .complexity = "O(N)",
     .summary = "Count set bits in a string",
     .syntax = "key [start end [BYTE | BIT]]"},
    {.name = "bitpos",
     .proc = bitpos_cmd,
     .arity = -3,
     .flags = CMD_READONLY,
     .acl = ACL_READ | ACL_BITMAP | ACL_SLOW,
     BITMAP_KEY1,
     .since = "2.8.7",
     .complexity = "O(N)",
     .summary = "Find first bit set or clear in a string",
     .syntax = "key bit [start [end [BYTE | BIT]]]"},
    {.name = "bitop",
     .proc = bitop_cmd,
     .arity = -4,
     .flags = CMD_WRITE | CMD_DENYOOM,
     .acl = ACL_WRITE | ACL_BITMAP | ACL_SLOW,
     .first_key = 2,
     .last_key = -1,
     .key_step = 1,
     .group = "bitmap",
     .since = "2.6.0",
     .complexity = "O(N)",
     .summary = "Perform bitwise operations between strings",
     .syntax = "operation destkey key [key ...]"},
    {.name = "bitfield",
     .proc = bitfield_cmd,
     .arity = -2,
     .flags = CMD_WRITE | CMD_DENYOOM,
     .acl = ACL_WRITE | ACL_BITMAP | ACL_SLOW,
     BITMAP_KEY1,
     .since = "3.2.0",
     .complexity = "O(1) for each subcommand specified",
     .summary = "Perform arbitrary bitfield integer operations on strings",
     .syntax =
         "key [GET encoding offset | [OVERFLOW <WRAP | SAT | FAIL>] <SET encoding offset value "
         "| INCRBY encoding offset increment> [GET encoding offset | [OVERFLOW <WRAP | SAT | "
         "FAIL>] <SET encoding offset value | INCRBY encoding offset increment> ...]]",
     /* variable_flags: only GETs make COMMAND GETKEYSANDFLAGS report RO access */
     .keyspecs = "RW access update variable_flags index 1 range 0 1 0"},
    {.name = "bitfield_ro",
     .proc = bitfield_ro_cmd,
     .arity = -2,
     .flags = CMD_READONLY | CMD_FAST,
     .acl = ACL_READ | ACL_BITMAP | ACL_FAST,
     BITMAP_KEY1,
     .since = "6.0.0",
     .complexity = "O(1) for each subcommand specified",
     .summary = "Perform arbitrary bitfield integer operations on strings. Read-only variant of "
                "BITFIELD",
     .syntax = "key [GET encoding offset [GET encoding offset ...]]"},
    {0},
};
