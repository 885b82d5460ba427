import TwinServer
import Testing

@Suite("Access tokens: the server's table of digests and the scopes they grant")
struct TokenTableTests {
    @Test("a table of lines from AccessToken.line finds each token's identity, and no other string")
    func lookUp() throws {
        let ingest = AccessToken.generate(), control = AccessToken.generate()
        #expect(ingest.count == 64 && ingest != control)
        let text = """
            # made by gridtwin token
            \(AccessToken.line(for: ingest, identity: AccessIdentity(name: "scada", scopes: [.ingest])))

            \(AccessToken.line(for: control, identity: AccessIdentity(name: "alice", scopes: [.control, .ingest])))
            """
        let table = try TokenTable(parsing: text, file: "tokens")
        #expect(table.tokens.count == 2)
        #expect(table.identity(presenting: ingest) == AccessIdentity(name: "scada", scopes: [.ingest]))
        #expect(table.identity(presenting: control)?.name == "alice")
        #expect(table.identity(presenting: String(ingest.dropLast())) == nil)
        #expect(table.identity(presenting: "") == nil)
        #expect(!text.contains(ingest) && !text.contains(control), "the table holds digests only")
    }

    @Test("SHA-256 of a known string (FIPS 180-2 test vector 'abc')")
    func digest() {
        let hex = AccessToken.digest(of: "abc").map { String($0, radix: 16) }.map { $0.count == 1 ? "0" + $0 : $0 }.joined()
        #expect(hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test("scopes: every token reads, admin does everything, the others only their own")
    func scopes() {
        let ingest = AccessIdentity(name: "g", scopes: [.ingest]), admin = AccessIdentity(name: "a", scopes: [.admin])
        #expect(ingest.allows(.read) && ingest.allows(.ingest) && !ingest.allows(.control) && !ingest.allows(.admin))
        #expect(AccessScope.allCases.allSatisfy(admin.allows))
        #expect(!AccessIdentity(name: "r", scopes: [.read]).allows(.ingest))
    }

    @Test("bad lines are named by file and line")
    func problems() {
        let digest = "sha256:" + String(repeating: "ab", count: 32)
        let cases: [(String, String)] = [
            ("plain-token-0123456789", "tokens:1: a token in clear text"),
            ("root alice \(digest)", "tokens:1: scope: 'root'"),
            ("ingest al/ice \(digest)", "tokens:1: name:"),
            ("ingest alice sha256:abcd", "tokens:1: digest:"),
            ("ingest alice \(digest)\ncontrol alice \(digest)", "tokens:2: name: 'alice' appears twice"),
            ("# nothing", "tokens: no tokens"),
        ]
        for (text, message) in cases {
            #expect {
                _ = try TokenTable(parsing: text, file: "tokens")
            } throws: { error in
                (error as? TokenTable.Problem)?.description.hasPrefix(message) == true
            }
        }
    }
}
