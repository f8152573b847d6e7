/* info: the INFO command, error statistics (INFO errorstats) and the
 * instantaneous metrics of INFO stats. */
#ifndef MNEMO_INFO_H
#define MNEMO_INFO_H
#include <stddef.h>

/* Counts one error reply with this code ("ERR", "WRONGTYPE" ...). At most 128
 * distinct codes are tracked; past that, new codes count as
 * ERRORSTATS_DISABLED until CONFIG RESETSTAT. */
void errorstats_incr(const char *code, size_t len);
/* CONFIG RESETSTAT: error statistics and instantaneous metrics. */
void info_reset_stats(void);
/* Called by the server cron: samples the instantaneous metrics every 100 ms
 * and records the start-up memory on the first call. */
void info_cron(void);
/* Records one execution of cmd that took usec microseconds in the command's
 * latency histogram (INFO latencystats; callers check latency-tracking). */
struct command;
void latency_record(const struct command *cmd, long long usec);
/* The INFO text for these section names (lowercase; "all", "everything",
 * "default" allowed); n == 0 gives the default sections. xmalloc'd. */
char *info_generate(const char *const *sections, int n, size_t *len);

#endif
