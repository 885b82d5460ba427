import Foundation
import GridModel

/// Reads MATPOWER case files (format version 2, and version 1's power-flow columns).
///
/// Reads `function mpc = NAME`, `mpc.version`, `mpc.baseMVA`, `mpc.bus`, `mpc.gen`, `mpc.branch`, `mpc.gencost` and
/// `mpc.bus_name`; other fields and statements are skipped with a warning. Rows may carry MATPOWER's optional
/// trailing columns (OPF limits and results) or not. Values keep MATPOWER's units; no semantics are applied here
/// beyond types (bus type 1-4, status > 0 = in service).
public enum MatpowerCaseReader {
    /// The largest case file read, bytes (32 MiB: above the largest public MATPOWER case,
    /// case_SyntheticUSA at 23 MB with 82,000 buses). Larger files are refused before they are read.
    public static let maximumFileBytes = 32 << 20

    /// Reads the case at `path` without validating the grid (see ``MatpowerCase/load(contentsOf:)``).
    public static func read(contentsOf path: String) throws(CaseFileError) -> MatpowerCase {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CaseFileError(file: path, message: "no such file")
        }
        guard !isDirectory.boolValue else { throw CaseFileError(file: path, message: "is a folder, not a case file") }
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > maximumFileBytes {
            throw CaseFileError(
                file: path,
                message: "the file has \(size >> 20) MiB; GridTwin reads case files up to \(maximumFileBytes >> 20) MiB")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CaseFileError(file: path, message: "cannot read the file (is it a directory, or unreadable?)")
        }
        let fallbackName = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        return try parse(Array(data), file: path, defaultName: fallbackName)
    }

    /// The raw rows of one matrix field (`bus`, `gen`, …) of a case text, before any interpretation.
    package static func parseRows(_ bytes: [UInt8], field: String) throws(CaseFileError) -> [[Double]] {
        var scanner = MatlabValueScanner(bytes: bytes, file: "text")
        for assignment in try scanner.assignments() where assignment.field == field {
            if case .matrix(let rows) = assignment.value { return rows.map(\.values) }
        }
        return []
    }

    /// Parses the text of a case file. `file` names it in messages.
    public static func parse(_ bytes: [UInt8], file: String, defaultName: String = "case") throws(CaseFileError)
        -> MatpowerCase
    {
        var scanner = MatlabValueScanner(bytes: bytes, file: file)
        let assignments = try scanner.assignments()
        var warnings: [String] = []
        var baseMVA: Double?
        var tables: [String: [MatlabMatrixRow]] = [:]
        var variables: [String: Double] = [:]
        var busNames: [String] = []
        func evaluator() -> MatlabExpressionEvaluator {
            var scalars = variables
            if let baseMVA { scalars["mpc.baseMVA"] = baseMVA }
            return MatlabExpressionEvaluator(matrices: tables.mapValues { $0.map(\.values) }, variables: scalars)
        }
        for assignment in assignments {
            let where_ = "\(file):\(assignment.line)"
            let isCaseField = !assignment.object.isEmpty
            switch (assignment.field, assignment.value) {
            case ("version", let value):
                let text: String
                switch value {
                case .text(let version): text = version
                case .number(let version): text = version == 2 ? "2" : "\(version)"
                default: text = "?"
                }
                if text != "2" {
                    warnings.append("\(where_): case format version \(text); read with version 2's columns")
                }
            case ("baseMVA", .number(let value)) where isCaseField:
                baseMVA = value
            case (let name, .number(let value)) where !isCaseField:
                variables[name] = value
            case (let name, .expression(let text)):
                let value: Double
                do {
                    guard let scalar = try evaluator().evaluate(text).scalarValue else {
                        throw MatlabExpressionError("'\(text)' is not a scalar")
                    }
                    value = scalar
                } catch {
                    // A helper variable GridTwin cannot compute is skipped; a later update that uses it fails loudly.
                    guard isCaseField else {
                        warnings.append("\(where_): skipped \(name) = … (\(error))")
                        continue
                    }
                    throw CaseFileError(file: file, line: assignment.line, message: "cannot evaluate mpc.\(name): \(error)")
                }
                if isCaseField && name == "baseMVA" { baseMVA = value } else if !isCaseField { variables[name] = value }
            case (let name, .indexedUpdate(let indices, let expression)):
                guard isCaseField, tables[name] != nil else {
                    warnings.append("\(where_): skipped an update of \(assignment.object.isEmpty ? name : "mpc." + name)")
                    continue
                }
                do {
                    let environment = evaluator()
                    let (rows, columns) = try environment.selection(field: name, indexText: indices)
                    let value = try environment.evaluate(expression)
                    for (i, r) in rows.enumerated() {
                        for (j, c) in columns.enumerated() {
                            switch value {
                            case .scalar(let number): tables[name]![r].values[c] = number
                            case .matrix(let block):
                                guard block.count == rows.count, block[i].count == columns.count else {
                                    throw MatlabExpressionError("the right-hand side does not fit the selected block")
                                }
                                tables[name]![r].values[c] = block[i][j]
                            }
                        }
                    }
                } catch {
                    throw CaseFileError(file: file, line: assignment.line, message: "cannot evaluate the update of mpc.\(name): \(error)")
                }
            case ("bus", .matrix(let rows)), ("gen", .matrix(let rows)), ("branch", .matrix(let rows)), ("gencost", .matrix(let rows)):
                try checkRectangular(rows, name: "mpc.\(assignment.field)", file: file)
                tables[assignment.field] = rows
            case ("bus_name", .cells(let rows)): busNames = rows.flatMap { $0 }
            case ("baseMVA", _), ("bus", _), ("gen", _), ("branch", _):
                throw CaseFileError(
                    file: file, line: assignment.line, message: "mpc.\(assignment.field) has the wrong kind of value")
            default:
                warnings.append("\(where_): skipped mpc.\(assignment.field) (not used by GridTwin)")
            }
        }
        let busRows = tables["bus"]
        let generatorRows = tables["gen"] ?? []
        let branchRows = tables["branch"] ?? []
        let costRows = tables["gencost"] ?? []
        for block in scanner.skippedBlocks {
            warnings.append("\(file):\(block.first)-\(block.last): skipped an '\(block.keyword) … end' block (its condition is not evaluated)")
        }
        for range in lineRanges(scanner.skippedStatementLines) {
            warnings.append(range.count == 1
                ? "\(file):\(range.lowerBound): skipped a statement that is not a value assignment"
                : "\(file):\(range.lowerBound)-\(range.upperBound): skipped \(range.count) statements that are not value assignments")
        }
        guard let baseMVA else { throw CaseFileError(file: file, message: "no mpc.baseMVA") }
        guard let busRows else { throw CaseFileError(file: file, message: "no mpc.bus matrix") }

        try checkShape(busRows, name: "mpc.bus", minimum: MatpowerColumns.minimumBusColumns, file: file)
        try checkShape(costRows, name: "mpc.gencost", minimum: 4, file: file)
        try checkShape(generatorRows, name: "mpc.gen", minimum: MatpowerColumns.minimumGeneratorColumns, file: file)
        try checkShape(branchRows, name: "mpc.branch", minimum: MatpowerColumns.minimumBranchColumns, file: file)
        try checkNoNaN(busRows, columns: MatpowerColumns.bus, name: "mpc.bus", file: file)
        try checkNoNaN(generatorRows, columns: MatpowerColumns.generator, name: "mpc.gen", file: file)
        try checkNoNaN(branchRows, columns: MatpowerColumns.branch, name: "mpc.branch", file: file)

        var buses: [Bus] = []
        buses.reserveCapacity(busRows.count)
        for row in busRows {
            buses.append(try bus(from: row, file: file))
        }
        let generators = try generatorRows.map { row throws(CaseFileError) in try generator(from: row, file: file) }
        let branches = try branchRows.map { row throws(CaseFileError) in try branch(from: row, file: file) }
        var costs: [GeneratorCost] = []
        for row in costRows {
            let v = row.values
            guard v.count >= 4 else {
                throw CaseFileError(file: file, line: row.line, message: "mpc.gencost row has \(v.count) columns, needs at least 4")
            }
            // NCOST is bounded by the row's width before any arithmetic on it.
            let model = Int(exactly: v[0]) ?? -1
            let count = v[3] >= 0 && v[3] <= Double(v.count) ? Int(exactly: v[3]) ?? -1 : -1
            let parameterCount = model == 1 ? 2 * count : count
            guard (model == 1 || model == 2), count >= 0, 4 + parameterCount <= v.count else {
                throw CaseFileError(
                    file: file, line: row.line,
                    message: "mpc.gencost row: MODEL must be 1 or 2 and NCOST must fit the row (MODEL \(v[0]), NCOST \(v[3]))")
            }
            for (offset, value) in v[4..<(4 + parameterCount)].enumerated() where !value.isFinite {
                throw CaseFileError(
                    file: file, line: row.line, message: "mpc.gencost cost parameter \(offset + 1) must be finite, is \(value)")
            }
            costs.append(GeneratorCost(
                model: model, startupCost: v[1], shutdownCost: v[2], parameters: Array(v[4..<(4 + parameterCount)])))
        }
        if !costs.isEmpty && costs.count != generators.count && costs.count != 2 * generators.count {
            warnings.append("\(file): mpc.gencost has \(costs.count) rows for \(generators.count) generators; costs ignored")
            costs = []
        }
        if !busNames.isEmpty && busNames.count != buses.count {
            warnings.append("\(file): mpc.bus_name has \(busNames.count) names for \(buses.count) buses; names ignored")
            busNames = []
        }
        let grid = Grid(
            name: scanner.functionName ?? defaultName, baseMVA: baseMVA, buses: buses, branches: branches,
            generators: generators, generatorCosts: costs, busNames: busNames)
        return MatpowerCase(
            grid: grid, file: file, busLines: busRows.map(\.line), branchLines: branchRows.map(\.line),
            generatorLines: generatorRows.map(\.line), warnings: warnings)
    }

    // MARK: - Rows

    /// Runs of consecutive line numbers.
    private static func lineRanges(_ lines: [Int]) -> [ClosedRange<Int>] {
        var ranges: [ClosedRange<Int>] = []
        for line in lines {
            if let last = ranges.last, line == last.upperBound + 1 {
                ranges[ranges.count - 1] = last.lowerBound...line
            } else {
                ranges.append(line...line)
            }
        }
        return ranges
    }

    /// MATLAB's own rule: every row of a matrix has the same number of columns.
    private static func checkRectangular(_ rows: [MatlabMatrixRow], name: String, file: String) throws(CaseFileError) {
        guard let first = rows.first else { return }
        for row in rows where row.values.count != first.values.count {
            throw CaseFileError(
                file: file, line: row.line,
                message: "\(name) row has \(row.values.count) columns, the first row has \(first.values.count)")
        }
    }

    /// Enough columns (the tables are rectangular: ``checkRectangular(_:name:file:)`` saw to that when they were read).
    private static func checkShape(_ rows: [MatlabMatrixRow], name: String, minimum: Int, file: String)
        throws(CaseFileError)
    {
        guard let first = rows.first else { return }
        if first.values.count < minimum {
            throw CaseFileError(
                file: file, line: first.line,
                message: "\(name) rows have \(first.values.count) columns, MATPOWER needs at least \(minimum)")
        }
    }

    private static func checkNoNaN(_ rows: [MatlabMatrixRow], columns: [String], name: String, file: String)
        throws(CaseFileError)
    {
        for row in rows {
            for (column, value) in row.values.enumerated() where value.isNaN {
                let field = column < columns.count ? columns[column] : "column \(column + 1)"
                throw CaseFileError(file: file, line: row.line, message: "\(name) \(field) is NaN")
            }
        }
    }

    /// The largest bus number, area or zone read (2^31 − 1, as MATPOWER's own tools assume 32-bit indices).
    public static let maximumInteger = Int(Int32.max)

    private static func integer(_ value: Double, field: String, row: MatlabMatrixRow, file: String)
        throws(CaseFileError) -> Int
    {
        guard value.isFinite, value.rounded() == value, abs(value) <= Double(maximumInteger) else {
            throw CaseFileError(
                file: file, line: row.line, message: "\(field) must be an integer of at most \(maximumInteger), is \(value)")
        }
        return Int(value)
    }

    private static func bus(from row: MatlabMatrixRow, file: String) throws(CaseFileError) -> Bus {
        let v = row.values
        let id = try integer(v[0], field: "BUS_I", row: row, file: file)
        guard id > 0 else { throw CaseFileError(file: file, line: row.line, message: "BUS_I must be positive, is \(id)") }
        let typeCode = try integer(v[1], field: "BUS_TYPE", row: row, file: file)
        guard let type = BusType(rawValue: typeCode) else {
            throw CaseFileError(file: file, line: row.line, message: "BUS_TYPE of bus \(id) must be 1, 2, 3 or 4, is \(typeCode)")
        }
        return Bus(
            id: id, type: type, demandMW: v[2], demandMvar: v[3], shuntConductanceMW: v[4], shuntSusceptanceMvar: v[5],
            area: try integer(v[6], field: "BUS_AREA", row: row, file: file), voltageMagnitudePU: v[7],
            voltageAngleDegrees: v[8], baseKV: v[9], zone: try integer(v[10], field: "ZONE", row: row, file: file),
            maximumVoltagePU: v[11], minimumVoltagePU: v[12])
    }

    private static func generator(from row: MatlabMatrixRow, file: String) throws(CaseFileError) -> Generator {
        let v = row.values
        let bus = try integer(v[0], field: "GEN_BUS", row: row, file: file)
        return Generator(
            bus: bus, activePowerMW: v[1], reactivePowerMvar: v[2], maximumReactivePowerMvar: v[3],
            minimumReactivePowerMvar: v[4], voltageSetpointPU: v[5], machineBaseMVA: v[6], inService: v[7] > 0,
            maximumActivePowerMW: v[8], minimumActivePowerMW: v[9],
            capabilityCurve: v.count >= 16 ? Array(v[10..<16]) : [],
            rampRates: v.count >= 20 ? Array(v[16..<20]) : [],
            participationFactor: v.count >= 21 ? v[20] : nil)
    }

    private static func branch(from row: MatlabMatrixRow, file: String) throws(CaseFileError) -> Branch {
        let v = row.values
        let from = try integer(v[0], field: "F_BUS", row: row, file: file)
        let to = try integer(v[1], field: "T_BUS", row: row, file: file)
        return Branch(
            fromBus: from, toBus: to, resistancePU: v[2], reactancePU: v[3], chargingSusceptancePU: v[4],
            rateAMVA: v[5], rateBMVA: v[6], rateCMVA: v[7], tapRatio: v[8], phaseShiftDegrees: v[9], inService: v[10] != 0,
            minimumAngleDifferenceDegrees: v.count >= 13 ? v[11] : -360,
            maximumAngleDifferenceDegrees: v.count >= 13 ? v[12] : 360)
    }
}
