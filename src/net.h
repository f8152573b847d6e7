/* net: socket helpers (listen, accept, options, peer names). No server state. */
#ifndef MNEMO_NET_H
#define MNEMO_NET_H
#include <stddef.h>

/* Returns a listening non-blocking fd, or -1 with err filled. */
int net_tcp_listen(const char *addr, int port, int backlog, char *err, size_t errlen);
int net_unix_listen(const char *path, int perm, int backlog, char *err, size_t errlen);
int net_accept(int lfd, char *ip, size_t iplen, int *port); /* -1 on EAGAIN/error */
int net_nonblock(int fd);
int net_nodelay(int fd);
int net_keepalive(int fd, int interval);
/* "ip:port" of the peer / local end; "[ip]:port" for IPv6; "<path>:0" for unix
 * sockets (both ends); "?:0" on error. Bind addresses: "*" any IPv4, "::*" any
 * IPv6, a leading '-' is stripped (the caller treats those as optional). */
void net_format_peer(int fd, char *buf, size_t len, int local);

#endif
