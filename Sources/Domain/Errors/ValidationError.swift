#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Input that breaks a rule; carries the field so a client can point at it.
public struct ValidationError: Error, Sendable, Equatable {
    public var field: String
    public var code: String
    public var message: String

    public init(field: String, code: String, message: String) {
        self.field = field
        self.code = code
        self.message = message
    }
}
