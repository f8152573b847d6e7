/* log: writes to cfg.logfile (stdout when empty), filtered by cfg.verbosity. */
#include "log.h"
#include "config.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static char log_role = 'M';

void log_set_role(char role) {
    log_role = role;
}

void log_raw(int level, const char *msg) {
    static const char marks[] = ".-*#";
    int raw = level & LL_RAW;
    level &= 0xff;
    if (level < cfg.verbosity) return;
    int to_stdout = cfg.logfile == NULL || cfg.logfile[0] == '\0';
    FILE *fp = to_stdout ? stdout : fopen(cfg.logfile, "a");
    if (!fp) return;
    if (raw) {
        fprintf(fp, "%s", msg);
    } else {
        char buf[64];
        struct timeval tv;
        gettimeofday(&tv, NULL);
        struct tm tm;
        localtime_r(&tv.tv_sec, &tm);
        int off = (int)strftime(buf, sizeof(buf), "%d %b %Y %H:%M:%S.", &tm);
        snprintf(buf + off, sizeof(buf) - (size_t)off, "%03d", (int)tv.tv_usec / 1000);
        fprintf(fp, "%d:%c %s %c %s\n", (int)getpid(), log_role, buf, marks[level & 3], msg);
    }
    fflush(fp);
    if (!to_stdout) fclose(fp);
}

void log_write(int level, const char *fmt, ...) {
    if ((level & 0xff) < cfg.verbosity) return;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    log_raw(level, msg);
}
