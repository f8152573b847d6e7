/* log: Redis-format log lines: "pid:role dd Mon yyyy hh:mm:ss.mmm <level> message". */
#ifndef MNEMO_LOG_H
#define MNEMO_LOG_H

enum { LL_DEBUG = 0, LL_VERBOSE, LL_NOTICE, LL_WARNING, LL_RAW = 1 << 10 };

void log_write(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void log_raw(int level, const char *msg);
void log_set_role(char role); /* 'M' master, 'S' replica, 'C' child, 'X' sentinel */
#define log_debug(...)   log_write(LL_DEBUG, __VA_ARGS__)
#define log_verbose(...) log_write(LL_VERBOSE, __VA_ARGS__)
#define log_notice(...)  log_write(LL_NOTICE, __VA_ARGS__)
#define log_warning(...) log_write(LL_WARNING, __VA_ARGS__)

#endif
