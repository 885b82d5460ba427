import Foundation
import GridFormats
import GridModel
import GridNetwork
import Numerics
import PowerFlow

extension ContingencyAnalysis {
    /// What every worker needs, immutable and shared.
    struct Context: Sendable {
        var grid: Grid
        var network: PowerFlowNetwork
        var baseVoltages: [Complex<Double>]
        var branchKeys: [BranchKey]
        var newton: NewtonRaphsonOptions
        /// Base-case loading (% of RATE_A, 0 unrated) and buses with base-case voltage violations: an outage is
        /// blamed only for violations it causes or worsens.
        var baseLoading: [Double]
        var baseVoltageViolations: Set<Int>
        /// The branches with a rating (RATE_A > 0): the only ones whose loading is assessed.
        let ratedBranches: [Int]

        init(
            grid: Grid, network: PowerFlowNetwork, baseVoltages: [Complex<Double>], branchKeys: [BranchKey],
            newton: NewtonRaphsonOptions, baseLoading: [Double], baseVoltageViolations: Set<Int>
        ) {
            self.grid = grid
            self.network = network
            self.baseVoltages = baseVoltages
            self.branchKeys = branchKeys
            self.newton = newton
            self.baseLoading = baseLoading
            self.baseVoltageViolations = baseVoltageViolations
            ratedBranches = grid.branches.indices.filter { grid.branches[$0].rateAMVA > 0 }
        }
        /// An existing overload counts again when the outage raises it by more than this, percentage points.
        static let worseningMarginPercent = 1.0
        /// A bus already outside its band counts again when the outage moves it further out by more than this, p.u.
        static let worseningMarginPU = 0.01

        /// Solves a list of outages with one solver (made here, on this task).
        func solve(_ outages: [Outage]) throws -> [ContingencyOutcome] {
            var results: [ContingencyOutcome] = []
            results.reserveCapacity(outages.count)
            try forEachState(of: outages) { _, state in
                results.append(assess(state))
                return true
            }
            return results
        }

        /// Solves `outages` one after the other with this task's solvers and hands each solved state to `body`, until
        /// it returns false.
        func forEachState(of outages: [Outage], _ body: (Outage, PostContingencyState) throws -> Bool) throws {
            var solver: NewtonRaphsonSolver?
            var chord: NewtonRaphsonSolver?
            var chordTried = false
            for outage in outages {
                let state: PostContingencyState
                if let k = outage.branch, outage.isOnBasePattern {
                    if !chordTried {
                        chord = try? makeChordSolver()
                        chordTried = true
                    }
                    let fast = chord.flatMap { chord in
                        if let island = outage.generationIsland {
                            solveWithIsland(k, island: island, element: outage.element, chord: chord)
                        } else {
                            solveByChord(k, dead: outage.deadBuses ?? [], element: outage.element, chord: chord)
                        }
                    }
                    if let fast {
                        state = fast
                    } else if outage.splitsGrid {
                        state = try solveRebuilt(outage)
                    } else {
                        if solver == nil { solver = try NewtonRaphsonSolver(network: network) }
                        state = solveBranchOutage(k, element: outage.element, solver: solver!)
                    }
                } else {
                    state = try solveRebuilt(outage)
                }
                guard try body(outage, state) else { return }
            }
        }

        /// A solver holding the factors of the base case's Jacobian at the base voltages.
        func makeChordSolver() throws -> NewtonRaphsonSolver {
            let solver = try NewtonRaphsonSolver(network: network, orderingOnJacobian: true)
            try solver.factorJacobian(admittance: network.admittance, voltages: baseVoltages)
            return solver
        }

        /// A branch outage by quasi-Newton steps on the base factors, corrected for the branch (and for the buses it
        /// de-energizes, `dead`); nil when those do not converge quickly (the caller then solves it in full).
        func solveByChord(_ k: Int, dead: [Int], element: OutageElement, chord: NewtonRaphsonSolver) -> PostContingencyState? {
            let outaged = network.admittance(removing: k)
            let ends = network.branchEnds[k]
            var injections = network.injections, start = baseVoltages
            for b in dead {
                injections[b] = .zero
                start[b] = .zero
            }
            let changedBuses = Set([ends.from, ends.to]).subtracting(dead).sorted()
            guard let correction = chord.correction(
                    base: network.admittance, changed: outaged, voltages: baseVoltages, changedBuses: changedBuses, deadBuses: dead),
                let outcome = chord.solveChord(
                    admittance: outaged, injections: injections, start: start, correction: correction,
                    tolerancePU: newton.tolerancePU, maximumIterations: ContingencyAnalysis.chordIterationLimit)
            else { return nil }
            return PostContingencyState(
                element: element, converged: true, iterations: outcome.iterations, voltages: outcome.voltages, network: network,
                excluded: [k], lost: dead)
        }

        /// A bridge's outage that cuts off `island` (a few buses with generation): the rest by quasi-Newton steps
        /// on the base factors (the island's buses held at zero), the island alone as its own grid with the reference
        /// the whole grid's island analysis gives it; nil when either does not converge (the caller rebuilds).
        func solveWithIsland(_ k: Int, island: [Int], element: OutageElement, chord: NewtonRaphsonSolver) -> PostContingencyState? {
            guard var state = solveByChord(k, dead: island, element: element, chord: chord) else { return nil }
            var changed = grid
            changed.branches[k].inService = false
            let part = IslandAnalysis(grid: changed).preparedGrid.subgrid(buses: island)
            let start = island.map { baseVoltages[$0] }
            var islandVoltages = start
            // An island of its reference bus alone has no unknowns: it keeps its start, as a rebuilt solve does.
            if !part.buses.allSatisfy({ $0.type == .slack }) {
                guard let engine = try? PowerFlowEngine(grid: part) else { return nil }
                let outcome = engine.solveVoltages(from: start, options: PowerFlowOptions(newton: newton))
                guard outcome.converged else { return nil }
                islandVoltages = outcome.voltages
            }
            for (i, b) in island.enumerated() { state.voltages[b] = islandVoltages[i] }
            state.lost = []
            return state
        }

        /// A branch outage on the base pattern: subtract the branch from Ybus, re-solve warm.
        func solveBranchOutage(_ k: Int, element: OutageElement, solver: NewtonRaphsonSolver) -> PostContingencyState {
            let outcome = solver.solve(
                admittance: network.admittance(removing: k), injections: network.injections, start: baseVoltages, options: newton)
            return PostContingencyState(
                element: element, converged: outcome.converged, iterations: outcome.iterations, voltages: outcome.voltages,
                network: network, excluded: [k], lost: [])
        }

        /// An outage that changes the bus roles or splits the grid, or a change table's contingency: a grid of its
        /// own, islands handled.
        func solveRebuilt(_ outage: Outage) throws -> PostContingencyState {
            var changed = grid
            if let k = outage.branch { changed.branches[k].inService = false }
            if let g = outage.generator { changed.generators[g].inService = false }
            if let k = outage.secondBranch { changed.branches[k].inService = false }
            if let g = outage.secondGenerator { changed.generators[g].inService = false }
            if let (table, file) = outage.changes, case .labeled(let label) = outage.element {
                changed = try table.grid(applyingLabel: label, to: changed, file: file)
            }
            let engine: PowerFlowEngine
            do {
                engine = try PowerFlowEngine(grid: changed)
            } catch {
                // No generation left anywhere: everything is lost.
                return PostContingencyState(
                    element: outage.element, converged: false, iterations: 0, voltages: baseVoltages, network: network,
                    excluded: [], lost: grid.buses.indices.filter { grid.buses[$0].type != .isolated })
            }
            var start = baseVoltages
            for b in engine.islands.deenergizedBuses { start[b] = .zero }
            let outcome = engine.solveVoltages(from: start, options: PowerFlowOptions(newton: newton))
            return PostContingencyState(
                element: outage.element, converged: outcome.converged, iterations: outcome.iterations, voltages: outcome.voltages,
                network: engine.network, excluded: [outage.branch, outage.secondBranch].compactMap { $0 },
                lost: engine.islands.deenergizedBuses)
        }

        /// ``assess(element:converged:iterations:voltages:network:excluded:lost:)`` of a solved state.
        func assess(_ state: PostContingencyState) -> ContingencyOutcome {
            assess(
                element: state.element, converged: state.converged, iterations: state.iterations, voltages: state.voltages,
                network: state.network, excluded: state.excluded, lost: state.lost)
        }

        /// Flows, overloads and voltage violations of a post-contingency state.
        func assess(
            element: OutageElement, converged: Bool, iterations: Int, voltages: [Complex<Double>],
            network solved: PowerFlowNetwork, excluded: [Int], lost: [Int]
        ) -> ContingencyOutcome {
            var result = ContingencyOutcome(
                outage: element, converged: converged, iterations: iterations, busesLost: lost.map { grid.buses[$0].id },
                loadLostMW: lost.reduce(0) { $0 + solved.grid.buses[$1].demandMW })
            guard converged else { return result }
            let solvedGrid = solved.grid
            var maximumLoading: Double?
            for k in ratedBranches where !excluded.contains(k) {
                guard let loading = solved.branchLoadingPercent(k, voltages: voltages) else { continue }
                maximumLoading = max(maximumLoading ?? 0, loading)
                let preExisting = baseLoading[k] > 100
                if loading > 100 + 1e-6 && (!preExisting || loading > baseLoading[k] + Self.worseningMarginPercent) {
                    result.overloads.append(.init(branch: branchKeys[k], loadingPercent: loading))
                }
            }
            result.overloads.sort { $0.loadingPercent > $1.loadingPercent }
            result.maximumLoadingPercent = maximumLoading
            var low = Double.infinity, high = -Double.infinity
            for (b, bus) in solvedGrid.buses.enumerated() where bus.type != .isolated && !lost.contains(b) {
                let magnitude = voltages[b].length
                low = min(low, magnitude)
                high = max(high, magnitude)
                let limitPU: Double
                if bus.maximumVoltagePU > 0 && magnitude > bus.maximumVoltagePU + 1e-6 {
                    limitPU = bus.maximumVoltagePU
                } else if bus.minimumVoltagePU > 0 && magnitude < bus.minimumVoltagePU - 1e-6 {
                    limitPU = bus.minimumVoltagePU
                } else {
                    continue
                }
                if baseVoltageViolations.contains(bus.id) {
                    // A violation already there counts only when the voltage moved further out by the margin.
                    let before = baseVoltages[b].length
                    let further = magnitude > bus.maximumVoltagePU ? magnitude - before : before - magnitude
                    if further < Self.worseningMarginPU { continue }
                }
                result.voltageViolations.append(.init(bus: bus.id, magnitudePU: magnitude, limitPU: limitPU))
            }
            if low.isFinite {
                result.minimumVoltagePU = low
                result.maximumVoltagePU = high
            }
            return result
        }
    }
}
