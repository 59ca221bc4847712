/// The network devices of the host, for the rule that a `vpn-instance` names a VRF device
/// that exists (MODEL.md). A protocol so that this module does no I/O: the daemon passes
/// the system's (`SystemNetworkDevices` in NTPService), tests a fixed set.
public protocol NetworkDevices: Sendable {
    func exists(_ name: String) -> Bool
}
