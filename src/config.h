/* config: every tunable lives in `cfg`, described by one table of parameters in
 * config.c (name, type, default, limits, apply hook). The config file parser,
 * `--name value` arguments, CONFIG GET/SET/REWRITE and mnemo.conf all read that
 * table; nothing else repeats the list. */
#ifndef MNEMO_CONFIG_H
#define MNEMO_CONFIG_H
#include <stddef.h>

#define CONFIG_MAX_BIND 16

struct save_point {
    long long seconds, changes;
};

struct config {
    /* networking */
    int port;
    char *bind[CONFIG_MAX_BIND];
    int nbind;
    int tcp_backlog;
    int tcp_keepalive;
    char *unixsocket;
    int unixsocketperm;
    int timeout; /* idle client timeout, seconds; 0 = never */
    int maxclients;
    int protected_mode;
    /* protocol limits */
    long long proto_max_bulk_len;
    long long client_query_buffer_limit;
    /* general */
    int databases;
    int hz;
    int dynamic_hz;
    int verbosity; /* LL_* */
    char *logfile;
    int daemonize;
    char *pidfile;
    char *dir;
    char *dbfilename;
    struct save_point *save;
    int nsave;
    int appendonly;
    char *appendfilename;
    char *appenddirname;
    int appendfsync;
    int enable_debug_command; /* 0 no, 1 yes, 2 local */
    int enable_protected_configs;
    int enable_module_command;
    int active_expire_enabled; /* DEBUG SET-ACTIVE-EXPIRE */
    int active_expire_effort;
    int lazyfree_lazy_expire, lazyfree_lazy_server_del, lazyfree_lazy_user_del,
        lazyfree_lazy_user_flush, lazyfree_lazy_eviction;
    /* memory */
    long long maxmemory;
    int maxmemory_policy;
    int maxmemory_samples;
    int lfu_log_factor, lfu_decay_time;
    /* slowlog / latency */
    long long slowlog_log_slower_than;
    long long slowlog_max_len;
    long long latency_monitor_threshold;
    long long busy_reply_threshold;
    /* type encodings (used by the types issue; parsed and reported now) */
    long long hash_max_listpack_entries, hash_max_listpack_value;
    long long set_max_intset_entries;
    long long zset_max_listpack_entries, zset_max_listpack_value;
    int list_max_listpack_size, list_compress_depth;
    long long stream_node_max_bytes, stream_node_max_entries;
    int hll_sparse_max_bytes;
    /* notifications */
    int notify_keyspace_events;
    char *requirepass;
    int crash_log_enabled;
    int io_threads;
};

extern struct config cfg;

void config_init_defaults(void);
/* Loads a config file then applies argv-style "name value ..." overrides.
 * On error prints Redis's message to stderr and exits(1). */
void config_load(const char *file, const char *overrides);
void config_free(void);

#endif
