import FuzzDriver
import GridFormats
import GridModel
import PowerFlow
import Reports

/// libFuzzer entry: any bytes as a MATPOWER case file. The reader must answer with a grid or an error — never a
/// trap — and a small valid grid is solved and reported: its text and JSON reports must hold no `nan` or `inf`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCaseReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard var grid = try? MatpowerCaseReader.parse(bytes, file: "fuzz.m").grid else { return 0 }
    guard grid.problems().isEmpty, grid.buses.count <= 60, grid.branches.count <= 200 else { return 0 }
    // Names are the file's words ("inf 2 HV"), not numbers: leave them out of the check.
    grid.name = "fuzz"
    grid.busNames = []
    guard let report = try? PowerFlowStudy.run(grid, options: PowerFlowOptions()) else { return 0 }
    let text = TextReport(showAll: true).render(report, timing: nil)
    let json = (try? SolveDocument(report: report, timing: nil).jsonText()) ?? ""
    for output in [text, json] {
        for word in output.split(whereSeparator: { !$0.isLetter }) where word == "nan" || word == "inf" || word == "NaN" {
            fatalError("a non-finite value reached a report: \(word)")
        }
    }
    return 0
}

/// The executable's entry point (see FuzzDriver).
@_cdecl("FuzzCaseReader_main")
public func fuzzCaseReaderMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzCaseReader)
}
