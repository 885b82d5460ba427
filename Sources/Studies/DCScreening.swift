import GridModel
import PowerFlow
import GridNetwork

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
        // Without a DC model (a branch with X = 0, a singular B) every candidate is kept: screening only skips.
        guard let dc = try? DCSensitivities(network: network), let flows = dc.flows(injections: network.injections.map(\.real)) else {
            return Set(candidates)
        }
        let rated = grid.branches.indices.filter { network.branchAdmittances[$0].isInModel && grid.branches[$0].rateAMVA > 0 }
        let base = grid.baseMVA
        var selected = Set<Int>()
        for k in candidates {
            let f = network.branchEnds[k].from, t = network.branchEnds[k].to
            guard let factors = dc.transferFactors(from: f, to: t) else {
                selected.insert(k)
                continue
            }
            let selfFactor = factors[k]
            guard abs(1 - selfFactor) > 1e-9 else {
                selected.insert(k)
                continue
            }
            for l in rated where l != k {
                let estimate = abs(flows[l] + factors[l] / (1 - selfFactor) * flows[k]) * base
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
