/// A generator's output in the solved state.
public struct GeneratorDispatch: Sendable, Equatable {
    public var activeMW: Double
    public var reactiveMvar: Double
}
