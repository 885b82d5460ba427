/// A generator, in MATPOWER's units.
public struct Generator: Sendable, Equatable, Codable {
    /// Bus number it is connected to.
    public var bus: Int
    /// Real power output, MW (set point before a solve; the slack's output after).
    public var activePowerMW: Double
    /// Reactive power output, Mvar.
    public var reactivePowerMvar: Double
    /// Reactive power limits, Mvar.
    public var maximumReactivePowerMvar: Double
    public var minimumReactivePowerMvar: Double
    /// Voltage magnitude set point, p.u.
    public var voltageSetpointPU: Double
    /// Machine base, MVA.
    public var machineBaseMVA: Double
    public var inService: Bool
    /// Real power limits, MW.
    public var maximumActivePowerMW: Double
    public var minimumActivePowerMW: Double
    /// MATPOWER's optional columns after PMIN (PC1 … APF), kept as read so that a written case round-trips.
    /// `rampRates` are RAMP_AGC (MW/min), RAMP_10 (MW), RAMP_30 (MW), RAMP_Q (Mvar/min) when present.
    public var capabilityCurve: [Double]
    public var rampRates: [Double]
    /// Area participation factor (APF column), when present.
    public var participationFactor: Double?

    public init(
        bus: Int, activePowerMW: Double = 0, reactivePowerMvar: Double = 0,
        maximumReactivePowerMvar: Double = .infinity, minimumReactivePowerMvar: Double = -.infinity,
        voltageSetpointPU: Double = 1, machineBaseMVA: Double = 100, inService: Bool = true,
        maximumActivePowerMW: Double = .infinity, minimumActivePowerMW: Double = 0,
        capabilityCurve: [Double] = [], rampRates: [Double] = [], participationFactor: Double? = nil
    ) {
        self.bus = bus
        self.activePowerMW = activePowerMW
        self.reactivePowerMvar = reactivePowerMvar
        self.maximumReactivePowerMvar = maximumReactivePowerMvar
        self.minimumReactivePowerMvar = minimumReactivePowerMvar
        self.voltageSetpointPU = voltageSetpointPU
        self.machineBaseMVA = machineBaseMVA
        self.inService = inService
        self.maximumActivePowerMW = maximumActivePowerMW
        self.minimumActivePowerMW = minimumActivePowerMW
        self.capabilityCurve = capabilityCurve
        self.rampRates = rampRates
        self.participationFactor = participationFactor
    }
}

/// A generator's cost curve (MATPOWER `gencost` row): piecewise linear (model 1) or polynomial (model 2).
public struct GeneratorCost: Sendable, Equatable, Codable {
    public var model: Int
    /// Start-up and shut-down cost, $.
    public var startupCost: Double
    public var shutdownCost: Double
    /// Model 1: x₁, y₁, … xₙ, yₙ (MW, $/h). Model 2: cₙ₋₁ … c₀ ($/h per MWᵏ).
    public var parameters: [Double]

    public init(model: Int, startupCost: Double = 0, shutdownCost: Double = 0, parameters: [Double]) {
        self.model = model
        self.startupCost = startupCost
        self.shutdownCost = shutdownCost
        self.parameters = parameters
    }

    /// Marginal cost at `powerMW`, $/MWh (slope of the curve there).
    public func marginalCost(atMW powerMW: Double) -> Double {
        if model == 2 {
            // d/dP Σ cₖ Pᵏ, coefficients from highest power to c₀.
            let n = parameters.count
            var slope = 0.0
            for (index, coefficient) in parameters.enumerated() {
                let power = n - 1 - index
                if power >= 1 { slope += Double(power) * coefficient * pow(powerMW, Double(power - 1)) }
            }
            return slope
        }
        let points = parameters.count / 2
        guard points >= 2 else { return 0 }
        for k in 1..<points {
            let x0 = parameters[2 * (k - 1)], y0 = parameters[2 * (k - 1) + 1]
            let x1 = parameters[2 * k], y1 = parameters[2 * k + 1]
            if powerMW <= x1 || k == points - 1 { return x1 == x0 ? 0 : (y1 - y0) / (x1 - x0) }
        }
        return 0
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
