import Foundation
import GridModel

/// Reads a measurement file: CSV with the header `kind,element,side,value,sigma` (the set `peers.py se` writes) —
/// kind `vm`, `va` (degrees), `p_inj`, `q_inj`, `p_flow`, `q_flow`, `i_mag`; element the bus number, or the 1-based
/// branch row for branch quantities; side `from` or `to` for branch quantities (empty otherwise); value and sigma
/// p.u. on baseMVA (degrees for `va`), injections generation-positive. Errors name the line and the field.
public enum MeasurementFile {
    /// The largest file read, bytes, and the most measurements.
    public static let maximumFileBytes = 256 << 20
    public static let maximumMeasurements = 5_000_000

    /// A problem, as `FILE:LINE: field: message`.
    public struct ReadError: Error, Sendable, CustomStringConvertible {
        public var file: String
        public var line: Int?
        public var message: String
        public var description: String { line.map { "\(file):\($0): \(message)" } ?? "\(file): \(message)" }
    }

    public static func read(_ path: String, grid: Grid) throws(ReadError) -> [GridMeasurement] {
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > maximumFileBytes {
            throw ReadError(file: path, message: "the file is larger than \(maximumFileBytes >> 20) MiB")
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw ReadError(file: path, message: "cannot read the file") }
        return try parse(String(decoding: data, as: UTF8.self), file: path, grid: grid)
    }

    public static func parse(_ text: String, file: String, grid: Grid) throws(ReadError) -> [GridMeasurement] {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        guard let header = lines.first?.trimmingCharacters(in: .whitespacesAndNewlines), !header.isEmpty else {
            throw ReadError(file: file, line: 1, message: "no header (kind,element,side,value,sigma)")
        }
        let names = header.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        var index: [String: Int] = [:]
        for (i, name) in names.enumerated() { index[name] = i }
        for required in ["kind", "element", "side", "value", "sigma"] where index[required] == nil {
            throw ReadError(file: file, line: 1, message: "the header has no column '\(required)' (kind,element,side,value,sigma)")
        }
        let lookup = grid.busLookup()
        var measurements: [GridMeasurement] = []
        for (offset, raw) in lines.dropFirst().enumerated() {
            let line = offset + 2
            let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { continue }
            guard measurements.count < maximumMeasurements else {
                throw ReadError(file: file, line: line, message: "more than \(maximumMeasurements) measurements")
            }
            let fields = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == names.count else {
                throw ReadError(file: file, line: line, message: "\(fields.count) fields; the header has \(names.count)")
            }
            func field(_ name: String) -> String { fields[index[name]!] }
            guard let element = Int(field("element")) else {
                throw ReadError(file: file, line: line, message: "element: '\(field("element"))' is not a whole number")
            }
            func number(_ name: String) throws(ReadError) -> Double {
                guard let value = Double(field(name)) else {
                    throw ReadError(file: file, line: line, message: "\(name): '\(field(name))' is not a finite number")
                }
                return value
            }
            let address = SensorAddress(kind: field("kind"), element: element, side: field("side"))
            do {
                measurements.append(try address.measurement(value: try number("value"), sigma: try number("sigma"), grid: grid, lookup: lookup))
            } catch let problem as SensorAddress.Problem {
                throw ReadError(file: file, line: line, message: problem.description)
            } catch let error as ReadError {
                throw error
            } catch {
                throw ReadError(file: file, line: line, message: "\(error)")
            }
        }
        guard !measurements.isEmpty else { throw ReadError(file: file, message: "no measurements") }
        return measurements
    }
}
