#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One row of a MATLAB matrix literal, with the line it starts on.
struct MatlabMatrixRow {
    var line: Int
    var values: [Double]
}

/// A value assigned in a MATLAB script: what MATPOWER case files contain.
enum MatlabValue {
    case matrix([MatlabMatrixRow])
    case cells([[String]])
    case text(String)
    case number(Double)
    /// An expression to evaluate in order (`Vbase = mpc.bus(1, BASE_KV) * 1e3`).
    case expression(String)
    /// `FIELD(INDICES) = EXPRESSION`: the text inside the parentheses and the expression.
    case indexedUpdate(indices: String, expression: String)
}

/// A statement `TARGET.FIELD = VALUE` (or `function OUT = NAME`) of a MATPOWER case file.
struct MatlabAssignment {
    var line: Int
    /// `mpc.bus` → field `bus`; a plain `name = …` has an empty object.
    var object: String
    var field: String
    var value: MatlabValue
}

/// A fast byte-level scanner for the subset of MATLAB that MATPOWER case files use: `function` lines,
/// assignments of matrices `[...]`, cell arrays `{...}`, strings and scalars, `%` comments anywhere, rows
/// ended by `;` or a newline, `...` continuations and any number notation (including Inf and NaN).
///
/// Statements it does not understand (code in the case file) are skipped line by line and reported.
struct MatlabValueScanner {
    private let bytes: [UInt8]
    private let file: String
    private var position = 0
    private(set) var line = 1

    /// The name in `function mpc = NAME`, if present.
    private(set) var functionName: String?
    /// Lines of statements that were skipped because they are not assignments of values.
    private(set) var skippedStatementLines: [Int] = []
    /// Control blocks (`if … end`, `for … end`, …) that were skipped: their first and last lines.
    private(set) var skippedBlocks: [(keyword: String, first: Int, last: Int)] = []

    private static let blockKeywords: Set<String> = ["if", "for", "while", "switch", "try", "parfor"]

    init(bytes: [UInt8], file: String) {
        // A trailing NUL lets strtod stop inside the buffer.
        self.bytes = bytes + [0]
        self.file = file
    }

    private func error(_ message: String, line: Int? = nil) -> CaseFileError {
        CaseFileError(file: file, line: line ?? self.line, message: message)
    }

    // MARK: - Characters

    private var current: UInt8 { bytes[position] }
    private var atEnd: Bool { position >= bytes.count - 1 }

    private static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0D }
    private static func isIdentifierStart(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F
    }
    private static func isIdentifierPart(_ c: UInt8) -> Bool { isIdentifierStart(c) || (c >= 0x30 && c <= 0x39) }

    private mutating func skipSpaces() {
        while !atEnd && Self.isSpace(current) { position += 1 }
    }

    /// Skips to the end of the line, leaving the position on the newline.
    private mutating func skipToEndOfLine() {
        while !atEnd && current != 0x0A { position += 1 }
    }

    private func startsWithEllipsis() -> Bool {
        position + 2 < bytes.count && bytes[position] == 0x2E && bytes[position + 1] == 0x2E && bytes[position + 2] == 0x2E
    }

    private mutating func readIdentifier() -> String {
        let start = position
        while !atEnd && Self.isIdentifierPart(current) { position += 1 }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    // MARK: - Statements

    /// Reads every assignment in the file.
    mutating func assignments() throws(CaseFileError) -> [MatlabAssignment] {
        var result: [MatlabAssignment] = []
        while !atEnd {
            let c = current
            if Self.isSpace(c) || c == 0x3B || c == 0x2C {
                position += 1
            } else if c == 0x0A {
                position += 1
                line += 1
            } else if c == 0x25 {  // %
                skipToEndOfLine()
            } else if Self.isIdentifierStart(c) {
                let start = position
                let word = readIdentifier()
                position = start
                if Self.blockKeywords.contains(word) {
                    skipBlock(word)
                } else if let assignment = try statement() {
                    result.append(assignment)
                }
            } else if c == 0x5B && isNamedIndexDefinition() {
                // [PQ, PV, REF, …] = idx_bus; — MATPOWER's named columns, which the evaluator knows already.
            } else {
                skippedStatementLines.append(line)
                skipToEndOfLine()
            }
        }
        return result
    }

    private mutating func statement() throws(CaseFileError) -> MatlabAssignment? {
        let startLine = line
        let statementStart = position
        let first = readIdentifier()
        if first == "function" {
            // function OUT = NAME
            skipSpaces()
            let lineStart = position
            skipToEndOfLine()
            var text = String(decoding: bytes[lineStart..<position], as: UTF8.self)
            if let comment = text.firstIndex(of: "%") { text = String(text[..<comment]) }
            if let equals = text.firstIndex(of: "=") {
                let name = text[text.index(after: equals)...].trimmingCharacters()
                functionName = name.isEmpty ? nil : name
            } else {
                functionName = text.trimmingCharacters()
            }
            return nil
        }
        var object = ""
        var field = first
        if !atEnd && current == 0x2E && position + 1 < bytes.count && Self.isIdentifierStart(bytes[position + 1]) {
            position += 1
            object = first
            field = readIdentifier()
        }
        var indices: String?
        if !atEnd && current == 0x28 {  // (
            let open = position
            var depth = 0
            repeat {
                if current == 0x28 { depth += 1 } else if current == 0x29 { depth -= 1 }
                position += 1
            } while !atEnd && depth > 0 && current != 0x0A
            indices = String(decoding: bytes[(open + 1)..<(position - 1)], as: UTF8.self)
        }
        skipSpaces()
        guard !atEnd, current == 0x3D, bytes[position + 1] != 0x3D else {
            // Not a plain assignment (code, indexing, a call): skip the line.
            position = statementStart
            skippedStatementLines.append(startLine)
            skipToEndOfLine()
            return nil
        }
        position += 1
        skipSpaces()
        if let indices {
            return MatlabAssignment(
                line: startLine, object: object, field: field,
                value: .indexedUpdate(indices: indices, expression: expressionText()))
        }
        let value: MatlabValue
        switch current {
        case 0x5B:  // [
            position += 1
            value = .matrix(try matrixRows(of: "\(object.isEmpty ? "" : object + ".")\(field)"))
        case 0x7B:  // {
            position += 1
            value = .cells(try cellRows())
        case 0x27, 0x22:  // ' or "
            value = .text(try quotedString())
        default:
            let text = expressionText()
            if let number = Self.number(text) {
                value = .number(number)
            } else if text.isEmpty {
                skippedStatementLines.append(startLine)
                return nil
            } else {
                value = .expression(text)
            }
        }
        return MatlabAssignment(line: startLine, object: object, field: field, value: value)
    }

    /// Skips a control block up to its matching `end`, line by line (the condition cannot be known here: MATPOWER's
    /// case files use them for optional variants, off by default).
    private mutating func skipBlock(_ keyword: String) {
        let first = line
        var depth = 0
        while !atEnd {
            // The first word of the line decides: a block keyword opens, `end` closes.
            while !atEnd && Self.isSpace(current) { position += 1 }
            if !atEnd && Self.isIdentifierStart(current) {
                let word = readIdentifier()
                if Self.blockKeywords.contains(word) {
                    depth += 1
                } else if word == "end" || word == "endif" || word == "endfor" || word == "endwhile" {
                    depth -= 1
                }
            }
            skipToEndOfLine()
            if depth <= 0 { break }
            if !atEnd {
                position += 1
                line += 1
            }
        }
        skippedBlocks.append((keyword, first, line))
    }

    /// Skips `[NAMES …] = idx_bus;` (or idx_gen, idx_brch, idx_cost) when the position is at one, across `...`
    /// continuations; leaves the position unchanged otherwise.
    private mutating func isNamedIndexDefinition() -> Bool {
        let start = position, startLine = line
        var end = position
        var lines = 0
        while end < bytes.count - 1 && bytes[end] != 0x5D {
            if bytes[end] == 0x0A { lines += 1 }
            end += 1
        }
        guard end < bytes.count - 1 else { return false }
        var after = end + 1
        while after < bytes.count - 1 && (Self.isSpace(bytes[after])) { after += 1 }
        guard bytes[after] == 0x3D else { return false }
        after += 1
        while after < bytes.count - 1 && (Self.isSpace(bytes[after])) { after += 1 }
        let nameStart = after
        while after < bytes.count - 1 && Self.isIdentifierPart(bytes[after]) { after += 1 }
        let name = String(decoding: bytes[nameStart..<after], as: UTF8.self)
        guard ["idx_bus", "idx_gen", "idx_brch", "idx_cost"].contains(name) else {
            position = start
            line = startLine
            return false
        }
        position = after
        line += lines
        return true
    }

    /// The text of an expression up to the end of its statement (`;`, a newline or a comment outside brackets),
    /// following `...` continuations.
    private mutating func expressionText() -> String {
        var text: [UInt8] = []
        var depth = 0
        while !atEnd {
            let c = current
            if startsWithEllipsis() {
                skipToEndOfLine()
                if !atEnd { position += 1; line += 1 }
                text.append(0x20)
                continue
            }
            if c == 0x28 || c == 0x5B { depth += 1 } else if c == 0x29 || c == 0x5D { depth -= 1 }
            if c == 0x0A || c == 0x25 || (c == 0x3B && depth <= 0) { break }
            text.append(c)
            position += 1
        }
        return String(decoding: text, as: UTF8.self).trimmingCharacters()
    }

    private static func number(_ text: String) -> Double? {
        switch text.lowercased() {
        case "inf", "+inf": return .infinity
        case "-inf": return -.infinity
        case "nan": return .nan
        default: return Double(text)
        }
    }

    private mutating func quotedString() throws(CaseFileError) -> String {
        let quote = current
        let startLine = line
        position += 1
        var text: [UInt8] = []
        while true {
            if atEnd || current == 0x0A { throw error("unterminated string", line: startLine) }
            if current == quote {
                if bytes[position + 1] == quote {  // '' is an escaped quote
                    text.append(quote)
                    position += 2
                    continue
                }
                position += 1
                break
            }
            text.append(current)
            position += 1
        }
        return String(decoding: text, as: UTF8.self)
    }

    // MARK: - Matrices

    private mutating func matrixRows(of name: String) throws(CaseFileError) -> [MatlabMatrixRow] {
        try bracketedRows(closing: 0x5D, unclosed: "'\(name) = [' is never closed by ']'") { scanner throws(CaseFileError) in
            try scanner.numberToken(in: name)
        }.map { MatlabMatrixRow(line: $0.line, values: $0.values) }
    }

    /// The rows of a bracketed list — `[ … ]` or `{ … }` — up to `closing`: rows end at `;` or a line end, `,` and
    /// spaces separate elements, `%` comments and `...` continuations are skipped; `element` reads one element at
    /// the current position. Each row keeps the line of its first element.
    private mutating func bracketedRows<Element>(
        closing: UInt8, unclosed: String, element: (inout MatlabValueScanner) throws(CaseFileError) -> Element
    ) throws(CaseFileError) -> [(line: Int, values: [Element])] {
        var rows: [(line: Int, values: [Element])] = []
        var row: (line: Int, values: [Element]) = (line, [])
        let openLine = line
        while true {
            if atEnd { throw error(unclosed, line: openLine) }
            let c = current
            if Self.isSpace(c) || c == 0x2C {
                position += 1
            } else if c == 0x0A || c == 0x3B || c == closing {
                if !row.values.isEmpty { rows.append(row) }
                position += 1
                if c == 0x0A { line += 1 }
                row = (line, [])
                if c == closing { return rows }
            } else if c == 0x25 {
                skipToEndOfLine()
            } else if startsWithEllipsis() {
                skipToEndOfLine()
                if !atEnd {
                    position += 1
                    line += 1
                }
            } else {
                if row.values.isEmpty { row.line = line }
                row.values.append(try element(&self))
            }
        }
    }

    /// Parses one number at the current position with strtod (any C/MATLAB notation, Inf, NaN).
    private mutating func numberToken(in name: String) throws(CaseFileError) -> Double {
        let start = position
        var consumed = 0
        let value: Double = bytes.withUnsafeBufferPointer { buffer in
            if let fast = DecimalFastPath.parse(buffer, at: start) {
                consumed = fast.length
                return fast.value
            }
            let base = UnsafeRawPointer(buffer.baseAddress! + start).assumingMemoryBound(to: CChar.self)
            var end: UnsafeMutablePointer<CChar>? = nil
            let parsed = strtod(base, &end)
            consumed = end.map { UnsafeRawPointer($0) - UnsafeRawPointer(base) } ?? 0
            return parsed
        }
        let next = start + consumed < bytes.count ? bytes[start + consumed] : 0
        let delimiterFollows = Self.isSpace(next) || next == 0x2C || next == 0x3B || next == 0x0A || next == 0x5D
            || next == 0x25 || next == 0x7D || next == 0 || startsWithEllipsis(at: start + consumed)
        guard consumed > 0, delimiterFollows else {
            // An expression without spaces, e.g. 135/sqrt(3): evaluate it with MATPOWER's constants.
            var end = start, depth = 0
            while end < bytes.count - 1 {
                let c = bytes[end]
                if c == 0x28 { depth += 1 } else if c == 0x29 { depth -= 1 }
                if depth <= 0 && (Self.isSpace(c) || c == 0x0A || c == 0x3B || c == 0x2C || c == 0x5D || c == 0x25) { break }
                end += 1
            }
            let expression = String(decoding: bytes[start..<end], as: UTF8.self)
            if end > start, depth == 0,
                let value = try? MatlabExpressionEvaluator(matrices: [:], variables: [:]).evaluate(expression).scalarValue
            {
                position = end
                return value
            }
            var tokenEnd = start
            while tokenEnd < bytes.count - 1, !Self.isSpace(bytes[tokenEnd]), bytes[tokenEnd] != 0x0A,
                bytes[tokenEnd] != 0x3B, bytes[tokenEnd] != 0x2C, bytes[tokenEnd] != 0x5D
            {
                tokenEnd += 1
            }
            let token = String(decoding: bytes[start..<max(tokenEnd, start + 1)], as: UTF8.self)
            throw error("'\(token)' in \(name) is not a number")
        }
        position = start + consumed
        return value
    }

    private func startsWithEllipsis(at index: Int) -> Bool {
        index + 2 < bytes.count && bytes[index] == 0x2E && bytes[index + 1] == 0x2E && bytes[index + 2] == 0x2E
    }

    // MARK: - Cell arrays

    private mutating func cellRows() throws(CaseFileError) -> [[String]] {
        try bracketedRows(closing: 0x7D, unclosed: "cell array opened with '{' is never closed by '}'") {
            scanner throws(CaseFileError) in
            if scanner.current == 0x27 || scanner.current == 0x22 { return try scanner.quotedString() }
            let start = scanner.position
            while !scanner.atEnd, !Self.isSpace(scanner.current), scanner.current != 0x0A, scanner.current != 0x3B,
                scanner.current != 0x2C, scanner.current != 0x7D
            {
                scanner.position += 1
            }
            return String(decoding: scanner.bytes[start..<scanner.position], as: UTF8.self)
        }.map(\.values)
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and line ends.
    func trimmingCharacters() -> String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == ";" }
        guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
