import ArgumentParser

/// How `diff` and `baseline check` report: format and an optional JUnit file.
struct DiffReportOptions: ParsableArguments {
    @Option(name: .long, help: "Output: table (readable report) or json.")
    var format: DiffFormat = .table

    @Option(name: .long, help: "Write a JUnit XML report to this file.")
    var junit: String?
}
