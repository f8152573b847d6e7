/* expire: (being written) */
#include "commands.h"

struct command expire_commands[] = {
    {0},
};
