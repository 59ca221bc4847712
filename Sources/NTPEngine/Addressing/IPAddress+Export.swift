// The engine's configuration is spelled in IPAddress (from NetworkAddress, shared with the
// NTP rules): its clients get the type with the engine.
@_exported public import NetworkAddress
