import FeatGit
import FeatModel
import Foundation
import GitID

let fnv1aSeed: UInt64 = 0xcbf2_9ce4_8422_2325

/// FNV-1a, 64 bits: the index file's name from its key, and the checksum's last few bytes.
func fnv1a<C: Collection>(_ bytes: C, seed: UInt64 = fnv1aSeed) -> UInt64 where C.Element == UInt8 {
    var hash = seed
    for byte in bytes {
        hash ^= UInt64(byte)
        hash &*= 0x100_0000_01b3
    }
    return hash
}

/// The file's checksum, eight bytes at a time: the whole 8-byte words of `raw` folded into
/// `seed`, and how many bytes that took (the rest go through `fnv1a`).
func checksumWords(_ raw: UnsafeRawBufferPointer, seed: UInt64) -> (hash: UInt64, consumed: Int) {
    var hash = seed
    var at = 0
    while at + 8 <= raw.count {
        hash = (hash ^ raw.loadUnaligned(fromByteOffset: at, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
        hash ^= hash >> 29
        at += 8
    }
    return (hash, at)
}

/// The checksum of a whole file's content.
func checksum(_ raw: UnsafeRawBufferPointer) -> UInt64 {
    let (hash, consumed) = checksumWords(raw, seed: fnv1aSeed)
    return fnv1a(raw[consumed...], seed: hash)
}

/// The binary form: magic, format, key, a string table, signatures, records, credits, and an
/// FNV-1a checksum of everything before it. Little-endian; strings by table position.
enum HistoryIndexCoding {
    /// Writes the index to a file descriptor in chunks (no second copy of it in memory);
    /// false when a write failed.
    static func encode(_ index: HistoryIndex, key: String, to descriptor: Int32) -> Bool {
        // The string table comes first in the file: collect it in the order the body uses it.
        var strings = Interner<String>()
        for i in 0..<index.signatures.count {
            _ = strings.intern(index.signatures[i].name)
            _ = strings.intern(index.signatures[i].email)
        }
        // Records still in the file's form are copied with their string ids renumbered: no
        // string is made twice, and none hashed per change.
        let file = index.changes.file
        let loaded = index.changes.loadedCount
        var renumbered = [UInt32](repeating: UInt32.max, count: file?.stringCount ?? 0)
        func fromFile(_ id: UInt32) -> UInt32 {
            if renumbered[Int(id)] == UInt32.max, let file {
                renumbered[Int(id)] = UInt32(strings.intern(file.string(id)).id)
            }
            return renumbered[Int(id)]
        }
        for record in 0..<index.count {
            if let file, record < loaded {
                for change in file.rawChanges(of: record) ?? [] {
                    _ = fromFile(change.path)
                    if change.kind != 0 { _ = fromFile(change.text) }
                    if change.kind == 1 { _ = fromFile(change.stage) }
                }
                continue
            }
            for change in index.changes[record] ?? [] {
                _ = strings.intern(change.path)
                switch change.state {
                case nil: break
                case .feature(let identity, let stage):
                    _ = strings.intern(identity.feature)
                    _ = strings.intern(stage)
                case .unreadable(let message): _ = strings.intern(message)
                }
            }
        }
        // In a fixed order: the same index is the same file.
        let credits = index.credits.sorted { l, r in
            l.key.record != r.key.record ? l.key.record < r.key.record : l.key.identity < r.key.identity
        }
        for (key, _) in credits { _ = strings.intern(key.identity.feature) }
        for feature in index.snapshot?.features ?? [] {
            _ = strings.intern(feature.identity.feature)
            feature.stage.map { _ = strings.intern($0) }
            _ = strings.intern(feature.path)
            for transition in feature.transitions {
                transition.from.map { _ = strings.intern($0) }
                transition.to.map { _ = strings.intern($0) }
                _ = strings.intern(transition.path)
            }
        }
        for warning in index.snapshot?.warnings ?? [] {
            _ = strings.intern(warning.path)
            _ = strings.intern(warning.message)
        }
        func string(_ s: String) -> UInt32 { UInt32(strings.intern(s).id) }

        var out = Writer(descriptor: descriptor)
        out.bytes.append(contentsOf: HistoryIndexFile.magic)
        out.u32(HistoryIndexFile.format)
        out.text(key)
        out.u32(UInt32(strings.count))
        for i in 0..<strings.count {
            out.text(strings[i])
            out.flushIfFull()
        }
        out.u32(UInt32(index.signatures.count))
        for i in 0..<index.signatures.count {
            out.u32(string(index.signatures[i].name))
            out.u32(string(index.signatures[i].email))
        }
        out.u32(UInt32(index.count))
        for record in 0..<index.count {
            out.flushIfFull()
            out.id(index.commits[record])
            out.id(index.trees[record])
            out.u32(UInt32(bitPattern: index.parents[record]))
            out.u32(UInt32(bitPattern: index.authors[record]))
            out.u64(UInt64(bitPattern: index.times[record]))
            out.bytes.append(index.merges[record] ? 1 : 0)
            if let file, record < loaded {
                guard let changes = file.rawChanges(of: record) else {
                    out.u32(UInt32.max)
                    continue
                }
                out.u32(UInt32(changes.count))
                for change in changes {
                    out.bytes.append(change.kind)
                    out.u32(fromFile(change.path))
                    guard change.kind != 0 else { continue }
                    out.u32(fromFile(change.text))
                    if change.kind == 1 {
                        out.u64(change.version)
                        out.u32(fromFile(change.stage))
                    }
                    out.blob(change.blob)
                }
                continue
            }
            guard let changes = index.changes[record] else {
                out.u32(UInt32.max)
                continue
            }
            out.u32(UInt32(changes.count))
            for change in changes {
                switch change.state {
                case nil:
                    out.bytes.append(0)
                    out.u32(string(change.path))
                case .feature(let identity, let stage):
                    out.bytes.append(1)
                    out.u32(string(change.path))
                    out.u32(string(identity.feature))
                    out.u64(UInt64(bitPattern: Int64(identity.version)))
                    out.u32(string(stage))
                    out.blob(change.blob)
                case .unreadable(let message):
                    out.bytes.append(2)
                    out.u32(string(change.path))
                    out.u32(string(message))
                    out.blob(change.blob)
                }
            }
        }
        out.u32(UInt32(credits.count))
        for (key, credit) in credits {
            out.flushIfFull()
            out.u32(UInt32(bitPattern: key.record))
            out.u32(string(key.identity.feature))
            out.u64(UInt64(bitPattern: Int64(key.identity.version)))
            out.u32(UInt32(bitPattern: credit.author))
            out.u32(UInt32(bitPattern: credit.committer))
        }
        func optional(_ s: String?) -> UInt32 { s.map(string) ?? UInt32.max }
        if let snapshot = index.snapshot {
            out.bytes.append(1)
            out.u32(UInt32(bitPattern: snapshot.head))
            out.u32(UInt32(snapshot.features.count))
            for feature in snapshot.features {
                out.flushIfFull()
                out.u32(string(feature.identity.feature))
                out.u64(UInt64(bitPattern: Int64(feature.identity.version)))
                out.u32(optional(feature.stage))
                out.u32(string(feature.path))
                out.u32(UInt32(feature.transitions.count))
                for transition in feature.transitions {
                    out.u32(UInt32(bitPattern: transition.record))
                    out.u32(optional(transition.from))
                    out.u32(optional(transition.to))
                    out.u32(string(transition.path))
                }
            }
            out.u32(UInt32(snapshot.warnings.count))
            for warning in snapshot.warnings {
                out.flushIfFull()
                out.u32(UInt32(bitPattern: warning.record))
                out.u32(string(warning.path))
                out.u32(string(warning.message))
            }
        } else {
            out.bytes.append(0)
        }
        return out.finish()
    }

    /// Where a checked file's parts are, and its records' fixed fields.
    struct Layout {
        var stringStarts: [Int] = []
        var signatures = 0
        var signatureCount = 0
        var records = RecordColumns()
        var changeStarts: [Int] = []
        var credits = 0
        /// Where the snapshot's flag is.
        var snapshot = 0
    }

    struct RecordColumns {
        var commits: [ObjectID] = []
        var trees: [ObjectID] = []
        var parents: [Int32] = []
        var authors: [Int32] = []
        var times: [Int64] = []
        var merges: [Bool] = []
    }

    /// Reads an index; nil for anything but a whole, intact file of this format and key. Every
    /// part is checked here; the records' changed files, the strings and the snapshot are
    /// decoded later, as they are asked for (`IndexBytes`).
    static func decode(_ bytes: [UInt8], key: String) -> HistoryIndex? {
        guard let layout = bytes.withUnsafeBytes({ raw in scan(raw, key: key) }) else { return nil }
        let file = IndexBytes(
            bytes: bytes, stringStarts: layout.stringStarts, changeStarts: layout.changeStarts,
            commits: layout.records.commits, snapshotStart: layout.snapshot)
        var index = HistoryIndex()
        index.commits = layout.records.commits
        index.trees = layout.records.trees
        index.parents = layout.records.parents
        index.authors = layout.records.authors
        index.times = layout.records.times
        index.merges = layout.records.merges
        index.changes.file = file
        index.position.file = file
        return bytes.withUnsafeBytes { raw in
            var r = Reader(raw: raw, at: layout.signatures)
            for _ in 0..<layout.signatureCount {
                guard let name = r.u32(), let email = r.u32() else { return nil }
                _ = index.signatures.intern(Signature(name: file.string(name), email: file.string(email), time: 0))
            }
            guard index.signatures.count == layout.signatureCount else { return nil }
            r.at = layout.credits
            let creditCount = r.u32() ?? 0
            for _ in 0..<creditCount {
                guard let record = r.u32(), let feature = r.u32(), let version = r.u64(), let author = r.u32(),
                    let committer = r.u32()
                else { return nil }
                let identity = Identity(feature: file.string(feature), version: Int(Int64(bitPattern: version)))
                index.credits[.init(record: Int32(bitPattern: record), identity: identity)] = .init(
                    author: Int32(bitPattern: author), committer: Int32(bitPattern: committer))
            }
            return index
        }
    }

    /// Checks a whole file: its checksum, format and key, and that every count, record,
    /// signature and string position is in range; where each part is.
    static func scan(_ raw: UnsafeRawBufferPointer, key: String) -> Layout? {
        let magic = HistoryIndexFile.magic
        guard raw.count >= magic.count + 12, raw.prefix(magic.count).elementsEqual(magic) else { return nil }
        let content = UnsafeRawBufferPointer(rebasing: raw[..<(raw.count - 8)])
        let stored = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: raw.count - 8, as: UInt64.self))
        guard stored == checksum(content)
        else { return nil }
        var r = Reader(raw: content, at: magic.count)
        guard r.u32() == HistoryIndexFile.format, r.text() == key, let stringCount = r.count(minimumSize: 4)
        else { return nil }
        var layout = Layout()
        layout.stringStarts.reserveCapacity(stringCount)
        for _ in 0..<stringCount {
            layout.stringStarts.append(r.at)
            guard let n = r.u32(), Int(n) <= r.remaining else { return nil }
            r.at += Int(n)
        }
        func string(_ reader: inout Reader) -> Bool {
            guard let i = reader.u32() else { return false }
            return Int(i) < stringCount
        }
        guard let signatureCount = r.count(minimumSize: 8) else { return nil }
        layout.signatures = r.at
        layout.signatureCount = signatureCount
        for _ in 0..<signatureCount {
            guard string(&r), string(&r) else { return nil }
        }
        guard let recordCount = r.count(minimumSize: 61) else { return nil }
        var columns = RecordColumns()
        columns.commits.reserveCapacity(recordCount)
        columns.trees.reserveCapacity(recordCount)
        columns.parents.reserveCapacity(recordCount)
        columns.authors.reserveCapacity(recordCount)
        columns.times.reserveCapacity(recordCount)
        columns.merges.reserveCapacity(recordCount)
        layout.changeStarts.reserveCapacity(recordCount)
        // The bulk of the file, read without a check per field: one per record and per change.
        let end = content.count
        var at = r.at
        func u32(_ offset: Int) -> UInt32 {
            UInt32(littleEndian: content.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
        }
        func id(_ offset: Int) -> ObjectID {
            ObjectID(
                words: (
                    content.loadUnaligned(fromByteOffset: offset, as: UInt64.self),
                    content.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self),
                    content.loadUnaligned(fromByteOffset: offset + 16, as: UInt32.self)
                ))
        }
        for record in 0..<recordCount {
            guard end - at >= 61 else { return nil }
            let parent = Int32(bitPattern: u32(at + 40))
            let author = Int32(bitPattern: u32(at + 44))
            let merge = content[at + 56]
            guard parent >= -1, Int(parent) < record, author >= 0, Int(author) < signatureCount, merge <= 1
            else { return nil }
            columns.commits.append(id(at))
            columns.trees.append(id(at + 20))
            columns.parents.append(parent)
            columns.authors.append(author)
            columns.times.append(
                Int64(bitPattern: UInt64(littleEndian: content.loadUnaligned(fromByteOffset: at + 48, as: UInt64.self)))
            )
            columns.merges.append(merge == 1)
            layout.changeStarts.append(at + 57)
            let changeCount = u32(at + 57)
            at += 61
            if changeCount == UInt32.max { continue }
            guard Int(changeCount) <= (end - at) / 5 else { return nil }
            for _ in 0..<changeCount {
                guard end - at >= 5, Int(u32(at + 1)) < stringCount else { return nil }
                switch content[at] {
                case 0: at += 5
                case 1:
                    guard end - at >= 41, Int(u32(at + 5)) < stringCount, Int(u32(at + 17)) < stringCount
                    else { return nil }
                    at += 41
                case 2:
                    guard end - at >= 29, Int(u32(at + 5)) < stringCount else { return nil }
                    at += 29
                default: return nil
                }
            }
        }
        r.at = at
        layout.records = columns
        layout.credits = r.at
        guard let creditCount = r.count(minimumSize: 24) else { return nil }
        for _ in 0..<creditCount {
            guard let record = r.u32().map({ Int32(bitPattern: $0) }), record >= 0, Int(record) < recordCount,
                string(&r), r.u64() != nil,
                let author = r.u32().map({ Int32(bitPattern: $0) }), author >= -1, Int(author) < signatureCount,
                let committer = r.u32().map({ Int32(bitPattern: $0) }), committer >= 0, Int(committer) < signatureCount
            else { return nil }
        }
        func optional(_ reader: inout Reader) -> Bool {
            guard let i = reader.u32() else { return false }
            return i == UInt32.max || Int(i) < stringCount
        }
        func record(_ reader: inout Reader) -> Bool {
            guard let i = reader.u32() else { return false }
            return Int(i) < recordCount
        }
        layout.snapshot = r.at
        guard let hasSnapshot = r.u8(), hasSnapshot <= 1 else { return nil }
        if hasSnapshot == 1 {
            guard record(&r), let featureCount = r.count(minimumSize: 24) else { return nil }
            for _ in 0..<featureCount {
                guard string(&r), r.u64() != nil, optional(&r), string(&r),
                    let transitionCount = r.count(minimumSize: 16)
                else { return nil }
                for _ in 0..<transitionCount {
                    guard record(&r), optional(&r), optional(&r), string(&r) else { return nil }
                }
            }
            guard let warningCount = r.count(minimumSize: 12) else { return nil }
            for _ in 0..<warningCount {
                guard record(&r), string(&r), string(&r) else { return nil }
            }
        }
        guard r.remaining == 0 else { return nil }
        return layout
    }

    /// The snapshot of a file `scan` found whole; nil when it holds none.
    static func snapshot(of file: IndexBytes) -> HistoryIndex.Snapshot? {
        file.bytes.withUnsafeBytes { raw in
            var r = Reader(raw: raw, at: file.snapshotStart)
            func string() -> String { file.string(r.u32() ?? 0) }
            func optional() -> String? {
                let i = r.u32() ?? UInt32.max
                return i == UInt32.max ? nil : file.string(i)
            }
            func count() -> Int { Int(r.u32() ?? 0) }
            guard r.u8() == 1 else { return nil }
            let head = Int32(bitPattern: r.u32() ?? 0)
            let featureCount = count()
            var features: [HistoryIndex.Snapshot.Feature] = []
            features.reserveCapacity(featureCount)
            for _ in 0..<featureCount {
                let name = string()
                let version = Int(Int64(bitPattern: r.u64() ?? 0))
                let stage = optional()
                let path = string()
                let transitionCount = count()
                var transitions: [HistoryIndex.Snapshot.Transition] = []
                transitions.reserveCapacity(transitionCount)
                for _ in 0..<transitionCount {
                    let at = Int32(bitPattern: r.u32() ?? 0)
                    let from = optional()
                    let to = optional()
                    transitions.append(.init(record: at, from: from, to: to, path: string()))
                }
                let identity = Identity(feature: name, version: version)
                features.append(.init(identity: identity, stage: stage, path: path, transitions: transitions))
            }
            var warnings: [HistoryIndex.Snapshot.Warning] = []
            for _ in 0..<count() {
                let at = Int32(bitPattern: r.u32() ?? 0)
                let path = string()
                warnings.append(.init(record: at, path: path, message: string()))
            }
            return .init(head: head, features: features, warnings: warnings)
        }
    }

    /// Appends little-endian values and writes them out a chunk at a time, keeping the checksum.
    struct Writer {
        let descriptor: Int32
        var bytes: [UInt8] = []
        var checksum = fnv1aSeed  // of what was written so far
        var failed = false

        init(descriptor: Int32) {
            self.descriptor = descriptor
            bytes.reserveCapacity(Self.chunk + 4096)
        }

        static let chunk = 1 << 16

        mutating func flushIfFull() {
            if bytes.count >= Self.chunk { flush() }
        }

        /// Writes the whole 8-byte words gathered so far; the rest waits for more.
        mutating func flush() {
            let consumed = bytes.withUnsafeBytes { raw in
                let (hash, consumed) = checksumWords(raw, seed: checksum)
                checksum = hash
                return consumed
            }
            failed = failed || !writeAll(bytes[..<consumed])
            bytes.removeFirst(consumed)
        }

        /// Writes what is left and the checksum; whether every write succeeded.
        mutating func finish() -> Bool {
            flush()
            checksum = fnv1a(bytes, seed: checksum)
            u64(checksum)
            return !failed && writeAll(bytes[...])
        }

        func writeAll(_ data: ArraySlice<UInt8>) -> Bool {
            data.withUnsafeBytes { raw in
                var done = 0
                while done < raw.count {
                    let n = write(descriptor, raw.baseAddress.map { $0 + done }, raw.count - done)
                    if n < 0 && errno == EINTR { continue }
                    guard n > 0 else { return false }
                    done += n
                }
                return true
            }
        }

        mutating func u32(_ v: UInt32) {
            withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
        }

        mutating func u64(_ v: UInt64) {
            withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
        }

        mutating func id(_ id: ObjectID) {
            let (a, b, c) = id.words
            withUnsafeBytes(of: a) { bytes.append(contentsOf: $0) }
            withUnsafeBytes(of: b) { bytes.append(contentsOf: $0) }
            withUnsafeBytes(of: c) { bytes.append(contentsOf: $0) }
        }

        /// A changed file's blob; twenty zero bytes (git's null id) when it is not known.
        mutating func blob(_ id: ObjectID?) {
            self.id(id ?? ObjectID(words: (0, 0, 0)))
        }

        mutating func text(_ s: String) {
            u32(UInt32(s.utf8.count))
            bytes.append(contentsOf: s.utf8)
        }
    }

    /// A bounds-checked cursor: every read past the end is nil.
    struct Reader {
        let raw: UnsafeRawBufferPointer
        var at: Int

        init(raw: UnsafeRawBufferPointer, at: Int) {
            self.raw = raw
            self.at = at
        }

        var remaining: Int { raw.count - at }

        mutating func u8() -> UInt8? {
            guard remaining >= 1 else { return nil }
            defer { at += 1 }
            return raw[at]
        }

        mutating func u32() -> UInt32? {
            guard remaining >= 4 else { return nil }
            defer { at += 4 }
            return UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt32.self))
        }

        mutating func u64() -> UInt64? {
            guard remaining >= 8 else { return nil }
            defer { at += 8 }
            return UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt64.self))
        }

        /// A count of items at least `minimumSize` bytes each, nil when the rest cannot hold them.
        mutating func count(minimumSize: Int) -> Int? {
            guard let n = u32(), Int(n) <= remaining / minimumSize else { return nil }
            return Int(n)
        }

        mutating func id() -> ObjectID? {
            guard remaining >= 20 else { return nil }
            defer { at += 20 }
            return ObjectID(
                words: (
                    raw.loadUnaligned(fromByteOffset: at, as: UInt64.self),
                    raw.loadUnaligned(fromByteOffset: at + 8, as: UInt64.self),
                    raw.loadUnaligned(fromByteOffset: at + 16, as: UInt32.self)
                ))
        }

        mutating func text() -> String? {
            guard let n = u32(), Int(n) <= remaining else { return nil }
            defer { at += Int(n) }
            return String(decoding: UnsafeRawBufferPointer(rebasing: raw[at..<(at + Int(n))]), as: UTF8.self)
        }
    }
}

/// An index file as read and checked (`HistoryIndexCoding.decode`): its bytes stay, and a
/// record's changed files, or a string, are decoded when first asked for. A class: the
/// strings decoded are kept for every later ask, by every copy of the index.
final class IndexBytes {
    let bytes: [UInt8]
    /// Where each string of the table starts: its length, then its UTF-8 bytes.
    let stringStarts: [Int]
    /// Where each record's changes start: their count (`UInt32.max`: none known), then each.
    let changeStarts: [Int]
    /// The records' commits, to find a record by its commit.
    let commits: [ObjectID]
    /// Where the snapshot's flag is.
    let snapshotStart: Int
    private var strings: [String?]
    private var table: [ObjectID: Int]?
    /// The snapshot, decoded when first asked for.
    lazy var snapshot: HistoryIndex.Snapshot? = HistoryIndexCoding.snapshot(of: self)

    init(bytes: [UInt8], stringStarts: [Int], changeStarts: [Int], commits: [ObjectID], snapshotStart: Int) {
        self.bytes = bytes
        self.stringStarts = stringStarts
        self.changeStarts = changeStarts
        self.commits = commits
        self.snapshotStart = snapshotStart
        strings = Array(repeating: nil, count: stringStarts.count)
    }

    var stringCount: Int { stringStarts.count }
    var recordCount: Int { changeStarts.count }

    /// The string at a position of the table (checked in range when the file was read).
    func string(_ id: UInt32) -> String {
        if let known = strings[Int(id)] { return known }
        let start = stringStarts[Int(id)]
        let made = bytes.withUnsafeBytes { raw in
            let length = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: start, as: UInt32.self)))
            return String(
                decoding: UnsafeRawBufferPointer(rebasing: raw[(start + 4)..<(start + 4 + length)]), as: UTF8.self)
        }
        strings[Int(id)] = made
        return made
    }

    /// The record of a commit: the newest records are tried first (a warm run's head is
    /// usually the last one added), then a table of all of them is made once.
    func record(of commit: ObjectID) -> Int? {
        if let table { return table[commit] }
        for record in commits.indices.reversed().prefix(8) where commits[record] == commit { return record }
        var made: [ObjectID: Int] = [:]
        made.reserveCapacity(commits.count)
        for (record, id) in commits.enumerated() where made[id] == nil { made[id] = record }
        table = made
        return made[commit]
    }

    /// One changed file as written: kind 0 (deleted) names only its path; 1 (a feature) its
    /// name in `text`, its version, stage and blob; 2 (unreadable) the problem in `text` and
    /// the blob (git's null id: not known).
    struct RawChange {
        var kind: UInt8
        var path: UInt32
        var text: UInt32 = 0
        var version: UInt64 = 0
        var stage: UInt32 = 0
        var blob: ObjectID?
    }

    /// A record's changed files as string ids; nil when none are known.
    func rawChanges(of record: Int) -> [RawChange]? {
        bytes.withUnsafeBytes { raw in
            var at = changeStarts[record]
            func u32() -> UInt32 {
                defer { at += 4 }
                return UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt32.self))
            }
            let count = u32()
            guard count != UInt32.max else { return nil }
            var out: [RawChange] = []
            out.reserveCapacity(Int(count))
            for _ in 0..<count {
                let kind = raw[at]
                at += 1
                var change = RawChange(kind: kind, path: u32())
                if kind != 0 { change.text = u32() }
                if kind == 1 {
                    change.version = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt64.self))
                    at += 8
                    change.stage = u32()
                }
                if kind != 0 {
                    let words = (
                        raw.loadUnaligned(fromByteOffset: at, as: UInt64.self),
                        raw.loadUnaligned(fromByteOffset: at + 8, as: UInt64.self),
                        raw.loadUnaligned(fromByteOffset: at + 16, as: UInt32.self)
                    )
                    at += 20
                    if words != (0, 0, 0) { change.blob = ObjectID(words: words) }
                }
                out.append(change)
            }
            return out
        }
    }

    /// A record's changed files; nil when none are known.
    func changes(of record: Int) -> [ResolvedChange]? {
        guard let raw = rawChanges(of: record) else { return nil }
        return raw.map { change in
            let path = string(change.path)
            switch change.kind {
            case 1:
                let identity = Identity(feature: string(change.text), version: Int(Int64(bitPattern: change.version)))
                return ResolvedChange(path: path, state: .feature(identity, string(change.stage)), blob: change.blob)
            case 2: return ResolvedChange(path: path, state: .unreadable(string(change.text)), blob: change.blob)
            default: return ResolvedChange(path: path, state: nil)
            }
        }
    }

    /// The string ids of these strings (those the table holds).
    func ids(of wanted: Set<String>) -> [UInt32] {
        let utf8 = wanted.map { Array($0.utf8) }
        var found: [UInt32] = []
        bytes.withUnsafeBytes { raw in
            for (id, start) in stringStarts.enumerated() {
                let length = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: start, as: UInt32.self)))
                for name in utf8 where name.count == length {
                    if raw[(start + 4)..<(start + 4 + length)].elementsEqual(name) { found.append(UInt32(id)) }
                }
            }
        }
        return found
    }
}

/// Which records' changes can matter to a follower of some features, decided on the file's
/// string ids, record by record along a chain (`HistoryIndex.changes(along:following:)`).
struct ChangeFilter {
    let file: IndexBytes
    /// Per string id: one of the followed names.
    var followed: [Bool]
    /// Per string id: a path one of those features, or an unreadable file, was at.
    var reached: [Bool]

    init(file: IndexBytes, names: Set<String>) {
        self.file = file
        followed = Array(repeating: false, count: file.stringCount)
        reached = followed
        for id in file.ids(of: names) { followed[Int(id)] = true }
    }

    /// Whether the record's changes can matter; the paths they reach are remembered.
    mutating func admits(_ record: Int) -> Bool {
        var admitted = false
        file.bytes.withUnsafeBytes { raw in
            var at = file.changeStarts[record]
            func u32(_ offset: Int) -> Int {
                Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
            }
            let count = UInt32(truncatingIfNeeded: u32(at))
            guard count != UInt32.max else { return }
            at += 4
            for _ in 0..<count {
                let kind = raw[at]
                let path = u32(at + 1)
                if kind == 2 || (kind == 1 && followed[u32(at + 5)]) { reached[path] = true }
                if reached[path] { admitted = true }
                at += kind == 0 ? 5 : kind == 1 ? 41 : 29
            }
        }
        return admitted
    }
}
