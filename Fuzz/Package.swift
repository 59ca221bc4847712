// swift-tools-version:6.0
// The libFuzzer executables, one per fuzz target of FuzzTargets (Fuzz/Targets, in the
// Meridian package). Built only by `make fuzz` (README.md here), with
// `--sanitize fuzzer --sanitize address` in a build folder of its own, so the Meridian
// package's own build and tests never need the fuzzer runtime.
import PackageDescription

let targets = ["framing", "rpc", "edit-config", "ntp"]

let package = Package(
    name: "MeridianFuzz",
    dependencies: [.package(name: "Meridian", path: "..")],
    targets: targets.map { name in
        .executableTarget(
            name: "fuzz-\(name)",
            dependencies: [.product(name: "FuzzTargets", package: "Meridian")],
            path: "Entry/fuzz-\(name)",
            // No main of its own: libFuzzer's main calls LLVMFuzzerTestOneInput.
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        )
    }
)
