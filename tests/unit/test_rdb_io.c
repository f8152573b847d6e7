/* Unit tests for src/crc64.c and src/rdb_io.c. The payload bytes were taken
 * from Redis 7.0.15's DUMP of the same values (a string, small and large
 * integers, a compressible 90-byte string), so these pin the length and
 * string encodings, the version/CRC trailer and LZF decoding to Redis's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "crc64.h"
#include "mem.h"
#include "rdb_io.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static size_t unhex(const char *h, unsigned char *out) {
    size_t n = 0;
    for (; h[0] && h[1]; h += 2) {
        unsigned v;
        sscanf(h, "%2x", &v);
        out[n++] = (unsigned char)v;
    }
    return n;
}

/* DUMP of a string value: type byte, RDB string, trailer. */
static unsigned char *dump_string(const char *s, size_t len, int compress, size_t *out) {
    struct rdb_w w;
    rdbw_init_mem(&w);
    w.compress = compress;
    assert_int_equal(rdb_save_byte(&w, RDB_TYPE_STRING), 0);
    assert_int_equal(rdb_save_string(&w, s, len), 0);
    assert_int_equal(rdb_payload_seal(&w), 0);
    return rdbw_take(&w, out);
}

static void check_dump(const char *val, const char *hex) {
    unsigned char want[256];
    size_t wl = unhex(hex, want), len;
    unsigned char *got = dump_string(val, strlen(val), 1, &len);
    assert_int_equal(len, wl);
    assert_memory_equal(got, want, wl);
    xfree(got);
}

static void test_crc64_check_value(void **state) {
    assert_true(crc64(0, "123456789", 9) == 0xe9c6d914c4b8d9caULL);
    unsigned char buf[1000];
    for (int i = 0; i < 1000; i++)
        buf[i] = (unsigned char)(i * 31 + 7);
    uint64_t whole = crc64(0, buf, sizeof(buf));
    for (size_t cut = 0; cut <= 17; cut++) /* pieces at every alignment */
        assert_true(crc64(crc64(0, buf, cut), buf + cut, sizeof(buf) - cut) == whole);
}

static void test_dump_matches_redis(void **state) {
    check_dump("hello", "000568656c6c6f0a006372df766534200a");
    check_dump("12345", "00c139300a009d94ea2793fc08b9");
    check_dump("123456789012", "000c3132333435363738393031320a00911001b1d116e7ac");
}

static void test_load_redis_lzf_payload(void **state) {
    unsigned char p[64];
    size_t n = unhex("00c30b405a0361626361e04b020162630a00238036f9e2d0c780", p);
    long body = rdb_payload_check(p, n, 0);
    assert_int_equal(body, (long)n - 10);
    struct rdb_r r;
    rdbr_init_mem(&r, p, (size_t)body);
    assert_int_equal(rdb_load_byte(&r), RDB_TYPE_STRING);
    size_t len;
    unsigned char *s = rdb_load_string(&r, &len);
    assert_non_null(s);
    assert_int_equal(len, 90);
    for (size_t i = 0; i < len; i++)
        assert_int_equal(s[i], "abc"[i % 3]);
    xfree(s);
    assert_int_equal(r.remaining, 0);
    p[3] ^= 1; /* any flipped bit fails the CRC */
    assert_int_equal(rdb_payload_check(p, n, 0), -1);
    assert_int_equal(rdb_payload_check(p, n, 1), (long)n - 10);
    p[n - 10] = 11; /* a newer RDB version */
    assert_int_equal(rdb_payload_check(p, n, 1), -1);
    assert_int_equal(rdb_payload_check(p, 9, 1), -1);
}

static void test_length_roundtrip(void **state) {
    static const uint64_t lens[] = {0,     1,     63,          64,          16383,
                                    16384, 65535, 4294967295u, 4294967296u, UINT64_MAX};
    static const size_t sizes[] = {1, 1, 1, 2, 2, 5, 5, 5, 9, 9};
    for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
        struct rdb_w w;
        rdbw_init_mem(&w);
        assert_int_equal(rdb_save_len(&w, lens[i]), 0);
        assert_int_equal(w.len, sizes[i]);
        struct rdb_r r;
        rdbr_init_mem(&r, w.buf, w.len);
        uint64_t got;
        int enc;
        assert_int_equal(rdb_load_len(&r, &got, &enc), 0);
        assert_true(got == lens[i]);
        assert_int_equal(enc, 0);
        rdbw_free(&w);
    }
}

static void test_string_roundtrip(void **state) {
    static const char *vals[] = {
        "",           "0",           "-1",         "127", "-128", "128", "32767", "-32768",
        "2147483647", "-2147483648", "2147483648", "007", "+1",   "1 ",  "abc",   "-0"};
    for (int compress = 0; compress <= 1; compress++) {
        for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
            struct rdb_w w;
            rdbw_init_mem(&w);
            w.compress = compress;
            assert_int_equal(rdb_save_string(&w, vals[i], strlen(vals[i])), 0);
            struct rdb_r r;
            rdbr_init_mem(&r, w.buf, w.len);
            size_t len;
            unsigned char *s = rdb_load_string(&r, &len);
            assert_non_null(s);
            assert_int_equal(len, strlen(vals[i]));
            assert_memory_equal(s, vals[i], len);
            assert_int_equal(r.remaining, 0);
            xfree(s);
            rdbw_free(&w);
        }
        char big[5000]; /* compressible: written LZF only when compress is on */
        for (size_t i = 0; i < sizeof(big); i++)
            big[i] = (char)('a' + (i % 7));
        struct rdb_w w;
        rdbw_init_mem(&w);
        w.compress = compress;
        assert_int_equal(rdb_save_string(&w, big, sizeof(big)), 0);
        assert_int_equal(w.buf[0] == 0xC3, compress);
        struct rdb_r r;
        rdbr_init_mem(&r, w.buf, w.len);
        size_t len;
        unsigned char *s = rdb_load_string(&r, &len);
        assert_non_null(s);
        assert_int_equal(len, sizeof(big));
        assert_memory_equal(s, big, len);
        xfree(s);
        rdbw_free(&w);
    }
}

static void test_ll_and_doubles(void **state) {
    static const long long vals[] = {
        0, -1, 200, -40000, 2147483647LL, 2147483648LL, -9223372036854775807LL - 1};
    struct rdb_w w;
    rdbw_init_mem(&w);
    for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++)
        assert_int_equal(rdb_save_ll(&w, vals[i]), 0);
    assert_int_equal(rdb_save_double_bin(&w, 3.25), 0);
    assert_int_equal(rdb_save_double_bin(&w, -INFINITY), 0);
    assert_int_equal(rdb_save_ms(&w, 1700000000123LL), 0);
    struct rdb_r r;
    rdbr_init_mem(&r, w.buf, w.len);
    for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
        long long v;
        assert_int_equal(rdb_load_ll(&r, &v), 0);
        assert_true(v == vals[i]);
    }
    double d;
    assert_int_equal(rdb_load_double_bin(&r, &d), 0);
    assert_true(d == 3.25);
    assert_int_equal(rdb_load_double_bin(&r, &d), 0);
    assert_true(isinf(d) && d < 0);
    long long ms;
    assert_int_equal(rdb_load_ms(&r, &ms), 0);
    assert_true(ms == 1700000000123LL);
    assert_int_equal(rdb_load_byte(&r), -1);
    rdbw_free(&w);
    /* the old string form of doubles */
    unsigned char old[] = {4, '1', '.', '5', '0', 253, 254, 255, 2, 'x', 'y'};
    rdbr_init_mem(&r, old, sizeof(old));
    assert_int_equal(rdb_load_double_str(&r, &d), 0);
    assert_true(d == 1.5);
    assert_int_equal(rdb_load_double_str(&r, &d), 0);
    assert_true(isnan(d));
    assert_int_equal(rdb_load_double_str(&r, &d), 0);
    assert_true(isinf(d) && d > 0);
    assert_int_equal(rdb_load_double_str(&r, &d), 0);
    assert_true(isinf(d) && d < 0);
    assert_int_equal(rdb_load_double_str(&r, &d), -1);
}

static void test_corrupt_input_fails_cleanly(void **state) {
    /* lengths beyond the remaining bytes, a truncated 32-bit length, an LZF
     * header claiming a huge expansion, a bad special encoding */
    static const char *bad[] = {
        "05616263", "80ffffff", "81ffffffffffffffff00", "c30380ffffff00616263", "c4", "c1ff",
        "c30005",   "c3010500"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        unsigned char p[32];
        size_t n = unhex(bad[i], p);
        struct rdb_r r;
        rdbr_init_mem(&r, p, n);
        size_t len;
        assert_null(rdb_load_string(&r, &len));
    }
}

static void test_fd_writer_and_reader(void **state) {
    char path[] = "/tmp/mnemo-rdbio-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    struct rdb_w w;
    rdbw_init_fd(&w, fd);
    w.checksum = 1;
    char chunk[1000];
    memset(chunk, 'z', sizeof(chunk));
    for (int i = 0; i < 300; i++) /* crosses the flush threshold several times */
        assert_int_equal(rdb_save_string(&w, chunk, sizeof(chunk)), 0);
    assert_int_equal(rdbw_flush(&w), 0);
    uint64_t wcrc = w.crc;
    long long total = w.total;
    rdbw_free(&w);
    lseek(fd, 0, SEEK_SET);
    struct rdb_r r;
    rdbr_init_fd(&r, fd);
    r.checksum = 1;
    assert_int_equal(r.remaining, total);
    for (int i = 0; i < 300; i++) {
        size_t len;
        unsigned char *s = rdb_load_string(&r, &len);
        assert_non_null(s);
        assert_int_equal(len, sizeof(chunk));
        xfree(s);
    }
    assert_true(r.crc == wcrc);
    assert_int_equal(rdb_load_byte(&r), -1);
    rdbr_free(&r);
    close(fd);
    unlink(path);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crc64_check_value),
        cmocka_unit_test(test_dump_matches_redis),
        cmocka_unit_test(test_load_redis_lzf_payload),
        cmocka_unit_test(test_length_roundtrip),
        cmocka_unit_test(test_string_roundtrip),
        cmocka_unit_test(test_ll_and_doubles),
        cmocka_unit_test(test_corrupt_input_fails_cleanly),
        cmocka_unit_test(test_fd_writer_and_reader),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
