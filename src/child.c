/* child: bookkeeping for the single background child process (see child.h).
 * The forked child closes the listening sockets so that a long BGSAVE does
 * not keep the port bound if the parent exits, and it ignores SIGTERM/SIGINT
 * handlers meant for the server (the parent kills it with SIGUSR1). */
#include "child.h"
#include "ae.h"
#include "db.h"
#include "log.h"
#include "server.h"
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t cur_pid = -1;
static int cur_type = CHILD_NONE;
static child_done_fn *cur_done;
static long long cur_start_ms, last_fork_usec, total_forks;

/* While a child runs, the key tables only grow when badly overloaded, so
 * that rehashing does not copy-on-write every page of the tables (as Redis's
 * dict resize policy). */
static void defer_resize(int on) {
    for (int i = 0; i < srv.ndb; i++)
        srv.db[i].keys.no_resize = on;
}

pid_t child_fork(int type, child_done_fn *done) {
    if (cur_type != CHILD_NONE) {
        errno = EBUSY;
        return -1;
    }
    long long t0 = ae_now_us();
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        signal(SIGTERM, SIG_DFL);
        signal(SIGINT, SIG_DFL);
        signal(SIGUSR1, SIG_DFL);
        for (int i = 0; i < srv.nlisten; i++)
            close(srv.listen_fd[i]);
        if (srv.unix_fd >= 0) close(srv.unix_fd);
        srv.pid = getpid();
        return 0;
    }
    last_fork_usec = ae_now_us() - t0;
    total_forks++;
    cur_pid = pid;
    cur_type = type;
    cur_done = done;
    cur_start_ms = t0 / 1000;
    defer_resize(1);
    return pid;
}

int child_type(void) {
    return cur_type;
}

pid_t child_pid(void) {
    return cur_pid;
}

long long child_start_ms(void) {
    return cur_start_ms;
}

long long child_last_fork_usec(void) {
    return last_fork_usec;
}

long long child_total_forks(void) {
    return total_forks;
}

static void finished(int status, int callback) {
    int type = cur_type;
    child_done_fn *done = cur_done;
    cur_pid = -1;
    cur_type = CHILD_NONE;
    cur_done = NULL;
    defer_resize(0);
    int by_signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0; /* the signal number */
    int ok = !by_signal && WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (callback && done) done(type, ok, by_signal);
}

void child_check(void) {
    if (cur_type == CHILD_NONE) return;
    int status;
    pid_t p = waitpid(cur_pid, &status, WNOHANG);
    if (p == cur_pid) {
        finished(status, 1);
    } else if (p < 0 && errno == ECHILD) {
        log_warning("Background child %d vanished", (int)cur_pid);
        finished(1 << 8, 1); /* as a failed exit */
    }
}

void child_kill(int callback) {
    if (cur_type == CHILD_NONE) return;
    kill(cur_pid, SIGUSR1);
    int status = 0;
    while (waitpid(cur_pid, &status, 0) < 0 && errno == EINTR) {
    }
    finished(status, callback);
}

_Noreturn void child_exit(int ok) {
    _exit(ok ? 0 : 1);
}
