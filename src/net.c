/* net: see net.h. Addresses are formatted the way Redis shows them in CLIENT
 * LIST: "ip:port", "[ipv6]:port", and "<socket path>:0" for both ends of a
 * unix socket connection. */
#include "net.h"
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

int net_nonblock(int fd) {
    int fl = fcntl(fd, F_GETFL);
    return fl < 0 ? -1 : fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

int net_nodelay(int fd) {
    int yes = 1;
    return setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof(yes));
}

int net_keepalive(int fd, int interval) {
    int yes = 1;
    if (setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &yes, sizeof(yes)) < 0) return -1;
    int idle = interval, intvl = interval / 3 ? interval / 3 : 1, cnt = 3;
    setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof(idle));
    setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &intvl, sizeof(intvl));
    setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &cnt, sizeof(cnt));
    return 0;
}

/* Errors read like Redis's: "bind: Address already in use". */
static int bind_listen(int fd, const struct sockaddr *sa, socklen_t len, int backlog, char *err,
                       size_t errlen) {
    if (bind(fd, sa, len) < 0) {
        snprintf(err, errlen, "bind: %s", strerror(errno));
        return -1;
    }
    if (listen(fd, backlog) < 0) {
        snprintf(err, errlen, "listen: %s", strerror(errno));
        return -1;
    }
    return 0;
}

int net_tcp_listen(const char *addr, int port, int backlog, char *err, size_t errlen) {
    char portstr[16];
    snprintf(portstr, sizeof(portstr), "%d", port);
    struct addrinfo hints = {0}, *res, *p;
    hints.ai_family = strchr(addr, ':') ? AF_INET6 : AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    const char *a = addr;
    if (a[0] == '-') a++; /* "-::1": optional address */
    if (strcmp(a, "*") == 0)
        a = NULL, hints.ai_family = AF_INET;
    else if (strcmp(a, "::*") == 0)
        a = NULL, hints.ai_family = AF_INET6; /* any IPv6 address */
    int rv = getaddrinfo(a, portstr, &hints, &res);
    if (rv != 0) {
        snprintf(err, errlen, "%s", gai_strerror(rv));
        return -1;
    }
    int fd = -1;
    for (p = res; p; p = p->ai_next) {
        fd = socket(p->ai_family, p->ai_socktype | SOCK_CLOEXEC, p->ai_protocol);
        if (fd < 0) continue;
        int yes = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
        if (p->ai_family == AF_INET6) setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &yes, sizeof(yes));
        if (bind_listen(fd, p->ai_addr, p->ai_addrlen, backlog, err, errlen) < 0) {
            close(fd);
            fd = -1;
            continue;
        }
        break;
    }
    freeaddrinfo(res);
    if (fd >= 0) net_nonblock(fd);
    return fd;
}

int net_unix_listen(const char *path, int perm, int backlog, char *err, size_t errlen) {
    struct sockaddr_un sa = {0};
    if (strlen(path) >= sizeof(sa.sun_path)) {
        snprintf(err, errlen, "unix socket path too long");
        return -1;
    }
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        snprintf(err, errlen, "%s", strerror(errno));
        return -1;
    }
    sa.sun_family = AF_UNIX;
    strcpy(sa.sun_path, path);
    unlink(path);
    if (bind_listen(fd, (struct sockaddr *)&sa, sizeof(sa), backlog, err, errlen) < 0) {
        close(fd);
        return -1;
    }
    if (perm) chmod(path, (mode_t)perm);
    net_nonblock(fd);
    return fd;
}

int net_accept(int lfd, char *ip, size_t iplen, int *port) {
    struct sockaddr_storage sa;
    socklen_t salen = sizeof(sa);
    int fd;
    do
        fd = accept4(lfd, (struct sockaddr *)&sa, &salen, SOCK_NONBLOCK | SOCK_CLOEXEC);
    while (fd < 0 && errno == EINTR);
    if (fd < 0) return -1;
    if (ip) {
        if (sa.ss_family == AF_INET) {
            struct sockaddr_in *s = (struct sockaddr_in *)&sa;
            inet_ntop(AF_INET, &s->sin_addr, ip, (socklen_t)iplen);
            if (port) *port = ntohs(s->sin_port);
        } else if (sa.ss_family == AF_INET6) {
            struct sockaddr_in6 *s = (struct sockaddr_in6 *)&sa;
            inet_ntop(AF_INET6, &s->sin6_addr, ip, (socklen_t)iplen);
            if (port) *port = ntohs(s->sin6_port);
        } else {
            snprintf(ip, iplen, "/unixsocket");
            if (port) *port = 0;
        }
    }
    return fd;
}

void net_format_peer(int fd, char *buf, size_t len, int local) {
    struct sockaddr_storage sa;
    socklen_t salen = sizeof(sa);
    int r = local ? getsockname(fd, (struct sockaddr *)&sa, &salen)
                  : getpeername(fd, (struct sockaddr *)&sa, &salen);
    if (r == 0 && sa.ss_family == AF_UNIX && !local) {
        /* the client end is unnamed: both ends show the server's path */
        salen = sizeof(sa);
        r = getsockname(fd, (struct sockaddr *)&sa, &salen);
    }
    if (r < 0) {
        snprintf(buf, len, "?:0");
        return;
    }
    char ip[INET6_ADDRSTRLEN];
    if (sa.ss_family == AF_INET) {
        struct sockaddr_in *s = (struct sockaddr_in *)&sa;
        inet_ntop(AF_INET, &s->sin_addr, ip, sizeof(ip));
        snprintf(buf, len, "%s:%d", ip, ntohs(s->sin_port));
    } else if (sa.ss_family == AF_INET6) {
        struct sockaddr_in6 *s = (struct sockaddr_in6 *)&sa;
        inet_ntop(AF_INET6, &s->sin6_addr, ip, sizeof(ip));
        snprintf(buf, len, "[%s]:%d", ip, ntohs(s->sin6_port));
    } else if (sa.ss_family == AF_UNIX) {
        struct sockaddr_un *s = (struct sockaddr_un *)&sa;
        size_t plen = salen > offsetof(struct sockaddr_un, sun_path)
                          ? strnlen(s->sun_path, salen - offsetof(struct sockaddr_un, sun_path))
                          : 0;
        snprintf(buf, len, "%.*s:0", (int)plen, s->sun_path);
    } else {
        snprintf(buf, len, "?:0");
    }
}
