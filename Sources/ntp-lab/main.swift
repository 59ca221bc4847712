import Foundation
import Dispatch
import Logging
import NTPCore
import NTPEngine
import Synchronization

/// ntp-lab: runs only the NTP engine from a JSON file, for interop tests
/// and labs (before NETCONF drives it).
///
///     ntp-lab CONFIG.json [--status-file PATH] [--interval SECONDS] [--clock virtual|system]
///
/// Prints `ntp-lab ready` on stderr once the configuration is applied,
/// writes the JSON snapshot to the status file every interval and on
/// SIGUSR1 (to stdout when no file is given), and stops on SIGTERM/SIGINT.
let arguments = Array(CommandLine.arguments.dropFirst())
var configPath: String?
var statusPath: String?
var interval = 0.5
var clockMode = NTPEngine.ClockMode.virtual
var index = 0
func usage(_ message: String) -> Never {
    FileHandle.standardError.write(Data("ntp-lab: \(message)\nusage: ntp-lab CONFIG.json [--status-file PATH] [--interval SECONDS] [--clock virtual|system]\n".utf8))
    exit(64)
}
while index < arguments.count {
    let argument = arguments[index]
    func value() -> String {
        index += 1
        guard index < arguments.count else { usage("\(argument) needs a value") }
        return arguments[index]
    }
    switch argument {
    case "--status-file": statusPath = value()
    case "--interval": interval = Double(value()) ?? { usage("bad interval") }()
    case "--clock": clockMode = NTPEngine.ClockMode(rawValue: value()) ?? { usage("bad clock") }()
    case _ where argument.hasPrefix("-"): usage("unknown option \(argument)")
    default:
        guard configPath == nil else { usage("one configuration file only") }
        configPath = argument
    }
    index += 1
}
guard let configPath else { usage("missing configuration file") }

let configuration: EngineConfiguration
do {
    let data = try Data(contentsOf: URL(fileURLWithPath: configPath))
    configuration = try JSONDecoder().decode(LabConfiguration.self, from: data).engineConfiguration()
} catch {
    FileHandle.standardError.write(Data("ntp-lab: \(configPath): \(error)\n".utf8))
    exit(65)
}

LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
var logger = Logger(label: "ntp-lab")
logger.logLevel = .info
let engine: NTPEngine
do {
    engine = try NTPEngine(clock: clockMode, options: EngineOptions(precision: ClockPrecision.measure()), logger: logger)
} catch {
    FileHandle.standardError.write(Data("ntp-lab: the NTP engine cannot start: \(error.message)\n".utf8))
    exit(70)
}
do {
    try await engine.configure(configuration)
} catch {
    FileHandle.standardError.write(Data("ntp-lab: \(error.message)\n".utf8))
    exit(1)
}
FileHandle.standardError.write(Data("ntp-lab ready\n".utf8))

final class SignalFlags: Sendable {
    let stopping = Atomic<Bool>(false)
    let statusRequested = Atomic<Bool>(false)
}
let flags = SignalFlags()
func watch(_ number: Int32, _ handler: @escaping @Sendable () -> Void) -> any DispatchSourceSignal {
    signal(number, SIG_IGN)
    let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
    source.setEventHandler(handler: handler)
    source.resume()
    return source
}
let sources = [
    watch(SIGTERM) { [flags] in flags.stopping.store(true, ordering: .relaxed) },
    watch(SIGINT) { [flags] in flags.stopping.store(true, ordering: .relaxed) },
    watch(SIGUSR1) { [flags] in flags.statusRequested.store(true, ordering: .relaxed) },
]

func writeStatus(_ engine: NTPEngine, to statusPath: String?) async {
    let data = StatusReport.json(await engine.snapshot())
    if let statusPath {
        let temporary = statusPath + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: data), rename(temporary, statusPath) == 0 else {
            FileHandle.standardError.write(Data("ntp-lab: cannot write the status file \(statusPath)\n".utf8))
            return
        }
    } else {
        FileHandle.standardOutput.write(data + Data("\n".utf8))
    }
}

var lastWrite = ContinuousClock.now - .seconds(3600)
while !flags.stopping.load(ordering: .relaxed) {
    let due = statusPath != nil && ContinuousClock.now - lastWrite >= .milliseconds(Int(interval * 1000))
    if due || flags.statusRequested.exchange(false, ordering: .relaxed) {
        await writeStatus(engine, to: statusPath)
        lastWrite = .now
    }
    try? await Task.sleep(for: .milliseconds(50))
}
await writeStatus(engine, to: statusPath)
await engine.shutdown()
FileHandle.standardError.write(Data("ntp-lab stopped\n".utf8))
exit(0)
