// swift-tools-version: 6.1
// GridTwin's coverage-guided fuzz targets (libFuzzer), in their own package so that the main build stays plain.
// Run from the project root: Fuzz/run [SECONDS]   (builds with -sanitize=fuzzer,address and runs every target)
import PackageDescription
import class Foundation.FileManager
import struct Foundation.URL

/// A path dependency's package identity is its folder's name: whatever the clone is called.
let mainPackage = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

func fuzzTarget(_ name: String, _ products: [String]) -> Target {
    .executableTarget(
        name: name,
        dependencies: ["FuzzDriver"] + products.map { .product(name: $0, package: mainPackage) },
        swiftSettings: [.unsafeFlags(["-parse-as-library"])]
    )
}

let package = Package(
    name: "GridTwinFuzz",
    platforms: [.macOS(.v13)],
    dependencies: [.package(path: "..")],
    targets: [
        .target(name: "FuzzDriver"),
        fuzzTarget("FuzzCaseReader", ["GridFormats", "GridModel", "PowerFlow", "Reports"]),
        fuzzTarget("FuzzScenario", ["Twin", "ScenarioFiles"]),
        fuzzTarget("FuzzProfiles", ["Twin", "ScenarioFiles"]),
        fuzzTarget("FuzzBaseline", ["Studies"]),
    ],
    swiftLanguageModes: [.v6]
)
