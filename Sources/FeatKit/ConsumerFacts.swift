import FeatGit
import FeatModel
import GitID

/// The consumers that consumer-file blobs declare, remembered by blob id
/// (`.git/feat/consumers.bin`, a `FactsFile`), so that a check reads a thousand unchanged
/// consumer files without parsing them again. Only files that parse with no problem at all
/// are remembered; any other is parsed every time, so that its problems are found as they
/// always were.
final class ConsumerFacts {
    /// Past this many entries the file starts afresh rather than grow without end.
    static let maxEntries = 100_000

    private let file: FactsFile
    /// Each blob's consumer as `Consumer.encoded()` wrote it.
    private var known: [ObjectID: ArraySlice<UInt8>] = [:]
    private var added = 0

    init(repo: Repository) {
        file = FactsFile(repo: repo, name: "consumers.bin", magic: "FEATCON1")
        known = file.load().flatMap(Self.decode) ?? [:]
    }

    /// The entries of a file's body (blob id, length, encoded consumer), or nil when they are
    /// not all well formed.
    static func decode(_ bytes: ArraySlice<UInt8>) -> [ObjectID: ArraySlice<UInt8>]? {
        var known: [ObjectID: ArraySlice<UInt8>] = [:]
        var at = bytes.startIndex
        while at < bytes.endIndex {
            guard bytes.endIndex - at >= 24, let id = ObjectID(bytes: Array(bytes[at..<(at + 20)])) else { return nil }
            let length = (0..<4).reduce(0) { $0 | Int(bytes[at + 20 + $1]) << (8 * $1) }
            at += 24
            guard bytes.endIndex - at >= length else { return nil }
            known[id] = bytes[at..<(at + length)]
            at += length
        }
        return known
    }

    /// The remembered consumer of a blob at `path`, if any.
    func consumer(_ blob: ObjectID, path: String) -> ParsedConsumer? {
        guard let encoded = known[blob], let consumer = Consumer(decoding: encoded, path: path) else { return nil }
        return ParsedConsumer(path: path, consumer: consumer, problems: [])
    }

    /// Remembers a blob's file when it parsed with no problem.
    func remember(_ blob: ObjectID, _ file: ParsedConsumer) {
        guard known[blob] == nil, file.problems.isEmpty, let consumer = file.consumer else { return }
        let encoded = consumer.encoded()
        guard encoded.count <= Int(UInt32.max) else { return }
        known[blob] = encoded[...]
        added += 1
    }

    /// Writes what was learnt; silent on failure.
    func save() {
        guard added > 0 else { return }
        if known.count > Self.maxEntries { known = [:] }
        var out: [UInt8] = []
        for (id, encoded) in known {
            out += id.bytes
            out += (0..<4).map { UInt8(truncatingIfNeeded: encoded.count >> ($0 * 8)) }
            out += encoded
        }
        if file.save(out) { added = 0 }
    }
}
