import Numerics
import GridNetwork
import SparseLU

/// The Newton-Raphson Jacobian in polar coordinates, d[P; Q]/d[θ; |V|], on a fixed compressed-sparse-column
/// pattern derived from Ybus and the bus roles.
///
/// Unknowns and equations are numbered bus by bus: a PV or PQ bus has an angle unknown θ (its column) and a P
/// equation (the row with the same number); a PQ bus also a magnitude unknown |V| and a Q equation. With a
/// distributed slack, each reference bus has a P equation too, and its number is the column of its island's slack
/// power λ (∂Pᵢ/∂λ = −shareᵢ, constant). Index maps from each Ybus entry to the up to four Jacobian entries it
/// feeds are computed once; ``assemble(admittance:voltages:magnitudes:currents:into:)`` then writes the values straight into
/// place, with no allocation.
public struct PolarJacobian: Sendable {
    /// What an unknown is.
    public enum Unknown: Sendable, Equatable {
        case angle
        case magnitude
        /// The slack power of the island whose reference bus owns it (distributed slack).
        case slackPower
    }

    /// The Jacobian's pattern.
    public let pattern: CompressedColumnPattern
    /// Row of each bus's P equation (and, for PV and PQ buses, column of its angle), or −1.
    package let activePowerRow: [Int]
    /// Row of each bus's Q equation and column of its magnitude, or −1.
    package let reactivePowerRow: [Int]
    /// The bus owning each unknown, and what the unknown is.
    package let busOfUnknown: [Int]
    package let unknownKind: [Unknown]
    /// Entries of the slack-power columns: positions in the value array and their constant values (−share).
    package let constantEntries: [(position: Int, value: Double)]
    /// For each Ybus entry (row i, column k): where ∂Pᵢ/∂θₖ, ∂Qᵢ/∂θₖ, ∂Pᵢ/∂|Vₖ|, ∂Qᵢ/∂|Vₖ| go, or −1.
    let pByAngle: [Int32]
    let qByAngle: [Int32]
    let pByMagnitude: [Int32]
    let qByMagnitude: [Int32]
    /// The Ybus pattern it was built from.
    let admittancePattern: CompressedColumnPattern

    /// Number of unknowns (and equations).
    public var dimension: Int { pattern.dimension }

    /// Builds the pattern for Ybus's structure and these bus roles; with `participation`, a distributed slack.
    public init(admittancePattern: CompressedColumnPattern, roles: [BusRole], participation: SlackParticipation? = nil) {
        let n = admittancePattern.dimension
        var activeRow = [Int](repeating: -1, count: n)
        var reactiveRow = [Int](repeating: -1, count: n)
        var busOfUnknown: [Int] = []
        var unknownKind: [Unknown] = []
        func add(_ b: Int, _ kind: Unknown) -> Int {
            busOfUnknown.append(b)
            unknownKind.append(kind)
            return busOfUnknown.count - 1
        }
        for b in 0..<n {
            switch roles[b] {
            case .pv:
                activeRow[b] = add(b, .angle)
            case .pq:
                activeRow[b] = add(b, .angle)
                reactiveRow[b] = add(b, .magnitude)
            case .slack:
                if participation != nil { activeRow[b] = add(b, .slackPower) }
            case .isolated: break
            }
        }
        let m = busOfUnknown.count
        // Rows of each slack-power column: the P rows of the buses that share its island's balance.
        var slackRows = [Int: [(row: Int, share: Double)]]()
        if let participation {
            for b in 0..<n where participation.busShare[b] > 0 && activeRow[b] >= 0 {
                slackRows[participation.referenceOfBus[b], default: []].append((activeRow[b], participation.busShare[b]))
            }
        }
        let nnzY = admittancePattern.nonzeroCount
        var pByAngle = [Int32](repeating: -1, count: nnzY)
        var qByAngle = [Int32](repeating: -1, count: nnzY)
        var pByMagnitude = [Int32](repeating: -1, count: nnzY)
        var qByMagnitude = [Int32](repeating: -1, count: nnzY)
        var columnStarts = [Int](repeating: 0, count: m + 1)
        var rowIndices: [Int] = []
        rowIndices.reserveCapacity(4 * nnzY)
        var constantEntries: [(position: Int, value: Double)] = []
        for (column, b) in busOfUnknown.enumerated() {
            switch unknownKind[column] {
            case .angle, .magnitude:
                let isMagnitude = unknownKind[column] == .magnitude
                for entry in admittancePattern.columnStarts[b]..<admittancePattern.columnStarts[b + 1] {
                    let i = admittancePattern.rowIndices[entry]
                    if activeRow[i] >= 0 {
                        let position = Int32(rowIndices.count)
                        if isMagnitude { pByMagnitude[entry] = position } else { pByAngle[entry] = position }
                        rowIndices.append(activeRow[i])
                    }
                    if reactiveRow[i] >= 0 {
                        let position = Int32(rowIndices.count)
                        if isMagnitude { qByMagnitude[entry] = position } else { qByAngle[entry] = position }
                        rowIndices.append(reactiveRow[i])
                    }
                }
            case .slackPower:
                for (row, share) in slackRows[b] ?? [] {
                    constantEntries.append((rowIndices.count, -share))
                    rowIndices.append(row)
                }
            }
            columnStarts[column + 1] = rowIndices.count
        }
        pattern = CompressedColumnPattern(trustedDimension: m, columnStarts: columnStarts, rowIndices: rowIndices)
        activePowerRow = activeRow
        reactivePowerRow = reactiveRow
        self.busOfUnknown = busOfUnknown
        self.unknownKind = unknownKind
        self.constantEntries = constantEntries
        self.pByAngle = pByAngle
        self.qByAngle = qByAngle
        self.pByMagnitude = pByMagnitude
        self.qByMagnitude = qByMagnitude
        self.admittancePattern = admittancePattern
    }

    /// Writes the voltage-dependent Jacobian entries at `voltages` into `values` (one per pattern entry); the
    /// constant slack-power entries are written once by the caller (see ``constantEntries``).
    ///
    /// - Parameters:
    ///   - admittance: Ybus values, in the pattern this Jacobian was built from.
    ///   - magnitudes: |V| of each bus (consistent with `voltages`).
    ///   - currents: I = Ybus·V at the same voltages (the mismatch computes it already).
    package func assemble(
        admittance: UnsafeBufferPointer<Complex<Double>>, voltages: UnsafeBufferPointer<Complex<Double>>,
        magnitudes: UnsafeBufferPointer<Double>, currents: UnsafeBufferPointer<Complex<Double>>,
        into values: UnsafeMutableBufferPointer<Double>
    ) {
        admittancePattern.columnStarts.withUnsafeBufferPointer { starts in
            admittancePattern.rowIndices.withUnsafeBufferPointer { rows in
                pByAngle.withUnsafeBufferPointer { pa in
                    qByAngle.withUnsafeBufferPointer { qa in
                        pByMagnitude.withUnsafeBufferPointer { pm in
                            qByMagnitude.withUnsafeBufferPointer { qm in
                                let n = admittancePattern.dimension
                                for k in 0..<n {
                                    let (vkRe, vkIm) = voltages[k].rawStorage  // without `real`'s finiteness test per read
                                    let inverseMagnitude = 1 / magnitudes[k]
                                    for entry in starts[k]..<starts[k + 1] {
                                        let paIndex = Int(pa[entry]), qaIndex = Int(qa[entry])
                                        let pmIndex = Int(pm[entry]), qmIndex = Int(qm[entry])
                                        if paIndex < 0 && qaIndex < 0 && pmIndex < 0 && qmIndex < 0 { continue }
                                        let i = rows[entry]
                                        // The bus's current enters the diagonal only: read it there alone.
                                        let current = i == k ? currents[i].rawStorage : (0, 0)
                                        let (g, b) = admittance[entry].rawStorage, (viRe, viIm) = voltages[i].rawStorage
                                        let d = InjectionDerivatives.entry(
                                            isDiagonal: i == k, g: g, b: b, viRe: viRe, viIm: viIm, vkRe: vkRe, vkIm: vkIm,
                                            inverseMagnitudeK: inverseMagnitude, currentIRe: current.0, currentIIm: current.1)
                                        let (dAngleRe, dAngleIm, dMagnitudeRe, dMagnitudeIm) = d
                                        if paIndex >= 0 { values[paIndex] = dAngleRe }
                                        if qaIndex >= 0 { values[qaIndex] = dAngleIm }
                                        if pmIndex >= 0 { values[pmIndex] = dMagnitudeRe }
                                        if qmIndex >= 0 { values[qmIndex] = dMagnitudeIm }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The Jacobian's values at `voltages`, constant entries included (convenience for tests and tools; allocates).
    public func values(admittance: AdmittanceMatrix, voltages: [Complex<Double>]) -> [Double] {
        let currents = admittance.multiply(voltages)
        var values = [Double](repeating: 0, count: pattern.nonzeroCount)
        for entry in constantEntries { values[entry.position] = entry.value }
        let magnitudes = voltages.map(\.length)
        admittance.values.withUnsafeBufferPointer { y in
            voltages.withUnsafeBufferPointer { v in
                magnitudes.withUnsafeBufferPointer { m in
                    currents.withUnsafeBufferPointer { c in
                        values.withUnsafeMutableBufferPointer { out in
                            assemble(admittance: y, voltages: v, magnitudes: m, currents: c, into: out)
                        }
                    }
                }
            }
        }
        return values
    }

    /// The mismatch vector F at `voltages` (single slack): Re(Vᵢ conj(Iᵢ) − Sᵢ) on P rows, Im(…) on Q rows (p.u.).
    public func mismatch(
        admittance: AdmittanceMatrix, voltages: [Complex<Double>], injections: [Complex<Double>]
    ) -> [Double] {
        let residual = PowerMismatch.of(admittance: admittance, voltages: voltages, injections: injections)
        return busOfUnknown.indices.map { unknown in
            let b = busOfUnknown[unknown]
            return unknownKind[unknown] == .magnitude ? residual[b].imaginary : residual[b].real
        }
    }
}
