/// Why a request to the live twin (a fork, an edit, a set-point, a forecast) cannot be carried out, in one line that
/// names the field.
public struct RequestProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
