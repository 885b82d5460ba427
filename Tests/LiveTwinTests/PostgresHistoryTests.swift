import Foundation
import LiveTwin
import TestFixtures
import Testing

@Suite("History in PostgreSQL", .serialized)
struct PostgresHistoryTests {
    @Test("frames, estimates and set-points read back as written; a fresh connection finds them")
    func roundTrip() throws {
        let server = try PostgresServer()
        let url = try server.url(database: "twin")
        let history = try TwinHistory.open(url)
        #expect(history.location == "postgres://gridtwin@127.0.0.1:\(server.port)/twin")
        let frame = MeasurementFrame(samples: [
            MeasurementSample(sensor: .init(kind: "p_flow", element: 3, side: "to"), value: -0.1234567890123, sigma: 0.01, time: 1_765_000_000.125,
                              quality: .questionable),
        ])
        try history.append(frame: frame, receivedAt: 5)
        let setPoint = try JSONDecoder().decode(SetPoint.self, from: Data(#"{"generator": 2, "p_mw": 45, "reason": "test", "recorded_at": 7}"#.utf8))
        try history.append(setPoint: setPoint)
        let reopened = try TwinHistory.open(url)
        #expect(try reopened.recentFrames(limit: 10) == [frame])
        #expect(try reopened.setPoints(from: 0, to: 10).map(\.pMW) == [45])
        #expect(try reopened.counts() == (frames: 1, estimates: 0))
        #expect(try reopened.lastEstimate() == nil)
        // The frame is in the server's table, as JSON text.
        #expect(try server.rows("SELECT count(*) FROM frames", database: "twin") == ["1"])
    }

    @Test("a database with someone else's tables is refused and left as it was; a wrong address names no password")
    func foreignDatabase() throws {
        let server = try PostgresServer()
        let url = try server.url(database: "theirs")
        try server.sql("CREATE TABLE invoices (id INTEGER)", database: "theirs")
        #expect {
            _ = try TwinHistory.open(url)
        } throws: { error in
            "\(error)".contains("not a history GridTwin created")
        }
        #expect(try server.rows("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'", database: "theirs") == ["invoices"])
        let wrong = "postgres://gridtwin:s3cret-password@127.0.0.1:\(server.port)/missing"
        #expect {
            _ = try TwinHistory.open(wrong)
        } throws: { error in
            let text = "\(error)"
            return !text.contains("s3cret") && text.contains("postgres://gridtwin@127.0.0.1:\(server.port)/missing")
        }
        #expect(throws: TwinHistory.Problem.self) { _ = try TwinHistory.open("postgres://nobody") }
    }
}
