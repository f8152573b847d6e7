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
    for (int i = 0; i < n; i++) dst[i] = tmp[n - 1 - i];
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
    if ((size_t)(end - buf) != len || (errno == ERANGE && (v == HUGE_VAL || v == -HUGE_VAL || v == 0)) ||
        isnan(v))
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
    if ((size_t)(end - buf) != len || errno == ERANGE || isnan(v)) return 0;
    *out = v;
    return 1;
}

int d2str(char *buf, size_t len, double v) {
    if (isnan(v)) return snprintf(buf, len, "nan");
    if (isinf(v)) return snprintf(buf, len, v > 0 ? "inf" : "-inf");
    if (v == 0) return snprintf(buf, len, (1.0 / v < 0) ? "-0" : "0");
    /* Integers that fit exactly print without an exponent. */
    if (v > -4503599627370496.0 && v < 4503599627370496.0 && v == (double)(long long)v)
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
            while (*p == '0') p--, n--;
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

/* Glob matching with Redis's rules: * ? [abc] [^a] [a-z] and \ escapes. */
static int glob_rec(const char *p, size_t plen, const char *s, size_t slen, int nocase, int depth) {
    if (depth > 1000) return 0; /* pathological patterns: give up like a non-match */
    while (plen && slen) {
        switch (p[0]) {
        case '*':
            while (plen > 1 && p[1] == '*') p++, plen--;
            if (plen == 1) return 1;
            while (slen) {
                if (glob_rec(p + 1, plen - 1, s, slen, nocase, depth + 1)) return 1;
                s++, slen--;
            }
            return 0;
        case '?':
            s++, slen--;
            break;
        case '[': {
            int not, match = 0;
            p++, plen--;
            not = plen && p[0] == '^';
            if (not) p++, plen--;
            for (;;) {
                if (plen == 0) {
                    break;
                } else if (p[0] == '\\' && plen >= 2) {
                    p++, plen--;
                    if (p[0] == s[0]) match = 1;
                } else if (p[0] == ']') {
                    break;
                } else if (plen >= 3 && p[1] == '-') {
                    int start = (unsigned char)p[0], end = (unsigned char)p[2], c = (unsigned char)s[0];
                    if (start > end) {
                        int t = start;
                        start = end;
                        end = t;
                    }
                    if (nocase) {
                        start = tolower(start);
                        end = tolower(end);
                        c = tolower(c);
                    }
                    p += 2, plen -= 2;
                    if (c >= start && c <= end) match = 1;
                } else {
                    if (nocase ? tolower((unsigned char)p[0]) == tolower((unsigned char)s[0])
                               : p[0] == s[0])
                        match = 1;
                }
                p++, plen--;
            }
            if (plen == 0) { /* unterminated class: the '[' ... is consumed up to the end */
                p--, plen++;
            }
            if (not) match = !match;
            if (!match) return 0;
            s++, slen--;
            break;
        }
        case '\\':
            if (plen >= 2) p++, plen--;
            /* fall through */
        default:
            if (nocase ? tolower((unsigned char)p[0]) != tolower((unsigned char)s[0]) : p[0] != s[0])
                return 0;
            s++, slen--;
            break;
        }
        p++, plen--;
        if (slen == 0) {
            while (plen && *p == '*') p++, plen--;
            break;
        }
    }
    return plen == 0 && slen == 0;
}

int glob_match(const char *pat, size_t plen, const char *s, size_t slen, int nocase) {
    return glob_rec(pat, plen, s, slen, nocase, 0);
}

int str_eq_nocase(const char *a, size_t alen, const char *b) {
    size_t blen = strlen(b);
    return alen == blen && strncasecmp(a, b, alen) == 0;
}

void str_tolower(char *s, size_t n) {
    for (size_t i = 0; i < n; i++) s[i] = (char)tolower((unsigned char)s[i]);
}

void str_toupper(char *s, size_t n) {
    for (size_t i = 0; i < n; i++) s[i] = (char)toupper((unsigned char)s[i]);
}

int parse_memory(const char *s, long long *out) {
    size_t len = strlen(s);
    long long mul = 1;
    size_t digits = len;
    static const struct {
        const char *suf;
        long long mul;
    } units[] = {{"kb", 1024},       {"k", 1000},       {"mb", 1024LL * 1024},       {"m", 1000000},
                 {"gb", 1LL << 30}, {"g", 1000000000}, {"b", 1}};
    for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
        size_t sl = strlen(units[i].suf);
        if (len > sl && strcasecmp(s + len - sl, units[i].suf) == 0 &&
            isdigit((unsigned char)s[len - sl - 1])) {
            mul = units[i].mul;
            digits = len - sl;
            break;
        }
    }
    long long v;
    if (!str2ll(s, digits, &v)) return 0;
    if (v != 0 && (v > LLONG_MAX / mul || v < LLONG_MIN / mul)) return 0;
    *out = v * mul;
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
    for (; got < n; got++) p[got] = (unsigned char)random();
}

void get_random_hex(char *p, size_t n) {
    static const char hex[] = "0123456789abcdef";
    unsigned char b[64];
    while (n) {
        size_t k = n < sizeof(b) ? n : sizeof(b);
        get_random_bytes(b, k);
        for (size_t i = 0; i < k; i++) *p++ = hex[b[i] & 15];
        n -= k;
    }
}
