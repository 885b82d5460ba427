import Numerics
import PowerFlow
import SparseLU

/// DC screening of branch outages with line-outage distribution factors: the post-outage flow of branch l is
/// estimated as Fₗ + LODFₗₖ·Fₖ from the DC base flows F, with LODFₗₖ = PTDFₗₖ / (1 − PTDFₖₖ), and the PTDFs of
/// the transfer between branch k's ends from one solve with the factored DC susceptance matrix. An outage is kept
/// when it pushes some rated branch to the threshold (a branch already there in the base case: when it adds more
/// than 1 % of its rating). DC flows know nothing of voltages: screening can skip a voltage problem.
enum DCScreening {
    /// The branch outages (positions) whose estimated post-outage loading reaches `thresholdPercent` of RATE_A on
    /// some rated branch; all of them when the DC model cannot be built.
    static func selectBranchOutages(network: PowerFlowNetwork, candidates: [Int], thresholdPercent: Double) -> Set<Int> {
        let grid = network.grid
        let n = grid.buses.count
        let roles = network.roles.roles
        var position = [Int](repeating: -1, count: n)
        var unknown: [Int] = []
        for b in 0..<n where roles[b] == .pv || roles[b] == .pq {
            position[b] = unknown.count
            unknown.append(b)
        }
        var susceptance = [Double](repeating: 0, count: grid.branches.count)
        var entries: [SparseEntry<Double>] = []
        for (k, y) in network.branchAdmittances.enumerated() where y.isInModel {
            let branch = grid.branches[k]
            guard branch.reactancePU != 0 else { return Set(candidates) }
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
        let matrix = SparseMatrix(dimension: unknown.count, entries: entries, storingDiagonal: true)
        guard let lu = try? RealSparseLU(pattern: matrix.pattern), (try? lu.factor(matrix.values)) != nil else {
            return Set(candidates)
        }
        // DC base flows from the injections (reference angles 0).
        var angles = unknown.map { network.injections[$0].real }
        guard (try? lu.solve(&angles)) != nil else { return Set(candidates) }
        func angle(_ bus: Int, _ values: [Double]) -> Double { position[bus] >= 0 ? values[position[bus]] : 0 }
        let rated = (0..<grid.branches.count).filter { network.branchAdmittances[$0].isInModel && grid.branches[$0].rateAMVA > 0 }
        let base = grid.baseMVA
        var flows = [Double](repeating: 0, count: grid.branches.count)
        for (k, y) in network.branchAdmittances.enumerated() where y.isInModel {
            flows[k] = susceptance[k] * (angle(network.branchEnds[k].from, angles) - angle(network.branchEnds[k].to, angles))
        }
        var selected = Set<Int>()
        var sensitivity = [Double](repeating: 0, count: unknown.count)
        for k in candidates {
            let f = network.branchEnds[k].from, t = network.branchEnds[k].to
            for i in sensitivity.indices { sensitivity[i] = 0 }
            if position[f] >= 0 { sensitivity[position[f]] += 1 }
            if position[t] >= 0 { sensitivity[position[t]] -= 1 }
            guard (try? lu.solve(&sensitivity)) != nil else { selected.insert(k); continue }
            let selfPTDF = susceptance[k] * (angle(f, sensitivity) - angle(t, sensitivity))
            guard abs(1 - selfPTDF) > 1e-9 else { selected.insert(k); continue }
            for l in rated where l != k {
                let ptdf = susceptance[l] * (angle(network.branchEnds[l].from, sensitivity) - angle(network.branchEnds[l].to, sensitivity))
                let estimate = abs(flows[l] + ptdf / (1 - selfPTDF) * flows[k]) * base
                let limit = thresholdPercent / 100 * grid.branches[l].rateAMVA
                // A branch already above the threshold in the base case counts only when the outage loads it more.
                let before = abs(flows[l]) * base
                if estimate >= limit && (before < limit || estimate - before > 0.01 * grid.branches[l].rateAMVA) {
                    selected.insert(k)
                    break
                }
            }
        }
        return selected
    }
}
