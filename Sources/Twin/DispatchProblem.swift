import GridModel
import Optimization

/// The program of one dispatch window of `periods` steps (the first is the step being decided):
///
/// minimise Σₜ [ Σ_g (Σ_j cost_j·seg_gjt + noLoad_g·u_gt)·h + startup_g·v_gt + shutdown_g·w_gt
///              − penalty·h·Σ_p used_pt + cycle·h·Σ_s (c_st + d_st) + VOLL·h·unserved_t ]
/// subject to, per period t:
/// - output: P_gt = Σ_j seg_gjt (one column per unit and period, which the balance, the unit's limits, ramps and
///   flow limits use: a flow limit's row then has one entry per unit, not one per cost segment);
/// - balance: Σ_g P_gt + Σ_p used_pt + Σ_s (d_st − c_st) + unserved_t = load_t + losses_t; in the first period,
///   with marginal loss factors LF_b from the last AC state (``Inputs/lossFactors``), every injection at bus b counts
///   (1 − LF_b) and the right side is Σ_b (1 − LF_b)·load_b + K, K = L° − Σ_b LF_b·P°_b (losses linearized at the
///   AC state's injections P° and losses L°): the balance with losses ≈ L° + Σ LF_b·(P_b − P°_b);
/// - units: PMIN_g·u_gt ≤ P_gt ≤ PMAX_g·u_gt (u binary, or 1 for units without commitment rules),
///   v_gt − w_gt = u_gt − u_g,t−1, minimum up time Σ_{τ>t−UT} v_gτ ≤ u_gt, minimum down time Σ_{τ>t−DT} w_gτ ≤ 1 − u_gt,
///   must-run u = 1 (also units kept on for voltage support, in the periods they are), ramps |P_gt − P_g,t−1| ≤ R_g
///   (+ PMIN on a start or a stop);
/// - renewables: used_pt ≤ available_pt (= when not curtailable);
/// - storage: e_st = e_s,t−1 + η·h·c_st − h·d_st within its state-of-charge limits, c and d within its power;
/// - network: for monitored branches that bind (added lazily, ``addFlowLimit(period:branch:limitMW:ptdf:)``),
///   −L ≤ PTDF_k·(injections_t) ≤ L.
///
/// Options build the variants that attribute curtailment to a cause: without network limits (what the network
/// forced out is congestion) and without the units' minimum outputs and ramps (what they forced out is minimum
/// generation; the rest is surplus).
struct DispatchProblem {
    /// The variants of the window's program.
    struct Options: Sendable {
        /// Periods (from the first) whose commitment is binary; the rest are relaxed to [0, 1].
        var integerPeriods = 1
        var minimumGeneration = true
    }

    /// Everything that shapes the window apart from the controller's costs.
    struct Inputs {
        var scenario: PreparedScenario
        /// The window's steps: the step being decided first.
        var periods: [StepInputs]
        var stateOfCharge: [Double]
        var previousGeneratorMW: [Double]
        var previousLossesMW: Double
        var memory: CommitmentMemory
        var curves: [CostSegments]
        /// Bus position of every generator.
        var generatorBus: [Int]
        /// The phase shifters' own DC flow per branch, MW (added to every PTDF product).
        var shiftFlowsMW: [Double]
        var storageCycleCost: Double
        /// Marginal loss factors per bus at the last AC state (empty: losses as a lump, no penalty factors).
        var lossFactors: [Double] = []
        /// Net injection per bus at that state, MW (P°; their sum is the losses L°).
        var lossPointInjectionsMW: [Double] = []
        /// Per generator: the window's first periods in which it must be committed — kept on for voltage support
        /// (``OptimalDispatchController/respondToDivergence(step:context:)``); empty: none.
        var forcedOnPeriods: [Int] = []
    }

    private(set) var program = LinearProgram()
    let inputs: Inputs
    var periodCount: Int { inputs.periods.count }
    /// [t][g]: segment columns of a unit's output (empty when out of service).
    private(set) var segments: [[[Int]]] = []
    /// [t][g]: a unit's output column, MW (−1 when out of service).
    private(set) var outputs: [[Int]] = []
    /// [t][g]: commitment, start and stop columns (−1 for units without commitment decisions).
    private(set) var commitment: [[Int]] = [], starts: [[Int]] = [], stops: [[Int]] = []
    /// [t][p], [t][s], [t].
    private(set) var used: [[Int]] = [], charge: [[Int]] = [], discharge: [[Int]] = [], unserved: [Int] = []
    private(set) var balanceRows: [Int] = []
    /// Flow-limit rows by period and branch.
    private(set) var flowRows: [FlowLimitKey: Int] = [:]
    /// Per flow-limit row: the columns that let its flow exceed the limit (over) or fall below −limit (under), MW,
    /// priced at ``DispatchSettings/flowLimitPenalty``.
    private(set) var flowSlacks: [FlowLimitKey: (over: Int, under: Int)] = [:]
    /// The PTDF row each flow limit uses, by branch.
    private(set) var flowSensitivities: [Int: [Double]] = [:]

    struct FlowLimitKey: Hashable, Sendable {
        var period: Int
        var branch: Int
    }

    init(_ inputs: Inputs, options: Options) {
        self.inputs = inputs
        let point = inputs.lossPointInjectionsMW
        lossConstantMW = point.count == inputs.lossFactors.count && !point.isEmpty
            ? point.indices.reduce(0) { $0 + (1 - inputs.lossFactors[$1]) * point[$1] } : inputs.previousLossesMW
        let scenario = inputs.scenario, grid = scenario.grid, settings = scenario.dispatch
        let hours = scenario.stepHours
        for t in inputs.periods.indices {
            periodStarts.append((program.columnCount, program.rowCount))
            let period = inputs.periods[t]
            var segmentColumns = [[Int]](repeating: [], count: grid.generators.count)
            var outputColumns = [Int](repeating: -1, count: grid.generators.count)
            var commitmentColumns = [Int](repeating: -1, count: grid.generators.count)
            var startColumns = commitmentColumns, stopColumns = commitmentColumns
            for (g, generator) in grid.generators.enumerated() where generator.inService {
                let curve = inputs.curves[g]
                let maximum = curve.widthsMW.reduce(0, +)
                let minimum = options.minimumGeneration ? min(max(0, generator.minimumActivePowerMW), maximum) : 0
                let rules = settings.units[g]
                segmentColumns[g] = curve.widthsMW.indices.map { j in
                    program.addColumn(
                        cost: (curve.costsPerMWh[j] + curve.tieBreaksPerMWh[j]) * hours, lower: 0, upper: curve.widthsMW[j])
                }
                outputColumns[g] = program.addColumn(cost: 0, lower: 0, upper: maximum)
                program.addRow(segmentColumns[g].map { ($0, -1.0) } + [(outputColumns[g], 1)], lower: 0, upper: 0)
                let output = [(column: outputColumns[g], value: 1.0)]
                if options.minimumGeneration && rules.needsCommitment(minimumMW: minimum) {
                    let memory = inputs.memory
                    var low = 0.0, high = 1.0
                    if rules.mustRun || t < (inputs.forcedOnPeriods.isEmpty ? 0 : inputs.forcedOnPeriods[g]) { low = 1 }
                    if memory.online[g] && memory.stepsInState[g] < rules.minUpSteps && t < rules.minUpSteps - memory.stepsInState[g] { low = 1 }
                    if !memory.online[g] && memory.stepsInState[g] < rules.minDownSteps && t < rules.minDownSteps - memory.stepsInState[g] { high = 0 }
                    if low > high { low = high }  // must-run beats a minimum down time: keep the program feasible
                    let u = program.addColumn(cost: curve.noLoadPerHour * hours, lower: low, upper: high, integer: t < options.integerPeriods)
                    let v = program.addColumn(cost: rules.startupCost, lower: 0, upper: 1)
                    let w = program.addColumn(cost: rules.shutdownCost, lower: 0, upper: 1)
                    commitmentColumns[g] = u
                    startColumns[g] = v
                    stopColumns[g] = w
                    program.addRow(output + [(u, -minimum)], lower: 0, upper: .infinity)
                    program.addRow(output + [(u, -maximum)], lower: -.infinity, upper: 0)
                    if t == 0 {
                        let before = memory.online[g] ? 1.0 : 0.0
                        program.addRow([(v, 1), (w, -1), (u, -1)], lower: -before, upper: -before)
                    } else {
                        program.addRow([(v, 1), (w, -1), (u, -1), (commitment[t - 1][g], 1)], lower: 0, upper: 0)
                    }
                    if rules.minUpSteps > 1 {
                        let window = max(0, t - rules.minUpSteps + 1)...t
                        let terms = window.map { τ in (column: τ == t ? v : starts[τ][g], value: 1.0) }
                        program.addRow(terms + [(u, -1)], lower: -.infinity, upper: 0)
                    }
                    if rules.minDownSteps > 1 {
                        let window = max(0, t - rules.minDownSteps + 1)...t
                        let terms = window.map { τ in (column: τ == t ? w : stops[τ][g], value: 1.0) }
                        program.addRow(terms + [(u, 1)], lower: -.infinity, upper: 1)
                    }
                }
                // Ramps, from the previous step's output (clamped into the unit's range) or the previous period.
                if options.minimumGeneration, scenario.rampLimits, let rate = generator.rampRates.first, rate > 0 {
                    let reach = rate * Double(scenario.stepMinutes)
                    let jump = max(0, minimum - reach)
                    let up = commitmentColumns[g] >= 0 && jump > 0 ? [(column: startColumns[g], value: -jump)] : []
                    let down = commitmentColumns[g] >= 0 && jump > 0 ? [(column: stopColumns[g], value: -jump)] : []
                    if t == 0 {
                        let before = min(max(0, inputs.previousGeneratorMW[g]), maximum)
                        program.addRow(output + up, lower: -.infinity, upper: before + reach)
                        program.addRow(output.map { ($0.column, -1.0) } + down, lower: -.infinity, upper: reach - before)
                    } else {
                        let previous = [(column: outputs[t - 1][g], value: -1.0)]
                        program.addRow(output + previous + up, lower: -.infinity, upper: reach)
                        program.addRow(output.map { ($0.column, -1.0) } + previous.map { ($0.column, 1.0) } + down, lower: -.infinity, upper: reach)
                    }
                }
            }
            segments.append(segmentColumns)
            outputs.append(outputColumns)
            commitment.append(commitmentColumns)
            starts.append(startColumns)
            stops.append(stopColumns)
            used.append(scenario.plants.indices.map { p in
                let available = period.availableMW[p]
                return program.addColumn(
                    cost: -settings.curtailmentPenalty * hours, lower: scenario.plants[p].curtailable ? 0 : available,
                    upper: available)
            })
            var chargeColumns: [Int] = [], dischargeColumns: [Int] = [], energyOfPeriod: [Int] = []
            for (s, unit) in scenario.storage.enumerated() {
                let c = program.addColumn(cost: inputs.storageCycleCost / 2 * hours, lower: 0, upper: unit.powerMW)
                let d = program.addColumn(cost: inputs.storageCycleCost / 2 * hours, lower: 0, upper: unit.powerMW)
                let energy = program.addColumn(cost: 0, lower: unit.socMin * unit.energyMWh, upper: unit.socMax * unit.energyMWh)
                let terms = [(column: energy, value: 1.0), (c, -unit.efficiency * hours), (d, hours)]
                if t == 0 {
                    let initial = inputs.stateOfCharge[s] * unit.energyMWh
                    program.addRow(terms, lower: initial, upper: initial)
                } else {
                    program.addRow(terms + [(energyColumns[t - 1][s], -1)], lower: 0, upper: 0)
                }
                chargeColumns.append(c)
                dischargeColumns.append(d)
                energyOfPeriod.append(energy)
            }
            energyColumns.append(energyOfPeriod)
            charge.append(chargeColumns)
            discharge.append(dischargeColumns)
            let load = period.demandMW.reduce(0, +)
            unserved.append(program.addColumn(cost: settings.valueOfLostLoad * hours, lower: 0, upper: max(0, load)))
            // Each injection at bus b counts 1 − LF_b in the first period (1 without loss factors).
            let factor: (Int) -> Double = { b in t == 0 && !inputs.lossFactors.isEmpty ? 1 - inputs.lossFactors[b] : 1 }
            var terms: [(column: Int, value: Double)] = []
            for (g, column) in outputColumns.enumerated() where column >= 0 { terms.append((column, factor(inputs.generatorBus[g]))) }
            for (p, plant) in scenario.plants.enumerated() { terms.append((used[t][p], factor(plant.busPosition))) }
            for (s, unit) in scenario.storage.enumerated() {
                terms += [(dischargeColumns[s], factor(unit.busPosition)), (chargeColumns[s], -factor(unit.busPosition))]
            }
            let weightedLoad = period.demandMW.indices.reduce(0) { $0 + factor($1) * period.demandMW[$1] }
            terms.append((unserved[t], load > 0 ? weightedLoad / load : 1))
            let need = t == 0 && !inputs.lossFactors.isEmpty ? weightedLoad + lossConstantMW : load + lossesMW(period: t)
            balanceRows.append(program.addRow(terms, lower: need, upper: need))
        }
        periodStarts.append((program.columnCount, program.rowCount))
    }

    /// Where each period's columns and rows start, and (last) where the periods end: the flow limits' rows follow.
    private var periodStarts: [(column: Int, row: Int)] = []

    /// A basis for this window from `basis`, a basis of `previous` — the window one step earlier — shifted by one
    /// period: period t starts from the previous window's t + 1 (the last from the previous window's last), and the
    /// rows of the flow limits start basic (their slacks: not binding). Nil when the windows' periods differ in shape
    /// (columns or rows per period) or `basis` is not one of `previous`'s programs.
    func shiftedBasis(of previous: DispatchProblem, _ basis: LinearProgramBasis) -> LinearProgramBasis? {
        func shape(_ starts: [(column: Int, row: Int)]) -> Set<[Int]> {
            Set(zip(starts, starts.dropFirst()).map { [$1.column - $0.column, $1.row - $0.row] })
        }
        let shapes = shape(periodStarts).union(shape(previous.periodStarts))
        guard shapes.count == 1, previous.periodCount > 0, let last = previous.periodStarts.last,
              basis.columns.count == previous.program.columnCount, basis.rows.count >= last.row else { return nil }
        var columns = [UInt8](), rows = [UInt8]()
        columns.reserveCapacity(program.columnCount)
        rows.reserveCapacity(program.rowCount)
        for t in 0..<periodCount {
            let source = min(t + 1, previous.periodCount - 1)
            let from = previous.periodStarts[source], to = previous.periodStarts[source + 1]
            columns += basis.columns[from.column..<to.column]
            rows += basis.rows[from.row..<to.row]
        }
        rows += [UInt8](repeating: LinearProgramBasis.basic, count: program.rowCount - rows.count)
        // The flow limits' slack columns follow the periods: at their lower bound (no violation).
        columns += [UInt8](repeating: LinearProgramBasis.atLowerBound, count: program.columnCount - columns.count)
        return LinearProgramBasis(columns: columns, rows: rows)
    }

    /// [t][s]: stored energy at the end of each period, MWh.
    private(set) var energyColumns: [[Int]] = []

    /// Sets the losses the first period's balance carries after an AC power flow has measured them at the
    /// dispatch `x`, MW: as a lump, or with loss factors by moving the linearization to x (K = L − Σ LF_b·P_b(x)).
    mutating func setLosses(firstPeriodMW losses: Double, at x: [Double]) {
        let demand = inputs.periods[0].demandMW
        if inputs.lossFactors.isEmpty {
            let need = demand.reduce(0, +) + losses
            program.setBounds(row: balanceRows[0], lower: need, upper: need)
            firstPeriodLossesMW = losses
        } else {
            let injections = netInjectionsMW(period: 0, x)
            lossConstantMW = losses - injections.indices.reduce(0) { $0 + inputs.lossFactors[$1] * injections[$1] }
            let need = demand.indices.reduce(0) { $0 + (1 - inputs.lossFactors[$1]) * demand[$1] } + lossConstantMW
            program.setBounds(row: balanceRows[0], lower: need, upper: need)
        }
    }

    /// The losses the first period's balance carries now as a lump, MW (without loss factors).
    private(set) var firstPeriodLossesMW: Double?

    /// K of the first period's linearized losses, MW: L° − Σ_b LF_b·P°_b at the last AC state (Σ P° = L°).
    private(set) var lossConstantMW = 0.0

    /// The losses a period's balance carries at the dispatch `x` (first period: the linearization's value there,
    /// with loss factors), otherwise the previous step's, scaled with the square of the load.
    func lossesMW(period t: Int, at x: [Double]? = nil) -> Double {
        if t == 0, !inputs.lossFactors.isEmpty {
            guard let x else { return lossConstantMW }
            let injections = netInjectionsMW(period: 0, x)
            return lossConstantMW + injections.indices.reduce(0) { $0 + inputs.lossFactors[$1] * injections[$1] }
        }
        let first = inputs.periods[0].demandMW.reduce(0, +), load = inputs.periods[t].demandMW.reduce(0, +)
        if t == 0, let measured = firstPeriodLossesMW { return measured }
        guard t > 0, first > 0 else { return inputs.previousLossesMW }
        return inputs.previousLossesMW * (load / first) * (load / first)
    }

    /// Adds (or, when there, moves) the limit |flow| ≤ `limitMW` of `branch` in `period`, from the branch's PTDF row
    /// (flow per MW injected at each bus, balanced at the reference). Loads' flow is a constant; shedding lowers
    /// every load in proportion.
    mutating func addFlowLimit(period t: Int, branch k: Int, limitMW: Double, ptdf row: [Double]) {
        let shift = k < inputs.shiftFlowsMW.count ? inputs.shiftFlowsMW[k] : 0
        flowSensitivities[k] = row
        let scenario = inputs.scenario, period = inputs.periods[t]
        var loadFlow = 0.0
        for (b, demand) in period.demandMW.enumerated() where demand != 0 { loadFlow -= row[b] * demand }
        if let existing = flowRows[FlowLimitKey(period: t, branch: k)] {
            program.setBounds(row: existing, lower: -limitMW - loadFlow - shift, upper: limitMW - loadFlow - shift)
            return
        }
        var terms: [(column: Int, value: Double)] = []
        for (g, column) in outputs[t].enumerated() where column >= 0 {
            let factor = row[inputs.generatorBus[g]]
            if factor != 0 { terms.append((column, factor)) }
        }
        for (p, plant) in scenario.plants.enumerated() where row[plant.busPosition] != 0 {
            terms.append((used[t][p], row[plant.busPosition]))
        }
        for (s, unit) in scenario.storage.enumerated() where row[unit.busPosition] != 0 {
            terms.append((discharge[t][s], row[unit.busPosition]))
            terms.append((charge[t][s], -row[unit.busPosition]))
        }
        let load = period.demandMW.reduce(0, +)
        if load > 0 && loadFlow != 0 { terms.append((unserved[t], -loadFlow / load)) }
        // The limit is soft, at a price above any redispatch or curtailment and below shedding load: with units at
        // their minimum outputs a hard limit can leave a commitment without any dispatch (a committed unit's PMIN
        // alone overloading a branch), and the window then fell back to a commitment that shed load everywhere.
        let penalty = scenario.dispatch.flowLimitPenalty * scenario.stepHours
        let over = program.addColumn(cost: penalty), under = program.addColumn(cost: penalty)
        terms += [(over, -1), (under, 1)]
        let key = FlowLimitKey(period: t, branch: k)
        flowSlacks[key] = (over, under)
        flowRows[key] = program.addRow(terms, lower: -limitMW - loadFlow - shift, upper: limitMW - loadFlow - shift)
    }

    /// Flow beyond the DC limits in the solution `x` (its slack columns; those added after `x` count 0), MW.
    func flowViolationMW(_ x: [Double]) -> Double {
        flowSlacks.values.reduce(0) { sum, slack in
            sum + (slack.over < x.count ? x[slack.over] : 0) + (slack.under < x.count ? x[slack.under] : 0)
        }
    }

    /// ∂cost/∂(demand at each bus) of period `t` beyond the system balance's, $ per MW per step: Σ_k μ_k·PTDF_k,b
    /// over the flow limits — congestion's part of the prices.
    func congestionPrices(period t: Int, duals: [Double]) -> [Double] {
        var prices = [Double](repeating: 0, count: inputs.periods[t].demandMW.count)
        for (key, row) in flowRows where key.period == t && abs(duals[row]) > 1e-9 {
            guard let ptdf = flowSensitivities[key.branch] else { continue }
            for b in prices.indices where ptdf[b] != 0 { prices[b] += duals[row] * ptdf[b] }
        }
        return prices
    }

    /// Takes the flow-limit rows that `later` (this program with rows added and bounds changed) added, lifted: this
    /// program's bounds and losses with `later`'s rows — what a session that has loaded `later` can go on from.
    mutating func restoreBounds(keepingRowsOf later: DispatchProblem) {
        var added = later
        for row in 0..<later.program.rowCount {
            if row < program.rowCount {
                added.program.setBounds(row: row, lower: program.rowLower[row], upper: program.rowUpper[row])
            } else {
                added.program.setBounds(row: row, lower: -.infinity, upper: .infinity)
            }
        }
        added.firstPeriodLossesMW = firstPeriodLossesMW
        added.lossConstantMW = lossConstantMW
        self = added
    }

    /// Lifts every flow limit (their rows stay, unbounded): the window as if the network had none.
    mutating func liftFlowLimits() {
        for row in flowRows.values { program.setBounds(row: row, lower: -.infinity, upper: .infinity) }
    }

    /// Fixes the commitment of the first `periods` periods (all by default) at its value in `x` (a branch and bound
    /// solution's, rounded to the nearest), within each decision's bounds.
    mutating func fixCommitment(_ x: [Double], periods: Int? = nil) {
        for t in commitment.indices.prefix(periods ?? commitment.count) {
            for column in commitment[t] where column >= 0 { fix(commitment: column, on: x[column] >= 0.5) }
        }
    }

    /// Whether any unit has a commitment decision.
    var hasCommitment: Bool { commitment.contains { $0.contains { $0 >= 0 } } }

    /// The first period's commitment of a (relaxed) solution `x` per generator, rounded to the nearest or up.
    func firstPeriodCommitment(rounding x: [Double], up: Bool) -> [Bool] {
        commitment[0].indices.map { g in
            let column = commitment[0][g]
            return column >= 0 ? (up ? x[column] > 1e-6 : x[column] >= 0.5) : outputs[0][g] >= 0
        }
    }

    /// Fixes the first period's commitment at `on` (per generator), within each decision's bounds.
    mutating func fixFirstPeriodCommitment(_ on: [Bool]) {
        for (g, column) in commitment[0].enumerated() where column >= 0 { fix(commitment: column, on: on[g]) }
    }

    /// Fixes a commitment column on or off, within its bounds (must-run, minimum up and down times).
    private mutating func fix(commitment column: Int, on: Bool) {
        program.fix(column: column, at: min(max(on ? 1.0 : 0.0, program.columnLower[column]), program.columnUpper[column]))
    }

    /// Makes the first period's commitment binary (the fallback when rounding a relaxation finds no solution).
    mutating func makeFirstPeriodInteger() {
        for column in commitment.first ?? [] where column >= 0 { program.makeInteger(column: column) }
    }

    /// A unit's output in period `t`, MW.
    func outputMW(_ g: Int, period t: Int, _ x: [Double]) -> Double {
        outputs[t][g] >= 0 ? x[outputs[t][g]] : 0
    }

    /// Whether a unit is committed in period `t` (units without commitment decisions are when in service).
    func isCommitted(_ g: Int, period t: Int, _ x: [Double]) -> Bool {
        commitment[t][g] >= 0 ? x[commitment[t][g]] >= 0.5 : outputs[t][g] >= 0
    }

    /// Net injection at every bus in period `t`, MW: generation, renewables and storage less the served load.
    func netInjectionsMW(period t: Int, _ x: [Double]) -> [Double] {
        let scenario = inputs.scenario, period = inputs.periods[t]
        let load = period.demandMW.reduce(0, +)
        let served = load > 0 ? 1 - x[unserved[t]] / load : 1
        var injections = period.demandMW.map { -$0 * served }
        for g in outputs[t].indices where outputs[t][g] >= 0 {
            injections[inputs.generatorBus[g]] += outputMW(g, period: t, x)
        }
        for (p, plant) in scenario.plants.enumerated() { injections[plant.busPosition] += x[used[t][p]] }
        for (s, unit) in scenario.storage.enumerated() {
            injections[unit.busPosition] += x[discharge[t][s]] - x[charge[t][s]]
        }
        return injections
    }

    /// Renewable output used in period `t`, MW.
    func usedMW(period t: Int, _ x: [Double]) -> Double { used[t].reduce(0) { $0 + x[$1] } }

    /// The cost of period `t`'s generation, $ (energy, no-load, starts and stops; without the cost curves'
    /// tie-breaks).
    func generationCost(period t: Int, _ x: [Double]) -> Double {
        var total = 0.0
        let hours = inputs.scenario.stepHours
        for (g, columns) in segments[t].enumerated() {
            for (j, column) in columns.enumerated() { total += inputs.curves[g].costsPerMWh[j] * hours * x[column] }
        }
        for column in commitment[t] + starts[t] + stops[t] where column >= 0 { total += program.cost[column] * x[column] }
        return total
    }
}
