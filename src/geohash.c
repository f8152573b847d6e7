/* geohash: encoding, decoding, neighbours and distances; see geohash.h.
 * Invariant: results must be bit-identical to Redis's, so each formula keeps
 * Redis's operation order (do not "simplify" the arithmetic). */
#include "geohash.h"
#include <math.h>

#define D_R          (M_PI / 180.0)
#define EARTH_RADIUS 6372797.560856
#define MERCATOR_MAX 20037726.37

static inline double deg_rad(double a) {
    return a * D_R;
}

static inline double rad_deg(double a) {
    return a / D_R;
}

/* Spreads the 32 bits of v to the even bit positions of a 64-bit word. */
static uint64_t spread(uint32_t v) {
    uint64_t x = v;
    x = (x | (x << 16)) & 0x0000FFFF0000FFFFULL;
    x = (x | (x << 8)) & 0x00FF00FF00FF00FFULL;
    x = (x | (x << 4)) & 0x0F0F0F0F0F0F0F0FULL;
    x = (x | (x << 2)) & 0x3333333333333333ULL;
    x = (x | (x << 1)) & 0x5555555555555555ULL;
    return x;
}

/* Gathers the even bits of x into a 32-bit value. */
static uint32_t squash(uint64_t x) {
    x &= 0x5555555555555555ULL;
    x = (x | (x >> 1)) & 0x3333333333333333ULL;
    x = (x | (x >> 2)) & 0x0F0F0F0F0F0F0F0FULL;
    x = (x | (x >> 4)) & 0x00FF00FF00FF00FFULL;
    x = (x | (x >> 8)) & 0x0000FFFF0000FFFFULL;
    x = (x | (x >> 16)) & 0x00000000FFFFFFFFULL;
    return (uint32_t)x;
}

static const struct geo_range wgs_lon = {GEO_LONG_MIN, GEO_LONG_MAX};
static const struct geo_range wgs_lat = {GEO_LAT_MIN, GEO_LAT_MAX};

int geohash_encode(const struct geo_range *lon_r, const struct geo_range *lat_r, double lon,
                   double lat, int step, struct geo_bits *out) {
    if (step > 32 || step == 0) return 0;
    if ((lat_r->max == 0 && lat_r->min == 0) || (lon_r->max == 0 && lon_r->min == 0)) return 0;
    if (lon > GEO_LONG_MAX || lon < GEO_LONG_MIN || lat > GEO_LAT_MAX || lat < GEO_LAT_MIN)
        return 0;
    out->bits = 0;
    out->step = (uint8_t)step;
    if (lat < lat_r->min || lat > lat_r->max || lon < lon_r->min || lon > lon_r->max) return 0;
    double lat_off = (lat - lat_r->min) / (lat_r->max - lat_r->min);
    double lon_off = (lon - lon_r->min) / (lon_r->max - lon_r->min);
    lat_off *= (1ULL << step);
    lon_off *= (1ULL << step);
    out->bits = spread((uint32_t)lat_off) | (spread((uint32_t)lon_off) << 1);
    return 1;
}

int geohash_encode_wgs84(double lon, double lat, int step, struct geo_bits *out) {
    return geohash_encode(&wgs_lon, &wgs_lat, lon, lat, step, out);
}

int geohash_decode(struct geo_range lon_r, struct geo_range lat_r, struct geo_bits h,
                   struct geo_area *area) {
    if ((!h.bits && !h.step) || (!lat_r.max && !lat_r.min) || (!lon_r.max && !lon_r.min)) return 0;
    area->hash = h;
    uint32_t ilat = squash(h.bits), ilon = squash(h.bits >> 1);
    double lat_scale = lat_r.max - lat_r.min, lon_scale = lon_r.max - lon_r.min;
    area->lat.min = lat_r.min + (ilat * 1.0 / (1ull << h.step)) * lat_scale;
    area->lat.max = lat_r.min + ((ilat + 1) * 1.0 / (1ull << h.step)) * lat_scale;
    area->lon.min = lon_r.min + (ilon * 1.0 / (1ull << h.step)) * lon_scale;
    area->lon.max = lon_r.min + ((ilon + 1) * 1.0 / (1ull << h.step)) * lon_scale;
    return 1;
}

int geohash_decode_wgs84(struct geo_bits h, struct geo_area *area) {
    return geohash_decode(wgs_lon, wgs_lat, h, area);
}

int geohash_decode_score(double score, double *xy) {
    struct geo_bits h = {(uint64_t)score, GEO_STEP_MAX};
    struct geo_area a;
    if (!geohash_decode_wgs84(h, &a)) return 0;
    xy[0] = (a.lon.min + a.lon.max) / 2;
    if (xy[0] > GEO_LONG_MAX) xy[0] = GEO_LONG_MAX;
    if (xy[0] < GEO_LONG_MIN) xy[0] = GEO_LONG_MIN;
    xy[1] = (a.lat.min + a.lat.max) / 2;
    if (xy[1] > GEO_LAT_MAX) xy[1] = GEO_LAT_MAX;
    if (xy[1] < GEO_LAT_MIN) xy[1] = GEO_LAT_MIN;
    return 1;
}

/* Moves a cell one step east (d > 0) or west (d < 0): longitude bits are the
 * odd ones; the carry runs through the gaps filled with ones. */
static void move_lon(struct geo_bits *h, int d) {
    uint64_t x = h->bits & 0xaaaaaaaaaaaaaaaaULL, y = h->bits & 0x5555555555555555ULL;
    uint64_t zz = 0x5555555555555555ULL >> (64 - h->step * 2);
    if (d > 0) {
        x = x + (zz + 1);
    } else {
        x = x | zz;
        x = x - (zz + 1);
    }
    x &= (0xaaaaaaaaaaaaaaaaULL >> (64 - h->step * 2));
    h->bits = x | y;
}

static void move_lat(struct geo_bits *h, int d) {
    uint64_t x = h->bits & 0xaaaaaaaaaaaaaaaaULL, y = h->bits & 0x5555555555555555ULL;
    uint64_t zz = 0xaaaaaaaaaaaaaaaaULL >> (64 - h->step * 2);
    if (d > 0) {
        y = y + (zz + 1);
    } else {
        y = y | zz;
        y = y - (zz + 1);
    }
    y &= (0x5555555555555555ULL >> (64 - h->step * 2));
    h->bits = x | y;
}

static struct geo_bits moved(const struct geo_bits *h, int dlon, int dlat) {
    struct geo_bits n = *h;
    if (dlon) move_lon(&n, dlon);
    if (dlat) move_lat(&n, dlat);
    return n;
}

void geohash_neighbors(const struct geo_bits *h, struct geo_neighbors *n) {
    n->east = moved(h, 1, 0);
    n->west = moved(h, -1, 0);
    n->south = moved(h, 0, -1);
    n->north = moved(h, 0, 1);
    n->north_west = moved(h, -1, 1);
    n->north_east = moved(h, 1, 1);
    n->south_east = moved(h, 1, -1);
    n->south_west = moved(h, -1, -1);
}

uint64_t geohash_align52(struct geo_bits h) {
    return h.bits << (52 - h.step * 2);
}

int geohash_to_string(double score, char out[11]) {
    static const char alphabet[] = "0123456789bcdefghjkmnpqrstuvwxyz";
    double xy[2];
    if (!geohash_decode_score(score, xy)) return 0;
    struct geo_range lon_r = {-180, 180}, lat_r = {-90, 90};
    struct geo_bits h;
    geohash_encode(&lon_r, &lat_r, xy[0], xy[1], 26, &h);
    for (int i = 0; i < 11; i++) {
        /* 52 bits make 10 characters; the 11th is always '0' */
        int idx = i == 10 ? 0 : (int)((h.bits >> (52 - ((i + 1) * 5))) & 0x1f);
        out[i] = alphabet[idx];
    }
    return 1;
}

/* ------------------------------------------------------------ distances */

static double lat_distance(double lat1, double lat2) {
    return EARTH_RADIUS * fabs(deg_rad(lat2) - deg_rad(lat1));
}

double geo_distance(double lon1, double lat1, double lon2, double lat2) {
    double lon1r = deg_rad(lon1), lon2r = deg_rad(lon2);
    double v = sin((lon2r - lon1r) / 2);
    if (v == 0.0) return lat_distance(lat1, lat2);
    double lat1r = deg_rad(lat1), lat2r = deg_rad(lat2);
    double u = sin((lat2r - lat1r) / 2);
    double a = u * u + cos(lat1r) * cos(lat2r) * v * v;
    return 2.0 * EARTH_RADIUS * asin(sqrt(a));
}

int geo_within_shape(const struct geo_shape *s, double score, double *xy, double *dist) {
    if (!geohash_decode_score(score, xy)) return 0;
    if (s->type == GEO_CIRCLE) {
        *dist = geo_distance(s->xy[0], s->xy[1], xy[0], xy[1]);
        return *dist <= s->radius * s->conversion;
    }
    double w = s->width * s->conversion, h = s->height * s->conversion;
    if (lat_distance(xy[1], s->xy[1]) > h / 2) return 0;
    if (geo_distance(xy[0], xy[1], s->xy[0], xy[1]) > w / 2) return 0;
    *dist = geo_distance(s->xy[0], s->xy[1], xy[0], xy[1]);
    return 1;
}

/* ------------------------------------------------------------ search areas */

/* Bits per axis for cells about as large as the search radius. */
static int estimate_steps(double range_m, double lat) {
    if (range_m == 0) return 26;
    int step = 1;
    while (range_m < MERCATOR_MAX) {
        range_m *= 2;
        step++;
    }
    step -= 2;
    if (lat > 66 || lat < -66) {
        step--;
        if (lat > 80 || lat < -80) step--;
    }
    if (step < 1) step = 1;
    if (step > 26) step = 26;
    return step;
}

static void bounding_box(struct geo_shape *s) {
    double lon = s->xy[0], lat = s->xy[1];
    double height = s->conversion * (s->type == GEO_CIRCLE ? s->radius : s->height / 2);
    double width = s->conversion * (s->type == GEO_CIRCLE ? s->radius : s->width / 2);
    const double lat_delta = rad_deg(height / EARTH_RADIUS);
    const double lon_delta_top = rad_deg(width / EARTH_RADIUS / cos(deg_rad(lat + lat_delta)));
    const double lon_delta_bottom = rad_deg(width / EARTH_RADIUS / cos(deg_rad(lat - lat_delta)));
    int south = lat < 0;
    s->bounds[0] = south ? lon - lon_delta_bottom : lon - lon_delta_top;
    s->bounds[2] = south ? lon + lon_delta_bottom : lon + lon_delta_top;
    s->bounds[1] = lat - lat_delta;
    s->bounds[3] = lat + lat_delta;
}

static const struct geo_bits zero_bits = {0, 0};

void geo_search_areas(struct geo_shape *s, struct geo_search *out) {
    bounding_box(s);
    double min_lon = s->bounds[0], min_lat = s->bounds[1], max_lon = s->bounds[2],
           max_lat = s->bounds[3];
    double lon = s->xy[0], lat = s->xy[1];
    double radius_m =
        s->type == GEO_CIRCLE
            ? s->radius
            : sqrt((s->width / 2) * (s->width / 2) + (s->height / 2) * (s->height / 2));
    radius_m *= s->conversion;
    int steps = estimate_steps(radius_m, lat);
    struct geo_bits hash;
    struct geo_neighbors nb;
    struct geo_area area;
    geohash_encode(&wgs_lon, &wgs_lat, lon, lat, steps, &hash);
    geohash_neighbors(&hash, &nb);
    geohash_decode(wgs_lon, wgs_lat, hash, &area);
    /* Near the edge of the centre cell the neighbours may not reach far
     * enough: then use cells twice as large. */
    int decrease = 0;
    struct geo_area north, south, east, west;
    geohash_decode(wgs_lon, wgs_lat, nb.north, &north);
    geohash_decode(wgs_lon, wgs_lat, nb.south, &south);
    geohash_decode(wgs_lon, wgs_lat, nb.east, &east);
    geohash_decode(wgs_lon, wgs_lat, nb.west, &west);
    if (north.lat.max < max_lat) decrease = 1;
    if (south.lat.min > min_lat) decrease = 1;
    if (east.lon.max < max_lon) decrease = 1;
    if (west.lon.min > min_lon) decrease = 1;
    if (steps > 1 && decrease) {
        steps--;
        geohash_encode(&wgs_lon, &wgs_lat, lon, lat, steps, &hash);
        geohash_neighbors(&hash, &nb);
        geohash_decode(wgs_lon, wgs_lat, hash, &area);
    }
    /* Drop the neighbours the search area cannot reach. */
    if (steps >= 2) {
        if (area.lat.min < min_lat) nb.south = nb.south_west = nb.south_east = zero_bits;
        if (area.lat.max > max_lat) nb.north = nb.north_east = nb.north_west = zero_bits;
        if (area.lon.min < min_lon) nb.west = nb.south_west = nb.north_west = zero_bits;
        if (area.lon.max > max_lon) nb.east = nb.south_east = nb.north_east = zero_bits;
    }
    out->hash = hash;
    out->neighbors = nb;
    out->area = area;
}
