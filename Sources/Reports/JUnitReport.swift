import GridModel
import Studies
import Foundation
import OutputFiles

extension GridDiff {
    /// JUnit XML: one test case per checked quantity group (model buses, branches, generators; bus voltages,
    /// branch flows, generator outputs, convergence and losses; violations; N-1 security), failing with the
    /// changes it found, so that CI systems show what moved.
    public func junitXML(suiteName: String) -> String {
        Self.junitXML([(self, suiteName)])
    }

    /// JUnit XML of several diffs (a checked list of grids): one test suite per diff.
    public static func junitXML(_ suites: [(diff: GridDiff, suiteName: String)]) -> String {
        let all = suites.map { (cases: $0.diff.junitCases(), name: $0.suiteName) }
        let tests = all.reduce(0) { $0 + $1.cases.count }
        let failures = all.reduce(0) { $0 + $1.cases.filter { !$0.failures.isEmpty }.count }
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- \(OutputKind.writtenBy) -->\n"
        xml += "<testsuites tests=\"\(tests)\" failures=\"\(failures)\">\n"
        for (cases, suiteName) in all {
            let failed = cases.filter { !$0.failures.isEmpty }.count
            xml += "  <testsuite name=\"\(escape(suiteName))\" tests=\"\(cases.count)\" failures=\"\(failed)\">\n"
            for testCase in cases {
                xml += "    <testcase classname=\"\(escape(suiteName))\" name=\"\(escape(testCase.name))\""
                if testCase.failures.isEmpty {
                    xml += "/>\n"
                } else {
                    xml += ">\n      <failure message=\"\(escape("\(testCase.failures.count) change(s) beyond tolerance: \(testCase.failures[0])"))\">"
                    xml += escape(testCase.failures.joined(separator: "\n"))
                    xml += "</failure>\n    </testcase>\n"
                }
            }
            xml += "  </testsuite>\n"
        }
        xml += "</testsuites>\n"
        return xml
    }

    /// The test cases: each quantity group with the changes that fail it.
    private func junitCases() -> [(name: String, failures: [String])] {
        var cases: [(name: String, failures: [String])] = []
        func model(_ kind: ElementID.Kind) -> [String] {
            modelChanges.filter { $0.id.kind == kind }.map(describe)
        }
        func results(_ predicate: (ResultChange) -> Bool) -> [String] {
            resultChanges.filter(predicate).map {
                "\($0.element) \($0.quantity): \(fixed($0.old, 4)) → \(fixed($0.new, 4)) \($0.unit) (\(signed($0.delta, 4)))"
            }
        }
        cases.append(("model: buses", model(.bus)))
        cases.append(("model: branches", model(.branch)))
        cases.append(("model: generators", model(.generator)))
        cases.append(("results: convergence and losses", results { $0.id.kind == .grid }))
        cases.append(("results: bus voltages", results { $0.id.kind == .bus }))
        cases.append(("results: branch flows", results { $0.id.kind == .branch }))
        cases.append(("results: generator outputs", results { $0.id.kind == .generator }))
        cases.append((
            "violations",
            violationsAppeared.map { "appeared: \($0.kind) \($0.element) \(fixed($0.value, 4)) \($0.unit) (limit \(fixed($0.limit, 4)))" }
                + violationsCleared.map { "cleared: \($0.kind) \($0.element)" }
        ))
        cases.append(("N-1 security", securityChanges.map { "the \($0.outage) \($0.description)" }))
        return cases
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
