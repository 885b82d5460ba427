import Foundation

/// Reads distributed-slack factors from a CSV file: `generator,factor` rows, generator = 1-based row of mpc.gen;
/// a header line and generators not listed (factor 0) are allowed.
enum ParticipationFile {
    static func read(_ path: String, generatorCount: Int) throws -> [Double] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw CommandError("\(path): cannot read the participation file (or use auto, apf, pmax, equal)")
        }
        var factors = [Double](repeating: 0, count: generatorCount)
        for (number, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") || (number == 0 && Double(trimmed.split(separator: ",").last ?? "") == nil) {
                continue
            }
            let fields = trimmed.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count == 2, let generator = Int(fields[0]), let factor = Double(fields[1]) else {
                throw CommandError("\(path):\(number + 1): expected 'generator,factor', got '\(trimmed)'")
            }
            guard generator >= 1, generator <= generatorCount else {
                throw CommandError("\(path):\(number + 1): generator \(generator) does not exist (the case has \(generatorCount))")
            }
            guard factor >= 0, factor <= 1e9 else {
                throw CommandError("\(path):\(number + 1): factor must be a number in [0, 1e9], is \(fields[1])")
            }
            factors[generator - 1] = factor
        }
        return factors
    }
}
