import ArgumentParser
import Datastore
import NTPService
import NTPYangBinding
import NetconfModel
import StateFiles
import XMLSupport
import YangData

/// `meridiand validate --state-dir DIR FILE.xml`: the checks `<validate>` and `<commit>`
/// run, on a `<config>` file, offline. Prints `<ok/>` or the rpc-errors NETCONF would send.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a <config> file offline with the same rules as <validate>; exit 0 if valid, 1 if not.")

    @Option(name: .customLong("state-dir"), help: "State directory (for consistency with run; not modified).")
    var stateDir: String?
    @Option(name: .customLong("yang-dir"), help: "Extra directory searched for YANG modules (repeatable).")
    var yangDirectories: [String] = []
    @Argument(help: "XML file holding a <config> element (or bare top-level configuration elements).")
    var file: String

    func run() throws {
        guard let bytes = AtomicFile.read(file) else {
            printError("meridiand: cannot read \(file)")
            throw ExitCode(2)
        }
        let context: YangContext
        do { context = try SchemaLoader.context(yangDirectories: yangDirectories) } catch {
            printError("meridiand: \(error)")
            throw ExitCode(2)
        }
        let reply: RPCReplyContent
        do {
            let root = try XMLDocumentParser.parse(bytes)
            let config = root.name == "config" ? root : XMLElement(name: "config", namespace: NetconfNamespace.base, children: [.element(root)])
            let service = DatastoreService(
                context: context, stateDirectory: nil, validators: [StagedValidator(NTPRules(devices: SystemNetworkDevices()), then: NTPImplementationLimits())])
            reply = try BlockingAwait.value { await service.validate(.inline(config)) }
        } catch let error as XMLError {
            reply = .errors([.malformedMessage("\(file): \(error.message)")])
        }
        print(RPCReplyRenderer.render(reply, for: nil))
        if case .errors(let errors) = reply, !errors.isEmpty { throw ExitCode.failure }
    }
}
