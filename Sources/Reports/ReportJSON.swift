import GridModel
import Foundation

/// The JSON conventions of every GridTwin report: snake_case keys, sorted, pretty-printed; a value that is not a
/// finite number (an unlimited rating, a quantity a failed solve could not compute) is `null`, never a string.
public enum ReportJSON {
    /// Stands for a non-finite number inside the encoder's output until it is replaced by `null`.
    private static let nonFinite = "gridtwin:non-finite:8c1f"

    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: nonFinite, negativeInfinity: nonFinite, nan: nonFinite)
        return encoder
    }

    /// `value` as JSON text.
    public static func text<Value: Encodable>(_ value: Value) throws -> String {
        let text = String(decoding: try encoder().encode(value), as: UTF8.self)
        return text.replacingOccurrences(of: "\"\(nonFinite)\"", with: "null")
    }
}
