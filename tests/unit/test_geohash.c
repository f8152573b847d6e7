/* Unit tests for geohash: scores, decoded positions, geohash strings and
 * distances compared with the exact values Redis 7.0.15 gives for the same
 * points (GEOADD/ZSCORE/GEOPOS/GEOHASH/GEODIST, recorded from redis-server),
 * plus neighbours and range checks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geohash.h"

struct vec {
    double lon, lat;         /* as given to GEOADD */
    uint64_t score;          /* ZSCORE */
    const char *plon, *plat; /* GEOPOS */
    const char *hash;        /* GEOHASH */
};

static const struct vec vecs[] = {
    {13.361389, 38.115556, 3479099956230698ULL, "13.36138933897018433", "38.11555639549629859",
     "sqc8b49rny0"},
    {15.087269, 37.502669, 3479447370796909ULL, "15.08726745843887329", "37.50266842333162032",
     "sqdtr74hyu0"},
    {-122.4194, 37.7749, 1367859919124626ULL, "-122.41940170526504517", "37.77490001056577995",
     "9q8yyk8ytp0"},
    {0, 0, 3377699720527872ULL, "0.00000268220901489", "0.00000126736058093", "s0000000000"},
    {-180, -85.05112878, 0ULL, "-179.99999731779098511", "-85.05112751263942528", "00bh0hbj200"},
    {180, 85.05112878, 13510798882111488ULL, "180", "85.0511287799999991", "bp05b5048p0"},
    {151.2093, -33.8688, 3252046221964352ULL, "151.20929986238479614", "-33.86880091934155956",
     "r3gx2f77bj0"},
};

#define NVEC (sizeof(vecs) / sizeof(vecs[0]))

/* GEOPOS text: "%.17Lf" without trailing zeros (or the dot). */
static void assert_coord(double v, const char *want) {
    char buf[64];
    int n = snprintf(buf, sizeof(buf), "%.17Lf", (long double)v);
    while (n > 0 && buf[n - 1] == '0')
        n--;
    if (n > 0 && buf[n - 1] == '.') n--;
    buf[n] = '\0';
    assert_string_equal(buf, want);
}

static void test_scores(void **state) {
    for (size_t i = 0; i < NVEC; i++) {
        struct geo_bits h;
        assert_true(geohash_encode_wgs84(vecs[i].lon, vecs[i].lat, GEO_STEP_MAX, &h));
        assert_int_equal(geohash_align52(h), vecs[i].score);
    }
}

static void test_positions_and_strings(void **state) {
    for (size_t i = 0; i < NVEC; i++) {
        double xy[2];
        assert_true(geohash_decode_score((double)vecs[i].score, xy));
        assert_coord(xy[0], vecs[i].plon);
        assert_coord(xy[1], vecs[i].plat);
        char buf[11];
        assert_true(geohash_to_string((double)vecs[i].score, buf));
        assert_memory_equal(buf, vecs[i].hash, 11);
    }
}

/* GEODIST rounds to 4 decimals with llrint(d * 10000). */
static long long dist4(size_t a, size_t b) {
    double p[2], q[2];
    geohash_decode_score((double)vecs[a].score, p);
    geohash_decode_score((double)vecs[b].score, q);
    return llrint(geo_distance(p[0], p[1], q[0], q[1]) * 10000.0);
}

static void test_distances(void **state) {
    assert_int_equal(dist4(0, 1), 1662741516LL);   /* Palermo-Catania 166274.1516 */
    assert_int_equal(dist4(2, 6), 119510314578LL); /* SF-Sydney 11951031.4578 */
    assert_int_equal(dist4(3, 5), 105608114940LL); /* (0,0)-corner 10560811.4940 */
    assert_int_equal(dist4(0, 0), 0);
}

static void test_out_of_range(void **state) {
    struct geo_bits h;
    assert_false(geohash_encode_wgs84(180.0001, 0, 26, &h));
    assert_false(geohash_encode_wgs84(0, 85.06, 26, &h));
    assert_false(geohash_encode_wgs84(0, 0, 0, &h));
    assert_false(geohash_encode_wgs84(0, 0, 33, &h));
}

/* Neighbours of a cell are the adjacent cells at the same step. */
static void test_neighbors(void **state) {
    struct geo_bits h;
    struct geo_area c, a;
    struct geo_neighbors n;
    geohash_encode_wgs84(13.361389, 38.115556, 10, &h);
    geohash_decode_wgs84(h, &c);
    geohash_neighbors(&h, &n);
    geohash_decode_wgs84(n.north, &a);
    assert_true(fabs(a.lat.min - c.lat.max) < 1e-9 && a.lon.min == c.lon.min);
    geohash_decode_wgs84(n.south, &a);
    assert_true(fabs(a.lat.max - c.lat.min) < 1e-9 && a.lon.min == c.lon.min);
    geohash_decode_wgs84(n.east, &a);
    assert_true(fabs(a.lon.min - c.lon.max) < 1e-9 && a.lat.min == c.lat.min);
    geohash_decode_wgs84(n.west, &a);
    assert_true(fabs(a.lon.max - c.lon.min) < 1e-9 && a.lat.min == c.lat.min);
    geohash_decode_wgs84(n.north_east, &a);
    assert_true(fabs(a.lat.min - c.lat.max) < 1e-9 && fabs(a.lon.min - c.lon.max) < 1e-9);
    geohash_decode_wgs84(n.south_west, &a);
    assert_true(fabs(a.lat.max - c.lat.min) < 1e-9 && fabs(a.lon.max - c.lon.min) < 1e-9);
}

/* A search area covers every point of the shape. */
static void test_search_covers_shape(void **state) {
    srand(9);
    for (int t = 0; t < 200; t++) {
        struct geo_shape s = {0};
        s.type = t % 2 ? GEO_CIRCLE : GEO_BOX;
        s.xy[0] = (rand() % 3400) / 10.0 - 170;
        s.xy[1] = (rand() % 1600) / 10.0 - 80;
        s.conversion = 1000;
        s.radius = 1 + rand() % 500;
        s.width = 1 + rand() % 500;
        s.height = 1 + rand() % 500;
        struct geo_search area;
        geo_search_areas(&s, &area);
        struct geo_bits cells[9] = {area.hash,
                                    area.neighbors.north,
                                    area.neighbors.south,
                                    area.neighbors.east,
                                    area.neighbors.west,
                                    area.neighbors.north_east,
                                    area.neighbors.north_west,
                                    area.neighbors.south_east,
                                    area.neighbors.south_west};
        for (int p = 0; p < 100; p++) {
            double lon = s.bounds[0] + (s.bounds[2] - s.bounds[0]) * (rand() / (double)RAND_MAX);
            double lat = s.bounds[1] + (s.bounds[3] - s.bounds[1]) * (rand() / (double)RAND_MAX);
            struct geo_bits ph;
            if (!geohash_encode_wgs84(lon, lat, GEO_STEP_MAX, &ph)) continue;
            double xy[2], d;
            if (!geo_within_shape(&s, (double)geohash_align52(ph), xy, &d)) continue;
            int covered = 0;
            for (int i = 0; i < 9 && !covered; i++) {
                if (!cells[i].bits && !cells[i].step) continue;
                uint64_t lo = geohash_align52(cells[i]);
                struct geo_bits nx = cells[i];
                nx.bits++;
                uint64_t hi = geohash_align52(nx);
                uint64_t sc = geohash_align52(ph);
                covered = sc >= lo && sc < hi;
            }
            assert_true(covered);
        }
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scores),    cmocka_unit_test(test_positions_and_strings),
        cmocka_unit_test(test_distances), cmocka_unit_test(test_out_of_range),
        cmocka_unit_test(test_neighbors), cmocka_unit_test(test_search_covers_shape),
    };
    return cmocka_run_group_tests_name("geohash", tests, NULL, NULL);
}
