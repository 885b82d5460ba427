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

    /// The pairs of branch outages (a < b, positions among `candidates`' branches) that screening keeps, and how many
    /// it skipped. The DC post-outage flow of branch l with a and b out is Fₗ + LODFₗₐ·xₐ + LODFₗᵦ·xᵦ, where x solves
    /// xₐ − LODFₐᵦ·xᵦ = Fₐ, xᵦ − LODFᵦₐ·xₐ = Fᵦ (the flows a and b carried, redistributed so that both carry none).
    /// F are the base case's AC active flows (from end, MW), and each branch's estimate carries its base-case reactive
    /// flow (the larger end's): |S| ≈ √((Fₗ + ΔPₗ)² + Qₗ²) — DC alone missed pairs on case30, where reactive flow
    /// fills much of the ratings. A pair is kept when that reaches the threshold on some rated branch (as for single
    /// outages), when the pair splits the grid (1 − LODFₐᵦ·LODFᵦₐ ≈ 0, or either is a bridge), or when the DC model
    /// cannot be built.
    ///
    /// With `singleOutageFlows` (the AC flows after each single outage, by branch), each pair is also estimated from
    /// each of its outages solved exactly: after a, the second outage b moves ΔSₗ = LODFₗᵦ⁽ᵃ⁾·Sᵦ⁽ᵃ⁾ onto branch l —
    /// active and reactive flow alike, at both ends — with the factors of the grid without a,
    /// LODFₗᵦ⁽ᵃ⁾ = (LODFₗᵦ + LODFₗₐ·LODFₐᵦ) / (1 − LODFₐᵦ·LODFᵦₐ). A pair is kept when any estimate reaches the
    /// threshold; a pair whose single outage did not converge is kept.
    static func selectBranchPairs(
        network: PowerFlowNetwork, baseFlows: [BranchFlow], singleOutageFlows: [Int: [BranchFlow]] = [:], candidates: [Int],
        bridges: Set<Int>, thresholdPercent: Double
    ) -> (kept: [(Int, Int)], skipped: Int) {
        let grid = network.grid
        var all: [(Int, Int)] = []
        for (i, a) in candidates.enumerated() { for b in candidates[(i + 1)...] { all.append((a, b)) } }
        guard let dc = try? DCSensitivities(network: network) else { return (all, 0) }
        let rated = grid.branches.indices.filter { network.branchAdmittances[$0].isInModel && grid.branches[$0].rateAMVA > 0 }
        let flows = baseFlows.map(\.fromMW)
        let reactive = baseFlows.map { max(abs($0.fromMvar), abs($0.toMvar)) }
        // LODF columns of every candidate (nil: its outage alone splits the grid).
        var lodf: [Int: [Double]] = [:]
        for k in candidates where !bridges.contains(k) {
            guard let factors = dc.transferFactors(from: network.branchEnds[k].from, to: network.branchEnds[k].to),
                abs(1 - factors[k]) > 1e-9
            else { continue }
            var column = factors.map { $0 / (1 - factors[k]) }
            column[k] = -1
            lodf[k] = column
        }
        var kept: [(Int, Int)] = []
        for (a, b) in all {
            guard let la = lodf[a], let lb = lodf[b] else {
                kept.append((a, b))
                continue
            }
            // la[l] = LODFₗₐ: so LODFₐᵦ = lb[a] and LODFᵦₐ = la[b].
            let determinant = 1 - lb[a] * la[b]
            guard abs(determinant) > 1e-9 else {
                kept.append((a, b))
                continue
            }
            let xa = (flows[a] + lb[a] * flows[b]) / determinant
            let xb = (flows[b] + la[b] * flows[a]) / determinant
            let afterA = singleOutageFlows[a], afterB = singleOutageFlows[b]
            if !singleOutageFlows.isEmpty && (afterA == nil || afterB == nil) {
                kept.append((a, b))
                continue
            }
            /// The flow on l after `first` (solved) and then `second` out, MVA at its larger end.
            func estimate(_ l: Int, after flows: [BranchFlow], first: [Double], second: [Double], firstBranch: Int, secondBranch: Int) -> Double {
                let factor = (second[l] + first[l] * second[firstBranch]) / determinant
                let moved = flows[secondBranch]
                let fromP = flows[l].fromMW + factor * moved.fromMW, fromQ = flows[l].fromMvar + factor * moved.fromMvar
                let toP = flows[l].toMW - factor * moved.fromMW, toQ = flows[l].toMvar - factor * moved.fromMvar
                return max((fromP * fromP + fromQ * fromQ).squareRoot(), (toP * toP + toQ * toQ).squareRoot())
            }
            for l in rated where l != a && l != b {
                let active = flows[l] + la[l] * xa + lb[l] * xb
                var estimated = (active * active + reactive[l] * reactive[l]).squareRoot()
                if let afterA, let afterB {
                    estimated = max(
                        estimated, estimate(l, after: afterA, first: la, second: lb, firstBranch: a, secondBranch: b),
                        estimate(l, after: afterB, first: lb, second: la, firstBranch: b, secondBranch: a))
                }
                let limit = thresholdPercent / 100 * grid.branches[l].rateAMVA
                let before = baseFlows[l].maximumMVA
                if estimated >= limit && (before < limit || estimated - before > 0.01 * grid.branches[l].rateAMVA) {
                    kept.append((a, b))
                    break
                }
            }
        }
        return (kept, all.count - kept.count)
    }
}
