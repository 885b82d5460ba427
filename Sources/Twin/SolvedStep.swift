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

    /// What a regulating bus (PV or reference) holds its voltage with: its in-service generators' reactive output
    /// (the bus's injection plus its demand) and their summed limits, Mvar.
    public struct ReactiveSupport: Sendable {
        public var bus: Int
        public var mvar: Double
        public var lowMvar: Double
        public var highMvar: Double
        /// How far the output lies beyond the limits, Mvar (0 within them).
        public var excessMvar: Double { max(0, mvar - highMvar, lowMvar - mvar) }
    }

    /// Every regulating bus's ``ReactiveSupport``, by bus position.
    public func reactiveSupport() -> [ReactiveSupport] {
        let grid = network.grid, roles = network.roles.roles
        var limits: [Int: (low: Double, high: Double)] = [:]
        for (g, generator) in grid.generators.enumerated() where generator.inService {
            let b = network.generatorBusPositions[g]
            guard roles[b] == .pv || roles[b] == .slack else { continue }
            let now = limits[b] ?? (0, 0)
            limits[b] = (now.low + generator.minimumReactivePowerMvar, now.high + generator.maximumReactivePowerMvar)
        }
        let injected = network.injectedPowerMVA(voltages: voltages)
        return limits.keys.sorted().map { b in
            ReactiveSupport(
                bus: b, mvar: injected[b].imaginary + grid.buses[b].demandMvar, lowMvar: limits[b]!.low,
                highMvar: limits[b]!.high)
        }
    }

    /// Branches loaded above `limitPercent` of their rating (ratings of 0 are not monitored).
    public func overloadedBranches(limitPercent: Double, ratings: [Double]) -> [Int] {
        branches.indices.filter { k in ratings[k] > 0 && branches[k].maximumMVA > limitPercent / 100 * ratings[k] + 1e-6 }
    }
}
