import FeatGit
import FeatReport
import Foundation

/// A file of facts remembered under the git directory (`.git/feat/NAME`), keyed by blob id:
/// a blob's content never changes, so an entry never goes stale, but what feat reads from it
/// may change with feat, so the file starts with its magic and the version of feat that wrote
/// it, and another version starts afresh (a change to what is read from a blob changes the
/// magic). The body ends with its checksum: a file that is missing, damaged or of another
/// format is ignored; it is written whole to a new file renamed over the old one (a reader
/// never sees half of it; of two writers, one wins); `FEAT_NO_INDEX=1` leaves it alone.
struct FactsFile {
    /// Nil when facts are not to be read or written.
    let path: String?
    let magic: [UInt8]

    init(repo: Repository, name: String, magic: String) {
        self.magic = Array(magic.utf8)
        let environment = ProcessInfo.processInfo.environment
        guard environment["FEAT_NO_INDEX"].map({ $0.isEmpty || $0 == "0" }) ?? true else {
            path = nil
            return
        }
        path = (repo.commonDir.hasSuffix("/") ? repo.commonDir : repo.commonDir + "/") + "feat/" + name
    }

    /// The magic, then the writing feat's version (one length byte, its bytes).
    var header: [UInt8] {
        let version = Array(FeatVersion.current.utf8.prefix(255))
        return magic + [UInt8(version.count)] + version
    }

    /// What follows the header, or nil when there is no file of this format and version, or
    /// its checksum does not match.
    func load() -> ArraySlice<UInt8>? {
        guard let path, let data = FileManager.default.contents(atPath: path) else { return nil }
        let bytes = [UInt8](data)
        let header = self.header
        guard bytes.count >= header.count + 8, bytes.starts(with: header) else { return nil }
        let body = bytes[header.count..<(bytes.count - 8)]
        let stored = bytes[(bytes.count - 8)...].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return Self.checksum(body) == stored ? body : nil
    }

    /// FNV-1a, 64 bits: enough to tell a damaged file from a written one.
    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }

    /// Writes the header and `body`; silent on failure (the facts are only remembered).
    func save(_ body: [UInt8]) -> Bool {
        guard let path else { return false }
        let directory = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let name = (path as NSString).lastPathComponent
        let temporary = directory + "/.\(name)-\(ProcessInfo.processInfo.processIdentifier).tmp"
        let sum = Self.checksum(body[...])
        let trailer = (0..<8).map { UInt8(truncatingIfNeeded: sum >> ($0 * 8)) }
        guard FileManager.default.createFile(atPath: temporary, contents: Data(header + body + trailer)) else {
            return false
        }
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            return false
        }
        return true
    }
}
