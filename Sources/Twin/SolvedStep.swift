import PowerFlow

/// The power flow of one step, as controllers see it.
public struct SolvedStep: Sendable {
    public var solution: PowerFlowSolution
    public var converged: Bool
    public var iterations: Int

    /// Branches loaded above `limitPercent` of their rating (ratings of 0 are not monitored).
    public func overloadedBranches(limitPercent: Double, ratings: [Double]) -> [Int] {
        solution.branches.indices.filter { k in
            ratings[k] > 0 && solution.branches[k].maximumMVA > limitPercent / 100 * ratings[k] + 1e-6
        }
    }
}
