import Foundation
import GridModel
import Reports
import Studies
import TestFixtures
import Testing

@Suite("Hostile baselines: one-line errors, never a crash")
struct HostileBaselineTests {
    private func baselineText() async throws -> String {
        BaselineFile.text(of: try await GridSnapshot.solving(try Fixtures.grid("case9")))
    }

    private func failure(_ text: String) -> BaselineFile.ReadError? {
        do {
            _ = try BaselineFile.parse(Data(text.utf8), file: "hostile.json")
            return nil
        } catch {
            return error
        }
    }

    @Test("integer fields at the edge of Int are errors, not overflows", arguments: [
        "-9223372036854775808", "9223372036854775807", "1e300", "-1e19", "0.5",
    ])
    func extremeIntegers(value: String) async throws {
        let text = try await baselineText().replacingOccurrences(
            of: #""iterations": \d+"#, with: "\"iterations\": \(value)", options: .regularExpression)
        let error = try #require(failure(text))
        #expect(error.description.contains("iterations"), "\(error)")
    }

    @Test("an unknown key is an error naming it")
    func unknownKey() async throws {
        let text = try await baselineText().replacingOccurrences(of: "\"rate_a\":", with: "\"rate_x\": 1, \"rate_a\":")
        let error = try #require(failure(text))
        #expect(error.description.contains("rate_x"), "\(error)")
    }

    @Test("NaN and infinities outside the limits that may be unlimited are refused")
    func nonFinite() async throws {
        let text = try await baselineText()
        let nan = try #require(failure(text.replacingOccurrences(of: "\"pd\": 0,", with: "\"pd\": \"nan\",")))
        #expect(nan.description.contains("pd"), "\(nan)")
        let rate = text.replacingOccurrences(of: "\"rate_a\": 250,", with: "\"rate_a\": \"inf\",")
        #expect(rate != text)
        #expect(failure(rate)?.description.contains("rate_a") == true)
    }

    @Test("an unlimited generator limit is stored as null and reads back as infinity")
    func unlimitedLimits() async throws {
        var grid = try Fixtures.grid("case9")
        grid.generators[0].maximumReactivePowerMvar = .infinity
        grid.generators[0].minimumReactivePowerMvar = -.infinity
        let text = BaselineFile.text(of: try await GridSnapshot.solving(grid))
        #expect(!text.contains("inf") && !text.contains("nan"))
        let read = try BaselineFile.parse(Data(text.utf8), file: "b.json")
        #expect(read.grid.generators[0].maximumReactivePowerMvar == .infinity)
        #expect(read.grid.generators[0].minimumReactivePowerMvar == -.infinity)
    }
}
