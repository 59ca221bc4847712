import Datastore
import Foundation
import NetconfModel
import Testing
import YangData

/// edit-config semantics (RFC 6241 §7.2) on ietf-system, table-driven: a starting
/// datastore, an edit, options, and either the resulting datastore or the errors.
@Suite struct EditApplierTests {
    static let context: YangContext = {
        do {
            return try YangContext(searchDirectories: YangContext.standardSearchDirectories, modules: YangModuleRequest.meridianStandard)
        } catch {
            fatalError("standard modules missing: \(error)")
        }
    }()

    static let sys = "urn:ietf:params:xml:ns:yang:ietf-system"
    static let nc = "xmlns:nc='urn:ietf:params:xml:ns:netconf:base:1.0'"

    static func system(_ body: String) -> String { "<system xmlns='\(sys)' \(nc)>\(body)</system>" }
    static func server(_ name: String, _ address: String, port: String? = nil, extra: String = "") -> String {
        "<server\(extra)><name>\(name)</name><udp><address>\(address)</address>\(port.map { "<port>\($0)</port>" } ?? "")</udp></server>"
    }

    static let start = system("<hostname>D</hostname><ntp><enabled>true</enabled>\(server("a", "192.0.2.1", port: "10123"))\(server("b", "192.0.2.2"))</ntp>")

    enum Outcome: Sendable {
        case result(String)
        case errors([RPCError.Tag], paths: [String?])
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        var startXML = EditApplierTests.start
        let edit: String
        var defaultOperation = EditOptions.DefaultOperation.merge
        var errorOption = EditOptions.ErrorOption.stopOnError
        let outcome: Outcome
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "merge adds a list entry and keeps the others",
            edit: system("<ntp>\(server("c", "192.0.2.3"))</ntp>"),
            outcome: .result(system("<hostname>D</hostname><ntp><enabled>true</enabled>\(server("a", "192.0.2.1", port: "10123"))\(server("b", "192.0.2.2"))\(server("c", "192.0.2.3"))</ntp>"))),
        Case(
            name: "merge changes a leaf of an entry and keeps its other leaves",
            edit: system("<ntp><server><name>a</name><udp><port>10124</port></udp></server></ntp>"),
            outcome: .result(start.replacingFirst("<port>10123</port>", with: "<port>10124</port>"))),
        Case(
            name: "merge beside an operation merges the plain sibling whole",
            edit: system("<hostname>E</hostname><ntp><server nc:operation='delete'><name>b</name></server>\(server("c", "192.0.2.3"))</ntp>"),
            outcome: .result(system("<hostname>E</hostname><ntp><enabled>true</enabled>\(server("a", "192.0.2.1", port: "10123"))\(server("c", "192.0.2.3"))</ntp>"))),
        Case(
            name: "merge changes a leaf",
            edit: system("<hostname>E</hostname>"),
            outcome: .result(start.replacingFirst("<hostname>D</hostname>", with: "<hostname>E</hostname>"))),
        Case(
            name: "create of an existing entry is data-exists",
            edit: system("<ntp>\(server("a", "192.0.2.9", extra: " nc:operation='create'"))</ntp>"),
            outcome: .errors([.dataExists], paths: ["/ietf-system:system/ntp/server[name='a']"])),
        Case(
            name: "create of a new entry",
            edit: system("<ntp>\(server("z", "192.0.2.26", extra: " nc:operation='create'"))</ntp>"),
            outcome: .result(system("<hostname>D</hostname><ntp><enabled>true</enabled>\(server("a", "192.0.2.1", port: "10123"))\(server("b", "192.0.2.2"))\(server("z", "192.0.2.26"))</ntp>"))),
        Case(
            name: "delete of a missing entry is data-missing",
            edit: system("<ntp><server nc:operation='delete'><name>nope</name></server></ntp>"),
            outcome: .errors([.dataMissing], paths: ["/ietf-system:system/ntp/server[name='nope']"])),
        Case(
            name: "remove of a missing entry changes nothing",
            edit: system("<ntp><server nc:operation='remove'><name>nope</name></server></ntp>"),
            outcome: .result(start)),
        Case(
            name: "delete removes an entry",
            edit: system("<ntp><server nc:operation='delete'><name>a</name></server></ntp>"),
            outcome: .result(system("<hostname>D</hostname><ntp><enabled>true</enabled>\(server("b", "192.0.2.2"))</ntp>"))),
        Case(
            name: "delete of a leaf without a value",
            edit: system("<hostname nc:operation='delete'/>"),
            outcome: .result(start.replacingFirst("<hostname>D</hostname>", with: ""))),
        Case(
            name: "replace drops what the new entry does not repeat",
            edit: system("<ntp>\(server("a", "192.0.2.7", extra: " nc:operation='replace'"))</ntp>"),
            outcome: .result(system("<hostname>D</hostname><ntp><enabled>true</enabled>\(server("a", "192.0.2.7"))\(server("b", "192.0.2.2"))</ntp>"))),
        Case(
            name: "merge keeps what the edit does not mention",
            edit: system("<ntp>\(server("a", "192.0.2.7"))</ntp>"),
            outcome: .result(system("<hostname>D</hostname><ntp><enabled>true</enabled>\(server("a", "192.0.2.7", port: "10123"))\(server("b", "192.0.2.2"))</ntp>"))),
        Case(
            name: "default-operation none leaves untagged leaves alone and applies tagged ones",
            edit: system("<hostname>X</hostname><ntp><server nc:operation='delete'><name>b</name></server></ntp>"),
            defaultOperation: .none,
            outcome: .result(system("<hostname>D</hostname><ntp><enabled>true</enabled>\(server("a", "192.0.2.1", port: "10123"))</ntp>"))),
        Case(
            name: "default-operation none with data the target lacks is data-missing (RFC 6241 7.2)",
            edit: system("<location>nowhere</location>"),
            defaultOperation: .none,
            outcome: .errors([.dataMissing], paths: ["/ietf-system:system/location"])),
        Case(
            name: "default-operation none with a list entry the target lacks is data-missing",
            edit: system("<ntp><server><name>q</name><iburst nc:operation='merge'>true</iburst></server></ntp>"),
            defaultOperation: .none,
            outcome: .errors([.dataMissing], paths: ["/ietf-system:system/ntp/server[name='q']"])),
        Case(
            name: "default-operation replace replaces the whole datastore",
            edit: system("<contact>noc</contact>"),
            defaultOperation: .replace,
            outcome: .result(system("<contact>noc</contact>"))),
        Case(
            name: "stop-on-error reports the first error only",
            edit: system("<ntp><server nc:operation='delete'><name>x</name></server><server nc:operation='delete'><name>y</name></server></ntp>"),
            outcome: .errors([.dataMissing], paths: ["/ietf-system:system/ntp/server[name='x']"])),
        Case(
            name: "continue-on-error reports every error",
            edit: system("<ntp><server nc:operation='delete'><name>x</name></server><server nc:operation='delete'><name>y</name></server></ntp>"),
            errorOption: .continueOnError,
            outcome: .errors([.dataMissing, .dataMissing], paths: ["/ietf-system:system/ntp/server[name='x']", "/ietf-system:system/ntp/server[name='y']"])),
        Case(
            name: "merge into an empty datastore creates the parents",
            startXML: "",
            edit: system("<ntp>\(server("a", "192.0.2.1"))</ntp>"),
            outcome: .result(system("<ntp>\(server("a", "192.0.2.1"))</ntp>"))),
    ]

    static func tree(_ xml: String) throws -> DataTree {
        try DataTree.parse(xml: xml, context: context)
    }

    @Test(arguments: cases)
    func editConfigSemantics(_ example: Case) throws {
        let target = try Self.tree(example.startXML)
        let edit = try DataTree.parse(xml: example.edit, context: Self.context, as: .edit)
        var options = EditOptions()
        options.defaultOperation = example.defaultOperation
        options.errorOption = example.errorOption
        let applier = EditApplier.apply(edit, to: target, options: options, context: Self.context)
        switch example.outcome {
        case .result(let expected):
            #expect(applier.errors.isEmpty, "\(applier.errors)")
            // Semantic equality: the servers list is ordered-by system, so order is not compared.
            let difference = try target.diff(to: try Self.tree(expected))
            let printed = (try? target.printXML()) ?? ""
            #expect(difference.isEmpty, "\(printed)")
        case .errors(let tags, let paths):
            #expect(applier.errors.map(\.tag) == tags)
            #expect(applier.errors.map(\.path) == paths)
            #expect(applier.errors.allSatisfy { $0.type == .application })
            for error in applier.errors where error.path != nil {
                #expect(error.pathNamespaces.contains { $0.prefix == "ietf-system" && $0.uri == Self.sys })
            }
        }
    }
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
