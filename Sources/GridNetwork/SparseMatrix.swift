import SparseLU


/// A square sparse matrix in compressed-sparse-column form: a pattern and one value per stored entry.
public struct SparseMatrix<Value: AdditiveArithmetic & Sendable>: Sendable {
    public let pattern: CompressedColumnPattern
    public var values: [Value]

    /// Assembles a `dimension`×`dimension` matrix from entries; duplicates are summed, rows sorted within columns.
    /// With `storingDiagonal`, every diagonal entry is stored (zero when no entry gives it), so that the pattern
    /// depends only on the structure of the entries' sources.
    ///
    /// Complexity: O(entries + dimension), plus sorting each (short) column.
    public init(dimension: Int, entries: [SparseEntry<Value>], storingDiagonal: Bool = false) {
        var counts = [Int](repeating: storingDiagonal ? 1 : 0, count: dimension)
        for entry in entries { counts[entry.column] += 1 }
        var scatterStart = [Int](repeating: 0, count: dimension + 1)
        for column in 0..<dimension { scatterStart[column + 1] = scatterStart[column] + counts[column] }
        var next = Array(scatterStart.dropLast())
        var scatteredRows = [Int](repeating: 0, count: scatterStart[dimension])
        var scatteredValues = [Value](repeating: .zero, count: scatterStart[dimension])
        if storingDiagonal {
            for b in 0..<dimension {
                scatteredRows[next[b]] = b
                next[b] += 1
            }
        }
        for entry in entries {
            scatteredRows[next[entry.column]] = entry.row
            scatteredValues[next[entry.column]] = entry.value
            next[entry.column] += 1
        }
        var columnStarts = [Int](repeating: 0, count: dimension + 1)
        var rowIndices: [Int] = []
        rowIndices.reserveCapacity(scatterStart[dimension])
        var values: [Value] = []
        values.reserveCapacity(scatterStart[dimension])
        var slotOfRow = [Int](repeating: -1, count: dimension)
        for column in 0..<dimension {
            let first = rowIndices.count
            for entry in scatterStart[column]..<scatterStart[column + 1] {
                let row = scatteredRows[entry]
                if slotOfRow[row] >= first {
                    values[slotOfRow[row]] += scatteredValues[entry]
                } else {
                    slotOfRow[row] = rowIndices.count
                    rowIndices.append(row)
                    values.append(scatteredValues[entry])
                }
            }
            // Insertion sort of the (short) column by row.
            var i = first + 1
            while i < rowIndices.count {
                let row = rowIndices[i], value = values[i]
                var j = i - 1
                while j >= first && rowIndices[j] > row {
                    rowIndices[j + 1] = rowIndices[j]
                    values[j + 1] = values[j]
                    j -= 1
                }
                rowIndices[j + 1] = row
                values[j + 1] = value
                i += 1
            }
            columnStarts[column + 1] = rowIndices.count
        }
        // The structure is correct by construction.
        pattern = CompressedColumnPattern(trustedDimension: dimension, columnStarts: columnStarts, rowIndices: rowIndices)
        self.values = values
    }

    /// The square submatrix on `indices` (rows and columns alike), renumbered 0..<indices.count in that order.
    public func submatrix(_ indices: [Int]) -> SparseMatrix<Value> {
        var newIndex = [Int](repeating: -1, count: pattern.dimension)
        for (position, index) in indices.enumerated() { newIndex[index] = position }
        var entries: [SparseEntry<Value>] = []
        for (position, column) in indices.enumerated() {
            for entry in pattern.columnStarts[column]..<pattern.columnStarts[column + 1] {
                let row = newIndex[pattern.rowIndices[entry]]
                if row >= 0 { entries.append(SparseEntry(row: row, column: position, value: values[entry])) }
            }
        }
        return SparseMatrix(dimension: indices.count, entries: entries)
    }

    /// The value at (`row`, `column`), zero when not stored.
    public subscript(row: Int, column: Int) -> Value {
        pattern.entryIndex(row: row, column: column).map { values[$0] } ?? .zero
    }
}
