import TestSupport
import Testing
import XMLSupport

/// Random trees, with clashing prefixes and declarations, survive write → parse with every
/// name in the same namespace and every value intact.
@Suite struct XMLRoundTripPropertyTests {
    @Test func randomTreesRoundTripSemantically() throws {
        var generator = TreeGenerator(seed: 0x584D_4C52_5452_4950)
        for iteration in 0..<500 {
            let tree = generator.element(depth: 0)
            let text = XMLWriter.serialize(tree)
            let reparsed: XMLElement
            do {
                reparsed = try XMLDocumentParser.parse(Array(text.utf8))
            } catch {
                Issue.record("iteration \(iteration): \(error)\n\(text)")
                continue
            }
            let difference = CanonicalElement(reparsed).firstDifference(from: CanonicalElement(tree))
            #expect(difference == nil, "iteration \(iteration): \(difference ?? "") in \(text)")
        }
    }
}

/// An element reduced to what namespaces-aware XML means: no prefixes, no declarations,
/// attributes as a set, adjacent text merged and formatting whitespace dropped.
struct CanonicalElement: Equatable {
    struct Attribute: Hashable { var namespace: String?; var name: String; var value: String }
    enum Child: Equatable { case element(CanonicalElement), text(String) }

    var namespace: String?
    var name: String
    var attributes: Set<Attribute>
    var children: [Child]

    init(_ element: XMLElement) {
        namespace = element.namespace.flatMap { $0.isEmpty ? nil : $0 }
        name = element.name
        attributes = Set(element.attributes.map {
            Attribute(namespace: $0.namespace.flatMap { $0.isEmpty ? nil : $0 }, name: $0.name, value: $0.value)
        })
        var merged: [Child] = []
        for child in element.children {
            switch child {
            case .element(let nested):
                merged.append(.element(CanonicalElement(nested)))
            case .text(let text):
                if case .text(let previous) = merged.last {
                    merged[merged.count - 1] = .text(previous + text)
                } else if !text.isEmpty {
                    merged.append(.text(text))
                }
            }
        }
        let hasElements = merged.contains { if case .element = $0 { true } else { false } }
        children = hasElements ? merged.filter {
            if case .text(let text) = $0 { !text.unicodeScalars.allSatisfy { " \t\r\n".unicodeScalars.contains($0) } } else { true }
        } : merged
    }
}

extension CanonicalElement {
    /// Where `self` first differs from `expected`, as a path and the two values.
    func firstDifference(from expected: CanonicalElement, path: String = "") -> String? {
        let here = "\(path)/{\(expected.namespace ?? "")}\(expected.name)"
        if namespace != expected.namespace || name != expected.name {
            return "\(here): found {\(namespace ?? "")}\(name)"
        }
        if attributes != expected.attributes {
            return "\(here): attributes \(attributes.symmetricDifference(expected.attributes))"
        }
        if children.count != expected.children.count {
            return "\(here): \(children.count) children, expected \(expected.children.count): \(children) vs \(expected.children)"
        }
        for (found, wanted) in zip(children, expected.children) {
            switch (found, wanted) {
            case (.element(let a), .element(let b)):
                if let difference = a.firstDifference(from: b, path: here) { return difference }
            case (.text(let a), .text(let b)) where a == b:
                continue
            default:
                return "\(here): child \(found) expected \(wanted)"
            }
        }
        return nil
    }
}

struct TreeGenerator {
    private var random: SeededGenerator
    init(seed: UInt64) { random = SeededGenerator(seed: seed) }

    private mutating func next() -> UInt64 { random.next() }

    private mutating func pick<T>(_ options: [T]) -> T { options[Int(next() % UInt64(options.count))] }

    private let names = ["a", "b", "c-d", "e.f", "_g"]
    private let namespaces: [String?] = [nil, "urn:one", "urn:two", "urn:three", "http://example.com/x?a=1&b=2"]
    private let prefixes: [String?] = [nil, "p", "q", "ns0", "xml"]

    mutating func text() -> String {
        let pieces = ["x", " ", "<", ">", "&", "\"", "'", "\t", "\n", "\r", "]]>", "é", "🙂", "&amp;", "\u{1}"]
        return (0..<Int(next() % 6)).map { _ in pick(pieces) }.joined()
            .replacingControlCharacters()
    }

    mutating func element(depth: Int) -> XMLElement {
        var element = XMLElement(name: pick(names), namespace: pick(namespaces), prefix: pick(prefixes))
        for _ in 0..<Int(next() % 3) {
            let uri = pick(namespaces.compactMap { $0 }) 
            element.namespaceDeclarations.append(XMLNamespaceDeclaration(prefix: pick(prefixes), uri: next() % 5 == 0 ? "" : uri))
        }
        var seen = Set<String>()
        for _ in 0..<Int(next() % 4) {
            var attribute = XMLAttribute(name: pick(names), namespace: pick(namespaces), prefix: pick(prefixes), value: text())
            if next() % 7 == 0 { attribute = XMLAttribute(name: "lang", namespace: "http://www.w3.org/XML/1998/namespace", prefix: "xml", value: "en") }
            let key = "\(attribute.namespace ?? "")|\(attribute.name)"
            if seen.insert(key).inserted { element.attributes.append(attribute) }
        }
        if depth < 4 {
            for _ in 0..<Int(next() % 4) {
                element.children.append(next() % 3 == 0 ? .text(text()) : .element(self.element(depth: depth + 1)))
            }
        }
        return element
    }
}

extension String {
    /// Characters XML cannot carry are written as U+FFFD; the generator expects that already.
    fileprivate func replacingControlCharacters() -> String {
        String(String.UnicodeScalarView(unicodeScalars.map { $0 == "\u{1}" ? "\u{FFFD}" : $0 }))
    }
}
