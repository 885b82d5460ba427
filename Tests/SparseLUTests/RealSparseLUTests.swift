import SparseLU
import Testing

/// A 4×4 unsymmetric test matrix:
///     [ 4 1 0 0 ]
///     [ 1 5 2 0 ]
///     [ 0 1 6 3 ]
///     [ 2 0 1 7 ]
private func testMatrix() throws -> (CompressedColumnPattern, [Double]) {
    let pattern = try CompressedColumnPattern(
        dimension: 4, columnStarts: [0, 3, 6, 9, 11], rowIndices: [0, 1, 3, 0, 1, 2, 1, 2, 3, 2, 3])
    return (pattern, [4, 1, 2, 1, 5, 1, 2, 6, 1, 3, 7])
}

private func multiply(_ pattern: CompressedColumnPattern, _ values: [Double], _ x: [Double]) -> [Double] {
    var y = [Double](repeating: 0, count: pattern.dimension)
    for column in 0..<pattern.dimension {
        for entry in pattern.columnStarts[column]..<pattern.columnStarts[column + 1] {
            y[pattern.rowIndices[entry]] += values[entry] * x[column]
        }
    }
    return y
}

@Suite("Real KLU")
struct RealSparseLUTests {
    @Test("factor and solve reproduce the right-hand side")
    func factorAndSolve() throws {
        let (pattern, values) = try testMatrix()
        let lu = try RealSparseLU(pattern: pattern)
        try lu.factor(values)
        let expected = [1.0, -2, 3, 0.5]
        var x = multiply(pattern, values, expected)
        try lu.solve(&x)
        for (a, b) in zip(x, expected) { #expect(abs(a - b) < 1e-12) }
        #expect(lu.factorCount == 1)
    }

    @Test("refactor with new values of the same pattern reuses the pivot order")
    func refactor() throws {
        let (pattern, values) = try testMatrix()
        let lu = try RealSparseLU(pattern: pattern)
        try lu.factor(values)
        let changed = values.map { $0 * 1.5 + 0.25 }
        try lu.refactor(changed)
        #expect(lu.refactorCount == 1 && lu.factorCount == 1)
        let expected = [0.5, 1, -1, 2]
        var x = multiply(pattern, changed, expected)
        try lu.solve(&x)
        for (a, b) in zip(x, expected) { #expect(abs(a - b) < 1e-12) }
    }

    @Test("a singular matrix is a thrown error, not a crash")
    func singular() throws {
        // Column 1 is twice column 0.
        let pattern = try CompressedColumnPattern(dimension: 2, columnStarts: [0, 2, 4], rowIndices: [0, 1, 0, 1])
        let lu = try RealSparseLU(pattern: pattern)
        #expect(throws: SparseLUError.self) { try lu.factor([1, 2, 2, 4]) }
        #expect(!lu.isFactored)
        var b = [1.0, 1.0]
        #expect(throws: SparseLUError.notFactored) { try lu.solve(&b) }
    }

    @Test("a structurally singular matrix (empty column) is an error")
    func structurallySingular() throws {
        let pattern = try CompressedColumnPattern(dimension: 2, columnStarts: [0, 2, 2], rowIndices: [0, 1])
        let lu = try RealSparseLU(pattern: pattern)
        #expect(throws: SparseLUError.self) { try lu.factor([1, 2]) }
    }

    @Test("malformed patterns and value counts are rejected")
    func invalidInput() throws {
        #expect(throws: SparseLUError.self) {
            try CompressedColumnPattern(dimension: 2, columnStarts: [0, 2, 3], rowIndices: [0, 0, 1])
        }
        #expect(throws: SparseLUError.self) {
            try CompressedColumnPattern(dimension: 2, columnStarts: [0, 1, 2], rowIndices: [0, 5])
        }
        let (pattern, _) = try testMatrix()
        let lu = try RealSparseLU(pattern: pattern)
        #expect(throws: SparseLUError.valueCountMismatch(expected: 11, actual: 3)) { try lu.factor([1, 2, 3]) }
    }

    @Test("a given ordering (AMD of the pattern) solves the same system")
    func givenOrdering() throws {
        let (pattern, values) = try testMatrix()
        let ordering = try pattern.approximateMinimumDegreeOrdering()
        #expect(Set(ordering) == Set(0..<4))
        let lu = try RealSparseLU(pattern: pattern, ordering: .given(ordering))
        try lu.factor(values)
        let expected = [3.0, 1, 4, 1]
        var x = multiply(pattern, values, expected)
        try lu.solve(&x)
        for (a, b) in zip(x, expected) { #expect(abs(a - b) < 1e-12) }
        #expect(throws: SparseLUError.self) { try RealSparseLU(pattern: pattern, ordering: .given([0, 0, 1, 2])) }
    }

    @Test("many solver objects are created and freed without leaks or double frees")
    func lifecycle() throws {
        let (pattern, values) = try testMatrix()
        for _ in 0..<200 {
            let lu = try RealSparseLU(pattern: pattern)
            try lu.factor(values)
            try lu.refactor(values)
        }
    }
}
