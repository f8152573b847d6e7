/* main: command-line handling (like redis-server: [config-file] [--name value ...])
 * and start-up order: defaults -> config -> server_init -> server_run. */
#include "config.h"
#include "dict.h"
#include "log.h"
#include "mem.h"
#include "server.h"
#include "util.h"
#include "ae.h"
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(void) {
    fprintf(stderr, "Usage: ./mnemo-server [/path/to/mnemo.conf] [options] [-]\n"
                    "       ./mnemo-server - (read config from stdin)\n"
                    "       ./mnemo-server -v or --version\n"
                    "       ./mnemo-server -h or --help\n\n"
                    "Examples:\n"
                    "       ./mnemo-server (run the server with default conf)\n"
                    "       ./mnemo-server /etc/mnemo/6379.conf\n"
                    "       ./mnemo-server --port 7777\n"
                    "       ./mnemo-server /etc/myredis.conf --loglevel verbose -\n");
    exit(1);
}

int main(int argc, char **argv) {
    mem_init();
    memset(&srv, 0, sizeof(srv));
    srv.pid = getpid();
    srv.unix_fd = -1;
    srv.arch_bits = (int)sizeof(long) * 8;
    srv.executable = argv[0];
    server_update_time();
    srv.start_ms = srv.now_ms;
    unsigned char seed[16];
    get_random_bytes(seed, sizeof(seed));
    hash_set_seed(seed);
    srandom((unsigned)(srv.now_us ^ srv.pid));
    get_random_hex(srv.runid, 40);
    srv.runid[40] = '\0';
    config_init_defaults();

    if (argc >= 2) {
        if (!strcmp(argv[1], "-v") || !strcmp(argv[1], "--version")) {
            printf("Mnemo server v=%s (Redis %s compatible) bits=%d malloc=jemalloc\n",
                   MNEMO_REAL_VERSION, MNEMO_VERSION, srv.arch_bits);
            return 0;
        }
        if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) usage();
    }
    log_set_role('C');
    config_load_main(argc, argv); /* config file, stdin, --options (exits on errors) */
    log_warning("oO0OoO0OoO0Oo Mnemo is starting oO0OoO0OoO0Oo");
    log_warning("Mnemo version=%s, redis_version=%s, bits=%d, pid=%d, just started",
                MNEMO_REAL_VERSION, MNEMO_VERSION, srv.arch_bits, (int)srv.pid);
    if (argc >= 2)
        log_warning("Configuration loaded");
    else
        log_warning(
            "Warning: no config file specified, using the default config. In order to specify a "
            "config file use %s /path/to/mnemo.conf",
            argv[0]);
    log_set_role('M');

    if (cfg.daemonize) {
        if (fork() != 0) exit(0);
        setsid();
        int fd = open("/dev/null", O_RDWR);
        if (fd >= 0) {
            dup2(fd, 0), dup2(fd, 1), dup2(fd, 2);
            if (fd > 2) close(fd);
        }
        srv.pid = getpid();
    }

    if (server_init() < 0) return 1;
    server_run();
    return 0;
}
