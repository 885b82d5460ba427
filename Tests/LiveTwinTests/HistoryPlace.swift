import Foundation
import TestFixtures
import Testing

/// A fresh place for a test's history: a SQLite file, or an empty database on a PostgreSQL server of the test's own;
/// removed (or stopped) when released.
final class HistoryPlace: Sendable {
    enum Kind: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case sqlite, postgres
        var testDescription: String { rawValue }
    }

    /// What `TwinHistory.open` takes: the file's path or the database's URL.
    let location: String
    private let server: PostgresServerBox?

    init(_ kind: Kind) throws {
        switch kind {
        case .sqlite:
            location = NSTemporaryDirectory() + "gridtwin-live-\(UUID().uuidString).sqlite"
            server = nil
        case .postgres:
            let started = try PostgresServer()
            location = try started.url(database: "twin")
            server = PostgresServerBox(server: started)
        }
    }

    deinit {
        if server == nil { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: location + suffix) } }
    }

    /// The server, held until the place goes.
    private final class PostgresServerBox: @unchecked Sendable {
        let server: PostgresServer
        init(server: PostgresServer) { self.server = server }
    }
}
