/* rdb_io: the byte-level pieces of Redis's RDB encoding, shared by RDB files,
 * DUMP/RESTORE payloads, FUNCTION DUMP and the AOF's RDB preamble.
 *
 * A writer (struct rdb_w) appends to a memory buffer and, when it has a file
 * descriptor, flushes the buffer to it in large writes; a reader (struct
 * rdb_r) reads from a memory block or from a file descriptor through a
 * buffer. Both keep a running CRC64 of every byte that passes (when
 * `checksum` is set) and a byte count.
 *
 * Encodings (all multi-byte integers little-endian unless said otherwise):
 *   length  first byte 00xxxxxx: 6-bit length; 01xxxxxx yyyyyyyy: 14-bit
 *           (big-endian); 0x80 + 4 bytes big-endian; 0x81 + 8 bytes
 *           big-endian; 11xxxxxx: a special string encoding (below).
 *   string  length + bytes, or 0xC0 int8, 0xC1 int16, 0xC2 int32 (the
 *           decimal digits of a canonical integer), or 0xC3 LZF:
 *           compressed length, original length, compressed bytes.
 *   double  8-byte IEEE (binary form), or the old form: a length byte then
 *           ASCII digits, 253 = nan, 254 = +inf, 255 = -inf.
 *   time    milliseconds: int64; seconds: int32.
 *
 * Every loader validates lengths against the bytes that remain, so corrupt
 * input yields an error (-1 / NULL), never an overread or a huge allocation.
 * This module knows nothing of the server (it is unit-tested alone). */
#ifndef MNEMO_RDB_IO_H
#define MNEMO_RDB_IO_H
#include <stddef.h>
#include <stdint.h>

#define RDB_VERSION 10

/* value types */
#define RDB_TYPE_STRING             0
#define RDB_TYPE_LIST               1
#define RDB_TYPE_SET                2
#define RDB_TYPE_ZSET               3
#define RDB_TYPE_HASH               4
#define RDB_TYPE_ZSET_2             5
#define RDB_TYPE_MODULE             6
#define RDB_TYPE_MODULE_2           7
#define RDB_TYPE_HASH_ZIPMAP        9
#define RDB_TYPE_LIST_ZIPLIST       10
#define RDB_TYPE_SET_INTSET         11
#define RDB_TYPE_ZSET_ZIPLIST       12
#define RDB_TYPE_HASH_ZIPLIST       13
#define RDB_TYPE_LIST_QUICKLIST     14
#define RDB_TYPE_STREAM_LISTPACKS   15
#define RDB_TYPE_HASH_LISTPACK      16
#define RDB_TYPE_ZSET_LISTPACK      17
#define RDB_TYPE_LIST_QUICKLIST_2   18
#define RDB_TYPE_STREAM_LISTPACKS_2 19
/* opcodes */
#define RDB_OPCODE_FUNCTION2     245
#define RDB_OPCODE_FUNCTION      246
#define RDB_OPCODE_MODULE_AUX    247
#define RDB_OPCODE_IDLE          248
#define RDB_OPCODE_FREQ          249
#define RDB_OPCODE_AUX           250
#define RDB_OPCODE_RESIZEDB      251
#define RDB_OPCODE_EXPIRETIME_MS 252
#define RDB_OPCODE_EXPIRETIME    253
#define RDB_OPCODE_SELECTDB      254
#define RDB_OPCODE_EOF           255

/* Quicklist 2 node containers */
#define RDB_QUICKLIST_NODE_PLAIN  1
#define RDB_QUICKLIST_NODE_PACKED 2

struct rdb_w {
    unsigned char *buf;
    size_t len, cap;
    int fd;       /* -1: memory only (the buffer is the result) */
    int compress; /* LZF-compress strings longer than 20 bytes (rdbcompression) */
    int checksum; /* keep crc up to date (rdbchecksum) */
    uint64_t crc;
    long long total; /* bytes written (flushed or buffered) */
    int err;         /* errno of the first failed write (0: none) */
    /* With fsync_every > 0, the file is fsynced each time that many bytes
     * were flushed (rdb-save-incremental-fsync / aof-rewrite-incremental-fsync). */
    size_t fsync_every, since_fsync;
};

void rdbw_init_mem(struct rdb_w *w);
void rdbw_init_fd(struct rdb_w *w, int fd);
/* 0 on success, -1 after a failed write (w->err is set and sticks). */
int rdbw_write(struct rdb_w *w, const void *p, size_t n);
int rdbw_flush(struct rdb_w *w);
/* Memory writers: hands the buffer over (caller frees with xfree). */
unsigned char *rdbw_take(struct rdb_w *w, size_t *len);
void rdbw_free(struct rdb_w *w);

int rdb_save_byte(struct rdb_w *w, int byte); /* a type or opcode */
int rdb_save_len(struct rdb_w *w, uint64_t len);
/* A string: int-encoded when it is a canonical integer that fits in 32 bits,
 * LZF-compressed when w->compress, longer than 20 bytes and it shrinks. */
int rdb_save_string(struct rdb_w *w, const void *s, size_t len);
/* An integer as RDB strings carry them (int-encoded if it fits in 32 bits,
 * else its decimal digits). */
int rdb_save_ll(struct rdb_w *w, long long v);
int rdb_save_double_bin(struct rdb_w *w, double d);
int rdb_save_ms(struct rdb_w *w, long long ms);
int rdb_save_u64_le(struct rdb_w *w, uint64_t v);

struct rdb_r {
    const unsigned char *mem; /* memory source (NULL: read fd) */
    size_t memlen;
    int fd;
    unsigned char *buf; /* fd reads: buffer */
    size_t blen, bpos;
    long long remaining; /* bytes left in the source (fd: from its size at open, -1: unknown) */
    int checksum;
    uint64_t crc;
    long long total; /* bytes consumed */
};

void rdbr_init_mem(struct rdb_r *r, const void *p, size_t len);
/* Reads fd from its current offset; its size bounds every length read. */
void rdbr_init_fd(struct rdb_r *r, int fd);
void rdbr_free(struct rdb_r *r);
/* Exactly n bytes or -1. */
int rdbr_read(struct rdb_r *r, void *p, size_t n);
int rdb_load_byte(struct rdb_r *r); /* 0..255, -1 at the end or on error */
/* A length. With enc != NULL, a special-encoding byte (11xxxxxx) is allowed:
 * *enc = 1 and *len = the 6-bit encoding number; otherwise it is an error.
 * Returns 0 or -1. */
int rdb_load_len(struct rdb_r *r, uint64_t *len, int *enc);
/* A string of any encoding: a malloc'd NUL-terminated buffer (xfree it), or
 * NULL on error. *len gets its length. */
unsigned char *rdb_load_string(struct rdb_r *r, size_t *len);
/* A string that must be an integer (int-encoded or canonical digits). */
int rdb_load_ll(struct rdb_r *r, long long *v);
int rdb_load_double_bin(struct rdb_r *r, double *d);
int rdb_load_double_str(struct rdb_r *r, double *d); /* the old ZSET encoding */
int rdb_load_ms(struct rdb_r *r, long long *ms);
int rdb_load_seconds(struct rdb_r *r, int32_t *s);
int rdb_load_u64_le(struct rdb_r *r, uint64_t *v);

/* DUMP-style payload trailer: [2-byte RDB version][8-byte CRC64 of all that
 * precedes it]. rdb_payload_seal appends it to a memory writer;
 * rdb_payload_check verifies a payload (with the CRC unless skip_crc) and
 * returns the body length (payload minus trailer), or -1 if it is shorter
 * than the trailer, written by a newer RDB version, or fails the CRC. */
int rdb_payload_seal(struct rdb_w *w);
long rdb_payload_check(const unsigned char *p, size_t len, int skip_crc);

#endif
