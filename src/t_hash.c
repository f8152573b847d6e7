/* t_hash: hashes (being written). */
#include "commands.h"

struct command hash_commands[] = {
    {0},
};
