import Estimation
import Foundation
import LiveTwin
import TestFixtures

/// A measurement set of `peers.py se` (Tests/Fixtures/se) as one live frame at `time`.
func frame(_ set: String, caseName: String, time: Double) throws -> MeasurementFrame {
    let text = try String(contentsOfFile: Fixtures.path("se/\(caseName)-\(set).csv"), encoding: .utf8)
    let samples = text.split(whereSeparator: \.isNewline).dropFirst().map { line -> MeasurementSample in
        let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        return MeasurementSample(
            sensor: SensorAddress(kind: f[0], element: Int(f[1])!, side: f[2].isEmpty ? nil : f[2]), value: Double(f[3])!,
            sigma: Double(f[4])!, time: time)
    }
    return MeasurementFrame(samples: samples)
}
