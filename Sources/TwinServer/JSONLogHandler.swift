import Foundation
import Logging

/// swift-log's handler for `gridtwin serve`: one JSON object a line on standard error — `time` (ISO 8601, UTC,
/// milliseconds), `level`, `label`, `message`, then the metadata's keys (Hummingbird's `hb.request.method`,
/// `hb.request.path`, …) — what a log shipper (Loki, Elasticsearch, journald's JSON mode) takes without parsing rules.
/// Each line is one write. Request headers are never logged, so neither is a token.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    private let label: String

    public init(label: String, level: Logger.Level = .info) {
        self.label = label
        logLevel = level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(
        level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?, source: String, file: String,
        function: String, line: UInt
    ) {
        var fields: [String: String] = [:]
        for (key, value) in metadata.merging(explicit ?? [:], uniquingKeysWith: { $1 }) { fields[key] = "\(value)" }
        fields["time"] = Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(Date())
        fields["level"] = level.rawValue
        fields["label"] = label
        fields["message"] = "\(message)"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let text = try? encoder.encode(fields) else { return }
        FileHandle.standardError.write(text + Data("\n".utf8))
    }
}
