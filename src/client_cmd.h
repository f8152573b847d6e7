/* client_cmd: CLIENT PAUSE state shared with dispatch. */
#ifndef MNEMO_CLIENT_CMD_H
#define MNEMO_CLIENT_CMD_H
struct client;
struct command;
/* Called by dispatch right before a command runs: while CLIENT PAUSE is in
 * effect for this command (ALL: any command; WRITE: write or may-replicate
 * commands), the client is blocked with its command kept, and 1 is returned;
 * the command runs when the pause ends. */
int client_pause_postpone(struct client *c, const struct command *cmd);
/* 1 while a CLIENT PAUSE (WRITE or ALL) is in effect: the dataset must stay
 * static, so eviction holds off too (as Redis's isSafeToPerformEvictions). */
int clients_paused(void);
#endif
