import Adapters
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
        (["STORAGE_BACKEND": "ftp"], "STORAGE_BACKEND"),
        (["STORAGE_BACKEND": "s3"], "S3_BUCKET"),
        (["STORAGE_BACKEND": "s3", "S3_BUCKET": "b", "S3_ACCESS_KEY_ID": "k"], "S3_SECRET_ACCESS_KEY"),
        (["STORAGE_BACKEND": "s3", "S3_ENDPOINT": "minio:9000", "S3_BUCKET": "b"], "S3_ENDPOINT"),
        (["MAX_UPLOAD_BYTES": "0"], "MAX_UPLOAD_BYTES"),
        (["DEFAULT_QUOTA_BYTES": "-1"], "DEFAULT_QUOTA_BYTES"),
        (["JOB_CONCURRENCY": "video.purge"], "JOB_CONCURRENCY"),
        (["JOB_CONCURRENCY": "video.purge=100"], "JOB_CONCURRENCY"),
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

    @Test func mediaSettings() throws {
        let local = try AppConfig.load(environment: base)
        #expect(local.storageBackend == .local && local.s3 == nil)
        #expect(local.maxUploadBytes == 8 << 30 && local.defaultQuotaBytes == 50 << 30)
        var environment = base
        environment.merge([
            "STORAGE_BACKEND": "s3", "S3_ENDPOINT": "http://127.0.0.1:9000", "S3_BUCKET": "media", "S3_ACCESS_KEY_ID": "k",
            "S3_SECRET_ACCESS_KEY": "s", "S3_PATH_STYLE": "true", "JOB_CONCURRENCY": "video.purge=3, uploads.expire=0",
        ]) { _, new in new }
        let s3 = try AppConfig.load(environment: environment)
        #expect(s3.s3?.bucket == "media" && s3.s3?.pathStyle == true && s3.s3?.partSize == 8 << 20)
        #expect(s3.jobConcurrency == ["video.purge": 3, "uploads.expire": 0])
    }

    @Test func dotEnvParsing() {
        let values = DotEnv.parse("# comment\nexport A=1\nB = \"two words\"\nC='x=y'\nD=plain # trailing\n")
        #expect(values == ["A": "1", "B": "two words", "C": "x=y", "D": "plain"])
    }
}
