import SparseLU
import Testing

@Suite("Small dense LU")
struct SmallDenseLUTests {
    @Test("solves a system that needs a row exchange (answer known by hand)")
    func pivoting() throws {
        // A = [0 2 1; 1 1 1; 2 1 0], x = (1, 2, 3) ⇒ b = (7, 6, 4); A₁₁ = 0 forces a pivot.
        let lu = try #require(SmallDenseLU(matrix: [0, 2, 1, 1, 1, 1, 2, 1, 0], dimension: 3))
        var b = [7.0, 6, 4]
        lu.solve(&b)
        for (value, expected) in zip(b, [1.0, 2, 3]) { #expect(abs(value - expected) < 1e-14) }
    }

    @Test("a singular matrix is refused")
    func singular() {
        #expect(SmallDenseLU(matrix: [1, 2, 2, 4], dimension: 2) == nil)
        #expect(SmallDenseLU(matrix: [0, 0, 0, 0], dimension: 2) == nil)
    }
}
