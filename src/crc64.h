/* crc64: the CRC-64 variant of RDB files and DUMP payloads (the "Jones"
 * polynomial 0xad93d23594c935a9, reflected input and output, initial value 0,
 * no final xor). crc64(0, "123456789", 9) == 0xe9c6d914c4b8d9ca. Feed data in
 * pieces by passing the previous result as crc. */
#ifndef MNEMO_CRC64_H
#define MNEMO_CRC64_H
#include <stddef.h>
#include <stdint.h>

uint64_t crc64(uint64_t crc, const void *data, size_t len);

#endif
