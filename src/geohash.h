/* geohash: the 52-bit interleaved geohash Redis stores as sorted-set scores,
 * and the geometry the geo commands need (distances, search areas).
 *
 * A position is encoded at `step` bits per axis (26 for scores): the offsets
 * of latitude within [-85.05112878, 85.05112878] and of longitude within
 * [-180, 180], scaled to 2^step, truncated to integers, then interleaved with
 * latitude bits in the even positions and longitude bits in the odd ones.
 * Decoding gives the cell's bounds; its centre is the position reported.
 * Every formula and the order of its floating-point operations match Redis,
 * so scores, GEOPOS coordinates and distances agree to the last digit.
 *
 * No server state: a library, unit-tested on its own. */
#ifndef MNEMO_GEOHASH_H
#define MNEMO_GEOHASH_H
#include <stdint.h>

#define GEO_STEP_MAX 26
#define GEO_LAT_MIN  -85.05112878
#define GEO_LAT_MAX  85.05112878
#define GEO_LONG_MIN -180
#define GEO_LONG_MAX 180

struct geo_bits {
    uint64_t bits;
    uint8_t step; /* bits per axis; 0 with bits 0 means "no cell" */
};

struct geo_range {
    double min, max;
};

struct geo_area {
    struct geo_bits hash;
    struct geo_range lon, lat;
};

/* The eight neighbours of a cell. */
struct geo_neighbors {
    struct geo_bits north, east, west, south, north_east, south_east, north_west, south_west;
};

/* 1 ok; 0 if the point is outside the ranges or the step is invalid. */
int geohash_encode(const struct geo_range *lon_r, const struct geo_range *lat_r, double lon,
                   double lat, int step, struct geo_bits *out);
int geohash_encode_wgs84(double lon, double lat, int step, struct geo_bits *out);
int geohash_decode(struct geo_range lon_r, struct geo_range lat_r, struct geo_bits h,
                   struct geo_area *area);
int geohash_decode_wgs84(struct geo_bits h, struct geo_area *area);
/* Centre of the cell of a 26-step score: xy[0] longitude, xy[1] latitude. */
int geohash_decode_score(double score, double *xy);
void geohash_neighbors(const struct geo_bits *h, struct geo_neighbors *n);
/* The bits shifted to 52-bit score alignment. */
uint64_t geohash_align52(struct geo_bits h);

/* The standard 11-character geohash (latitudes -90..90) of a 26-step score's
 * position, as GEOHASH returns it. 0 if the score cannot be decoded. */
int geohash_to_string(double score, char out[11]);

/* Great-circle distance in meters (haversine, Earth radius 6372797.560856 m). */
double geo_distance(double lon1, double lat1, double lon2, double lat2);

/* A search shape: a circle (radius) or an axis-aligned box (width, height),
 * in units of `conversion` meters, around xy. */
enum { GEO_CIRCLE = 1, GEO_BOX = 2 };
struct geo_shape {
    int type;
    double xy[2];
    double conversion;
    double bounds[4]; /* min lon, min lat, max lon, max lat: filled by geo_search_areas */
    double radius;
    double width, height;
};

/* The cell around the centre and its neighbours that together cover the
 * shape (useless neighbours zeroed), as Redis computes them. */
struct geo_search {
    struct geo_bits hash;
    struct geo_neighbors neighbors;
    struct geo_area area;
};
void geo_search_areas(struct geo_shape *shape, struct geo_search *out);

/* 1 if the point of this score lies in the shape; fills its position and
 * its distance (meters) from the centre. */
int geo_within_shape(const struct geo_shape *shape, double score, double *xy, double *dist);

#endif
