import FuzzDriver
import ScenarioFiles
import Twin

/// libFuzzer entry: any bytes as a profile CSV; a table that reads is resampled as a scenario would resample it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzProfiles(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let table = try? ProfileTable.parse(text, file: "fuzz.csv") else { return 0 }
    for name in table.columns.keys {
        for step in [15, 60, 1440] {
            let count = min(100, table.times.count)
            if let values = table.series(name, startRow: 0, stepMinutes: step, count: count) {
                precondition(values.allSatisfy(\.isFinite), "a profile series holds a non-finite value")
            }
        }
    }
    return 0
}

/// The executable's entry point (see FuzzDriver).
@_cdecl("FuzzProfiles_main")
public func fuzzProfilesMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzProfiles)
}
