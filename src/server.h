/* server: the process-wide state that several subsystems read (the event loop,
 * the databases, the client registry, counters) and the start-up/cron entry
 * points. Subsystems with state of their own keep it in their own module. */
#ifndef MNEMO_SERVER_H
#define MNEMO_SERVER_H
#include <stdint.h>
#include <sys/types.h>

#define MNEMO_VERSION      "7.0.15" /* the Redis version we are compatible with */
#define MNEMO_REAL_VERSION "0.1.0"

struct ae_loop;
struct client;
struct db;

struct stats {
    long long numcommands, numconnections, rejected_conn;
    long long expiredkeys, expired_stale_perc_x100, expired_time_cap_reached;
    long long evictedkeys, keyspace_hits, keyspace_misses;
    long long net_input_bytes, net_output_bytes;
    long long total_error_replies, unexpected_error_replies;
    long long client_qbuf_limit_disconnections, client_outbuf_limit_disconnections;
    long long io_reads, io_writes;
    long long eviction_exceeded_total_us, eviction_exceeded_start_us; /* evict.c */
};

struct server {
    struct ae_loop *loop;
    pid_t pid;
    int listen_fd[16];
    int nlisten;
    int unix_fd;
    struct db *db;
    int ndb;
    struct client *clients; /* all connected clients, newest first */
    long nclients;
    uint64_t next_client_id;
    struct client *pending_write; /* clients with replies to flush before sleeping */
    struct client *current;       /* client whose command is running */
    struct client **to_close;     /* clients to free at the next safe point */
    int nto_close, cap_to_close;
    long long start_ms;
    long long now_ms; /* cached clock: fixed during one command (and one script) */
    long long now_us;
    uint32_t lruclock;
    long long cronloops;
    long long dirty;
    long long stat_peak_memory;
    struct stats stat;
    int shutdown_asap, shutdown_flags;
    int cron_paused; /* DEBUG PAUSE-CRON */
    char runid[41];
    char *executable, *configfile;
    char *exec_argv_line;
    int arch_bits;
    int loading;
    long long last_save;
    int in_exec, in_script;
};

extern struct server srv;

/* LRU clock: 24 bits of seconds, like Redis's LRU_CLOCK_RESOLUTION=1000ms. */
#define LRU_BITS      24
#define LRU_CLOCK_MAX ((1 << LRU_BITS) - 1)
uint32_t lru_clock_now(void);
long long lru_idle_ms(uint32_t lru);

void server_update_time(void);
int server_init(void); /* after the config is loaded; -1 if start-up fails */
void server_run(void);
/* Stops the server: optionally saves (when persistence exists); returns -1 if refused. */
int server_prepare_shutdown(int flags);
#define SHUTDOWN_NOFLAGS 0
#define SHUTDOWN_SAVE    1
#define SHUTDOWN_NOSAVE  2
#define SHUTDOWN_NOW     4
#define SHUTDOWN_FORCE   8

#endif
