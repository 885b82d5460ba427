import Foundation

/// `gridtwin-manifest.json`: the files GridTwin wrote into an output folder — the only files it may later replace.
struct OutputManifest: Codable {
    var format: String
    var command: String
    var files: [String]

    var data: Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return (try? encoder.encode(self)) ?? Data()
    }

    /// The manifest at `path`, or nil when there is none or it is not ours. Names that are not plain file names
    /// (a path, `.`, `..`) are dropped: a manifest can never point outside its folder.
    static func read(_ path: String) -> OutputManifest? {
        guard isRegularFile(path), let data = FileManager.default.contents(atPath: path),
            var manifest = try? JSONDecoder().decode(OutputManifest.self, from: data),
            manifest.format == OutputFolder.manifestFormat
        else { return nil }
        manifest.files = manifest.files.filter { !$0.isEmpty && !$0.contains("/") && $0 != "." && $0 != ".." }
        return manifest
    }

    /// Whether `path` is a regular file (not a folder, not a link).
    static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }
}
