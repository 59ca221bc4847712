#define _GNU_SOURCE
#include "CNetShims.h"
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/eventfd.h>
#include <poll.h>
#include <time.h>
#include <linux/errqueue.h>
#include <linux/net_tstamp.h>

/* Linux 6.2: software receive timestamps are reported only when SOF_TIMESTAMPING_RX_SOFTWARE
   is set, so asking for transmit timestamps adds no cmsg to every received packet. */
#ifndef SOF_TIMESTAMPING_OPT_RX_FILTER
#define SOF_TIMESTAMPING_OPT_RX_FILTER (1 << 17)
#endif
#define MN_TX_REPORTING (SOF_TIMESTAMPING_SOFTWARE | SOF_TIMESTAMPING_OPT_TSONLY | SOF_TIMESTAMPING_OPT_RX_FILTER)

#define MN_BATCH_LIMIT 64
#define MN_CONTROL_SIZE 256

static socklen_t to_sockaddr(const mn_address *in, struct sockaddr_storage *out) {
    memset(out, 0, sizeof(*out));
    if (in->family == 6) {
        struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)out;
        sin6->sin6_family = AF_INET6;
        sin6->sin6_port = htons(in->port);
        memcpy(&sin6->sin6_addr, in->bytes, 16);
        sin6->sin6_scope_id = in->scope_id;
        return sizeof(*sin6);
    }
    struct sockaddr_in *sin = (struct sockaddr_in *)out;
    sin->sin_family = AF_INET;
    sin->sin_port = htons(in->port);
    memcpy(&sin->sin_addr, in->bytes, 4);
    return sizeof(*sin);
}

static void from_sockaddr(const struct sockaddr_storage *in, mn_address *out) {
    memset(out, 0, sizeof(*out));
    if (in->ss_family == AF_INET6) {
        const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)in;
        out->family = 6;
        memcpy(out->bytes, &sin6->sin6_addr, 16);
        out->port = ntohs(sin6->sin6_port);
        out->scope_id = sin6->sin6_scope_id;
    } else if (in->ss_family == AF_INET) {
        const struct sockaddr_in *sin = (const struct sockaddr_in *)in;
        out->family = 4;
        memcpy(out->bytes, &sin->sin_addr, 4);
        out->port = ntohs(sin->sin_port);
    }
}

/* SO_BINDTODEVICE when `device` is given, then bind; -1 with errno set on failure. */
static int bind_to(int fd, const mn_address *local, const char *device) {
    if (device != NULL && device[0] != '\0'
        && setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, device, (socklen_t)strlen(device)) < 0) {
        return -1;
    }
    struct sockaddr_storage address;
    socklen_t length = to_sockaddr(local, &address);
    return bind(fd, (struct sockaddr *)&address, length);
}

int mn_udp_open(const mn_address *local, const char *device) {
    int domain = local->family == 6 ? AF_INET6 : AF_INET;
    int fd = socket(domain, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) return -errno;
    int on = 1;
    int failed = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) < 0
        || setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof(on)) < 0;
    if (!failed && domain == AF_INET6) {
        failed = setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on)) < 0
            || setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &on, sizeof(on)) < 0;
    } else if (!failed) {
        failed = setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &on, sizeof(on)) < 0;
    }
    if (!failed) {
        /* Reporting of transmit timestamps, which association packets ask for one by one
           (mn_send_stamped). A kernel without the receive filter keeps them off: no
           socket option here may cost the server path anything. */
        int reporting = MN_TX_REPORTING;
        (void)setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPING, &reporting, sizeof(reporting));
    }
    if (!failed) failed = bind_to(fd, local, device) < 0;
    if (failed) {
        int error = errno;
        close(fd);
        return -error;
    }
    return fd;
}

int mn_udp_probe_unused(const mn_address *local, const char *device) {
    int domain = local->family == 6 ? AF_INET6 : AF_INET;
    int fd = socket(domain, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -errno;
    int on = 1;
    int failed = domain == AF_INET6 && setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on)) < 0;
    if (!failed) failed = bind_to(fd, local, device) < 0;
    int error = failed ? errno : 0;
    close(fd);
    return -error;
}

int mn_local_address(int fd, mn_address *out) {
    struct sockaddr_storage address;
    socklen_t length = sizeof(address);
    if (getsockname(fd, (struct sockaddr *)&address, &length) < 0) return -errno;
    from_sockaddr(&address, out);
    return 0;
}

static void read_control(struct msghdr *header, mn_datagram *datagram, uint16_t local_port) {
    datagram->has_timestamp = 0;
    datagram->local.family = 0;
    datagram->ifindex = 0;
    for (struct cmsghdr *cmsg = CMSG_FIRSTHDR(header); cmsg != NULL; cmsg = CMSG_NXTHDR(header, cmsg)) {
        if (cmsg->cmsg_level == SOL_SOCKET && cmsg->cmsg_type == SO_TIMESTAMPNS) {
            struct timespec ts;
            memcpy(&ts, CMSG_DATA(cmsg), sizeof(ts));
            datagram->rx_seconds = ts.tv_sec;
            datagram->rx_nanoseconds = ts.tv_nsec;
            datagram->has_timestamp = 1;
        } else if (cmsg->cmsg_level == IPPROTO_IP && cmsg->cmsg_type == IP_PKTINFO) {
            struct in_pktinfo info;
            memcpy(&info, CMSG_DATA(cmsg), sizeof(info));
            memset(&datagram->local, 0, sizeof(datagram->local));
            datagram->local.family = 4;
            memcpy(datagram->local.bytes, &info.ipi_addr, 4);
            datagram->local.port = local_port;
            datagram->ifindex = info.ipi_ifindex;
        } else if (cmsg->cmsg_level == IPPROTO_IPV6 && cmsg->cmsg_type == IPV6_PKTINFO) {
            struct in6_pktinfo info;
            memcpy(&info, CMSG_DATA(cmsg), sizeof(info));
            memset(&datagram->local, 0, sizeof(datagram->local));
            datagram->local.family = 6;
            memcpy(datagram->local.bytes, &info.ipi6_addr, 16);
            datagram->local.port = local_port;
            datagram->ifindex = (int32_t)info.ipi6_ifindex;
        }
    }
}

int mn_receive_batch(int fd, uint16_t local_port, mn_datagram *datagrams, unsigned count) {
    if (count > MN_BATCH_LIMIT) count = MN_BATCH_LIMIT;
    struct mmsghdr headers[MN_BATCH_LIMIT];
    struct iovec vectors[MN_BATCH_LIMIT];
    struct sockaddr_storage peers[MN_BATCH_LIMIT];
    _Alignas(struct cmsghdr) uint8_t control[MN_BATCH_LIMIT][MN_CONTROL_SIZE];
    for (unsigned i = 0; i < count; i++) {
        vectors[i].iov_base = datagrams[i].data;
        vectors[i].iov_len = MN_DATAGRAM_CAPACITY;
        memset(&headers[i], 0, sizeof(headers[i]));
        headers[i].msg_hdr.msg_name = &peers[i];
        headers[i].msg_hdr.msg_namelen = sizeof(peers[i]);
        headers[i].msg_hdr.msg_iov = &vectors[i];
        headers[i].msg_hdr.msg_iovlen = 1;
        headers[i].msg_hdr.msg_control = control[i];
        headers[i].msg_hdr.msg_controllen = MN_CONTROL_SIZE;
    }
    int received = recvmmsg(fd, headers, count, MSG_DONTWAIT, NULL);
    if (received < 0) {
        return (errno == EAGAIN || errno == EWOULDBLOCK) ? 0 : -errno;
    }
    for (int i = 0; i < received; i++) {
        mn_datagram *datagram = &datagrams[i];
        datagram->length = headers[i].msg_len;
        datagram->truncated = (headers[i].msg_hdr.msg_flags & MSG_TRUNC) != 0;
        from_sockaddr(&peers[i], &datagram->peer);
        read_control(&headers[i].msg_hdr, datagram, local_port);
    }
    return received;
}

int mn_send_batch(int fd, const mn_outgoing *datagrams, unsigned count) {
    if (count > MN_BATCH_LIMIT) count = MN_BATCH_LIMIT;
    struct mmsghdr headers[MN_BATCH_LIMIT];
    struct iovec vectors[MN_BATCH_LIMIT];
    struct sockaddr_storage peers[MN_BATCH_LIMIT];
    _Alignas(struct cmsghdr) uint8_t control[MN_BATCH_LIMIT][CMSG_SPACE(sizeof(struct in6_pktinfo))];
    for (unsigned i = 0; i < count; i++) {
        const mn_outgoing *out = &datagrams[i];
        memset(&headers[i], 0, sizeof(headers[i]));
        vectors[i].iov_base = (void *)out->data;
        vectors[i].iov_len = out->length;
        headers[i].msg_hdr.msg_name = &peers[i];
        headers[i].msg_hdr.msg_namelen = to_sockaddr(&out->peer, &peers[i]);
        headers[i].msg_hdr.msg_iov = &vectors[i];
        headers[i].msg_hdr.msg_iovlen = 1;
        if (out->source.family == 4) {
            memset(control[i], 0, sizeof(control[i]));
            headers[i].msg_hdr.msg_control = control[i];
            headers[i].msg_hdr.msg_controllen = CMSG_SPACE(sizeof(struct in_pktinfo));
            struct cmsghdr *cmsg = CMSG_FIRSTHDR(&headers[i].msg_hdr);
            cmsg->cmsg_level = IPPROTO_IP;
            cmsg->cmsg_type = IP_PKTINFO;
            cmsg->cmsg_len = CMSG_LEN(sizeof(struct in_pktinfo));
            struct in_pktinfo info;
            memset(&info, 0, sizeof(info));
            memcpy(&info.ipi_spec_dst, out->source.bytes, 4);
            memcpy(CMSG_DATA(cmsg), &info, sizeof(info));
        } else if (out->source.family == 6) {
            memset(control[i], 0, sizeof(control[i]));
            headers[i].msg_hdr.msg_control = control[i];
            headers[i].msg_hdr.msg_controllen = CMSG_SPACE(sizeof(struct in6_pktinfo));
            struct cmsghdr *cmsg = CMSG_FIRSTHDR(&headers[i].msg_hdr);
            cmsg->cmsg_level = IPPROTO_IPV6;
            cmsg->cmsg_type = IPV6_PKTINFO;
            cmsg->cmsg_len = CMSG_LEN(sizeof(struct in6_pktinfo));
            struct in6_pktinfo info;
            memset(&info, 0, sizeof(info));
            memcpy(&info.ipi6_addr, out->source.bytes, 16);
            memcpy(CMSG_DATA(cmsg), &info, sizeof(info));
        }
    }
    int sent = sendmmsg(fd, headers, count, MSG_DONTWAIT);
    return sent < 0 ? -errno : sent;
}

int mn_eventfd(void) {
    int fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    return fd < 0 ? -errno : fd;
}

int mn_wait(struct pollfd *descriptors, unsigned count, int64_t timeout_nanoseconds) {
    struct timespec timeout;
    timeout.tv_sec = (time_t)(timeout_nanoseconds / 1000000000LL);
    timeout.tv_nsec = (long)(timeout_nanoseconds % 1000000000LL);
    int ready = ppoll(descriptors, count, timeout_nanoseconds < 0 ? NULL : &timeout, NULL);
    return ready < 0 ? -errno : ready;
}

/* CLOCK_REALTIME `time` plus `correction` seconds, as a raw NTP timestamp. */
static uint64_t ntp_raw(struct timespec time, double correction) {
    uint64_t seconds = (uint64_t)((int64_t)time.tv_sec + 2208988800LL) & 0xffffffffULL;
    uint64_t fraction = ((uint64_t)time.tv_nsec << 32) / 1000000000ULL;
    double units = correction * 4294967296.0;
    int64_t shift = (int64_t)(units + (units >= 0 ? 0.5 : -0.5));
    return ((seconds << 32) | fraction) + (uint64_t)shift;
}

int mn_transmit_stamping(int fd) {
    int flags = 0;
    socklen_t length = sizeof(flags);
    if (getsockopt(fd, SOL_SOCKET, SO_TIMESTAMPING, &flags, &length) < 0) return 0;
    return (flags & MN_TX_REPORTING) == MN_TX_REPORTING;
}

int mn_drain_transmit_stamps(int fd, struct timespec *latest) {
    int found = 0;
    for (int i = 0; i < 16; i++) {
        _Alignas(struct cmsghdr) uint8_t control[MN_CONTROL_SIZE];
        uint8_t data[64];
        struct iovec vector = { .iov_base = data, .iov_len = sizeof(data) };
        struct msghdr message = { .msg_iov = &vector, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof(control) };
        if (recvmsg(fd, &message, MSG_ERRQUEUE | MSG_DONTWAIT) < 0) break;
        for (struct cmsghdr *cmsg = CMSG_FIRSTHDR(&message); cmsg != NULL; cmsg = CMSG_NXTHDR(&message, cmsg)) {
            if (cmsg->cmsg_level == SOL_SOCKET && cmsg->cmsg_type == SCM_TIMESTAMPING
                && cmsg->cmsg_len >= CMSG_LEN(sizeof(struct scm_timestamping))) {
                struct scm_timestamping stamps;
                memcpy(&stamps, CMSG_DATA(cmsg), sizeof(stamps));
                if (stamps.ts[0].tv_sec != 0 || stamps.ts[0].tv_nsec != 0) {
                    if (latest != NULL) *latest = stamps.ts[0];
                    found = 1;
                }
            }
        }
    }
    return found;
}

int mn_send_stamped(int fd, uint8_t *data, uint32_t length, const mn_address *peer, double correction,
                    uint64_t *stamped, uint64_t *kernel_stamped) {
    if (length < 48) return -EINVAL;
    *kernel_stamped = 0;
    struct sockaddr_storage address;
    socklen_t address_length = to_sockaddr(peer, &address);
    struct iovec vector = { .iov_base = data, .iov_len = length };
    struct msghdr message = { .msg_name = &address, .msg_namelen = address_length, .msg_iov = &vector, .msg_iovlen = 1 };
    /* Ask the kernel to time this packet as it leaves (SO_TIMESTAMPING cmsg, Linux 4.13);
       a stamp left over from an earlier packet is dropped first. */
    _Alignas(struct cmsghdr) uint8_t control[CMSG_SPACE(sizeof(uint32_t))];
    int transmit_stamping = mn_transmit_stamping(fd);
    if (transmit_stamping) {
        (void)mn_drain_transmit_stamps(fd, NULL);
        memset(control, 0, sizeof(control));
        message.msg_control = control;
        message.msg_controllen = sizeof(control);
        struct cmsghdr *cmsg = CMSG_FIRSTHDR(&message);
        cmsg->cmsg_level = SOL_SOCKET;
        cmsg->cmsg_type = SO_TIMESTAMPING;
        cmsg->cmsg_len = CMSG_LEN(sizeof(uint32_t));
        uint32_t generate = SOF_TIMESTAMPING_TX_SOFTWARE;
        memcpy(CMSG_DATA(cmsg), &generate, sizeof(generate));
    }
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    uint64_t raw = ntp_raw(now, correction);
    for (int i = 0; i < 8; i++) data[40 + i] = (uint8_t)(raw >> (56 - 8 * i));
    *stamped = raw;
    ssize_t sent = sendmsg(fd, &message, MSG_DONTWAIT);
    if (sent < 0) return -errno;
    /* On loopback, veth and most drivers the software stamp is taken inside the send call. */
    struct timespec left;
    if (transmit_stamping && mn_drain_transmit_stamps(fd, &left)) *kernel_stamped = ntp_raw(left, correction);
    return 0;
}
