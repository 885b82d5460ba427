import LiveTwin

/// A fork as the API shows it: its id, what it copies, its edits.
struct ForkSummary: Encodable {
    var id: String
    var createdAt: Double
    var measuredAt: Double
    var edits: [ForkEdit]

    init(_ fork: WhatIfFork) {
        id = fork.id
        createdAt = fork.createdAt
        measuredAt = fork.measuredAt
        edits = fork.edits
    }
}
