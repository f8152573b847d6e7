/* crc64: table-driven (slice-by-8) CRC-64/Jones. The eight 256-entry tables
 * are built on first use: table[0] is the classic byte-at-a-time table of the
 * reflected polynomial, table[k][b] the CRC of byte b followed by k zero
 * bytes, which lets the loop consume eight input bytes per step. */
#include "crc64.h"
#include <string.h>

#define POLY_REFLECTED 0x95ac9329ac4bc9b5ULL /* bit-reversed 0xad93d23594c935a9 */

static uint64_t table[8][256];
static int ready;

static void build_tables(void) {
    for (int b = 0; b < 256; b++) {
        uint64_t c = (uint64_t)b;
        for (int i = 0; i < 8; i++)
            c = (c & 1) ? (c >> 1) ^ POLY_REFLECTED : c >> 1;
        table[0][b] = c;
    }
    for (int b = 0; b < 256; b++)
        for (int k = 1; k < 8; k++)
            table[k][b] = (table[k - 1][b] >> 8) ^ table[0][table[k - 1][b] & 0xff];
    ready = 1;
}

uint64_t crc64(uint64_t crc, const void *data, size_t len) {
    if (!ready) build_tables();
    const unsigned char *p = data;
    while (len >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        w = __builtin_bswap64(w);
#endif
        w ^= crc;
        crc = table[7][w & 0xff] ^ table[6][(w >> 8) & 0xff] ^ table[5][(w >> 16) & 0xff] ^
              table[4][(w >> 24) & 0xff] ^ table[3][(w >> 32) & 0xff] ^ table[2][(w >> 40) & 0xff] ^
              table[1][(w >> 48) & 0xff] ^ table[0][w >> 56];
        p += 8;
        len -= 8;
    }
    while (len--)
        crc = table[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
    return crc;
}
