import Numerics

extension PowerFlowNetwork {
    /// Complex power each bus injects into the network at `voltages`, MW + j·Mvar: Vᵢ·conj((Y·V)ᵢ)·baseMVA. The real
    /// parts sum to the losses (branches and shunts).
    public func injectedPowerMVA(voltages: [Complex<Double>]) -> [Complex<Double>] {
        let currents = admittance.multiply(voltages), base = grid.baseMVA
        return voltages.indices.map { voltages[$0] * currents[$0].conjugate * Complex(base, 0) }
    }

    /// The active part of ``injectedPowerMVA(voltages:)``, MW.
    public func injectedActivePowerMW(voltages: [Complex<Double>]) -> [Double] {
        injectedPowerMVA(voltages: voltages).map(\.real)
    }
}
