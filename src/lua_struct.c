/* lua_struct: the `struct` Lua 5.1 library that Redis scripts expect (the format
 * language of Roberto Ierusalimschy's struct library).
 *
 * Format: '<' little endian, '>' big endian, '!n' max alignment n (power of 2,
 * default: the platform's max alignment), ' ' ignored; b/B char, h/H short,
 * l/L long, T size_t, i/In and I/In signed/unsigned ints of n bytes (n <= 32),
 * f float, d double, x one zero byte, cn n-byte string (c0: length from the
 * previous unpacked number, whole string when packing), s zero-terminated string.
 * Fields are aligned to min(size, alignment) from the start of the data; 'c'
 * is never aligned. Integers travel through a C long: bytes past the eighth are
 * zero when packing and ignored when unpacking. Lowercase letters unpack signed. */
#include <ctype.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "lauxlib.h"
#include "lua.h"

#define MAX_INT_BYTES 32

enum { ORDER_BIG, ORDER_LITTLE };

struct fmtstate {
    int order;
    size_t align;
};

struct align_probe {
    char c;
    double d;
};

static int host_order(void) {
    const uint16_t one = 1;
    return *(const unsigned char *)&one ? ORDER_LITTLE : ORDER_BIG;
}

static size_t max_align(void) {
    size_t pad = offsetof(struct align_probe, d);
    return pad > sizeof(int) ? pad : sizeof(int);
}

static void fmt_init(struct fmtstate *st) {
    st->order = host_order();
    st->align = 1;
}

/* Reads an optional decimal count at *fmt; returns dflt when there is none. */
static int read_count(lua_State *L, const char **fmt, int dflt) {
    if (!isdigit((unsigned char)**fmt)) return dflt;
    int n = 0;
    while (isdigit((unsigned char)**fmt)) {
        int digit = **fmt - '0';
        if (n > (INT_MAX - digit) / 10) luaL_error(L, "integral size overflow");
        n = n * 10 + digit;
        (*fmt)++;
    }
    return n;
}

/* Size in bytes of option `opt` (consuming its count); 0 for control options. */
static size_t field_size(lua_State *L, int opt, const char **fmt) {
    switch (opt) {
    case 'b':
    case 'B': return 1;
    case 'h':
    case 'H': return sizeof(short);
    case 'l':
    case 'L': return sizeof(long);
    case 'T': return sizeof(size_t);
    case 'f': return sizeof(float);
    case 'd': return sizeof(double);
    case 'x': return 1;
    case 'c': return (size_t)read_count(L, fmt, 1);
    case 'i':
    case 'I': {
        int n = read_count(L, fmt, (int)sizeof(int));
        if (n > MAX_INT_BYTES)
            luaL_error(L, "integral size %d is larger than limit of %d", n, MAX_INT_BYTES);
        return (size_t)n;
    }
    default: return 0;
    }
}

/* Zero bytes needed before a field of `size` bytes at offset `pos`. */
static size_t padding(size_t pos, const struct fmtstate *st, int opt, size_t size) {
    if (size == 0 || opt == 'c') return 0;
    if (size > st->align) size = st->align;
    return (size - (pos & (size - 1))) & (size - 1);
}

/* Handles the options that carry no data; anything unknown is an error. */
static void control_option(lua_State *L, int opt, const char **fmt, struct fmtstate *st) {
    switch (opt) {
    case ' ': return;
    case '<': st->order = ORDER_LITTLE; return;
    case '>': st->order = ORDER_BIG; return;
    case '!': {
        int a = read_count(L, fmt, (int)max_align());
        if (a <= 0 || (a & (a - 1)) != 0) luaL_error(L, "alignment %d is not a power of 2", a);
        st->align = (size_t)a;
        return;
    }
    default: luaL_argerror(L, 1, lua_pushfstring(L, "invalid format option '%c'", opt));
    }
}

/* Copies n bytes of a float/double in the requested order. */
static void copy_ordered(char *dst, const char *src, size_t n, int order) {
    if (order == host_order()) {
        memcpy(dst, src, n);
        return;
    }
    for (size_t i = 0; i < n; i++)
        dst[i] = src[n - 1 - i];
}

static void put_int(lua_State *L, luaL_Buffer *b, int arg, int order, size_t size) {
    lua_Number n = luaL_checknumber(L, arg);
    unsigned long v = n < 0 ? (unsigned long)(long)n : (unsigned long)n;
    char out[MAX_INT_BYTES];
    for (size_t i = 0; i < size; i++) {
        size_t at = order == ORDER_LITTLE ? i : size - 1 - i;
        out[at] = i < sizeof(v) ? (char)((v >> (8 * i)) & 0xff) : 0;
    }
    luaL_addlstring(b, out, size);
}

static lua_Number get_int(const char *p, int order, int is_signed, size_t size) {
    unsigned long v = 0;
    for (size_t i = 0; i < size; i++) {
        size_t at = order == ORDER_BIG ? i : size - 1 - i;
        v = (v << 8) | (unsigned char)p[at];
    }
    if (!is_signed) return (lua_Number)v;
    if (size < sizeof(v) && (v >> (size * 8 - 1)) & 1) v |= ~0UL << (size * 8);
    return (lua_Number)(long)v;
}

static int st_pack(lua_State *L) {
    const char *fmt = luaL_checkstring(L, 1);
    struct fmtstate st;
    int arg = 2;
    size_t total = 0;
    luaL_Buffer b;
    fmt_init(&st);
    lua_pushnil(L); /* keeps the arguments apart from the buffer's stack use */
    luaL_buffinit(L, &b);
    while (*fmt) {
        int opt = (unsigned char)*fmt++;
        size_t size = field_size(L, opt, &fmt);
        size_t pad = padding(total, &st, opt, size);
        total += pad;
        while (pad-- > 0)
            luaL_addchar(&b, '\0');
        switch (opt) {
        case 'b':
        case 'B':
        case 'h':
        case 'H':
        case 'l':
        case 'L':
        case 'T':
        case 'i':
        case 'I': put_int(L, &b, arg++, st.order, size); break;
        case 'x': luaL_addchar(&b, '\0'); break;
        case 'f': {
            float f = (float)luaL_checknumber(L, arg++);
            char out[sizeof f];
            copy_ordered(out, (const char *)&f, sizeof f, st.order);
            luaL_addlstring(&b, out, sizeof f);
            break;
        }
        case 'd': {
            double d = luaL_checknumber(L, arg++);
            char out[sizeof d];
            copy_ordered(out, (const char *)&d, sizeof d, st.order);
            luaL_addlstring(&b, out, sizeof d);
            break;
        }
        case 'c':
        case 's': {
            size_t len;
            const char *s = luaL_checklstring(L, arg++, &len);
            if (size == 0) size = len;
            /* the original reports the position after the string argument */
            luaL_argcheck(L, len >= size, arg, "string too short");
            luaL_addlstring(&b, s, size);
            if (opt == 's') {
                luaL_addchar(&b, '\0');
                size++;
            }
            break;
        }
        default: control_option(L, opt, &fmt, &st);
        }
        total += size;
    }
    luaL_pushresult(&b);
    return 1;
}

static int st_unpack(lua_State *L) {
    const char *fmt = luaL_checkstring(L, 1);
    size_t dlen;
    const char *data = luaL_checklstring(L, 2, &dlen);
    size_t pos = (size_t)luaL_optinteger(L, 3, 1);
    struct fmtstate st;
    int n = 0;
    luaL_argcheck(L, pos > 0, 3, "offset must be 1 or greater");
    pos--;
    fmt_init(&st);
    while (*fmt) {
        int opt = (unsigned char)*fmt++;
        size_t size = field_size(L, opt, &fmt);
        pos += padding(pos, &st, opt, size);
        luaL_argcheck(L, size <= dlen && pos <= dlen - size, 2, "data string too short");
        luaL_checkstack(L, 2, "too many results");
        switch (opt) {
        case 'b':
        case 'B':
        case 'h':
        case 'H':
        case 'l':
        case 'L':
        case 'T':
        case 'i':
        case 'I':
            lua_pushnumber(L, get_int(data + pos, st.order, islower(opt), size));
            n++;
            break;
        case 'x': break;
        case 'f': {
            float f;
            copy_ordered((char *)&f, data + pos, sizeof f, st.order);
            lua_pushnumber(L, f);
            n++;
            break;
        }
        case 'd': {
            double d;
            copy_ordered((char *)&d, data + pos, sizeof d, st.order);
            lua_pushnumber(L, d);
            n++;
            break;
        }
        case 'c':
            if (size == 0) {
                if (n == 0 || !lua_isnumber(L, -1))
                    luaL_error(L, "format 'c0' needs a previous size");
                size = (size_t)lua_tonumber(L, -1);
                lua_pop(L, 1);
                n--;
                luaL_argcheck(L, size <= dlen && pos <= dlen - size, 2, "data string too short");
            }
            lua_pushlstring(L, data + pos, size);
            n++;
            break;
        case 's': {
            const char *end = memchr(data + pos, '\0', dlen - pos);
            if (end == NULL) luaL_error(L, "unfinished string in data");
            size = (size_t)(end - (data + pos)) + 1;
            lua_pushlstring(L, data + pos, size - 1);
            n++;
            break;
        }
        default: control_option(L, opt, &fmt, &st);
        }
        pos += size;
    }
    lua_pushinteger(L, (lua_Integer)pos + 1);
    return n + 1;
}

static int st_size(lua_State *L) {
    const char *fmt = luaL_checkstring(L, 1);
    struct fmtstate st;
    size_t pos = 0;
    fmt_init(&st);
    while (*fmt) {
        int opt = (unsigned char)*fmt++;
        size_t size = field_size(L, opt, &fmt);
        pos += padding(pos, &st, opt, size);
        if (opt == 's')
            luaL_argerror(L, 1, "option 's' has no fixed size");
        else if (opt == 'c' && size == 0)
            luaL_argerror(L, 1, "option 'c0' has no fixed size");
        if (!isalnum(opt)) control_option(L, opt, &fmt, &st);
        pos += size;
    }
    lua_pushinteger(L, (lua_Integer)pos);
    return 1;
}

int luaopen_struct(lua_State *L) {
    static const luaL_Reg funcs[] = {
        {"pack", st_pack}, {"unpack", st_unpack}, {"size", st_size}, {NULL, NULL}};
    luaL_register(L, "struct", funcs);
    return 1;
}
