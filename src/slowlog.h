/* slowlog: the log of commands slower than slowlog-log-slower-than. */
#ifndef MNEMO_SLOWLOG_H
#define MNEMO_SLOWLOG_H
struct client;
void slowlog_init(void);
void slowlog_push_if_needed(struct client *c, long long duration_us);
#endif
