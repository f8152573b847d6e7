/* client_cmd: (being written) */
#include "commands.h"

struct command client_commands[] = {
    {0},
};
