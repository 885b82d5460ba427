import Estimation
import Foundation
import GridFormats
import GridModel
import GridNetwork
import Numerics
import PowerFlow
import Testing
import TestFixtures

/// A measurement set written by `peers.py se` (Tests/Fixtures/se), its grid and the power flow's state.
private struct SECase {
    let grid: Grid
    let network: PowerFlowNetwork
    let measurements: [GridMeasurement]
    let truth: [Complex<Double>]

    init(_ caseName: String, set: String) throws {
        grid = try Fixtures.grid(caseName)
        let engine = try PowerFlowEngine(grid: grid)
        network = engine.network
        truth = engine.solveVoltages().voltages
        measurements = try MeasurementFile.read(Fixtures.path("se/\(caseName)-\(set).csv"), grid: grid)
    }

    /// Bus id → (|V|, angle in degrees relative to the reference bus).
    static func relative(_ voltages: [Complex<Double>], reference: Int) -> [(Double, Double)] {
        let angles = voltages.map { Double.atan2(y: $0.imaginary, x: $0.real) * 180 / .pi }
        return voltages.indices.map { (voltages[$0].length, angles[$0] - angles[reference]) }
    }

    var referenceBus: Int { network.roles.slack.first! }
}

private func wrapped(_ degrees: Double) -> Double {
    var d = degrees.truncatingRemainder(dividingBy: 360)
    if d > 180 { d -= 360 }
    if d < -180 { d += 360 }
    return d
}

@Suite("State estimation")
struct StateEstimatorTests {
    @Test("exact measurements give back the power flow's state",
          arguments: [("case14", "full-0"), ("case118", "scada-0")], StateEstimator.Formulation.allCases)
    func exact(set: (caseName: String, set: String), formulation: StateEstimator.Formulation) throws {
        let c = try SECase(set.caseName, set: set.set)
        let estimator = try StateEstimator(network: c.network, measurements: c.measurements, formulation: formulation)
        let estimate = try estimator.estimate()
        #expect(estimate.removed.isEmpty)
        for b in c.grid.buses.indices {
            #expect(abs(estimate.voltages[b].length - c.truth[b].length) < 1e-8, "bus \(c.grid.buses[b].id)")
            let da = wrapped((Double.atan2(y: estimate.voltages[b].imaginary, x: estimate.voltages[b].real)
                - Double.atan2(y: c.truth[b].imaginary, x: c.truth[b].real)) * 180 / .pi)
            #expect(abs(da) < 1e-6, "bus \(c.grid.buses[b].id)")
        }
        #expect(estimate.objective < 1e-10)
    }

    @Test("noisy measurements: the WLS optimum that power-grid-model and pandapower reach",
          arguments: [("case118", "full-7"), ("case118", "scada-7"), ("case14", "scada-3")], StateEstimator.Formulation.allCases)
    func noisy(set named: (caseName: String, set: String), formulation: StateEstimator.Formulation) throws {
        let (caseName, set) = named
        let c = try SECase(caseName, set: set)
        let estimator = try StateEstimator(network: c.network, measurements: c.measurements, formulation: formulation)
        let estimate = try estimator.estimate(removeBadData: false)
        let text = try String(contentsOfFile: Fixtures.path("se/\(caseName)-\(set)-estimate.csv"), encoding: .utf8)
        let peer = text.split(whereSeparator: \.isNewline).dropFirst().map { line in
            let f = line.split(separator: ",")
            return (id: Int(f[0])!, vm: Double(f[1])!, va: Double(f[2])!)
        }
        let ours = SECase.relative(estimate.voltages, reference: c.referenceBus)
        var worst = (0.0, 0.0)
        for (b, row) in peer.enumerated() {
            #expect(c.grid.buses[b].id == row.id)
            worst.0 = max(worst.0, abs(ours[b].0 - row.vm))
            worst.1 = max(worst.1, abs(wrapped(ours[b].1 - row.va)))
        }
        #expect(worst.0 < 1e-6 && worst.1 < 1e-4, "max |ΔVm| \(worst.0) p.u., max |ΔVa| \(worst.1)°")
        // J at the optimum is near its expectation m − n (a chi-square variable) and below the 5 % limit here.
        #expect(estimate.objective > 0 && estimate.iterations <= 10)
    }

    @Test("a 20σ error on a non-critical measurement is found by the largest normalized residual and removed",
          arguments: StateEstimator.Formulation.allCases)
    func badData(formulation: StateEstimator.Formulation) throws {
        let c = try SECase("case118", set: "scada-7")
        let estimator = try StateEstimator(network: c.network, measurements: c.measurements, formulation: formulation)
        let clean = try estimator.estimate(removeBadData: false)
        let reference = try estimator.estimate()
        // The clean set: no chi-square alarm, nothing removed.
        #expect(!reference.chiSquareAlarm && reference.removed.isEmpty, "\(reference.removed)")
        var generator = SplitMix64(seed: 20)
        var trials = 0, found = 0
        while trials < 20 {
            let i = Int.random(in: 0..<c.measurements.count, using: &generator)
            guard reference.normalizedResiduals[i].isFinite else { continue }  // critical: an error there cannot be seen
            trials += 1
            var values = c.measurements.map(\.value)
            values[i] += 20 * c.measurements[i].sigma * (Bool.random(using: &generator) ? 1 : -1)
            let estimate = try estimator.estimate(values: values)
            if estimate.removed.first == i { found += 1 }
            #expect(!estimate.chiSquareAlarm, "J \(estimate.objective) above \(estimate.chiSquareThreshold) after removal")
            // Afterwards the state is within the noise of the clean estimate.
            for b in c.grid.buses.indices {
                #expect(abs(estimate.voltages[b].length - clean.voltages[b].length) < 0.01)
            }
        }
        #expect(found >= 19, "identified \(found) of \(trials)")
    }

    @Test("statistics: 1,000 noisy frames raise chi-square alarms in 2.9–7.1 % of them; 200 gross errors are found")
    func statistics() throws {
        // Exact values of case118's SCADA set plus Gaussian noise of each measurement's σ (seeded).
        let c = try SECase("case118", set: "scada-0")
        let estimator = try StateEstimator(network: c.network, measurements: c.measurements)
        var generator = SplitMix64(seed: 7)
        func gaussian() -> Double {
            let u = Double.random(in: Double.ulpOfOne..<1, using: &generator), v = Double.random(in: 0..<1, using: &generator)
            return (-2 * Foundation.log(u)).squareRoot() * Foundation.cos(2 * .pi * v)
        }
        func noisy() -> [Double] { c.measurements.map { $0.value + $0.sigma * gaussian() } }
        var alarms = 0
        for _ in 0..<1000 where try estimator.estimate(values: noisy(), removeBadData: false).chiSquareAlarm { alarms += 1 }
        #expect((29...71).contains(alarms), "\(alarms) alarms in 1,000 frames")
        let clean = try estimator.estimate(removeBadData: true)
        var trials = 0, found = 0, falseRemovals = 0
        while trials < 200 {
            let i = Int.random(in: 0..<c.measurements.count, using: &generator)
            guard clean.normalizedResiduals[i].isFinite else { continue }
            trials += 1
            var values = noisy()
            values[i] += 20 * c.measurements[i].sigma * (Bool.random(using: &generator) ? 1 : -1)
            let estimate = try estimator.estimate(values: values)
            if estimate.removed.first == i { found += 1 }
            falseRemovals += estimate.removed.filter { $0 != i }.count
            for b in c.grid.buses.indices { #expect(abs(estimate.voltages[b].length - c.truth[b].length) < 0.02) }
        }
        print("SE statistics: \(alarms) alarms in 1,000 frames; found \(found) of 200; \(falseRemovals) false removals")
        #expect(found >= 198, "found \(found) of 200")
        #expect(falseRemovals <= 20, "\(falseRemovals) good measurements removed in 200 frames")
    }

    @Test("zero-injection buses held at P = Q = 0: exact data still gives the power flow; noisy data obeys them")
    func zeroInjections() throws {
        for set in ["scada-0", "scada-7"] {
            let c = try SECase("case118", set: set)
            let virtual = PseudoMeasurements.zeroInjections(of: c.grid, missingFrom: c.measurements)
            #expect(virtual.count >= 10, "case118 has buses without load or generation")
            let estimator = try StateEstimator(network: c.network, measurements: c.measurements + virtual)
            let estimate = try estimator.estimate(removeBadData: false)
            if set == "scada-0" {
                for b in c.grid.buses.indices { #expect(abs(estimate.voltages[b].length - c.truth[b].length) < 1e-8) }
            }
            // Every virtual measurement holds to 1e-7 p.u. (its σ is 1e-5).
            for i in c.measurements.count..<(c.measurements.count + virtual.count) {
                #expect(abs(estimate.estimatedValues[i]) < 1e-7, "\(estimate.estimatedValues[i])")
            }
        }
    }

    @Test("the Hachtel form holds zero injections exactly, and the gain form's weighted ones converge to it")
    func hachtelEqualities() throws {
        let c = try SECase("case118", set: "scada-7")
        let virtual = PseudoMeasurements.zeroInjections(of: c.grid, missingFrom: c.measurements)
        let all = c.measurements + virtual
        let exact = try StateEstimator(network: c.network, measurements: all, formulation: .hachtel).estimate()
        for i in c.measurements.count..<all.count {
            #expect(abs(exact.estimatedValues[i]) < 1e-11, "zero injection \(i): \(exact.estimatedValues[i])")
        }
        // The gain form's estimate with weight 1/σ² on them is within O(σ) of the constrained optimum; J agrees.
        let weighted = try StateEstimator(network: c.network, measurements: all, formulation: .gain).estimate()
        for b in c.grid.buses.indices {
            #expect(abs(weighted.voltages[b].length - exact.voltages[b].length) < 1e-6, "bus \(c.grid.buses[b].id)")
        }
        #expect(abs(weighted.objective - exact.objective) < 1e-3 * exact.objective)
        // Equality constraints are never bad data and never counted critical; a gross error elsewhere is still found.
        var values = all.map(\.value)
        let target = c.measurements.indices.first { exact.normalizedResiduals[$0].isFinite && c.measurements[$0].kind == .activeFlow }!
        values[target] += 20 * all[target].sigma
        let estimator = try StateEstimator(network: c.network, measurements: all, formulation: .hachtel)
        let cleaned = try estimator.estimate(values: values)
        #expect(cleaned.removed == [target])
        for i in c.measurements.count..<all.count { #expect(cleaned.normalizedResiduals[i].isNaN) }
    }

    @Test("ill-conditioned weights: zero injections measured at σ = 1e-9 stop the gain form, not the Hachtel form")
    func hachtelConditioning() throws {
        let c = try SECase("case118", set: "scada-0")
        func worstError(_ formulation: StateEstimator.Formulation, sigma: Double) -> Double {
            let virtual = PseudoMeasurements.zeroInjections(of: c.grid, missingFrom: c.measurements).map { m in
                var m = m
                m.sigma = sigma
                m.isEquality = false  // a measurement of weight 1/σ² in both forms
                return m
            }
            guard let estimate = try? StateEstimator(network: c.network, measurements: c.measurements + virtual, formulation: formulation)
                .estimate(removeBadData: false)
            else { return .infinity }
            return c.grid.buses.indices.map { abs(estimate.voltages[$0].length - c.truth[$0].length) }.max()!
        }
        for sigma in [1e-5, 1e-7, 1e-9] {
            let gain = worstError(.gain, sigma: sigma), hachtel = worstError(.hachtel, sigma: sigma)
            print("SE conditioning (zero injections σ = \(sigma), exact data): max |ΔVm| gain \(gain), hachtel \(hachtel)")
            #expect(hachtel < 1e-8, "σ = \(sigma)")
            if sigma == 1e-9 { #expect(gain > hachtel) }
        }
    }

    @Test("the chi-square limits are the tables'")
    func chiSquare() {
        for (degrees, limit) in [(1, 3.841459), (10, 18.307038), (100, 124.342113), (1000, 1074.679449)] {
            #expect(abs(ChiSquareDistribution.quantile(0.95, degrees: degrees) - limit) < 1e-5, "\(degrees)")
        }
    }

    @Test("without measurements at a bus, the estimate names it unobservable instead of returning NaN")
    func unobservable() throws {
        let c = try SECase("case14", set: "full-0")
        // case14 bus 8 hangs on branch 7-8 only: drop its voltage and that branch's flows.
        let branch = c.grid.branches.firstIndex { $0.fromBus == 7 && $0.toBus == 8 }!
        let bus8 = c.grid.buses.firstIndex { $0.id == 8 }!
        let kept = c.measurements.filter { m in
            !(m.kind.isBranchQuantity ? m.element == branch : m.element == bus8)
        }
        #expect(throws: EstimationError.unobservable(buses: [bus8])) {
            _ = try StateEstimator(network: c.network, measurements: kept).estimate()
        }
    }

    @Test("an island whose flows to the rest are not measured is listed exactly (its common angle is free)")
    func unobservableIsland() throws {
        let c = try SECase("case14", set: "full-0")
        // Buses 12, 13, 14 tie to the rest by 6-12, 6-13 and 9-14; drop those flows (the set has no injections).
        let ties = c.grid.branches.indices.filter { k in
            let b = c.grid.branches[k]
            return [(6, 12), (6, 13), (9, 14)].contains { $0 == (b.fromBus, b.toBus) }
        }
        #expect(ties.count == 3)
        let kept = c.measurements.filter { !($0.kind.isBranchQuantity && ties.contains($0.element)) }
        let island = [12, 13, 14].map { id in c.grid.buses.firstIndex { $0.id == id }! }
        #expect(throws: EstimationError.unobservable(buses: island)) {
            _ = try StateEstimator(network: c.network, measurements: kept).estimate()
        }
        // One tie flow measured again makes the whole grid observable.
        let one = c.measurements.filter { !($0.kind.isBranchQuantity && ties.dropFirst().contains($0.element)) }
        #expect(throws: Never.self) { _ = try StateEstimator(network: c.network, measurements: one).estimate() }
    }

    @Test("a bad measurement file names its line and field")
    func badFiles() throws {
        let grid = try Fixtures.grid("case14")
        let cases: [(String, String)] = [
            ("kind,element,side,value,sigma\nvm,1,,1.0,0.01\nvx,1,,1,0.01\n", "m.csv:3: kind"),
            ("kind,element,side,value,sigma\nvm,99,,1.0,0.01\n", "m.csv:2: element: bus 99"),
            ("kind,element,side,value,sigma\np_flow,1,up,1.0,0.01\n", "m.csv:2: side"),
            ("kind,element,side,value,sigma\np_flow,500,from,1.0,0.01\n", "m.csv:2: element: branch row 500"),
            ("kind,element,side,value,sigma\nvm,1,,nan,0.01\n", "m.csv:2: value"),
            ("kind,element,side,value,sigma\nvm,1,,1,0\n", "m.csv:2: sigma"),
            ("kind,element,value\n", "m.csv:1: the header has no column 'side'"),
            ("kind,element,side,value,sigma\r\nvm,1,,1.0,0.01\r\nvm,1,,1,-1\r\n", "m.csv:3: sigma"),
        ]
        for (text, expected) in cases {
            do {
                _ = try MeasurementFile.parse(text, file: "m.csv", grid: grid)
                Issue.record("accepted: \(text)")
            } catch {
                #expect(error.description.hasPrefix(expected), "\(error.description)")
            }
        }
        // Windows line ends (as Python's csv module writes them) read like Unix ones.
        let crlf = try MeasurementFile.parse("kind,element,side,value,sigma\r\nvm,1,,1.02,0.01\r\n", file: "m.csv", grid: grid)
        #expect(crlf == [GridMeasurement(kind: .voltageMagnitude, element: 0, value: 1.02, sigma: 0.01)])
    }
}

/// A seeded generator: the same trials on every run.
private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
