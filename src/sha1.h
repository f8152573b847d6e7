/* sha1: SHA-1 (FIPS 180-4), for DEBUG DIGEST and script ids. Not for security. */
#ifndef MNEMO_SHA1_H
#define MNEMO_SHA1_H
#include <stddef.h>
#include <stdint.h>

struct sha1_ctx {
    uint32_t h[5];
    uint64_t total; /* bytes hashed so far */
    unsigned char block[64];
    size_t used; /* bytes waiting in block */
};

void sha1_init(struct sha1_ctx *ctx);
void sha1_update(struct sha1_ctx *ctx, const void *data, size_t len);
void sha1_final(struct sha1_ctx *ctx, unsigned char out[20]);
void sha1(const void *data, size_t len, unsigned char out[20]);
/* 40 lowercase hex digits and a NUL. */
void sha1_hex(const unsigned char digest[20], char out[41]);

/* DEBUG DIGEST building blocks. digest_xor: digest ^= SHA1(p), so the order of
 * xored items does not matter (sets, hash fields, keys). digest_mix:
 * digest = SHA1(digest ^ SHA1(p)), so the order matters (list elements, the
 * parts of one key). */
void digest_xor(unsigned char digest[20], const void *p, size_t len);
void digest_mix(unsigned char digest[20], const void *p, size_t len);

#endif
