import Datastore
import YangData
import NetconfModel
import XMLSupport

/// Reads the parameters of one operation element, in the base namespace unless told
/// otherwise, and reports the RFC 6241 error for anything missing, unknown or malformed.
struct OperationParameters {
    static let withDefaultsNamespace = "urn:ietf:params:xml:ns:yang:ietf-netconf-with-defaults"

    let operation: XMLElement
    /// Parameter names (in the base namespace) this operation accepts.
    let allowed: Set<String>
    let allowedForeign: Set<String>

    init(_ operation: XMLElement, allowed: Set<String>, foreign: Set<String> = []) throws(RPCError) {
        self.operation = operation
        self.allowed = allowed
        self.allowedForeign = foreign
        for child in operation.childElements {
            let known = child.namespace == NetconfNamespace.base
                ? allowed.contains(child.name)
                : allowedForeign.contains("\(child.namespace ?? ""):\(child.name)")
            if !known {
                throw RPCError.unknownElement(
                    name: child.name, type: .protocol,
                    message: "<\(operation.name)> has no parameter <\(child.name)>")
            }
        }
    }

    func element(_ name: String, namespace: String = NetconfNamespace.base) -> XMLElement? {
        operation.firstChild(named: name, namespace: namespace)
    }

    func required(_ name: String) throws(RPCError) -> XMLElement {
        guard let found = element(name) else {
            throw RPCError.missingElement(name: name, type: .protocol, message: "<\(operation.name)> needs <\(name)>")
        }
        return found
    }

    func flag(_ name: String) -> Bool { element(name) != nil }

    func text(_ name: String) -> String? { element(name).map { $0.textContent.trimmingXMLWhitespace() } }

    /// `<target><candidate/></target>`-style datastore parameters.
    func datastore(_ name: String, allowing: Set<DatastoreName> = Set(DatastoreName.allCases)) throws(RPCError) -> DatastoreName {
        let holder = try required(name)
        return try Self.datastore(in: holder, allowing: allowing)
    }

    static func datastore(in holder: XMLElement, allowing: Set<DatastoreName>) throws(RPCError) -> DatastoreName {
        let children = holder.childElements
        guard children.count == 1, let only = children.first else {
            throw RPCError.missingElement(name: holder.name, type: .protocol, message: "<\(holder.name)> must name one datastore")
        }
        guard only.namespace == NetconfNamespace.base, let name = DatastoreName(rawValue: only.name) else {
            throw RPCError.unknownElement(name: only.name, type: .protocol, message: "<\(only.name)> is not a datastore")
        }
        guard allowing.contains(name) else {
            throw RPCError.invalidValue("the \(name.rawValue) datastore cannot be used as <\(holder.name)> here", type: .protocol)
        }
        return name
    }

    func enumValue<E: RawRepresentable>(_ name: String, as type: E.Type) throws(RPCError) -> E? where E.RawValue == String {
        guard let raw = text(name) else { return nil }
        guard let value = E(rawValue: raw) else {
            throw RPCError.badElement(name: name, type: .protocol, message: "'\(raw)' is not a valid <\(name)>")
        }
        return value
    }

    func withDefaults() throws(RPCError) -> WithDefaultsMode? {
        guard let element = element("with-defaults", namespace: Self.withDefaultsNamespace) else { return nil }
        let raw = element.textContent.trimmingXMLWhitespace()
        guard let mode = WithDefaultsMode(rawValue: raw) else {
            throw RPCError.badElement(name: "with-defaults", type: .protocol, message: "'\(raw)' is not a with-defaults mode")
        }
        return mode
    }
}

