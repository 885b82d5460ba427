import Foundation
import LiveTwin
import Testing
import TestFixtures

/// case14's exact "full" measurement set split in two frames, as two RTUs would send it: bus voltages and the
/// first half of the flows, then the rest.
private func halves(time: Double) throws -> (MeasurementFrame, MeasurementFrame) {
    let samples = try frame("full-0", caseName: "case14", time: time).samples
    let middle = samples.count / 2
    return (MeasurementFrame(samples: Array(samples[..<middle])), MeasurementFrame(samples: Array(samples[middle...])))
}

@Suite("When the live model estimates")
struct EstimateTriggerTests {
    @Test("with a delay: a partial set waits at most the delay; the frame that completes the set is estimated at once")
    func completeSetOrBoundedDelay() async throws {
        let model = try LiveTwinModel(grid: try Fixtures.grid("case14"), history: nil, estimateDelaySeconds: 0.3)
        // Nothing estimated yet: the first frames wait for the delay, then are estimated together.
        let (first, second) = try halves(time: 100)
        _ = try await model.ingest(first, receivedAt: 100)
        await model.estimateWhenDue(now: 100)
        #expect(await model.state == nil, "half a set waits")
        _ = try await model.ingest(second, receivedAt: 100)
        await model.estimateWhenDue(now: 100)
        try await Task.sleep(nanoseconds: 600_000_000)
        let delayed = try #require(await model.state)
        #expect(delayed.measuredAt == 100 && delayed.frames == 2 && delayed.error == nil)
        // The next round: the first half waits; the second completes the set and is estimated before the call returns.
        let (third, fourth) = try halves(time: 200)
        _ = try await model.ingest(third, receivedAt: 200)
        await model.estimateWhenDue(now: 200)
        #expect(await model.state?.measuredAt == 100, "half of the new set waits")
        _ = try await model.ingest(fourth, receivedAt: 200)
        await model.estimateWhenDue(now: 200)
        let complete = try #require(await model.state)
        #expect(complete.measuredAt == 200 && complete.frames == 2)
        // The delayed estimate scheduled for the third frame finds nothing new and changes nothing.
        try await Task.sleep(nanoseconds: 500_000_000)
        #expect(await model.estimateCount == 2)
    }

    @Test("without a delay every frame is estimated at once")
    func noDelay() async throws {
        let model = try LiveTwinModel(grid: try Fixtures.grid("case14"), history: nil)
        let (first, _) = try halves(time: 100)
        _ = try await model.ingest(first, receivedAt: 100)
        await model.estimateWhenDue(now: 100)
        #expect(await model.estimateCount == 1)
    }
}
