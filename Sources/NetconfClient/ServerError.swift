public import XMLSupport

/// One `<rpc-error>` of a reply, every field as the server sent it (not yet escaped for a
/// terminal: whoever prints it escapes it).
public struct ServerError: Sendable, Equatable {
    public var type: String
    public var tag: String
    public var severity: String
    public var appTag: String?
    public var path: String?
    public var message: String?
    /// `<error-info>` children as name → text (`bad-element`, `session-id`, ...).
    public var info: [String: String]

    public init(type: String, tag: String, severity: String = "error", appTag: String? = nil,
                path: String? = nil, message: String? = nil, info: [String: String] = [:]) {
        self.type = type
        self.tag = tag
        self.severity = severity
        self.appTag = appTag
        self.path = path
        self.message = message
        self.info = info
    }

    static let base = "urn:ietf:params:xml:ns:netconf:base:1.0"

    init(_ element: XMLElement) {
        func text(_ name: String) -> String? {
            element.firstChild(named: name, namespace: Self.base)?.textContent.trimmingXMLWhitespace()
        }
        var info: [String: String] = [:]
        for child in element.firstChild(named: "error-info", namespace: Self.base)?.childElements ?? [] {
            info[child.name] = child.textContent.trimmingXMLWhitespace()
        }
        self.init(type: text("error-type") ?? "", tag: text("error-tag") ?? "", severity: text("error-severity") ?? "error",
                  appTag: text("error-app-tag"), path: text("error-path"), message: text("error-message"), info: info)
    }

    /// Every `<rpc-error>` of a reply.
    public static func all(in reply: XMLElement) -> [ServerError] {
        reply.children(named: "rpc-error", namespace: base).map(ServerError.init)
    }
}
