import Domain
import Testing

@testable import Server

@Suite struct ConfigTests {
    let base = ["JWT_SECRET": String(repeating: "k", count: 32)]

    @Test func defaultsNeedOnlyASecret() throws {
        let config = try AppConfig.load(environment: base)
        #expect(config.httpPort == 8080 && config.bcryptCost == 12 && config.authRateLimit.limit == 10)
        #expect(config.anonymousRateLimit.limit == 100 && config.userRateLimit.limit == 1000)
    }

    @Test(arguments: [
        ([:], "JWT_SECRET"),
        (["JWT_SECRET": "too short"], "JWT_SECRET"),
        (["HTTP_PORT": "eighty"], "HTTP_PORT"),
        (["DATABASE_URL": "mysql://x"], "DATABASE_URL"),
        (["REDIS_URL": "http://nope"], "REDIS_URL"),
        (["LOG_FORMAT": "xml"], "LOG_FORMAT"),
        (["LOG_LEVEL": "loud"], "LOG_LEVEL"),
    ])
    func invalidSettingsNameTheVariable(overrides: [String: String], name: String) {
        var environment = overrides.keys.contains("JWT_SECRET") || overrides.isEmpty ? [:] : base
        environment.merge(overrides) { _, new in new }
        #expect(throws: ConfigError.self) { try AppConfig.load(environment: environment) }
        do {
            _ = try AppConfig.load(environment: environment)
        } catch {
            #expect(error.name == name)
        }
    }

    @Test func dotEnvParsing() {
        let values = DotEnv.parse("# comment\nexport A=1\nB = \"two words\"\nC='x=y'\nD=plain # trailing\n")
        #expect(values == ["A": "1", "B": "two words", "C": "x=y", "D": "plain"])
    }
}
