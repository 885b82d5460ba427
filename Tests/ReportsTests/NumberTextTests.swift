import Foundation
import Reports
import Testing

@Suite("Numbers in reports are never nan or inf")
struct NumberTextTests {
    private struct Row: Encodable {
        var finite: Double
        var notANumber: Double
        var infinite: Double
        var negativeInfinite: Double
        var optional: Double?
    }

    @Test("JSON: a value that is not a finite number is null")
    func json() throws {
        let text = try ReportJSON.text(Row(finite: 1.5, notANumber: .nan, infinite: .infinity, negativeInfinite: -.infinity, optional: nil))
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        #expect(object?["finite"] as? Double == 1.5)
        for key in ["not_a_number", "infinite", "negative_infinite"] { #expect(object?[key] is NSNull, "\(key) in \(text)") }
        #expect(!text.lowercased().contains("nan") && !text.lowercased().contains("inf\""))
    }

    @Test("text and CSV: a stated placeholder, never nan or inf", arguments: [Double.nan, .infinity, -.infinity])
    func text(value: Double) {
        #expect(NumberText.fixed(value, 2) == NumberText.unavailable)
        #expect(NumberText.fixed(value, 2, nonFinite: "") == "")
        #expect(NumberText.shortest(value) == "")
        #expect(NumberText.scientific(value) == NumberText.unavailable)
        #expect(NumberText.signed(value, 1) == NumberText.unavailable)
        #expect(NumberText.compact(value) == NumberText.unavailable)
    }

    @Test("finite values keep their digits; -0.00 prints as 0.00")
    func finite() {
        #expect(NumberText.fixed(-0.001, 2) == "0.00")
        #expect(NumberText.fixed(12.345, 1) == "12.3")
        #expect(NumberText.shortest(0.1) == "0.1")
        #expect(NumberText.compact(42) == "42")
    }
}
