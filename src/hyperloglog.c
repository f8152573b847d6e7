/* hyperloglog: HyperLogLog (being written). */
#include "commands.h"

struct command hll_commands[] = {
    {0},
};
