import Foundation

/// A GeoIP database that cannot be used; start-up stops with the reason.
public enum GeoIPError: Error, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): "cannot open GeoIP database \(path): \(reason)"
        }
    }
}
