/* geo: geo commands (being written). */
#include "commands.h"

struct command geo_commands[] = {
    {0},
};
