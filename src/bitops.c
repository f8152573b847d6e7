/* bitops: (being written) */
#include "commands.h"

struct command bitmap_commands[] = {
    {0},
};
