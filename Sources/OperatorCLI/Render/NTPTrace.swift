/// `display ntp-service trace`: from this device up its chain of time sources, one NTP
/// client-mode query per hop, until a stratum-1 source, a reference that is not an IPv4
/// address (a clock or a kiss code), a loop, a source that does not answer, or `maxHops`.
/// The queries are injected, so the walk and its layout are tested without sockets.
public enum NTPTrace {
    /// What one hop said (from `<get>` for this device, from a mode-4 reply for the others).
    public struct Hop: Sendable, Equatable {
        public var server: String
        public var stratum: Int
        /// Seconds; nil when the hop is this device (its own offset is in `display status`).
        public var offset: Double
        public var rootDelay: Double
        public var rootDispersion: Double
        /// The source it synchronizes to: dotted IPv4, or a code (`LOCL`, `INIT`).
        public var referenceID: String

        public init(server: String, stratum: Int, offset: Double, rootDelay: Double, rootDispersion: Double, referenceID: String) {
            self.server = server
            self.stratum = stratum
            self.offset = offset
            self.rootDelay = rootDelay
            self.rootDispersion = rootDispersion
            self.referenceID = referenceID
        }

        /// RFC 5905's root synchronization distance without the jitter terms.
        var synchronizationDistance: Double { rootDelay / 2 + rootDispersion }
    }

    public static let maxHops = 8

    /// The hops from `first` (this device) up the chain; `query(address)` asks one source.
    public static func walk(from first: Hop, query: (String) -> Hop?) -> (hops: [Hop], unanswered: String?) {
        var hops = [first]
        var seen: Set<String> = [first.server]
        var current = first
        while hops.count < maxHops, current.stratum > 1, current.stratum < 16,
              AddressSyntax.isIPv4(current.referenceID), !current.referenceID.hasPrefix("127.127."),
              !seen.contains(current.referenceID) {
            let next = current.referenceID
            seen.insert(next)
            guard let hop = query(next) else { return (hops, next) }
            hops.append(hop)
            current = hop
        }
        return (hops, nil)
    }

    /// VRP's layout: one `server` line per hop, then the last hop's reference.
    public static func render(_ hops: [Hop], unanswered: String?) -> String {
        var lines = hops.map { hop in
            " server \(TerminalText.escape(hop.server)),stratum \(hop.stratum), offset \(format(hop.offset, 6))s, "
                + "synch distance \(format(hop.synchronizationDistance, 5))"
        }
        if let unanswered {
            lines.append(" server \(TerminalText.escape(unanswered)): no reply")
        } else if let last = hops.last {
            lines.append(" refid \(TerminalText.escape(last.referenceID))")
        }
        return lines.joined(separator: "\n")
    }

    /// A fixed-point decimal without Foundation.
    static func format(_ value: Double, _ digits: Int) -> String {
        guard value.isFinite else { return "-" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int64((abs(value) * scale).rounded())
        let whole = scaled / Int64(scale)
        let fraction = String(scaled % Int64(scale)).leftPadded(to: digits)
        return (value < 0 && scaled != 0 ? "-" : "") + "\(whole).\(fraction)"
    }
}
