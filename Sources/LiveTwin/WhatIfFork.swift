import Foundation
import Numerics
import GridModel
import GridNetwork
import PowerFlow
import Studies
import Twin

/// A what-if copy of the live state (`POST /v1/forks`): the grid at the estimated operating point
/// (``OperatingPoint``), edits applied to a copy, solved by the AC power flow and compared with the unedited copy by
/// the results diff. Never touches the live model.
public struct WhatIfFork: Sendable {
    public let id: String
    /// When the fork was made, and the measurement time of the estimate it copies (seconds since 1970).
    public let createdAt: Double
    public let measuredAt: Double
    /// The grid at the estimated operating point, and its solved results (nil when its power flow fails), solved
    /// once when the fork is made: every solve of the edited grid is compared with them.
    let base: Grid
    /// The estimate's bus voltages (p.u., the grid's bus order): where a forecast starts.
    let voltages: [Complex<Double>]
    private let baseResults: ResultSnapshot?
    public private(set) var edits: [ForkEdit] = []
    /// The edited grid.
    private(set) var grid: Grid

    init(id: String, createdAt: Double, measuredAt: Double, base: Grid, voltages: [Complex<Double>]) {
        self.id = id
        self.voltages = voltages
        self.createdAt = createdAt
        self.measuredAt = measuredAt
        self.base = base
        grid = base
        let report = try? PowerFlowEngine(grid: base).solve()
        baseResults = report.flatMap { $0.converged ? ResultSnapshot(report: $0) : nil }
    }

    /// Applies `more` edits in order; none when one is wrong (its position and field named).
    mutating func apply(_ more: [ForkEdit]) throws(RequestProblem) {
        var trial = grid
        try ForkEdit.apply(more, to: &trial)
        grid = trial
        edits += more
    }

    /// The power flow of the edited grid against the unedited one.
    func solve() throws(RequestProblem) -> ForkResult {
        let after: PowerFlowReport
        do {
            after = try PowerFlowEngine(grid: grid).solve()
        } catch {
            throw RequestProblem("the power flow cannot be set up: \(error)")
        }
        var result = ForkResult(
            id: id, measuredAt: measuredAt, edits: edits.count, converged: after.converged,
            iterations: after.outcome.iterations, lossesMW: after.converged ? after.solution.lossesMW : nil, violations: [],
            changes: [])
        guard after.converged, let baseResults else { return result }
        result.violations = after.solution.violations.map {
            .init(kind: $0.kind.rawValue, element: $0.element, value: $0.value, limit: $0.limit, unit: $0.unit)
        }
        result.changes = ResultDiff.compare(
            old: baseResults, new: ResultSnapshot(report: after), tolerances: DiffTolerances()
        ).map { .init(element: $0.element, quantity: $0.quantity, old: $0.old, new: $0.new, unit: $0.unit) }
        return result
    }
}

extension WhatIfFork {
    /// N-1 of the edited grid (every in-service branch out in turn, DC-screened, as `gridtwin contingency` by default;
    /// the studies' contingency analysis): how many outages were studied and the ones that leave a violation or lose
    /// load.
    public func contingencies() async throws(RequestProblem) -> ForkSecurity {
        let report: ContingencyReport
        do {
            report = try await ContingencyAnalysis.run(grid)
        } catch {
            throw RequestProblem("the N-1 analysis cannot run: \(error)")
        }
        let insecure = report.outcomes.filter { !$0.converged || !$0.overloads.isEmpty || !$0.voltageViolations.isEmpty || $0.loadLostMW > 0 }
        return ForkSecurity(
            id: id, measuredAt: measuredAt, edits: edits.count, baseConverged: report.base.converged,
            outages: report.outcomes.count + report.skippedByScreening, skippedByScreening: report.skippedByScreening,
            insecure: insecure.map { outcome in
                ForkSecurity.Outage(
                    outage: outcome.outage.description, converged: outcome.converged, loadLostMW: outcome.loadLostMW,
                    overloads: outcome.overloads.map { .init(branch: $0.branch.description, loadingPercent: $0.loadingPercent) },
                    lowOrHighVoltages: outcome.voltageViolations.map { .init(bus: $0.bus, vmPu: $0.magnitudePU, limitPu: $0.limitPU) })
            })
    }
}

extension WhatIfFork {
    /// The served scenario run forward for `hours` from the fork's estimate with the fork's edits
    /// (`POST /v1/forks/{id}/solve` with `{"study": "forecast", "hours": N}`): the scenario's grid takes the branch
    /// statuses the estimate was made with and then the edits — an outage or a unit switched for the whole forecast, a
    /// bus's `load_mw`/`load_mvar` as the base its load profile scales, a generator's `p_mw` and `vm_pu` as its
    /// starting dispatch and set-point (the scenario's dispatch moves them as in any step) — and steps from the
    /// estimated voltages as ``TwinForecast`` does for the live model.
    public func forecast(scenario: PreparedScenario, hours: Double) throws(RequestProblem) -> TwinForecast {
        guard scenario.grid.buses.count == base.buses.count, scenario.grid.branches.count == base.branches.count else {
            throw RequestProblem("the served scenario's grid is not the fork's")
        }
        var edited = scenario
        for k in edited.grid.branches.indices { edited.grid.branches[k].inService = base.branches[k].inService }
        try ForkEdit.apply(edits, to: &edited.grid)
        return try TwinForecast.run(scenario: edited, measuredAt: measuredAt, voltages: voltages, hours: hours)
    }
}

/// A fork's N-1 (`POST /v1/forks/{id}/solve` with `{"study": "n-1"}`).
public struct ForkSecurity: Sendable, Codable, Equatable {
    public struct Overload: Sendable, Codable, Equatable {
        public var branch: String
        public var loadingPercent: Double
    }

    public struct Voltage: Sendable, Codable, Equatable {
        public var bus: Int
        public var vmPu: Double
        public var limitPu: Double
    }

    public struct Outage: Sendable, Codable, Equatable {
        public var outage: String
        public var converged: Bool
        public var loadLostMW: Double
        public var overloads: [Overload]
        public var lowOrHighVoltages: [Voltage]
    }

    public var id: String
    public var measuredAt: Double
    public var edits: Int
    public var baseConverged: Bool
    /// Outages considered, of which skipped by DC screening (no overload possible).
    public var outages: Int
    public var skippedByScreening: Int
    public var insecure: [Outage]
}

/// A fork's solve (`POST /v1/forks/{id}/solve`): the power flow's outcome, its violations and what moved against
/// the unedited copy beyond the diff's tolerances (largest first).
public struct ForkResult: Sendable, Codable, Equatable {
    public struct Violation: Sendable, Codable, Equatable {
        public var kind: String
        public var element: String
        public var value: Double
        public var limit: Double
        public var unit: String
    }

    public struct Change: Sendable, Codable, Equatable {
        public var element: String
        public var quantity: String
        public var old: Double
        public var new: Double
        public var unit: String
    }

    public var id: String
    public var measuredAt: Double
    public var edits: Int
    public var converged: Bool
    public var iterations: Int
    public var lossesMW: Double?
    public var violations: [Violation]
    public var changes: [Change]
}
