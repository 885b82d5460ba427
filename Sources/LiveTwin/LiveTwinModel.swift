import Estimation
import Foundation
import GridModel
import GridNetwork
import Numerics
import PowerFlow
import Twin
import Synchronization

/// One served grid kept current from streaming measurements: an actor, so that frames, estimates and readers never
/// race. Frames are checked sample by sample, written to the history before they are acknowledged, and folded into
/// the sensor table; ``estimateIfNeeded(now:)`` then estimates once for however many frames arrived meanwhile (the
/// newest value of each sensor wins; the number of frames folded into one estimate is reported), warm-started from
/// the last estimate, with bad-data removal. Samples older than ``staleAfterSeconds`` behind the newest leave the
/// set (the estimator is rebuilt for the new set; an unobservable result is reported, never a NaN).
public actor LiveTwinModel {
    public nonisolated let grid: Grid
    /// The network of the present topology (the case's, with the breaker statuses reported), and those statuses.
    private var network: PowerFlowNetwork
    private var topologyStatuses: [Int: Bool] = [:]
    private let lookup: BusLookup
    /// Where frames and estimates are kept (nil: memory only).
    public nonisolated let history: TwinHistory?
    /// Frames and estimates older than this, seconds behind the newest estimate, are deleted (nil: kept).
    private let retentionSeconds: Double?
    private var sensors = SensorTable()
    /// Sensors (table positions) the current estimator was built for, and the estimator.
    private var activeSensors: [Int] = []
    private var estimator: StateEstimator?
    /// The estimator of the active set plus pseudo-measurements (built when the set alone is unobservable).
    private var pseudoEstimator: StateEstimator?
    /// Whether an unobservable set is completed by the case's injections as pseudo-measurements (σ = 1 p.u.).
    private let pseudoMeasurementsWhenUnobservable: Bool
    private var lastVoltages: [Complex<Double>]?
    private var framesSinceEstimate = 0
    /// The latest estimate (restored from the history at start): read without waiting for the actor, so that readers
    /// never queue behind an estimate or a restart's restore.
    public nonisolated var state: LiveState? { published.withLock { $0 } }
    private let published = Mutex<LiveState?>(nil)
    /// Frames folded into an estimate together with others.
    public private(set) var coalescedFrames = 0
    public private(set) var estimateCount = 0
    /// Counters and timings for `GET /metrics`.
    public nonisolated let metrics = TwinMetrics()
    /// Listeners to new estimates (``subscribe()``), at most ``maximumSubscribers``.
    private var subscribers: [UUID: AsyncStream<LiveState>.Continuation] = [:]
    public static let maximumSubscribers = 256
    /// What-if forks by id, at most ``maximumForks``, each for ``forkLifetimeSeconds``.
    private var forks: [String: WhatIfFork] = [:]
    public static let maximumForks = 16
    public static let forkLifetimeSeconds = 3_600.0
    /// Samples this far behind the newest one are left out of the estimate, seconds.
    public var staleAfterSeconds = 900.0
    /// How long a frame may wait for the rest of the sensor set before it is estimated anyway, seconds (0: every
    /// frame is estimated at once); see ``estimateWhenDue(now:)``.
    public let estimateDelaySeconds: Double
    /// Whether a delayed estimate is scheduled.
    private var estimatePending = false

    /// How much of the stored frames' JSON a restart replays at most (beyond the newest frame), bytes.
    public static let restoredFrameBytes = 64 << 20

    /// The served scenario (its profiles are the forecast), when the model serves one.
    public nonisolated let scenario: PreparedScenario?

    /// A model of `grid`, its history in `history` (nil: memory only), rows older than `retentionSeconds` pruned;
    /// `scenario` (of this grid) makes forecasts possible; with `pseudoMeasurementsWhenUnobservable`, an estimate
    /// that the (fresh) sensors leave unobservable is completed by the case's injections as pseudo-measurements.
    /// Restores the last estimate; ``restoreSensors()`` replays the newest stored frames into the sensor table: at most
    /// 10,000, and no more than ``restoredFrameBytes`` of them beyond the newest (a restart reads a bounded part of a
    /// long history).
    public init(
        grid: Grid, history: TwinHistory?, retentionSeconds: Double? = nil, scenario: PreparedScenario? = nil,
        pseudoMeasurementsWhenUnobservable: Bool = false, estimateDelaySeconds: Double = 0
    ) throws {
        self.grid = grid
        self.estimateDelaySeconds = estimateDelaySeconds
        self.pseudoMeasurementsWhenUnobservable = pseudoMeasurementsWhenUnobservable
        self.scenario = scenario
        self.retentionSeconds = retentionSeconds
        network = try PowerFlowEngine(grid: grid).network
        lookup = grid.busLookup()
        self.history = history
        let last = try history?.lastEstimate()
        published.withLock { $0 = last }
    }

    /// Replays the newest stored frames into the sensor table (see ``init(grid:history:retentionSeconds:scenario:pseudoMeasurementsWhenUnobservable:estimateDelaySeconds:)``),
    /// once: the first frame ingested does it first, and a server starts it as soon as it listens — the last estimate
    /// is served meanwhile.
    public func restoreSensors() throws {
        guard !sensorsRestored else { return }
        sensorsRestored = true
        for frame in try history?.recentFrames(limit: 10_000, maximumBytes: Self.restoredFrameBytes) ?? [] {
            _ = sensors.absorb(frame, grid: grid, lookup: lookup)
        }
    }

    private var sensorsRestored = false

    /// Checks and stores a frame — `encoded`, the JSON it was decoded from, when the caller has it (stored as it
    /// came instead of encoded again) —; returns once it is on disk. Call ``estimateWhenDue(now:)`` afterwards.
    public func ingest(_ frame: MeasurementFrame, encoded: Data? = nil, receivedAt: Double) throws -> IngestReport {
        try restoreSensors()
        var trial = sensors
        let report = trial.absorb(frame, grid: grid, lookup: lookup)
        metrics.samplesAccepted.increment(by: Int64(report.accepted))
        metrics.samplesRejected.increment(by: Int64(report.rejected.count))
        if report.accepted > 0 {
            metrics.frames.increment()
            try history?.append(frame: frame, encoded: encoded, receivedAt: receivedAt)
            sensors = trial
            framesSinceEstimate += 1
        }
        return report
    }

    /// What a transport calls after ``ingest(_:receivedAt:)``: estimates at once when ``estimateDelaySeconds`` is 0
    /// or the sensor set is complete — every sensor still fresh has reported since the last estimate's measurement
    /// time — and otherwise at most ``estimateDelaySeconds`` after the first frame left waiting (the frames that
    /// arrive meanwhile join it).
    public func estimateWhenDue(now: Double) {
        guard framesSinceEstimate > 0 else { return }
        if estimateDelaySeconds <= 0 || sensorSetComplete {
            estimateIfNeeded(now: now)
            return
        }
        guard !estimatePending else { return }
        estimatePending = true
        let delay = estimateDelaySeconds
        Task {
            try? await Task.sleep(nanoseconds: UInt64(delay * 1e9))
            await self.estimateIfNeeded(now: Date().timeIntervalSince1970)
        }
    }

    /// Whether every sensor within ``staleAfterSeconds`` of the newest sample was measured after the last estimate.
    private var sensorSetComplete: Bool {
        guard let last = state?.measuredAt, let newest = sensors.times.max() else { return false }
        let cutoff = newest - staleAfterSeconds
        return sensors.times.allSatisfy { $0 < cutoff || $0 > last }
    }

    /// Estimates when frames arrived since the last estimate; returns the state (the last one when nothing is new).
    @discardableResult
    public func estimateIfNeeded(now: Double) -> LiveState? {
        estimatePending = false
        guard framesSinceEstimate > 0 else { return state }
        let frames = framesSinceEstimate
        framesSinceEstimate = 0
        coalescedFrames += frames - 1
        let clock = ContinuousClock.now
        let next = estimate(now: now, frames: frames)
        metrics.estimateSeconds.record(ContinuousClock.now - clock)
        metrics.estimates.increment()
        metrics.coalescedFrames.increment(by: Int64(frames - 1))
        metrics.badData.increment(by: Int64(next.badData.count))
        if next.chiSquareAlarm { metrics.chiSquareAlarms.increment() }
        if next.error != nil { metrics.failures.increment() }
        metrics.measuredAt.set(to: next.measuredAt)
        metrics.violations.set(to: Double(next.violations.count))
        published.withLock { $0 = next }
        estimateCount += 1
        // Listeners first; the estimate is stored off this actor (the JSON of every residual is not on the live path).
        for listener in subscribers.values { listener.yield(next) }
        if history?.appendSoon(estimate: next) == true { metrics.estimatesNotStored.increment() }
        if let retentionSeconds, estimateCount % 100 == 1 { try? history?.prune(before: next.measuredAt - retentionSeconds) }
        return next
    }

    /// A what-if fork of the latest estimate; fails without one, or when ``maximumForks`` live.
    public func fork(now: Double) throws(RequestProblem) -> WhatIfFork {
        forks = forks.filter { now - $0.value.createdAt < Self.forkLifetimeSeconds }
        guard forks.count < Self.maximumForks else { throw RequestProblem("\(Self.maximumForks) forks exist: delete one first") }
        let (measuredAt, voltages) = try present()
        let fork = WhatIfFork(
            id: UUID().uuidString.lowercased(), createdAt: now, measuredAt: measuredAt,
            base: OperatingPoint.grid(of: network, voltages: voltages), voltages: voltages)
        forks[fork.id] = fork
        return fork
    }

    /// Applies edits to a fork.
    public func edit(fork id: String, _ edits: [ForkEdit]) throws(RequestProblem) -> WhatIfFork {
        guard var fork = forks[id] else { throw RequestProblem("no fork \(id)") }
        try fork.apply(edits)
        forks[id] = fork
        return fork
    }

    /// Solves a fork (the power flow of its edited grid against its unedited copy).
    public func solve(fork id: String) throws(RequestProblem) -> ForkResult {
        guard let fork = forks[id] else { throw RequestProblem("no fork \(id)") }
        return try fork.solve()
    }

    /// The latest successful estimate's measurement time and voltages (for a forecast run outside the actor).
    public func present() throws(RequestProblem) -> (measuredAt: Double, voltages: [Complex<Double>]) {
        guard let state, state.error == nil, let voltages = lastVoltagesForFork else {
            throw RequestProblem("no successful estimate to start from yet")
        }
        return (state.measuredAt, voltages)
    }

    /// A fork as it stands (for studies run outside the actor, such as its N-1).
    public func fork(_ id: String) throws(RequestProblem) -> WhatIfFork {
        guard let fork = forks[id] else { throw RequestProblem("no fork \(id)") }
        return fork
    }

    /// Deletes a fork; false when there was none.
    public func deleteFork(_ id: String) -> Bool { forks.removeValue(forKey: id) != nil }

    /// The voltages of the latest estimate: this session's, or the restored state's.
    private var lastVoltagesForFork: [Complex<Double>]? {
        if let lastVoltages { return lastVoltages }
        guard let state, state.buses.count == grid.buses.count else { return nil }
        return state.buses.map { Complex(length: $0.vmPu, phase: $0.vaDeg * .pi / 180) }
    }

    /// Set-points recorded without a history file (the newest 10,000).
    private var setPointsInMemory: [SetPoint] = []

    /// Checks and records an operator's set-point; returns it as recorded.
    public func record(_ setPoint: SetPoint, now: Double) throws -> SetPoint {
        try setPoint.check(against: grid)
        var recorded = setPoint
        recorded.recordedAt = now
        if let history {
            try history.append(setPoint: recorded)
        } else {
            setPointsInMemory.append(recorded)
            if setPointsInMemory.count > 10_000 { setPointsInMemory.removeFirst() }
        }
        return recorded
    }

    /// The set-points recorded in [from, to].
    public func setPoints(from: Double, to: Double) throws -> [SetPoint] {
        if let history { return try history.setPoints(from: from, to: to) }
        return setPointsInMemory.filter { ($0.recordedAt ?? 0) >= from && ($0.recordedAt ?? 0) <= to }
    }

    /// A stream of every new estimate, starting with the latest; a slow reader gets the newest (at most 4 wait).
    /// Nil when ``maximumSubscribers`` already listen.
    public func subscribe() -> (id: UUID, states: AsyncStream<LiveState>)? {
        guard subscribers.count < Self.maximumSubscribers else { return nil }
        let (stream, continuation) = AsyncStream.makeStream(of: LiveState.self, bufferingPolicy: .bufferingNewest(4))
        let id = UUID()
        subscribers[id] = continuation
        if let state { continuation.yield(state) }
        return (id, stream)
    }

    /// Ends a stream from ``subscribe()``.
    public func unsubscribe(_ id: UUID) {
        subscribers.removeValue(forKey: id)?.finish()
    }

    private func estimate(now: Double, frames: Int) -> LiveState {
        let newest = sensors.times.max() ?? now
        var failure: String?, unobservable: [Int] = []
        // Breakers: a changed status rebuilds the network (and with it the estimator); measurements of open
        // branches leave the set.
        let statuses = sensors.branchStatus.mapValues(\.closed)
        if statuses != topologyStatuses {
            var topology = grid
            for (k, closed) in statuses { topology.branches[k].inService = closed }
            do {
                network = try PowerFlowEngine(grid: topology).network
                topologyStatuses = statuses
                estimator = nil
                lastVoltages = nil
            } catch {
                failure = "the reported breaker statuses give no solvable network: \(error)"
            }
        }
        let open = network.grid.branches
        let active = sensors.times.indices.filter { i in
            let m = sensors.measurements[i]
            return newest - sensors.times[i] <= staleAfterSeconds && (!m.kind.isBranchQuantity || open[m.element].inService)
        }
        var measurements = active.map { sensors.measurements[$0] }
        var addresses = active.map { sensors.addresses[$0] }
        if active != activeSensors || estimator == nil {
            activeSensors = active
            lastVoltages = nil
            pseudoEstimator = nil
            estimator = try? StateEstimator(network: network, measurements: measurements)
        }
        var estimate: StateEstimate?
        if failure == nil, let estimator {
            do {
                estimate = try estimator.estimate(values: measurements.map(\.value), start: lastVoltages)
            } catch {
                failure = error.description
                if case .unobservable(let buses) = error { unobservable = buses.map { grid.buses[$0].id } }
            }
        } else if failure == nil {
            failure = "the estimator could not be built for \(measurements.count) measurements"
        }
        // Where sensors went quiet and left buses unobservable: the case's injections as pseudo-measurements.
        var pseudoCount = 0
        if estimate == nil, !unobservable.isEmpty, pseudoMeasurementsWhenUnobservable {
            let pseudo = PseudoMeasurements.injections(of: network.grid, missingFrom: measurements)
            if pseudoEstimator == nil { pseudoEstimator = try? StateEstimator(network: network, measurements: measurements + pseudo) }
            if let filled = try? pseudoEstimator?.estimate(values: (measurements + pseudo).map(\.value), start: lastVoltages) {
                estimate = filled
                failure = nil
                unobservable = []
                pseudoCount = pseudo.count
                measurements += pseudo
                addresses += pseudo.map { SensorAddress(kind: $0.kind.rawValue, element: network.grid.buses[$0.element].id) }
            }
        }
        if let estimate { lastVoltages = estimate.voltages }
        var state = LiveStateBuilder(grid: network.grid, network: network).state(
            estimate: estimate, measurements: measurements, addresses: addresses,
            measuredAt: newest, estimatedAt: now, frames: frames, error: failure, unobservableBuses: unobservable)
        state.pseudoMeasurements = pseudoCount
        state.openBranches = topologyStatuses.filter { !$0.value }.keys.map { $0 + 1 }.sorted()
        return state
    }
}
