import Foundation

/// A MATPOWER change table (`chgtab`, as `apply_changes` takes it): rows of label, probability, table, row,
/// column, change type and new value. MATPOWER publishes contingency lists (`contab_ACTIVSg200.m`) and yearly load
/// scenarios (`scenarios_ACTIVSg200.m`) in this form.
public struct ChangeTable: Sendable, Equatable {
    /// One change: in `table`'s `row` (1-based; for area tables the area number, 0 = all), set `column` by `type`.
    public struct Change: Sendable, Equatable {
        public var label: Int
        public var probability: Double
        public var table: Table
        public var row: Int
        /// A MATPOWER column number, or for load tables one of the `CT_LOAD_*` codes (``LoadQuantity``).
        public var column: Int
        public var type: ChangeType
        public var value: Double
        /// Line of the file it came from.
        public var line: Int
    }

    /// MATPOWER's `CT_T*` tables.
    public enum Table: Int, Sendable {
        case bus = 1, generator = 2, branch = 3, areaBus = 4, areaGenerator = 5, areaBranch = 6, load = 7, areaLoad = 8,
            generatorCost = 9, areaGeneratorCost = 10
    }

    /// `CT_REP` (replace), `CT_REL` (scale by a factor), `CT_ADD` (add).
    public enum ChangeType: Int, Sendable {
        case replace = 1, relative = 2, add = 3
    }

    /// The `CT_LOAD_*` column codes of load tables: which loads (MATPOWER's fixed and dispatchable; GridTwin's are
    /// all fixed) and whether Q follows P.
    public enum LoadQuantity: Int, Sendable {
        case allPQ = 1, fixedPQ = 2, dispatchablePQ = 3, allP = 4, fixedP = 5, dispatchableP = 6

        /// Whether reactive demand scales with active demand.
        public var scalesReactive: Bool { rawValue <= 3 }
        /// Whether it addresses fixed loads (GridTwin has only those).
        public var includesFixed: Bool { self != .dispatchablePQ && self != .dispatchableP }
    }

    public var changes: [Change]

    public init(changes: [Change]) { self.changes = changes }

    /// The labels in the order they first appear.
    public var labels: [Int] {
        var seen = Set<Int>()
        return changes.compactMap { seen.insert($0.label).inserted ? $0.label : nil }
    }

    /// The largest change table read, bytes.
    public static let maximumFileBytes = 256 << 20

    /// MATPOWER's named constants that change tables use.
    static let names: [String: Double] = [
        "CT_TBUS": 1, "CT_TGEN": 2, "CT_TBRCH": 3, "CT_TAREABUS": 4, "CT_TAREAGEN": 5, "CT_TAREABRCH": 6,
        "CT_TLOAD": 7, "CT_TAREALOAD": 8, "CT_TGENCOST": 9, "CT_TAREAGENCOST": 10,
        "CT_REP": 1, "CT_REL": 2, "CT_ADD": 3,
        "CT_LOAD_ALL_PQ": 1, "CT_LOAD_FIX_PQ": 2, "CT_LOAD_DIS_PQ": 3, "CT_LOAD_ALL_P": 4, "CT_LOAD_FIX_P": 5,
        "CT_LOAD_DIS_P": 6,
        // Columns of the bus, generator and branch tables (idx_bus, idx_gen, idx_brch).
        "PD": 3, "QD": 4, "GS": 5, "BS": 6, "BUS_AREA": 7, "VM": 8, "VA": 9, "ZONE": 11, "VMAX": 12, "VMIN": 13,
        "PG": 2, "QG": 3, "QMAX": 4, "QMIN": 5, "VG": 6, "GEN_STATUS": 8, "PMAX": 9, "PMIN": 10,
        "BR_R": 3, "BR_X": 4, "BR_B": 5, "RATE_A": 6, "RATE_B": 7, "RATE_C": 8, "TAP": 9, "SHIFT": 10, "BR_STATUS": 11,
    ]

    /// Reads the `chgtab = [ … ];` matrix of a MATPOWER function file. Errors name the line and the field.
    public static func read(contentsOf path: String) throws(CaseFileError) -> ChangeTable {
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > maximumFileBytes {
            throw CaseFileError(file: path, message: "the file has \(size >> 20) MiB; change tables are read up to \(maximumFileBytes >> 20) MiB")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CaseFileError(file: path, message: "cannot read the file")
        }
        return try parse(String(decoding: data, as: UTF8.self), file: path)
    }

    /// Parses the text of a change-table file.
    public static func parse(_ text: String, file: String) throws(CaseFileError) -> ChangeTable {
        let fields = ["label", "prob", "table", "row", "col", "chgtype", "newval"]
        var changes: [Change] = []
        var inside = false, closed = false
        for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = index + 1
            var content = Substring(rawLine.prefix { $0 != "%" })
            if !inside {
                guard let open = content.range(of: "chgtab"), content[open.upperBound...].contains("[") else { continue }
                content = content[content.index(after: content.firstIndex(of: "[")!)...]
                inside = true
            }
            var ended = false
            if let end = content.firstIndex(of: "]") {
                content = content[..<end]
                ended = true
            }
            for rowText in content.split(separator: ";") {
                let tokens = rowText.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," || $0 == "\r" })
                guard !tokens.isEmpty else { continue }
                guard tokens.count == 7 else {
                    throw CaseFileError(file: file, line: line, message: "a change has 7 fields (\(fields.joined(separator: ", "))), this row has \(tokens.count)")
                }
                var numbers: [Double] = []
                for (f, token) in tokens.enumerated() {
                    guard let value = Double(token).flatMap({ $0.isFinite ? $0 : nil }) ?? names[String(token)] else {
                        throw CaseFileError(file: file, line: line, message: "\(fields[f]): '\(token)' is not a number or a known MATPOWER constant")
                    }
                    numbers.append(value)
                }
                func integer(_ f: Int) throws(CaseFileError) -> Int {
                    guard numbers[f] == numbers[f].rounded(), abs(numbers[f]) < 2e9 else {
                        throw CaseFileError(file: file, line: line, message: "\(fields[f]): \(numbers[f]) is not a whole number")
                    }
                    return Int(numbers[f])
                }
                guard let table = Table(rawValue: try integer(2)) else {
                    throw CaseFileError(file: file, line: line, message: "table: \(numbers[2]) is not a MATPOWER change table (CT_TBUS … CT_TAREAGENCOST)")
                }
                guard let type = ChangeType(rawValue: try integer(5)) else {
                    throw CaseFileError(file: file, line: line, message: "chgtype: \(numbers[5]) is not CT_REP, CT_REL or CT_ADD")
                }
                let row = try integer(3), column = try integer(4)
                guard row >= 0, column >= 1 else {
                    throw CaseFileError(file: file, line: line, message: row < 0 ? "row: must be 0 or more" : "col: must be 1 or more")
                }
                changes.append(Change(
                    label: try integer(0), probability: numbers[1], table: table, row: row, column: column, type: type,
                    value: numbers[6], line: line))
            }
            if ended {
                closed = true
                break
            }
        }
        guard inside else { throw CaseFileError(file: file, message: "no 'chgtab = [' matrix in the file") }
        guard closed else { throw CaseFileError(file: file, message: "the chgtab matrix is not closed with ']'") }
        return ChangeTable(changes: changes)
    }
}
