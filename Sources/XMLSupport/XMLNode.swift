/// One child of an element: a nested element or a run of character data.
///
/// Comments and processing instructions are not part of the model; the parser drops them.
public enum XMLNode: Sendable, Equatable {
    case element(XMLElement)
    case text(String)
}
