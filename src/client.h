/* client: one connection's state machine.
 *
 *   read event -> append to query buffer -> resp_parse -> argv (slices of the
 *   query buffer, NUL-terminated in place) -> cmd_dispatch -> replies appended
 *   to the output buffer -> the client is put on srv.pending_write -> before
 *   the loop sleeps every pending client is written with one write() call; only
 *   what the socket did not take gets a writable handler.
 *
 * A client is never freed while its command runs: client_close_async() marks it
 * and the server frees it at the next safe point. */
#ifndef MNEMO_CLIENT_H
#define MNEMO_CLIENT_H
#include "resp.h"
#include <stddef.h>
#include <stdint.h>

struct db;
struct command;

struct str {
    char *ptr; /* NUL-terminated */
    size_t len;
};

/* client flags */
#define CF_CLOSE_AFTER_REPLY (1 << 0)
#define CF_CLOSE_ASAP        (1 << 1)
#define CF_PENDING_WRITE     (1 << 2)
#define CF_UNIX_SOCKET       (1 << 3)
#define CF_REPLY_OFF         (1 << 4)
#define CF_REPLY_SKIP_NEXT   (1 << 5)
#define CF_REPLY_SKIP        (1 << 6)
#define CF_NO_EVICT          (1 << 7)
#define CF_MULTI             (1 << 8)
#define CF_FAKE              (1 << 9) /* no socket: scripts, AOF loading */
#define CF_PROTOCOL_ERROR    (1 << 10)
#define CF_BLOCKED           (1 << 11)
#define CF_IN_COMMAND        (1 << 12)
#define CF_NO_TOUCH          (1 << 13)
#define CF_REPLICA           (1 << 14) /* receives the replication stream (SYNC) */

struct client {
    uint64_t id;
    int fd;
    int flags;
    int resp; /* 2 or 3 */
    struct db *db;
    /* input */
    char *qb;
    size_t qb_len, qb_cap, qb_pos, qb_peak;
    struct resp_parser parser;
    int argc, argv_cap;
    struct str *argv;
    char **argv_owned; /* when argv was copied (blocked/queued commands) */
    const struct command *cmd, *lastcmd;
    /* output */
    char *ob;
    size_t ob_len, ob_cap, ob_sent;
    long long ob_soft_limit_since;
    /* identity */
    char *name;
    char *user;
    int authenticated;
    char addr[64], laddr[64];
    long long ctime_ms, last_interaction_ms;
    long long tot_net_in, tot_net_out, commands_processed;
    /* links */
    struct client *prev, *next;  /* srv.clients */
    struct client *next_pending; /* srv.pending_write */
    void *mstate;                /* MULTI state, owned by the transactions module */
    void *bstate;                /* blocking state, owned by the blocking module */
};

struct client *client_create(int fd, int is_unix);
struct client *client_create_fake(void); /* for scripts / loading: no socket */
void client_free(struct client *c);
void client_close_async(struct client *c);
void client_free_closed(void);             /* frees clients marked CF_CLOSE_ASAP */
void client_queue_write(struct client *c); /* put on srv.pending_write */
int clients_flush_pending(void);           /* write every pending client; returns count */
void client_accept_handler(int lfd, int is_unix);
void client_process_input(struct client *c);
size_t client_query_buffer_size(const struct client *c);
size_t client_output_size(const struct client *c);
/* One line of CLIENT LIST / CLIENT INFO for c (returns an xmalloc'd string). */
char *client_info_line(const struct client *c);
struct client *client_by_id(uint64_t id);
void clients_cron(void);
/* For modules that block clients: once CF_BLOCKED is cleared (and the blocked
 * command has replied or been re-run), releases the command's argv and goes on
 * with the client's pending input. */
void client_resume(struct client *c);
/* Makes c's argv survive the query buffer (copies each argument). */
void client_own_argv(struct client *c);
int client_select_db(struct client *c, int id); /* 0 ok, -1 out of range */

#endif
