/* db: see db.h for the entry layout. */
#include "db.h"
#include "propagate.h"
#include "ae.h"
#include "blocking.h"
#include "client.h"
#include "config.h"
#include "lazyfree.h"
#include "mem.h"
#include "multi.h"
#include "reply.h"
#include "server.h"
#include "util.h"
#include <limits.h>
#include <stdlib.h>
#include <string.h>

const struct type_ops *type_ops[8];

/* ---------------------------------------------------------------- LRU / LFU
 * The 24-bit lru field holds, like Redis: under an LFU maxmemory-policy
 * (volatile-lfu, allkeys-lfu) the last decrement time in minutes (16 bits) and
 * a logarithmic access counter (8 bits); otherwise the LRU clock in seconds. */

#define LFU_INIT_VAL 5
enum {
    POLICY_VOLATILE_LRU = 0,
    POLICY_VOLATILE_LFU = 1,
    POLICY_ALLKEYS_LRU = 4,
    POLICY_ALLKEYS_LFU = 5
};

int lfu_policy(void) {
    return cfg.maxmemory_policy == POLICY_VOLATILE_LFU ||
           cfg.maxmemory_policy == POLICY_ALLKEYS_LFU;
}

int lru_policy(void) {
    return cfg.maxmemory_policy == POLICY_VOLATILE_LRU ||
           cfg.maxmemory_policy == POLICY_ALLKEYS_LRU;
}

static unsigned long lfu_minutes(void) {
    return (unsigned long)(srv.now_ms / 60000) & 65535;
}

unsigned long kv_lfu_counter(const struct kv *o) {
    unsigned long then = o->lru >> 8, counter = o->lru & 255, now = lfu_minutes();
    unsigned long elapsed = now >= then ? now - then : 65535 - then + now;
    unsigned long periods = cfg.lfu_decay_time ? elapsed / (unsigned long)cfg.lfu_decay_time : 0;
    if (periods) counter = periods > counter ? 0 : counter - periods;
    return counter;
}

static unsigned long lfu_log_incr(unsigned long counter) {
    if (counter == 255) return counter;
    double base = (double)counter - LFU_INIT_VAL;
    if (base < 0) base = 0;
    double p = 1.0 / (base * cfg.lfu_log_factor + 1);
    if ((double)rand() / RAND_MAX < p) counter++;
    return counter;
}

unsigned kv_lru_initial(void) {
    if (lfu_policy()) return (unsigned)((lfu_minutes() << 8) | LFU_INIT_VAL);
    return lru_clock_now();
}

void kv_touch(struct kv *o) {
    if (lfu_policy()) {
        unsigned long counter = lfu_log_incr(kv_lfu_counter(o));
        o->lru = (unsigned)((lfu_minutes() << 8) | counter);
    } else {
        o->lru = lru_clock_now();
    }
}

void kv_set_access_hint(struct kv *o, long long idle_secs, int freq) {
    if (lfu_policy()) {
        if (freq >= 0) o->lru = (unsigned)((lfu_minutes() << 8) | (unsigned)(freq & 255));
    } else if (idle_secs >= 0) {
        long long abs = (long long)lru_clock_now() - idle_secs;
        if (abs < 0) abs += LRU_CLOCK_MAX;
        o->lru = (unsigned)abs & LRU_CLOCK_MAX;
    }
}

/* ---------------------------------------------------------------- varints */

size_t varint_put(unsigned char *p, uint64_t v) {
    size_t n = 0;
    while (v >= 0x80) {
        p[n++] = (unsigned char)(v | 0x80);
        v >>= 7;
    }
    p[n++] = (unsigned char)v;
    return n;
}

size_t varint_get(const unsigned char *p, uint64_t *v) {
    uint64_t r = 0;
    size_t n = 0;
    int shift = 0;
    for (;;) {
        unsigned char b = p[n++];
        r |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) break;
        shift += 7;
    }
    *v = r;
    return n;
}

size_t varint_len(uint64_t v) {
    size_t n = 1;
    while (v >= 0x80)
        v >>= 7, n++;
    return n;
}

/* ---------------------------------------------------------------- entries */

static inline const unsigned char *key_at(const struct kv *o) {
    return o->data + (o->ttl ? 8 : 0);
}

const char *kv_key(const struct kv *o, size_t *len) {
    uint64_t l;
    const unsigned char *p = key_at(o);
    size_t n = varint_get(p, &l);
    *len = (size_t)l;
    return (const char *)p + n;
}

static inline unsigned char *val_at(const struct kv *o) {
    size_t klen;
    const char *k = kv_key(o, &klen);
    return (unsigned char *)(uintptr_t)(k + klen);
}

long long kv_expire(const struct kv *o) {
    if (!o->ttl) return -1;
    long long t;
    memcpy(&t, o->data, 8);
    return t;
}

void *kv_ptr(const struct kv *o) {
    void *p;
    memcpy(&p, val_at(o), sizeof(p));
    return p;
}

void kv_set_ptr(struct kv *o, void *p) {
    memcpy(val_at(o), &p, sizeof(p));
}

long long kv_int(const struct kv *o) {
    long long v;
    memcpy(&v, val_at(o), 8);
    return v;
}

const char *kv_str(const struct kv *o, size_t *len, char *ibuf) {
    if (o->enc == ENC_INT) {
        *len = (size_t)ll2str(ibuf, LONG_STR_SIZE, kv_int(o));
        return ibuf;
    }
    if (o->enc == ENC_EMBSTR) {
        uint64_t l;
        const unsigned char *p = val_at(o);
        size_t n = varint_get(p, &l);
        *len = (size_t)l;
        return (const char *)p + n;
    }
    struct rstr *s = kv_ptr(o);
    *len = s->len;
    return s->buf;
}

size_t kv_strlen(const struct kv *o) {
    char ibuf[LONG_STR_SIZE];
    size_t len;
    kv_str(o, &len, ibuf);
    return len;
}

static struct kv *kv_alloc(const char *key, size_t klen, size_t vsize, long long expire) {
    /* offsetof, not sizeof: the struct's tail padding would cost 4 bytes a key. */
    size_t size =
        offsetof(struct kv, data) + (expire >= 0 ? 8 : 0) + varint_len(klen) + klen + vsize;
    struct kv *o = xmalloc(size);
    o->link.next = NULL;
    o->type = T_STRING;
    o->enc = ENC_RAW;
    o->ttl = expire >= 0;
    o->lru = kv_lru_initial();
    unsigned char *p = o->data;
    if (o->ttl) {
        memcpy(p, &expire, 8);
        p += 8;
    }
    p += varint_put(p, klen);
    memcpy(p, key, klen);
    return o;
}

struct rstr *rstr_new(const char *p, size_t len, size_t cap) {
    if (cap < len) cap = len;
    struct rstr *s = xmalloc(sizeof(*s) + cap + 1);
    s->len = len;
    s->cap = cap;
    if (p)
        memcpy(s->buf, p, len);
    else
        memset(s->buf, 0, len);
    s->buf[len] = '\0';
    return s;
}

struct rstr *rstr_grow(struct rstr *s, size_t need) {
    if (need <= s->cap) return s;
    size_t cap = need < 1024 * 1024 ? need * 2 : need + 1024 * 1024;
    s = xrealloc(s, sizeof(*s) + cap + 1);
    s->cap = cap;
    return s;
}

struct kv *kv_new_string(const char *key, size_t klen, const char *val, size_t vlen,
                         long long expire) {
    struct kv *o;
    if (vlen <= KV_MAX_EMBED) {
        o = kv_alloc(key, klen, varint_len(vlen) + vlen, expire);
        o->enc = ENC_EMBSTR;
        unsigned char *p = val_at(o);
        p += varint_put(p, vlen);
        memcpy(p, val, vlen);
    } else {
        o = kv_alloc(key, klen, sizeof(void *), expire);
        o->enc = ENC_RAW;
        kv_set_ptr(o, rstr_new(val, vlen, vlen));
    }
    return o;
}

struct kv *kv_new_blob(const char *key, size_t klen, int type, int enc, const void *blob,
                       size_t len, long long expire) {
    struct kv *o = kv_alloc(key, klen, varint_len(len) + len, expire);
    o->type = (unsigned)type;
    o->enc = (unsigned)enc;
    unsigned char *p = val_at(o);
    p += varint_put(p, len);
    if (blob) memcpy(p, blob, len);
    return o;
}

unsigned char *kv_blob(const struct kv *o, size_t *len) {
    uint64_t l;
    unsigned char *p = val_at(o);
    size_t n = varint_get(p, &l);
    *len = (size_t)l;
    return p + n;
}

struct kv *db_resize_blob(struct db *db, struct kv *o, size_t newlen) {
    size_t klen, oldlen;
    const char *k = kv_key(o, &klen);
    unsigned char *old = kv_blob(o, &oldlen);
    struct kv *n = kv_new_blob(k, klen, o->type, o->enc, NULL, newlen, kv_expire(o));
    n->lru = o->lru;
    size_t l;
    memcpy(kv_blob(n, &l), old, oldlen < newlen ? oldlen : newlen);
    if (db) dict_replace(&db->keys, &o->link, &n->link);
    xfree(o);
    return n;
}

struct kv *kv_new_int(const char *key, size_t klen, long long v, long long expire) {
    struct kv *o = kv_alloc(key, klen, 8, expire);
    o->enc = ENC_INT;
    memcpy(val_at(o), &v, 8);
    return o;
}

struct kv *kv_new_obj(const char *key, size_t klen, int type, int enc, void *ptr,
                      long long expire) {
    struct kv *o = kv_alloc(key, klen, sizeof(void *), expire);
    o->type = (unsigned)type;
    o->enc = (unsigned)enc;
    kv_set_ptr(o, ptr);
    return o;
}

struct kv *kv_new_string_auto(const char *key, size_t klen, const char *val, size_t vlen,
                              long long expire) {
    long long v;
    if (vlen <= 20 && str2ll(val, vlen, &v)) return kv_new_int(key, klen, v, expire);
    return kv_new_string(key, klen, val, vlen, expire);
}

static size_t val_size(const struct kv *o) {
    if (o->type == T_STRING && o->enc == ENC_INT) return 8;
    if (kv_inline(o)) {
        uint64_t l;
        size_t n = varint_get(val_at(o), &l);
        return n + (size_t)l;
    }
    return sizeof(void *);
}

/* A copy of o's header, key and inline value under another key/expire; the
 * value pointer (if any) is shared, so exactly one of the two may be freed deeply. */
static struct kv *kv_clone_shallow(const struct kv *o, const char *key, size_t klen,
                                   long long expire) {
    size_t vs = val_size(o);
    struct kv *n = kv_alloc(key, klen, vs, expire);
    n->type = o->type;
    n->enc = o->enc;
    n->lru = o->lru;
    memcpy(val_at(n), val_at(o), vs);
    return n;
}

struct kv *kv_with_expire(struct kv *o, long long expire) {
    size_t klen;
    const char *k = kv_key(o, &klen);
    struct kv *n = kv_clone_shallow(o, k, klen, expire);
    xfree(o);
    return n;
}

struct kv *kv_move_key(struct kv *o, const char *key, size_t klen, long long expire) {
    struct kv *n = kv_clone_shallow(o, key, klen, expire);
    xfree(o);
    return n;
}

struct kv *kv_rekey(const struct kv *o, const char *key, size_t klen, long long expire) {
    struct kv *n = kv_clone_shallow(o, key, klen, expire);
    if (n->type == T_STRING && n->enc == ENC_RAW) {
        struct rstr *s = kv_ptr(o);
        kv_set_ptr(n, rstr_new(s->buf, s->len, s->len));
    } else if (n->type != T_STRING && !kv_inline(n)) {
        kv_set_ptr(n, type_ops[n->type]->dup(kv_ptr(o), n->enc));
    }
    return n;
}

void kv_free(struct kv *o) {
    if (!o) return;
    if (o->type == T_STRING) {
        if (o->enc == ENC_RAW) xfree(kv_ptr(o));
    } else if (kv_inline(o)) {
        /* the value lives in the entry */
    } else if (type_ops[o->type] && type_ops[o->type]->free) {
        type_ops[o->type]->free(kv_ptr(o), o->enc);
    }
    xfree(o);
}

size_t kv_mem(const struct kv *o) {
    size_t n = mem_usable((void *)o);
    if (o->type == T_STRING && o->enc == ENC_RAW)
        n += mem_usable(kv_ptr(o));
    else if (o->type != T_STRING && !kv_inline(o) && type_ops[o->type] && type_ops[o->type]->mem)
        n += type_ops[o->type]->mem(kv_ptr(o), o->enc);
    return n;
}

const char *kv_type_name(const struct kv *o) {
    if (o->type == T_STRING) return "string";
    return type_ops[o->type] ? type_ops[o->type]->name : "unknown";
}

const char *kv_enc_name(const struct kv *o) {
    if (o->type != T_STRING && type_ops[o->type] && type_ops[o->type]->enc_name)
        return type_ops[o->type]->enc_name(o);
    switch (o->enc) {
    case ENC_RAW: return "raw";
    case ENC_INT: return "int";
    case ENC_HASHTABLE: return "hashtable";
    case ENC_INTSET: return "intset";
    case ENC_SKIPLIST: return "skiplist";
    case ENC_EMBSTR: return "embstr";
    case ENC_QUICKLIST: return "quicklist";
    case ENC_STREAM: return "stream";
    case ENC_LISTPACK: return "listpack";
    }
    return "unknown";
}

/* ---------------------------------------------------------------- dict glue */

static uint64_t kv_hash_key(const void *key, size_t len) {
    return hash_bytes(key, len);
}

static uint64_t kv_node_hash(const struct dnode *n) {
    size_t len;
    const char *k = kv_key((const struct kv *)n, &len);
    return hash_bytes(k, len);
}

static int kv_node_eq(const struct dnode *n, const void *key, size_t len) {
    size_t klen;
    const char *k = kv_key((const struct kv *)n, &klen);
    return klen == len && memcmp(k, key, len) == 0;
}

static const struct dict_type keyspace_type = {kv_hash_key, kv_node_hash, kv_node_eq};

static void reset_expire_hints(struct db *db) {
    db->expire_cursor = 0;
    db->next_expire = db->pass_scan_min = db->pass_added_min = LLONG_MAX;
}

void db_init_all(int n) {
    srv.db = xcalloc(sizeof(struct db) * (size_t)n);
    srv.ndb = n;
    for (int i = 0; i < n; i++) {
        dict_init(&srv.db[i].keys, &keyspace_type);
        srv.db[i].id = i;
        reset_expire_hints(&srv.db[i]);
    }
}

static void free_node(struct dnode *n, void *arg) {
    kv_free((struct kv *)n);
}

void db_free_all(void) {
    for (int i = 0; i < srv.ndb; i++)
        dict_clear(&srv.db[i].keys, free_node, NULL);
    xfree(srv.db);
    srv.db = NULL;
}

/* ---------------------------------------------------------------- expiry */

int kv_is_expired(const struct kv *o) {
    if (!o->ttl || srv.loading) return 0;
    return kv_expire(o) < srv.now_ms;
}

void db_key_modified(struct db *db, const char *key, size_t len) {
    if (multi_db_watched(db->id)) multi_touch_key(db, key, len); /* WATCH */
    /* client tracking hooks in here */
}

/* A new value of a type clients block on may wake them (Redis's signalKeyAsReady). */
static void signal_ready(struct db *db, const struct kv *o) {
    if (o->type == T_STRING) return;
    size_t klen;
    const char *k = kv_key(o, &klen);
    blocking_signal_key(db, k, klen);
}

void db_signal_write(struct db *db, const char *key, size_t len, int type, const char *event) {
    db_key_modified(db, key, len);
    notify_keyspace_event(type, event, key, len, db->id);
}

void notify_keyspace_event(int type, const char *event, const char *key, size_t len, int dbid) {
    (void)type, (void)event, (void)key, (void)len, (void)dbid; /* pub/sub issue */
}

int db_expire_if_needed(struct db *db, struct kv *o) {
    if (!kv_is_expired(o)) return 0;
    size_t klen;
    const char *k = kv_key(o, &klen);
    char small[128];
    char *copy = klen < sizeof(small) ? small : xmalloc(klen + 1);
    memcpy(copy, k, klen);
    srv.stat.expiredkeys++;
    db_delete_mode(db, copy, klen, cfg.lazyfree_lazy_expire);
    notify_keyspace_event(NOTIFY_EXPIRED, "expired", copy, klen, db->id);
    db_key_modified(db, copy, klen);
    propagate_deletion(db, copy, klen, cfg.lazyfree_lazy_expire); /* AOF/replicas: DEL */
    if (copy != small) xfree(copy);
    return 1;
}

/* ---------------------------------------------------------------- lookups */

struct kv *db_lookup(struct db *db, const char *key, size_t len, int flags) {
    struct kv *o = (struct kv *)dict_find(&db->keys, key, len);
    if (o && kv_is_expired(o)) {
        if (flags & LOOKUP_NOEXPIRE)
            o = NULL;
        else {
            db_expire_if_needed(db, o);
            o = NULL;
        }
    }
    if (!(flags & (LOOKUP_NOSTATS | LOOKUP_WRITE))) {
        if (o)
            srv.stat.keyspace_hits++;
        else
            srv.stat.keyspace_misses++;
    }
    if (!o) {
        if (!(flags & (LOOKUP_WRITE | LOOKUP_NONOTIFY)))
            notify_keyspace_event(NOTIFY_KEY_MISS, "keymiss", key, len, db->id);
        return NULL;
    }
    if (!(flags & LOOKUP_NOTOUCH) && !(srv.current && (srv.current->flags & CF_NO_TOUCH)))
        kv_touch(o);
    return o;
}

struct kv *db_lookup_typed(struct client *c, const char *key, size_t len, int type, int flags,
                           int *wrong) {
    struct kv *o = db_lookup(c->db, key, len, flags);
    *wrong = 0;
    if (o && (int)o->type != type) {
        *wrong = 1;
        reply_error_type(c);
        return NULL;
    }
    return o;
}

/* ---------------------------------------------------------------- changes */

/* Every TTL that enters the db lowers the active-expiry hints (see db.h). */
static void note_ttl(struct db *db, const struct kv *o) {
    if (!o->ttl) return;
    long long when = kv_expire(o);
    if (when < db->next_expire) db->next_expire = when;
    if (when < db->pass_added_min) db->pass_added_min = when;
}

void db_add(struct db *db, struct kv *o) {
    if (o->ttl) db->volatile_keys++;
    note_ttl(db, o);
    dict_add(&db->keys, &o->link);
    signal_ready(db, o);
}

void db_swap(struct db *db, struct kv *old, struct kv *o) {
    if (old->ttl) db->volatile_keys--;
    if (o->ttl) db->volatile_keys++;
    note_ttl(db, o);
    dict_replace(&db->keys, &old->link, &o->link);
    if (old != o) kv_free(old);
}

void db_set(struct db *db, struct kv *o) {
    size_t klen;
    const char *k = kv_key(o, &klen);
    struct dnode **ref = dict_find_ref(&db->keys, k, klen);
    if (ref) {
        struct kv *old = (struct kv *)*ref;
        if (old->ttl) db->volatile_keys--;
        if (o->ttl) db->volatile_keys++;
        note_ttl(db, o);
        o->link.next = old->link.next;
        *ref = &o->link;
        if (cfg.lazyfree_lazy_server_del)
            lazyfree_kv(old);
        else
            kv_free(old);
    } else {
        db_add(db, o);
    }
    signal_ready(db, o); /* a second signal of the same key is ignored */
}

struct kv *db_unlink(struct db *db, const char *key, size_t len) {
    struct kv *o = (struct kv *)dict_unlink(&db->keys, key, len);
    if (o && o->ttl) db->volatile_keys--;
    return o;
}

int db_delete_mode(struct db *db, const char *key, size_t len, int lazy) {
    struct kv *o = db_unlink(db, key, len);
    if (!o) return 0;
    if (lazy)
        lazyfree_kv(o);
    else
        kv_free(o);
    return 1;
}

int db_delete(struct db *db, const char *key, size_t len) {
    return db_delete_mode(db, key, len, cfg.lazyfree_lazy_server_del);
}

struct kv *db_set_expire(struct db *db, struct kv *o, long long when_ms) {
    if (o->ttl && when_ms >= 0) {
        memcpy(o->data, &when_ms, 8); /* same size: update in place */
        note_ttl(db, o);
        return o;
    }
    if (!o->ttl && when_ms < 0) return o;
    size_t klen;
    const char *k = kv_key(o, &klen);
    struct kv *n = kv_clone_shallow(o, k, klen, when_ms);
    if (o->ttl) db->volatile_keys--;
    if (n->ttl) db->volatile_keys++;
    note_ttl(db, n);
    dict_replace(&db->keys, &o->link, &n->link);
    xfree(o);
    return n;
}

long long db_size(const struct db *db) {
    return (long long)dict_size(&db->keys);
}

void db_flush(struct db *db, int async) {
    if (multi_db_watched(db->id)) multi_touch_db(db, NULL); /* while the keys are still there */
    if (async)
        lazyfree_dict(&db->keys); /* leaves db->keys empty */
    else
        dict_clear(&db->keys, free_node, NULL);
    db->volatile_keys = 0;
    db->avg_ttl = 0;
    reset_expire_hints(db);
}

void db_swap_dbs(int a, int b) {
    multi_touch_db(&srv.db[a], &srv.db[b]); /* watches stay with the db index */
    multi_touch_db(&srv.db[b], &srv.db[a]);
    struct db tmp = srv.db[a];
    srv.db[a] = srv.db[b];
    srv.db[b] = tmp;
    srv.db[a].id = a;
    srv.db[b].id = b;
    blocking_signal_db(a); /* clients stay on their db index: new keys may serve them */
    blocking_signal_db(b);
    /* Clients keep pointing at the same index: their db pointer stays right. */
}
