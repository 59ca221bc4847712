/// The two framing mechanisms of RFC 6242.
public enum FramingMode: Sendable, Equatable {
    /// §4.3: each message is followed by `]]>]]>` (base:1.0, and every `<hello>`).
    case endOfMessage
    /// §4.2: each message is a sequence of `LF # size LF data` chunks and `LF ## LF` (base:1.1).
    case chunked
}
