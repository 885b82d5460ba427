/// The nonzero pattern of a square sparse matrix in compressed-sparse-column (CSC) form.
///
/// Column `j` holds the row indices `rowIndices[columnStarts[j] ..< columnStarts[j + 1]]`. The values of a
/// matrix with this pattern live in a separate `[Double]` (or complex) array in the same order, so that one
/// pattern (and one symbolic analysis of it) serves many sets of values.
public struct CompressedColumnPattern: Sendable, Equatable {
    /// Number of rows and of columns.
    public let dimension: Int
    /// `dimension + 1` offsets into ``rowIndices``; the first is 0, the last is ``nonzeroCount``.
    public let columnStarts: [Int]
    /// Row index of each stored entry, column by column; unique within a column.
    public let rowIndices: [Int]

    /// Number of stored entries.
    public var nonzeroCount: Int { rowIndices.count }

    /// Creates a pattern after checking that it is a well-formed CSC structure.
    ///
    /// - Throws: ``SparseLUError/invalidPattern(_:)`` when offsets are not monotone, a row index is out of
    ///   range, or a row appears twice in one column.
    public init(dimension: Int, columnStarts: [Int], rowIndices: [Int]) throws {
        guard dimension >= 0 else { throw SparseLUError.invalidPattern("negative dimension \(dimension)") }
        guard columnStarts.count == dimension + 1, columnStarts.first == 0, columnStarts.last == rowIndices.count
        else {
            throw SparseLUError.invalidPattern(
                "column offsets must have \(dimension + 1) entries from 0 to \(rowIndices.count)")
        }
        var seen = [Int](repeating: -1, count: dimension)
        for column in 0..<dimension {
            let start = columnStarts[column], end = columnStarts[column + 1]
            guard start <= end else { throw SparseLUError.invalidPattern("column \(column) has decreasing offsets") }
            for entry in start..<end {
                let row = rowIndices[entry]
                guard row >= 0, row < dimension else {
                    throw SparseLUError.invalidPattern("row index \(row) out of range in column \(column)")
                }
                guard seen[row] != column else {
                    throw SparseLUError.invalidPattern("row \(row) appears twice in column \(column)")
                }
                seen[row] = column
            }
        }
        self.dimension = dimension
        self.columnStarts = columnStarts
        self.rowIndices = rowIndices
    }

    /// Creates a pattern that its builder guarantees well formed (sorted construction inside this package), without
    /// checking it again.
    package init(trustedDimension dimension: Int, columnStarts: [Int], rowIndices: [Int]) {
        self.dimension = dimension
        self.columnStarts = columnStarts
        self.rowIndices = rowIndices
    }

    /// The position of entry (`row`, `column`) in the value array, or `nil` when it is not stored.
    ///
    /// Complexity: O(entries in the column).
    public func entryIndex(row: Int, column: Int) -> Int? {
        for entry in columnStarts[column]..<columnStarts[column + 1] where rowIndices[entry] == row {
            return entry
        }
        return nil
    }
}
