import Foundation
import GridModel

/// A renewable plant resolved against the grid and the profiles.
public struct Plant: Sendable {
    public var name: String
    public var kind: String
    public var busPosition: Int
    public var busID: Int
    public var capacityMW: Double
    public var curtailable: Bool
    /// Q per MW of output (tan φ).
    public var reactivePerActive: Double
    /// Availability per step, per unit of capacity (negatives clipped to 0).
    public var profile: [Double]
}

/// A storage unit resolved against the grid.
public struct StorageUnit: Sendable {
    public var name: String
    public var busPosition: Int
    public var busID: Int
    public var powerMW: Double
    public var energyMWh: Double
    public var efficiency: Double
    public var socInitial: Double
    public var socMin: Double
    public var socMax: Double
}

/// A scenario with its grid read, its profiles resampled to the time axis and every reference checked.
public struct PreparedScenario: Sendable {
    public var grid: Grid
    public var startMinutes: Int
    public var stepMinutes: Int
    public var stepCount: Int
    /// Per bus: which load series scales its P and Q (index into `loadSeries`), and the scale.
    public var busLoadSeries: [Int]
    public var busReactiveSeries: [Int?]
    public var busScale: [Double]
    public var loadSeries: [[Double]]
    public var plants: [Plant]
    public var storage: [StorageUnit]
    /// How the dispatchable generators are set each step.
    public var dispatchMethod: DispatchMethod
    /// The optimal dispatch's window, commitment and penalties, and each generator's commitment rules.
    public var dispatch: DispatchSettings
    public var rampLimits: Bool
    public var loadingLimitPercent: Double
    public var voltageBand: (low: Double, high: Double)
    public var curtailmentRounds: Int
    /// Whether the regulating generators' voltage set-points are moved, within their reactive limits, to keep the
    /// buses in the voltage band (``VoltageSetpointController``; `limits.voltage_control`, default on).
    public var voltageControl = true
    /// The bus shunts switched by voltage (`shunts.control: voltage`), or nil: every shunt fixed as the case gives it.
    public var shuntSwitching: ShuntSwitching?
    /// Rating used for each branch (RATE_A, else the scenario's), MVA; 0 = unmonitored.
    public var ratingsMVA: [Double]
    /// The files the scenario reads (itself, the grid, the profiles): no output may land on or around them.
    public var inputFiles: [String]

    public var stepHours: Double { Double(stepMinutes) / 60 }

    /// The flow a branch may carry: its rating times the loading limit, MVA (0 = unmonitored).
    public func limitMVA(branch k: Int) -> Double { ratingsMVA[k] * loadingLimitPercent / 100 }

    /// The most steps a scenario may have (about two years of one-minute steps).
    public static let maximumSteps = 1_100_000
    /// The largest power, energy or rating a scenario may give (MW, MWh, MVA).
    public static let largestMagnitude = 1e9

    /// The most memory a run's series and results may take, bytes.
    public static let maximumMemoryBytes = 6 << 30

    /// An upper bound on what a run holds per step — profile series, plant, storage and generator records, branch
    /// loadings, the step record — times the steps, computed before anything is allocated.
    static func estimatedMemoryBytes(_ scenario: Scenario, grid: Grid, steps: Int) -> Int {
        var profiles = Set<String>()
        if let name = scenario.loads?.profile { profiles.insert(name) }
        if let name = scenario.loads?.qProfile { profiles.insert(name) }
        for override in (scenario.loads?.buses ?? [:]).values {
            if let name = override.profile { profiles.insert(name) }
            if let name = override.qProfile { profiles.insert(name) }
        }
        let plants = scenario.renewables?.count ?? 0, storage = scenario.storage?.count ?? 0
        let perStep = (profiles.count + 1) * 8 + plants * 32 + storage * 32 + grid.generators.count * 8
            + grid.branches.count * 4 + 512
        let (product, overflow) = perStep.multipliedReportingOverflow(by: steps)
        return overflow ? Int.max : product
    }

}

extension PreparedScenario {
    /// Checks a scenario read from `file` against its grid and profiles (read from `inputFiles`: the scenario, the
    /// grid and the profile file) and resolves it: errors name the key (exit code 2 in the tool). Every number is
    /// range-checked first, before anything is sized by it.
    public init(
        checking scenario: Scenario, file path: String, grid: Grid, profiles: ProfileTable, inputFiles: [String],
        loadFactors makeLoadFactors: ((_ steps: Int) throws(ScenarioError) -> LoadFactors)? = nil
    ) throws(ScenarioError) {
        func fail(_ key: String, _ message: String) -> ScenarioError { ScenarioError(file: path, key: key, message: message) }
        guard let start = TimeAxis.minutes(from: scenario.time.start) else {
            throw fail("time.start", "'\(scenario.time.start)' is not a time (use 2016-01-01T00:00)")
        }
        guard let step = TimeAxis.stepMinutes(from: scenario.time.step) else {
            throw fail("time.step", "'\(scenario.time.step)' is not a step length of at most 366 days (use 15min, 30min, 1h …)")
        }
        var count: Int
        if let steps = scenario.time.steps {
            guard scenario.time.end == nil else { throw fail("time", "give steps or end, not both") }
            guard steps >= 1, steps <= Self.maximumSteps else { throw fail("time.steps", "must lie in 1...\(Self.maximumSteps), is \(steps)") }
            count = steps
        } else if let endText = scenario.time.end {
            guard let end = TimeAxis.minutes(from: endText) else { throw fail("time.end", "'\(endText)' is not a time") }
            count = (end - start) / step
            guard count >= 1 else { throw fail("time.end", "the horizon has no step (end \(endText) is not after start + one step)") }
            guard count <= Self.maximumSteps else { throw fail("time.end", "the horizon has \(count) steps; at most \(Self.maximumSteps)") }
        } else {
            throw fail("time", "give steps or end")
        }
        // Every number of the scenario, checked before anything is sized by it.
        func number(_ value: Double?, _ key: String, _ range: ClosedRange<Double>, open: Bool = false) throws(ScenarioError) {
            guard let value else { return }
            guard value.isFinite, range.contains(value), !(open && value == range.lowerBound) else {
                let low = open ? "(\(range.lowerBound)" : "[\(range.lowerBound)"
                throw fail(key, "must be a number in \(low), \(range.upperBound)], is \(value)")
            }
        }
        let big = Self.largestMagnitude
        try number(scenario.loads?.scale, "loads.scale", 0...1e6)
        for (key, override) in scenario.loads?.buses ?? [:] { try number(override.scale, "loads.buses.\(key).scale", 0...1e6) }
        for (i, plant) in (scenario.renewables ?? []).enumerated() {
            try number(plant.capacityMW, "renewables[\(i)].capacity_mw", 0...big)
            try number(plant.powerFactor, "renewables[\(i)].power_factor", 0...1, open: true)
        }
        for (i, unit) in (scenario.storage ?? []).enumerated() {
            try number(unit.powerMW, "storage[\(i)].power_mw", 0...big, open: true)
            try number(unit.energyMWh, "storage[\(i)].energy_mwh", 0...big, open: true)
            try number(unit.efficiency, "storage[\(i)].efficiency", 0...1, open: true)
            for (name, value) in [("soc_initial", unit.socInitial), ("soc_min", unit.socMin), ("soc_max", unit.socMax)] {
                try number(value, "storage[\(i)].\(name)", 0...1)
            }
        }
        try number(scenario.dispatch?.curtailmentPenalty, "dispatch.curtailment_penalty", 0...1e6)
        try number(scenario.dispatch?.flowLimitPenalty, "dispatch.flow_limit_penalty", 0...1e9, open: true)
        try number(scenario.dispatch?.valueOfLostLoad, "dispatch.value_of_lost_load", 0...1e9)
        try number(scenario.dispatch?.voltageSupportHours, "dispatch.voltage_support_hours", 0...8784)
        for (key, unit) in scenario.dispatch?.units ?? [:] {
            try number(unit.minUpHours, "dispatch.units.\(key).min_up_hours", 0...8784)
            try number(unit.minDownHours, "dispatch.units.\(key).min_down_hours", 0...8784)
            try number(unit.startupCost, "dispatch.units.\(key).startup_cost", 0...1e9)
        }
        try number(scenario.limits?.branchLoadingPercent, "limits.branch_loading_percent", 0...1e6, open: true)
        for value in scenario.limits?.voltagePU ?? [] { try number(value, "limits.voltage_pu", 0...10, open: true) }
        for value in scenario.shunts?.bandPU ?? [] { try number(value, "shunts.band_pu", 0...10, open: true) }
        if let steps = scenario.shunts?.steps, !(1...100).contains(steps) {
            throw fail("shunts.steps", "must lie in 1...100, is \(steps)")
        }
        if let rounds = scenario.limits?.curtailmentRounds, !(0...1000).contains(rounds) {
            throw fail("limits.curtailment_rounds", "must lie in 0...1000, is \(rounds)")
        }
        try number(scenario.ratings?.defaultMVA, "ratings.default_mva", 0...big)
        for (key, value) in scenario.ratings?.branches ?? [:] { try number(value, "ratings.branches.\(key)", 0...big, open: true) }
        let bytes = Self.estimatedMemoryBytes(scenario, grid: grid, steps: count)
        guard bytes <= Self.maximumMemoryBytes else {
            throw fail(
                "time",
                "\(count) steps on this grid would hold about \(bytes >> 30) GiB of series and results; GridTwin stops at \(Self.maximumMemoryBytes >> 30) GiB (shorten the horizon or lengthen the step)")
        }

        if step % profiles.stepMinutes != 0 && profiles.stepMinutes % step != 0 {
            throw fail("time.step", "\(step) min does not fit the profile file's \(profiles.stepMinutes) min steps")
        }
        let range = "\(TimeAxis.text(minutes: profiles.times[0])) to \(TimeAxis.text(minutes: profiles.endMinutes)), every \(profiles.stepMinutes) min"
        guard let startRow = profiles.row(at: start) else {
            throw fail("time.start", "\(TimeAxis.text(minutes: start)) is not a row of the profiles (\(range))")
        }
        guard profiles.covers(startRow: startRow, stepMinutes: step, count: count) else {
            throw fail("time", "the horizon \(TimeAxis.text(minutes: start)) + \(count) × \(step) min runs past the profiles (\(range))")
        }
        var seriesIndex: [String: Int] = [:]
        var loadSeries: [[Double]] = []
        func series(_ name: String, key: String) throws(ScenarioError) -> Int {
            if let index = seriesIndex[name] { return index }
            guard let values = profiles.series(name, startRow: startRow, stepMinutes: step, count: count) else {
                throw fail(key, "no profile column '\(name)' in \(scenario.profiles)")
            }
            seriesIndex[name] = loadSeries.count
            loadSeries.append(values)
            return loadSeries.count - 1
        }
        let lookup = grid.busLookup()
        // Loads: a constant 1 unless a profile is given.
        let ones = "\u{0}constant"
        seriesIndex[ones] = 0
        loadSeries.append([Double](repeating: 1, count: count))
        let loads = scenario.loads
        let loadFactors = try makeLoadFactors.map { make throws(ScenarioError) in try make(count) }
        if let factors = loadFactors {
            guard loads?.profile == nil, loads?.qProfile == nil else {
                throw fail("loads.changes", "give a load profile or a change table, not both")
            }
            guard factors.activeSeries.count == grid.buses.count, factors.series.allSatisfy({ $0.count == count }) else {
                throw fail("loads.changes", "the change table's series do not match the grid and the horizon")
            }
        }
        let defaultSeries = try loads?.profile.map { name throws(ScenarioError) in try series(name, key: "loads.profile") } ?? 0
        let defaultReactive = try loads?.qProfile.map { name throws(ScenarioError) in try series(name, key: "loads.q_profile") }
        let defaultScale = loads?.scale ?? 1
        var busLoadSeries = [Int](repeating: defaultSeries, count: grid.buses.count)
        var busReactiveSeries = [Int?](repeating: defaultReactive, count: grid.buses.count)
        var busScale = [Double](repeating: defaultScale, count: grid.buses.count)
        if let factors = loadFactors {
            let offset = loadSeries.count
            loadSeries += factors.series
            busLoadSeries = factors.activeSeries.map { $0 + offset }
            busReactiveSeries = factors.reactiveSeries.map { $0 + offset }
        }
        for (key, override) in loads?.buses ?? [:] {
            guard let id = Int(key), let b = lookup[id] else { throw fail("loads.buses.\(key)", "bus \(key) does not exist") }
            if let name = override.profile { busLoadSeries[b] = try series(name, key: "loads.buses.\(key).profile") }
            if let name = override.qProfile { busReactiveSeries[b] = try series(name, key: "loads.buses.\(key).q_profile") }
            if let scale = override.scale { busScale[b] = scale }
        }
        var plants: [Plant] = []
        for (i, plant) in (scenario.renewables ?? []).enumerated() {
            let key = "renewables[\(i)]"
            guard let b = lookup[plant.bus], grid.buses[b].type != .isolated else {
                throw fail("\(key).bus", "bus \(plant.bus) does not exist (or is isolated)")
            }
            let powerFactor = plant.powerFactor ?? 1
            guard let values = profiles.series(plant.profile, startRow: startRow, stepMinutes: step, count: count) else {
                throw fail("\(key).profile", "no profile column '\(plant.profile)' in \(scenario.profiles)")
            }
            guard !plants.contains(where: { $0.name == plant.name }) else { throw fail("\(key).name", "'\(plant.name)' is used twice") }
            plants.append(Plant(
                name: plant.name, kind: plant.kind, busPosition: b, busID: plant.bus, capacityMW: plant.capacityMW,
                curtailable: plant.curtailable ?? true,
                reactivePerActive: (1 - powerFactor * powerFactor).squareRoot() / powerFactor,
                profile: values.map { max(0, $0) }))
        }
        var storage: [StorageUnit] = []
        for (i, unit) in (scenario.storage ?? []).enumerated() {
            let key = "storage[\(i)]"
            guard let b = lookup[unit.bus], grid.buses[b].type != .isolated else {
                throw fail("\(key).bus", "bus \(unit.bus) does not exist (or is isolated)")
            }
            let efficiency = unit.efficiency ?? 0.9
            let low = unit.socMin ?? 0, high = unit.socMax ?? 1, initial = unit.socInitial ?? 0.5
            guard 0 <= low, low < high, high <= 1 else {
                throw fail("\(key).soc_min", "0 ≤ soc_min < soc_max ≤ 1 is required (soc_min \(low), soc_max \(high))")
            }
            guard low <= initial, initial <= high else {
                throw fail("\(key).soc_initial", "must lie between soc_min \(low) and soc_max \(high), is \(initial)")
            }
            storage.append(StorageUnit(
                name: unit.name, busPosition: b, busID: unit.bus, powerMW: unit.powerMW, energyMWh: unit.energyMWh,
                efficiency: efficiency, socInitial: initial, socMin: low, socMax: high))
        }
        let methodName = scenario.dispatch?.method ?? DispatchMethod.optimal.rawValue
        guard let method = methodName == "rules" ? .meritOrder : DispatchMethod(rawValue: methodName) else {
            throw fail("dispatch.method", "must be optimal, rules (= merit-order) or participation, is '\(methodName)'")
        }
        let dispatch = try Self.dispatchSettings(scenario.dispatch, grid: grid, stepMinutes: step, fail: fail)
        let band = scenario.limits?.voltagePU ?? [0.94, 1.06]
        guard band.count == 2, band[0] < band[1] else { throw fail("limits.voltage_pu", "must be [low, high] with low < high") }
        let loadingLimit = scenario.limits?.branchLoadingPercent ?? 100
        let defaultRating = scenario.ratings?.defaultMVA ?? 0
        var ratings = grid.branches.map { $0.rateAMVA > 0 ? $0.rateAMVA : defaultRating }
        // "FROM-TO" rates every parallel circuit between the two buses; "FROM-TO#N" only the N-th (in table order).
        for (key, value) in scenario.ratings?.branches ?? [:] {
            let parts = key.split(separator: "#", maxSplits: 1)
            let ends = parts[0].split(separator: "-").compactMap { Int($0) }
            let circuit = parts.count == 2 ? Int(parts[1]) : nil
            let matching = ends.count == 2
                ? grid.branches.indices.filter { grid.branches[$0].fromBus == ends[0] && grid.branches[$0].toBus == ends[1] } : []
            guard !matching.isEmpty, parts.count == 1 || (circuit.map { (1...matching.count).contains($0) } ?? false) else {
                throw fail("ratings.branches.\(key)", "no branch \(key)")
            }
            for k in circuit.map({ [matching[$0 - 1]] }) ?? matching { ratings[k] = value }
        }
        let rounds = scenario.limits?.curtailmentRounds ?? 8
        let voltageControl = scenario.limits?.voltageControl ?? "setpoints"
        guard voltageControl == "setpoints" || voltageControl == "none" else {
            throw fail("limits.voltage_control", "must be setpoints or none, is '\(voltageControl)'")
        }
        self.init(
            grid: grid, startMinutes: start, stepMinutes: step, stepCount: count, busLoadSeries: busLoadSeries,
            busReactiveSeries: busReactiveSeries, busScale: busScale, loadSeries: loadSeries, plants: plants,
            storage: storage, dispatchMethod: method, dispatch: dispatch, rampLimits: scenario.dispatch?.rampLimits ?? false,
            loadingLimitPercent: loadingLimit, voltageBand: (band[0], band[1]), curtailmentRounds: rounds,
            ratingsMVA: ratings, inputFiles: inputFiles)
        self.voltageControl = voltageControl == "setpoints"
        let shuntControl = scenario.shunts?.control ?? "none"
        guard shuntControl == "voltage" || shuntControl == "none" else {
            throw fail("shunts.control", "must be voltage or none, is '\(shuntControl)'")
        }
        let shuntBand = scenario.shunts?.bandPU ?? band
        guard shuntBand.count == 2, shuntBand[0] < shuntBand[1] else {
            throw fail("shunts.band_pu", "must be [low, high] with low < high")
        }
        if shuntControl == "voltage" {
            shuntSwitching = ShuntSwitching(
                grid: grid, steps: scenario.shunts?.steps ?? 4, bandPU: (shuntBand[0], shuntBand[1]))
        }
    }

    /// The optimal dispatch's settings: window, commitment mode, penalties, and the commitment rules of every
    /// generator (`all` first, then per "BUS" or "BUS#N"; start-up and shut-down costs default to gencost's).
    private static func dispatchSettings(
        _ dispatch: Scenario.Dispatch?, grid: Grid, stepMinutes: Int, fail: (String, String) -> ScenarioError
    ) throws(ScenarioError) -> DispatchSettings {
        var settings = DispatchSettings()
        if let text = dispatch?.window {
            guard let minutes = TimeAxis.stepMinutes(from: text), minutes >= stepMinutes, minutes % stepMinutes == 0,
                minutes / stepMinutes <= 168 * 4
            else {
                throw fail("dispatch.window", "'\(text)' is not a whole number of steps of \(stepMinutes) min, at most 672 steps (use 1h, 24h …)")
            }
            settings.windowSteps = minutes / stepMinutes
        }
        if let text = dispatch?.commitment {
            guard let mode = DispatchSettings.Commitment(rawValue: text) else {
                throw fail("dispatch.commitment", "must be milp, milp-window or relaxed, is '\(text)'")
            }
            settings.commitment = mode
        }
        settings.curtailmentPenalty = dispatch?.curtailmentPenalty ?? settings.curtailmentPenalty
        settings.flowLimitPenalty = dispatch?.flowLimitPenalty ?? settings.flowLimitPenalty
        settings.valueOfLostLoad = dispatch?.valueOfLostLoad ?? settings.valueOfLostLoad
        settings.lossFactors = dispatch?.lossFactors ?? settings.lossFactors
        settings.voltageSupportHours = dispatch?.voltageSupportHours ?? settings.voltageSupportHours
        let keys = GeneratorKey.keys(of: grid)
        settings.units = grid.generators.indices.map { g in
            let cost = g < grid.generatorCosts.count ? grid.generatorCosts[g] : nil
            return UnitRules(startupCost: max(0, cost?.startupCost ?? 0), shutdownCost: max(0, cost?.shutdownCost ?? 0))
        }
        func steps(_ hours: Double?) -> Int? { hours.map { max(1, Int(($0 * 60 / Double(stepMinutes)).rounded(.up))) } }
        func apply(_ unit: Scenario.Unit, to g: Int) {
            if let value = unit.mustRun { settings.units[g].mustRun = value }
            if let value = steps(unit.minUpHours) { settings.units[g].minUpSteps = value }
            if let value = steps(unit.minDownHours) { settings.units[g].minDownSteps = value }
            if let value = unit.startupCost { settings.units[g].startupCost = value }
        }
        let units = dispatch?.units ?? [:]
        if let all = units["all"] { for g in grid.generators.indices { apply(all, to: g) } }
        for (key, unit) in units.sorted(by: { $0.key < $1.key }) where key != "all" {
            let parts = key.split(separator: "#", maxSplits: 1)
            let order = parts.count == 2 ? Int(parts[1]) : 1
            guard let bus = Int(parts[0]), let order, let g = keys.firstIndex(of: GeneratorKey(bus: bus, order: order)) else {
                throw fail("dispatch.units.\(key)", "no generator \(key) (use BUS, or BUS#N for the N-th generator at a bus)")
            }
            apply(unit, to: g)
        }
        return settings
    }
}
