/* db: the keyspace. 16 (cfg.databases) databases, each one dict of keys.
 *
 * A key and its value header share ONE allocation, a `struct kv`:
 *
 *   +------------+---------------------------------+--------------------------------+
 *   | link (8)   | type:3 enc:4 ttl:1 lru:24 (4)   | data[]                         |
 *   +------------+---------------------------------+--------------------------------+
 *   data = [expire ms, int64, only when ttl=1] [varint keylen] [key bytes] [value]
 *   value = ENC_INT:    int64 (8 bytes)
 *           ENC_EMBSTR: varint length + bytes (strings up to 44 bytes)
 *           otherwise:  a pointer (8 bytes) to the type's structure
 *
 * So a 14-byte key with a 32-byte value costs one 64-byte jemalloc chunk plus
 * its bucket pointer. No separate expires dict: the TTL lives in the entry, a
 * per-db counter tracks how many keys have one, and active expiry walks the
 * keys dict with a scan cursor. Multi-byte fields inside data are unaligned and
 * accessed with memcpy.
 *
 * Entries are immutable in size: anything that changes the size (setting a
 * TTL on a key without one, a new embedded value) builds a new entry and swaps
 * it into the same chain slot (db_swap). Functions that may do so return the
 * new pointer; the old one is invalid after the call. */
#ifndef MNEMO_DB_H
#define MNEMO_DB_H
#include "dict.h"
#include <stddef.h>
#include <stdint.h>

enum { T_STRING = 0, T_LIST = 1, T_SET = 2, T_ZSET = 3, T_HASH = 4, T_STREAM = 6 };
enum {
    ENC_RAW = 0,
    ENC_INT = 1,
    ENC_HASHTABLE = 2,
    ENC_INTSET = 6,
    ENC_SKIPLIST = 7,
    ENC_EMBSTR = 8,
    ENC_QUICKLIST = 9,
    ENC_STREAM = 10,
    ENC_LISTPACK = 11
};
/* Encodings >= ENC_INLINE_MIN are Mnemo's own: the value is a blob stored in
 * the entry itself ([varint length][bytes], like embstr), used for small
 * aggregates so they cost one allocation. Types map them to the Redis name
 * OBJECT ENCODING reports through type_ops.enc_name. */
#define ENC_INLINE_MIN 12
#define EMBSTR_MAX     44
#define KV_MAX_EMBED   44

struct kv {
    struct dnode link;
    unsigned type : 3;
    unsigned enc : 4;
    unsigned ttl : 1;
    unsigned lru : 24;
    unsigned char data[];
};

/* RAW strings: a separate growable buffer. */
struct rstr {
    size_t len, cap;
    char buf[]; /* NUL-terminated */
};

struct db {
    struct dict keys;
    long long volatile_keys; /* entries with ttl=1 */
    /* Active expiry state (expire.c). It walks `keys` with expire_cursor; a
     * "pass" runs from cursor 0 until the cursor wraps to 0 again.
     *   next_expire    lower bound of every TTL in the db (LLONG_MAX: none):
     *                  while now <= next_expire nothing can be expired and the
     *                  db is skipped, so idle big dbs cost nothing;
     *   pass_scan_min  smallest TTL seen (and kept) by the current pass;
     *   pass_added_min smallest TTL set on any entry since the pass began.
     * At the end of a pass next_expire = min(pass_scan_min, pass_added_min).
     * Every function here that links an entry with a TTL lowers the two
     * bounds, so the lower-bound property holds whatever the callers do. */
    unsigned long expire_cursor;
    long long next_expire, pass_scan_min, pass_added_min;
    long long avg_ttl;
    int id;
};

struct client;

void db_init_all(int n);
void db_free_all(void);

/* --- entries --- */
const char *kv_key(const struct kv *o, size_t *len);
long long kv_expire(const struct kv *o); /* ms, or -1 */
void *kv_ptr(const struct kv *o);        /* types other than INT/EMBSTR strings */
void kv_set_ptr(struct kv *o, void *p);
long long kv_int(const struct kv *o); /* ENC_INT */
/* String value of a string entry; ibuf (LONG_STR_SIZE) holds integer digits. */
const char *kv_str(const struct kv *o, size_t *len, char *ibuf);
size_t kv_strlen(const struct kv *o);
/* Constructors: the key is copied; expire -1 for none. */
struct kv *kv_new_string(const char *key, size_t klen, const char *val, size_t vlen,
                         long long expire);
struct kv *kv_new_int(const char *key, size_t klen, long long v, long long expire);
struct kv *kv_new_obj(const char *key, size_t klen, int type, int enc, void *ptr, long long expire);
/* Inline blob values (enc >= ENC_INLINE_MIN): blob may be NULL (zero-filled
 * is not promised: the caller writes it). */
struct kv *kv_new_blob(const char *key, size_t klen, int type, int enc, const void *blob,
                       size_t len, long long expire);
unsigned char *kv_blob(const struct kv *o, size_t *len);
/* Gives o an inline blob of newlen bytes (content kept up to the shorter
 * length), swapping the new entry into db (db may be NULL for an unlinked
 * entry). o is invalid afterwards. */
struct kv *db_resize_blob(struct db *db, struct kv *o, size_t newlen);
/* A string value created the way Redis does for SET: int if canonical integer,
 * embstr up to 44 bytes, else raw. */
struct kv *kv_new_string_auto(const char *key, size_t klen, const char *val, size_t vlen,
                              long long expire);
/* Same key and value, other expire (-1 removes it); frees o. */
struct kv *kv_with_expire(struct kv *o, long long expire);

/* Deep copy under a new key (COPY). */
struct kv *kv_rekey(const struct kv *o, const char *key, size_t klen, long long expire);
/* Same value under a new key/expire (RENAME, MOVE); frees o's shell, not its value. */
struct kv *kv_move_key(struct kv *o, const char *key, size_t klen, long long expire);
void kv_free(struct kv *o);
size_t kv_mem(const struct kv *o); /* allocation size of entry and value */

struct rstr *rstr_new(const char *p, size_t len, size_t cap);
struct rstr *rstr_grow(struct rstr *s, size_t need); /* ensures cap >= need, greedy */

/* Per-type hooks for values held by pointer. The types issue fills these. */
struct type_ops {
    const char *name; /* TYPE reply */
    void (*free)(void *ptr, int enc);
    void *(*dup)(const void *ptr, int enc);
    size_t (*mem)(const void *ptr, int enc);
    size_t (*len)(const void *ptr, int enc);     /* elements, for lazy-free decisions */
    const char *(*enc_name)(const struct kv *o); /* OBJECT ENCODING (Redis's names) */
    /* DEBUG DIGEST: fold the value into digest with digest_mix/digest_xor (sha1.h)
     * the way Redis does for the type. */
    void (*digest)(const struct kv *o, unsigned char digest[20]);
};
static inline int kv_inline(const struct kv *o) {
    return o->enc >= ENC_INLINE_MIN || (o->type == T_STRING && o->enc == ENC_EMBSTR);
}
extern const struct type_ops *type_ops[8];
const char *kv_type_name(const struct kv *o);

/* The lru field: LRU clock seconds, or (minutes << 8 | log counter) under an
 * LFU maxmemory-policy, as Redis keeps it. kv_touch records an access. */
int lfu_policy(void); /* volatile-lfu / allkeys-lfu */
int lru_policy(void); /* volatile-lru / allkeys-lru */
unsigned kv_lru_initial(void);
void kv_touch(struct kv *o);
/* An access hint carried by RDB files and RESTORE (IDLETIME seconds or FREQ
 * counter, -1 when absent): sets whichever one the current policy keeps. */
void kv_set_access_hint(struct kv *o, long long idle_secs, int freq);
unsigned long kv_lfu_counter(const struct kv *o); /* decayed counter (OBJECT FREQ) */
const char *kv_enc_name(const struct kv *o);

/* --- lookups --- */
#define LOOKUP_NONE     0
#define LOOKUP_NOTOUCH  (1 << 0) /* don't update LRU/LFU */
#define LOOKUP_NOSTATS  (1 << 1) /* don't count hits/misses */
#define LOOKUP_WRITE    (1 << 2) /* a write will follow: no hit/miss stats */
#define LOOKUP_NOEXPIRE (1 << 3) /* don't delete an expired key (just report it missing) */
#define LOOKUP_NONOTIFY (1 << 4) /* no "keymiss" notification (OBJECT) */

struct kv *db_lookup(struct db *db, const char *key, size_t len, int flags);
static inline struct kv *db_lookup_read(struct db *db, const char *key, size_t len) {
    return db_lookup(db, key, len, LOOKUP_NONE);
}
static inline struct kv *db_lookup_write(struct db *db, const char *key, size_t len) {
    return db_lookup(db, key, len, LOOKUP_WRITE);
}
/* Looks up a key and, if it exists with another type, replies WRONGTYPE and
 * returns NULL with *wrong set. Missing key: NULL, *wrong = 0. */
struct kv *db_lookup_typed(struct client *c, const char *key, size_t len, int type, int flags,
                           int *wrong);

/* --- changes --- */
void db_add(struct db *db, struct kv *o); /* key must not exist */
/* Inserts o, replacing (and freeing) any existing entry with the same key. */
void db_set(struct db *db, struct kv *o);
/* o replaces old in place (same key). old is freed deeply (value included)
 * unless old == o, so o must not share old's value pointer. */
void db_swap(struct db *db, struct kv *old, struct kv *o);
/* 1 if deleted. db_delete frees the value the way lazyfree-lazy-server-del
 * says (as Redis's dbDelete); db_delete_mode chooses: lazy hands big values to
 * the lazyfree thread (DEL: lazyfree-lazy-user-del, UNLINK: always, expiry:
 * lazyfree-lazy-expire). */
int db_delete(struct db *db, const char *key, size_t len);
int db_delete_mode(struct db *db, const char *key, size_t len, int lazy);
/* Unlinks without freeing (for RENAME/MOVE). */
struct kv *db_unlink(struct db *db, const char *key, size_t len);
/* Sets or clears a key's TTL; returns the (possibly new) entry. */
struct kv *db_set_expire(struct db *db, struct kv *o, long long when_ms);
int kv_is_expired(const struct kv *o);
/* Deletes o if its TTL has passed (counts stats, notifies); 1 if it did. */
int db_expire_if_needed(struct db *db, struct kv *o);
long long db_size(const struct db *db);
void db_flush(struct db *db, int async); /* async: the lazyfree thread frees the old keys */
void db_swap_dbs(int a, int b);
/* Active expiry (expire.c): walks db keys with a scan cursor for up to about
 * time_us; returns keys expired. */
long long db_active_expire_cycle(long long time_us);
/* After a command changed a key: db_key_modified plus the keyspace event
 * (type NOTIFY_*, event name as Redis spells it). */
void db_signal_write(struct db *db, const char *key, size_t len, int type, const char *event);
/* Called for every modification of a key (WATCH, client tracking hooks). */
void db_key_modified(struct db *db, const char *key, size_t len);
/* Keyspace notifications (the pub/sub issue makes them real). */
void notify_keyspace_event(int type, const char *event, const char *key, size_t len, int dbid);
#define NOTIFY_GENERIC  (1 << 2)
#define NOTIFY_STRING   (1 << 3)
#define NOTIFY_LIST     (1 << 4)
#define NOTIFY_SET      (1 << 5)
#define NOTIFY_HASH     (1 << 6)
#define NOTIFY_ZSET     (1 << 7)
#define NOTIFY_EXPIRED  (1 << 8)
#define NOTIFY_EVICTED  (1 << 9)
#define NOTIFY_STREAM   (1 << 10)
#define NOTIFY_KEY_MISS (1 << 11)
#define NOTIFY_NEW      (1 << 14)

/* varints used in entries (exposed for tests) */
size_t varint_put(unsigned char *p, uint64_t v);
size_t varint_get(const unsigned char *p, uint64_t *v);
size_t varint_len(uint64_t v);

#endif
