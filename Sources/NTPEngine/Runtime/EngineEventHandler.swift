/// Receives the engine's events on the engine thread (``NTPEngine/init(clock:options:hostClock:logger:eventHandler:)``):
/// it must only enqueue and return, never wait.
public typealias EngineEventHandler = @Sendable (TimedEngineEvent) -> Void
