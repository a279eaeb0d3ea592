#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Why an end of a playback session happened.
public enum SessionEndReason: String, Sendable, Codable, CaseIterable {
    /// The player sent stop.
    case stopped
    /// The account stopped it from another device.
    case kicked
    /// The same device started another stream.
    case replaced
    /// Three heartbeats were missed.
    case expired
    /// The account moved to a plan with fewer streams and this one was over the new limit.
    case planChanged = "plan_changed"
}
