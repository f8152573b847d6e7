/* sort: SORT (being written). */
#include "commands.h"

struct command sort_commands[] = {
    {0},
};
