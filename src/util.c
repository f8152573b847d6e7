/* util: see util.h. */
#include "util.h"
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

int str2ull(const char *s, size_t len, unsigned long long *out) {
    if (len == 0 || len > 20) return 0;
    if (len == 1 && s[0] == '0') {
        *out = 0;
        return 1;
    }
    if (s[0] < '1' || s[0] > '9') return 0;
    unsigned long long v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') return 0;
        unsigned d = (unsigned)(s[i] - '0');
        if (v > (ULLONG_MAX - d) / 10) return 0;
        v = v * 10 + d;
    }
    *out = v;
    return 1;
}

int str2ll(const char *s, size_t len, long long *out) {
    if (len == 0) return 0;
    int neg = s[0] == '-';
    unsigned long long v;
    if (neg) {
        if (!str2ull(s + 1, len - 1, &v)) return 0;
        if (v == 0) return 0; /* "-0" is not canonical */
        if (v > (unsigned long long)LLONG_MAX + 1) return 0;
        *out = (long long)(0 - v);
        return 1;
    }
    if (!str2ull(s, len, &v) || v > LLONG_MAX) return 0;
    *out = (long long)v;
    return 1;
}

int ull2str(char *dst, size_t dstlen, unsigned long long v) {
    char tmp[LONG_STR_SIZE];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    if ((size_t)n + 1 > dstlen) return 0;
    for (int i = 0; i < n; i++)
        dst[i] = tmp[n - 1 - i];
    dst[n] = '\0';
    return n;
}

int ll2str(char *dst, size_t dstlen, long long v) {
    if (v < 0) {
        if (dstlen < 2) return 0;
        dst[0] = '-';
        int n = ull2str(dst + 1, dstlen - 1, 0ULL - (unsigned long long)v);
        return n ? n + 1 : 0;
    }
    return ull2str(dst, dstlen, (unsigned long long)v);
}

int str2d(const char *s, size_t len, double *out) {
    char buf[MAX_LONG_DOUBLE_CHARS];
    if (len == 0 || len >= sizeof(buf) || isspace((unsigned char)s[0])) return 0;
    memcpy(buf, s, len);
    buf[len] = '\0';
    char *end;
    errno = 0;
    double v = strtod(buf, &end);
    if ((size_t)(end - buf) != len ||
        (errno == ERANGE && (v == HUGE_VAL || v == -HUGE_VAL || v == 0)) || isnan(v))
        return 0;
    *out = v;
    return 1;
}

int str2ld(const char *s, size_t len, long double *out) {
    char buf[MAX_LONG_DOUBLE_CHARS];
    if (len == 0 || len >= sizeof(buf) || isspace((unsigned char)s[0])) return 0;
    memcpy(buf, s, len);
    buf[len] = '\0';
    char *end;
    errno = 0;
    long double v = strtold(buf, &end);
    if ((size_t)(end - buf) != len ||
        (errno == ERANGE && (v == HUGE_VALL || v == -HUGE_VALL || v == 0)) || isnan(v))
        return 0;
    *out = v;
    return 1;
}

int d2str(char *buf, size_t len, double v) {
    if (isnan(v)) return snprintf(buf, len, "nan");
    if (isinf(v)) return snprintf(buf, len, v > 0 ? "inf" : "-inf");
    if (v == 0) return snprintf(buf, len, (1.0 / v < 0) ? "-0" : "0");
    /* Integral values in +-LLONG_MAX/2 print as integers (Redis's d2string). */
    if (v >= (double)(-LLONG_MAX / 2) && v <= (double)(LLONG_MAX / 2) && v == (double)(long long)v)
        return ll2str(buf, len, (long long)v);
    return snprintf(buf, len, "%.17g", v);
}

int d2resp(char *buf, size_t len, double v) {
    if (isinf(v)) return snprintf(buf, len, v > 0 ? "inf" : "-inf");
    if (isnan(v)) return snprintf(buf, len, "nan");
    return snprintf(buf, len, "%.17g", v);
}

int ld2str(char *buf, size_t len, long double v, int humanfriendly) {
    if (isinf(v)) {
        if (len < 5) return 0;
        return snprintf(buf, len, v > 0 ? "inf" : "-inf");
    }
    int n;
    if (humanfriendly) {
        n = snprintf(buf, len, "%.17Lf", v);
        if (n < 0 || (size_t)n >= len) return 0;
        if (strchr(buf, '.')) {
            char *p = buf + n - 1;
            while (*p == '0')
                p--, n--;
            if (*p == '.') n--;
            buf[n] = '\0';
        }
        if (n == 2 && buf[0] == '-' && buf[1] == '0') {
            buf[0] = '0';
            buf[1] = '\0';
            n = 1;
        }
    } else {
        n = snprintf(buf, len, "%.17Lg", v);
        if (n < 0 || (size_t)n >= len) return 0;
    }
    return n;
}

/* Glob matching with Redis's rules: * ? [abc] [^a] [a-z] (ends may be swapped)
 * and \ escapes; an unterminated '[' class runs to the end of the pattern.
 * Quirk kept from Redis: an empty string matches nothing (not even "*").
 *
 * Each '*' tries the rest of the pattern at every later position. Once the
 * rest has failed at all of them, no earlier '*' can do better (it would only
 * start the rest later still), so *give_up stops the whole search: this keeps
 * patterns like "a*a*a*a*b" polynomial. Recursion depth is bounded by the
 * number of '*' in the pattern; past GLOB_MAX_DEPTH the match fails. */
#define GLOB_MAX_DEPTH 10000

/* Bytes are compared as plain `char`, signed as in Redis: in a range such as
 * [a-\xff] the ends are swapped because 0xff sorts below 'a'. Case folding is
 * what Redis gets from the C locale's tolower(): ASCII letters fold, and a
 * negative byte other than -1 (EOF) comes back as its unsigned value, so with
 * nocase high bytes sort above ASCII again. */
static int fold(int c) {
    if (c >= 'A' && c <= 'Z') return c + ('a' - 'A');
    return c < -1 ? c + 256 : c;
}

static int char_eq(int a, int b, int nocase) {
    return nocase ? fold(a) == fold(b) : a == b;
}

static int glob_rec(const char *p, size_t plen, const char *s, size_t slen, int nocase, int depth,
                    int *give_up) {
    if (depth > GLOB_MAX_DEPTH) {
        *give_up = 1;
        return 0;
    }
    while (plen && slen) {
        int c = (signed char)s[0];
        switch (p[0]) {
        case '*':
            while (plen > 1 && p[1] == '*')
                p++, plen--;
            if (plen == 1) return 1;
            while (slen) {
                if (glob_rec(p + 1, plen - 1, s, slen, nocase, depth + 1, give_up)) return 1;
                if (*give_up) return 0;
                s++, slen--;
            }
            *give_up = 1;
            return 0;
        case '?': break;
        case '[': {
            int neg, match = 0;
            p++, plen--;
            neg = plen && p[0] == '^';
            if (neg) p++, plen--;
            for (;;) {
                if (plen == 0) { /* unterminated: stay on the last byte */
                    p--, plen++;
                    break;
                }
                if (p[0] == '\\' && plen >= 2) {
                    p++, plen--;
                    if ((signed char)p[0] == c) match = 1;
                } else if (p[0] == ']') {
                    break;
                } else if (plen >= 3 && p[1] == '-') {
                    int lo = (signed char)p[0], hi = (signed char)p[2], x = c;
                    if (lo > hi) {
                        int t = lo;
                        lo = hi;
                        hi = t;
                    }
                    if (nocase) {
                        lo = fold(lo);
                        hi = fold(hi);
                        x = fold(x);
                    }
                    p += 2, plen -= 2;
                    if (x >= lo && x <= hi) match = 1;
                } else if (char_eq((signed char)p[0], c, nocase)) {
                    match = 1;
                }
                p++, plen--;
            }
            if (neg) match = !match;
            if (!match) return 0;
            break;
        }
        case '\\':
            if (plen >= 2) p++, plen--;
            /* fall through */
        default:
            if (!char_eq((signed char)p[0], c, nocase)) return 0;
            break;
        }
        s++, slen--;
        p++, plen--;
        if (slen == 0) {
            while (plen && *p == '*')
                p++, plen--;
            break;
        }
    }
    return plen == 0 && slen == 0;
}

int glob_match(const char *pat, size_t plen, const char *s, size_t slen, int nocase) {
    int give_up = 0;
    return glob_rec(pat, plen, s, slen, nocase, 0, &give_up);
}

int str_eq_nocase(const char *a, size_t alen, const char *b) {
    size_t blen = strlen(b);
    return alen == blen && strncasecmp(a, b, alen) == 0;
}

void str_tolower(char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        s[i] = (char)tolower((unsigned char)s[i]);
}

void str_toupper(char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        s[i] = (char)toupper((unsigned char)s[i]);
}

/* Redis's memory values (memtoull): a run of digits (leading zeros and the
 * empty string are fine), then an optional unit b, k, kb, m, mb, g, gb in any
 * case; no sign. Like Redis, a value too big saturates and wraps in 64 bits,
 * so the caller's range check reports it rather than a parse error. */
int parse_memory(const char *s, long long *out) {
    static const struct {
        const char *unit;
        unsigned long long mul;
    } units[] = {{"", 1},           {"b", 1},
                 {"k", 1000},       {"kb", 1024},
                 {"m", 1000000},    {"mb", 1024 * 1024},
                 {"g", 1000000000}, {"gb", 1024 * 1024 * 1024}};
    const char *u = s;
    while (*u >= '0' && *u <= '9')
        u++;
    unsigned long long mul = 0;
    for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
        if (strcasecmp(u, units[i].unit) == 0) {
            mul = units[i].mul;
            break;
        }
    }
    if (mul == 0 || u - s >= 128) return 0;
    unsigned long long v = 0;
    for (const char *p = s; p < u; p++) {
        unsigned d = (unsigned)(*p - '0');
        if (v > (ULLONG_MAX - d) / 10) {
            v = ULLONG_MAX;
            break;
        }
        v = v * 10 + d;
    }
    *out = (long long)(v * mul);
    return 1;
}

void get_random_bytes(unsigned char *p, size_t n) {
    int fd = open("/dev/urandom", O_RDONLY);
    size_t got = 0;
    if (fd >= 0) {
        while (got < n) {
            ssize_t r = read(fd, p + got, n - got);
            if (r <= 0) break;
            got += (size_t)r;
        }
        close(fd);
    }
    for (; got < n; got++)
        p[got] = (unsigned char)random();
}

void get_random_hex(char *p, size_t n) {
    static const char hex[] = "0123456789abcdef";
    unsigned char b[64];
    while (n) {
        size_t k = n < sizeof(b) ? n : sizeof(b);
        get_random_bytes(b, k);
        for (size_t i = 0; i < k; i++)
            *p++ = hex[b[i] & 15];
        n -= k;
    }
}
