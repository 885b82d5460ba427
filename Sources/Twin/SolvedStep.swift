import GridModel
import GridNetwork
import Numerics
import PowerFlow

/// The power flow of one step, as controllers and the record see it: what a time series needs of a solved state,
/// computed without the rest of a full report (per-generator Q sharing, violation texts).
public struct SolvedStep: Sendable {
    /// The network solved (its injections hold the step's set points).
    public let network: PowerFlowNetwork
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
        self.network = network
        self.voltages = voltages
        self.iterations = iterations
        magnitudesPU = voltages.map { ($0.real * $0.real + $0.imaginary * $0.imaginary).squareRoot() }
        let flows = network.branchFlows(voltages: voltages)
        var losses = flows.reduce(0) { $0 + $1.lossMW }
        for (b, bus) in grid.buses.enumerated() where network.roles.roles[b] != .isolated && bus.shuntConductanceMW != 0 {
            losses += bus.shuntConductanceMW * magnitudesPU[b] * magnitudesPU[b]
        }
        branches = flows
        lossesMW = losses
        let injected = network.injectedActivePowerMW(voltages: voltages)
        generatorMW = network.referenceBalancedDispatch { injected[$0] }
    }

    /// Branches loaded above `limitPercent` of their rating (ratings of 0 are not monitored).
    public func overloadedBranches(limitPercent: Double, ratings: [Double]) -> [Int] {
        branches.indices.filter { k in ratings[k] > 0 && branches[k].maximumMVA > limitPercent / 100 * ratings[k] + 1e-6 }
    }
}
