import FeatGit
import FeatModel
import Foundation

/// What earlier history walks learned, so a later walk reads only the commits they did not:
/// per first-parent commit, its first parent, tree, author, committer date and the feature
/// files it changed with what their new blobs say; and per transition at a merge commit, who
/// made it and who merged it.
///
/// Everything here is a function of a commit id (a commit names its parent and its tree), the
/// feature folders and the code that reads blobs, so a rewritten history needs no special
/// care: its new commits are simply not in the index yet. Authors are kept as written in the
/// commits; the `.mailmap` of the analysed revision is applied after, as without an index.
struct HistoryIndex {
    var commits: [ObjectID] = []
    var trees: [ObjectID] = []
    /// Per record: the position of its first parent's record, or -1 for a root commit.
    var parents: [Int32] = []
    var authors: [Int32] = []
    var times: [Int64] = []
    var merges: [Bool] = []
    var changes: [[ResolvedChange]?] = []
    /// Raw signatures (name and email, no time).
    var signatures = Interner<Signature>()
    var credits: [CreditKey: Credit] = [:]
    var position: [ObjectID: Int] = [:]
    /// The answer at one indexed commit (the last one asked about), so asking again skips the
    /// forward pass.
    var snapshot: Snapshot?
    /// One copy of each path and name added (worker output holds one per change).
    var canonical: [String: String] = [:]
    /// Whether anything was added since it was read.
    var modified = false

    struct CreditKey: Hashable {
        var record: Int32
        var identity: Identity
    }

    /// Who made (-1: the merge's own author keeps the credit) and who merged a transition.
    struct Credit: Hashable {
        var author: Int32
        var committer: Int32
    }

    /// The features' histories at `head`, by record; authors, dates and credits come from the
    /// records and credits when the answer is rebuilt.
    struct Snapshot: Equatable {
        var head: Int32
        var features: [Feature]
        var warnings: [Warning]

        struct Feature: Equatable {
            var identity: Identity
            var stage: String?
            var path: String
            var transitions: [Transition]
        }

        struct Transition: Equatable {
            var record: Int32
            var from: String?
            var to: String?
            var path: String
        }

        struct Warning: Equatable {
            var record: Int32
            var path: String
            var message: String
        }
    }

    var count: Int { commits.count }

    func step(_ record: Int) -> FirstParentStep {
        FirstParentStep(
            commit: commits[record], tree: trees[record], author: signatures[Int(authors[record])],
            time: times[record], isMerge: merges[record])
    }

    /// The records from the root (or the oldest indexed commit) to `record`, oldest first.
    func chain(to record: Int) -> [Int] {
        var out: [Int] = []
        var next = record
        while next >= 0 {
            out.append(next)
            next = Int(parents[next])  // always smaller than its child: checked when read
        }
        return out.reversed()
    }

    mutating func signature(_ signature: Signature) -> Int32 {
        Int32(signatures.intern(Signature(name: signature.name, email: signature.email, time: 0)).id)
    }

    /// Adds a commit whose first parent is the record `parent` (-1: none); returns its record.
    @discardableResult
    mutating func append(_ step: FirstParentStep, parent: Int, changes delta: [ResolvedChange]?) -> Int {
        if let known = position[step.commit] { return known }
        let record = commits.count
        commits.append(step.commit)
        trees.append(step.tree)
        parents.append(Int32(parent))
        authors.append(signature(step.author))
        times.append(step.time)
        merges.append(step.isMerge)
        changes.append(delta.map { list in list.map { shared($0) } })
        position[step.commit] = record
        modified = true
        return record
    }

    mutating func shared(_ change: ResolvedChange) -> ResolvedChange {
        func one(_ s: String) -> String {
            if let known = canonical[s] { return known }
            canonical[s] = s
            return s
        }
        switch change.state {
        case .feature(let identity, let stage):
            let shared = Identity(feature: one(identity.feature), version: identity.version)
            return ResolvedChange(path: one(change.path), state: .feature(shared, stage))
        default:
            return ResolvedChange(path: one(change.path), state: change.state)
        }
    }

    func credit(at record: Int, _ identity: Identity) -> (author: Signature?, committer: Signature)? {
        guard let credit = credits[CreditKey(record: Int32(record), identity: identity)] else { return nil }
        return (credit.author >= 0 ? signatures[Int(credit.author)] : nil, signatures[Int(credit.committer)])
    }

    mutating func setCredit(at record: Int, _ identity: Identity, author: Signature?, committer: Signature) {
        let credit = Credit(author: author.map { signature($0) } ?? -1, committer: signature(committer))
        credits[CreditKey(record: Int32(record), identity: identity)] = credit
        modified = true
    }
}

// MARK: - The file

/// Where the index lives and what it is valid for.
///
/// One file per set of feature folders, under the repository's common git directory (shared by
/// its worktrees): `<git dir>/feat/history-<key hash>.idx`. The file names its format, the feat
/// version and the folders; a file made for anything else, or damaged, is ignored and replaced.
struct HistoryIndexFile {
    static let magic: [UInt8] = Array("FEATHIX\u{0}".utf8)
    static let format: UInt32 = 2

    let directory: String
    let path: String
    let key: String

    /// The index file for these folders; nil when the index is not to be used: asked not to
    /// (`FEAT_NO_INDEX=1`), or in a shallow clone. There the oldest commit's whole tree is taken
    /// as given, which is no history an index could keep: it would later pass for a full one.
    static func locate(repo: Repository, folders: [FeatureFolder], enabled: Bool) -> HistoryIndexFile? {
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
    func load() -> HistoryIndex? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return data.withUnsafeBytes { raw in HistoryIndexCoding.decode(raw, key: key) }
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

// MARK: - The answer at a commit

extension HistoryIndex {
    /// The answer at the record `head` as a snapshot; nil when a commit it names is not indexed.
    func snapshot(at head: Int, features: [FeatureHistory], warnings: [HistoryWarning]) -> Snapshot? {
        var kept: [Snapshot.Feature] = []
        kept.reserveCapacity(features.count)
        for feature in features {
            var transitions: [Snapshot.Transition] = []
            transitions.reserveCapacity(feature.transitions.count)
            for transition in feature.transitions {
                guard let record = position[transition.commit] else { return nil }
                transitions.append(
                    .init(
                        record: Int32(record), from: transition.from, to: transition.to,
                        path: transition.path))
            }
            kept.append(
                .init(
                    identity: feature.identity, stage: feature.stage, path: feature.path,
                    transitions: transitions))
        }
        var keptWarnings: [Snapshot.Warning] = []
        for warning in warnings {
            guard let record = position[warning.commit] else { return nil }
            keptWarnings.append(.init(record: Int32(record), path: warning.path, message: warning.message))
        }
        return Snapshot(head: Int32(head), features: kept, warnings: keptWarnings)
    }

    /// The answer a snapshot holds, exactly as the forward pass and the merge credits give it:
    /// authors and committers through `person`, dates from the records. Nil when a transition
    /// at a merge has no credit kept.
    func answer(_ snapshot: Snapshot, person: (Signature) -> Person)
        -> (features: [FeatureHistory], warnings: [HistoryWarning])?
    {
        var features: [FeatureHistory] = []
        features.reserveCapacity(snapshot.features.count)
        for feature in snapshot.features {
            var transitions: [Transition] = []
            transitions.reserveCapacity(feature.transitions.count)
            for kept in feature.transitions {
                let record = Int(kept.record)
                var author = person(signatures[Int(authors[record])])
                var mergedBy: Person?
                if merges[record] {
                    guard let credit = credit(at: record, feature.identity) else { return nil }
                    mergedBy = person(credit.committer)
                    if let credited = credit.author { author = person(credited) }
                }
                transitions.append(
                    Transition(
                        from: kept.from, to: kept.to, commit: commits[record],
                        date: Date(timeIntervalSince1970: TimeInterval(times[record])), author: author, path: kept.path,
                        mergedBy: mergedBy))
            }
            features.append(
                FeatureHistory(
                    identity: feature.identity, stage: feature.stage, path: feature.path,
                    transitions: transitions))
        }
        let warnings = snapshot.warnings.map {
            HistoryWarning(commit: commits[Int($0.record)], path: $0.path, message: $0.message)
        }
        return (features, warnings)
    }
}
