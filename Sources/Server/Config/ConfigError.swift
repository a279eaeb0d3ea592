/// A setting that is missing or invalid; start-up stops with its one-line description.
public struct ConfigError: Error, CustomStringConvertible, Equatable {
    public var name: String
    public var reason: String

    public var description: String { "configuration error: \(name) \(reason)" }
}
