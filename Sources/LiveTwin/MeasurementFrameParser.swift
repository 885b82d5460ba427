#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Estimation
import Foundation

/// A one-pass reader of measurement frames as feeds write them — `{"samples": [{"sensor": {"kind": …, "element": …,
/// "side": …}, "value": …, "sigma": …, "time": …, "quality": …}, …]}`, keys in any order, any JSON whitespace —
/// straight from the bytes into ``MeasurementFrame``, about twenty times faster than Foundation's `JSONDecoder` on a
/// 2 MB frame (the live path's largest cost). It is deliberately narrow: anything outside that shape (an unknown key,
/// a repeated key, an escaped or non-ASCII string, a number that is not a finite double (or underflows to 0) or an integer element, a
/// quality that is not one of the three) makes ``frame(in:)`` return nil, and ``MeasurementFrame/decode(json:)`` hands
/// the bytes to `JSONDecoder`, which either reads them or names the problem. Numbers follow JSON's grammar and are
/// converted by the C library's `strtod` (correctly rounded, as `JSONDecoder`'s).
package struct MeasurementFrameParser {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The frame in `json`, or nil when it is not in the shape this reader takes (not necessarily invalid).
    package static func frame(in json: Data) -> MeasurementFrame? {
        json.withUnsafeBytes { raw in
            var parser = MeasurementFrameParser(bytes: raw.bindMemory(to: UInt8.self))
            return parser.frame()
        }
    }

    private mutating func frame() -> MeasurementFrame? {
        guard take(UInt8(ascii: "{")), let key = string(), key == "samples", take(UInt8(ascii: ":")),
              take(UInt8(ascii: "[")) else { return nil }
        var samples: [MeasurementSample] = []
        samples.reserveCapacity(min(bytes.count / 64, MeasurementFrame.maximumSamples))
        if !take(UInt8(ascii: "]")) {
            repeat {
                guard let sample = sample() else { return nil }
                samples.append(sample)
            } while take(UInt8(ascii: ","))
            guard take(UInt8(ascii: "]")) else { return nil }
        }
        guard take(UInt8(ascii: "}")) else { return nil }
        skipWhitespace()
        return position == bytes.count ? MeasurementFrame(samples: samples) : nil
    }

    private mutating func sample() -> MeasurementSample? {
        var sensor: SensorAddress?, value: Double?, sigma: Double?, time: Double?
        var quality: MeasurementSample.Quality?, qualitySeen = false
        guard take(UInt8(ascii: "{")) else { return nil }
        repeat {
            guard let key = string(), take(UInt8(ascii: ":")) else { return nil }
            switch key {
            case "sensor" where sensor == nil: sensor = address()
            case "value" where value == nil: value = number()
            case "sigma" where sigma == nil: sigma = number()
            case "time" where time == nil: time = number()
            case "quality" where !qualitySeen:
                qualitySeen = true
                if !takeNull() {
                    guard let text = string(), let parsed = MeasurementSample.Quality(rawValue: text) else { return nil }
                    quality = parsed
                }
            default: return nil
            }
        } while take(UInt8(ascii: ","))
        guard take(UInt8(ascii: "}")), let sensor, let value, let sigma, let time else { return nil }
        return MeasurementSample(sensor: sensor, value: value, sigma: sigma, time: time, quality: quality)
    }

    private mutating func address() -> SensorAddress? {
        var kind: String?, element: Int?, side: String?, sideSeen = false
        guard take(UInt8(ascii: "{")) else { return nil }
        repeat {
            guard let key = string(), take(UInt8(ascii: ":")) else { return nil }
            switch key {
            case "kind" where kind == nil: kind = string()
            case "element" where element == nil: element = integer()
            case "side" where !sideSeen:
                sideSeen = true
                if !takeNull() {
                    guard let text = string() else { return nil }
                    side = text
                }
            default: return nil
            }
        } while take(UInt8(ascii: ","))
        guard take(UInt8(ascii: "}")), let kind, let element else { return nil }
        return SensorAddress(kind: kind, element: element, side: side)
    }

    // MARK: Tokens

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    /// Skips whitespace and takes `byte` when it comes next.
    private mutating func take(_ byte: UInt8) -> Bool {
        skipWhitespace()
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    private mutating func takeNull() -> Bool {
        skipWhitespace()
        guard position + 4 <= bytes.count, bytes[position] == UInt8(ascii: "n"), bytes[position + 1] == UInt8(ascii: "u"),
              bytes[position + 2] == UInt8(ascii: "l"), bytes[position + 3] == UInt8(ascii: "l") else { return false }
        position += 4
        return true
    }

    /// A string of printable ASCII without escapes (nil for anything else).
    private mutating func string() -> String? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                position += 1
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position - 1]), as: UTF8.self)
            }
            guard byte >= 0x20, byte < 0x80, byte != UInt8(ascii: "\\") else { return nil }
            position += 1
        }
        return nil
    }

    /// The extent of a number in JSON's grammar (`-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`), and whether
    /// it has a fraction or an exponent.
    private mutating func numberExtent() -> (start: Int, isInteger: Bool)? {
        skipWhitespace()
        let start = position
        func digits() -> Int {
            let first = position
            while position < bytes.count, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9") { position += 1 }
            return position - first
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "-") { position += 1 }
        let leading = position
        let integerDigits = digits()
        guard integerDigits > 0, integerDigits == 1 || bytes[leading] != UInt8(ascii: "0") else { return nil }
        var isInteger = true
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard digits() > 0 else { return nil }
            isInteger = false
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
            guard digits() > 0 else { return nil }
            isInteger = false
        }
        // A number must be followed by something (the frame's closing brackets), so strtod stops inside the buffer.
        guard position < bytes.count else { return nil }
        return (start, isInteger)
    }

    /// A finite double.
    private mutating func number() -> Double? {
        guard let (start, _) = numberExtent(), let base = bytes.baseAddress else { return nil }
        var end: UnsafeMutablePointer<CChar>?
        let value = base.withMemoryRebound(to: CChar.self, capacity: bytes.count) { strtod($0 + start, &end) }
        let expectedEnd = UnsafeRawPointer(base + position)
        guard let end, UnsafeRawPointer(end) == expectedEnd, value.isFinite else { return nil }
        // An underflow to zero (1e-400) is an error to JSONDecoder: only a mantissa of zeros may read as 0.
        if value == 0 {
            for index in start..<position {
                let byte = bytes[index]
                if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") { break }
                if byte >= UInt8(ascii: "1"), byte <= UInt8(ascii: "9") { return nil }
            }
        }
        return value
    }

    /// An integer without fraction or exponent, at most 18 digits.
    private mutating func integer() -> Int? {
        guard let (start, isInteger) = numberExtent(), isInteger, position - start <= 18 else { return nil }
        var value = 0, negative = false
        for index in start..<position {
            let byte = bytes[index]
            if byte == UInt8(ascii: "-") { negative = true } else { value = value * 10 + Int(byte - UInt8(ascii: "0")) }
        }
        return negative ? -value : value
    }
}
