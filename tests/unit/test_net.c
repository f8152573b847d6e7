/* Unit tests for the socket helpers (src/net.c): TCP and unix listeners,
 * accept, the address strings Redis shows in CLIENT LIST ("ip:port",
 * "[ipv6]:port", "<path>:0"), and error texts. Loopback only. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "net.h"
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

static int local_port(int fd) {
    struct sockaddr_storage sa;
    socklen_t len = sizeof(sa);
    assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
    if (sa.ss_family == AF_INET6) return ntohs(((struct sockaddr_in6 *)&sa)->sin6_port);
    return ntohs(((struct sockaddr_in *)&sa)->sin_port);
}

/* accept() on a non-blocking listener: the loopback handshake is done when
 * connect() returns, but give the kernel a few tries. */
static int accept_retry(int lfd, char *ip, size_t iplen, int *port) {
    for (int i = 0; i < 200; i++) {
        int fd = net_accept(lfd, ip, iplen, port);
        if (fd >= 0) return fd;
        usleep(5000);
    }
    return -1;
}

static void test_tcp_ipv4(void **state) {
    char err[128] = "";
    int lfd = net_tcp_listen("127.0.0.1", 0, 16, err, sizeof(err));
    assert_true(lfd >= 0);
    assert_true(fcntl(lfd, F_GETFL) & O_NONBLOCK);
    int port = local_port(lfd);
    /* nothing to accept yet: -1 without blocking */
    assert_int_equal(net_accept(lfd, NULL, 0, NULL), -1);
    assert_true(errno == EAGAIN || errno == EWOULDBLOCK);

    int c = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    assert_int_equal(connect(c, (struct sockaddr *)&sa, sizeof(sa)), 0);
    char ip[64];
    int cport = 0;
    int s = accept_retry(lfd, ip, sizeof(ip), &cport);
    assert_true(s >= 0);
    assert_string_equal(ip, "127.0.0.1");
    assert_int_equal(cport, local_port(c));
    assert_true(fcntl(s, F_GETFL) & O_NONBLOCK);
    assert_true(fcntl(s, F_GETFD) & FD_CLOEXEC);

    char peer[64], self[64], expect[64];
    net_format_peer(s, peer, sizeof(peer), 0);
    net_format_peer(s, self, sizeof(self), 1);
    snprintf(expect, sizeof(expect), "127.0.0.1:%d", cport);
    assert_string_equal(peer, expect);
    snprintf(expect, sizeof(expect), "127.0.0.1:%d", port);
    assert_string_equal(self, expect);
    assert_int_equal(net_nodelay(s), 0);
    assert_int_equal(net_keepalive(s, 300), 0);
    close(s);
    close(c);

    /* the same port twice: Redis's error text */
    int again = net_tcp_listen("127.0.0.1", port, 16, err, sizeof(err));
    assert_int_equal(again, -1);
    assert_string_equal(err, "bind: Address already in use");
    close(lfd);
}

static void test_tcp_any_address(void **state) {
    char err[128];
    int lfd = net_tcp_listen("*", 0, 16, err, sizeof(err));
    assert_true(lfd >= 0);
    struct sockaddr_in sa;
    socklen_t len = sizeof(sa);
    getsockname(lfd, (struct sockaddr *)&sa, &len);
    assert_int_equal(sa.sin_family, AF_INET);
    assert_int_equal(sa.sin_addr.s_addr, htonl(INADDR_ANY));
    close(lfd);
}

static int have_ipv6_loopback(void) {
    int fd = socket(AF_INET6, SOCK_STREAM, 0);
    if (fd < 0) return 0;
    struct sockaddr_in6 sa = {.sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT};
    int ok = bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;
    close(fd);
    return ok;
}

static void test_tcp_ipv6(void **state) {
    if (!have_ipv6_loopback()) skip();
    char err[128];
    /* "::*" is any IPv6 address, alongside an IPv4 "*" on the same port */
    int l4 = net_tcp_listen("*", 0, 16, err, sizeof(err));
    assert_true(l4 >= 0);
    int port = local_port(l4);
    int l6 = net_tcp_listen("::*", port, 16, err, sizeof(err));
    assert_true(l6 >= 0);
    close(l6);
    l6 = net_tcp_listen("-::1", port, 16, err, sizeof(err)); /* '-': optional marker */
    assert_true(l6 >= 0);
    int c = socket(AF_INET6, SOCK_STREAM, 0);
    struct sockaddr_in6 sa = {.sin6_family = AF_INET6,
                              .sin6_port = htons((uint16_t)port),
                              .sin6_addr = IN6ADDR_LOOPBACK_INIT};
    assert_int_equal(connect(c, (struct sockaddr *)&sa, sizeof(sa)), 0);
    char ip[64];
    int cport;
    int s = accept_retry(l6, ip, sizeof(ip), &cport);
    assert_true(s >= 0);
    assert_string_equal(ip, "::1");
    char peer[80], expect[80];
    net_format_peer(s, peer, sizeof(peer), 0);
    snprintf(expect, sizeof(expect), "[::1]:%d", cport);
    assert_string_equal(peer, expect);
    net_format_peer(s, peer, sizeof(peer), 1);
    snprintf(expect, sizeof(expect), "[::1]:%d", port);
    assert_string_equal(peer, expect);
    close(s);
    close(c);
    close(l6);
    close(l4);
}

static void test_unix(void **state) {
    char dir[] = "/tmp/mnemo-net-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[128];
    snprintf(path, sizeof(path), "%s/s.sock", dir);
    char err[128];
    int lfd = net_unix_listen(path, 0640, 16, err, sizeof(err));
    assert_true(lfd >= 0);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_true(S_ISSOCK(st.st_mode));
    assert_int_equal(st.st_mode & 0777, 0640);

    int c = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    strcpy(sa.sun_path, path);
    assert_int_equal(connect(c, (struct sockaddr *)&sa, sizeof(sa)), 0);
    char ip[64];
    int port = -1;
    int s = accept_retry(lfd, ip, sizeof(ip), &port);
    assert_true(s >= 0);
    assert_int_equal(port, 0);
    /* both ends show the server's socket path, as Redis does */
    char peer[160], expect[160];
    snprintf(expect, sizeof(expect), "%s:0", path);
    net_format_peer(s, peer, sizeof(peer), 0);
    assert_string_equal(peer, expect);
    net_format_peer(s, peer, sizeof(peer), 1);
    assert_string_equal(peer, expect);
    close(s);
    close(c);
    close(lfd);

    /* a stale socket file is replaced */
    lfd = net_unix_listen(path, 0, 16, err, sizeof(err));
    assert_true(lfd >= 0);
    close(lfd);
    unlink(path);

    /* a path that cannot fit sun_path */
    char longpath[200];
    memset(longpath, 'x', sizeof(longpath) - 1);
    longpath[0] = '/';
    longpath[sizeof(longpath) - 1] = '\0';
    assert_int_equal(net_unix_listen(longpath, 0, 16, err, sizeof(err)), -1);
    assert_string_equal(err, "unix socket path too long");
    /* a directory that does not exist */
    snprintf(path, sizeof(path), "%s/no/such/dir.sock", dir);
    assert_int_equal(net_unix_listen(path, 0, 16, err, sizeof(err)), -1);
    assert_string_equal(err, "bind: No such file or directory");
    rmdir(dir);
}

static void test_format_error(void **state) {
    char buf[32];
    net_format_peer(-1, buf, sizeof(buf), 0);
    assert_string_equal(buf, "?:0");
    int fd = socket(AF_INET, SOCK_STREAM, 0); /* not connected */
    net_format_peer(fd, buf, sizeof(buf), 0);
    assert_string_equal(buf, "?:0");
    close(fd);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tcp_ipv4),     cmocka_unit_test(test_tcp_any_address),
        cmocka_unit_test(test_tcp_ipv6),     cmocka_unit_test(test_unix),
        cmocka_unit_test(test_format_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
