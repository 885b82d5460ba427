import Foundation
import GridNetwork
import GridModel
import PowerFlow

/// The JSON document of `gridtwin solve --format json`: keys in snake_case, units in the key names.
public struct SolveDocument: Encodable {
    public struct BusRow: Encodable {
        var id: Int
        var type: String
        var vmPu: Double
        var vaDeg: Double
        var pLoadMw: Double
        var qLoadMvar: Double
        var name: String?
    }

    public struct BranchRow: Encodable {
        var index: Int
        var from: Int
        var to: Int
        var inService: Bool
        var pFromMw: Double
        var qFromMvar: Double
        var pToMw: Double
        var qToMvar: Double
        var lossMw: Double
        var rateAMva: Double
        var loadingPercent: Double?

        enum CodingKeys: String, CodingKey {
            case index, from, to, inService, pFromMw, qFromMvar, pToMw, qToMvar, lossMw, rateAMva, loadingPercent
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(index, forKey: .index)
            try c.encode(from, forKey: .from)
            try c.encode(to, forKey: .to)
            try c.encode(inService, forKey: .inService)
            try c.encode(pFromMw, forKey: .pFromMw)
            try c.encode(qFromMvar, forKey: .qFromMvar)
            try c.encode(pToMw, forKey: .pToMw)
            try c.encode(qToMvar, forKey: .qToMvar)
            try c.encode(lossMw, forKey: .lossMw)
            try c.encode(rateAMva, forKey: .rateAMva)
            try c.encode(loadingPercent, forKey: .loadingPercent)  // null where RATE_A = 0
        }
    }

    public struct GeneratorRow: Encodable {
        var index: Int
        var bus: Int
        var inService: Bool
        var pMw: Double
        var qMvar: Double
    }

    public struct IterationRow: Encodable {
        var iteration: Int
        var maxMismatchPu: Double
        var worstBus: Int?
        var worstEquation: String?
    }

    public struct ViolationRow: Encodable {
        var kind: String
        var element: String
        var value: Double
        var limit: Double
        var unit: String
    }

    public struct IslandRow: Encodable {
        var buses: Int
        var energized: Bool
        var referenceBus: Int?
        var referenceChosen: Bool
        var loadMw: Double
        var busIds: [Int]?
    }

    public struct AttemptRow: Encodable {
        var description: String
        var converged: Bool
        var iterations: Int
        var finalMismatchPu: Double
        var rejection: String?
        var chosen: Bool
    }

    public struct LimitedGeneratorRow: Encodable {
        var generator: Int
        var bus: Int
        var limit: String
        var qMvar: Double
        var round: Int
    }

    public struct ReactiveLimitsBlock: Encodable {
        var rounds: Int
        var switched: [LimitedGeneratorRow]
        var newReferenceBus: Int?
        var failure: String?
    }

    var `case`: String
    var method: String
    var converged: Bool
    var iterations: Int
    var maxMismatchPu: Double
    var failure: String?
    var slackBus: Int?
    var lossesMw: Double
    var lossesMvar: Double
    var totalGenerationMw: Double
    var totalGenerationMvar: Double
    var totalLoadMw: Double
    var totalLoadMvar: Double
    var mismatchHistory: [IterationRow]
    var violations: [ViolationRow]
    var buses: [BusRow]
    var branches: [BranchRow]
    var generators: [GeneratorRow]
    var islands: [IslandRow]
    var strategy: [AttemptRow]?
    var qLimits: ReactiveLimitsBlock?
    var timing: SolveTimingSummary?

    public init(report: PowerFlowReport, timing: SolveTimingSummary?) {
        let solution = report.solution
        let grid = solution.grid
        `case` = grid.name
        method = report.method.rawValue
        converged = report.converged
        iterations = report.outcome.iterations
        maxMismatchPu = report.outcome.maximumMismatchPU
        failure = report.outcome.failure?.description
        slackBus = solution.roles.slack.first.map { grid.buses[$0].id }
        lossesMw = solution.lossesMW
        lossesMvar = solution.lossesMvar
        let generation = solution.totalGeneration
        totalGenerationMw = generation.mw
        totalGenerationMvar = generation.mvar
        let demand = grid.totalDemand
        totalLoadMw = demand.mw
        totalLoadMvar = demand.mvar
        mismatchHistory = report.outcome.history.map { record in
            IterationRow(
                iteration: record.iteration, maxMismatchPu: record.maximumMismatchPU,
                worstBus: record.worstBusPosition >= 0 ? grid.buses[record.worstBusPosition].id : nil,
                worstEquation: record.worstBusPosition >= 0 ? (record.worstIsReactive ? "Q" : "P") : nil)
        }
        violations = solution.violations.map {
            ViolationRow(kind: $0.kind.rawValue, element: $0.element, value: $0.value, limit: $0.limit, unit: $0.unit)
        }
        let magnitudes = solution.magnitudesPU, angles = solution.anglesDegrees
        buses = grid.buses.enumerated().map { b, bus in
            BusRow(
                id: bus.id, type: bus.type.label, vmPu: magnitudes[b], vaDeg: angles[b], pLoadMw: bus.demandMW,
                qLoadMvar: bus.demandMvar, name: grid.busNames.isEmpty ? nil : grid.busNames[b])
        }
        branches = grid.branches.enumerated().map { k, branch in
            let flow = solution.branches[k]
            return BranchRow(
                index: k + 1, from: branch.fromBus, to: branch.toBus, inService: branch.inService, pFromMw: flow.fromMW,
                qFromMvar: flow.fromMvar, pToMw: flow.toMW, qToMvar: flow.toMvar, lossMw: flow.lossMW,
                rateAMva: branch.rateAMVA, loadingPercent: flow.loadingPercent)
        }
        generators = grid.generators.enumerated().map { g, generator in
            GeneratorRow(
                index: g + 1, bus: generator.bus, inService: generator.inService, pMw: solution.generators[g].activeMW,
                qMvar: solution.generators[g].reactiveMvar)
        }
        islands = report.islands.map { island in
            IslandRow(
                buses: island.buses.count, energized: island.isEnergized,
                referenceBus: island.referenceBus.map { grid.buses[$0].id }, referenceChosen: island.referenceWasChosen,
                loadMw: island.demandMW,
                busIds: report.islands.count > 1 && island.buses.count <= 50 ? island.buses.map { grid.buses[$0].id } : nil)
        }
        strategy = report.strategy.map { strategy in
            strategy.attempts.enumerated().map { index, attempt in
                AttemptRow(
                    description: attempt.description, converged: attempt.converged, iterations: attempt.iterations,
                    finalMismatchPu: attempt.finalMismatchPU, rejection: attempt.rejection, chosen: index == strategy.chosen)
            }
        }
        qLimits = report.reactiveLimits.map { limits in
            ReactiveLimitsBlock(
                rounds: limits.rounds,
                switched: limits.limitedGenerators.map {
                    LimitedGeneratorRow(generator: $0.generator + 1, bus: $0.bus, limit: $0.limit.rawValue, qMvar: $0.reactivePowerMvar, round: $0.round)
                },
                newReferenceBus: limits.newReferenceBus, failure: limits.failure)
        }
        self.timing = timing
    }

    /// The document as pretty-printed JSON text.
    public func jsonText() throws -> String {
        try ReportJSON.text(self)
    }
}
