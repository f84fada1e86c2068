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
        for changes in index.changes {
            for change in changes ?? [] {
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
                case .unreadable(let message):
                    out.bytes.append(2)
                    out.u32(string(change.path))
                    out.u32(string(message))
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

    /// Reads an index; nil for anything but a whole, intact file of this format and key.
    static func decode(_ raw: UnsafeRawBufferPointer, key: String) -> HistoryIndex? {
        let magic = HistoryIndexFile.magic
        guard raw.count >= magic.count + 12, raw.prefix(magic.count).elementsEqual(magic) else { return nil }
        let content = UnsafeRawBufferPointer(rebasing: raw[..<(raw.count - 8)])
        let stored = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: raw.count - 8, as: UInt64.self))
        guard stored == checksum(content)
        else { return nil }
        var r = Reader(raw: content, at: magic.count)
        guard r.u32() == HistoryIndexFile.format, r.text() == key, let stringCount = r.count(minimumSize: 4)
        else { return nil }
        var strings: [String] = []
        strings.reserveCapacity(stringCount)
        for _ in 0..<stringCount {
            guard let s = r.text() else { return nil }
            strings.append(s)
        }
        func string(_ reader: inout Reader) -> String? {
            guard let i = reader.u32(), Int(i) < strings.count else { return nil }
            return strings[Int(i)]
        }
        var index = HistoryIndex()
        guard let signatureCount = r.count(minimumSize: 8) else { return nil }
        for _ in 0..<signatureCount {
            guard let name = string(&r), let email = string(&r) else { return nil }
            _ = index.signatures.intern(Signature(name: name, email: email, time: 0))
        }
        guard index.signatures.count == signatureCount, let recordCount = r.count(minimumSize: 61) else { return nil }
        index.commits.reserveCapacity(recordCount)
        index.trees.reserveCapacity(recordCount)
        index.changes.reserveCapacity(recordCount)
        index.position.reserveCapacity(recordCount)
        for record in 0..<recordCount {
            guard let commit = r.id(), let tree = r.id(), let parent = r.u32().map({ Int32(bitPattern: $0) }),
                parent >= -1, Int(parent) < record,
                let author = r.u32().map({ Int32(bitPattern: $0) }), author >= 0, Int(author) < signatureCount,
                let time = r.u64(), let merge = r.u8(), merge <= 1, let changeCount = r.u32(),
                index.position.updateValue(record, forKey: commit) == nil
            else { return nil }
            index.commits.append(commit)
            index.trees.append(tree)
            index.parents.append(parent)
            index.authors.append(author)
            index.times.append(Int64(bitPattern: time))
            index.merges.append(merge == 1)
            if changeCount == UInt32.max {
                index.changes.append(nil)
                continue
            }
            guard Int(changeCount) <= r.remaining / 5 else { return nil }
            var changes: [ResolvedChange] = []
            changes.reserveCapacity(Int(changeCount))
            for _ in 0..<changeCount {
                guard let kind = r.u8(), let path = string(&r) else { return nil }
                switch kind {
                case 0: changes.append(ResolvedChange(path: path, state: nil))
                case 1:
                    guard let feature = string(&r), let version = r.u64(), let stage = string(&r) else { return nil }
                    let identity = Identity(feature: feature, version: Int(Int64(bitPattern: version)))
                    changes.append(ResolvedChange(path: path, state: .feature(identity, stage)))
                case 2:
                    guard let message = string(&r) else { return nil }
                    changes.append(ResolvedChange(path: path, state: .unreadable(message)))
                default: return nil
                }
            }
            index.changes.append(changes)
        }
        guard let creditCount = r.count(minimumSize: 24) else { return nil }
        for _ in 0..<creditCount {
            guard let record = r.u32().map({ Int32(bitPattern: $0) }), record >= 0, Int(record) < recordCount,
                let feature = string(&r), let version = r.u64(),
                let author = r.u32().map({ Int32(bitPattern: $0) }), author >= -1, Int(author) < signatureCount,
                let committer = r.u32().map({ Int32(bitPattern: $0) }), committer >= 0, Int(committer) < signatureCount
            else { return nil }
            let identity = Identity(feature: feature, version: Int(Int64(bitPattern: version)))
            index.credits[.init(record: record, identity: identity)] = .init(author: author, committer: committer)
        }
        func optional(_ reader: inout Reader) -> String?? {
            guard let i = reader.u32() else { return nil }
            if i == UInt32.max { return .some(nil) }
            guard Int(i) < strings.count else { return nil }
            return .some(strings[Int(i)])
        }
        func record(_ reader: inout Reader) -> Int32? {
            guard let i = reader.u32(), Int(i) < recordCount else { return nil }
            return Int32(i)
        }
        guard let hasSnapshot = r.u8(), hasSnapshot <= 1 else { return nil }
        if hasSnapshot == 1 {
            guard let head = record(&r), let featureCount = r.count(minimumSize: 24) else { return nil }
            var features: [HistoryIndex.Snapshot.Feature] = []
            features.reserveCapacity(featureCount)
            for _ in 0..<featureCount {
                guard let name = string(&r), let version = r.u64(), let stage = optional(&r), let path = string(&r),
                    let transitionCount = r.count(minimumSize: 16)
                else { return nil }
                var transitions: [HistoryIndex.Snapshot.Transition] = []
                transitions.reserveCapacity(transitionCount)
                for _ in 0..<transitionCount {
                    guard let at = record(&r), let from = optional(&r), let to = optional(&r), let path = string(&r)
                    else { return nil }
                    transitions.append(.init(record: at, from: from, to: to, path: path))
                }
                let identity = Identity(feature: name, version: Int(Int64(bitPattern: version)))
                features.append(.init(identity: identity, stage: stage, path: path, transitions: transitions))
            }
            guard let warningCount = r.count(minimumSize: 12) else { return nil }
            var warnings: [HistoryIndex.Snapshot.Warning] = []
            for _ in 0..<warningCount {
                guard let at = record(&r), let path = string(&r), let message = string(&r) else { return nil }
                warnings.append(.init(record: at, path: path, message: message))
            }
            index.snapshot = .init(head: head, features: features, warnings: warnings)
        }
        guard r.remaining == 0 else { return nil }
        return index
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
