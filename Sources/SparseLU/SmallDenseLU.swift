/// LU factors with partial pivoting of a small dense square matrix (row-major), for the few-by-few systems of
/// low-rank updates (Woodbury's capacitance matrix); O(m³), meant for m up to a few dozen.
package struct SmallDenseLU: Sendable {
    /// Order of the matrix.
    package let dimension: Int
    /// L (unit diagonal, below) and U (on and above) in one row-major array.
    private var factors: [Double]
    /// Row exchanged with each row during the elimination.
    private var pivots: [Int]

    /// Factors `matrix` (row-major, `dimension`² entries); nil when a pivot is below `relativePivotTolerance`
    /// times the largest entry (numerically singular).
    package init?(matrix: [Double], dimension m: Int, relativePivotTolerance: Double = 1e-12) {
        precondition(matrix.count == m * m, "a \(m)×\(m) matrix has \(m * m) entries")
        var a = matrix
        var pivots = [Int](repeating: 0, count: m)
        let scale = a.reduce(0) { max($0, abs($1)) }
        guard scale > 0 || m == 0, scale.isFinite else { return nil }
        for column in 0..<m {
            var pivot = column
            for row in (column + 1)..<max(m, column + 1) where abs(a[row * m + column]) > abs(a[pivot * m + column]) {
                pivot = row
            }
            guard abs(a[pivot * m + column]) > relativePivotTolerance * scale else { return nil }
            pivots[column] = pivot
            if pivot != column {
                for j in 0..<m { a.swapAt(pivot * m + j, column * m + j) }
            }
            let inverse = 1 / a[column * m + column]
            for row in (column + 1)..<max(m, column + 1) {
                let factor = a[row * m + column] * inverse
                a[row * m + column] = factor
                if factor == 0 { continue }
                for j in (column + 1)..<m { a[row * m + j] -= factor * a[column * m + j] }
            }
        }
        dimension = m
        factors = a
        self.pivots = pivots
    }

    /// Solves A x = b in place.
    package func solve(_ b: inout [Double]) {
        let m = dimension
        precondition(b.count == m, "one right-hand side entry per row")
        for row in 0..<m where pivots[row] != row { b.swapAt(row, pivots[row]) }
        for row in 0..<m {
            var sum = b[row]
            for j in 0..<row { sum -= factors[row * m + j] * b[j] }
            b[row] = sum
        }
        for row in stride(from: m - 1, through: 0, by: -1) {
            var sum = b[row]
            for j in (row + 1)..<max(m, row + 1) { sum -= factors[row * m + j] * b[j] }
            b[row] = sum / factors[row * m + row]
        }
    }
}
