/* util: number <-> string conversions with Redis's exact acceptance rules, and
 * small string helpers. No server state. */
#ifndef MNEMO_UTIL_H
#define MNEMO_UTIL_H
#include <stddef.h>
#include <stdint.h>

#define LONG_STR_SIZE         21
#define MAX_LONG_DOUBLE_CHARS 5 * 1024
#define MAX_D2STRING_CHARS    128

/* Strict: no spaces, no '+', no leading zeros, fits in long long. 1 ok, 0 not. */
int str2ll(const char *s, size_t len, long long *out);
int str2ull(const char *s, size_t len, unsigned long long *out);
int ll2str(char *dst, size_t dstlen, long long v); /* returns length */
int ull2str(char *dst, size_t dstlen, unsigned long long v);
/* strtod-based; rejects spaces, empty, trailing garbage and nan. 1 ok. */
int str2d(const char *s, size_t len, double *out);
int str2ld(const char *s, size_t len, long double *out);
/* Redis's reply formatting of doubles (%.17g, inf/-inf, integers without '.'). */
int d2str(char *buf, size_t len, double v);
/* INCRBYFLOAT-style formatting: %.17Lf with trailing zeros removed. */
int ld2str(char *buf, size_t len, long double v, int humanfriendly);
/* Formatting for RESP3 doubles and RESP2 bulk doubles: %.17g with inf/nan words. */
int d2resp(char *buf, size_t len, double v);

int glob_match(const char *pat, size_t plen, const char *s, size_t slen, int nocase);
int str_eq_nocase(const char *a, size_t alen, const char *b); /* b NUL-terminated */
void str_tolower(char *s, size_t n);
void str_toupper(char *s, size_t n);
/* Parses a memory amount like 1gb, 512mb, 100 (bytes). Returns 1 ok. */
int parse_memory(const char *s, long long *out);
void get_random_bytes(unsigned char *p, size_t n);
void get_random_hex(char *p, size_t n);

#endif
