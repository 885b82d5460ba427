import Foundation

/// The tokens a server accepts (``AccessToken``), read from its token file:
///
///     # SCOPE[,SCOPE…]  NAME  sha256:DIGEST   (lines from `gridtwin token`)
///     ingest            scada-gateway  sha256:9f86d0…
///     control,ingest    alice          sha256:2c26b4…
///
/// Scopes are ``AccessScope``s; a name is 1 to 64 letters, digits or `._@-`, unique in the file.
public struct TokenTable: Sendable {
    public private(set) var tokens: [AccessToken]

    public init(tokens: [AccessToken]) {
        self.tokens = tokens
    }

    /// A problem in a token file, naming its line.
    public struct Problem: Error, CustomStringConvertible {
        public var description: String
    }

    /// Parses a token file's `text`; `file` names it in problems (`FILE:LINE: …`).
    public init(parsing text: String, file: String) throws(Problem) {
        var tokens: [AccessToken] = []
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            func problem(_ message: String) -> Problem { Problem(description: "\(file):\(index + 1): \(message)") }
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count == 3 else {
                throw problem(fields.count == 1
                    ? "a token in clear text is not accepted: the server keeps only digests (make tokens with 'gridtwin token')"
                    : "expected 'SCOPE[,SCOPE…] NAME sha256:DIGEST'")
            }
            let scopes: Set<AccessScope>
            do {
                scopes = try AccessScope.set(parsing: fields[0])
            } catch {
                throw problem("scope: \(error.description)")
            }
            let name = String(fields[1])
            guard (1...64).contains(name.count),
                name.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil
                    || "._@-".unicodeScalars.contains($0)) })
            else { throw problem("name: 1 to 64 letters, digits or ._@- characters") }
            guard !tokens.contains(where: { $0.identity.name == name }) else { throw problem("name: '\(name)' appears twice") }
            let digestText = fields[2]
            guard digestText.hasPrefix("sha256:"), let digest = Self.bytes(hex: digestText.dropFirst(7)), digest.count == 32 else {
                throw problem("digest: expected sha256: and 64 hexadecimal digits")
            }
            tokens.append(AccessToken(identity: AccessIdentity(name: name, scopes: scopes), digest: digest))
        }
        guard !tokens.isEmpty else { throw Problem(description: "\(file): no tokens") }
        self.tokens = tokens
    }

    /// The identity whose token is `presented`, or nil. Every entry is compared, each in full, whatever matches.
    public func identity(presenting presented: String) -> AccessIdentity? {
        let digest = AccessToken.digest(of: presented)
        var found: AccessIdentity?
        for token in tokens {
            var difference: UInt8 = 0
            for i in 0..<32 { difference |= token.digest[i] ^ digest[i] }
            if difference == 0 { found = token.identity }
        }
        return found
    }

    private static func bytes(hex: Substring) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        var i = 0
        while i < digits.count {
            guard let high = Self.value(of: digits[i]), let low = Self.value(of: digits[i + 1]) else { return nil }
            bytes.append(high << 4 | low)
            i += 2
        }
        return bytes
    }

    private static func value(of digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
