import Foundation
import Synchronization

/// The live twin's history: every accepted frame, stored before the frame is acknowledged, every estimate and every
/// operator's set-point — in one SQLite file (``SQLiteHistoryStorage``, GRDB, write-ahead log) or in a PostgreSQL
/// database (``PostgresHistoryStorage``, postgres-nio). A frame stored survives `kill -9`; after a restart the last
/// estimate is served at once and the frames restore the sensors' latest values. It writes only a history it created.
public final class TwinHistory: Sendable {
    private let storage: any HistoryStorage
    /// Where the history is, as messages name it (never with a password).
    public let location: String
    /// Where ``appendSoon(estimate:)`` writes, one estimate after the other, and the estimates waiting to be written.
    private let estimateWrites = DispatchQueue(label: "gridtwin.history.estimates")
    private let waitingEstimates = Mutex<[LiveState]>([])

    /// A problem with the history, as one line.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Opens (or creates) the history in the SQLite file at `path`.
    public convenience init(path: String) throws(Problem) {
        self.init(storage: try SQLiteHistoryStorage(path: path), location: path)
    }

    /// Opens (or creates) the history `location` names: a `postgres://` or `postgresql://` URL, or a SQLite file's path.
    public static func open(_ location: String) throws(Problem) -> TwinHistory {
        guard location.hasPrefix("postgres://") || location.hasPrefix("postgresql://") else { return try TwinHistory(path: location) }
        let storage = try PostgresHistoryStorage(url: location)
        return TwinHistory(storage: storage, location: storage.displayName)
    }

    init(storage: any HistoryStorage, location: String) {
        self.storage = storage
        self.location = location
    }

    /// Appends an accepted frame — `encoded`, the JSON it came as, when the caller has it —; returns once it is stored.
    public func append(frame: MeasurementFrame, encoded: Data? = nil, receivedAt: Double) throws {
        try storage.insertFrame(receivedAt: receivedAt, body: String(decoding: try encoded ?? JSONEncoder().encode(frame), as: UTF8.self))
    }

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
        try storage.insertEstimate(measuredAt: estimate.measuredAt, estimatedAt: estimate.estimatedAt, body: body)
    }

    /// Appends an operator's set-point (the audit trail; never pruned by retention).
    public func append(setPoint: SetPoint) throws {
        let body = String(decoding: try JSONEncoder().encode(setPoint), as: UTF8.self)
        try storage.insertSetPoint(recordedAt: setPoint.recordedAt ?? 0, body: body)
    }

    /// The set-points recorded in [from, to], oldest first, at most `limit`.
    public func setPoints(from: Double, to: Double, limit: Int = 10_000) throws -> [SetPoint] {
        return try storage.setPointBodies(from: from, to: to, limit: limit).map { try JSONDecoder().decode(SetPoint.self, from: Data($0.utf8)) }
    }

    /// The newest estimate, if any.
    public func lastEstimate() throws -> LiveState? {
        estimateWrites.sync {}
        guard let body = try storage.lastEstimateBody() else { return nil }
        return try JSONDecoder().decode(LiveState.self, from: Data(body.utf8))
    }

    /// The newest frames, oldest first: at most `limit`, and no more than `maximumBytes` of JSON beyond the newest
    /// one (read newest first, a few at a time, so that a long history is not loaded to find its end).
    public func recentFrames(limit: Int, maximumBytes: Int = .max) throws -> [MeasurementFrame] {
        var bodies: [String] = [], bytes = 0, before: Int64?
        pages: while bodies.count < limit {
            let asked = min(16, limit - bodies.count)
            let page = try storage.frameBodies(before: before, limit: asked)
            for (id, body) in page {
                let size = body.utf8.count
                if !bodies.isEmpty && bytes + size > maximumBytes { break pages }
                bodies.append(body)
                bytes += size
                before = id
            }
            if page.count < asked { break }
        }
        return try bodies.reversed().map { try MeasurementFrame.decode(json: Data($0.utf8)) }
    }

    /// The values of `series` in the estimates measured in [from, to] (seconds since 1970), averaged over buckets of
    /// `stepSeconds` (each point at its bucket's start), oldest first; at most `limit` points. Estimates without the
    /// value (failed ones) are skipped.
    public func values(
        of series: HistorySeries, from: Double, to: Double, stepSeconds: Double, limit: Int = 100_000
    ) throws -> [(time: Double, value: Double)] {
        estimateWrites.sync {}
        return try storage.seriesValues(series, from: from, to: to, stepSeconds: stepSeconds, limit: limit)
    }

    /// Deletes frames received and estimates measured before `cutoff` (seconds since 1970) — the history's own rows;
    /// returns how many went.
    @discardableResult
    public func prune(before cutoff: Double) throws -> Int {
        try storage.prune(before: cutoff)
    }

    /// How many frames and estimates are stored.
    public func counts() throws -> (frames: Int, estimates: Int) {
        estimateWrites.sync {}
        return try storage.counts()
    }
}
