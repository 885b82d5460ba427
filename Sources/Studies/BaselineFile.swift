import Foundation
import GridModel
import OutputFiles

/// A stored solved state, for `gridtwin baseline`: stable, diff-friendly JSON — keys sorted, results at fixed
/// precision, one bus, branch, generator, violation or contingency per line — holding the model parameters (so
/// that a check reports model changes) and the results (so that it reports what moved).
public enum BaselineFile {
    public static let formatName = "gridtwin-baseline-1"

    /// A corrupt or unreadable baseline.
    public struct ReadError: Error, CustomStringConvertible {
        public var file: String
        public var message: String
        public var description: String { "\(file): \(message)" }
    }

    // MARK: - Writing

    /// The baseline text of a snapshot.
    public static func text(of snapshot: GridSnapshot) -> String {
        let grid = snapshot.grid, results = snapshot.results
        var out = "{\n"
        out += "\"base_mva\": \(exact(grid.baseMVA)),\n"
        // Branches
        let branchKeys = BranchKey.keys(of: grid)
        out += "\"branches\": [\n"
        out += grid.branches.enumerated().map { k, branch -> String in
            let key = branchKeys[k]
            let state = results.branches[key]
            return object([
                ("angmax", exact(branch.maximumAngleDifferenceDegrees)), ("angmin", exact(branch.minimumAngleDifferenceDegrees)),
                ("b", exact(branch.chargingSusceptancePU)), ("from", String(branch.fromBus)),
                ("loading_percent", state?.loadingPercent.map { fixed($0, 4) } ?? "null"), ("order", String(key.order)),
                ("p_from_mw", fixed(state?.fromMW, 6)), ("p_to_mw", fixed(state?.toMW, 6)),
                ("q_from_mvar", fixed(state?.fromMvar, 6)), ("q_to_mvar", fixed(state?.toMvar, 6)),
                ("r", exact(branch.resistancePU)), ("rate_a", exact(branch.rateAMVA)), ("rate_b", exact(branch.rateBMVA)),
                ("rate_c", exact(branch.rateCMVA)), ("shift", exact(branch.phaseShiftDegrees)),
                ("status", branch.inService ? "1" : "0"), ("tap", exact(branch.tapRatio)), ("to", String(branch.toBus)),
                ("x", exact(branch.reactancePU)),
            ])
        }.joined(separator: ",\n")
        out += "\n],\n"
        // Buses
        out += "\"buses\": [\n"
        out += grid.buses.map { bus -> String in
            let state = results.buses[bus.id]
            return object([
                ("area", String(bus.area)), ("base_kv", exact(bus.baseKV)), ("bs", exact(bus.shuntSusceptanceMvar)),
                ("gs", exact(bus.shuntConductanceMW)), ("id", String(bus.id)), ("pd", exact(bus.demandMW)),
                ("qd", exact(bus.demandMvar)), ("type", String(bus.type.rawValue)), ("va_deg", fixed(state?.angleDegrees, 6)),
                ("vm_pu", fixed(state?.magnitudePU, 8)), ("vmax", exact(bus.maximumVoltagePU)),
                ("vmin", exact(bus.minimumVoltagePU)), ("zone", String(bus.zone)),
            ])
        }.joined(separator: ",\n")
        out += "\n],\n"
        out += "\"case\": \(quoted(grid.name)),\n"
        if let contingencies = results.contingencies {
            out += "\"contingencies\": [\n"
            out += contingencies.sorted { $0.outage < $1.outage }.map(contingencyObject).joined(separator: ",\n")
            out += "\n],\n"
        }
        out += "\"converged\": \(results.converged),\n"
        out += "\"format\": \(quoted(formatName)),\n"
        // Generators
        let generatorKeys = GeneratorKey.keys(of: grid)
        out += "\"generators\": [\n"
        out += grid.generators.enumerated().map { g, generator -> String in
            let key = generatorKeys[g]
            let state = results.generators[key]
            return object([
                ("bus", String(generator.bus)), ("mbase", exact(generator.machineBaseMVA)), ("order", String(key.order)),
                ("p_mw", fixed(state?.activeMW, 6)), ("pg", exact(generator.activePowerMW)),
                ("pmax", exact(generator.maximumActivePowerMW)), ("pmin", exact(generator.minimumActivePowerMW)),
                ("q_mvar", fixed(state?.reactiveMvar, 6)), ("qmax", exact(generator.maximumReactivePowerMvar)),
                ("qmin", exact(generator.minimumReactivePowerMvar)), ("status", generator.inService ? "1" : "0"),
                ("vg", exact(generator.voltageSetpointPU)),
            ])
        }.joined(separator: ",\n")
        out += "\n],\n"
        out += "\"iterations\": \(results.iterations),\n"
        out += "\"losses_mw\": \(fixed(results.lossesMW, 6)),\n"
        out += "\"violations\": [\n"
        out += results.violations.sorted { ($0.kind, $0.element) < ($1.kind, $1.element) }.map { v in
            object([
                ("element", quoted(v.element)), ("kind", quoted(v.kind)), ("limit", fixed(v.limit, 6)),
                ("unit", quoted(v.unit)), ("value", fixed(v.value, 6)),
            ])
        }.joined(separator: ",\n")
        out += "\n]\n}\n"
        return out
    }

    private static func contingencyObject(_ outcome: ContingencyOutcome) -> String {
        let outage = outageText(outcome.outage)
        return object([
            ("buses_lost", "[" + outcome.busesLost.map(String.init).joined(separator: ",") + "]"),
            ("converged", String(outcome.converged)), ("load_lost_mw", fixed(outcome.loadLostMW, 6)),
            ("outage", quoted(outage)),
            ("overloads", "[" + outcome.overloads.map { "[\(quoted(keyText($0.branch))),\(fixed($0.loadingPercent, 4))]" }.joined(separator: ",") + "]"),
            ("voltage_violations", "[" + outcome.voltageViolations.map { "[\($0.bus),\(fixed($0.magnitudePU, 8)),\(exact($0.limitPU))]" }.joined(separator: ",") + "]"),
        ])
    }

    /// `branch FROM TO ORDER`, `generator BUS 0 ORDER`, `contingency LABEL 0 0` or a pair's six numbers, as the baseline
    /// stores an outage.
    private static func outageText(_ element: OutageElement) -> String {
        switch element {
        case .branch(let key): return "branch \(key.from) \(key.to) \(key.order)"
        case .generator(let key): return "generator \(key.bus) 0 \(key.order)"
        case .labeled(let label): return "contingency \(label) 0 0"
        case .branchPair(let a, let b): return "branches \(a.from) \(a.to) \(a.order) \(b.from) \(b.to) \(b.order)"
        case .branchAndGenerator(let a, let g): return "branch+generator \(a.from) \(a.to) \(a.order) \(g.bus) 0 \(g.order)"
        case .generatorPair(let g, let h): return "generators \(g.bus) 0 \(g.order) \(h.bus) 0 \(h.order)"
        }
    }

    private static func keyText(_ key: BranchKey) -> String { "\(key.from) \(key.to) \(key.order)" }

    private static func object(_ pairs: [(String, String)]) -> String {
        "{" + pairs.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
    }

    /// The shortest text that reads back to the same double (model parameters are stored exactly); `null` for an
    /// infinite limit (QMAX = Inf: unlimited), which JSON cannot hold as a number.
    private static func exact(_ value: Double) -> String {
        if !value.isFinite { return "null" }
        if value == value.rounded() && abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }

    private static func fixed(_ value: Double?, _ decimals: Int) -> String {
        guard let value else { return "null" }
        if !value.isFinite { return "null" }
        let text = String(format: "%.\(decimals)f", value)
        return text.hasPrefix("-") && Double(text) == 0 ? String(text.dropFirst()) : text
    }

    private static func quoted(_ text: String) -> String {
        var escaped = ""
        for character in text.unicodeScalars {
            switch character {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return "\"\(escaped)\""
    }

    /// Writes the baseline through a temporary file renamed into place; never over an input or over a file that is
    /// not an earlier baseline.
    public static func write(_ snapshot: GridSnapshot, to path: String, inputs: [String] = []) throws(OutputError) {
        try OutputFile.write(text(of: snapshot), to: path, kind: .baseline, inputs: inputs)
    }

    // MARK: - Reading

    /// The largest baseline read, bytes.
    public static let maximumFileBytes = 512 << 20

    /// Reads a baseline back into a snapshot (model parameters and results).
    public static func read(_ path: String) throws(ReadError) -> GridSnapshot {
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > maximumFileBytes {
            throw ReadError(file: path, message: "the baseline is larger than \(maximumFileBytes >> 20) MiB")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ReadError(file: path, message: "cannot read the baseline (no such file?)")
        }
        return try parse(data, file: path)
    }

    /// Parses a baseline's bytes; `file` names it in messages.
    public static func parse(_ data: Data, file path: String) throws(ReadError) -> GridSnapshot {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw ReadError(file: path, message: "not valid JSON (\((error as NSError).userInfo["NSDebugDescription"] ?? error))")
        }
        do {
            return try parse(object)
        } catch let error as FieldError {
            throw ReadError(file: path, message: "corrupt baseline: \(error.message)")
        } catch {
            throw ReadError(file: path, message: "corrupt baseline: \(error)")
        }
    }

    private struct FieldError: Error {
        var message: String
    }

    /// The keys each object of a baseline may hold ("" for the top level): anything else is an error.
    private static let knownKeys: [String: Set<String>] = [
        "": ["base_mva", "branches", "buses", "case", "contingencies", "converged", "format", "generators", "iterations",
             "losses_mw", "violations"],
        "branches": ["angmax", "angmin", "b", "from", "loading_percent", "order", "p_from_mw", "p_to_mw", "q_from_mvar",
                     "q_to_mvar", "r", "rate_a", "rate_b", "rate_c", "shift", "status", "tap", "to", "x"],
        "buses": ["area", "base_kv", "bs", "gs", "id", "pd", "qd", "type", "va_deg", "vm_pu", "vmax", "vmin", "zone"],
        "generators": ["bus", "mbase", "order", "p_mw", "pg", "pmax", "pmin", "q_mvar", "qmax", "qmin", "status", "vg"],
        "violations": ["element", "kind", "limit", "unit", "value"],
        "contingencies": ["buses_lost", "converged", "load_lost_mw", "outage", "overloads", "voltage_violations"],
    ]

    private static func checkKeys(_ object: [String: Any], _ table: String, _ context: String) throws {
        guard let known = knownKeys[table] else { return }
        for key in object.keys.sorted() where !known.contains(key) {
            throw FieldError(message: "\(context): unknown key \"\(key)\"")
        }
    }

    private static func parse(_ object: Any) throws -> GridSnapshot {
        guard let root = object as? [String: Any] else { throw FieldError(message: "the top level is not an object") }
        guard root["format"] as? String == formatName else {
            throw FieldError(message: "\"format\" must be \"\(formatName)\"")
        }
        // Limits that may be unlimited: stored as null (earlier baselines: "inf" and "-inf").
        let unlimited: [String: Double] = [
            "qmax": .infinity, "pmax": .infinity, "angmax": .infinity, "qmin": -.infinity, "pmin": -.infinity,
            "angmin": -.infinity,
        ]
        func number(_ dictionary: [String: Any], _ key: String, _ context: String) throws -> Double {
            if let value = dictionary[key] as? Double, value.isFinite { return value }
            if let infinite = unlimited[key] {
                if dictionary[key] is NSNull { return infinite }
                if let text = dictionary[key] as? String, text == (infinite > 0 ? "inf" : "-inf") { return infinite }
            }
            throw FieldError(message: "\(context): \"\(key)\" is missing or not a finite number")
        }
        func integer(_ dictionary: [String: Any], _ key: String, _ context: String) throws -> Int {
            let value = try number(dictionary, key, context)
            guard let exact = Int(exactly: value), exact.magnitude < 1 << 52 else {
                throw FieldError(message: "\(context): \"\(key)\" must be an integer, is \(value)")
            }
            return exact
        }
        func optionalNumber(_ dictionary: [String: Any], _ key: String) -> Double? {
            (dictionary[key] as? Double).flatMap { $0.isFinite ? $0 : nil }
        }
        func rows(_ key: String) throws -> [[String: Any]] {
            guard let list = root[key] as? [[String: Any]] else { throw FieldError(message: "\"\(key)\" is missing or not a list of objects") }
            for (index, row) in list.enumerated() { try checkKeys(row, key, "\(key) \(index + 1)") }
            return list
        }
        try checkKeys(root, "", "the baseline")
        var grid = Grid(name: root["case"] as? String ?? "baseline", baseMVA: try number(root, "base_mva", "the baseline"))
        var busStates: [Int: ResultSnapshot.BusState] = [:]
        for (index, row) in try rows("buses").enumerated() {
            let context = "bus \(index + 1)"
            let id = try integer(row, "id", context)
            guard let type = BusType(rawValue: try integer(row, "type", context)) else {
                throw FieldError(message: "\(context): \"type\" must be 1-4")
            }
            let vm = try number(row, "vm_pu", context), va = try number(row, "va_deg", context)
            grid.buses.append(Bus(
                id: id, type: type, demandMW: try number(row, "pd", context), demandMvar: try number(row, "qd", context),
                shuntConductanceMW: try number(row, "gs", context), shuntSusceptanceMvar: try number(row, "bs", context),
                area: try integer(row, "area", context), voltageMagnitudePU: vm, voltageAngleDegrees: va,
                baseKV: try number(row, "base_kv", context), zone: try integer(row, "zone", context),
                maximumVoltagePU: try number(row, "vmax", context), minimumVoltagePU: try number(row, "vmin", context)))
            busStates[id] = ResultSnapshot.BusState(magnitudePU: vm, angleDegrees: va)
        }
        var branchStates: [BranchKey: ResultSnapshot.BranchState] = [:]
        for (index, row) in try rows("branches").enumerated() {
            let context = "branch \(index + 1)"
            let branch = Branch(
                fromBus: try integer(row, "from", context), toBus: try integer(row, "to", context),
                resistancePU: try number(row, "r", context), reactancePU: try number(row, "x", context),
                chargingSusceptancePU: try number(row, "b", context), rateAMVA: try number(row, "rate_a", context),
                rateBMVA: try number(row, "rate_b", context), rateCMVA: try number(row, "rate_c", context),
                tapRatio: try number(row, "tap", context), phaseShiftDegrees: try number(row, "shift", context),
                inService: try number(row, "status", context) != 0,
                minimumAngleDifferenceDegrees: try number(row, "angmin", context),
                maximumAngleDifferenceDegrees: try number(row, "angmax", context))
            grid.branches.append(branch)
            let key = BranchKey(from: branch.fromBus, to: branch.toBus, order: try integer(row, "order", context))
            branchStates[key] = ResultSnapshot.BranchState(
                fromMW: try number(row, "p_from_mw", context), fromMvar: try number(row, "q_from_mvar", context),
                toMW: try number(row, "p_to_mw", context), toMvar: try number(row, "q_to_mvar", context),
                loadingPercent: optionalNumber(row, "loading_percent"))
        }
        var generatorStates: [GeneratorKey: ResultSnapshot.GeneratorState] = [:]
        for (index, row) in try rows("generators").enumerated() {
            let context = "generator \(index + 1)"
            let generator = Generator(
                bus: try integer(row, "bus", context), activePowerMW: try number(row, "pg", context),
                reactivePowerMvar: try number(row, "q_mvar", context), maximumReactivePowerMvar: try number(row, "qmax", context),
                minimumReactivePowerMvar: try number(row, "qmin", context), voltageSetpointPU: try number(row, "vg", context),
                machineBaseMVA: try number(row, "mbase", context), inService: try number(row, "status", context) != 0,
                maximumActivePowerMW: try number(row, "pmax", context), minimumActivePowerMW: try number(row, "pmin", context))
            grid.generators.append(generator)
            let key = GeneratorKey(bus: generator.bus, order: try integer(row, "order", context))
            generatorStates[key] = ResultSnapshot.GeneratorState(
                activeMW: try number(row, "p_mw", context), reactiveMvar: try number(row, "q_mvar", context))
        }
        let violations = try rows("violations").enumerated().map { index, row in
            ResultSnapshot.Violation(
                kind: row["kind"] as? String ?? "", element: row["element"] as? String ?? "",
                value: try number(row, "value", "violation \(index + 1)"), limit: try number(row, "limit", "violation \(index + 1)"),
                unit: row["unit"] as? String ?? "")
        }
        var contingencies: [ContingencyOutcome]?
        if root["contingencies"] != nil {
            contingencies = try rows("contingencies").enumerated().map { index, row in
                try contingency(row, context: "contingency \(index + 1)", number: number)
            }
        }
        guard let converged = root["converged"] as? Bool else { throw FieldError(message: "\"converged\" is missing") }
        let results = ResultSnapshot(
            converged: converged, iterations: try integer(root, "iterations", "the baseline"),
            lossesMW: try number(root, "losses_mw", "the baseline"), buses: busStates, branches: branchStates,
            generators: generatorStates, violations: violations, contingencies: contingencies)
        if let problem = grid.problems().first { throw FieldError(message: "the stored grid: \(problem)") }
        return GridSnapshot(grid: grid, results: results)
    }

    private static func contingency(
        _ row: [String: Any], context: String, number: ([String: Any], String, String) throws -> Double
    ) throws -> ContingencyOutcome {
        let parts = (row["outage"] as? String ?? "").split(separator: " ")
        let numbers = parts.dropFirst().map { Int($0) }
        let outage: OutageElement
        if ["branches", "branch+generator", "generators"].contains(parts.first ?? ""), parts.count == 7, !numbers.contains(nil) {
            let n = numbers.map { $0! }
            outage = switch parts[0] {
            case "branches": .branchPair(BranchKey(from: n[0], to: n[1], order: n[2]), BranchKey(from: n[3], to: n[4], order: n[5]))
            case "generators": .generatorPair(GeneratorKey(bus: n[0], order: n[2]), GeneratorKey(bus: n[3], order: n[5]))
            default: .branchAndGenerator(BranchKey(from: n[0], to: n[1], order: n[2]), GeneratorKey(bus: n[3], order: n[5]))
            }
        } else if parts.count == 4, let a = numbers[0], let b = numbers[1], let order = numbers[2] {
            outage = switch parts[0] {
            case "generator": .generator(GeneratorKey(bus: a, order: order))
            case "contingency": .labeled(a)
            default: .branch(BranchKey(from: a, to: b, order: order))
            }
        } else {
            throw FieldError(message: "\(context): \"outage\" must read 'branch FROM TO ORDER', 'generator BUS 0 ORDER', 'contingency LABEL 0 0', 'branches F1 T1 O1 F2 T2 O2', 'branch+generator F T O BUS 0 ORDER' or 'generators BUS1 0 ORDER1 BUS2 0 ORDER2'")
        }
        let overloads = (row["overloads"] as? [[Any]] ?? []).compactMap { pair -> ContingencyOutcome.Overload? in
            guard pair.count == 2, let text = pair[0] as? String, let loading = pair[1] as? Double else { return nil }
            let key = text.split(separator: " ").compactMap { Int($0) }
            guard key.count == 3 else { return nil }
            return .init(branch: BranchKey(from: key[0], to: key[1], order: key[2]), loadingPercent: loading)
        }
        let voltage = (row["voltage_violations"] as? [[Double]] ?? []).compactMap { triple -> ContingencyOutcome.VoltageViolation? in
            guard triple.count == 3, let bus = Int(exactly: triple[0]) else { return nil }
            return .init(bus: bus, magnitudePU: triple[1], limitPU: triple[2])
        }
        return ContingencyOutcome(
            outage: outage, converged: row["converged"] as? Bool ?? false, iterations: 0,
            busesLost: (row["buses_lost"] as? [Int]) ?? [], loadLostMW: try number(row, "load_lost_mw", context),
            overloads: overloads, voltageViolations: voltage)
    }
}
