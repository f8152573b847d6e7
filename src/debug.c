/* debug: (being written) */
#include "commands.h"

struct command debug_commands[] = {
    {0},
};
