import Foundation
import GRDB

/// A history in one SQLite file (GRDB, write-ahead log): a row on disk survives `kill -9` (the log is in the operating
/// system's hands once the write returns). It opens only a file it created: an existing SQLite file without its
/// marker table is refused.
package final class SQLiteHistoryStorage: HistoryStorage {
    private let pool: DatabasePool
    private static let marker = "gridtwin_history"

    /// Opens (or creates) the history at `path`.
    package init(path: String) throws(TwinHistory.Problem) {
        if FileManager.default.fileExists(atPath: path) {
            // Looked at read-only first: opening a pool would switch someone else's file to write-ahead logging.
            var configuration = Configuration()
            configuration.readonly = true
            let ours = try? DatabaseQueue(path: path, configuration: configuration).read { db in try db.tableExists(Self.marker) }
            guard ours == true else {
                throw TwinHistory.Problem(description: "\(path): not a history GridTwin created (it writes only its own); choose another --db")
            }
        }
        do {
            pool = try DatabasePool(path: path)
            try pool.write { db in
                try db.execute(sql: """
                    CREATE TABLE IF NOT EXISTS \(Self.marker) (version INTEGER NOT NULL);
                    CREATE TABLE IF NOT EXISTS frames (id INTEGER PRIMARY KEY, received_at REAL NOT NULL, body TEXT NOT NULL);
                    CREATE TABLE IF NOT EXISTS estimates (
                        id INTEGER PRIMARY KEY, measured_at REAL NOT NULL, estimated_at REAL NOT NULL, body TEXT NOT NULL);
                    CREATE TABLE IF NOT EXISTS setpoints (id INTEGER PRIMARY KEY, recorded_at REAL NOT NULL, body TEXT NOT NULL);
                    """)
                if try Int.fetchOne(db, sql: "SELECT count(*) FROM \(Self.marker)") == 0 {
                    try db.execute(sql: "INSERT INTO \(Self.marker) (version) VALUES (1)")
                }
            }
        } catch {
            throw TwinHistory.Problem(description: "\(path): \(error)")
        }
    }

    package func insertFrame(receivedAt: Double, body: String) throws {
        try pool.write { db in try db.execute(sql: "INSERT INTO frames (received_at, body) VALUES (?, ?)", arguments: [receivedAt, body]) }
    }

    package func insertEstimate(measuredAt: Double, estimatedAt: Double, body: String) throws {
        try pool.write { db in
            try db.execute(
                sql: "INSERT INTO estimates (measured_at, estimated_at, body) VALUES (?, ?, ?)", arguments: [measuredAt, estimatedAt, body])
        }
    }

    package func insertSetPoint(recordedAt: Double, body: String) throws {
        try pool.write { db in try db.execute(sql: "INSERT INTO setpoints (recorded_at, body) VALUES (?, ?)", arguments: [recordedAt, body]) }
    }

    package func setPointBodies(from: Double, to: Double, limit: Int) throws -> [String] {
        try pool.read { db in
            try String.fetchAll(
                db, sql: "SELECT body FROM setpoints WHERE recorded_at BETWEEN ? AND ? ORDER BY id LIMIT ?", arguments: [from, to, limit])
        }
    }

    package func lastEstimateBody() throws -> String? {
        try pool.read { db in try String.fetchOne(db, sql: "SELECT body FROM estimates ORDER BY id DESC LIMIT 1") }
    }

    package func frameBodies(before id: Int64?, limit: Int) throws -> [(id: Int64, body: String)] {
        try pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT id, body FROM frames WHERE id < ? ORDER BY id DESC LIMIT ?", arguments: [id ?? Int64.max, limit]
            ).map { (id: $0["id"], body: $0["body"]) }
        }
    }

    package func seriesValues(
        _ series: HistorySeries, from: Double, to: Double, stepSeconds: Double, limit: Int
    ) throws -> [(time: Double, value: Double)] {
        try pool.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT CAST(measured_at / ? AS INTEGER) * ? AS bucket, AVG(json_extract(body, ?)) AS value
                FROM estimates WHERE measured_at BETWEEN ? AND ? AND json_extract(body, ?) IS NOT NULL
                GROUP BY bucket ORDER BY bucket LIMIT ?
                """, arguments: [stepSeconds, stepSeconds, series.jsonPath, from, to, series.jsonPath, limit])
            return rows.map { (time: $0["bucket"] as Double, value: $0["value"] as Double) }
        }
    }

    package func prune(before cutoff: Double) throws -> Int {
        try pool.write { db in
            try db.execute(sql: "DELETE FROM frames WHERE received_at < ?", arguments: [cutoff])
            var removed = db.changesCount
            try db.execute(sql: "DELETE FROM estimates WHERE measured_at < ?", arguments: [cutoff])
            removed += db.changesCount
            return removed
        }
    }

    package func counts() throws -> (frames: Int, estimates: Int) {
        try pool.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM frames") ?? 0, try Int.fetchOne(db, sql: "SELECT count(*) FROM estimates") ?? 0)
        }
    }
}
