/* config: every tunable lives in `cfg`, described by one table of parameters in
 * config.c (name, alias, type, default, limits, flags, apply hook, doc line).
 * The config file parser, `--name value` arguments, CONFIG GET/SET/REWRITE and
 * the shipped mnemo.conf (`mnemo-server --dump-config`) all read that table;
 * nothing else repeats the list.
 *
 * Every Redis 7.0 parameter has a field here, also those whose feature Mnemo
 * does not have yet (replication, cluster, TLS, AOF ...): they are parsed,
 * validated, reported and rewritten exactly like Redis, and have no effect
 * until the feature reads them.
 *
 * Invariants: string fields are NULL or xmalloc'd; fields marked "NULL when
 * empty" never hold "". Numeric fields are `int` or `long long`; a value too
 * large for its field (only possible for Redis's unsigned parameters, e.g.
 * maxclients 4294967295) is clamped to the field's maximum when stored. */
#ifndef MNEMO_CONFIG_H
#define MNEMO_CONFIG_H
#include <stddef.h>

#define CONFIG_MAX_BIND 16
#define CONFIG_MIN_HZ   1
#define CONFIG_MAX_HZ   500

struct save_point {
    long long seconds, changes;
};

/* maxmemory-policy values */
enum {
    MAXMEMORY_VOLATILE_LRU = 0,
    MAXMEMORY_VOLATILE_LFU,
    MAXMEMORY_VOLATILE_RANDOM,
    MAXMEMORY_VOLATILE_TTL,
    MAXMEMORY_ALLKEYS_LRU,
    MAXMEMORY_ALLKEYS_LFU,
    MAXMEMORY_ALLKEYS_RANDOM,
    MAXMEMORY_NO_EVICTION
};
/* appendfsync values (Redis's numbering) */
enum { AOF_FSYNC_NO = 0, AOF_FSYNC_ALWAYS = 1, AOF_FSYNC_EVERYSEC = 2 };
/* enable-debug-command / enable-protected-configs / enable-module-command */
enum { PROTECTED_ACTION_NO = 0, PROTECTED_ACTION_YES = 1, PROTECTED_ACTION_LOCAL = 2 };
/* supervised */
enum { SUPERVISED_NONE = 0, SUPERVISED_AUTO, SUPERVISED_SYSTEMD, SUPERVISED_UPSTART };
/* repl-diskless-load */
enum { REPL_DISKLESS_LOAD_DISABLED = 0, REPL_DISKLESS_LOAD_ON_EMPTY_DB, REPL_DISKLESS_LOAD_SWAPDB };
/* oom-score-adj */
enum { OOM_SCORE_ADJ_NO = 0, OOM_SCORE_RELATIVE = 1, OOM_SCORE_ADJ_ABSOLUTE = 2 };
/* sanitize-dump-payload */
enum { SANITIZE_DUMP_NO = 0, SANITIZE_DUMP_YES = 1, SANITIZE_DUMP_CLIENTS = 2 };
/* propagation-error-behavior */
enum { PROPAGATION_ERR_IGNORE = 0, PROPAGATION_ERR_PANIC, PROPAGATION_ERR_PANIC_ON_REPLICAS };
/* cluster-preferred-endpoint-type */
enum { CLUSTER_ENDPOINT_IP = 0, CLUSTER_ENDPOINT_HOSTNAME, CLUSTER_ENDPOINT_UNKNOWN };
/* tls-auth-clients */
enum { TLS_CLIENT_AUTH_NO = 0, TLS_CLIENT_AUTH_YES, TLS_CLIENT_AUTH_OPTIONAL };
/* acl-pubsub-default: allchannels is Redis's SELECTOR_FLAG_ALLCHANNELS */
enum { ACL_PUBSUB_RESETCHANNELS = 0, ACL_PUBSUB_ALLCHANNELS = 1 << 3 };
/* shutdown-on-sigint/-sigterm hold SHUTDOWN_* flags of server.h (0 = default) */

/* client-output-buffer-limit classes */
enum { OBUF_NORMAL = 0, OBUF_REPLICA = 1, OBUF_PUBSUB = 2, OBUF_CLASSES = 3 };
struct obuf_limit {
    long long hard, soft, soft_seconds; /* bytes, bytes, seconds; 0 = no limit */
};

/* oom-score-adj-values indexes */
enum { OOM_MASTER = 0, OOM_REPLICA = 1, OOM_BGCHILD = 2, OOM_CLASSES = 3 };

struct config {
    /* ---- network */
    int port;
    char *bind[CONFIG_MAX_BIND]; /* as configured, "-" prefix = optional address */
    int nbind;                   /* 0: no TCP listener */
    char *bind_source_addr;      /* NULL when empty */
    int tcp_backlog;
    int tcp_keepalive;
    char *unixsocket; /* NULL when empty */
    int unixsocketperm;
    int socket_mark_id;
    int timeout; /* idle client timeout, seconds; 0 = never */
    int maxclients;
    int protected_mode;
    /* ---- protocol limits */
    long long proto_max_bulk_len;
    long long client_query_buffer_limit;
    /* ---- general */
    int daemonize;
    int supervised;
    char *pidfile; /* NULL when empty */
    int verbosity; /* LL_* of log.h */
    char *logfile; /* "" = stdout */
    int syslog_enabled;
    char *syslog_ident;
    int syslog_facility;
    int crash_log_enabled;
    int crash_memcheck_enabled;
    int use_exit_on_panic; /* hidden */
    int databases;
    int always_show_logo;
    int set_proc_title;
    char *proc_title_template;
    char *ignore_warnings;
    char *server_cpulist, *bio_cpulist, *aof_rewrite_cpulist, *bgsave_cpulist; /* NULL when empty */
    int disable_thp;
    int jemalloc_bg_thread;
    int oom_score_adj;
    int oom_score_adj_values[OOM_CLASSES];
    int hz;
    int dynamic_hz;
    int watchdog_period; /* hidden */
    char *dir;           /* absolute working directory, kept equal to getcwd() */
    /* ---- snapshotting */
    struct save_point *save;
    int nsave;
    int stop_writes_on_bgsave_error;
    int rdbcompression;
    int rdbchecksum;
    char *dbfilename;
    int rdb_del_sync_files;
    int rdb_save_incremental_fsync;
    int sanitize_dump_payload;
    int rdb_key_save_delay;                          /* hidden, microseconds */
    int key_load_delay;                              /* hidden, microseconds */
    long long loading_process_events_interval_bytes; /* hidden */
    /* ---- replication */
    char *masterhost; /* replicaof host, NULL: this is a master */
    int masterport;
    char *masterauth; /* NULL when empty */
    char *masteruser; /* NULL when empty */
    int replica_serve_stale_data;
    int replica_read_only;
    int repl_diskless_sync;
    int repl_diskless_sync_delay;
    int repl_diskless_sync_max_replicas;
    int repl_diskless_load;
    int repl_ping_replica_period;
    int repl_timeout;
    int repl_disable_tcp_nodelay;
    long long repl_backlog_size;
    long long repl_backlog_ttl;
    int replica_priority;
    int replica_announced;
    int min_replicas_to_write;
    int min_replicas_max_lag;
    char *replica_announce_ip; /* NULL when empty */
    int replica_announce_port;
    int replica_lazy_flush;
    int replica_ignore_maxmemory;
    int replica_ignore_disk_write_errors;
    int propagation_error_behavior;
    /* ---- security */
    char *requirepass; /* NULL when empty */
    char *aclfile;
    long long acllog_max_len;
    int acl_pubsub_default;
    int enable_protected_configs; /* PROTECTED_ACTION_* */
    int enable_debug_command;
    int enable_module_command;
    /* ---- clients and memory */
    long long maxmemory; /* bytes, 0 = no limit */
    int maxmemory_policy;
    int maxmemory_samples;
    int maxmemory_eviction_tenacity;
    long long maxmemory_clients; /* bytes; a negative value -N means N% of maxmemory */
    struct obuf_limit obuf_limits[OBUF_CLASSES];
    int lfu_log_factor, lfu_decay_time;
    /* ---- lazy freeing */
    int lazyfree_lazy_eviction, lazyfree_lazy_expire, lazyfree_lazy_server_del,
        lazyfree_lazy_user_del, lazyfree_lazy_user_flush;
    /* ---- threaded I/O */
    int io_threads;
    int io_threads_do_reads;
    /* ---- append only file */
    int appendonly;
    char *appendfilename;
    char *appenddirname;
    int appendfsync; /* AOF_FSYNC_* */
    int no_appendfsync_on_rewrite;
    int auto_aof_rewrite_percentage;
    long long auto_aof_rewrite_min_size;
    int aof_load_truncated;
    int aof_use_rdb_preamble;
    int aof_timestamp_enabled;
    int aof_rewrite_incremental_fsync;
    int aof_disable_auto_gc;
    /* ---- shutdown */
    int shutdown_timeout;
    int shutdown_on_sigint, shutdown_on_sigterm; /* SHUTDOWN_* flags */
    /* ---- scripts */
    long long busy_reply_threshold; /* milliseconds (alias lua-time-limit) */
    /* ---- cluster */
    int cluster_enabled;
    char *cluster_config_file;
    long long cluster_node_timeout;
    int cluster_port;
    int cluster_replica_validity_factor;
    int cluster_migration_barrier;
    int cluster_allow_replica_migration;
    int cluster_require_full_coverage;
    int cluster_replica_no_failover;
    int cluster_allow_reads_when_down;
    int cluster_allow_pubsubshard_when_down;
    long long cluster_link_sendbuf_limit;
    char *cluster_announce_hostname; /* NULL when empty */
    int cluster_preferred_endpoint_type;
    char *cluster_announce_ip; /* NULL when empty */
    int cluster_announce_port, cluster_announce_tls_port, cluster_announce_bus_port;
    /* ---- slow log, latency */
    long long slowlog_log_slower_than;
    long long slowlog_max_len;
    long long latency_monitor_threshold;
    int latency_tracking;
    double *latency_tracking_info_percentiles;
    int latency_tracking_info_percentiles_len;
    /* ---- notifications */
    int notify_keyspace_events; /* NOTIFY_* flags of db.h */
    /* ---- data structure encodings */
    long long hash_max_listpack_entries, hash_max_listpack_value;
    int list_max_listpack_size, list_compress_depth;
    long long set_max_intset_entries;
    long long zset_max_listpack_entries, zset_max_listpack_value;
    long long hll_sparse_max_bytes;
    long long stream_node_max_bytes, stream_node_max_entries;
    int activerehashing;
    long long tracking_table_max_keys;
    int active_expire_effort;
    int active_expire_enabled; /* DEBUG SET-ACTIVE-EXPIRE (not a config parameter) */
    /* ---- active defragmentation */
    int activedefrag;
    long long active_defrag_ignore_bytes;
    int active_defrag_threshold_lower, active_defrag_threshold_upper;
    int active_defrag_cycle_min, active_defrag_cycle_max;
    long long active_defrag_max_scan_fields;
    /* ---- TLS (stored; Mnemo has no TLS) */
    int tls_port;
    char *tls_cert_file, *tls_key_file, *tls_key_file_pass;
    char *tls_client_cert_file, *tls_client_key_file, *tls_client_key_file_pass;
    char *tls_dh_params_file, *tls_ca_cert_file, *tls_ca_cert_dir;
    int tls_auth_clients;
    int tls_replication, tls_cluster;
    char *tls_protocols, *tls_ciphers, *tls_ciphersuites;
    int tls_prefer_server_ciphers;
    int tls_session_caching;
    int tls_session_cache_size, tls_session_cache_timeout;
};

extern struct config cfg;

void config_init_defaults(void);

/* Start-up: reads argv like redis-server does ([config-file] [--name value ...]
 * ["-" to read the config from stdin]), loads everything, and records the
 * absolute paths of the executable and the config file in srv. Also answers
 * `--dump-config` (prints mnemo.conf and exits). On an error prints Redis's
 * message and exits with status 1. */
void config_load_main(int argc, char **argv);
/* Loads a file (NULL: none; with from_stdin, stdin is appended), then the
 * override text ("name value" lines). Exits(1) with Redis's message on error. */
void config_load(const char *file, int from_stdin, const char *overrides);

/* Rewrites the config file at path from the current values (CONFIG REWRITE);
 * force_all writes every parameter (DEBUG CONFIG-REWRITE-FORCE-ALL).
 * Returns 0, or -1 with errno set. */
int config_rewrite(const char *path, int force_all);
/* Writes a complete documented config file (mnemo.conf) with every parameter
 * at its default value. */
void config_dump_defaults(void *file /* FILE* */);

/* enable-debug-command / enable-protected-configs / enable-module-command
 * semantics: 1 if the client may perform the action. */
struct client;
int config_protected_action_allowed(int setting, const struct client *c);

/* Applies oom-score-adj to this process (start-up and CONFIG SET). 0 ok, -1 error. */
int config_set_oom_score_adj(void);

void config_free(void);

#endif
