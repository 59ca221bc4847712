public import Datastore
public import NetconfModel
public import NTPYangBinding
import NTPEngine

/// Refuses, at validate and commit, configuration the model allows but this engine does
/// not carry out yet (HMAC keys, multicast groups of one interface with different ttl
/// values): error-tag operation-not-supported, app-tag not-implemented.
public struct NTPImplementationLimits: ConfigValidator {
    public init() {}

    public func validate(_ config: ValidatedConfiguration) -> [RPCError] {
        validate(NTPConfiguration.of(config))
    }

    /// The limits on the typed configuration.
    public func validate(_ ntp: NTPConfiguration) -> [RPCError] {
        EngineConfiguration.unsupported(ntp).map {
            RPCError(type: .application, tag: .operationNotSupported, appTag: "not-implemented",
                     path: $0.path, message: $0.message)
        }
    }
}

/// Runs `then` only when `first` finds nothing: a configuration that breaks a rule of the
/// model is reported for that, not also for what the engine would not have done with it.
public struct StagedValidator: ConfigValidator {
    let first: any ConfigValidator
    let then: any ConfigValidator

    public init(_ first: any ConfigValidator, then: any ConfigValidator) {
        self.first = first
        self.then = then
    }

    public func validate(_ config: ValidatedConfiguration) -> [RPCError] {
        let errors = first.validate(config)
        return errors.isEmpty ? then.validate(config) : errors
    }
}
