import Numerics
import SparseLU

/// The Newton-Raphson Jacobian in polar coordinates, d[P; Q]/d[θ; |V|], on a fixed compressed-sparse-column
/// pattern derived from Ybus and the bus roles.
///
/// Unknowns and equations are numbered bus by bus: a PV or PQ bus has an angle unknown θ (and its P equation on
/// the same row), a PQ bus also a magnitude unknown |V| (and its Q equation). Index maps from each Ybus entry to
/// the up to four Jacobian entries it feeds are computed once; ``assemble(voltages:currents:into:)`` then writes
/// the values straight into place, with no allocation.
public struct PolarJacobian: Sendable {
    /// The Jacobian's pattern.
    public let pattern: CompressedColumnPattern
    /// Unknown index of each bus's angle (its P equation), or −1.
    public let angleIndex: [Int]
    /// Unknown index of each bus's magnitude (its Q equation), or −1.
    public let magnitudeIndex: [Int]
    /// The bus owning each unknown.
    public let busOfUnknown: [Int]
    /// For each Ybus entry (row i, column k): where ∂Pᵢ/∂θₖ, ∂Qᵢ/∂θₖ, ∂Pᵢ/∂|Vₖ|, ∂Qᵢ/∂|Vₖ| go, or −1.
    let pByAngle: [Int32]
    let qByAngle: [Int32]
    let pByMagnitude: [Int32]
    let qByMagnitude: [Int32]
    /// The Ybus pattern it was built from.
    let admittancePattern: CompressedColumnPattern

    /// Number of unknowns (and equations).
    public var dimension: Int { pattern.dimension }

    /// Builds the pattern for `admittance`'s structure and these bus roles.
    public init(admittancePattern: CompressedColumnPattern, roles: [BusRole]) {
        let n = admittancePattern.dimension
        var angleIndex = [Int](repeating: -1, count: n)
        var magnitudeIndex = [Int](repeating: -1, count: n)
        var busOfUnknown: [Int] = []
        for b in 0..<n {
            switch roles[b] {
            case .pv:
                angleIndex[b] = busOfUnknown.count
                busOfUnknown.append(b)
            case .pq:
                angleIndex[b] = busOfUnknown.count
                busOfUnknown.append(b)
                magnitudeIndex[b] = busOfUnknown.count
                busOfUnknown.append(b)
            case .slack, .isolated: break
            }
        }
        let m = busOfUnknown.count
        let nnzY = admittancePattern.nonzeroCount
        var pByAngle = [Int32](repeating: -1, count: nnzY)
        var qByAngle = [Int32](repeating: -1, count: nnzY)
        var pByMagnitude = [Int32](repeating: -1, count: nnzY)
        var qByMagnitude = [Int32](repeating: -1, count: nnzY)
        var columnStarts = [Int](repeating: 0, count: m + 1)
        var rowIndices: [Int] = []
        rowIndices.reserveCapacity(4 * nnzY)
        var column = 0
        for k in 0..<n where angleIndex[k] >= 0 {
            // Column θₖ, then column |Vₖ| for a PQ bus: rows P and Q of every bus i with Yᵢₖ ≠ 0.
            for (isMagnitudeColumn, present) in [(false, true), (true, magnitudeIndex[k] >= 0)] where present {
                for entry in admittancePattern.columnStarts[k]..<admittancePattern.columnStarts[k + 1] {
                    let i = admittancePattern.rowIndices[entry]
                    if angleIndex[i] >= 0 {
                        let position = Int32(rowIndices.count)
                        if isMagnitudeColumn { pByMagnitude[entry] = position } else { pByAngle[entry] = position }
                        rowIndices.append(angleIndex[i])
                    }
                    if magnitudeIndex[i] >= 0 {
                        let position = Int32(rowIndices.count)
                        if isMagnitudeColumn { qByMagnitude[entry] = position } else { qByAngle[entry] = position }
                        rowIndices.append(magnitudeIndex[i])
                    }
                }
                column += 1
                columnStarts[column] = rowIndices.count
            }
        }
        pattern = try! CompressedColumnPattern(dimension: m, columnStarts: columnStarts, rowIndices: rowIndices)
        self.angleIndex = angleIndex
        self.magnitudeIndex = magnitudeIndex
        self.busOfUnknown = busOfUnknown
        self.pByAngle = pByAngle
        self.qByAngle = qByAngle
        self.pByMagnitude = pByMagnitude
        self.qByMagnitude = qByMagnitude
        self.admittancePattern = admittancePattern
    }

    /// Writes the Jacobian at `voltages` into `values` (one per pattern entry).
    ///
    /// - Parameters:
    ///   - admittance: Ybus values, in the pattern this Jacobian was built from.
    ///   - currents: I = Ybus·V at the same voltages (the mismatch computes it already).
    public func assemble(
        admittance: UnsafeBufferPointer<Complex<Double>>, voltages: UnsafeBufferPointer<Complex<Double>>,
        currents: UnsafeBufferPointer<Complex<Double>>, into values: UnsafeMutableBufferPointer<Double>
    ) {
        admittancePattern.columnStarts.withUnsafeBufferPointer { starts in
            admittancePattern.rowIndices.withUnsafeBufferPointer { rows in
                pByAngle.withUnsafeBufferPointer { pa in
                    qByAngle.withUnsafeBufferPointer { qa in
                        pByMagnitude.withUnsafeBufferPointer { pm in
                            qByMagnitude.withUnsafeBufferPointer { qm in
                                let n = admittancePattern.dimension
                                for k in 0..<n {
                                    let vk = voltages[k]
                                    let magnitudeK = vk.length
                                    for entry in starts[k]..<starts[k + 1] {
                                        let paIndex = Int(pa[entry]), qaIndex = Int(qa[entry])
                                        let pmIndex = Int(pm[entry]), qmIndex = Int(qm[entry])
                                        if paIndex < 0 && qaIndex < 0 && pmIndex < 0 && qmIndex < 0 { continue }
                                        let i = rows[entry]
                                        let vi = voltages[i]
                                        let y = admittance[entry]
                                        // t = Vᵢ · conj(Yᵢₖ Vₖ)
                                        let yv = y * vk
                                        let t = vi * yv.conjugate
                                        var dAngle: Complex<Double>
                                        var dMagnitude: Complex<Double>
                                        if i != k {
                                            // ∂Sᵢ/∂θₖ = −j t ; ∂Sᵢ/∂|Vₖ| = t / |Vₖ|
                                            dAngle = Complex(t.imaginary, -t.real)
                                            dMagnitude = Complex(t.real / magnitudeK, t.imaginary / magnitudeK)
                                        } else {
                                            // ∂Sᵢ/∂θᵢ = j (Sᵢ − t) with Sᵢ = Vᵢ conj(Iᵢ);
                                            // ∂Sᵢ/∂|Vᵢ| = t/|Vᵢ| + conj(Iᵢ) Vᵢ/|Vᵢ|
                                            let ic = currents[i].conjugate
                                            let s = vi * ic
                                            let d = s - t
                                            dAngle = Complex(-d.imaginary, d.real)
                                            let w = t + s
                                            dMagnitude = Complex(w.real / magnitudeK, w.imaginary / magnitudeK)
                                        }
                                        if paIndex >= 0 { values[paIndex] = dAngle.real }
                                        if qaIndex >= 0 { values[qaIndex] = dAngle.imaginary }
                                        if pmIndex >= 0 { values[pmIndex] = dMagnitude.real }
                                        if qmIndex >= 0 { values[qmIndex] = dMagnitude.imaginary }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The Jacobian's values at `voltages` (convenience for tests and tools; allocates).
    public func values(admittance: AdmittanceMatrix, voltages: [Complex<Double>]) -> [Double] {
        let currents = admittance.multiply(voltages)
        var values = [Double](repeating: 0, count: pattern.nonzeroCount)
        admittance.values.withUnsafeBufferPointer { y in
            voltages.withUnsafeBufferPointer { v in
                currents.withUnsafeBufferPointer { c in
                    values.withUnsafeMutableBufferPointer { out in
                        assemble(admittance: y, voltages: v, currents: c, into: out)
                    }
                }
            }
        }
        return values
    }

    /// The mismatch vector F at `voltages`: Re(Vᵢ conj(Iᵢ) − Sᵢ) on P rows, Im(…) on Q rows (p.u.).
    public func mismatch(
        admittance: AdmittanceMatrix, voltages: [Complex<Double>], injections: [Complex<Double>]
    ) -> [Double] {
        let currents = admittance.multiply(voltages)
        var f = [Double](repeating: 0, count: dimension)
        for (unknown, b) in busOfUnknown.enumerated() {
            let mis = voltages[b] * currents[b].conjugate - injections[b]
            f[unknown] = angleIndex[b] == unknown ? mis.real : mis.imaginary
        }
        return f
    }
}
