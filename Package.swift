// swift-tools-version:6.0
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Meridian",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "meridiand", targets: ["meridiand"]),
        .executable(name: "meridian-cli", targets: ["meridian-cli"]),
        // The fuzz targets, for the libFuzzer executables of Fuzz/Package.swift (`make fuzz`).
        .library(name: "FuzzTargets", targets: ["FuzzTargets"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
    ],
    targets: [
        // C libraries, each exposed to exactly one wrapper target.
        .systemLibrary(name: "CLibSSH", pkgConfig: "libssh", providers: [.apt(["libssh-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CLibYang", pkgConfig: "libyang", providers: [.apt(["libyang2-dev"])]),
        .target(name: "CSystemShims", linkerSettings: [.linkedLibrary("crypt")]),

        // Pure cores.
        .target(name: "XMLSupport", dependencies: ["CLibXML2"], swiftSettings: strict),
        .target(name: "NetconfModel", dependencies: ["XMLSupport"], swiftSettings: strict),
        .target(name: "NetconfProtocol", dependencies: ["NetconfModel", "XMLSupport"], swiftSettings: strict),
        .target(name: "NTPCore", swiftSettings: strict),

        // Adapters and shells.
        .target(
            name: "SSHTransport",
            dependencies: ["CLibSSH", "CSystemShims", "OSThreads", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .target(
            name: "Datastore",
            dependencies: ["XMLSupport", "NetconfModel", "YangData", "AccessControl", "StateFiles", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict),
        .target(name: "YangData", dependencies: ["CLibYang"], swiftSettings: strict),
        // NACM (RFC 8341): the rule engine, pure; compiled per change of /nacm.
        .target(name: "AccessControl", dependencies: ["YangData"], swiftSettings: strict),
        .target(name: "StateFiles", dependencies: ["OSThreads"], swiftSettings: strict),
        // RFC 5277 event stream (issue #21): events, the bounded replay log and its file,
        // per-subscription bounded queues; NETCONF wiring is in NetconfServer.
        .target(name: "Notifications", dependencies: ["StateFiles", "OSThreads", "XMLSupport"], swiftSettings: strict),
        .testTarget(name: "NotificationsTests", dependencies: ["Notifications"]),
        .target(name: "OSThreads", dependencies: ["CSystemShims"], swiftSettings: strict),
        .target(name: "NTPYangBinding", dependencies: ["YangData", "Datastore", "NetconfModel", "XMLSupport", "NetworkAddress"], swiftSettings: strict),
        .target(name: "Accounts", dependencies: ["SSHTransport", "CSystemShims", "StateFiles"], swiftSettings: strict),
        .target(
            name: "NetconfServer",
            dependencies: [
                "NetconfProtocol", "NetconfModel", "XMLSupport", "SSHTransport", "Datastore", "YangData", "AccessControl",
                "Notifications", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "meridiand",
            dependencies: [
                "NetconfServer", "SSHTransport", "Accounts", "StateFiles", "Datastore", "YangData", "CSystemShims",
                "NTPService", "NTPEngine", "NTPYangBinding", "AccessControl", "Notifications",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["link-order.txt"],
            swiftSettings: strict,
            // lld with packed relative relocations (DT_RELR, glibc >= 2.36) and no symbol table
            // exported to the dynamic loader: 1 MB of RELA entries and 0.8 MB of .dynsym/.dynstr
            // that were paged in at every start. The functions a running daemon uses come first
            // (link-order.txt, from Benchmarks/link-order.sh), so they share pages. Together
            // 3 MiB less resident memory (Benchmarks/README.md, "resident memory").
            linkerSettings: [.unsafeFlags([
                "-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs",
                "-Xlinker", "--no-export-dynamic",
                "-Xlinker", "--symbol-ordering-file=\(Context.packageDirectory)/Sources/meridiand/link-order.txt",
                "-Xlinker", "--no-warn-symbol-ordering",
            ])]
        ),

        .testTarget(name: "XMLSupportTests", dependencies: ["XMLSupport", "TestSupport"]),
        .testTarget(name: "NetconfProtocolTests", dependencies: ["NetconfProtocol", "NetconfModel", "XMLSupport"]),
        // Helpers shared by test targets (not part of any product).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        // Meridian's YANG model loaded for tests (links libyang, so apart from TestSupport).
        .target(name: "ModelTestSupport", dependencies: ["YangData"], path: "Tests/ModelTestSupport"),
        .testTarget(name: "NTPCoreTests", dependencies: ["NTPCore", "TestSupport"]),
        .testTarget(name: "DatastoreTests", dependencies: ["Datastore", "AccessControl", "XMLSupport", "YangData", "NetconfModel", "StateFiles", "ModelTestSupport"]),
        .testTarget(name: "StateFilesTests", dependencies: ["StateFiles", "TestSupport"]),
        .testTarget(name: "AccountsTests", dependencies: ["Accounts", "SSHTransport", "StateFiles"]),
        .testTarget(name: "NetconfServerTests", dependencies: ["NetconfServer", "SSHTransport", "Datastore", "Notifications", "YangData"]),
        .testTarget(name: "SSHTransportTests", dependencies: ["SSHTransport", "TestSupport"]),
        .testTarget(name: "YangDataTests", dependencies: ["YangData", "ModelTestSupport"]),
        .testTarget(name: "AccessControlTests", dependencies: ["AccessControl", "YangData", "ModelTestSupport"]),
        .testTarget(
            name: "NTPYangBindingTests",
            dependencies: ["NTPYangBinding", "YangData", "Datastore", "NetconfModel", "XMLSupport", "TestSupport", "ModelTestSupport",
                           .product(name: "Logging", package: "swift-log")]),

        // NTP engine runtime (issue #4): sockets, MACs, clock drivers, the lab runner.
        .systemLibrary(name: "CLibCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .target(name: "CNetShims", linkerSettings: [.linkedLibrary("m")]),
        // The one IP address type, shared by the NTP rules (NTPYangBinding) and the engine.
        .target(name: "NetworkAddress", swiftSettings: strict),
        .target(
            name: "NTPEngine",
            dependencies: ["NTPCore", "NetworkAddress", "CNetShims", "CLibCrypto", "OSThreads", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "ntp-lab",
            dependencies: ["NTPEngine", "NTPCore", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        // Secrets at rest (issue #20): AES-256-GCM under a host secret kept in the state directory.
        .target(name: "SecretSealing", dependencies: ["CLibCrypto"], swiftSettings: strict),
        .testTarget(name: "SecretSealingTests", dependencies: ["SecretSealing"]),
        .testTarget(name: "NTPEngineTests", dependencies: ["NTPEngine", "NTPCore", "TestSupport", "CNetShims"]),

        // Commit drives the engine (issue #5).
        .target(
            name: "NTPService",
            dependencies: ["NTPEngine", "NTPCore", "NTPYangBinding", "Datastore", "NetconfModel", "XMLSupport", "YangData", "SecretSealing"],
            swiftSettings: strict
        ),
        .testTarget(name: "NTPServiceTests", dependencies: ["NTPService", "NTPEngine", "NTPYangBinding", "YangData", "NetconfModel", "Datastore", "SecretSealing", "XMLSupport", "StateFiles", "ModelTestSupport"]),

        // Fuzzing (Fuzz/README.md): each fuzz target's harness, run on the committed corpus by
        // FuzzCorpusTests in `swift test`, and under libFuzzer by Fuzz/Package.swift.
        .target(
            name: "FuzzTargets",
            dependencies: ["NetconfProtocol", "NetconfModel", "NetconfServer", "XMLSupport", "Datastore", "YangData", "NTPYangBinding", "NTPCore"],
            path: "Fuzz/Targets",
            swiftSettings: strict
        ),
        .testTarget(name: "FuzzCorpusTests", dependencies: ["FuzzTargets"]),

        // meridian-cli (issue #23): the vendor guides' commands spoken over NETCONF. The
        // grammar, the translation to edit-config and the displays are pure (OperatorCLI);
        // the NETCONF client (NetconfClient) runs over the libssh client of SSHTransport;
        // libedit is wrapped by LineEditor alone.
        .target(name: "OperatorCLI", dependencies: ["XMLSupport"], swiftSettings: strict),
        .testTarget(name: "OperatorCLITests", dependencies: ["OperatorCLI", "XMLSupport"]),
        .target(name: "NetconfClient", dependencies: ["NetconfProtocol", "XMLSupport"], swiftSettings: strict),
        .testTarget(name: "NetconfClientTests", dependencies: ["NetconfClient", "NetconfProtocol", "XMLSupport"]),
        .systemLibrary(name: "CLibEdit", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        .target(name: "LineEditor", dependencies: ["CLibEdit"], swiftSettings: strict),
        .executableTarget(
            name: "meridian-cli",
            dependencies: [
                "OperatorCLI", "NetconfClient", "SSHTransport", "LineEditor", "XMLSupport", "NTPCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
    ]
)
