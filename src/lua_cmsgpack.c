/* lua_cmsgpack: the `cmsgpack` Lua 5.1 library that Redis scripts expect.
 *
 * Encoding rules (byte-compatible with the library bundled in Redis 7.0):
 * - numbers whose value is an exact int64 become the smallest msgpack integer
 *   (positive fixint, uint8..uint64, negative fixint, int8..int64); other numbers
 *   become float32 (0xca) when a float holds them exactly, else float64 (0xcb);
 * - strings use fixstr / str8 (0xd9) / str16 / str32 headers (no bin types);
 * - a table whose keys are exactly the integers 1..n is an array, any other table
 *   a map; tables nested MAX_DEPTH deep encode as nil (cycles terminate);
 * - booleans, nil and any other Lua type (functions, userdata) become nil/bools.
 * Decoding understands the same subset; unknown type bytes fail with
 * "Bad data format in input.", truncated input with "Missing bytes in input.".
 * The output buffer is a plain heap block that grows by doubling; it is freed
 * before returning (a Lua memory error while encoding may leak it). */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lauxlib.h"
#include "lua.h"

#include "mem.h"

#define MAX_DEPTH 16

struct obuf {
    unsigned char *p;
    size_t len, cap;
};

static void ob_put(struct obuf *b, const void *src, size_t n) {
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->len + n)
            cap *= 2;
        b->p = xrealloc(b->p, cap);
        b->cap = cap;
    }
    memcpy(b->p + b->len, src, n);
    b->len += n;
}

/* Writes a type byte followed by `width` big-endian bytes of v. */
static void ob_tagged(struct obuf *b, unsigned char tag, uint64_t v, int width) {
    unsigned char tmp[9];
    tmp[0] = tag;
    for (int i = 0; i < width; i++)
        tmp[width - i] = (unsigned char)(v >> (8 * i));
    ob_put(b, tmp, (size_t)width + 1);
}

static void enc_int(struct obuf *b, int64_t v) {
    if (v >= 0) {
        if (v < 128)
            ob_tagged(b, (unsigned char)v, 0, 0);
        else if (v <= UINT8_MAX)
            ob_tagged(b, 0xcc, (uint64_t)v, 1);
        else if (v <= UINT16_MAX)
            ob_tagged(b, 0xcd, (uint64_t)v, 2);
        else if (v <= UINT32_MAX)
            ob_tagged(b, 0xce, (uint64_t)v, 4);
        else
            ob_tagged(b, 0xcf, (uint64_t)v, 8);
    } else {
        if (v >= -32)
            ob_tagged(b, (unsigned char)(int8_t)v, 0, 0);
        else if (v >= INT8_MIN)
            ob_tagged(b, 0xd0, (uint64_t)v, 1);
        else if (v >= INT16_MIN)
            ob_tagged(b, 0xd1, (uint64_t)v, 2);
        else if (v >= INT32_MIN)
            ob_tagged(b, 0xd2, (uint64_t)v, 4);
        else
            ob_tagged(b, 0xd3, (uint64_t)v, 8);
    }
}

static void enc_number(struct obuf *b, double d) {
    /* 2^63 itself does not fit an int64: anything below it (and >= -2^63) does. */
    if (!isnan(d) && d >= -9223372036854775808.0 && d < 9223372036854775808.0 &&
        (double)(int64_t)d == d) {
        enc_int(b, (int64_t)d);
        return;
    }
    float f = (float)d;
    if ((double)f == d) {
        uint32_t u;
        memcpy(&u, &f, 4);
        ob_tagged(b, 0xca, u, 4);
    } else {
        uint64_t u;
        memcpy(&u, &d, 8);
        ob_tagged(b, 0xcb, u, 8);
    }
}

static void enc_string(struct obuf *b, const char *s, size_t len) {
    if (len < 32)
        ob_tagged(b, (unsigned char)(0xa0 | len), 0, 0);
    else if (len <= UINT8_MAX)
        ob_tagged(b, 0xd9, len, 1);
    else if (len <= UINT16_MAX)
        ob_tagged(b, 0xda, len, 2);
    else
        ob_tagged(b, 0xdb, len, 4);
    ob_put(b, s, len);
}

/* Container header: fix form below 16 entries, then 16- and 32-bit counts. */
static void enc_container(struct obuf *b, size_t n, unsigned char fix, unsigned char c16) {
    if (n < 16)
        ob_tagged(b, (unsigned char)(fix | n), 0, 0);
    else if (n <= UINT16_MAX)
        ob_tagged(b, c16, n, 2);
    else
        ob_tagged(b, c16 + 1, n, 4);
}

/* True when the keys of the table at the top are exactly 1..n (n may be 0). */
static int is_sequence(lua_State *L) {
    int top = lua_gettop(L);
    double count = 0, max = 0;
    luaL_checkstack(L, 2, "cmsgpack: table scan");
    lua_pushnil(L);
    while (lua_next(L, -2)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TNUMBER) {
            lua_settop(L, top);
            return 0;
        }
        double k = lua_tonumber(L, -1);
        if (!(k > 0 && k <= INT_MAX && (double)(int)k == k)) {
            lua_settop(L, top);
            return 0;
        }
        if (k > max) max = k;
        count++;
    }
    lua_settop(L, top);
    return max == count;
}

static void enc_value(lua_State *L, struct obuf *b, int depth);

static void enc_table(lua_State *L, struct obuf *b, int depth) {
    luaL_checkstack(L, 3, "cmsgpack: nested table");
    if (is_sequence(L)) {
        size_t n = lua_objlen(L, -1);
        enc_container(b, n, 0x90, 0xdc);
        for (size_t i = 1; i <= n; i++) {
            lua_pushnumber(L, (lua_Number)i);
            lua_gettable(L, -2);
            enc_value(L, b, depth + 1);
        }
        return;
    }
    size_t n = 0;
    lua_pushnil(L);
    while (lua_next(L, -2)) {
        lua_pop(L, 1);
        n++;
    }
    enc_container(b, n, 0x80, 0xde);
    lua_pushnil(L);
    while (lua_next(L, -2)) {
        lua_pushvalue(L, -2);
        enc_value(L, b, depth + 1); /* the key copy */
        enc_value(L, b, depth + 1); /* the value */
    }
}

/* Encodes the value at the top of the stack and pops it. */
static void enc_value(lua_State *L, struct obuf *b, int depth) {
    static const unsigned char nil = 0xc0, f = 0xc2, t = 0xc3;
    size_t len;
    const char *s;
    switch (lua_type(L, -1)) {
    case LUA_TSTRING:
        s = lua_tolstring(L, -1, &len);
        enc_string(b, s, len);
        break;
    case LUA_TNUMBER: enc_number(b, (double)lua_tonumber(L, -1)); break;
    case LUA_TBOOLEAN: ob_put(b, lua_toboolean(L, -1) ? &t : &f, 1); break;
    case LUA_TTABLE:
        if (depth < MAX_DEPTH) {
            enc_table(L, b, depth);
            break;
        }
        /* too deep: written as nil */
        __attribute__((fallthrough));
    default: ob_put(b, &nil, 1); break;
    }
    lua_pop(L, 1);
}

static int mp_pack(lua_State *L) {
    int n = lua_gettop(L);
    if (n == 0) return luaL_argerror(L, 0, "MessagePack pack needs input.");
    struct obuf b = {NULL, 0, 0};
    for (int i = 1; i <= n; i++) {
        luaL_checkstack(L, 1, "cmsgpack: pack");
        lua_pushvalue(L, i);
        enc_value(L, &b, 0);
    }
    lua_pushlstring(L, b.p ? (const char *)b.p : "", b.len);
    xfree(b.p);
    return 1;
}

/* ---- decoding ---- */

enum { DEC_OK, DEC_SHORT, DEC_BADFMT };

struct cursor {
    const unsigned char *p;
    size_t left;
    int err;
};

static uint64_t be(const unsigned char *p, int width) {
    uint64_t v = 0;
    for (int i = 0; i < width; i++)
        v = (v << 8) | p[i];
    return v;
}

/* Takes `width` bytes after the type byte as a big-endian integer, consuming
 * both; returns 0 and flags the cursor when the input ends too early. */
static int take(struct cursor *c, int width, uint64_t *out) {
    if (c->left < (size_t)width + 1) {
        c->err = DEC_SHORT;
        return 0;
    }
    *out = be(c->p + 1, width);
    c->p += width + 1;
    c->left -= (size_t)width + 1;
    return 1;
}

static void dec_value(lua_State *L, struct cursor *c);

static void dec_str(lua_State *L, struct cursor *c, size_t len) {
    if (c->left < len) {
        c->err = DEC_SHORT;
        return;
    }
    lua_pushlstring(L, (const char *)c->p, len);
    c->p += len;
    c->left -= len;
}

static void dec_array(lua_State *L, struct cursor *c, uint64_t n) {
    lua_newtable(L);
    luaL_checkstack(L, 2, "cmsgpack: nested array");
    for (uint64_t i = 1; i <= n; i++) {
        lua_pushnumber(L, (lua_Number)i);
        dec_value(L, c);
        if (c->err) return;
        lua_settable(L, -3);
    }
}

static void dec_map(lua_State *L, struct cursor *c, uint64_t n) {
    lua_newtable(L);
    luaL_checkstack(L, 2, "cmsgpack: nested map");
    for (uint64_t i = 0; i < n; i++) {
        dec_value(L, c);
        if (c->err) return;
        dec_value(L, c);
        if (c->err) return;
        lua_settable(L, -3);
    }
}

/* Decodes one value at the cursor and pushes it (on error: flags the cursor;
 * what was pushed does not matter, the caller raises). */
static void dec_value(lua_State *L, struct cursor *c) {
    uint64_t v;
    if (c->left < 1) {
        c->err = DEC_SHORT;
        return;
    }
    luaL_checkstack(L, 1,
                    "too many return values at once; use unpack_one or unpack_limit instead.");
    unsigned char t = c->p[0];
    if (t < 0x80 || t >= 0xe0) { /* positive / negative fixint */
        lua_pushinteger(L, (lua_Integer)(int8_t)t);
        c->p++;
        c->left--;
        return;
    }
    if (t >= 0x80 && t <= 0xbf) { /* fixmap, fixarray, fixstr */
        c->p++;
        c->left--;
        if (t >= 0xa0)
            dec_str(L, c, t & 0x1f);
        else if (t >= 0x90)
            dec_array(L, c, t & 0x0f);
        else
            dec_map(L, c, t & 0x0f);
        return;
    }
    switch (t) {
    case 0xc0:
    case 0xc2:
    case 0xc3:
        if (t == 0xc0)
            lua_pushnil(L);
        else
            lua_pushboolean(L, t == 0xc3);
        c->p++;
        c->left--;
        return;
    case 0xcc:
    case 0xcd:
    case 0xce:
    case 0xcf:
        /* like Redis's build: a uint64 above INT64_MAX wraps to a negative */
        if (take(c, 1 << (t - 0xcc), &v)) lua_pushinteger(L, (lua_Integer)v);
        return;
    case 0xd0:
        if (take(c, 1, &v)) lua_pushinteger(L, (int8_t)v);
        return;
    case 0xd1:
        if (take(c, 2, &v)) lua_pushinteger(L, (int16_t)v);
        return;
    case 0xd2:
        if (take(c, 4, &v)) lua_pushinteger(L, (int32_t)v);
        return;
    case 0xd3:
        if (take(c, 8, &v)) lua_pushnumber(L, (lua_Number)(int64_t)v);
        return;
    case 0xca:
        if (take(c, 4, &v)) {
            uint32_t u = (uint32_t)v;
            float f;
            memcpy(&f, &u, 4);
            lua_pushnumber(L, f);
        }
        return;
    case 0xcb:
        if (take(c, 8, &v)) {
            double d;
            memcpy(&d, &v, 8);
            lua_pushnumber(L, d);
        }
        return;
    case 0xd9:
    case 0xda:
    case 0xdb:
        if (take(c, 1 << (t - 0xd9), &v)) dec_str(L, c, (size_t)v);
        return;
    case 0xdc:
    case 0xdd:
        if (take(c, t == 0xdc ? 2 : 4, &v)) dec_array(L, c, v);
        return;
    case 0xde:
    case 0xdf:
        if (take(c, t == 0xde ? 2 : 4, &v)) dec_map(L, c, v);
        return;
    default: c->err = DEC_BADFMT; return;
    }
}

/* Shared by the three unpackers. limit == 0 && offset == 0 means "everything,
 * no offset returned"; otherwise the next offset (or -1 at the end) comes first. */
static int unpack_common(lua_State *L, lua_Integer limit, lua_Integer offset) {
    size_t len;
    const char *s = luaL_checklstring(L, 1, &len);
    int all = limit == 0 && offset == 0;
    if (offset < 0 || limit < 0)
        return luaL_error(L, "Invalid request to unpack with offset of %d and limit of %d.",
                          (int)offset, (int)len);
    if ((size_t)offset > len)
        return luaL_error(L, "Start offset %d greater than input length %d.", (int)offset,
                          (int)len);
    if (all) limit = INT_MAX;
    struct cursor c = {(const unsigned char *)s + offset, len - (size_t)offset, DEC_OK};
    int n = 0;
    while (c.left > 0 && n < limit) {
        dec_value(L, &c);
        if (c.err == DEC_SHORT) return luaL_error(L, "Missing bytes in input.");
        if (c.err == DEC_BADFMT) return luaL_error(L, "Bad data format in input.");
        n++;
    }
    if (all) return n;
    luaL_checkstack(L, 1, "cmsgpack: unpack");
    lua_pushinteger(L, c.left == 0 ? -1 : (lua_Integer)(len - c.left));
    lua_insert(L, 2);
    return n + 1;
}

static int mp_unpack(lua_State *L) {
    return unpack_common(L, 0, 0);
}

static int mp_unpack_one(lua_State *L) {
    lua_Integer offset = luaL_optinteger(L, 2, 0);
    lua_settop(L, 1);
    return unpack_common(L, 1, offset);
}

static int mp_unpack_limit(lua_State *L) {
    lua_Integer limit = luaL_checkinteger(L, 2);
    lua_Integer offset = luaL_optinteger(L, 3, 0);
    lua_settop(L, 1);
    return unpack_common(L, limit, offset);
}

int luaopen_cmsgpack(lua_State *L) {
    static const luaL_Reg funcs[] = {{"pack", mp_pack},
                                     {"unpack", mp_unpack},
                                     {"unpack_one", mp_unpack_one},
                                     {"unpack_limit", mp_unpack_limit},
                                     {NULL, NULL}};
    lua_newtable(L);
    for (const luaL_Reg *f = funcs; f->name; f++) {
        lua_pushcfunction(L, f->func);
        lua_setfield(L, -2, f->name);
    }
    lua_pushliteral(L, "cmsgpack");
    lua_setfield(L, -2, "_NAME");
    lua_pushliteral(L, "mnemo-cmsgpack 1.0");
    lua_setfield(L, -2, "_VERSION");
    lua_pushliteral(L, "Written for the Mnemo server");
    lua_setfield(L, -2, "_COPYRIGHT");
    lua_pushliteral(L, "MessagePack encoder and decoder for Lua scripts");
    lua_setfield(L, -2, "_DESCRIPTION");
    lua_pushvalue(L, -1);
    lua_setglobal(L, "cmsgpack");
    return 1;
}
