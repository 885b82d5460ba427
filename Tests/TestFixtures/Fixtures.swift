import Foundation
import GridNetwork
import GridFormats
import GridModel
import Numerics
import PowerFlow

/// Reference data for tests: the bundled grids (`grids/`), the larger cases and MATPOWER's results
/// (`Tests/Fixtures/`), copied from real MATPOWER 8.1 runs.
public enum Fixtures {
    /// The package's root folder.
    public static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// Every case with a reference solution, smallest first.
    public static let caseNames = [
        "case9", "case14", "case30", "case57", "case118", "case_ACTIVSg200", "case300", "case1354pegase",
        "case_ACTIVSg2000", "case2869pegase", "case9241pegase",
    ]

    /// Path of a case file: `grids/NAME.m` when bundled, else `Tests/Fixtures/cases/NAME.m`.
    public static func casePath(_ name: String) -> String {
        let bundled = "\(packageRoot)/grids/\(name).m"
        if FileManager.default.fileExists(atPath: bundled) { return bundled }
        return "\(packageRoot)/Tests/Fixtures/cases/\(name).m"
    }

    /// A path under `Tests/Fixtures`.
    public static func path(_ relative: String) -> String { "\(packageRoot)/Tests/Fixtures/\(relative)" }

    /// Reads and validates a case.
    public static func grid(_ name: String) throws -> Grid {
        try MatpowerCase.load(contentsOf: casePath(name)).grid
    }

    /// A reference bus solution: `bus_id,vm_pu,va_deg,bus_type` rows.
    public struct ReferenceBus: Sendable {
        public var id: Int
        public var magnitudePU: Double
        public var angleDegrees: Double
        public var type: Int
    }

    /// MATPOWER's bus voltages for `name`; `variant` is "" (runpf defaults), "qlim/" or "dc/".
    public static func referenceBuses(_ name: String, variant: String = "") throws -> [ReferenceBus] {
        let text = try String(contentsOfFile: path("ref/\(variant)\(name).csv"), encoding: .utf8)
        return text.split(whereSeparator: \.isNewline).dropFirst().map { line in
            let f = line.split(separator: ",")
            return ReferenceBus(id: Int(f[0])!, magnitudePU: Double(f[1])!, angleDegrees: Double(f[2])!, type: Int(f[3])!)
        }
    }

    /// The largest |ΔVm| (p.u.) and |ΔVa| (degrees) between a solution and a reference, bus by bus (isolated buses
    /// of the reference skipped when asked).
    public static func worstDeviation(
        magnitudes: [Double], angles: [Double], reference: [ReferenceBus], skippingIsolated: Bool = false
    ) -> (magnitude: Double, angle: Double) {
        var worstMagnitude = 0.0, worstAngle = 0.0
        for (b, bus) in reference.enumerated() where !(skippingIsolated && bus.type == 4) {
            worstMagnitude = max(worstMagnitude, abs(magnitudes[b] - bus.magnitudePU))
            worstAngle = max(worstAngle, abs(angles[b] - bus.angleDegrees))
        }
        return (worstMagnitude, worstAngle)
    }

    /// The facts of MATPOWER's run (`ref/NAME.json`) as a dictionary.
    public static func referenceFacts(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path("ref/\(name).json")))
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    /// MATPOWER's Ybus for `name` (MatrixMarket, complex, general or symmetric) as a dense lookup.
    public static func referenceAdmittance(_ name: String) throws -> (dimension: Int, entries: [Int: Complex<Double>]) {
        let text = try String(contentsOfFile: path("ref/ybus/\(name).mtx"), encoding: .utf8)
        var lines = text.split(whereSeparator: \.isNewline)[...]
        let symmetric = lines.first!.contains("symmetric")
        lines = lines.drop { $0.hasPrefix("%") }
        let size = lines.removeFirst().split(separator: " ")
        let n = Int(size[0])!
        var entries: [Int: Complex<Double>] = [:]
        for line in lines {
            let f = line.split(separator: " ")
            let i = Int(f[0])! - 1, j = Int(f[1])! - 1
            let value = Complex(Double(f[2])!, Double(f[3])!)
            entries[i * n + j] = value
            if symmetric && i != j { entries[j * n + i] = value }
        }
        return (n, entries)
    }
}
