import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO
import Synchronization

/// A history in a PostgreSQL database (postgres-nio): `--db postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE` — the
/// password may instead come from the `PGPASSWORD` environment variable; `?sslmode=require` asks for TLS with the
/// system's trust store (default: none, for a server on loopback or a private network). A row is committed
/// (PostgreSQL's default synchronous commit: in the server's write-ahead log on disk) before a write returns. Estimates
/// are `jsonb`, so that a series is read by the server (`#>>`). It uses only a database that is empty or that it
/// created (its marker table); the password never appears in a message.
///
/// One connection, its queries queued in order, reopened when it has dropped; the calls block the calling thread (the
/// live model writes a frame before acknowledging it) and must not run on an event loop.
package final class PostgresHistoryStorage: HistoryStorage {
    private let configuration: PostgresConnection.Configuration
    /// The address without the password, for messages.
    package let displayName: String
    private let logger = Logger(label: "gridtwin.history.postgres")
    private let connection = Mutex<PostgresConnection?>(nil)
    private static let marker = "gridtwin_history"

    /// Connects to the database `url` names and creates the tables (or checks that they are GridTwin's).
    package init(url: String) throws(TwinHistory.Problem) {
        guard let parts = URLComponents(string: url), ["postgres", "postgresql"].contains(parts.scheme ?? ""),
              let host = parts.host, !host.isEmpty, let user = parts.user, !user.isEmpty
        else {
            throw TwinHistory.Problem(description: "--db: not postgres://USER@HOST[:PORT]/DATABASE (the password, if any, is not shown)")
        }
        let database = String(parts.path.dropFirst())
        displayName = "postgres://\(user)@\(host):\(parts.port ?? 5432)/\(database)"
        let password = parts.password ?? ProcessInfo.processInfo.environment["PGPASSWORD"]
        let sslMode = parts.queryItems?.first { $0.name == "sslmode" }?.value ?? "disable"
        let tls: PostgresConnection.Configuration.TLS
        switch sslMode {
        case "disable": tls = .disable
        case "require":
            do {
                tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            } catch {
                throw TwinHistory.Problem(description: "\(displayName): TLS cannot be set up: \(error)")
            }
        default: throw TwinHistory.Problem(description: "\(displayName): sslmode '\(sslMode)' is not disable or require")
        }
        configuration = PostgresConnection.Configuration(
            host: host, port: parts.port ?? 5432, username: user, password: password, database: database.isEmpty ? nil : database,
            tls: tls)
        do {
            try createTables()
        } catch let problem as TwinHistory.Problem {
            throw problem
        } catch {
            throw TwinHistory.Problem(description: "\(displayName): \(Self.describe(error))")
        }
    }

    deinit {
        if let open = connection.withLock({ $0 }) { _ = try? open.close().wait() }
    }

    private func createTables() throws {
        let tables = try run("SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema()")
            .map { try $0.decode(String.self) }
        if !tables.isEmpty && !tables.contains(Self.marker) {
            throw TwinHistory.Problem(description: "\(displayName): not a history GridTwin created (it writes only its own); choose another --db")
        }
        try run("CREATE TABLE IF NOT EXISTS gridtwin_history (version INTEGER NOT NULL)")
        try run("""
            CREATE TABLE IF NOT EXISTS frames (
                id BIGSERIAL PRIMARY KEY, received_at DOUBLE PRECISION NOT NULL, body TEXT NOT NULL)
            """)
        try run("""
            CREATE TABLE IF NOT EXISTS estimates (
                id BIGSERIAL PRIMARY KEY, measured_at DOUBLE PRECISION NOT NULL, estimated_at DOUBLE PRECISION NOT NULL,
                body JSONB NOT NULL)
            """)
        try run("CREATE INDEX IF NOT EXISTS estimates_measured_at ON estimates (measured_at)")
        try run("CREATE INDEX IF NOT EXISTS frames_received_at ON frames (received_at)")
        try run("""
            CREATE TABLE IF NOT EXISTS setpoints (
                id BIGSERIAL PRIMARY KEY, recorded_at DOUBLE PRECISION NOT NULL, body TEXT NOT NULL)
            """)
        try run("INSERT INTO gridtwin_history (version) SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM gridtwin_history)")
    }

    package func insertFrame(receivedAt: Double, body: String) throws {
        try run("INSERT INTO frames (received_at, body) VALUES (\(receivedAt), \(body))")
    }

    package func insertEstimate(measuredAt: Double, estimatedAt: Double, body: String) throws {
        try run("INSERT INTO estimates (measured_at, estimated_at, body) VALUES (\(measuredAt), \(estimatedAt), \(body)::jsonb)")
    }

    package func insertSetPoint(recordedAt: Double, body: String) throws {
        try run("INSERT INTO setpoints (recorded_at, body) VALUES (\(recordedAt), \(body))")
    }

    package func setPointBodies(from: Double, to: Double, limit: Int) throws -> [String] {
        try run("SELECT body FROM setpoints WHERE recorded_at BETWEEN \(from) AND \(to) ORDER BY id LIMIT \(limit)")
            .map { try $0.decode(String.self) }
    }

    package func lastEstimateBody() throws -> String? {
        try run("SELECT body::text FROM estimates ORDER BY id DESC LIMIT 1").first.map { try $0.decode(String.self) }
    }

    package func frameBodies(before id: Int64?, limit: Int) throws -> [(id: Int64, body: String)] {
        try run("SELECT id, body FROM frames WHERE id < \(id ?? Int64.max) ORDER BY id DESC LIMIT \(limit)").map { row in
            let (id, body) = try row.decode((Int64, String).self)
            return (id, body)
        }
    }

    package func seriesValues(
        _ series: HistorySeries, from: Double, to: Double, stepSeconds: Double, limit: Int
    ) throws -> [(time: Double, value: Double)] {
        let path = series.pathComponents
        return try run("""
            SELECT floor(measured_at / \(stepSeconds)) * \(stepSeconds) AS bucket, avg((body #>> \(path))::float8) AS value
            FROM estimates WHERE measured_at BETWEEN \(from) AND \(to) AND body #>> \(path) IS NOT NULL
            GROUP BY bucket ORDER BY bucket LIMIT \(limit)
            """).map { row in
            let (time, value) = try row.decode((Double, Double).self)
            return (time, value)
        }
    }

    package func prune(before cutoff: Double) throws -> Int {
        let frames = try run("WITH gone AS (DELETE FROM frames WHERE received_at < \(cutoff) RETURNING 1) SELECT count(*) FROM gone")
        let estimates = try run("WITH gone AS (DELETE FROM estimates WHERE measured_at < \(cutoff) RETURNING 1) SELECT count(*) FROM gone")
        return try frames[0].decode(Int.self) + estimates[0].decode(Int.self)
    }

    package func counts() throws -> (frames: Int, estimates: Int) {
        let row = try run("SELECT (SELECT count(*) FROM frames), (SELECT count(*) FROM estimates)")[0]
        let (frames, estimates) = try row.decode((Int, Int).self)
        return (frames, estimates)
    }

    // MARK: The connection

    /// Runs `query` and collects its rows; reconnects once when the connection has dropped.
    @discardableResult
    private func run(_ query: PostgresQuery) throws -> [PostgresRow] {
        do {
            return try open().query(query, logger: logger).wait().rows
        } catch {
            guard connection.withLock({ $0?.isClosed ?? true }) else { throw Self.Failure(error: error) }
            connection.withLock { $0 = nil }
            do {
                return try open().query(query, logger: logger).wait().rows
            } catch {
                throw Self.Failure(error: error)
            }
        }
    }

    private func open() throws -> PostgresConnection {
        try connection.withLock { current in
            if let current, !current.isClosed { return current }
            let opened = try PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration, id: 1, logger: logger
            ).wait()
            current = opened
            return opened
        }
    }

    /// A database error in one line (PostgreSQL's message, never the connection's settings).
    struct Failure: Error, CustomStringConvertible {
        var error: any Error
        var description: String { PostgresHistoryStorage.describe(error) }
    }

    static func describe(_ error: any Error) -> String {
        if let failure = error as? Failure { return failure.description }
        if let psql = error as? PSQLError {
            if let message = psql.serverInfo?[.message] { return "PostgreSQL: \(message)" }
            return "PostgreSQL: \(psql.code.description)\(psql.underlying.map { " (\($0))" } ?? "")"
        }
        return "\(error)"
    }
}
