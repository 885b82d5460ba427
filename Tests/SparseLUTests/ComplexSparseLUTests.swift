import Numerics
import SparseLU
import Testing

@Suite("Complex KLU")
struct ComplexSparseLUTests {
    @Test("factor, refactor and solve a complex system")
    func complexSolve() throws {
        // [ 2+i   1   ]
        // [ 1    3-2i ]
        let pattern = try CompressedColumnPattern(dimension: 2, columnStarts: [0, 2, 4], rowIndices: [0, 1, 0, 1])
        var values = [Complex(2.0, 1), Complex(1.0, 0), Complex(1.0, 0), Complex(3.0, -2)]
        let lu = try ComplexSparseLU(pattern: pattern)
        let x = [Complex(1.0, -1), Complex(0.5, 2)]
        func rhs() -> [Complex<Double>] {
            [values[0] * x[0] + values[2] * x[1], values[1] * x[0] + values[3] * x[1]]
        }
        try lu.factor(values)
        var b = rhs()
        try lu.solve(&b)
        for (a, e) in zip(b, x) { #expect((a - e).length < 1e-12) }
        values[3] = Complex(4, 1)
        try lu.refactor(values)
        b = rhs()
        try lu.solve(&b)
        for (a, e) in zip(b, x) { #expect((a - e).length < 1e-12) }
    }

    @Test("a singular complex matrix is an error")
    func singular() throws {
        let pattern = try CompressedColumnPattern(dimension: 2, columnStarts: [0, 2, 4], rowIndices: [0, 1, 0, 1])
        let lu = try ComplexSparseLU(pattern: pattern)
        let z = Complex(1.0, 1)
        #expect(throws: SparseLUError.self) { try lu.factor([z, z, z, z]) }
    }
}
