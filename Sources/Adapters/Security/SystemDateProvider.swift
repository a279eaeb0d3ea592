import Domain
import Foundation

/// The wall clock.
public struct SystemDateProvider: DateProvider {
    public init() {}

    public func now() -> Date { Date() }
}
