import Foundation
import TwinServer

/// Token files for tests of `gridtwin serve`: the server's table and each token in clear for clients.
enum TestTokens {
    /// Writes FOLDER/tokens (one digest line per entry, as `gridtwin token` prints them) and FOLDER/NAME.token (the
    /// token itself, for `replay --token-file`).
    static func write(_ entries: [(token: String, name: String, scopes: Set<AccessScope>)], in folder: String) throws {
        var lines: [String] = []
        for entry in entries {
            lines.append(AccessToken.line(for: entry.token, identity: AccessIdentity(name: entry.name, scopes: entry.scopes)))
            try "\(entry.token)\n".write(toFile: "\(folder)/\(entry.name).token", atomically: true, encoding: .utf8)
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: folder + "/tokens", atomically: true, encoding: .utf8)
    }
}
