/* t_set: sets (being written). */
#include "commands.h"

struct command set_commands[] = {
    {0},
};
