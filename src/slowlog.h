/* slowlog: the log of commands slower than slowlog-log-slower-than.
 *
 * cmd_call() measures each command and calls slowlog_push_if_needed(); the
 * SLOWLOG command reads the log. Entries keep copies of (at most 32) arguments,
 * each cut to 128 bytes, so they never point into a client's buffers. */
#ifndef MNEMO_SLOWLOG_H
#define MNEMO_SLOWLOG_H
struct client;
void slowlog_init(void);
void slowlog_push_if_needed(struct client *c, long long duration_us);
void slowlog_reset(void);
long slowlog_len(void);
/* Hides argument i of the running command from the slowlog (and MONITOR):
 * commands carrying secrets (AUTH, HELLO ... AUTH, CONFIG SET masterauth)
 * call it once they have used the argument. */
void slowlog_redact_arg(struct client *c, int i);
#endif
