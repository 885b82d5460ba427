import GridModel
import GridNetwork

/// How generators share the active-power balance of their island in a distributed-slack power flow.
public struct SlackParticipation: Sendable, Equatable {
    /// Where the factors come from.
    public enum Source: Sendable, Equatable {
        /// The APF column where the case has it (and some factor is positive), else PMAX.
        case automatic
        /// MATPOWER's APF column.
        case participationFactors
        /// Each generator's PMAX.
        case maximumPower
        /// Every in-service generator equally.
        case equal
        /// Given factors, one per generator (0 = does not participate).
        case given([Double])
    }

    /// Per generator: its share of its island's slack power (the shares of an island add up to 1).
    public var generatorShare: [Double]
    /// Per bus: the summed share of its generators.
    public var busShare: [Double]
    /// Per bus: position of the reference bus of its island, or −1 out of the model.
    public var referenceOfBus: [Int]

    /// Computes shares for the generators of `network` from `source`.
    ///
    /// - Throws: ``PowerFlowError/invalidOption(_:)`` for given factors of the wrong count or negative.
    public init(network: PowerFlowNetwork, source: Source) throws(PowerFlowError) {
        let grid = network.grid
        let generators = grid.generators
        var factors: [Double]
        switch source {
        case .given(let given):
            guard given.count == generators.count else {
                throw PowerFlowError.invalidOption("\(given.count) participation factors for \(generators.count) generators")
            }
            guard given.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
                throw PowerFlowError.invalidOption("participation factors must be finite and not negative")
            }
            factors = given
        case .participationFactors:
            factors = generators.map { max($0.participationFactor ?? 0, 0) }
        case .maximumPower:
            factors = generators.map { $0.maximumActivePowerMW.isFinite ? max($0.maximumActivePowerMW, 0) : 0 }
        case .equal:
            factors = generators.map { _ in 1 }
        case .automatic:
            let apf = generators.map { max($0.participationFactor ?? 0, 0) }
            factors = apf.contains { $0 > 0 }
                ? apf : generators.map { $0.maximumActivePowerMW.isFinite ? max($0.maximumActivePowerMW, 0) : 0 }
        }
        // Only in-service generators in the model take part.
        for (g, generator) in generators.enumerated() {
            if !generator.inService || network.roles.roles[network.generatorBusPositions[g]] == .isolated { factors[g] = 0 }
        }
        // Reference of each bus's island: what each reference bus reaches over in-model branches.
        let n = grid.buses.count
        let reference = BusGraph(network: network).reach(from: network.roles.slack)
        // Normalize per island; an island with no participating generator leaves it all to its reference's first one.
        var total = [Int: Double]()
        for (g, factor) in factors.enumerated() where factor > 0 {
            let r = reference[network.generatorBusPositions[g]]
            if r >= 0 { total[r, default: 0] += factor } else { factors[g] = 0 }
        }
        for r in network.roles.slack where (total[r] ?? 0) == 0 {
            if let g = generators.indices.first(where: { generators[$0].inService && network.generatorBusPositions[$0] == r }) {
                factors[g] = 1
                total[r] = 1
            }
        }
        var generatorShare = [Double](repeating: 0, count: generators.count)
        var busShare = [Double](repeating: 0, count: n)
        for (g, factor) in factors.enumerated() where factor > 0 {
            let b = network.generatorBusPositions[g]
            let share = factor / total[reference[b]]!
            generatorShare[g] = share
            busShare[b] += share
        }
        self.generatorShare = generatorShare
        self.busShare = busShare
        referenceOfBus = reference
    }
}
