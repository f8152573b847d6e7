/* t_list: lists (being written). */
#include "commands.h"

struct command list_commands[] = {
    {0},
};
