import Domain

extension EntityTagCondition {
    /// Reads an `If-None-Match` field (`*`, or a comma-separated list of strong and weak tags); nil when absent.
    init?(ifNoneMatch field: String?) {
        guard let field else { return nil }
        self.init(tags: field.split(separator: ",").map { String($0.trimmingOWS) })
    }
}
