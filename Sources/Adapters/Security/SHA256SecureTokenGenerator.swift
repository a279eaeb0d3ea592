import Crypto
import Domain
import Foundation

/// 256-bit random URL-safe tokens, stored as hex SHA-256 (a fast hash is right for high-entropy secrets).
public struct SHA256SecureTokenGenerator: SecureTokenGenerator {
    public init() {}

    public func makeToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Base64URL.encode(Data(bytes))
    }

    public func hash(_ token: String) -> String {
        SHA256.hash(data: Array(token.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
