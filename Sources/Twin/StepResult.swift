/// What one step produced.
public struct StepResult: Sendable {
    /// The step's summary row.
    public var record: StepRecord
    /// The controllers' final decisions (renewables used, storage, dispatch, shedding).
    public var decisions: StepState
    /// The last power flow's evaluation, when it converged.
    public var solved: SolvedStep?
    /// Branches over the loading limit before the controllers responded.
    public var congestedBeforeControl: [Int]
}
