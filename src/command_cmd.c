/* command_cmd: (being written) */
#include "commands.h"

struct command command_commands[] = {
    {0},
};
