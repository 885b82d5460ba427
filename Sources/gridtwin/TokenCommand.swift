import ArgumentParser
import Foundation
import OutputFiles
import TwinServer

/// `gridtwin token`: makes an access token for `gridtwin serve`. The token goes into a new private file for the
/// client; the line for the server's token file (its digest, never the token) goes to standard output.
struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Make an access token for 'gridtwin serve': the token into a new file, the server's line on standard output.",
        discussion: """
            Scopes: read (reads, when the server protects them), ingest (measurement frames), control (forks, \
            forecasts, set-points; set-points are recorded under the token's name), admin (everything). Example: \
            gridtwin token --scope ingest --name scada --out scada.token >> tokens  — then serve with --tokens tokens \
            and replay with --token-file scada.token. The token file is created readable by its owner only and never \
            replaces an existing file.
            """
    )

    @Option(name: .long, help: "Comma-separated scopes: read, ingest, control, admin.")
    var scope: String

    @Option(name: .long, help: "The token's name (1 to 64 letters, digits or ._@-): who the server says acted.")
    var name: String

    @Option(name: .long, help: "The new file that receives the token (for the client).")
    var out: String

    func run() throws {
        let scopes: Set<AccessScope>
        do {
            scopes = try AccessScope.set(parsing: Substring(scope))
        } catch {
            throw CommandError("--scope: \(error.description)")
        }
        guard !scopes.isEmpty else { throw CommandError("--scope: at least one scope") }
        let token = AccessToken.generate()
        let line = AccessToken.line(for: token, identity: AccessIdentity(name: name, scopes: scopes))
        // The line is checked as the server will read it (the name's rules) before anything is written.
        do {
            _ = try TokenTable(parsing: line, file: "--name")
        } catch {
            throw CommandError("--name: 1 to 64 letters, digits or ._@- characters")
        }
        do {
            try OutputFile.createPrivate(out, with: Data("\(token)\n".utf8))
        } catch {
            throw CommandError(error.description)
        }
        print(line)
    }
}
