public import XMLSupport

/// `display ntp-service status`, in the VRP layout, from `<get>` of
/// /system-state/ntp/clock-state.
public enum StatusRenderer {
    public static func render(_ data: XMLElement) -> String {
        guard let clock = data.stateNTP?.firstChild(named: "clock-state", namespace: Namespaces.ntp) else {
            return "  clock status: unknown (the agent reported no NTP clock state)"
        }
        let ns = Namespaces.ntp
        func value(_ name: String) -> String { clock.text(name, ns) ?? "-" }
        let precision = clock.text("precision", ns).map { "2^\($0)" } ?? "-"
        let lines = [
            "clock status: \(value("status"))",
            "clock stratum: \(value("stratum"))",
            "reference clock ID: \(value("reference-id"))",
            "nominal frequency: \(value("nominal-frequency")) Hz",
            "actual frequency: \(value("actual-frequency")) Hz",
            "clock precision: \(precision)",
            "clock offset: \(value("offset")) ms",
            "root delay: \(value("root-delay")) ms",
            "root dispersion: \(value("root-dispersion")) ms",
            "peer dispersion: \(value("peer-dispersion")) ms",
            "reference time: \(ReferenceTime.display(clock.text("reference-time", ns)))",
            "synchronization state: \(syncState(clock.text("sync-state", ns)))",
        ]
        return lines.map { "  " + $0 }.joined(separator: "\n")
    }

    /// VRP words for the discipline states.
    static func syncState(_ state: String?) -> String {
        switch state {
        case "clock-never-set": "clock not set"
        case "freq-set-by-cfg": "frequency set by configuration"
        case "spike": "spike (clock will be set soon)"
        case "freq": "frequency measurement"
        case "clock-synchronized": "clock synchronized"
        case let other?: other
        case nil: "-"
        }
    }
}
