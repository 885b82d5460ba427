import GridModel

/// The DC (linearized, lossless) network, as MATPOWER's `makeBdc` builds it: branch susceptance 1/(X·tap), phase
/// shifters as injections, |V| = 1 p.u. The one B matrix of GridTwin: the DC power flow, the DC sensitivities
/// (PTDF, LODF), N-1 screening and the twin's curtailment sensitivities all start here.
public struct DCNetwork: Sendable {
    /// Susceptance 1/(X·tap) of each branch, p.u. (0 for a branch out of the model).
    public let susceptance: [Double]
    /// Flow that each branch's phase shifter drives from its from end, p.u. (MATPOWER's Pfinj).
    public let shiftInjection: [Double]
    /// Per bus: the phase shifters' injections (MATPOWER's Pbusinj), p.u.
    public let busShiftInjection: [Double]
    /// B, bus × bus, p.u., every diagonal stored.
    public let matrix: SparseMatrix<Double>
    /// Each branch's end positions.
    public let branchEnds: [BranchEnds]
    /// Positions of the buses whose angles are unknowns (PV and PQ), ascending.
    public let unknownBuses: [Int]

    /// Builds B of `network`.
    ///
    /// - Throws: ``NetworkError/zeroReactance(branch:from:to:)`` for a branch in the model with X = 0.
    public init(network: PowerFlowNetwork) throws(NetworkError) {
        let grid = network.grid
        let n = grid.buses.count
        var susceptance = [Double](repeating: 0, count: grid.branches.count)
        var shiftInjection = [Double](repeating: 0, count: grid.branches.count)
        var busShiftInjection = [Double](repeating: 0, count: n)
        var entries: [SparseEntry<Double>] = []
        entries.reserveCapacity(4 * grid.branches.count)
        for (k, branch) in grid.branches.enumerated() where network.branchAdmittances[k].isInModel {
            guard branch.reactancePU != 0 else {
                throw NetworkError.zeroReactance(branch: k, from: branch.fromBus, to: branch.toBus)
            }
            let b = 1 / branch.reactancePU / branch.effectiveTapRatio
            let f = network.branchEnds[k].from, t = network.branchEnds[k].to
            susceptance[k] = b
            entries += [
                SparseEntry(row: f, column: f, value: b), SparseEntry(row: f, column: t, value: -b),
                SparseEntry(row: t, column: f, value: -b), SparseEntry(row: t, column: t, value: b),
            ]
            shiftInjection[k] = -b * branch.phaseShiftDegrees * .pi / 180
            busShiftInjection[f] += shiftInjection[k]
            busShiftInjection[t] -= shiftInjection[k]
        }
        self.susceptance = susceptance
        self.shiftInjection = shiftInjection
        self.busShiftInjection = busShiftInjection
        matrix = SparseMatrix(dimension: n, entries: entries, storingDiagonal: true)
        branchEnds = network.branchEnds
        unknownBuses = (0..<n).filter { network.roles.roles[$0] == .pv || network.roles.roles[$0] == .pq }
    }

    /// DC flow of every branch from → to for bus `angles` (radians), p.u.: b·(θf − θt) + the phase shifter's
    /// injection (0 for a branch out of the model). `withShifts: false` gives the linear part only (sensitivities).
    public func branchFlows(angles: [Double], withShifts: Bool = true) -> [Double] {
        susceptance.indices.map { k in
            guard susceptance[k] != 0 else { return 0 }
            let flow = susceptance[k] * (angles[branchEnds[k].from] - angles[branchEnds[k].to])
            return withShifts ? flow + shiftInjection[k] : flow
        }
    }

    /// (B θ) at `bus`: the power the network draws from the bus through the branches' susceptances, p.u.
    public func injection(at bus: Int, angles: [Double]) -> Double {
        var total = 0.0
        for entry in matrix.pattern.columnStarts[bus]..<matrix.pattern.columnStarts[bus + 1] {
            total += matrix.values[entry] * angles[matrix.pattern.rowIndices[entry]]  // B is symmetric
        }
        return total
    }
}
