import HTTPTypes

/// What the router's middleware and Hummingbird add to every response, for the answers the fast paths
/// (`HeartbeatFastPath`, `MediaFastPath`) write themselves: the request id, CORS fields for an allowed origin,
/// `Date` and `Server`.
struct RouterResponseFields: Sendable {
    let allowedOrigins: Set<String>
    let serverName: String?

    /// Appends them (a set would scan the fields for the name first; an answer's own fields never carry these but the
    /// CORS ones, which are set).
    func complete(_ fields: inout HTTPFields, requestId: String, origin: String?) {
        fields.append(HTTPField(name: RequestLifecycleMiddleware.requestIdHeader, value: requestId))
        if let origin, CORSAllowListMiddleware.allows(origin, in: allowedOrigins) {
            for field in CORSAllowListMiddleware.responseFields(origin: origin) { fields[field.name] = field.value }
        }
        fields.append(HTTPField(name: .date, value: HTTPDate.now))
        if let serverName { fields.append(HTTPField(name: .server, value: serverName)) }
    }
}
