#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension ObjectKey {
    /// Keys built from UUIDs and constants, which satisfy the rules by construction (checked in debug builds).
    init(trusted value: String) {
        assert((try? ObjectKey(value)) != nil, "not a valid key: \(value)")
        self.init(unchecked: value)
    }

    func appendingSafe(_ segment: String) -> ObjectKey { ObjectKey(trusted: value + "/" + segment) }
}
