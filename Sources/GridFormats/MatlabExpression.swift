import Foundation

/// A value of the small MATLAB subset that case files compute with: a scalar or a matrix (rows of columns).
enum MatlabArray {
    case scalar(Double)
    case matrix([[Double]])

    var scalarValue: Double? {
        switch self {
        case .scalar(let value): return value
        case .matrix(let rows): return rows.count == 1 && rows[0].count == 1 ? rows[0][0] : nil
        }
    }

    /// Elementwise combination with MATLAB's scalar broadcasting.
    func combined(with other: MatlabArray, _ operation: (Double, Double) -> Double) throws(MatlabExpressionError) -> MatlabArray {
        switch (self, other) {
        case (.scalar(let a), .scalar(let b)): return .scalar(operation(a, b))
        case (.matrix(let rows), .scalar(let b)): return .matrix(rows.map { $0.map { operation($0, b) } })
        case (.scalar(let a), .matrix(let rows)): return .matrix(rows.map { $0.map { operation(a, $0) } })
        case (.matrix(let left), .matrix(let right)):
            guard left.count == right.count, zip(left, right).allSatisfy({ $0.count == $1.count }) else {
                throw MatlabExpressionError("matrix dimensions do not agree")
            }
            return .matrix(zip(left, right).map { zip($0, $1).map(operation) })
        }
    }

    func mapped(_ function: (Double) -> Double) -> MatlabArray {
        switch self {
        case .scalar(let value): return .scalar(function(value))
        case .matrix(let rows): return .matrix(rows.map { $0.map(function) })
        }
    }
}

struct MatlabExpressionError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Evaluates the arithmetic that MATPOWER case files contain after (or inside) their matrices, such as
/// `Vbase = mpc.bus(1, BASE_KV) * 1e3;`, `mpc.branch(:, [BR_R BR_X]) = mpc.branch(:, [BR_R BR_X]) / (Vbase^2 / Sbase);`
/// or `135/sqrt(3)`: numbers, + − * / ^ (and their elementwise forms), parentheses, sqrt/sin/cos/tan/asin/acos/
/// atan/exp/log/abs, MATPOWER's named column constants, scalar variables and `mpc.FIELD(ROWS, COLUMNS)`.
struct MatlabExpressionEvaluator {
    /// The case's matrices by field name, and scalar variables.
    var matrices: [String: [[Double]]]
    var variables: [String: Double]

    func evaluate(_ text: String) throws(MatlabExpressionError) -> MatlabArray {
        var parser = Parser(tokens: try Self.tokens(text), evaluator: self)
        let value = try parser.expression()
        guard parser.atEnd else { throw MatlabExpressionError("unexpected '\(parser.peek ?? "")' in '\(text)'") }
        return value
    }

    /// The rows and columns (0-based) that `mpc.FIELD(INDICES)` selects; `indexText` is the text inside the parentheses.
    func selection(field: String, indexText: String) throws(MatlabExpressionError) -> (rows: [Int], columns: [Int]) {
        guard let matrix = matrices[field] else { throw MatlabExpressionError("mpc.\(field) is not defined here") }
        var parser = Parser(tokens: try Self.tokens(indexText + ")"), evaluator: self)
        let result = try parser.indices(rowCount: matrix.count, columnCount: matrix.first?.count ?? 0)
        guard parser.atEnd else { throw MatlabExpressionError("unexpected text in the indices '\(indexText)'") }
        return result
    }

    /// Column (1-based) of a MATPOWER named constant, or a bus-type code.
    static let namedConstants: [String: Double] = {
        var constants: [String: Double] = ["PQ": 1, "PV": 2, "REF": 3, "NONE": 4, "pi": .pi, "Inf": .infinity, "inf": .infinity]
        for (offset, name) in MatpowerColumns.bus.enumerated() { constants[name] = Double(offset + 1) }
        for (offset, name) in MatpowerColumns.generator.enumerated() { constants[name] = Double(offset + 1) }
        for (offset, name) in MatpowerColumns.branch.enumerated() { constants[name] = Double(offset + 1) }
        return constants
    }()

    static func tokens(_ text: String) throws(MatlabExpressionError) -> [String] {
        var tokens: [String] = []
        let characters = Array(text)
        var i = 0
        while i < characters.count {
            let c = characters[i]
            if c == " " || c == "\t" { i += 1; continue }
            if c.isNumber || (c == "." && i + 1 < characters.count && characters[i + 1].isNumber) {
                var j = i
                while j < characters.count, characters[j].isNumber || characters[j] == "." { j += 1 }
                if j < characters.count, characters[j] == "e" || characters[j] == "E" {
                    j += 1
                    if j < characters.count, characters[j] == "+" || characters[j] == "-" { j += 1 }
                    while j < characters.count, characters[j].isNumber { j += 1 }
                }
                tokens.append(String(characters[i..<j]))
                i = j
            } else if c.isLetter || c == "_" {
                var j = i
                while j < characters.count, characters[j].isLetter || characters[j].isNumber || characters[j] == "_" || characters[j] == "." {
                    j += 1
                }
                tokens.append(String(characters[i..<j]))
                i = j
            } else if c == "." && i + 1 < characters.count && "*/^".contains(characters[i + 1]) {
                tokens.append(String(characters[i + 1]))  // elementwise = plain for our values
                i += 2
            } else if "+-*/^()[],:;".contains(c) {
                tokens.append(String(c))
                i += 1
            } else {
                throw MatlabExpressionError("unexpected character '\(c)'")
            }
        }
        return tokens
    }

    /// The deepest nesting of parentheses, brackets, function calls and signs in one expression.
    static let maximumNesting = 200

    struct Parser {
        var tokens: [String]
        var position = 0
        var depth = 0
        let evaluator: MatlabExpressionEvaluator

        init(tokens: [String], evaluator: MatlabExpressionEvaluator) {
            self.tokens = tokens
            self.evaluator = evaluator
        }

        var atEnd: Bool { position >= tokens.count }
        var peek: String? { atEnd ? nil : tokens[position] }

        mutating func take(_ token: String) -> Bool {
            if peek == token { position += 1; return true }
            return false
        }

        mutating func expression() throws(MatlabExpressionError) -> MatlabArray {
            var value = try term()
            while let op = peek, op == "+" || op == "-" {
                position += 1
                let right = try term()
                value = try value.combined(with: right, op == "+" ? (+) : (-))
            }
            return value
        }

        mutating func term() throws(MatlabExpressionError) -> MatlabArray {
            var value = try unary()
            while let op = peek, op == "*" || op == "/" {
                position += 1
                let right = try unary()
                value = try value.combined(with: right, op == "*" ? (*) : (/))
            }
            return value
        }

        /// Every nested sub-expression passes through here, so the depth is bounded here.
        mutating func unary() throws(MatlabExpressionError) -> MatlabArray {
            depth += 1
            defer { depth -= 1 }
            guard depth <= MatlabExpressionEvaluator.maximumNesting else {
                throw MatlabExpressionError("nested more than \(MatlabExpressionEvaluator.maximumNesting) levels deep")
            }
            if take("-") { return try unary().mapped { -$0 } }
            if take("+") { return try unary() }
            return try power()
        }

        mutating func power() throws(MatlabExpressionError) -> MatlabArray {
            let base = try primary()
            if take("^") {
                let exponent = try unary()
                return try base.combined(with: exponent) { Foundation.pow($0, $1) }
            }
            return base
        }

        mutating func primary() throws(MatlabExpressionError) -> MatlabArray {
            guard let token = peek else { throw MatlabExpressionError("the expression ends too early") }
            position += 1
            if token == "(" {
                let value = try expression()
                guard take(")") else { throw MatlabExpressionError("missing ')'") }
                return value
            }
            if let number = Double(token) { return .scalar(number) }
            if token == "[" {
                var values: [Double] = []
                while !take("]") {
                    if take(",") { continue }
                    guard let value = try expression().scalarValue else { throw MatlabExpressionError("only scalars in [ ]") }
                    values.append(value)
                }
                return .matrix([values])
            }
            if token.hasPrefix("mpc.") || token.contains(".") {
                let field = String(token.split(separator: ".").last!)
                if field == "baseMVA", let base = evaluator.variables["mpc.baseMVA"] { return .scalar(base) }
                guard let matrix = evaluator.matrices[field] else { throw MatlabExpressionError("unknown field '\(token)'") }
                if take("(") {
                    let (rows, columns) = try indices(rowCount: matrix.count, columnCount: matrix.first?.count ?? 0)
                    return .matrix(rows.map { r in columns.map { c in matrix[r][c] } })
                }
                return .matrix(matrix)
            }
            if take("(") {
                let argument = try expression()
                guard take(")") else { throw MatlabExpressionError("missing ')' after \(token)(") }
                let functions: [String: (Double) -> Double] = [
                    "sqrt": { $0.squareRoot() }, "sin": { Foundation.sin($0) }, "cos": { Foundation.cos($0) },
                    "tan": { Foundation.tan($0) }, "asin": { Foundation.asin($0) }, "acos": { Foundation.acos($0) },
                    "atan": { Foundation.atan($0) }, "exp": { Foundation.exp($0) }, "log": { Foundation.log($0) },
                    "abs": { Swift.abs($0) },
                ]
                guard let function = functions[token] else { throw MatlabExpressionError("unknown function '\(token)'") }
                return argument.mapped(function)
            }
            if let value = evaluator.variables[token] ?? MatlabExpressionEvaluator.namedConstants[token] { return .scalar(value) }
            throw MatlabExpressionError("unknown name '\(token)'")
        }

        /// `(ROWS, COLUMNS)` after the opening parenthesis: `:`, a scalar or a `[list]` each; 0-based results.
        mutating func indices(rowCount: Int, columnCount: Int) throws(MatlabExpressionError) -> ([Int], [Int]) {
            let rows = try selector(count: rowCount)
            guard take(",") else { throw MatlabExpressionError("expected 'ROWS, COLUMNS'") }
            let columns = try selector(count: columnCount)
            guard take(")") else { throw MatlabExpressionError("missing ')' after the indices") }
            return (rows, columns)
        }

        mutating func selector(count: Int) throws(MatlabExpressionError) -> [Int] {
            if take(":") { return Array(0..<count) }
            let value = try expression()
            let numbers: [Double]
            switch value {
            case .scalar(let number): numbers = [number]
            case .matrix(let rows): numbers = rows.flatMap { $0 }
            }
            return try numbers.map { number throws(MatlabExpressionError) in
                guard number >= 1, number <= Double(count), number == number.rounded() else {
                    throw MatlabExpressionError("index \(number) out of range 1...\(count)")
                }
                return Int(number) - 1
            }
        }
    }
}
