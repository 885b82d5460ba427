import Estimation
import GridModel
import GridNetwork
import Numerics

/// What a fully metered grid's sensors would send at a solved state — |V| and P, Q injections at every energized bus,
/// P and Q flows at both ends of every in-service branch (p.u. on baseMVA) — with Gaussian noise of each sensor's σ
/// and, at a given rate, gross errors of 20σ: the feed `gridtwin replay` sends a live twin from a simulation.
public struct SyntheticSensors: Sendable {
    public let grid: Grid
    private let network: PowerFlowNetwork
    /// σ of voltage magnitudes and of powers, p.u.
    public var voltageSigma = 0.004
    public var powerSigma = 0.01
    /// Fraction of samples given a 20σ error.
    public var badDataRate = 0.0
    /// Noise source; nil: exact values.
    private var generator: SplitMix64?

    /// Sensors on `network`'s grid; `seed` nil for exact values.
    public init(network: PowerFlowNetwork, seed: UInt64?) {
        grid = network.grid
        self.network = network
        generator = seed.map(SplitMix64.init(seed:))
    }

    /// One frame of every sensor at `voltages`, stamped `time` (seconds since 1970).
    public mutating func frame(voltages: [Complex<Double>], time: Double) -> MeasurementFrame {
        let base = grid.baseMVA
        var samples: [MeasurementSample] = []
        let power = network.injectedPowerMVA(voltages: voltages)
        for (b, bus) in grid.buses.enumerated() where bus.type != .isolated {
            samples.append(sample(.init(kind: "vm", element: bus.id), voltages[b].length, voltageSigma, time))
            samples.append(sample(.init(kind: "p_inj", element: bus.id), power[b].real / base, powerSigma, time))
            samples.append(sample(.init(kind: "q_inj", element: bus.id), power[b].imaginary / base, powerSigma, time))
        }
        for (k, flow) in network.branchFlows(voltages: voltages).enumerated() where grid.branches[k].inService {
            for (kind, from, to) in [("p_flow", flow.fromMW, flow.toMW), ("q_flow", flow.fromMvar, flow.toMvar)] {
                samples.append(sample(.init(kind: kind, element: k + 1, side: "from"), from / base, powerSigma, time))
                samples.append(sample(.init(kind: kind, element: k + 1, side: "to"), to / base, powerSigma, time))
            }
        }
        return MeasurementFrame(samples: samples)
    }

    private mutating func sample(_ sensor: SensorAddress, _ exact: Double, _ sigma: Double, _ time: Double) -> MeasurementSample {
        guard var random = generator else { return MeasurementSample(sensor: sensor, value: exact, sigma: sigma, time: time) }
        var value = exact + sigma * random.gaussian()
        if badDataRate > 0 && random.uniform() < badDataRate { value += 20 * sigma * (random.uniform() < 0.5 ? -1 : 1) }
        generator = random
        return MeasurementSample(sensor: sensor, value: value, sigma: sigma, time: time)
    }
}

/// A small seeded generator (SplitMix64): the same noise on every run.
struct SplitMix64: Sendable {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in (0, 1).
    mutating func uniform() -> Double { (Double(next() >> 11) + 0.5) / Double(1 << 53) }

    /// Standard normal (Box-Muller).
    mutating func gaussian() -> Double { (-2 * .log(uniform())).squareRoot() * .cos(2 * .pi * uniform()) }
}
