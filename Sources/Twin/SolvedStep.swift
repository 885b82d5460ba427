import GridModel
import GridNetwork
import Numerics
import PowerFlow

/// The power flow of one step, as controllers and the record see it: what a time series needs of a solved state,
/// computed without the rest of a full report (per-generator Q sharing, violation texts).
public struct SolvedStep: Sendable {
    public var voltages: [Complex<Double>]
    public var magnitudesPU: [Double]
    /// Flow of every branch (zero for branches out of the model).
    public var branches: [BranchFlow]
    /// Generator outputs: the set points, and the reference generators' balance, MW.
    public var generatorMW: [Double]
    /// Branch losses plus bus shunt conductance consumption, MW.
    public var lossesMW: Double
    public var iterations: Int

    /// Evaluates the solved `voltages` of `network` (its injections hold the step's set points).
    init(network: PowerFlowNetwork, voltages: [Complex<Double>], iterations: Int) {
        let grid = network.grid
        let base = grid.baseMVA
        self.voltages = voltages
        self.iterations = iterations
        magnitudesPU = voltages.map { ($0.real * $0.real + $0.imaginary * $0.imaginary).squareRoot() }
        var flows = [BranchFlow](repeating: BranchFlow(fromMW: 0, fromMvar: 0, toMW: 0, toMvar: 0, loadingPercent: nil), count: grid.branches.count)
        var losses = 0.0
        for (k, y) in network.branchAdmittances.enumerated() where y.isInModel {
            let vf = voltages[network.branchEnds[k].from], vt = voltages[network.branchEnds[k].to]
            let (sf, st) = y.endPowers(from: vf, to: vt)
            flows[k] = BranchFlow(
                fromMW: sf.real * base, fromMvar: sf.imaginary * base, toMW: st.real * base, toMvar: st.imaginary * base,
                loadingPercent: nil)
            losses += (sf.real + st.real) * base
        }
        for (b, bus) in grid.buses.enumerated() where network.roles.roles[b] != .isolated && bus.shuntConductanceMW != 0 {
            losses += bus.shuntConductanceMW * magnitudesPU[b] * magnitudesPU[b]
        }
        branches = flows
        lossesMW = losses
        var generators = grid.generators.map { $0.inService ? $0.activePowerMW : 0 }
        let currents = network.admittance.multiply(voltages)
        for r in network.roles.slack {
            let atBus = grid.generators.indices.filter { grid.generators[$0].inService && network.generatorBusPositions[$0] == r }
            guard let first = atBus.first else { continue }
            var p = (voltages[r] * currents[r].conjugate).real * base + grid.buses[r].demandMW
            for g in atBus.dropFirst() { p -= generators[g] }
            generators[first] = p
        }
        generatorMW = generators
    }

    /// Branches loaded above `limitPercent` of their rating (ratings of 0 are not monitored).
    public func overloadedBranches(limitPercent: Double, ratings: [Double]) -> [Int] {
        branches.indices.filter { k in ratings[k] > 0 && branches[k].maximumMVA > limitPercent / 100 * ratings[k] + 1e-6 }
    }
}
