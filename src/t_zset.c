/* t_zset: sorted sets (being written). */
#include "commands.h"

struct command zset_commands[] = {
    {0},
};
