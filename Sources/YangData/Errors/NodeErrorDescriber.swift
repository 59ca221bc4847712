internal import CLibYang

/// Writes the `message` of a YANG error for an operator who may see nothing else (Ansible and
/// many NETCONF tools show only `error-message`): the node's name, what is wrong with it, and
/// the list entries it is in, by key.
///
///     minpoll: value 42 is out of range -6..17 (server lab)
///     key-id: no key 9 for this value to refer to (/system/ntp/authentication/key/key-id) (server lab)
///     algorithm: mandatory leaf is missing (key 9)
///
/// What is wrong is read from the schema (ranges, lengths, patterns, enumerations, leafref
/// targets, `must` and `when` conditions, element counts, `unique` sets) and the data (the
/// value, the other entry of a `unique` clash). A module's own `error-message` is kept as it
/// is. When neither says more than libyang did, libyang's sentence is kept, tidied, after the
/// node's name.
struct NodeErrorDescriber {
    /// What is known about the node an error is about.
    struct Subject {
        /// The data node at the error's path, when it is in a tree.
        var node: UnsafeMutablePointer<lyd_node>?
        /// Its schema node; for a missing node (or too few of them), the missing node's.
        var schema: SchemaFacts?
        /// The value libyang refused, when there is no data node holding it.
        var value: String?
        /// Where to read the list entries from when the error has no path (too few elements).
        var entryPath: String?

        init(
            node: UnsafeMutablePointer<lyd_node>? = nil, schema: SchemaFacts? = nil, value: String? = nil,
            entryPath: String? = nil
        ) {
            self.node = node
            self.schema = schema ?? node.flatMap { $0.pointee.schema.map(SchemaFacts.init) }
            self.value = value ?? node.flatMap { DataNodeAccess.value($0) }
            self.entryPath = entryPath
        }
    }

    /// The operator message for `error`; `error.message` itself when the error is not about a
    /// data node (malformed XML, a bad XPath, an internal failure).
    func message(for error: YangError, subject: Subject) -> String {
        let original = error.libyangMessage ?? error.message
        let steps = (error.path ?? subject.entryPath).map(DataPathSteps.init)
        // The node missing (or the choice with two cases) is a child of the node at the path.
        let aboutChild = error.element != nil
            && (error.code == .missingElement || error.code == .tooFewElements
                || (error.code == .duplicateInstance && subject.schema?.kind == "choice"))
        let named = steps?.last?.name ?? subject.schema?.name ?? error.element
            ?? error.schemaPath.flatMap { DataPathSteps($0).last?.name }
        guard let name = aboutChild ? error.element : named, !name.isEmpty
        else { return error.message }
        let problem: String?
        switch error.code {
        case .invalidValue: problem = typeProblem(subject, original)
        case .missingElement: problem = missingProblem(subject, steps: aboutChild ? steps : nil)
        case .missingInstance: problem = leafrefProblem(subject)
        case .mustViolation: problem = mustProblem(subject, original)
        case .whenViolation: problem = whenProblem(subject)
        case .notUnique: problem = uniqueProblem(subject)
        case .tooManyElements, .tooFewElements: problem = countProblem(error.code, subject, steps: aboutChild ? steps : nil)
        case .duplicateInstance: problem = duplicateProblem(subject)
        case .unexpectedStateData: problem = "state data, not allowed in configuration"
        case .unknownElement, .unknownNamespace: problem = nil
        default: return error.message
        }
        return Self.text(name: name, problem: problem ?? Self.tidy(original), entries: steps?.entryLabels ?? [])
    }

    /// `name: problem (entry, entry)`.
    static func text(name: String, problem: String, entries: [String]) -> String {
        "\(name): \(problem)" + (entries.isEmpty ? "" : " (\(entries.joined(separator: ", ")))")
    }

    /// libyang's sentence as a clause: its first line, without the closing period, starting in
    /// lower case (`Invalid union value "x" - no matching subtype found.` → `invalid union value
    /// "x" - no matching subtype found`).
    static func tidy(_ text: String) -> String {
        var line = String(text.split(separator: "\n", omittingEmptySubsequences: true).first ?? "").trimmingSpaces
        while let last = line.last, last == "." || last == ":" { line.removeLast() }
        if let first = line.first, first.isUppercase, line.dropFirst().first?.isLowercase ?? false {
            line = first.lowercased() + line.dropFirst()
        }
        return line.isEmpty ? "invalid" : line
    }

    // MARK: Problems

    private func typeProblem(_ subject: Subject, _ original: String) -> String? {
        guard let type = subject.schema?.type, let value = subject.value else { return nil }
        return TypeProblem(type: type, libyangMessage: original).explain(value)
    }

    private func missingProblem(_ subject: Subject, steps: DataPathSteps?) -> String {
        let problem: String
        if let schema = subject.schema, schema.kind == "choice" {
            problem = "mandatory choice is missing, give " + Self.alternatives(schema.caseNames)
        } else if let schema = subject.schema, schema.isKey {
            return "list key is missing" + (steps?.last.map { " in a \($0.name) entry" } ?? "")
        } else {
            problem = "mandatory \(subject.schema?.kind ?? "node") is missing"
        }
        return problem + Self.placement(steps)
    }

    private func leafrefProblem(_ subject: Subject) -> String? {
        guard let target = subject.schema?.leafrefTarget, let value = subject.value else { return nil }
        var noun = target.name
        if target.isKey, let list = target.parent, list.kind == "list" { noun = list.name }
        return "no \(noun) \(value) for this value to refer to (\(target.plainDataPath))"
    }

    private func mustProblem(_ subject: Subject, _ original: String) -> String? {
        guard let musts = subject.schema?.musts else { return nil }
        if let own = musts.first(where: { $0.message == original })?.message { return own }
        let plain = musts.filter { $0.message == nil }
        guard plain.count == 1, let condition = plain.first?.condition else { return nil }
        return "must condition \"\(condition)\" is not satisfied"
    }

    private func whenProblem(_ subject: Subject) -> String? {
        guard let conditions = subject.schema?.whenConditions, conditions.count == 1 else { return nil }
        return "present although its when condition \"\(conditions[0])\" is false"
    }

    private func countProblem(_ code: YangError.Code, _ subject: Subject, steps: DataPathSteps?) -> String? {
        guard let schema = subject.schema, let counts = schema.elementCounts else { return nil }
        let noun = schema.kind == "list" ? "entries" : "values"
        if code == .tooManyElements {
            return "too many \(noun), at most \(counts.max) \(counts.max == 1 ? "is" : "are") allowed"
        }
        return "too few \(noun), at least \(counts.min) \(counts.min == 1 ? "is" : "are") required" + Self.placement(steps)
    }

    private func duplicateProblem(_ subject: Subject) -> String? {
        guard let node = subject.node, let schema = subject.schema else { return nil }
        if schema.kind == "choice" {
            let cases = Self.caseNames(of: schema, in: node)
            guard cases.count > 1 else { return nil }
            return cases.count == 2 ? "give either \(cases[0]) or \(cases[1]), not both" : "give only one of \(Self.alternatives(cases))"
        }
        let twins = DataSiblings(first: lyd_first_sibling(node)).filter { other in
            other != node && other.pointee.schema == node.pointee.schema
                && (schema.nodetype & Int32(LYS_LIST | LYS_LEAFLIST) == 0 || lyd_compare_single(other, node, 0) == LY_SUCCESS)
        }
        guard !twins.isEmpty else { return nil }
        if schema.kind == "leaf-list", let value = subject.value { return "value \(value) is given more than once" }
        return "given more than once"
    }

    private func uniqueProblem(_ subject: Subject) -> String? {
        guard let node = subject.node, let list = subject.schema else { return nil }
        for leaves in list.uniques where !leaves.isEmpty {
            let values = leaves.map { Self.value(of: $0, in: node, list: list) }
            guard values.allSatisfy({ $0 != nil }) else { continue }
            let clash = DataSiblings(first: lyd_first_sibling(node)).first { other in
                other != node && other.pointee.schema == node.pointee.schema
                    && leaves.map({ Self.value(of: $0, in: other, list: list) }) == values
            }
            guard let clash else { continue }
            let what = zip(leaves, values).map { "\($0.relativePath(from: list)) \($1!)" }.joined(separator: " and ")
            let other = DataPathSteps(DataNodeAccess.path(clash)).last?.entryLabel ?? "another entry"
            return "\(what) \(leaves.count == 1 ? "is" : "are") also used by \(other); it must be unique"
        }
        return nil
    }

    // MARK: Helpers

    /// The cases of `choice` that have data among the children of `instance`, in data order.
    static func caseNames(of choice: SchemaFacts, in instance: UnsafeMutablePointer<lyd_node>) -> [String] {
        var names: [String] = []
        for child in DataNodeAccess.children(instance) {
            var current = child.pointee.schema.map(SchemaFacts.init)
            while let item = current, let parent = item.parent, parent.node != choice.node { current = parent }
            guard let item = current, item.parent?.node == choice.node, !names.contains(item.name) else { continue }
            names.append(item.name)
        }
        return names
    }

    /// ` in udp` when the node is missing from a container; nothing when it is missing from a
    /// list entry, which the entries already name.
    private static func placement(_ steps: DataPathSteps?) -> String {
        guard let last = steps?.last, last.keys.isEmpty else { return "" }
        return " in \(last.name)"
    }

    /// `a`, `a or b`, `a, b or c`.
    private static func alternatives(_ names: [String]) -> String {
        guard names.count > 1 else { return names.first ?? "one of its cases" }
        return names.dropLast().joined(separator: ", ") + " or " + names.last!
    }

    /// The value of a descendant leaf of a list entry.
    private static func value(of leaf: SchemaFacts, in entry: UnsafeMutablePointer<lyd_node>, list: SchemaFacts) -> String? {
        var current = entry
        for step in leaf.dataChain(below: list) {
            var found: UnsafeMutablePointer<lyd_node>?
            guard lyd_find_sibling_val(lyd_child(current), step.node, nil, 0, &found) == LY_SUCCESS, let found else {
                return nil
            }
            current = found
        }
        return DataNodeAccess.value(current)
    }
}
