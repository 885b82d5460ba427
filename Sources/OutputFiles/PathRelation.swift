import Foundation

/// Where paths lie relative to each other once symbolic links, `.` and `..` are resolved: the checks that keep an
/// output from landing on, or around, an input.
package enum PathRelation {
    /// The absolute, link-free form of `path`; the part that does not exist yet is appended as written.
    package static func canonical(_ path: String) -> String {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        var existing = absolute
        var missing: [String] = []
        while !existing.isEmpty, existing != "/", !FileManager.default.fileExists(atPath: existing) {
            missing.insert((existing as NSString).lastPathComponent, at: 0)
            existing = (existing as NSString).deletingLastPathComponent
        }
        var resolved = existing
        if let real = realpath(existing, nil) {
            resolved = String(cString: real)
            free(real)
        }
        for component in missing { resolved = (resolved as NSString).appendingPathComponent(component) }
        return resolved
    }

    /// Whether `ancestor` is `path` itself or a folder that contains it (both canonical).
    package static func contains(_ ancestor: String, _ path: String) -> Bool {
        if ancestor == path || ancestor == "/" { return true }
        return path.hasPrefix(ancestor.hasSuffix("/") ? ancestor : ancestor + "/")
    }

    /// Whether two existing paths are one file (also through hard links).
    package static func sameFile(_ a: String, _ b: String) -> Bool {
        var first = stat(), second = stat()
        guard stat(a, &first) == 0, stat(b, &second) == 0 else { return false }
        return first.st_dev == second.st_dev && first.st_ino == second.st_ino
    }

    /// The input that `output` would replace, or the input it would hold (`output` names it or a folder around it).
    package static func input(coveredBy output: String, inputs: [String]) -> String? {
        let target = canonical(output)
        for input in inputs {
            let source = canonical(input)
            if contains(target, source) || sameFile(output, input) { return input }
        }
        return nil
    }
}
