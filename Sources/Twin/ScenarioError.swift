/// A scenario problem: the key and what is wrong (exit code 2, nothing written).
public struct ScenarioError: Error, Sendable, CustomStringConvertible {
    public var file: String
    /// 1-based line in `file`, when known.
    public var line: Int?
    public var key: String
    public var message: String

    public init(file: String, line: Int? = nil, key: String, message: String) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    public var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        return key.isEmpty ? "\(place): \(message)" : "\(place): \(key): \(message)"
    }
}
