import Numerics

extension PowerFlowNetwork {
    /// Active power each bus injects into the network at `voltages`, MW: Re(Vᵢ·conj((Y·V)ᵢ))·baseMVA. Their sum is
    /// the losses (branches and shunts).
    public func injectedActivePowerMW(voltages: [Complex<Double>]) -> [Double] {
        let currents = admittance.multiply(voltages), base = grid.baseMVA
        return voltages.indices.map { (voltages[$0] * currents[$0].conjugate).real * base }
    }
}
