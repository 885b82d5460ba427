import GridNetwork
import Numerics

/// An outage's solved state before a change (hosting capacity's N-1): its branch loadings and bus voltages, against
/// which the same outage after the change is judged — a violation counts only when the change causes or worsens it,
/// with the contingency analysis's margins.
struct OutageReference {
    /// Loading of each branch, % of RATE_A (0 unrated or out).
    var loadingPercent: [Double]
    var voltages: [Complex<Double>]
    /// Bus numbers outside their voltage band.
    var violatingBuses: Set<Int>

    /// The reference of each outage, by position in `outages` (nil where the outage does not converge: nothing
    /// is judged against it).
    static func all(_ outages: [ContingencyAnalysis.Outage], context: ContingencyAnalysis.Context) throws -> [OutageReference?] {
        var references: [OutageReference?] = []
        references.reserveCapacity(outages.count)
        try context.forEachState(of: outages) { _, state in
            references.append(state.converged ? OutageReference(state) : nil)
            return true
        }
        return references
    }

    init(_ state: PostContingencyState) {
        let grid = state.network.grid
        loadingPercent = state.network.branchFlows(voltages: state.voltages).enumerated().map { k, flow in
            flow.loadingPercent(ratingMVA: grid.branches[k].rateAMVA) ?? 0
        }
        voltages = state.voltages
        let lost = Set(state.lost)
        violatingBuses = Set(grid.buses.indices.filter { b in
            let bus = grid.buses[b], magnitude = state.voltages[b].length
            guard bus.type != .isolated, !lost.contains(b) else { return false }
            return (bus.maximumVoltagePU > 0 && magnitude > bus.maximumVoltagePU + 1e-6)
                || (bus.minimumVoltagePU > 0 && magnitude < bus.minimumVoltagePU - 1e-6)
        }.map { grid.buses[$0].id })
    }

    /// `state` (the same outage after the change) judged against this reference by `context`'s rules.
    func judge(_ state: PostContingencyState, in context: ContingencyAnalysis.Context) -> ContingencyOutcome {
        var judge = context
        judge.baseLoading = loadingPercent
        judge.baseVoltages = voltages
        judge.baseVoltageViolations = violatingBuses
        return judge.assess(state)
    }
}
