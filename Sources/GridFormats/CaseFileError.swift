/// A problem with an input file: which file, which line (when known) and what is wrong.
///
/// Its description is one line, `FILE:LINE: MESSAGE`, as compilers print errors.
public struct CaseFileError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// 1-based line number, when the problem is on one line.
    public var line: Int?
    public var message: String

    public init(file: String, line: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}
