import GridModel
import Numerics

extension PowerFlowNetwork {
    /// The flow of every branch for bus `voltages` (p.u.): MW and Mvar into the branch at each end, from the
    /// branch's admittance block (zero for a branch out of the model), and its loading against RATE_A (`nil` where
    /// RATE_A is 0, i.e. unlimited). The one branch-flow formula of GridTwin: the solved state, the time-series
    /// step and the N-1 assessment all use it.
    public func branchFlows(voltages: [Complex<Double>]) -> [BranchFlow] {
        precondition(voltages.count == grid.buses.count, "one voltage per bus")
        let base = grid.baseMVA
        var flows: [BranchFlow] = []
        flows.reserveCapacity(grid.branches.count)
        for (k, branch) in grid.branches.enumerated() {
            let y = branchAdmittances[k]
            var flow = BranchFlow(fromMW: 0, fromMvar: 0, toMW: 0, toMvar: 0, loadingPercent: nil)
            if y.isInModel {
                let (sf, st) = y.endPowers(from: voltages[branchEnds[k].from], to: voltages[branchEnds[k].to])
                flow = BranchFlow(
                    fromMW: sf.real * base, fromMvar: sf.imaginary * base, toMW: st.real * base, toMvar: st.imaginary * base,
                    loadingPercent: nil)
            }
            flow.loadingPercent = flow.loadingPercent(ratingMVA: branch.rateAMVA)
            flows.append(flow)
        }
        return flows
    }

    /// Branch `k`'s loading at bus `voltages` (p.u.) against RATE_A, % — `branchFlows(voltages:)[k].loadingPercent`
    /// without the rest of the flows (N-1 assessments read only this); nil where RATE_A is 0 or the branch is out of
    /// the model.
    public func branchLoadingPercent(_ k: Int, voltages: [Complex<Double>]) -> Double? {
        let ratingMVA = grid.branches[k].rateAMVA, y = branchAdmittances[k]
        guard ratingMVA > 0, y.isInModel else { return nil }
        let (sf, st) = y.endPowers(from: voltages[branchEnds[k].from], to: voltages[branchEnds[k].to])
        let maximumMVA = max(sf.lengthSquared, st.lengthSquared).squareRoot() * grid.baseMVA
        return BranchFlow.loadingPercent(maximumMVA: maximumMVA, ratingMVA: ratingMVA)
    }

    /// Active power of every generator, MW: in-service generators at their set points (out of service: 0), except
    /// the first in-service generator at each reference bus, which takes the bus's balance — what the network
    /// draws there (`injectedMW`, per reference bus position) plus the bus's demand, less the other generators at
    /// the bus. The one place where the reference generator takes the balance (MATPOWER's `pfsoln`, `rundcpf`).
    public func referenceBalancedDispatch(injectedMW: (Int) -> Double) -> [Double] {
        var dispatch = grid.generators.map { $0.inService ? $0.activePowerMW : 0 }
        var firstAtBus = [Int: Int]()
        for (g, generator) in grid.generators.enumerated() where generator.inService {
            let b = generatorBusPositions[g]
            if roles.roles[b] == .slack && firstAtBus[b] == nil { firstAtBus[b] = g }
        }
        for r in roles.slack {
            guard let first = firstAtBus[r] else { continue }
            var p = injectedMW(r) + grid.buses[r].demandMW
            for (g, generator) in grid.generators.enumerated()
            where g != first && generator.inService && generatorBusPositions[g] == r {
                p -= dispatch[g]
            }
            dispatch[first] = p
        }
        return dispatch
    }
}

extension PowerFlowNetwork {
    /// Ybus with branch `k` taken out (its admittance block subtracted, the pattern kept): the network of a
    /// branch outage that keeps the grid connected, for a solver analyzed on this pattern.
    public func admittance(removing k: Int) -> AdmittanceMatrix {
        precondition(branchAdmittances.indices.contains(k), "no branch \(k)")
        var matrix = admittance
        let y = branchAdmittances[k]
        guard y.isInModel else { return matrix }
        matrix.subtract(y, from: branchEnds[k].from, to: branchEnds[k].to)
        return matrix
    }
}
