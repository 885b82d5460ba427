import Foundation
import GridModel
import GridNetwork
import PowerFlow
import Studies

/// A what-if copy of the live state (`POST /v1/forks`): the grid at the estimated operating point
/// (``OperatingPoint``), edits applied to a copy, solved by the AC power flow and compared with the unedited copy by
/// the results diff. Never touches the live model.
public struct WhatIfFork: Sendable {
    public let id: String
    /// When the fork was made, and the measurement time of the estimate it copies (seconds since 1970).
    public let createdAt: Double
    public let measuredAt: Double
    /// The grid at the estimated operating point.
    let base: Grid
    public private(set) var edits: [ForkEdit] = []
    /// The edited grid.
    private(set) var grid: Grid

    init(id: String, createdAt: Double, measuredAt: Double, base: Grid) {
        self.id = id
        self.createdAt = createdAt
        self.measuredAt = measuredAt
        self.base = base
        grid = base
    }

    /// Applies `more` edits in order; none when one is wrong (its position and field named).
    mutating func apply(_ more: [ForkEdit]) throws(ForkProblem) {
        var trial = grid
        for (i, edit) in more.enumerated() {
            do {
                try edit.apply(to: &trial)
            } catch {
                throw ForkProblem("edits[\(i)]: \(error.description)")
            }
        }
        grid = trial
        edits += more
    }

    /// The power flow of the edited grid against the unedited one.
    func solve() throws(ForkProblem) -> ForkResult {
        let before: PowerFlowReport, after: PowerFlowReport
        do {
            before = try PowerFlowEngine(grid: base).solve()
            after = try PowerFlowEngine(grid: grid).solve()
        } catch {
            throw ForkProblem("the power flow cannot be set up: \(error)")
        }
        var result = ForkResult(
            id: id, measuredAt: measuredAt, edits: edits.count, converged: after.converged,
            iterations: after.outcome.iterations, lossesMW: after.converged ? after.solution.lossesMW : nil, violations: [],
            changes: [])
        guard after.converged, before.converged else { return result }
        result.violations = after.solution.violations.map {
            .init(kind: $0.kind.rawValue, element: $0.element, value: $0.value, limit: $0.limit, unit: $0.unit)
        }
        result.changes = ResultDiff.compare(
            old: ResultSnapshot(report: before), new: ResultSnapshot(report: after), tolerances: DiffTolerances()
        ).map { .init(element: $0.element, quantity: $0.quantity, old: $0.old, new: $0.new, unit: $0.unit) }
        return result
    }
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
