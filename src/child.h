/* child: the one background child process (BGSAVE, BGREWRITEAOF), as Redis
 * allows at most one fork at a time.
 *
 * child_fork(type, done) forks; in the child it returns 0 (the caller does
 * its work and ends with child_exit), in the parent the child's pid (or -1
 * with errno). The cron calls child_check(), which reaps the child and calls
 * done(type, ok, by_signal) once it ended: ok = exit status 0 and no signal;
 * by_signal = the number of the signal that ended it (0: it exited).
 * child_kill() stops a running child (its done callback still runs, with
 * ok = 0 and by_signal = SIGUSR1, unless the caller asked for no callback). */
#ifndef MNEMO_CHILD_H
#define MNEMO_CHILD_H
#include <sys/types.h>

enum { CHILD_NONE = 0, CHILD_RDB = 1, CHILD_AOF = 2 };

typedef void child_done_fn(int type, int ok, int by_signal);

pid_t child_fork(int type, child_done_fn *done);
int child_type(void); /* CHILD_NONE when no child runs */
pid_t child_pid(void);
long long child_start_ms(void); /* when the running child was forked */
void child_check(void);         /* from cron: reap a finished child */
/* Kills the running child and waits for it; with callback 0 its done
 * function is not called. */
void child_kill(int callback);
/* In the child: leave without running atexit handlers or flushing stdio
 * buffers inherited from the parent. */
_Noreturn void child_exit(int ok);
/* Stats for INFO: time the last fork() took, in microseconds. */
long long child_last_fork_usec(void);
long long child_total_forks(void);

#endif
