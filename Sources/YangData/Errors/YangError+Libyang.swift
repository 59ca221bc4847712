internal import CLibYang

extension YangError {
    /// Converts one stored libyang error item. The category comes from the app-tag libyang sets
    /// (RFC 7950 §15 defaults or the module's own) and, failing that, from libyang 2.1.30's
    /// message wording; tests pin each mapping.
    init(libyangItem item: ly_err_item, file: String = #fileID, line: Int = #line) {
        let message = LibYang.string(item.msg) ?? "unknown libyang error"
        let appTag = LibYang.string(item.apptag).flatMap { $0.isEmpty ? nil : $0 }
        self.init(
            code: Self.classify(
                error: item.no, validation: item.vecode, message: message, appTag: appTag),
            message: message,
            path: Self.dataPath(fromLocation: LibYang.string(item.path)),
            appTag: appTag,
            libyangCode: Int(item.no.rawValue),
            validationCode: Int(item.vecode.rawValue),
            file: file,
            line: line
        )
        self.schemaPath = Self.quoted(after: "Schema location \"", in: LibYang.string(item.path))
        self.libyangMessage = message
    }

    static func classify(
        error: LY_ERR, validation: LY_VECODE, message: String, appTag: String?
    ) -> Code {
        switch appTag {
        case "instance-required": return .missingInstance
        case "must-violation": return .mustViolation
        case "too-many-elements": return .tooManyElements
        case "too-few-elements": return .tooFewElements
        case "data-not-unique": return .notUnique
        case "missing-choice": return .missingElement
        default: break
        }
        let rules: [(prefix: String, code: Code)] = [
            ("Mandatory node", .missingElement),
            ("Mandatory choice", .missingElement),
            ("List instance is missing its key", .missingElement),
            ("Must condition", .mustViolation),
            ("When condition", .whenViolation),
            ("Too many", .tooManyElements),
            ("Too few", .tooFewElements),
            ("Unique data leaf", .notUnique),
            ("Duplicate instance", .duplicateInstance),
            ("Data for both cases", .duplicateInstance),
            ("Invalid leafref value", .missingInstance),
            ("Invalid instance-identifier", .missingInstance),
            ("Unexpected data state node", .unexpectedStateData),
            ("Annotation definition for attribute", .unknownAttribute),
            ("Node \"", .unknownElement),
            ("No module with namespace", .unknownNamespace),
            ("No module named", .unknownNamespace),
            ("Unknown XML", .unknownNamespace),
            ("Invalid character", .malformedInput),
            ("Invalid XML", .malformedInput),
            ("Unexpected end-of-input", .malformedInput),
        ]
        if let rule = rules.first(where: { message.hasPrefix($0.prefix) }) {
            return rule.code
        }
        if error == LY_EVALID {
            switch validation {
            case LYVE_SYNTAX_XML, LYVE_SYNTAX: return .malformedInput
            case LYVE_XPATH: return .invalidPath
            case LYVE_REFERENCE: return .unknownElement
            default: return .invalidValue
            }
        }
        switch error {
        case LY_EEXIST: return .nodeExists
        case LY_ENOTFOUND: return .nodeNotFound
        case LY_EINVAL: return .invalidValue
        default: return .other
        }
    }

    /// libyang 2.1.30 stores a location sentence, not a bare path:
    /// `Schema location "/m:a", data location "/m:a/b", line number 3.` This extracts the data
    /// location, the path a NETCONF `error-path` needs; `nil` when there is none.
    static func dataPath(fromLocation location: String?) -> String? {
        guard let location else { return nil }
        if location.hasPrefix("/") { return location }
        return quoted(after: "data location \"", in: location) ?? quoted(after: "Data location \"", in: location)
    }

    /// The quoted text after `marker`, up to the quote that ends it (followed by `,`, `.` or the
    /// end: predicates may themselves contain quotes).
    static func quoted(after marker: String, in location: String?) -> String? {
        guard let location, let start = location.firstRange(of: marker) else { return nil }
        var rest = location[start.upperBound...]
        if let end = rest.firstRange(of: "\", ") ?? rest.firstRange(of: "\".") {
            rest = rest[..<end.lowerBound]
        } else if let end = rest.lastIndex(of: "\"") {
            rest = rest[..<end]
        }
        return rest.isEmpty ? nil : String(rest)
    }
}
