import SparseLU

/// Linear (DC) sensitivities of branch flows to bus injections: the susceptance matrix B of the PV and PQ buses
/// (branch susceptance 1/(X·tap)), factored once by KLU. An injection at a bus is balanced at its island's
/// reference bus.
public struct DCSensitivities {
    public let network: PowerFlowNetwork
    /// 1/(X·tap) per branch (0 out of the model), p.u.
    public let susceptance: [Double]
    private let position: [Int]
    private let unknownCount: Int
    private let factorization: RealSparseLU

    /// Builds and factors B. Returns nil when a branch in the model has X = 0 or B is singular.
    public init?(network: PowerFlowNetwork) {
        self.network = network
        let grid = network.grid
        let roles = network.roles.roles
        var position = [Int](repeating: -1, count: grid.buses.count)
        var count = 0
        for b in grid.buses.indices where roles[b] == .pv || roles[b] == .pq {
            position[b] = count
            count += 1
        }
        var susceptance = [Double](repeating: 0, count: grid.branches.count)
        var entries: [SparseEntry<Double>] = []
        for (k, y) in network.branchAdmittances.enumerated() where y.isInModel {
            let branch = grid.branches[k]
            guard branch.reactancePU != 0 else { return nil }
            let b = 1 / branch.reactancePU / branch.effectiveTapRatio
            susceptance[k] = b
            let f = position[network.branchEnds[k].from], t = position[network.branchEnds[k].to]
            if f >= 0 { entries.append(SparseEntry(row: f, column: f, value: b)) }
            if t >= 0 { entries.append(SparseEntry(row: t, column: t, value: b)) }
            if f >= 0 && t >= 0 {
                entries.append(SparseEntry(row: f, column: t, value: -b))
                entries.append(SparseEntry(row: t, column: f, value: -b))
            }
        }
        let matrix = SparseMatrix(dimension: count, entries: entries, storingDiagonal: true)
        guard let lu = try? RealSparseLU(pattern: matrix.pattern), (try? lu.factor(matrix.values)) != nil else { return nil }
        self.susceptance = susceptance
        self.position = position
        unknownCount = count
        factorization = lu
    }

    /// DC branch flows (p.u., from → to) for net injections per bus (p.u.); reference angles 0.
    public func flows(injections: [Double]) -> [Double]? {
        var angles = [Double](repeating: 0, count: unknownCount)
        for (b, p) in position.enumerated() where p >= 0 { angles[p] = injections[b] }
        guard (try? factorization.solve(&angles)) != nil else { return nil }
        return branchValues(angles)
    }

    /// Change of every branch's flow per unit injected at `from` and withdrawn at `to` (or at the reference when
    /// `to` is nil): the power transfer distribution factors of that transfer.
    public func transferFactors(from: Int, to: Int? = nil) -> [Double]? {
        var angles = [Double](repeating: 0, count: unknownCount)
        if position[from] >= 0 { angles[position[from]] += 1 }
        if let to, position[to] >= 0 { angles[position[to]] -= 1 }
        guard (try? factorization.solve(&angles)) != nil else { return nil }
        return branchValues(angles)
    }

    private func branchValues(_ angles: [Double]) -> [Double] {
        func angle(_ bus: Int) -> Double { position[bus] >= 0 ? angles[position[bus]] : 0 }
        return susceptance.indices.map { k in
            susceptance[k] == 0 ? 0 : susceptance[k] * (angle(network.branchEnds[k].from) - angle(network.branchEnds[k].to))
        }
    }
}
