#define _GNU_SOURCE
#include "CNetShims.h"
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>

// Socket options for NTP broadcast and multicast (see CNetShims.h).

int mn_interface_index(const mn_address *address) {
    struct ifaddrs *list = NULL;
    if (getifaddrs(&list) < 0) return -errno;
    int index = 0;
    for (struct ifaddrs *entry = list; entry != NULL && index == 0; entry = entry->ifa_next) {
        if (entry->ifa_addr == NULL) continue;
        if (address->family == 6 && entry->ifa_addr->sa_family == AF_INET6) {
            const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)entry->ifa_addr;
            if (memcmp(&sin6->sin6_addr, address->bytes, 16) == 0) index = (int)if_nametoindex(entry->ifa_name);
        } else if (address->family == 4 && entry->ifa_addr->sa_family == AF_INET) {
            const struct sockaddr_in *sin = (const struct sockaddr_in *)entry->ifa_addr;
            if (memcmp(&sin->sin_addr, address->bytes, 4) == 0) index = (int)if_nametoindex(entry->ifa_name);
        }
    }
    freeifaddrs(list);
    return index;
}

int mn_udp_enable_broadcast(int fd) {
    int on = 1;
    return setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &on, sizeof(on)) < 0 ? -errno : 0;
}

int mn_udp_multicast_sender(int fd, const mn_address *interface_address, uint8_t ttl, int loop) {
    int hops = ttl, looped = loop ? 1 : 0;
    if (interface_address->family == 6) {
        int index = mn_interface_index(interface_address);
        if (index < 0) return index;
        unsigned int interface = (unsigned int)index;
        if (setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, &interface, sizeof(interface)) < 0
            || setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops, sizeof(hops)) < 0
            || setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, &looped, sizeof(looped)) < 0) return -errno;
        return 0;
    }
    struct ip_mreqn request;
    memset(&request, 0, sizeof(request));
    memcpy(&request.imr_address, interface_address->bytes, 4);
    int index = mn_interface_index(interface_address);
    request.imr_ifindex = index > 0 ? index : 0;
    unsigned char ttl_byte = ttl, loop_byte = (unsigned char)looped;
    if (setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &request, sizeof(request)) < 0
        || setsockopt(fd, IPPROTO_IP, IP_MULTICAST_TTL, &ttl_byte, sizeof(ttl_byte)) < 0
        || setsockopt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, &loop_byte, sizeof(loop_byte)) < 0) return -errno;
    return 0;
}

int mn_udp_join_group(int fd, const mn_address *group, const mn_address *interface_address) {
    int index = mn_interface_index(interface_address);
    if (index < 0) return index;
    if (group->family == 6) {
        struct ipv6_mreq request;
        memset(&request, 0, sizeof(request));
        memcpy(&request.ipv6mr_multiaddr, group->bytes, 16);
        request.ipv6mr_interface = (unsigned int)index;
        return setsockopt(fd, IPPROTO_IPV6, IPV6_JOIN_GROUP, &request, sizeof(request)) < 0 ? -errno : 0;
    }
    struct ip_mreqn request;
    memset(&request, 0, sizeof(request));
    memcpy(&request.imr_multiaddr, group->bytes, 4);
    memcpy(&request.imr_address, interface_address->bytes, 4);
    request.imr_ifindex = index;
    return setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &request, sizeof(request)) < 0 ? -errno : 0;
}
