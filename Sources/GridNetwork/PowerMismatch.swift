import Numerics

/// The power-flow residual: the complex power each bus draws from the network, Vᵢ·conj((Ybus·V)ᵢ), less what is
/// injected there, p.u. — zero at a solution. The one residual of the power-flow methods (Newton-Raphson evaluates
/// the same formula in its own buffers, without allocation).
public enum PowerMismatch {
    /// Vᵢ·conj((Ybus·V)ᵢ) − Sᵢ for every bus.
    public static func of(
        admittance: AdmittanceMatrix, voltages: [Complex<Double>], injections: [Complex<Double>]
    ) -> [Complex<Double>] {
        precondition(voltages.count == admittance.dimension && injections.count == admittance.dimension)
        let currents = admittance.multiply(voltages)
        return voltages.indices.map { b in voltages[b] * currents[b].conjugate - injections[b] }
    }
}

extension PowerFlowNetwork {
    /// The residual at `voltages` with this network's injections (see ``PowerMismatch``).
    public func powerMismatch(voltages: [Complex<Double>]) -> [Complex<Double>] {
        PowerMismatch.of(admittance: admittance, voltages: voltages, injections: injections)
    }
}
