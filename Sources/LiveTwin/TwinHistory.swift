import Foundation
import GRDB
import Synchronization

/// The live twin's history in one SQLite file (GRDB, write-ahead log): every accepted frame, written before the
/// frame is acknowledged, and every estimate. A frame on disk survives `kill -9` (the log is in the operating
/// system's hands once the write returns); after a restart the last estimate is served at once and the frames
/// restore the sensors' latest values.
///
/// It opens only a file it created: an existing SQLite file without its marker table is refused.
public final class TwinHistory: Sendable {
    private let pool: DatabasePool
    /// Where ``appendSoon(estimate:)`` writes, one estimate after the other, and the estimates waiting to be written.
    private let estimateWrites = DispatchQueue(label: "gridtwin.history.estimates")
    private let waitingEstimates = Mutex<[LiveState]>([])
    private static let marker = "gridtwin_history"

    /// A problem with the history file, as one line.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Opens (or creates) the history at `path`.
    public init(path: String) throws(Problem) {
        if FileManager.default.fileExists(atPath: path) {
            // Looked at read-only first: opening a pool would switch someone else's file to write-ahead logging.
            var configuration = Configuration()
            configuration.readonly = true
            let ours = try? DatabaseQueue(path: path, configuration: configuration).read { db in try db.tableExists(Self.marker) }
            guard ours == true else {
                throw Problem(description: "\(path): not a history GridTwin created (it writes only its own); choose another --db")
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
            throw Problem(description: "\(path): \(error)")
        }
    }

    /// Appends an accepted frame; returns once it is written.
    public func append(frame: MeasurementFrame, encoded: Data? = nil, receivedAt: Double) throws {
        let body = String(decoding: try encoded ?? JSONEncoder().encode(frame), as: UTF8.self)
        try pool.write { db in
            try db.execute(sql: "INSERT INTO frames (received_at, body) VALUES (?, ?)", arguments: [receivedAt, body])
        }
    }

    /// Appends an estimate.
    /// Stores `estimate` on this history's own serial queue, in order, without waiting: the JSON of every residual
    /// costs more than the estimate itself on large grids. At most ``maximumWaitingEstimates`` wait behind the one
    /// being written; beyond that the oldest waiting one is not stored (returns true — sustained overload; every
    /// frame still is, so it can be made again). ``lastEstimate()``, ``values(of:from:to:stepSeconds:limit:)`` and
    /// ``counts()`` wait for what is queued.
    @discardableResult
    public func appendSoon(estimate: LiveState) -> Bool {
        let dropped = waitingEstimates.withLock { waiting -> Bool in
            waiting.append(estimate)
            guard waiting.count > Self.maximumWaitingEstimates else { return false }
            waiting.removeFirst()
            return true
        }
        estimateWrites.async {
            guard let next = self.waitingEstimates.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) else { return }
            try? self.append(estimate: next)
        }
        return dropped
    }

    /// How many estimates may wait to be stored (a bound on the memory they hold).
    public static let maximumWaitingEstimates = 8

    public func append(estimate: LiveState) throws {
        let body = String(decoding: try JSONEncoder().encode(estimate), as: UTF8.self)
        try pool.write { db in
            try db.execute(
                sql: "INSERT INTO estimates (measured_at, estimated_at, body) VALUES (?, ?, ?)",
                arguments: [estimate.measuredAt, estimate.estimatedAt, body])
        }
    }

    /// Appends an operator's set-point (the audit trail; never pruned by retention).
    public func append(setPoint: SetPoint) throws {
        let body = String(decoding: try JSONEncoder().encode(setPoint), as: UTF8.self)
        try pool.write { db in
            try db.execute(sql: "INSERT INTO setpoints (recorded_at, body) VALUES (?, ?)", arguments: [setPoint.recordedAt ?? 0, body])
        }
    }

    /// The set-points recorded in [from, to], oldest first, at most `limit`.
    public func setPoints(from: Double, to: Double, limit: Int = 10_000) throws -> [SetPoint] {
        let bodies = try pool.read { db in
            try String.fetchAll(
                db, sql: "SELECT body FROM setpoints WHERE recorded_at BETWEEN ? AND ? ORDER BY id LIMIT ?", arguments: [from, to, limit])
        }
        return try bodies.map { try JSONDecoder().decode(SetPoint.self, from: Data($0.utf8)) }
    }

    /// The newest estimate, if any.
    public func lastEstimate() throws -> LiveState? {
        estimateWrites.sync {}
        guard let body = try pool.read({ db in try String.fetchOne(db, sql: "SELECT body FROM estimates ORDER BY id DESC LIMIT 1") })
        else { return nil }
        return try JSONDecoder().decode(LiveState.self, from: Data(body.utf8))
    }

    /// The newest `limit` frames, oldest first.
    public func recentFrames(limit: Int) throws -> [MeasurementFrame] {
        let bodies = try pool.read { db in
            try String.fetchAll(db, sql: "SELECT body FROM (SELECT id, body FROM frames ORDER BY id DESC LIMIT ?) ORDER BY id", arguments: [limit])
        }
        return try bodies.map { try MeasurementFrame.decode(json: Data($0.utf8)) }
    }

    /// The values of `series` in the estimates measured in [from, to] (seconds since 1970), averaged over buckets of
    /// `stepSeconds` (each point at its bucket's start), oldest first; at most `limit` points. Estimates without the
    /// value (failed ones) are skipped.
    public func values(
        of series: HistorySeries, from: Double, to: Double, stepSeconds: Double, limit: Int = 100_000
    ) throws -> [(time: Double, value: Double)] {
        estimateWrites.sync {}
        return try pool.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT CAST(measured_at / ? AS INTEGER) * ? AS bucket, AVG(json_extract(body, ?)) AS value
                FROM estimates WHERE measured_at BETWEEN ? AND ? AND json_extract(body, ?) IS NOT NULL
                GROUP BY bucket ORDER BY bucket LIMIT ?
                """, arguments: [stepSeconds, stepSeconds, series.jsonPath, from, to, series.jsonPath, limit])
            return rows.map { (time: $0["bucket"] as Double, value: $0["value"] as Double) }
        }
    }

    /// Deletes frames received and estimates measured before `cutoff` (seconds since 1970) — the history's own rows;
    /// returns how many went.
    @discardableResult
    public func prune(before cutoff: Double) throws -> Int {
        try pool.write { db in
            try db.execute(sql: "DELETE FROM frames WHERE received_at < ?", arguments: [cutoff])
            var removed = db.changesCount
            try db.execute(sql: "DELETE FROM estimates WHERE measured_at < ?", arguments: [cutoff])
            removed += db.changesCount
            return removed
        }
    }

    /// How many frames and estimates are stored.
    public func counts() throws -> (frames: Int, estimates: Int) {
        estimateWrites.sync {}
        return try pool.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM frames") ?? 0, try Int.fetchOne(db, sql: "SELECT count(*) FROM estimates") ?? 0)
        }
    }
}
