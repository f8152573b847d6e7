/* slowlog: (being written) */
#include "slowlog.h"
#include "commands.h"

void slowlog_init(void) {
}

void slowlog_push_if_needed(struct client *c, long long duration_us) {
    (void)c, (void)duration_us;
}

struct command slowlog_commands[] = {
    {0},
};
