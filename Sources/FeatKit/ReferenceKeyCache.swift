import FeatGit
import FeatModel
import Foundation
import GitID

/// Which feature blobs mention `vocabulary_file` or `inputs` at all, remembered by blob id
/// under the git directory (`.git/feat/references.bin`), so that a diff does not read every
/// head feature file again to find the few that may reference a changed file or derive from a
/// changed feature. A blob's content never changes, so an entry never goes stale; a file that
/// is missing, damaged or of another format is ignored (every blob is read, as without it),
/// and `FEAT_NO_INDEX=1` leaves it alone, as it does the history index.
final class ReferenceKeyCache {
    static let magic: [UInt8] = Array("FEATREF2".utf8)

    /// What a blob's bytes mention.
    struct Mentions: OptionSet {
        let rawValue: UInt8
        static let references = Mentions(rawValue: 1)
        static let inputs = Mentions(rawValue: 2)

        init(rawValue: UInt8) { self.rawValue = rawValue }

        init(_ bytes: [UInt8]) {
            var found: Mentions = []
            if bytes.contains(subsequence: ReferenceNeedles.key) { found.insert(.references) }
            if bytes.contains(subsequence: FeatureRepository.inputsKey) { found.insert(.inputs) }
            self = found
        }
    }

    private let path: String?
    private var known: [ObjectID: Mentions] = [:]
    private var added = 0

    init(repo: Repository) {
        let environment = ProcessInfo.processInfo.environment
        guard environment["FEAT_NO_INDEX"].map({ $0.isEmpty || $0 == "0" }) ?? true else {
            path = nil
            return
        }
        let directory = (repo.commonDir.hasSuffix("/") ? repo.commonDir : repo.commonDir + "/") + "feat"
        path = directory + "/references.bin"
        guard let path, let data = FileManager.default.contents(atPath: path) else { return }
        let bytes = [UInt8](data)
        let entry = 21
        guard bytes.count >= Self.magic.count, Array(bytes.prefix(Self.magic.count)) == Self.magic,
            (bytes.count - Self.magic.count) % entry == 0
        else { return }
        var at = Self.magic.count
        known.reserveCapacity((bytes.count - at) / entry)
        while at < bytes.count {
            guard let id = ObjectID(bytes: Array(bytes[at..<(at + 20)])) else { return }
            known[id] = Mentions(rawValue: bytes[at + 20])
            at += entry
        }
    }

    /// Whether the blob's bytes mention `key`: remembered, or read through `read` (then the
    /// bytes come back too).
    func mentions(_ key: Mentions, in blob: ObjectID, read: () throws(FeatError) -> [UInt8]) throws(FeatError)
        -> (mentions: Bool, bytes: [UInt8]?)
    {
        if let found = known[blob] { return (found.contains(key), nil) }
        let bytes = try read()
        let found = Mentions(bytes)
        known[blob] = found
        added += 1
        return (found.contains(key), bytes)
    }

    /// Writes what was learnt (whole, to a new file renamed over the old one); silent on failure.
    func save() {
        guard let path, added > 0 else { return }
        let directory = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var out = Self.magic
        out.reserveCapacity(out.count + known.count * 21)
        for (id, found) in known.sorted(by: { $0.key.description < $1.key.description }) {
            out += id.bytes
            out.append(found.rawValue)
        }
        let temporary = directory + "/.references-\(ProcessInfo.processInfo.processIdentifier).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(out)) else { return }
        if rename(temporary, path) != 0 { unlink(temporary) } else { added = 0 }
    }
}
