public import NTPEngine
import XMLSupport

extension [ReconcileStep] {
    /// The steps as the `mntp:plan` output elements.
    public var planOutputXML: String {
        let ns = "urn:meridian:params:xml:ns:yang:meridian-ntp"
        return enumerated().map { index, step in
            "<step xmlns=\"\(ns)\"><index>\(index + 1)</index><action>\(step.action.rawValue)</action>"
                + "<target>\(XMLText.escape(step.target))</target><detail>\(XMLText.escape(step.detail))</detail></step>"
        }.joined()
    }
}
