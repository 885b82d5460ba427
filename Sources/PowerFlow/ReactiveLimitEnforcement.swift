import GridModel
import GridNetwork
import Numerics

/// A generator that was held at a reactive-power limit.
public struct LimitedGenerator: Sendable, Equatable {
    public enum Limit: String, Sendable, Codable {
        case maximum = "qmax"
        case minimum = "qmin"
    }

    /// Position in the generator table.
    public var generator: Int
    /// Bus number it is connected to (the bus became PQ).
    public var bus: Int
    public var limit: Limit
    /// The limit it is held at, Mvar.
    public var reactivePowerMvar: Double
    /// The outer round (1-based) in which it was switched.
    public var round: Int
}

/// The outcome of a power flow with generator reactive limits enforced.
public struct ReactiveLimitOutcome: Sendable {
    /// The final power flow, on the grid as given (limited generators back in service at their limit, their
    /// buses of type PQ), with MATPOWER's reported values.
    public var report: PowerFlowReport
    /// Generators held at a limit, in the order they were switched.
    public var limitedGenerators: [LimitedGenerator]
    /// Power flows solved (1 when no limit was hit).
    public var rounds: Int
    /// Newton iterations over all rounds.
    public var totalIterations: Int
    /// Bus number of the reference bus at the end, when a limited slack generator moved it.
    public var newReferenceBus: Int?
    /// Why the enforcement stopped without a solution, if it did (e.g. every remaining generator violates the
    /// same limit).
    public var failure: String?
}

/// Enforces generator reactive-power limits as MATPOWER's `runpf` with `enforce_q_lims = 1`: after each solve,
/// every in-service generator beyond its QMAX or QMIN (by more than 5e-6 Mvar) is fixed at that limit — switched
/// off with its P and Q moved into the bus load, the bus made PQ — and the power flow is solved again, until none
/// is. A slack generator at its limit moves the reference to the first PV bus. Buses only ever go from PV to PQ,
/// so none flip-flops. At the end limited generators are restored at their limits and angles are shifted back to
/// the original reference angle.
public enum ReactiveLimitEnforcement {
    /// MATPOWER's `opf.violation` tolerance, Mvar.
    public static let violationToleranceMvar = 5e-6

    /// - Parameters:
    ///   - initialVoltages: where the first round starts (default: `options.start`).
    ///   - engine: an engine already built for `grid` with the same options, to reuse for the first round.
    public static func solve(
        _ grid: Grid, options: PowerFlowOptions = PowerFlowOptions(), initialVoltages: [Complex<Double>]? = nil,
        engine existing: PowerFlowEngine? = nil
    ) throws(PowerFlowError) -> ReactiveLimitOutcome {
        var working = grid
        var limited: [LimitedGenerator] = []
        var fixedReactive = [Double](repeating: 0, count: grid.generators.count)
        var rounds = 0
        var totalIterations = 0
        var timing = PowerFlowTiming()
        var roundOptions = options
        var failure: String?
        let firstEngine: PowerFlowEngine
        if let existing {
            firstEngine = existing
        } else {
            firstEngine = try PowerFlowEngine(grid: grid, distributedSlack: options.distributedSlack)
        }
        let originalReference = firstEngine.network.roles.slack.first!
        let originalReferenceAngle = grid.buses[originalReference].voltageAngleDegrees * .pi / 180
        var engine = firstEngine
        var report: PowerFlowReport
        var start = initialVoltages
        while true {
            rounds += 1
            report = engine.solve(from: start, options: roundOptions)
            start = nil
            timing.admittance += engine.admittanceSeconds
            timing.analysis += engine.analysisSeconds
            timing.newton = timing.newton + report.timing.newton
            timing.results += report.timing.results
            totalIterations += report.outcome.iterations
            guard report.converged else { break }
            let solution = report.solution
            let lookup = working.busLookup()
            var atMaximum: [Int] = [], atMinimum: [Int] = []
            for (g, generator) in working.generators.enumerated() where generator.inService {
                let q = solution.generators[g].reactiveMvar
                if q > generator.maximumReactivePowerMvar + violationToleranceMvar { atMaximum.append(g) }
                if q < generator.minimumReactivePowerMvar - violationToleranceMvar { atMinimum.append(g) }
            }
            if atMaximum.isEmpty && atMinimum.isEmpty { break }
            // Infeasible: every remaining voltage-controlling generator violates, all the same limit.
            let violating = Set(atMaximum + atMinimum)
            let remaining = Set(working.generators.indices.filter { g in
                let generator = working.generators[g]
                guard generator.inService, let b = lookup[generator.bus] else { return false }
                return working.buses[b].type == .pv || working.buses[b].type == .slack
            })
            if violating == remaining && (atMaximum.isEmpty || atMinimum.isEmpty) {
                failure = "every remaining voltage-controlling generator is beyond its \(atMaximum.isEmpty ? "QMIN" : "QMAX")"
                break
            }
            // Continue from the solved state, as runpf does.
            working = solution.solvedGrid()
            for g in atMaximum { fixedReactive[g] = working.generators[g].maximumReactivePowerMvar }
            for g in atMinimum { fixedReactive[g] = working.generators[g].minimumReactivePowerMvar }
            for g in atMaximum + atMinimum {
                let b = lookup[working.generators[g].bus]!
                working.generators[g].reactivePowerMvar = fixedReactive[g]
                working.generators[g].inService = false
                working.buses[b].demandMW -= working.generators[g].activePowerMW
                working.buses[b].demandMvar -= fixedReactive[g]
                if working.buses[b].type == .slack && engine.network.roles.slack.count > 1 {
                    throw PowerFlowError.invalidOption("cannot enforce Q limits at a reference bus of a grid with several reference buses")
                }
                working.buses[b].type = .pq
                limited.append(LimitedGenerator(
                    generator: g, bus: working.generators[g].bus, limit: atMaximum.contains(g) ? .maximum : .minimum,
                    reactivePowerMvar: fixedReactive[g], round: rounds))
            }
            roundOptions.start = .fromCase
            engine = try PowerFlowEngine(grid: working, distributedSlack: options.distributedSlack)
        }
        let finalReference = engine.network.roles.slack.first!
        guard !limited.isEmpty else {
            report.timing = timing
            return ReactiveLimitOutcome(
                report: report, limitedGenerators: [], rounds: rounds, totalIterations: totalIterations,
                newReferenceBus: nil, failure: failure)
        }
        // Restore the limited generators at their limits and the loads they were folded into.
        var restored = working
        var dispatch = report.solution.generators
        let lookup = restored.busLookup()
        for entry in limited {
            let g = entry.generator
            let b = lookup[restored.generators[g].bus]!
            restored.generators[g].reactivePowerMvar = fixedReactive[g]
            restored.generators[g].inService = true
            restored.buses[b].demandMW += restored.generators[g].activePowerMW
            restored.buses[b].demandMvar += fixedReactive[g]
            dispatch[g] = GeneratorDispatch(activeMW: restored.generators[g].activePowerMW, reactiveMvar: fixedReactive[g])
        }
        var voltages = report.solution.voltages
        if finalReference != originalReference {
            let v = voltages[originalReference]
            let shift = originalReferenceAngle - .atan2(y: v.imaginary, x: v.real)
            let rotation = Complex(Double.cos(shift), .sin(shift))
            voltages = voltages.map { $0 * rotation }
        }
        let network = try PowerFlowNetwork.compiled(grid: restored)
        report.solution = PowerFlowSolution(network: network, voltages: voltages, generatorDispatch: dispatch)
        report.timing = timing
        return ReactiveLimitOutcome(
            report: report, limitedGenerators: limited, rounds: rounds, totalIterations: totalIterations,
            newReferenceBus: finalReference != originalReference ? grid.buses[finalReference].id : nil, failure: failure)
    }
}
