/// A linear (or mixed-integer, or convex quadratic) program in the form the COIN-OR solvers take:
/// minimise cᵀx + ½ Σ qⱼ xⱼ² subject to rowLower ≤ A x ≤ rowUpper, columnLower ≤ x ≤ columnUpper, some xⱼ integer.
/// Infinite bounds are `±.infinity`. Built column by column and row by row; a value type.
public struct LinearProgram: Sendable, Equatable {
    /// Per column: objective coefficient, bounds, whether integer, and the diagonal quadratic cost qⱼ (≥ 0).
    public private(set) var cost: [Double] = []
    public private(set) var columnLower: [Double] = []
    public private(set) var columnUpper: [Double] = []
    public private(set) var isInteger: [Bool] = []
    public private(set) var quadraticCost: [Double] = []
    /// Per row: bounds.
    public private(set) var rowLower: [Double] = []
    public private(set) var rowUpper: [Double] = []
    /// Coefficients (row, column, value); duplicates are summed.
    public private(set) var coefficients: [(row: Int, column: Int, value: Double)] = []

    public init() {}

    public var columnCount: Int { cost.count }
    public var rowCount: Int { rowLower.count }

    public static func == (a: LinearProgram, b: LinearProgram) -> Bool {
        a.cost == b.cost && a.columnLower == b.columnLower && a.columnUpper == b.columnUpper && a.isInteger == b.isInteger
            && a.quadraticCost == b.quadraticCost && a.rowLower == b.rowLower && a.rowUpper == b.rowUpper
            && a.coefficients.elementsEqual(b.coefficients) { $0 == $1 }
    }

    /// Adds a column and returns its index.
    @discardableResult
    public mutating func addColumn(
        cost: Double, lower: Double = 0, upper: Double = .infinity, integer: Bool = false, quadraticCost: Double = 0
    ) -> Int {
        precondition(lower <= upper && cost.isFinite && quadraticCost >= 0, "a column needs lower ≤ upper and a finite cost")
        self.cost.append(cost)
        columnLower.append(lower)
        columnUpper.append(upper)
        isInteger.append(integer)
        self.quadraticCost.append(quadraticCost)
        return self.cost.count - 1
    }

    /// Adds a row `lower ≤ Σ value·x[column] ≤ upper` and returns its index.
    @discardableResult
    public mutating func addRow(_ terms: [(column: Int, value: Double)], lower: Double, upper: Double) -> Int {
        precondition(lower <= upper, "a row needs lower ≤ upper")
        let row = rowLower.count
        rowLower.append(lower)
        rowUpper.append(upper)
        for term in terms {
            precondition(term.column >= 0 && term.column < columnCount, "no column \(term.column)")
            coefficients.append((row, term.column, term.value))
        }
        return row
    }

    /// Removes the rows from `first` on (and their coefficients): constraints added last, dropped again.
    public mutating func removeRows(from first: Int) {
        precondition(first >= 0 && first <= rowCount)
        rowLower.removeSubrange(first...)
        rowUpper.removeSubrange(first...)
        coefficients.removeAll { $0.row >= first }
    }

    /// Changes a column's bounds.
    public mutating func setBounds(column: Int, lower: Double, upper: Double) {
        precondition(lower <= upper)
        columnLower[column] = lower
        columnUpper[column] = upper
    }

    /// Fixes a column at `value` and makes it continuous: a decision taken, the rest re-solved as a linear program.
    public mutating func fix(column: Int, at value: Double) {
        precondition(value.isFinite)
        columnLower[column] = value
        columnUpper[column] = value
        isInteger[column] = false
    }

    /// Makes a column integer (within its bounds).
    public mutating func makeInteger(column: Int) {
        isInteger[column] = true
    }

    /// The same program with every column continuous: its linear relaxation.
    public var relaxation: LinearProgram {
        var relaxed = self
        relaxed.isInteger = [Bool](repeating: false, count: isInteger.count)
        return relaxed
    }

    /// Changes a row's bounds.
    public mutating func setBounds(row: Int, lower: Double, upper: Double) {
        precondition(lower <= upper)
        rowLower[row] = lower
        rowUpper[row] = upper
    }
}
