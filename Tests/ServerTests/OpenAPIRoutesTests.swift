import Foundation
import Logging
import Testing

@testable import Server

/// openapi.yaml and the router describe the same routes.
@Suite struct OpenAPIRoutesTests {
    @Test func everyRouteIsDocumentedAndEveryDocumentedRouteExists() async throws {
        let dependencies = try await AppDependencies.make(
            config: try AppConfig.load(environment: ["JWT_SECRET": String(repeating: "k", count: 32)]), logger: Logger(label: "test"))
        let registered = Set(buildRouter(dependencies).1.map { "\($0.method.uppercased()) \($0.path)" })
        let documented = try Self.documentedOperations()
        #expect(registered.subtracting(documented).sorted() == [], "routes missing from openapi.yaml")
        #expect(documented.subtracting(registered).sorted() == [], "documented routes the router does not have")
    }

    /// `paths:` entries (two-space indent) and their operations (four-space indent).
    static func documentedOperations() throws -> Set<String> {
        let text = try String(contentsOf: TestSettings.repositoryRoot.appendingPathComponent("openapi.yaml"), encoding: .utf8)
        let methods: Set<String> = ["get", "put", "post", "delete", "patch", "head", "options"]
        var operations: Set<String> = []
        var inPaths = false
        var currentPath: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if !line.hasPrefix(" ") && !line.isEmpty {
                inPaths = line.hasPrefix("paths:")
                currentPath = nil
                continue
            }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), !line.hasPrefix("   ") {
                currentPath = String(line.dropFirst(2).dropLast())
            } else if line.hasPrefix("    "), !line.hasPrefix("     "), let path = currentPath {
                let key = line.trimmingCharacters(in: .whitespaces).dropLast()
                if methods.contains(String(key)) { operations.insert("\(key.uppercased()) \(path)") }
            }
        }
        return operations
    }
}
