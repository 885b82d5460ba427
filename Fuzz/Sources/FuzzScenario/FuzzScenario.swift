import FuzzDriver
import ScenarioFiles
import Twin

/// libFuzzer entry: any bytes as a scenario file (YAML or JSON): a scenario or an error naming the key, never a trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScenario(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? Scenario.parse(text, file: "fuzz.yaml")
    return 0
}

/// The executable's entry point (see FuzzDriver).
@_cdecl("FuzzScenario_main")
public func fuzzScenarioMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzScenario)
}
