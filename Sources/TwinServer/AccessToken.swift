import Crypto
import Foundation

/// One line of a server's token file: an identity and the SHA-256 digest of its token — the token itself is never
/// stored by the server. Tokens are 256 random bits, so a plain SHA-256 (not a slow password hash) is what protects
/// them at rest; a digest is compared in constant time.
public struct AccessToken: Sendable, Equatable {
    public var identity: AccessIdentity
    /// SHA-256 of the token's UTF-8 bytes.
    public var digest: [UInt8]

    public init(identity: AccessIdentity, digest: [UInt8]) {
        self.identity = identity
        self.digest = digest
    }

    /// The digest a presented token is looked up by.
    public static func digest(of token: String) -> [UInt8] {
        Array(SHA256.hash(data: Data(token.utf8)))
    }

    /// A new token: 32 bytes from the system's cryptographic generator, as 64 hexadecimal digits.
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &generator)) }.joined()
    }

    /// The token file's line for `token` given to `identity`: `SCOPE[,SCOPE…] NAME sha256:HEX`.
    public static func line(for token: String, identity: AccessIdentity) -> String {
        let scopes = identity.scopes.sorted().map(\.rawValue).joined(separator: ",")
        return "\(scopes) \(identity.name) sha256:\(digest(of: token).map { String(format: "%02x", $0) }.joined())"
    }
}
