/* server: start-up, the listeners, the cron timer, before-sleep work and
 * shutdown. The order of start-up: defaults -> config file and arguments ->
 * databases and command table -> listeners -> "Ready to accept connections". */
#include "server.h"
#include "aof.h"
#include "script.h"
#include "functions.h"
#include "ae.h"
#include "client.h"
#include "commands.h"
#include "config.h"
#include "db.h"
#include "evict.h"
#include "dict.h"
#include "info.h"
#include "log.h"
#include "mem.h"
#include "net.h"
#include "slowlog.h"
#include "lazyfree.h"
#include "blocking.h"
#include "t_hash.h"
#include "t_list.h"
#include "t_set.h"
#include "util.h"
#include "zset.h"
#include "rdb.h"
#include <time.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

struct server srv;

uint32_t lru_clock_now(void) {
    return (uint32_t)((srv.now_ms / 1000) & LRU_CLOCK_MAX);
}

long long lru_idle_ms(uint32_t lru) {
    uint32_t now = lru_clock_now();
    long long secs = now >= lru ? now - lru : (LRU_CLOCK_MAX - lru) + now;
    return secs * 1000;
}

void server_update_time(void) {
    if (srv.in_script) return; /* scripts see one clock */
    srv.now_us = ae_now_us();
    srv.now_ms = srv.now_us / 1000;
}

static void accept_tcp(struct ae_loop *l, int fd, void *data, int mask) {
    client_accept_handler(fd, 0);
}

static void accept_unix(struct ae_loop *l, int fd, void *data, int mask) {
    client_accept_handler(fd, 1);
}

static int open_listeners(void) {
    char err[256];
    if (cfg.port != 0) {
        for (int i = 0; i < cfg.nbind; i++) { /* bind "" (no address): no TCP listener */
            const char *a = cfg.bind[i];
            int optional = a[0] == '-';
            int fd = net_tcp_listen(a + optional, cfg.port, cfg.tcp_backlog, err, sizeof(err));
            if (fd < 0) {
                if (optional) continue;
                log_warning("Warning: Could not create server TCP listening socket %s:%d: %s", a,
                            cfg.port, err);
                log_warning("Failed listening on port %d (TCP), aborting.", cfg.port);
                return -1;
            }
            srv.listen_fd[srv.nlisten++] = fd;
            ae_add(srv.loop, fd, AE_READABLE, accept_tcp, NULL);
        }
    }
    if (cfg.unixsocket && cfg.unixsocket[0]) {
        int fd =
            net_unix_listen(cfg.unixsocket, cfg.unixsocketperm, cfg.tcp_backlog, err, sizeof(err));
        if (fd < 0) {
            log_warning("Failed opening Unix socket: %s", err);
            return -1;
        }
        srv.unix_fd = fd;
        ae_add(srv.loop, fd, AE_READABLE, accept_unix, NULL);
    }
    if (srv.nlisten == 0 && srv.unix_fd < 0) {
        log_warning("Configured to not listen anywhere, exiting.");
        return -1;
    }
    return 0;
}

static void close_listeners(void) {
    for (int i = 0; i < srv.nlisten; i++)
        close(srv.listen_fd[i]);
    srv.nlisten = 0;
    if (srv.unix_fd >= 0) {
        close(srv.unix_fd);
        if (cfg.unixsocket) unlink(cfg.unixsocket);
        srv.unix_fd = -1;
    }
}

int server_prepare_shutdown(int flags) {
    /* Never save a half-loaded data set over the file. */
    if (srv.loading) flags = (flags & ~SHUTDOWN_SAVE) | SHUTDOWN_NOSAVE;
    log_warning("User requested shutdown...");
    /* The AOF first (kill a rewrite, flush, fsync), then the RDB, as Redis. */
    if (aof_shutdown(flags & SHUTDOWN_FORCE) < 0 || rdb_shutdown(flags) < 0) {
        log_warning("Errors trying to shut down the server. Check the logs for more information.");
        return -1;
    }
    if (cfg.pidfile && cfg.pidfile[0]) unlink(cfg.pidfile);
    clients_flush_pending();
    close_listeners();
    log_warning("Mnemo is now ready to exit, bye bye...");
    return 0;
}

static volatile sig_atomic_t got_signal;

static void on_signal(int sig) {
    if (srv.shutdown_asap && sig == SIGINT) {
        /* A second SIGINT: quit now, without the save in progress (its temp file goes). */
        char tmp[64];
        log_warning("You insist... exiting now.");
        snprintf(tmp, sizeof(tmp), "temp-%d.rdb", (int)getpid());
        unlink(tmp);
        _exit(1);
    }
    got_signal = sig;
    srv.shutdown_asap = 1;
}

static long cron(struct ae_loop *l, long long id, void *data) {
    server_update_time();
    srv.cronloops++;
    /* DEBUG PAUSE-CRON holds a signal's shutdown too (SHUTDOWN ABORT can cancel
     * it), as Redis; a busy script's pause does not. */
    if (srv.shutdown_asap && (!srv.cron_paused || script_busy())) {
        log_warning("Received %s scheduling shutdown...",
                    got_signal == SIGINT ? "SIGINT" : "SIGTERM");
        int flags = got_signal == SIGINT ? cfg.shutdown_on_sigint : cfg.shutdown_on_sigterm;
        if (server_prepare_shutdown(flags) == 0) exit(0);
        srv.shutdown_asap = 0;
    }
    size_t used = mem_used();
    if ((long long)used > srv.stat_peak_memory) srv.stat_peak_memory = (long long)used;
    info_cron(); /* instantaneous metrics, start-up memory */
    if (srv.cron_paused || srv.loading) return 1000 / (cfg.hz > 0 ? cfg.hz : 10);
    aof_cron(); /* finished rewrite child, scheduled/automatic rewrites, fsync */
    clients_cron();
    rdb_cron(); /* finished background saves, save points */
    for (int i = 0; i < srv.ndb; i++) {
        dict_shrink_if_needed(&srv.db[i].keys);
        if (dict_is_rehashing(&srv.db[i].keys)) dict_rehash_ms(&srv.db[i].keys, 1);
    }
    if (cfg.active_expire_enabled) {
        /* Slow cycle: up to 25% of the time between two cron runs. */
        long long budget_us = 1000000LL / (cfg.hz > 0 ? cfg.hz : 10) / 4;
        db_active_expire_cycle(budget_us);
    }
    return 1000 / (cfg.hz > 0 ? cfg.hz : 10);
}

static void before_sleep(struct ae_loop *l) {
    server_update_time();
    client_free_closed();
    blocking_before_sleep(); /* ready keys, then input of clients unblocked since */
    aof_before_sleep();      /* the AOF is written (and fsynced) before any reply leaves */
    clients_flush_pending();
    client_free_closed();
}

static void write_pidfile(void) {
    if (!cfg.pidfile || !cfg.pidfile[0]) return;
    FILE *f = fopen(cfg.pidfile, "w");
    if (f) {
        fprintf(f, "%d\n", (int)getpid());
        fclose(f);
    }
}

static void adjust_open_files(void) {
    rlim_t need = (rlim_t)cfg.maxclients + 32;
    struct rlimit lim;
    if (getrlimit(RLIMIT_NOFILE, &lim) == -1) return;
    if (lim.rlim_cur >= need) return;
    lim.rlim_cur = need > lim.rlim_max ? lim.rlim_max : need;
    setrlimit(RLIMIT_NOFILE, &lim);
    getrlimit(RLIMIT_NOFILE, &lim);
    if (lim.rlim_cur < need) {
        int old = cfg.maxclients;
        cfg.maxclients = lim.rlim_cur > 32 ? (int)lim.rlim_cur - 32 : 1;
        log_warning("You requested maxclients of %d requiring at least %d max file descriptors.",
                    old, (int)need);
        log_warning("Server can't set maximum open files to %d because of OS error: %s.", (int)need,
                    strerror(errno));
        log_warning(
            "Current maximum open files is %d. maxclients has been reduced to %d to compensate "
            "for low ulimit. If you need higher maxclients increase 'ulimit -n'.",
            (int)lim.rlim_cur, cfg.maxclients);
    }
}

/* Everything after configuration: signals, event loop, databases, command
 * table, listeners. Returns -1 if the server cannot start. */
int server_init(void) {
    signal(SIGPIPE, SIG_IGN);
    signal(SIGHUP, SIG_IGN);
    struct sigaction sa = {0};
    sa.sa_handler = on_signal;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);

    adjust_open_files();
    srv.loop = ae_create(cfg.maxclients + 128);
    if (!srv.loop) {
        log_warning("Failed creating the event loop. Error message: '%s'", strerror(errno));
        return -1;
    }
    db_init_all(cfg.databases);
    evict_init();
    cmd_init();
    slowlog_init();
    lazyfree_init();
    set_type_init();
    hash_type_init();
    list_init();
    zset_init();
    script_init();
    srv.last_save = (long long)time(NULL);
    functions_init();
    if (open_listeners() < 0) return -1;
    log_notice("Mnemo %s (Redis %s compatible), %d bit, standalone mode, port %d, PID: %d",
               MNEMO_REAL_VERSION, MNEMO_VERSION, srv.arch_bits, cfg.port, (int)srv.pid);
    write_pidfile();
    log_warning("Server initialized");
    aof_startup(); /* the manifest; with appendonly yes the AOF is loaded (exits on errors) */
    if (!cfg.appendonly) rdb_load_at_startup(); /* clients meanwhile get -LOADING */
    ae_timer_add(srv.loop, 1, cron, NULL);
    ae_set_before_sleep(srv.loop, before_sleep);
    log_notice("Ready to accept connections");
    return 0;
}

void server_run(void) {
    ae_run(srv.loop);
}
