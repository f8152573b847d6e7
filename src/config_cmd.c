/* config_cmd: (being written) */
#include "commands.h"

struct command config_commands[] = {
    {0},
};
