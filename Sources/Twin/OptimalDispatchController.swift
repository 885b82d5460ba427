import GridModel
import GridNetwork
import Numerics
import Optimization

/// Dispatches each step by optimization — a DC security-constrained economic dispatch with unit commitment over a
/// rolling look-ahead window (``DispatchProblem``), solved by COIN-OR (Cbc for the commitment, Clp for the rest and
/// for the prices), the window's first step applied and the window re-optimised every step:
///
/// 1. The window's program without network limits is solved — from the last window's optimal basis shifted by one
///    period, as a rolling horizon allows; the DC flows of every period are computed from its injections, and the
///    limits of the monitored branches they overload are added (PTDF rows, one sparse solve each, kept across steps)
///    until no DC overload is left — as industrial SCED does.
/// 2. The commitment is fixed and the linear program re-solved: its duals give locational marginal prices (the
///    balance's price plus each binding limit's shadow price times the branch's PTDF) and branch shadow prices.
/// 3. Curtailment is attributed to its causes by re-solving without the network (the difference is congestion,
///    split over the binding branches by shadow price) and without the units' minimum outputs and ramps (the
///    difference is minimum generation; the rest is surplus).
/// 4. After the AC power flow, a branch that AC (reactive flow, losses) overloads gets a tightened DC limit and the
///    step is re-optimised with its commitment kept, for a bounded number of rounds (the AC security loop); a limit
///    the loop set is loosened again when AC then loads its branch well below the limit (``ACFlowLimits``); what is
///    left goes to the next controller (``CongestionController``).
///
/// A step whose program has no solution keeps its inputs and is flagged (``StepState/dispatchFeasible``).
public struct OptimalDispatchController: TwinController {
    public var name: String { "optimal dispatch" }

    /// Cost of a MWh through storage (charge plus discharge), $: keeps charging and discharging from running at once.
    public var storageCycleCost = 0.01
    /// Most rounds of adding overloaded branches' DC limits per step.
    public var flowLimitRounds = 8
    /// Most re-optimisations per step for AC overloads and the losses AC measured.
    public var securityRounds = 6
    /// A difference between the losses the balance carried and the AC power flow's, MW, above which the step is
    /// re-optimised with the measured losses.
    public var lossToleranceMW = 0.5
    /// A step whose AC power flow measures losses that differ from the ones its commitment was decided with by more
    /// than this fraction of its demand, and that would curtail (or shed) to take them with that commitment, is
    /// decided again with the measured losses, once (case1354pegase at 1.68 × its load: after a stressed hour with
    /// 1.3 GW of losses, the next hour's 0.4 GW left its units at their minimum outputs and 571 MW of wind was
    /// curtailed to balance).
    public var recommitLossFraction = 0.01
    /// A limit the AC loop set is loosened only when its shadow price is above this, $/MWh per MW.
    public var loosenPricePerMWh = 0.01
    /// Longest a commitment solve may take, seconds.
    public var timeLimitSeconds = 60.0
    /// Most branch-and-bound nodes of a commitment solve. On large grids Cbc finds a good incumbent early and then
    /// cannot prove even a 0.1 % gap (ACTIVSg2000, 544 units: the best of 7,576 nodes found at node 719, 48 s of 49);
    /// the node limit bounds that deterministically, unlike a time limit. Measured on ACTIVSg2000 (6 hours): 100
    /// nodes 3.5 s per step with costs within 0.5 % of a 60-second search (most within 0.15 %); 1,000 nodes 7.2 s.
    public var maximumNodes = 100
    /// A commitment whose cost is within this fraction of the window's relaxation is taken as optimal (when it also
    /// curtails at most ``curtailmentToleranceMW`` more than the relaxation in the step).
    public var relativeGap = 1e-3
    /// Curtailment beyond the relaxation's that a commitment taken without branch and bound may have, MW.
    public var curtailmentToleranceMW = 1.0

    private var memory: CommitmentMemory?
    /// Units kept on for voltage support: the last step index each stays committed.
    private var voltageSupportUntil: [Int: Int] = [:]
    private var divergenceAnswered = false
    private var curves: [CostSegments] = []
    private var generatorBus: [Int] = []
    /// PTDF rows of the branches limited so far, by branch (the network does not change between steps).
    private var sensitivityRows: [Int: [Double]] = [:]
    /// This step's program (commitment fixed), its solution and the Clp session holding it, for the AC loop.
    private var current: (problem: DispatchProblem, values: [Double], rowPrices: [Double], session: LinearProgramSession)?
    /// The DC limits the next step's window starts with, by period of that window: those of this window that bound
    /// (a nonzero dual) or were found overloaded in this step, one period earlier (this window's period t + 1 is the
    /// next one's t; the first period's stay in the first). A congested branch usually stays congested for hours;
    /// starting with its row saves rounds, as industrial SCED carries its active constraint set — and carrying a
    /// limit only into the hours where it bound keeps the window's program small (case2869pegase: a branch that
    /// bound once carried into all 24 periods gave windows of 600–900 dense rows).
    private var carriedLimits: [DispatchProblem.FlowLimitKey] = []
    private var securityRound = 0
    /// The step's DC limits found by the AC security loop.
    private var acLimits = ACFlowLimits()
    /// The commitment memory and carried limits before this step, to decide it again; whether it was.
    private var stepStart: (memory: CommitmentMemory, carriedLimits: [DispatchProblem.FlowLimitKey])
        = (CommitmentMemory(inService: []), [])
    private var recommitted = false

    public init() {}

    public mutating func prepare(_ step: inout StepState, context: SimulationContext) {
        let grid = context.scenario.grid
        if memory == nil {
            memory = CommitmentMemory(inService: grid.generators.map(\.inService))
            curves = grid.generators.indices.map { g in
                let maximum = grid.generators[g].maximumActivePowerMW
                return CostSegments(
                    cost: g < grid.generatorCosts.count ? grid.generatorCosts[g] : nil,
                    maximumMW: maximum.isFinite ? max(0, maximum) : 1e6)
            }
            let lookup = grid.busLookup()
            generatorBus = grid.generators.map { lookup[$0.bus] ?? 0 }
        }
        stepStart = (memory!, carriedLimits)
        recommitted = false
        divergenceAnswered = false
        voltageSupportUntil = voltageSupportUntil.filter { $0.value >= step.index }
        // The last step's window and its final basis: this window starts from it, shifted by one period.
        let previous = current.flatMap { last in last.session.basis.map { (last.problem, $0) } }
        decide(&step, context: context, lossesMW: context.previousLossesMW, voltages: context.previousVoltages, previous: previous)
    }

    /// Solves the step's window with `lossesMW` as the first period's losses (and, with loss factors, the
    /// linearization at `voltages`) and applies its first period to `step`. The window's relaxation starts from
    /// `previous` — the last step's window and a basis of it — shifted by one period
    /// (``DispatchProblem/shiftedBasis(of:_:)``).
    private mutating func decide(
        _ step: inout StepState, context: SimulationContext, lossesMW: Double, voltages: [Complex<Double>],
        previous: (problem: DispatchProblem, basis: LinearProgramBasis)? = nil
    ) {
        let scenario = context.scenario, grid = scenario.grid
        current = nil
        securityRound = 0
        acLimits = ACFlowLimits()
        let now = StepInputs(
            index: step.index, timeMinutes: 0, demandMW: step.demandMW, demandMvar: step.demandMvar,
            availableMW: step.availableMW)
        var inputs = DispatchProblem.Inputs(
            scenario: scenario, periods: [now] + context.lookahead, stateOfCharge: step.stateOfCharge,
            previousGeneratorMW: context.previousGeneratorMW, previousLossesMW: lossesMW,
            memory: memory!, curves: curves, generatorBus: generatorBus, shiftFlowsMW: context.shiftFlowsMW,
            storageCycleCost: storageCycleCost)
        if scenario.dispatch.lossFactors, let dc = context.dc, voltages.count == grid.buses.count,
           let factors = dc.lossFactors(voltages: voltages), factors.allSatisfy(\.isFinite) {
            inputs.lossFactors = factors
            inputs.lossPointInjectionsMW = dc.network.injectedActivePowerMW(voltages: voltages)
        }
        if !voltageSupportUntil.isEmpty {
            inputs.forcedOnPeriods = grid.generators.indices.map { g in
                voltageSupportUntil[g].map { min(inputs.periods.count, max(0, $0 - step.index + 1)) } ?? 0
            }
        }
        step.voltageSupportUnits = voltageSupportUntil.count
        let integer = scenario.dispatch.commitment.integerPeriods(of: inputs.periods.count)
        let fresh = DispatchProblem(inputs, options: .init(integerPeriods: integer))
        var problem = fresh
        if let dc = context.dc {
            for key in carriedLimits where key.period < problem.periodCount {
                guard let row = ptdf(key.branch, dc: dc) else { continue }
                problem.addFlowLimit(period: key.period, branch: key.branch, limitMW: scenario.limitMVA(branch: key.branch), ptdf: row)
            }
        }
        let carried = Set(carriedLimits)
        var session = LinearProgramSession()
        // Only a window of hours: a single period's program solves from scratch in milliseconds, and its optimum
        // reached from the last step's basis may be another vertex of the same cost — on case1354pegase one whose
        // AC power flow diverged.
        let start = problem.periodCount < 2 ? nil : previous.flatMap { problem.shiftedBasis(of: $0.problem, $0.basis) }
        var solved = solveWithNetwork(&problem, dc: context.dc, session: session, start: start)
        if solved == nil && !carried.isEmpty {
            // The carried limits are only a head start: a window that finds no solution with them is solved once more
            // from scratch, its limits found afresh (one step of a case2869pegase week failed with them; why was not
            // pinned down).
            problem = fresh
            session = LinearProgramSession()
            solved = solveWithNetwork(&problem, dc: context.dc, session: session)
        }
        guard let values = solved else {
            step.dispatchFeasible = false
            step.committed = memory!.online
            return
        }
        carriedLimits = Set(problem.flowRows.compactMap { key, row in
            abs(values.rowPrices[row]) > 1e-9 || !carried.contains(key)
                ? DispatchProblem.FlowLimitKey(period: max(0, key.period - 1), branch: key.branch) : nil
        }).sorted { ($0.period, $0.branch) < ($1.period, $1.branch) }
        current = (problem, values.x, values.rowPrices, session)
        apply(problem, values.x, to: &step)
        price(problem, values, into: &step)
        attributeCurtailment(problem, values.x, inputs: inputs, session: session, step: &step)
        memory!.advance(committed: step.committed)
    }

    public mutating func respond(to result: SolvedStep, step: inout StepState, context: SimulationContext) -> Bool {
        let scenario = context.scenario
        guard var (problem, x, rowPrices, session) = current, securityRound < securityRounds else { return false }
        // The balance carried an estimate of the losses; what AC measured replaces it, or the reference generator
        // makes up the difference (and renewables may be curtailed for nothing).
        let lossError = result.lossesMW - problem.lossesMW(period: 0, at: x)
        let fixLosses = abs(lossError) > lossToleranceMW
        let overloaded = context.dc == nil ? [] : result.overloadedBranches(
            limitPercent: scenario.loadingLimitPercent, ratings: scenario.ratingsMVA)
        // Branches AC overloads, and those whose limit the loop set earlier in the step: loosened if AC now loads them
        // well below their limit and the limit costs something (a shadow price above `loosenPricePerMWh`; on
        // case2869pegase, where every unit costs the same, a binding limit that curtails nothing is not worth a round).
        let hours = scenario.stepHours
        let loosenable = acLimits.branches.filter { k in
            guard !overloaded.contains(k), let row = problem.flowRows[DispatchProblem.FlowLimitKey(period: 0, branch: k)],
                  row < rowPrices.count else { return false }
            return abs(rowPrices[row]) / hours > loosenPricePerMWh
        }
        let candidates = overloaded + loosenable
        var adjusted = false
        if let dc = context.dc, !candidates.isEmpty {
            guard let flows = Self.dcFlowsMW(problem, period: 0, x, dc: dc, shift: context.shiftFlowsMW) else { return false }
            for k in candidates {
                let limit = scenario.limitMVA(branch: k)
                let flow = result.branches[k]
                // An overload that is mostly reactive flow — the active power that brings |S| to the limit with Q as
                // it is would be less than half the flow — is not for active redispatch: it is left to the next
                // controller and reported.
                let fromMVA = (flow.fromMW * flow.fromMW + flow.fromMvar * flow.fromMvar).squareRoot()
                let (p, q) = fromMVA >= flow.maximumMVA ? (flow.fromMW, flow.fromMvar) : (flow.toMW, flow.toMvar)
                guard abs(p) - max(0, limit * limit - q * q).squareRoot() <= 0.5 * abs(p),
                      let next = acLimits.nextLimitMW(
                        branch: k, dcFlowMW: flows[k], acMVA: flow.maximumMVA, limitMVA: limit, ceilingMW: limit),
                      let row = ptdf(k, dc: dc)
                else { continue }
                problem.addFlowLimit(period: 0, branch: k, limitMW: next, ptdf: row)
                adjusted = true
            }
        }
        guard fixLosses || adjusted else { return false }
        let before = problem
        if fixLosses { problem.setLosses(firstPeriodMW: result.lossesMW, at: x) }
        securityRound += 1
        // The loop never sheds load to relieve an AC overload. A round whose program has no other solution — the
        // warm solve's verdict checked by a solve from scratch in a new session, whose answer is the one taken — is
        // dropped and the step keeps its dispatch: the program keeps the round's limits with the losses it had before
        // the round (the session holds the same rows, a later round goes on warm), and a commitment decided for losses
        // far from AC's is decided again. (A second warm solve of the same program from the failed basis, which stood
        // here, now and then returned a solution that the solve from scratch does not find: case1354pegase's week
        // curtailed 257 MWh with it, 110 MWh without.)
        // The limits are soft (``DispatchSettings/flowLimitPenalty``): a round that meets its new limits only by paying
        // for flow beyond them — more than the dispatch already did — has no solution in this sense either. A round
        // that also carried measured losses is then tried with the losses alone: AC's losses go into the dispatch even
        // when a tightened limit cannot be met (dropping both left them all to the reference generator: on
        // case_ACTIVSg2000 50–380 MW beyond its PMAX in 86 of 168 hours).
        let violationBefore = before.flowViolationMW(x)
        func acceptable(_ solution: LinearProgramSolution, limitsTightened: Bool) -> Bool {
            solution.status == .optimal && solution.values[problem.unserved[0]] <= step.unservedMW + 1e-6
                && (!limitsTightened || problem.flowViolationMW(solution.values) <= violationBefore + 1e-6)
        }
        func solveChecked(limitsTightened: Bool) -> LinearProgramSolution {
            let solution = session.solve(problem.program)
            if acceptable(solution, limitsTightened: limitsTightened) { return solution }
            let fresh = LinearProgramSession()
            let confirmation = fresh.solve(problem.program)
            guard acceptable(confirmation, limitsTightened: limitsTightened) else { return solution }
            session = fresh
            return confirmation
        }
        var solution = solveChecked(limitsTightened: adjusted)
        var limitsKept = adjusted
        if !acceptable(solution, limitsTightened: adjusted) {
            var reverted = before
            reverted.restoreBounds(keepingRowsOf: problem)
            problem = reverted
            var lossesOnly: LinearProgramSolution?
            if fixLosses && adjusted {
                problem.setLosses(firstPeriodMW: result.lossesMW, at: x)
                let candidate = solveChecked(limitsTightened: false)
                if acceptable(candidate, limitsTightened: false) { lossesOnly = candidate }
            }
            guard let lossesOnly else {
                problem = reverted
                current?.problem = reverted
                return fixLosses && recommit(&step, lossError: lossError, result: result, context: context)
            }
            solution = lossesOnly
            limitsKept = false
        }
        let usedBefore = step.usedMW.reduce(0, +)
        let usedAfter = problem.usedMW(period: 0, solution.values)
        // The commitment was decided for losses far from AC's (the last step's, after a stressed one): when taking
        // the measured losses with it fixed would curtail, it is decided again with them.
        if fixLosses && usedAfter < usedBefore - curtailmentToleranceMW
            && recommit(&step, lossError: lossError, result: result, context: context) {
            return true
        }
        x = solution.values
        current = (problem, x, solution.rowPrices, session)
        apply(problem, x, to: &step)
        price(problem, (solution.values, solution.rowPrices), into: &step)
        // What the loop cut beyond the DC dispatch counts as congestion (AC) curtailment; what it freed, surplus.
        let cut = usedBefore - step.usedMW.reduce(0, +)
        if cut > 0 && limitsKept && !overloaded.isEmpty {
            step.congestionCurtailedMW += cut
            for k in overloaded { step.congestionByBranchMW[k, default: 0] += cut / Double(overloaded.count) }
        } else if cut != 0 {
            step.surplusCurtailedMW = max(0, step.surplusCurtailedMW + cut)
        }
        step.surplusCurtailedMW = min(step.surplusCurtailedMW, max(0, step.curtailedMW - step.congestionCurtailedMW - step.minimumGenerationCurtailedMW))
        return true
    }

    /// Decides the step again — commitment included — with the losses AC measured, once per step, when they differ
    /// from the estimate by more than ``recommitLossFraction`` of the demand. Whether it did (false: the first
    /// decision stands, as when the window has no solution with them).
    private mutating func recommit(
        _ step: inout StepState, lossError: Double, result: SolvedStep, context: SimulationContext
    ) -> Bool {
        guard !recommitted, current?.problem.hasCommitment == true,
              abs(lossError) > recommitLossFraction * step.totalDemandMW else { return false }
        recommitted = true
        return decideAgain(&step, result: result, context: context)
    }

    /// Decides the step again from the commitment memory and limits it started with, with the losses and voltages
    /// of `result` (nil: the last step's, as at the step's start). Whether it did (false: the window had no solution;
    /// the step and this controller are as before).
    private mutating func decideAgain(_ step: inout StepState, result: SolvedStep?, context: SimulationContext) -> Bool {
        let (controllerBefore, stepBefore) = (self, step)
        (memory, carriedLimits) = (stepStart.memory, stepStart.carriedLimits)
        step.clearDispatchOutcome()
        decide(
            &step, context: context, lossesMW: result?.lossesMW ?? context.previousLossesMW,
            voltages: result?.voltages ?? context.previousVoltages)
        guard current != nil else {
            (self, step) = (controllerBefore, stepBefore)
            return false
        }
        return true
    }

    /// When the step's first power flow diverged: the units this step's commitment switched off stay on as voltage
    /// support for ``DispatchSettings/voltageSupportHours`` and the step is decided again, once per step (on
    /// case_ACTIVSg2000's week the two units switched off at 02:00 on a light-load night left the power flow without a
    /// solution; kept on, the step converged). Units off since an earlier step are not started for it. Whether it
    /// decided the step again (false: nothing to keep on, or no solution with them; nothing changed).
    public mutating func respondToDivergence(step: inout StepState, context: SimulationContext) -> Bool {
        let grid = context.scenario.grid
        guard context.scenario.dispatch.voltageSupportHours > 0, !divergenceAnswered,
              current?.problem.hasCommitment == true, step.committed.count == grid.generators.count else { return false }
        divergenceAnswered = true
        let switchedOff = grid.generators.indices.filter { g in
            grid.generators[g].inService && stepStart.memory.online[g] && !step.committed[g] && voltageSupportUntil[g] == nil
        }
        guard !switchedOff.isEmpty else { return false }
        let scenario = context.scenario
        let supportBefore = voltageSupportUntil
        let steps = max(1, Int((scenario.dispatch.voltageSupportHours * 60 / Double(scenario.stepMinutes)).rounded(.up)))
        for g in switchedOff { voltageSupportUntil[g] = step.index + steps - 1 }
        guard decideAgain(&step, result: nil, context: context) else {
            voltageSupportUntil = supportBefore
            return false
        }
        return true
    }

    /// Solves the window: finds the DC limits it needs, decides the commitment and solves the linear program with
    /// the commitment fixed (the duals come from it). Every linear program of the step is solved in `session`, each
    /// from the last basis (rows added and bounds tightened: the dual simplex's case), kept for the AC loop.
    ///
    /// 1. The window's linear relaxation, with the DC limits of the branches each round overloads added, until none is
    ///    (``flowLimitRounds``): its cost is a lower bound of every commitment's. Its first solve starts from `start`
    ///    when given (the last window's basis shifted by a period: on case2869pegase 40 ms where presolve and the
    ///    simplex from scratch take 0.8–1.3 s).
    /// 2. Candidate commitments of the first period — the last step's, and the relaxation rounded to the nearest and
    ///    up — each fixed and solved, with the limits its own dispatch still overloads added. A candidate is
    ///    acceptable when it is within the gap (``relativeGap``) of the bound and curtails no more than the
    ///    relaxation (within ``curtailmentToleranceMW``); of those, the one with the most units on is taken — the
    ///    cost half is the proof branch and bound would give, at the cost of a warm linear program (on
    ///    case2869pegase, Cbc spends 4–9 s to reach it from scratch). Otherwise, with `milp`, branch and bound
    ///    decides, with the cheapest candidate as its first incumbent, and the linear program with its commitment
    ///    gets the limits its dispatch overloads. With `relaxed`, the cheapest candidate is taken (branch and bound
    ///    only when none has a solution). `milp-window` decides every period by branch and bound.
    /// Nil when the window has no solution.
    private mutating func solveWithNetwork(
        _ problem: inout DispatchProblem, dc: DCSensitivities?, session: LinearProgramSession, start: LinearProgramBasis? = nil
    ) -> (x: [Double], rowPrices: [Double])? {
        let mode = problem.inputs.scenario.dispatch.commitment
        var rounds = 0
        var relaxation = session.solve(problem.program.relaxation, startingFrom: start)
        while let dc, relaxation.status == .optimal, rounds < flowLimitRounds,
              addOverloadedLimits(&problem, relaxation.values, dc: dc) {
            rounds += 1
            relaxation = session.solve(problem.program.relaxation)
        }
        guard relaxation.status == .optimal else { return nil }
        guard problem.hasCommitment else {
            return (relaxation.values, relaxation.rowPrices)
        }
        // The cheapest candidate; re-solved at the end on the program with every limit found (a later candidate may
        // have added some), as the session holds the largest program solved so far.
        var best: (commitment: [Bool], solution: LinearProgramSolution)?
        func take(_ commitment: [Bool]) -> (x: [Double], rowPrices: [Double])? {
            let final = solveDecided(&problem, firstPeriod: commitment, dc: dc, session: session, rounds: &rounds)
            guard final.solution.status == .optimal else { return nil }
            problem = final.problem
            return (final.solution.values, final.solution.rowPrices)
        }
        if mode != .milpWindow {
            let bound = relaxation.objective
            let gap = relativeGap
            let usable = problem.usedMW(period: 0, relaxation.values) - curtailmentToleranceMW
            // Within the gap of the bound in cost — and in the step's curtailment: at the default penalty of 1 $/MWh,
            // 0.1 % of a 24-hour window's cost on case2869pegase is a GWh of curtailment, which a cost gap alone lets
            // through (keeping the last commitment that way tripled the week's minimum-generation curtailment).
            func withinGap(_ solution: LinearProgramSolution, _ decided: DispatchProblem) -> Bool {
                solution.objective <= bound + gap * max(1, abs(bound)) && decided.usedMW(period: 0, solution.values) >= usable
            }
            var candidates = [problem.firstPeriodCommitment(rounding: relaxation.values, up: false),
                              problem.firstPeriodCommitment(rounding: relaxation.values, up: true)]
            if let online = memory?.online { candidates.insert(online, at: 0) }
            var tried: Set<[Bool]> = []
            // Among the acceptable candidates, the one with the most units on: when costs and curtailment are equal,
            // committed units hold voltages and carry reactive flow that a DC dispatch does not see (case2869pegase,
            // whose units cost nothing to start or keep on: keeping the last step's commitment left 85 units off by
            // day, and the AC power flow overloaded 17 branches the loop then curtailed for).
            var chosen: (commitment: [Bool], on: Int, cost: Double)?
            for candidate in candidates where tried.insert(candidate).inserted {
                let decided = solveDecided(&problem, firstPeriod: candidate, dc: dc, session: session, rounds: &rounds)
                guard decided.solution.status == .optimal else { continue }
                let acceptable = withinGap(decided.solution, decided.problem)
                if decided.solution.objective < (best?.solution.objective ?? .infinity) { best = (candidate, decided.solution) }
                let on = candidate.filter { $0 }.count
                if acceptable && (chosen == nil || on > chosen!.on || (on == chosen!.on && decided.solution.objective < chosen!.cost)) {
                    chosen = (candidate, on, decided.solution.objective)
                }
            }
            if let chosen { return take(chosen.commitment) }
            if let best, mode == .relaxed { return take(best.commitment) }
        }
        // Branch and bound, on the program with every limit found so far.
        var exact = problem
        if mode == .relaxed { exact.makeFirstPeriodInteger() }
        let start = best.map { Array($0.solution.values.prefix(exact.program.columnCount)) }
        let decided = LinearProgramSolver.solve(
            exact.program, timeLimitSeconds: timeLimitSeconds, relativeGap: relativeGap, maximumNodes: maximumNodes, start: start)
        if decided.status == .optimal || (decided.status == .stopped && !decided.values.isEmpty) {
            let periods = mode == .milpWindow ? problem.periodCount : 1
            let result = solveDecided(&problem, commitment: decided.values, periods: periods, dc: dc, session: session, rounds: &rounds)
            // Stopped at its node limit, branch and bound may hold a worse commitment than a candidate.
            if result.solution.status == .optimal && result.solution.objective <= (best?.solution.objective ?? .infinity) {
                problem = result.problem
                return (result.solution.values, result.solution.rowPrices)
            }
        }
        return best.flatMap { take($0.commitment) }
    }

    /// The window with the first period's commitment `firstPeriod` (per generator) fixed, solved in `session`, with
    /// the limits its dispatch overloads added (to `problem` too, for every later candidate).
    private mutating func solveDecided(
        _ problem: inout DispatchProblem, firstPeriod: [Bool], dc: DCSensitivities?, session: LinearProgramSession,
        rounds: inout Int
    ) -> (problem: DispatchProblem, solution: LinearProgramSolution) {
        solveDecided(&problem, dc: dc, session: session, rounds: &rounds) { $0.fixFirstPeriodCommitment(firstPeriod) }
    }

    /// The window with the commitment of its first `periods` periods fixed at their values in `x`, as above.
    private mutating func solveDecided(
        _ problem: inout DispatchProblem, commitment x: [Double], periods: Int, dc: DCSensitivities?,
        session: LinearProgramSession, rounds: inout Int
    ) -> (problem: DispatchProblem, solution: LinearProgramSolution) {
        solveDecided(&problem, dc: dc, session: session, rounds: &rounds) { $0.fixCommitment(x, periods: periods) }
    }

    private mutating func solveDecided(
        _ problem: inout DispatchProblem, dc: DCSensitivities?, session: LinearProgramSession, rounds: inout Int,
        fixing fix: (inout DispatchProblem) -> Void
    ) -> (problem: DispatchProblem, solution: LinearProgramSolution) {
        var decided = problem
        fix(&decided)
        var solution = session.solve(decided.program)
        while let dc, solution.status == .optimal, rounds < flowLimitRounds,
              addOverloadedLimits(&problem, solution.values, dc: dc) {
            rounds += 1
            decided = problem
            fix(&decided)
            solution = session.solve(decided.program)
        }
        return (decided, solution)
    }

    /// Adds the DC limit of every rated branch that the dispatch `x` overloads in any period and that has none yet
    /// there. Whether any was added.
    private mutating func addOverloadedLimits(_ problem: inout DispatchProblem, _ x: [Double], dc: DCSensitivities) -> Bool {
        let scenario = problem.inputs.scenario
        var added = false
        for t in 0..<problem.periodCount {
            guard let flows = Self.dcFlowsMW(problem, period: t, x, dc: dc, shift: problem.inputs.shiftFlowsMW) else { break }
            for k in scenario.ratingsMVA.indices where scenario.ratingsMVA[k] > 0 && dc.susceptance[k] != 0 {
                let limit = scenario.limitMVA(branch: k)
                guard abs(flows[k]) > limit + 1e-6,
                    problem.flowRows[DispatchProblem.FlowLimitKey(period: t, branch: k)] == nil,
                    let row = ptdf(k, dc: dc)
                else { continue }
                problem.addFlowLimit(period: t, branch: k, limitMW: limit, ptdf: row)
                added = true
            }
        }
        return added
    }

    /// The DC flow of every branch in `period` of a candidate solution, MW: the injections' flows plus the phase
    /// shifters' own.
    static func dcFlowsMW(_ problem: DispatchProblem, period t: Int, _ x: [Double], dc: DCSensitivities, shift: [Double]) -> [Double]? {
        let base = problem.inputs.scenario.grid.baseMVA
        guard let flows = dc.flows(injections: problem.netInjectionsMW(period: t, x).map { $0 / base }) else { return nil }
        return flows.indices.map { flows[$0] * base + (shift.isEmpty ? 0 : shift[$0]) }
    }

    /// A branch's PTDF row, computed once.
    private mutating func ptdf(_ k: Int, dc: DCSensitivities) -> [Double]? {
        if let row = sensitivityRows[k] { return row }
        let row = dc.flowSensitivities(branch: k)
        sensitivityRows[k] = row
        return row
    }

    /// The window's first period into the step: outputs, renewables used, storage, shedding, commitment, cost.
    private func apply(_ problem: DispatchProblem, _ x: [Double], to step: inout StepState) {
        let grid = problem.inputs.scenario.grid
        for g in grid.generators.indices { step.generatorMW[g] = max(0, problem.outputMW(g, period: 0, x)) }
        for p in step.usedMW.indices {
            // The solver's feasibility tolerance is no curtailment.
            let used = x[problem.used[0][p]]
            step.usedMW[p] = used > step.availableMW[p] - 1e-7 ? step.availableMW[p] : max(0, used)
        }
        for s in step.chargeMW.indices {
            step.chargeMW[s] = max(0, x[problem.charge[0][s]])
            step.dischargeMW[s] = max(0, x[problem.discharge[0][s]])
        }
        step.unservedMW = max(0, x[problem.unserved[0]])
        step.committed = grid.generators.indices.map { problem.isCommitted($0, period: 0, x) }
        step.generationCost = problem.generationCost(period: 0, x)
    }

    /// Locational marginal prices of the first period from the linear program's duals: the balance's price plus, for
    /// each binding limit, its dual times the branch's flow per MW withdrawn at the bus; per hour of the step.
    private func price(_ problem: DispatchProblem, _ solution: (x: [Double], rowPrices: [Double]), into step: inout StepState) {
        let hours = problem.inputs.scenario.stepHours
        let duals = solution.rowPrices
        guard duals.count == problem.program.rowCount else { return }
        // λ·(1 − LF_b): the energy price seen from bus b through the losses its injection causes.
        let factors = problem.inputs.lossFactors
        let congestion = problem.congestionPrices(period: 0, duals: duals)
        step.pricesPerMWh = step.demandMW.indices.map { b in
            (duals[problem.balanceRows[0]] * (factors.isEmpty ? 1 : 1 - factors[b]) + congestion[b]) / hours
        }
        var shadow: [Int: Double] = [:]
        for (key, row) in problem.flowRows where key.period == 0 && abs(duals[row]) > 1e-9 {
            shadow[key.branch] = abs(duals[row]) / hours
        }
        step.branchShadowPrices = shadow
    }

    /// Splits the first period's curtailment into congestion (what the network limits forced: the window re-solved
    /// without them, the step's commitment kept), minimum generation (what the units' minimum outputs, commitment rules and ramps forced: the
    /// window re-solved without those) and surplus (the rest).
    private func attributeCurtailment(
        _ problem: DispatchProblem, _ x: [Double], inputs: DispatchProblem.Inputs, session: LinearProgramSession,
        step: inout StepState
    ) {
        let curtailed = step.curtailedMW
        guard curtailed > 1e-6 else { return }
        var free = curtailed
        if !problem.flowRows.isEmpty {
            // The same commitment now, without network limits (the step's program with its flow limits lifted, from
            // its basis): what congestion alone cut.
            var unlimited = problem
            unlimited.liftFlowLimits()
            let solution = session.solve(unlimited.program)
            if solution.status == .optimal {
                free = min(curtailed, max(0, step.availableMW.reduce(0, +) - unlimited.usedMW(period: 0, solution.values)))
            }
        }
        var minimum = 0.0
        if free > 1e-6 {
            let surplusOnly = DispatchProblem(inputs, options: .init(integerPeriods: 0, minimumGeneration: false))
            let solution = LinearProgramSolver.solve(surplusOnly.program)
            if solution.status == .optimal {
                let surplus = max(0, step.availableMW.reduce(0, +) - surplusOnly.usedMW(period: 0, solution.values))
                minimum = max(0, free - surplus)
            }
        }
        let congestion = curtailed - free
        step.congestionCurtailedMW += congestion
        step.minimumGenerationCurtailedMW = minimum
        step.surplusCurtailedMW = max(0, free - minimum)
        let weights = step.branchShadowPrices
        let total = weights.values.reduce(0, +)
        if congestion > 1e-9 && total > 0 {
            for (k, weight) in weights { step.congestionByBranchMW[k, default: 0] += congestion * weight / total }
        }
    }
}
