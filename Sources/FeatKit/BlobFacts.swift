import FeatGit
import FeatModel
import Foundation
import GitID

/// What a feature blob's bytes say, remembered by blob id (`.git/feat/blobs.bin`, a
/// `FactsFile`), so that the questions asked of every feature file at a revision —
/// which identity and stage it holds, whether it mentions `vocabulary_file` or `inputs`, whether
/// it is a training target — are answered without reading the 10,000 files again. Without
/// the file (damaged, another version, `FEAT_NO_INDEX=1`) every blob is read, as before.
final class BlobFacts {
    /// Past this many entries the file starts afresh rather than grow without end.
    static let maxEntries = 250_000

    /// What a blob's bytes mention.
    struct Mentions: OptionSet {
        let rawValue: UInt8
        static let references = Mentions(rawValue: 1)
        static let inputs = Mentions(rawValue: 2)

        init(rawValue: UInt8) { self.rawValue = rawValue }

        /// A file that writes anything with a YAML escape (a backslash) may spell either key
        /// otherwise in its bytes than in its fields (`"\x69nputs"`): it may mention both.
        init(_ bytes: [UInt8]) {
            var found: Mentions = []
            let escaped = bytes.contains(0x5C)
            if escaped || bytes.contains(subsequence: ReferenceNeedles.key) { found.insert(.references) }
            if escaped || bytes.contains(subsequence: FeatureRepository.inputsKey) { found.insert(.inputs) }
            self = found
        }
    }

    /// What the identity scan read from a blob: its identity and stage (nil when neither the
    /// line scan nor the parser finds a feature there) and whether it is a training target.
    struct Scan: Equatable {
        var identity: Identity?
        var stage: String
        var isLabel: Bool

        /// Reads `bytes` as the identity scan does: the line scan where it is exact, the
        /// parser otherwise and for a file that may be a training target.
        init(_ bytes: [UInt8], path: String) {
            var parsed: Feature??
            func parse() -> Feature? {
                if let parsed { return parsed }
                let feature = FeatureParser.parse(bytes, path: path).feature
                parsed = .some(feature)
                return feature
            }
            // `role: "\x6cabel"` is a label too: a file with an escape is parsed to know.
            isLabel =
                (bytes.contains(subsequence: FeatureRepository.labelWord) || bytes.contains(0x5C))
                && parse()?.isLabel == true
            if let quick = StageScan.read(bytes) {
                identity = quick.identity
                stage = quick.stage
            } else if let feature = parse() {
                identity = feature.identity
                stage = feature.stage
            } else {
                identity = nil
                stage = ""
            }
        }

        init(identity: Identity?, stage: String, isLabel: Bool) {
            self.identity = identity
            self.stage = stage
            self.isLabel = isLabel
        }
    }

    /// One blob's remembered facts; `scan` is nil when only its mentions were asked for.
    struct Entry {
        var mentions: Mentions
        var scan: Scan?
    }

    private static let scanned: UInt8 = 0x10
    private static let hasIdentity: UInt8 = 0x20
    private static let label: UInt8 = 0x40

    private let file: FactsFile
    private var known: [ObjectID: Entry] = [:]
    private var added = 0

    init(repo: Repository) {
        file = FactsFile(repo: repo, name: "blobs.bin", magic: "FEATBLB1")
        known = file.load().flatMap(Self.decode) ?? [:]
    }

    /// The entries of a file's body, or nil when they are not all well formed.
    static func decode(_ bytes: ArraySlice<UInt8>) -> [ObjectID: Entry]? {
        var known: [ObjectID: Entry] = [:]
        var at = bytes.startIndex
        func take(_ count: Int) -> ArraySlice<UInt8>? {
            guard count >= 0, bytes.endIndex - at >= count else { return nil }
            defer { at += count }
            return bytes[at..<(at + count)]
        }
        func string() -> String? {
            guard let length = take(1)?.first, let text = take(Int(length)) else { return nil }
            return String(validating: text, as: UTF8.self)
        }
        while at < bytes.endIndex {
            guard let id = take(20).flatMap({ ObjectID(bytes: Array($0)) }), let flags = take(1)?.first else {
                return nil
            }
            var entry = Entry(mentions: Mentions(rawValue: flags & 0x0F), scan: nil)
            if flags & scanned != 0 {
                var identity: Identity?
                var stage = ""
                if flags & hasIdentity != 0 {
                    guard let name = string(), let raw = take(4), let stageName = string() else { return nil }
                    let version = raw.reversed().reduce(0) { $0 << 8 | Int($1) }
                    identity = Identity(feature: name, version: version)
                    stage = stageName
                }
                entry.scan = Scan(identity: identity, stage: stage, isLabel: flags & label != 0)
            }
            known[id] = entry
        }
        return known
    }

    /// The remembered facts of a blob, if any.
    subscript(blob: ObjectID) -> Entry? { known[blob] }

    /// Whether the blob's bytes mention `key`: remembered, or read through `read` (then the
    /// bytes come back too).
    func mentions(_ key: Mentions, in blob: ObjectID, read: () throws(FeatError) -> [UInt8]) throws(FeatError)
        -> (mentions: Bool, bytes: [UInt8]?)
    {
        if let found = known[blob] { return (found.mentions.contains(key), nil) }
        let bytes = try read()
        let found = Mentions(bytes)
        known[blob] = Entry(mentions: found, scan: nil)
        added += 1
        return (found.contains(key), bytes)
    }

    /// Remembers what the identity scan read from a blob (with its mentions).
    func remember(_ blob: ObjectID, mentions: Mentions, scan: Scan) {
        guard known[blob]?.scan == nil else { return }
        known[blob] = Entry(mentions: mentions, scan: scan)
        added += 1
    }

    /// Writes what was learnt (whole, to a new file renamed over the old one); silent on failure.
    func save() {
        guard added > 0 else { return }
        if known.count > Self.maxEntries { known = [:] }
        var out: [UInt8] = []
        out.reserveCapacity(known.count * 64)
        for (id, entry) in known {
            let name = entry.scan?.identity.map { Array($0.feature.utf8) } ?? []
            let stage = Array(entry.scan?.stage.utf8 ?? "".utf8)
            let version = entry.scan?.identity?.version ?? 0
            // What does not fit the format is not remembered: the blob is read again.
            let fits = name.count < 256 && stage.count < 256 && (0...Int(UInt32.max)).contains(version)
            var flags = entry.mentions.rawValue
            if let scan = entry.scan, fits {
                flags |= Self.scanned
                if scan.identity != nil { flags |= Self.hasIdentity }
                if scan.isLabel { flags |= Self.label }
            }
            out += id.bytes
            out.append(flags)
            guard flags & Self.hasIdentity != 0 else { continue }
            out.append(UInt8(name.count))
            out += name
            out += (0..<4).map { UInt8(truncatingIfNeeded: version >> ($0 * 8)) }
            out.append(UInt8(stage.count))
            out += stage
        }
        if file.save(out) { added = 0 }
    }
}
