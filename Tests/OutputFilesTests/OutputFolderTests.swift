import Foundation
import OutputFiles
import Testing

@Suite("Output folders and files")
struct OutputFolderTests {
    private func temporary() throws -> String {
        let path = NSTemporaryDirectory() + "gridtwin-output-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private func contents(_ folder: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            result[name] = try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
        }
        return result
    }

    @Test("a new folder appears whole, with a manifest of what was written")
    func newFolder() throws {
        let root = try temporary()
        let folder = OutputFolder(path: root + "/a/b/out", command: "test", inputs: [])
        try folder.write([("x.csv", Data("1\n".utf8)), ("y.csv", Data("2\n".utf8))])
        let files = try contents(root + "/a/b/out")
        #expect(files["x.csv"] == "1\n" && files["y.csv"] == "2\n")
        #expect(files[OutputFolder.manifestName]?.contains("x.csv") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/a/b") == ["out"])
    }

    @Test("a failed write leaves an existing folder exactly as it was")
    func failureLeavesFolder() throws {
        let root = try temporary()
        let folder = OutputFolder(path: root + "/out", command: "test", inputs: [])
        try folder.write([("x.csv", Data("old\n".utf8))])
        try "mine\n".write(toFile: root + "/out/mine.txt", atomically: true, encoding: .utf8)
        let before = try contents(root + "/out")
        // A name that cannot be written fails while staging, before anything is moved.
        #expect(throws: OutputError.self) { try folder.write([("x.csv", Data("new\n".utf8)), ("no/such/dir.csv", Data())]) }
        #expect(try contents(root + "/out") == before)
        // Nothing is left of a failure in a new folder either.
        #expect(throws: OutputError.self) {
            try OutputFolder(path: root + "/fresh", command: "test", inputs: []).write([("no/such.csv", Data())])
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: root).sorted() == ["out"])
    }

    @Test("files of an earlier run that the new run does not write are removed; others never")
    func staleFiles() throws {
        let root = try temporary()
        let folder = OutputFolder(path: root + "/out", command: "test", inputs: [])
        try folder.write([("x.csv", Data()), ("y.csv", Data())])
        try "mine\n".write(toFile: root + "/out/z.csv", atomically: true, encoding: .utf8)
        try folder.write([("x.csv", Data("again".utf8))])
        #expect(try Set(FileManager.default.contentsOfDirectory(atPath: root + "/out")) == ["x.csv", "z.csv", OutputFolder.manifestName])
    }

    @Test("a manifest that names paths outside its folder cannot make GridTwin touch them")
    func hostileManifest() throws {
        let root = try temporary()
        try "precious\n".write(toFile: root + "/precious.txt", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: root + "/out", withIntermediateDirectories: true)
        try #"{"format": "gridtwin-outputs-1", "command": "x", "files": ["../precious.txt", "/etc/passwd", ".."]}"#
            .write(toFile: root + "/out/" + OutputFolder.manifestName, atomically: true, encoding: .utf8)
        try OutputFolder(path: root + "/out", command: "test", inputs: []).write([("x.csv", Data())])
        #expect(try String(contentsOfFile: root + "/precious.txt", encoding: .utf8) == "precious\n")
    }

    @Test("an output over an input, or a folder around one, is refused — also through a symbolic link")
    func inputs() throws {
        let root = try temporary()
        try "input\n".write(toFile: root + "/in.m", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: root + "/link", withDestinationPath: root)
        #expect(throws: OutputError.self) { try OutputFile.write("x", to: root + "/link/in.m", kind: .matpowerCase, inputs: [root + "/in.m"]) }
        #expect(throws: OutputError.self) {
            try OutputFolder(path: root + "/link", command: "t", inputs: [root + "/in.m"]).write([("a", Data())])
        }
        #expect(try String(contentsOfFile: root + "/in.m", encoding: .utf8) == "input\n")
    }

    @Test("a file is replaced only when it is an earlier output of the same kind")
    func replaceOwnOnly() throws {
        let root = try temporary()
        let path = root + "/case.m"
        try "% someone's case\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: OutputError.self) { try OutputFile.write("new", to: path, kind: .matpowerCase) }
        try OutputFile.write("% \(OutputKind.writtenBy)\n", to: root + "/ours.m", kind: .matpowerCase)
        try OutputFile.write("% \(OutputKind.writtenBy)\nagain\n", to: root + "/ours.m", kind: .matpowerCase)
        #expect(try String(contentsOfFile: root + "/ours.m", encoding: .utf8).hasSuffix("again\n"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "% someone's case\n")
    }
}
