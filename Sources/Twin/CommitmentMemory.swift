/// What the optimal dispatch remembers of commitment between steps: whether each unit is on, and for how many
/// steps it has been in that state (for minimum up and down times).
struct CommitmentMemory: Sendable, Equatable {
    var online: [Bool]
    var stepsInState: [Int]

    /// Units in service start on, as if they had been for long.
    init(inService: [Bool]) {
        online = inService
        stepsInState = inService.map { _ in Int.max / 2 }
    }

    /// Moves on by one step with the commitment that step applied.
    mutating func advance(committed: [Bool]) {
        for g in online.indices {
            if committed[g] == online[g] {
                stepsInState[g] = min(stepsInState[g] + 1, Int.max / 2)
            } else {
                online[g] = committed[g]
                stepsInState[g] = 1
            }
        }
    }
}
