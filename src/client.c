/* client: connection lifecycle, query buffer, output buffer. See client.h for
 * the path of a request. Invariants:
 *  - c->qb[0, qb_pos) is parsed; the parser's argument offsets point into
 *    c->qb and are shifted whenever the buffer is compacted;
 *  - c->ob[ob_sent, ob_len) is unsent output; a client with unsent output is
 *    either on srv.pending_write or has a writable handler installed;
 *  - a client is freed only outside command execution (client_free_closed). */
#include "client.h"
#include "replication.h"
#include "aof.h"
#include "ae.h"
#include "blocking.h"
#include "commands.h"
#include "config.h"
#include "db.h"
#include "log.h"
#include "mem.h"
#include "multi.h"
#include "net.h"
#include "reply.h"
#include "server.h"
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define READ_CHUNK      (16 * 1024)
#define MAX_WRITE_EVENT (1024 * 1024)

static void read_handler(struct ae_loop *l, int fd, void *data, int mask);
static void write_handler(struct ae_loop *l, int fd, void *data, int mask);

static struct client *client_alloc(void) {
    struct client *c = xcalloc(sizeof(*c));
    c->id = ++srv.next_client_id;
    c->fd = -1;
    c->resp = 2;
    c->db = &srv.db[0];
    c->ctime_ms = c->last_interaction_ms = srv.now_ms;
    c->authenticated = cfg.requirepass == NULL;
    resp_parser_init(&c->parser);
    return c;
}

struct client *client_create(int fd, int is_unix) {
    struct client *c = client_alloc();
    c->fd = fd;
    if (is_unix)
        c->flags |= CF_UNIX_SOCKET;
    else {
        net_nodelay(fd);
        if (cfg.tcp_keepalive > 0) net_keepalive(fd, cfg.tcp_keepalive);
    }
    if (is_unix) { /* Redis names both ends of a unix connection "<socket path>:0" */
        snprintf(c->addr, sizeof(c->addr), "%s:0", cfg.unixsocket ? cfg.unixsocket : "");
        snprintf(c->laddr, sizeof(c->laddr), "%s", c->addr);
    } else {
        net_format_peer(fd, c->addr, sizeof(c->addr), 0);
        net_format_peer(fd, c->laddr, sizeof(c->laddr), 1);
    }
    if (ae_add(srv.loop, fd, AE_READABLE, read_handler, c) < 0) {
        close(fd);
        resp_parser_free(&c->parser);
        xfree(c);
        return NULL;
    }
    c->next = srv.clients;
    if (srv.clients) srv.clients->prev = c;
    srv.clients = c;
    srv.nclients++;
    srv.stat.numconnections++;
    return c;
}

struct client *client_create_fake(void) {
    struct client *c = client_alloc();
    c->flags |= CF_FAKE;
    c->authenticated = 1;
    return c;
}

static void free_argv_copy(struct client *c) {
    if (c->argv_owned) {
        for (int i = 0; i < c->argc; i++)
            xfree(c->argv_owned[i]);
        xfree(c->argv_owned);
        c->argv_owned = NULL;
    }
}

void client_own_argv(struct client *c) {
    if (c->argv_owned) return;
    c->argv_owned = xmalloc(sizeof(char *) * (size_t)(c->argc ? c->argc : 1));
    for (int i = 0; i < c->argc; i++) {
        c->argv_owned[i] = xmemdup(c->argv[i].ptr, c->argv[i].len);
        c->argv[i].ptr = c->argv_owned[i];
    }
}

void client_free(struct client *c) {
    if (srv.current == c) srv.current = NULL;
    if (c->fd >= 0) {
        ae_del(srv.loop, c->fd, AE_READABLE | AE_WRITABLE);
        close(c->fd);
    }
    if (!(c->flags & CF_FAKE)) {
        if (c->prev)
            c->prev->next = c->next;
        else if (srv.clients == c)
            srv.clients = c->next;
        if (c->next) c->next->prev = c->prev;
        srv.nclients--;
    }
    if (c->flags & CF_PENDING_WRITE) {
        struct client **pp = &srv.pending_write;
        while (*pp && *pp != c)
            pp = &(*pp)->next_pending;
        if (*pp) *pp = c->next_pending;
    }
    for (int i = 0; i < srv.nto_close; i++)
        if (srv.to_close[i] == c) srv.to_close[i] = NULL;
    blocking_client_free(c);
    multi_client_free(c);
    repl_client_free(c);
    free_argv_copy(c);
    resp_parser_free(&c->parser);
    xfree(c->argv);
    xfree(c->qb);
    xfree(c->ob);
    xfree(c->name);
    xfree(c->user);
    xfree(c);
}

void client_close_async(struct client *c) {
    if (c->flags & CF_CLOSE_ASAP) return;
    c->flags |= CF_CLOSE_ASAP;
    if (srv.nto_close == srv.cap_to_close) {
        srv.cap_to_close = srv.cap_to_close ? srv.cap_to_close * 2 : 16;
        srv.to_close = xrealloc(srv.to_close, sizeof(*srv.to_close) * (size_t)srv.cap_to_close);
    }
    srv.to_close[srv.nto_close++] = c;
}

void client_free_closed(void) {
    while (srv.nto_close) {
        struct client *c = srv.to_close[--srv.nto_close];
        if (c) client_free(c);
    }
}

void client_queue_write(struct client *c) {
    if (c->flags & (CF_PENDING_WRITE | CF_FAKE)) return;
    c->flags |= CF_PENDING_WRITE;
    c->next_pending = srv.pending_write;
    srv.pending_write = c;
}

/* Returns -1 if the client must be closed. */
static int write_out(struct client *c) {
    size_t total = 0;
    while (c->ob_sent < c->ob_len) {
        ssize_t n = write(c->fd, c->ob + c->ob_sent, c->ob_len - c->ob_sent);
        if (n < 0) {
            if (errno == EAGAIN || errno == EINTR) break;
            return -1;
        }
        c->ob_sent += (size_t)n;
        total += (size_t)n;
        srv.stat.net_output_bytes += n;
        c->tot_net_out += n;
        if (total >= MAX_WRITE_EVENT) break;
    }
    srv.stat.io_writes++;
    if (c->ob_sent == c->ob_len) {
        c->ob_sent = c->ob_len = 0;
        if (c->ob_cap > 256 * 1024) { /* give big buffers back once drained */
            xfree(c->ob);
            c->ob = NULL;
            c->ob_cap = 0;
        }
    }
    if (total) c->last_interaction_ms = srv.now_ms;
    return 0;
}

static void after_write(struct client *c) {
    if (c->ob_sent < c->ob_len) {
        if (!(ae_mask(srv.loop, c->fd) & AE_WRITABLE))
            ae_add(srv.loop, c->fd, AE_WRITABLE, write_handler, c);
    } else {
        if (ae_mask(srv.loop, c->fd) & AE_WRITABLE) ae_del(srv.loop, c->fd, AE_WRITABLE);
        if (c->flags & CF_CLOSE_AFTER_REPLY) client_close_async(c);
    }
}

int clients_flush_pending(void) {
    int n = 0;
    while (srv.pending_write) {
        struct client *c = srv.pending_write;
        srv.pending_write = c->next_pending;
        c->flags &= ~CF_PENDING_WRITE;
        n++;
        if (c->flags & CF_CLOSE_ASAP) continue;
        if (ae_mask(srv.loop, c->fd) & AE_WRITABLE) continue; /* the handler will do it */
        if (write_out(c) < 0) {
            client_close_async(c);
            continue;
        }
        after_write(c);
    }
    return n;
}

static void write_handler(struct ae_loop *l, int fd, void *data, int mask) {
    struct client *c = data;
    aof_before_sleep(); /* a reply never leaves before the AOF has its command */
    if (write_out(c) < 0) {
        client_close_async(c);
        return;
    }
    after_write(c);
}

size_t client_query_buffer_size(const struct client *c) {
    return c->qb_len;
}

size_t client_output_size(const struct client *c) {
    return c->ob_len - c->ob_sent;
}

int client_select_db(struct client *c, int id) {
    if (id < 0 || id >= srv.ndb) return -1;
    c->db = &srv.db[id];
    return 0;
}

static void compact_query_buffer(struct client *c) {
    /* Keep the unparsed tail and the arguments already parsed of a partial
     * command (its headers are consumed; the parser remembers them). */
    size_t start = c->qb_pos;
    if (c->parser.argc > 0 && c->parser.off[0] < start) start = c->parser.off[0];
    if (start == 0) return;
    if (start == c->qb_len) { /* nothing to keep */
        c->qb_pos = c->qb_len = 0;
        if (c->qb_cap > 64 * 1024 && c->parser.multibulk == 0) { /* idle: return big buffers */
            xfree(c->qb);
            c->qb = NULL;
            c->qb_cap = 0;
        }
        return;
    }
    memmove(c->qb, c->qb + start, c->qb_len - start);
    c->qb_len -= start;
    c->qb_pos -= start;
    resp_parser_shift(&c->parser, start);
}

void client_process_input(struct client *c) {
    while (!(c->flags & (CF_CLOSE_AFTER_REPLY | CF_CLOSE_ASAP | CF_BLOCKED))) {
        c->parser.auth_limits = !c->authenticated;
        int r = resp_parse(&c->parser, c->qb, c->qb_len, &c->qb_pos, cfg.proto_max_bulk_len);
        if (r == RESP_INCOMPLETE) break;
        if (r == RESP_ERROR) {
            reply_error(c, c->parser.err);
            log_verbose("Protocol error (%s) from client: id=%llu addr=%s", c->parser.err + 16,
                        (unsigned long long)c->id, c->addr);
            c->flags |= CF_CLOSE_AFTER_REPLY | CF_PROTOCOL_ERROR;
            break;
        }
        if (c->parser.argc == 0) {
            resp_parser_reset(&c->parser);
            continue;
        }
        if (c->argv_cap < c->parser.argc) {
            c->argv_cap = c->parser.argc;
            c->argv = xrealloc(c->argv, sizeof(struct str) * (size_t)c->argv_cap);
        }
        c->argc = c->parser.argc;
        for (int i = 0; i < c->argc; i++) {
            c->argv[i].ptr = c->qb + c->parser.off[i];
            c->argv[i].len = c->parser.len[i];
            c->argv[i].ptr[c->argv[i].len] = '\0';
        }
        resp_parser_reset(&c->parser);
        cmd_dispatch(c);
        if (!(c->flags & CF_BLOCKED)) {
            free_argv_copy(c);
            c->argc = 0;
        }
    }
    compact_query_buffer(c);
}

void client_resume(struct client *c) {
    free_argv_copy(c);
    c->argc = 0;
    if (!(c->flags & (CF_CLOSE_AFTER_REPLY | CF_CLOSE_ASAP))) client_process_input(c);
}

static void read_handler(struct ae_loop *l, int fd, void *data, int mask) {
    struct client *c = data;
    size_t want = READ_CHUNK;
    if (c->parser.multibulk && c->parser.bulklen >= RESP_BIG_ARG) {
        /* A big argument: read exactly what is missing of it. */
        size_t have = c->qb_len - c->qb_pos;
        size_t need = (size_t)c->parser.bulklen + 2;
        if (need > have && need - have > want) want = need - have;
    }
    if (c->qb_cap - c->qb_len < want) {
        size_t cap = c->qb_cap ? c->qb_cap : READ_CHUNK;
        while (cap - c->qb_len < want)
            cap *= 2;
        c->qb = xrealloc(c->qb, cap + 1);
        c->qb_cap = cap;
    }
    ssize_t n = read(fd, c->qb + c->qb_len, want);
    if (n < 0) {
        if (errno == EAGAIN || errno == EINTR) return;
        log_verbose("Reading from client: %s", strerror(errno));
        client_close_async(c);
        return;
    }
    if (n == 0) {
        log_verbose("Client closed connection id=%llu addr=%s", (unsigned long long)c->id, c->addr);
        client_close_async(c);
        return;
    }
    c->qb_len += (size_t)n;
    c->qb[c->qb_len] = '\0';
    if (c->qb_len > c->qb_peak) c->qb_peak = c->qb_len;
    c->last_interaction_ms = srv.now_ms;
    c->tot_net_in += n;
    srv.stat.net_input_bytes += n;
    srv.stat.io_reads++;
    if (cfg.client_query_buffer_limit &&
        c->qb_len - c->qb_pos > (size_t)cfg.client_query_buffer_limit) {
        log_warning("Closing client that reached max query buffer length: id=%llu addr=%s qbuf=%zu",
                    (unsigned long long)c->id, c->addr, c->qb_len);
        srv.stat.client_qbuf_limit_disconnections++;
        client_close_async(c);
        return;
    }
    server_update_time();
    client_process_input(c);
}

void client_accept_handler(int lfd, int is_unix) {
    for (int i = 0; i < 1000; i++) {
        char ip[64];
        int port;
        int fd = net_accept(lfd, ip, sizeof(ip), &port);
        if (fd < 0) {
            if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
                log_warning("Accepting client connection: %s", strerror(errno));
            return;
        }
        if (srv.nclients >= cfg.maxclients) {
            static const char err[] = "-ERR max number of clients reached\r\n";
            if (write(fd, err, sizeof(err) - 1) < 0) { /* best effort */
            }
            srv.stat.rejected_conn++;
            close(fd);
            continue;
        }
        struct client *c = client_create(fd, is_unix);
        if (!c) {
            log_warning("Error registering fd event for the new client: %s (fd=%d)",
                        strerror(errno), fd);
            continue;
        }
        log_verbose("Accepted %s:%d", ip, port);
    }
}

struct client *client_by_id(uint64_t id) {
    for (struct client *c = srv.clients; c; c = c->next)
        if (c->id == id) return c;
    return NULL;
}

/* The reply of CLIENT LIST / CLIENT INFO, field for field as Redis 7.0 prints it.
 * Output accounting maps our single output buffer onto Redis's layout: the
 * first 16k of pending output count as the static buffer (obl), the rest as
 * 16k reply blocks (oll blocks, omem bytes). Pub/sub and MULTI counters are
 * filled in by those modules when they exist. */
char *client_info_line(const struct client *c) {
    char flags[16], *p = flags, events[3], *e = events;
    if (c->flags & CF_MULTI) *p++ = 'x';
    if (c->flags & CF_BLOCKED) *p++ = 'b';
    if (multi_dirty(c)) *p++ = 'd';
    if (c->flags & CF_CLOSE_AFTER_REPLY) *p++ = 'c';
    if (c->flags & CF_CLOSE_ASAP) *p++ = 'A';
    if (c->flags & CF_UNIX_SOCKET) *p++ = 'U';
    if (c->flags & CF_NO_EVICT) *p++ = 'e';
    if (p == flags) *p++ = 'N';
    *p = '\0';
    if (c->fd >= 0) {
        int m = ae_mask(srv.loop, c->fd);
        if (m & AE_READABLE) *e++ = 'r';
        if (m & AE_WRITABLE) *e++ = 'w';
    }
    *e = '\0';
    size_t argv_mem = 0;
    for (int i = 0; i < c->argc; i++)
        argv_mem += c->argv[i].len;
    const size_t chunk = 16 * 1024;
    size_t pending = c->ob_len - c->ob_sent;
    size_t obl = pending < chunk ? pending : chunk;
    size_t omem = pending - obl;
    size_t oll = (omem + chunk - 1) / chunk;
    size_t tot = sizeof(*c) + c->qb_cap + c->ob_cap + argv_mem +
                 (size_t)c->argv_cap * sizeof(struct str) + multi_mem(c);
    long long now_s = srv.now_ms / 1000;
    char buf[1024];
    snprintf(
        buf, sizeof(buf),
        "id=%llu addr=%s laddr=%s fd=%d name=%s age=%lld idle=%lld flags=%s db=%d sub=0 psub=0 "
        "ssub=0 multi=%d qbuf=%zu qbuf-free=%zu argv-mem=%zu multi-mem=%zu rbs=%zu rbp=%zu obl=%zu "
        "oll=%zu omem=%zu tot-mem=%zu events=%s cmd=%s user=%s redir=-1 resp=%d",
        (unsigned long long)c->id, c->addr, c->laddr, c->fd, c->name ? c->name : "",
        now_s - c->ctime_ms / 1000, now_s - c->last_interaction_ms / 1000, flags,
        c->db ? c->db->id : 0, multi_queued_count(c), c->qb_len,
        c->qb_cap >= c->qb_len ? c->qb_cap - c->qb_len : 0, argv_mem, multi_mem(c), c->ob_cap,
        c->ob_cap, obl, oll, omem, tot, events, c->lastcmd ? c->lastcmd->fullname : "NULL",
        c->user ? c->user : "default", c->resp);
    return xstrdup(buf);
}

void clients_cron(void) {
    if (cfg.timeout <= 0) return;
    for (struct client *c = srv.clients; c; c = c->next) {
        if (c->flags & (CF_BLOCKED | CF_FAKE)) continue;
        if (srv.now_ms - c->last_interaction_ms > (long long)cfg.timeout * 1000) {
            log_verbose("Closing idle client");
            client_close_async(c);
        }
    }
}
