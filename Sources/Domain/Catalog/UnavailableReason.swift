#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Why a video a viewer can see may not be watched by them here and now.
public enum UnavailableReason: String, Sendable, Codable, Equatable {
    case notYetAvailable = "not_yet_available"
    case expired
    case regionRestricted = "region_restricted"
    case maturityRestricted = "maturity_restricted"
}
