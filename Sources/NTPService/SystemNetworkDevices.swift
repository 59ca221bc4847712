import Glibc
public import NTPYangBinding

/// The kernel's network devices (`if_nametoindex`).
public struct SystemNetworkDevices: NetworkDevices {
    public init() {}

    public func exists(_ name: String) -> Bool { if_nametoindex(name) != 0 }
}
