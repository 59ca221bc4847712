public import NetconfModel
import XMLSupport
public import YangData

extension YangError {
    /// The rpc-error an operator sees for a libyang error: error-type application,
    /// the RFC 6241 tag that fits, the data path as error-path with its prefixes
    /// declared, and the YANG error-app-tag when the model defines one.
    public func rpcError(in context: YangContext) -> RPCError {
        var tag: RPCError.Tag
        switch code {
        case .nodeExists: tag = .dataExists
        case .nodeNotFound: tag = .dataMissing
        case .unknownElement: tag = .unknownElement
        case .unknownNamespace: tag = .unknownNamespace
        case .missingElement: tag = .missingElement
        case .malformedInput: tag = .malformedMessage
        case .invalidValue, .missingInstance, .mustViolation, .whenViolation, .tooManyElements,
            .tooFewElements, .notUnique, .duplicateInstance, .unexpectedStateData, .invalidPath:
            tag = .invalidValue
        default: tag = .operationFailed
        }
        var info: [XMLElement] = []
        if appTag == "missing-choice" {
            // RFC 7950 §15.6: data-missing, with the choice's name in error-info.
            tag = .dataMissing
            if let element {
                info.append(XMLElement(name: "missing-choice", namespace: "urn:ietf:params:xml:ns:yang:1", children: [.text(element)]))
            }
        } else if code == .missingInstance {
            tag = .dataMissing  // RFC 7950 §15.5: a leafref or instance-identifier without its target
        } else if let element, [RPCError.Tag.unknownElement, .unknownNamespace, .missingElement].contains(tag) {
            info.append(XMLElement(name: "bad-element", namespace: NetconfNamespace.base, children: [.text(element)]))
        }
        return RPCError(
            type: .application, tag: tag, severity: .error, appTag: appTag ?? libyangAppTag,
            path: path, pathNamespaces: path.map { Self.prefixes(in: $0, context: context) } ?? [],
            message: message, info: info)
    }

    /// Tags libyang itself puts on YANG rule failures (RFC 7950 §15).
    private var libyangAppTag: String? {
        switch code {
        case .missingInstance: "instance-required"
        case .mustViolation: "must-violation"
        case .tooManyElements: "too-many-elements"
        case .tooFewElements: "too-few-elements"
        case .notUnique: "data-not-unique"
        default: nil
        }
    }

    /// `xmlns:MODULE="NAMESPACE"` for each module name used as a prefix in a libyang path.
    static func prefixes(in path: String, context: YangContext) -> [XMLNamespaceDeclaration] {
        var seen: [String] = []
        var token = ""
        var inQuote: Character?
        for character in path {
            if let quote = inQuote {
                if character == quote { inQuote = nil }
                continue
            }
            switch character {
            case "'", "\"": inQuote = character; token = ""
            case ":":
                if !token.isEmpty, !seen.contains(token) { seen.append(token) }
                token = ""
            case "/", "[", "]", "=", " ": token = ""
            default: token.append(character)
            }
        }
        return seen.compactMap { name in
            context.module(named: name).map { XMLNamespaceDeclaration(prefix: name, uri: $0.namespace) }
        }
    }
}
