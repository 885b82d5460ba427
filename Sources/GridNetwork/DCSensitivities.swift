import Numerics
import SparseLU

/// Linear (DC) sensitivities of branch flows to bus injections: B of the PV and PQ buses (``DCNetwork``), factored
/// once by KLU. An injection at a bus is balanced at its island's reference bus.
///
/// A class: it owns a KLU factorization, which solves reuse; not thread-safe.
public final class DCSensitivities {
    public let network: PowerFlowNetwork
    public let dcNetwork: DCNetwork
    /// Position of each bus among the unknowns (−1 for reference and isolated buses).
    private let position: [Int]
    private let factorization: RealSparseLU

    /// Builds and factors B of the PV and PQ buses.
    ///
    /// - Throws: ``NetworkError/zeroReactance(branch:from:to:)`` or ``NetworkError/singularSusceptanceMatrix(_:)``.
    public init(network: PowerFlowNetwork) throws(NetworkError) {
        self.network = network
        dcNetwork = try DCNetwork(network: network)
        var position = [Int](repeating: -1, count: network.grid.buses.count)
        for (p, b) in dcNetwork.unknownBuses.enumerated() { position[b] = p }
        self.position = position
        let reduced = dcNetwork.matrix.submatrix(dcNetwork.unknownBuses)
        do {
            factorization = try RealSparseLU(pattern: reduced.pattern)
            try factorization.factor(reduced.values)
        } catch {
            throw NetworkError.singularSusceptanceMatrix("\(error)")
        }
    }

    /// Susceptance 1/(X·tap) per branch (0 out of the model), p.u.
    public var susceptance: [Double] { dcNetwork.susceptance }

    /// DC branch flows (p.u., from → to) for net injections per bus (p.u.); reference angles 0.
    public func flows(injections: [Double]) -> [Double]? {
        var angles = [Double](repeating: 0, count: dcNetwork.unknownBuses.count)
        for (b, p) in position.enumerated() where p >= 0 { angles[p] = injections[b] }
        guard (try? factorization.solve(&angles)) != nil else { return nil }
        return branchValues(angles)
    }

    /// The flows the phase shifters alone drive with no net injection anywhere, p.u. (MATPOWER's DC model:
    /// B·θ = P − Pbusinj, Pf = Bf·θ + Pfinj at P = 0): add them to ``flows(injections:)`` or to PTDF products for
    /// the full DC flow. Zero without phase shifters.
    public func shiftFlows() -> [Double]? {
        guard dcNetwork.shiftInjection.contains(where: { $0 != 0 }) else {
            return [Double](repeating: 0, count: dcNetwork.susceptance.count)
        }
        var right = [Double](repeating: 0, count: dcNetwork.unknownBuses.count)
        for (b, p) in position.enumerated() where p >= 0 { right[p] = -dcNetwork.busShiftInjection[b] }
        guard (try? factorization.solve(&right)) != nil else { return nil }
        var angles = [Double](repeating: 0, count: position.count)
        for (b, p) in position.enumerated() where p >= 0 { angles[b] = right[p] }
        return dcNetwork.branchFlows(angles: angles, withShifts: true)
    }

    /// Change of every branch's flow per unit injected at `from` and withdrawn at `to` (or at the reference when
    /// `to` is nil): the power transfer distribution factors of that transfer.
    public func transferFactors(from: Int, to: Int? = nil) -> [Double]? {
        var angles = [Double](repeating: 0, count: dcNetwork.unknownBuses.count)
        if position[from] >= 0 { angles[position[from]] += 1 }
        if let to, position[to] >= 0 { angles[position[to]] -= 1 }
        guard (try? factorization.solve(&angles)) != nil else { return nil }
        return branchValues(angles)
    }

    /// Change of branch `k`'s flow per unit injected at each bus (balanced at the reference): one row of the PTDF
    /// matrix, 0 at reference and isolated buses. One solve with Bᵀ = B (B is symmetric: shifts only add
    /// injections), so pricing a binding branch costs what one transfer does.
    public func flowSensitivities(branch k: Int) -> [Double]? {
        var weights = [Double](repeating: 0, count: dcNetwork.susceptance.count)
        weights[k] = 1
        return weightedFlowSensitivities(weights)
    }

    /// Σ_k wₖ·PTDF_k,b for every bus b: how the weighted sum of branch flows Σ wₖ·fₖ changes per p.u. injected at b
    /// (balanced at the reference; 0 at references) — one sparse solve, as B is symmetric: Bᵀ·y = Σ wₖ·bₖ·(e_from − e_to).
    public func weightedFlowSensitivities(_ weights: [Double]) -> [Double]? {
        var right = [Double](repeating: 0, count: dcNetwork.unknownBuses.count)
        for (k, w) in weights.enumerated() where w != 0 && dcNetwork.susceptance[k] != 0 {
            let b = dcNetwork.susceptance[k], ends = dcNetwork.branchEnds[k]
            if position[ends.from] >= 0 { right[position[ends.from]] += w * b }
            if position[ends.to] >= 0 { right[position[ends.to]] -= w * b }
        }
        guard (try? factorization.solve(&right)) != nil else { return nil }
        return position.map { $0 >= 0 ? right[$0] : 0 }
    }

    /// Marginal loss factors at an AC state: LF_b = ∂losses/∂P_b for an injection at bus b withdrawn at its island's
    /// reference (0 there) — Σₖ 2·rₖ·Pₖ·PTDF_k,b with Pₖ the branch's active flow at that state (p.u., the mean of
    /// its two ends' from → to flows; losses rₖ·Pₖ² per branch, reactive flow held). Economic dispatch divides a
    /// unit's cost by 1 − LF (its penalty factor's inverse): a unit whose output lowers the losses (LF < 0) is worth more.
    public func lossFactors(voltages: [Complex<Double>]) -> [Double]? {
        let grid = network.grid, flows = network.branchFlows(voltages: voltages)
        let weights = flows.indices.map { k -> Double in
            guard grid.branches[k].inService, dcNetwork.susceptance[k] != 0 else { return 0 }
            let activeFlow = (flows[k].fromMW - flows[k].toMW) / 2 / grid.baseMVA
            return 2 * grid.branches[k].resistancePU * activeFlow
        }
        return weightedFlowSensitivities(weights)
    }

    /// Branch flows for the unknowns' angles (reference angles 0), without phase shifts.
    private func branchValues(_ unknownAngles: [Double]) -> [Double] {
        var angles = [Double](repeating: 0, count: position.count)
        for (b, p) in position.enumerated() where p >= 0 { angles[b] = unknownAngles[p] }
        return dcNetwork.branchFlows(angles: angles, withShifts: false)
    }
}
