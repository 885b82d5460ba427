/// What enforcing reactive limits did.
public struct ReactiveLimitSummary: Sendable {
    public var limitedGenerators: [LimitedGenerator]
    public var rounds: Int
    public var totalIterations: Int
    public var newReferenceBus: Int?
    public var failure: String?
}
