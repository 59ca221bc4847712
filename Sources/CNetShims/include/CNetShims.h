#ifndef MERIDIAN_CNETSHIMS_H
#define MERIDIAN_CNETSHIMS_H
// C helpers for the NTP engine's sockets and clock: the parts of the Linux
// API that are macros (CMSG_*) or awkward structs (mmsghdr, timex) in Swift.
// Every function returns 0 or a count on success and -errno on failure.
#include <stdint.h>
#include <stddef.h>
#include <time.h>
#include <sys/socket.h>
#include <netinet/in.h>

/// Largest datagram the engine receives; longer ones are truncated and flagged.
#define MN_DATAGRAM_CAPACITY 2048

/// An IPv4 or IPv6 address with a port, in host-independent form.
typedef struct mn_address {
    uint8_t family;        // 4 or 6; 0 when unknown
    uint8_t bytes[16];     // network order; IPv4 uses the first 4
    uint16_t port;         // host order
    uint32_t scope_id;
} mn_address;

/// One received datagram.
typedef struct mn_datagram {
    uint8_t data[MN_DATAGRAM_CAPACITY];
    uint32_t length;
    uint8_t truncated;
    uint8_t has_timestamp;
    mn_address peer;
    mn_address local;      // destination address from IP_PKTINFO / IPV6_PKTINFO
    int32_t ifindex;
    int64_t rx_seconds;    // SO_TIMESTAMPNS, CLOCK_REALTIME
    int64_t rx_nanoseconds;
} mn_datagram;

/// One datagram to send.
typedef struct mn_outgoing {
    const uint8_t *data;
    uint32_t length;
    mn_address peer;
    mn_address source;     // family 0: let the kernel choose
} mn_outgoing;

/// Opens a non-blocking, close-on-exec UDP socket bound to `local`, with
/// SO_REUSEADDR, SO_TIMESTAMPNS and packet-info reception enabled, IPV6_V6ONLY
/// for IPv6, and SO_BINDTODEVICE when `device` is non-NULL and non-empty.
/// Returns the descriptor or -errno.
int mn_udp_open(const mn_address *local, const char *device);
/// 0 when a UDP socket without SO_REUSEADDR can bind `local` now (nothing else holds the
/// address and port, nor the wildcard of the port), else -errno. The socket is closed again.
int mn_udp_probe_unused(const mn_address *local, const char *device);

/// The address a socket is bound to (to learn an ephemeral port).
int mn_local_address(int fd, mn_address *out);

/// Receives up to `count` datagrams without blocking (recvmmsg). Returns the
/// number received (0 when none is waiting) or -errno. `local_port` is the
/// socket's own port, copied into each datagram's local address.
int mn_receive_batch(int fd, uint16_t local_port, mn_datagram *datagrams, unsigned count);

/// Sends `count` datagrams (sendmmsg), each with its own destination and,
/// when given, source address (IP_PKTINFO / IPV6_PKTINFO). Returns the number
/// sent or -errno.
int mn_send_batch(int fd, const mn_outgoing *datagrams, unsigned count);

/// Sends one NTP packet (at least 48 bytes) after writing its transmit
/// timestamp (bytes 40-47): CLOCK_REALTIME read just before the syscall plus
/// `correction` seconds, in NTP format; the value written goes to `stamped`.
/// When the socket reports transmit timestamps, the kernel's software stamp of
/// the packet leaving (same correction) goes to `kernel_stamped`, else 0.
/// Returns 0 or -errno.
int mn_send_stamped(int fd, uint8_t *data, uint32_t length, const mn_address *peer, double correction,
                    uint64_t *stamped, uint64_t *kernel_stamped);

/// 1 when the socket reports transmit timestamps (set up by mn_udp_open when
/// the kernel filters receive reports, Linux 6.2), else 0.
int mn_transmit_stamping(int fd);

/// Empties the socket's error queue (transmit timestamps); the newest software
/// stamp goes to `latest` when given. Returns 1 when there was one.
int mn_drain_transmit_stamps(int fd, struct timespec *latest);

/// ppoll(2) with a timeout in nanoseconds (negative: wait forever).
/// Returns the number of ready descriptors, 0 on timeout, or -errno.
struct pollfd;
int mn_wait(struct pollfd *descriptors, unsigned count, int64_t timeout_nanoseconds);

/// A non-blocking, close-on-exec eventfd, or -errno.
int mn_eventfd(void);

/// CLOCK_REALTIME and CLOCK_MONOTONIC read back to back.
void mn_read_clocks(int64_t *real_seconds, int64_t *real_nanoseconds, int64_t *monotonic_nanoseconds);

/// clock_adjtime(CLOCK_REALTIME) wrappers for the system clock driver (root).
/// Frequency in parts per million.
int mn_clock_read_frequency(double *ppm);
int mn_clock_set_frequency(double ppm);
/// Starts a kernel phase adjustment (ADJ_OFFSET with ADJ_NANO), keeping the status flags.
int mn_clock_slew_offset(double seconds);
/// The status word a slew writes: `current` (the kernel's) with the PLL and nanosecond
/// modes on; the unsynchronized and leap flags are kept as they are.
int mn_clock_slew_status(int current);
/// Steps the clock by `seconds` (ADJ_SETOFFSET).
int mn_clock_step(double seconds);
/// leap: 0 none, 1 insert, 2 delete. synchronized clears STA_UNSYNC.
int mn_clock_set_status(int synchronized, int leap, double estimated_error, double maximum_error);

/// Broadcast and multicast (multicast.c). The index of the interface that has
/// `address` (0 when none has it), or -errno.
int mn_interface_index(const mn_address *address);
/// SO_BROADCAST.
int mn_udp_enable_broadcast(int fd);
/// Multicasts leave through the interface that has `interface_address`, with
/// this TTL (hop limit) and local loopback on or off.
int mn_udp_multicast_sender(int fd, const mn_address *interface_address, uint8_t ttl, int loop);
/// Joins `group` on the interface that has `interface_address`.
int mn_udp_join_group(int fd, const mn_address *group, const mn_address *interface_address);

#endif
