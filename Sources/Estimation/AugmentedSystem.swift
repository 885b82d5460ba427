import SparseLU

/// Hachtel's augmented form of a weighted-least-squares Gauss-Newton step, for one measurement model:
///
///     [ s·R   H ] [ μ  ]   [ z − h(x) ]
///     [ Hᵀ    0 ] [ Δx ] = [    0     ]
///
/// with R = diag(σᵢ²), μ = W·(z − h − H·Δx)/s the scaled multipliers, and s = 1/median σᵢ² so that the typical
/// sensor's diagonal and H are of one magnitude (a very accurate one's is then near 0, as an equality's is). Eliminating μ gives the normal equations Hᵀ·W·H·Δx = Hᵀ·W·(z − h); keeping it avoids forming
/// Hᵀ·W·H, whose condition number is the square of H's — and an equality constraint (a zero injection) is exactly a
/// row with Rᵢᵢ = 0, not a measurement of huge weight. A removed measurement (weight 0) keeps its row as μᵢ = 0.
///
/// The matrix is symmetric but indefinite: KLU factors it with partial pivoting; its analysis (and the pivot order,
/// through refactorization) is kept across iterations and estimates. Not thread-safe.
package final class AugmentedSystem {
    private let model: MeasurementModel
    private let measurementCount: Int
    /// Position in the values of each measurement's diagonal entry.
    private let diagonalPositions: [Int]
    /// Per Jacobian entry (in the model's order): the position of H's entry (row i, column m + c) and of its
    /// transpose (row m + c, column i).
    private let measurementRowPositions: [Int]
    private let stateRowPositions: [Int]
    private let nonzeroCount: Int
    private let factorization: RealSparseLU
    private let scale: Double
    private var values: [Double]
    private var rightHandSide: [Double]

    /// Builds the pattern of the augmented matrix for `measurements` and its KLU analysis.
    package init(model: MeasurementModel, measurements: [GridMeasurement]) throws(EstimationError) {
        self.model = model
        let m = measurements.count, n = model.stateCount
        measurementCount = m
        // Columns 0..<m (one per measurement): its diagonal, then the states of its row. Columns m..<m+n: the
        // measurements whose row holds that state.
        var starts = [0], rows: [Int] = []
        var measurementsOfState = [[Int]](repeating: [], count: n)
        for i in 0..<m {
            let states = Set(model.columns[model.rowStarts[i]..<model.rowStarts[i + 1]]).sorted()
            rows.append(i)
            rows += states.map { m + $0 }
            starts.append(rows.count)
            for c in states { measurementsOfState[c].append(i) }
        }
        for c in 0..<n {
            rows += measurementsOfState[c]
            starts.append(rows.count)
        }
        let pattern: CompressedColumnPattern
        do {
            pattern = try CompressedColumnPattern(dimension: m + n, columnStarts: starts, rowIndices: rows)
            factorization = try RealSparseLU(pattern: pattern)
        } catch {
            throw EstimationError.analysis("\(error)")
        }
        diagonalPositions = (0..<m).map { starts[$0] }
        var inMeasurementRows: [Int] = [], inStateRows: [Int] = []
        inMeasurementRows.reserveCapacity(model.columns.count)
        inStateRows.reserveCapacity(model.columns.count)
        for i in 0..<m {
            for p in model.rowStarts[i]..<model.rowStarts[i + 1] {
                let c = model.columns[p]
                inMeasurementRows.append(pattern.entryIndex(row: i, column: m + c)!)
                inStateRows.append(pattern.entryIndex(row: m + c, column: i)!)
            }
        }
        measurementRowPositions = inMeasurementRows
        stateRowPositions = inStateRows
        nonzeroCount = pattern.nonzeroCount
        let variances = measurements.filter { !$0.isEquality }.map { $0.sigma * $0.sigma }.sorted()
        scale = variances.isEmpty ? 1 : 1 / max(variances[variances.count / 2], 1e-300)
        values = [Double](repeating: 0, count: pattern.nonzeroCount)
        rightHandSide = [Double](repeating: 0, count: m + n)
    }

    /// The state update Δx for H's values `jacobian` (the model's order), residuals z − h, the measurements' weights
    /// (1/σ², 0 when removed) and which of them are equality constraints.
    package func step(
        jacobian: [Double], residuals: [Double], weights: [Double], isEquality: [Bool]
    ) throws(EstimationError) -> ArraySlice<Double> {
        let m = measurementCount
        for p in values.indices { values[p] = 0 }
        for i in 0..<m {
            let active = weights[i] > 0 || isEquality[i]
            values[diagonalPositions[i]] = isEquality[i] ? 0 : (active ? scale / weights[i] : 1)
            rightHandSide[i] = active ? residuals[i] : 0
            guard active else { continue }
            for p in model.rowStarts[i]..<model.rowStarts[i + 1] {
                values[measurementRowPositions[p]] += jacobian[p]
                values[stateRowPositions[p]] += jacobian[p]
            }
        }
        for c in m..<rightHandSide.count { rightHandSide[c] = 0 }
        do {
            try factorization.refactor(values)
            try factorization.solve(&rightHandSide)
        } catch {
            throw EstimationError.singularGain("augmented system: \(error)")
        }
        return rightHandSide[m...]
    }

    /// Nonzeros of the current LU factors (fill-in, for comparison with the gain matrix's).
    package var factorNonzeroCount: Int { factorization.factorNonzeroCount }
}
