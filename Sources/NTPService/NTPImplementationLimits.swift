public import Datastore
public import NetconfModel
import NTPYangBinding
import NTPEngine
public import YangData

/// Refuses, at validate and commit, configuration the model allows but this engine does
/// not carry out yet (HMAC keys, broadcast and multicast, unsync-max-poll, preempt,
/// per-interface disabling): error-tag operation-not-supported, app-tag not-implemented.
public struct NTPImplementationLimits: ConfigValidator {
    public init() {}

    public func validate(_ config: [DataNode]) -> [RPCError] {
        EngineConfiguration.unsupported(NTPConfiguration(config)).map {
            RPCError(type: .application, tag: .operationNotSupported, appTag: "not-implemented",
                     path: $0.path, pathNamespaces: ErrorPaths.declarations(for: $0.path), message: $0.message)
        }
    }
}
