/// Where a ``TwinHistory`` keeps its rows — frames, estimates and set-points as JSON text with their times — and the
/// queries it needs: SQLite (``SQLiteHistoryStorage``) or PostgreSQL (``PostgresHistoryStorage``). Every write has
/// returned only once it is durable (committed).
package protocol HistoryStorage: Sendable {
    func insertFrame(receivedAt: Double, body: String) throws
    func insertEstimate(measuredAt: Double, estimatedAt: Double, body: String) throws
    func insertSetPoint(recordedAt: Double, body: String) throws
    /// Set-points recorded in [from, to], oldest first, at most `limit`.
    func setPointBodies(from: Double, to: Double, limit: Int) throws -> [String]
    func lastEstimateBody() throws -> String?
    /// Up to `limit` frames stored before the frame `id` (all when nil), newest first, with their ids.
    func frameBodies(before id: Int64?, limit: Int) throws -> [(id: Int64, body: String)]
    /// `series` in the estimates measured in [from, to], averaged over buckets of `stepSeconds` (each point at its
    /// bucket's start, times ≥ 0), oldest first, at most `limit` points; estimates without the value are skipped.
    func seriesValues(_ series: HistorySeries, from: Double, to: Double, stepSeconds: Double, limit: Int) throws -> [(time: Double, value: Double)]
    /// Deletes frames received and estimates measured before `cutoff`; how many rows went.
    func prune(before cutoff: Double) throws -> Int
    func counts() throws -> (frames: Int, estimates: Int)
}
