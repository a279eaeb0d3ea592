import Crypto
import Domain
import Foundation

/// RFC 6238 TOTP as Google Authenticator and friends implement it: HMAC-SHA1, 6 digits, 30-second steps.
public struct TOTPOneTimePasswordService: OneTimePasswordService {
    public static let digits = 6
    public static let period: Int64 = 30
    /// Steps of clock drift accepted either side of now.
    public static let drift: Int64 = 1

    public init() {}

    public func generateSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        return Base32.encode((0..<20).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    public func provisioningURI(secret: String, account: String, issuer: String) -> String {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~@"))
        let label = "\(issuer):\(account)".addingPercentEncoding(withAllowedCharacters: allowed) ?? account
        let issuerParam = issuer.addingPercentEncoding(withAllowedCharacters: allowed) ?? issuer
        return "otpauth://totp/\(label)?secret=\(secret)&issuer=\(issuerParam)&algorithm=SHA1&digits=\(Self.digits)&period=\(Self.period)"
    }

    public func matchingStep(code: String, secret: String, at date: Date) -> Int64? {
        let code = code.filter { $0 != " " }
        guard code.count == Self.digits, code.allSatisfy({ $0.isASCII && $0.isNumber }), let key = Base32.decode(secret),
            !key.isEmpty
        else { return nil }
        let now = Int64(date.timeIntervalSince1970.rounded(.down)) / Self.period
        for step in (now - Self.drift)...(now + Self.drift) where Self.code(key: key, step: step) == code {
            return step
        }
        return nil
    }

    /// The code for one time step (RFC 4226 dynamic truncation).
    static func code(key: [UInt8], step: Int64) -> String {
        var counter = UInt64(bitPattern: step).bigEndian
        let message = withUnsafeBytes(of: &counter) { Array($0) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: key)))
        let offset = Int(mac[mac.count - 1] & 0x0F)
        let value =
            (UInt32(mac[offset] & 0x7F) << 24) | (UInt32(mac[offset + 1]) << 16) | (UInt32(mac[offset + 2]) << 8)
            | UInt32(mac[offset + 3])
        let modulo = UInt32(1_000_000)
        let number = String(value % modulo)
        return String(repeating: "0", count: digits - number.count) + number
    }
}
