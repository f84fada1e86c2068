import FeatGit
import FeatReport
import Foundation

/// Where the index lives and what it is valid for.
///
/// One file per set of feature folders, under the repository's common git directory (shared by
/// its worktrees): `<git dir>/feat/history-<key hash>.idx`. The file names its format, the feat
/// version and the folders; a file made for anything else, or damaged, is ignored and replaced.
package struct HistoryIndexFile {
    static let magic: [UInt8] = Array("FEATHIX\u{0}".utf8)
    static let format: UInt32 = 3

    let directory: String
    let path: String
    let key: String

    /// The index file for these folders; nil when the index is not to be used: asked not to
    /// (`FEAT_NO_INDEX=1`), or in a shallow clone. There the oldest commit's whole tree is taken
    /// as given, which is no history an index could keep: it would later pass for a full one.
    package static func locate(repo: Repository, folders: [FeatureFolder], enabled: Bool) -> HistoryIndexFile? {
        let environment = ProcessInfo.processInfo.environment
        guard enabled, environment["FEAT_NO_INDEX"].map({ $0.isEmpty || $0 == "0" }) ?? true,
            repo.shallowBoundary.isEmpty
        else { return nil }
        var key = "feat \(FeatVersion.current)\n"
        // Test-only: stands for a different feat version, to prove a new version ignores the index.
        if let salt = environment["FEAT_INDEX_VERSION_SALT"] { key += "salt \(salt)\n" }
        for folder in folders { key += "folder \(folder.tree)\t\(folder.relative)\n" }
        let directory = (repo.commonDir.hasSuffix("/") ? repo.commonDir : repo.commonDir + "/") + "feat"
        let name = "history-" + String(fnv1a(Array(key.utf8)), radix: 16) + ".idx"
        return HistoryIndexFile(directory: directory, path: directory + "/" + name, key: key)
    }

    /// The index, or nil when there is none or it cannot be trusted.
    package func load() -> HistoryIndex? {
        guard let bytes = Self.contents(of: path) else { return nil }
        return HistoryIndexCoding.decode(bytes, key: key)
    }

    /// A whole file's bytes, read straight into the array the index keeps.
    static func contents(of path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_size >= 0 else { return nil }
        let size = Int(status.st_size)
        var complete = true
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            var done = 0
            while done < size, let base = buffer.baseAddress {
                let n = read(descriptor, base + done, size - done)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { break }
                done += n
            }
            complete = done == size
            initialized = complete ? size : 0
        }
        return complete ? bytes : nil
    }

    /// Writes the index whole to a new file, then renames it over the old one: a reader sees
    /// the old file or the new one, never a part. Failures (a read-only repository) are silent:
    /// the index only saves time.
    func save(_ index: HistoryIndex) {
        let manager = FileManager.default
        if !manager.fileExists(atPath: directory) {
            try? manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        // Leftovers of runs interrupted while writing (an hour old, so no run is still writing
        // them), and indexes no run has written for 30 days (an older feat's, folders since changed).
        for name in (try? manager.contentsOfDirectory(atPath: directory)) ?? [] {
            let age: TimeInterval
            if name.hasPrefix(".history-") && name.hasSuffix(".tmp") {
                age = 3600
            } else if name.hasPrefix("history-") && name.hasSuffix(".idx") && directory + "/" + name != path {
                age = 30 * 86_400
            } else {
                continue
            }
            let leftover = directory + "/" + name
            let modified = (try? manager.attributesOfItem(atPath: leftover))?[.modificationDate] as? Date
            if let modified, Date().timeIntervalSince(modified) > age { try? manager.removeItem(atPath: leftover) }
        }
        let process = ProcessInfo.processInfo.processIdentifier
        let temporary = directory + "/.history-\(process)-\(UInt32.random(in: 0...UInt32.max)).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return }
        let written = HistoryIndexCoding.encode(index, key: key, to: descriptor)
        if close(descriptor) == 0, written, rename(temporary, path) == 0 { return }
        unlink(temporary)
    }
}
