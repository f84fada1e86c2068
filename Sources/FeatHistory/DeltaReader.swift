import FeatGit
import FeatModel
import FeatYAML
import Foundation
import GitID

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A folder of feature files: its path inside git trees and relative to the feature root.
package struct FeatureFolder: Sendable {
    package var tree: String
    package var relative: String

    package init(tree: String, relative: String) {
        self.tree = tree
        self.relative = relative
    }

    /// A folder named relative to the feature root, whose tree path is under `prefix`.
    package init(_ relative: String, prefix: String) {
        self.init(tree: Self.treePath(relative, prefix: prefix), relative: relative)
    }

    /// A path relative to the feature root (at `prefix` in git trees: "" at the top), as a
    /// path inside git trees.
    package static func treePath(_ path: String, prefix: String) -> String {
        prefix.isEmpty ? path : prefix + "/" + path
    }
}

/// A feature file changed by one commit, with what its new blob says (nil: deleted).
package struct ResolvedChange: Sendable {
    package var path: String
    package var state: BlobState?
    /// The new blob (nil: deleted, or not known to whoever made the change): who grades the
    /// version reads it without looking the path up in the commit's tree again.
    package var blob: ObjectID?

    package init(path: String, state: BlobState?, blob: ObjectID? = nil) {
        self.path = path
        self.state = state
        self.blob = state == nil ? nil : blob
    }
}

/// The feature files that first-parent commits change, with what their new blobs say, read
/// through one repository handle whose caches (blobs read, trees open) last from one part of
/// the history to the next. A class: one reader, kept by whoever reads part after part.
package final class DeltaReader {
    let repo: Repository
    let folders: [FeatureFolder]
    var reader: BlobReader
    let trees = TreeCache()
    /// Per folder, the names on its tree path, and per name the last tree it was looked up in
    /// with what that tree held there: a folder below another (`.github/workflows`) is found
    /// without reading the trees on its way again while they stay the same.
    private let components: [[String]]
    private var lookups: [[(tree: ObjectID, entry: TreeEntry?)?]]
    /// Paths whose version last read (walking newest first: the next newer one) was small: the
    /// next is read at once. Any other path's blob is sized from its header first.
    private var smallPaths = Set<String>()

    package init(repo: Repository, folders: [FeatureFolder]) {
        self.repo = repo
        self.folders = folders
        self.reader = BlobReader(repo: repo)
        components = folders.map { $0.tree.split(separator: "/").map(String.init) }
        lookups = components.map { [(tree: ObjectID, entry: TreeEntry?)?](repeating: nil, count: $0.count) }
    }

    /// The reader `kept` holds, or a new one on its own repository handle, kept there: a
    /// process reading part after part opens the repository once.
    static func kept(_ kept: inout DeltaReader?, opening repositoryPath: String, folders: [FeatureFolder])
        throws(GitError) -> DeltaReader
    {
        if let kept { return kept }
        let reader = DeltaReader(repo: try Repository.open(discoveringFrom: repositoryPath), folders: folders)
        kept = reader
        return reader
    }

    /// The deltas of consecutive first-parent trees (oldest first), each compared with the
    /// one before it; `parent` is the tree before the first (nil: the empty tree). One entry
    /// per tree: nil when the commit changes no feature file.
    ///
    /// Walked newest first: packs store older versions of trees and blobs as deltas against
    /// newer ones, so reading in that order finds each delta's base in libgit2's small delta
    /// base cache; oldest first, every read re-inflated most of a delta chain (3× slower).
    package func deltas(trees stepTrees: ArraySlice<ObjectID>, parent: ObjectID?) throws(GitError)
        -> [[ResolvedChange]?]
    {
        let start = stepTrees.startIndex
        // What blobs said is worth keeping within a part (moves and reverts bring blobs back),
        // hardly across parts: memory stays bounded by one part.
        reader.cache.removeAll(keepingCapacity: true)
        var out = [[ResolvedChange]?](repeating: nil, count: stepTrees.count)
        guard let newest = stepTrees.last else { return out }
        var newer = try subtrees(newest)
        for index in stepTrees.indices.reversed() {
            let tree = stepTrees[index]
            let parentTree = index > start ? stepTrees[index - 1] : parent
            if parentTree == tree { continue }
            trees.nextRound()
            let older = try subtrees(parentTree)
            defer { newer = older }
            var changes: [ResolvedChange] = []
            for (i, folder) in folders.enumerated() where older[i] != newer[i] {
                for change in try repo.changedBlobs(from: older[i], to: newer[i], cache: trees)
                where Policy.isFeatureFile(relativeToFolder: change.path) {
                    let path = folder.relative + "/" + change.path
                    var state: BlobState?
                    if let id = change.new {
                        let read = try reader.read(id, sizeFirst: !smallPaths.contains(path))
                        state = read.state
                        if read.large { smallPaths.remove(path) } else { smallPaths.insert(path) }
                    }
                    changes.append(ResolvedChange(path: path, state: state, blob: change.new))
                }
            }
            if !changes.isEmpty { out[index - start] = changes }
        }
        return out
    }

    /// Each feature folder's subtree in a tree (nil: absent, or no tree at all).
    private func subtrees(_ tree: ObjectID?) throws(GitError) -> [ObjectID?] {
        var result: [ObjectID?] = []
        for (folder, names) in components.enumerated() {
            var current = tree
            for (level, name) in names.enumerated() {
                guard let parent = current else { break }
                let entry: TreeEntry?
                if let last = lookups[folder][level], last.tree == parent {
                    entry = last.entry
                } else {
                    entry = try repo.treeEntry(in: parent, path: name, cache: trees)
                    lookups[folder][level] = (parent, entry)
                }
                current = entry?.kind == .tree ? entry?.id : nil
            }
            result.append(current)
        }
        return result
    }
}

/// Reads what blobs say about identity and stage, once per blob: the parser's size limit
/// first, then a line scan that dismisses foreign YAML which cannot hold a `feature` key at its
/// top, then the fast scan when it is exact, the full parser otherwise.
package struct BlobReader {
    let repo: Repository
    var cache: [ObjectID: (state: BlobState, large: Bool)] = [:]

    /// A blob this large makes the walk ask the header of the next version at its path for its
    /// size before reading it, as for a path not read yet: generated manifests (CRD bundles)
    /// grow past the parser's limit, feature files stay far below it.
    static let largeBlob = 256 << 10

    package init(repo: Repository) {
        self.repo = repo
    }

    package mutating func state(of blob: ObjectID) throws(GitError) -> BlobState {
        try read(blob).state
    }

    /// What a blob says, and whether it is large (`largeBlob`). `sizeFirst`: learn its size from
    /// the object's header first, and read no further when the parser would refuse a file that
    /// large (the answer is the same either way; the header costs a little on every blob, a
    /// refused megabyte is neither inflated nor rebuilt from its delta chain).
    package mutating func read(_ blob: ObjectID, sizeFirst: Bool = false) throws(GitError)
        -> (state: BlobState, large: Bool)
    {
        if let known = cache[blob] { return known }
        let limit = YAMLLimits.default.maxBytes
        let result: (state: BlobState, large: Bool)
        if sizeFirst, let tooLarge = TextInput.tooLarge(try repo.blobSize(blob), limit: limit) {
            result = (.unreadable(tooLarge.message), true)
        } else {
            result = try repo.withBlobBytes(blob) { b in (Self.state(of: b, limit: limit), b.count >= Self.largeBlob) }
        }
        cache[blob] = result
        return result
    }

    /// What bytes (libgit2's copy, not copied unless parsed) say.
    static func state(of b: UnsafeBufferPointer<UInt8>, limit: Int) -> BlobState {
        // The parser's first check, whichever way the size was learnt.
        if let tooLarge = TextInput.tooLarge(b.count, limit: limit) { return .unreadable(tooLarge.message) }
        // Foreign YAML beside features (Helm charts, CRDs, CI files, dbt schemas): a file with
        // no `feature` key at its top cannot be one; a line scan instead of the full parser,
        // reported once like any unreadable file.
        guard mayBeFeature(b) else { return .unreadable(notAFeature) }
        let bytes = [UInt8](b)
        if let quick = StageScan.read(bytes) { return .feature(quick.identity, quick.stage) }
        let parsed = FeatureParser.parse(bytes, path: "")
        if let feature = parsed.feature { return .feature(feature.identity, feature.stage) }
        let problem = parsed.problems.first
        return .unreadable((problem?.line.map { "line \($0): " } ?? "") + (problem?.message ?? "unreadable"))
    }

    static let notAFeature = "not a feature file: it has no 'feature' key"
    static let featureKey = Array("feature".utf8)

    /// False only when the bytes cannot give a feature: no key `feature` can stand at the top
    /// of their mapping, so the parser would find none (`FeatureParser` needs one).
    ///
    /// A top-level key of a block mapping at column 0 starts a line. Spelt `feature`, it starts
    /// the line with that word and then `:` (spaces or tabs between); spelt any other way it
    /// starts with a quote (escapes), `?` (an explicit key), `&`, `!` (an anchor or tag before
    /// it) or `*` (an alias): any such line, or a root that is not at column 0 (indented, or a
    /// flow mapping), answers true. So does anything that would make this scan's lines differ
    /// from the parser's: a line break other than LF and CRLF (CR, NEL, LS, PS), or a
    /// byte-order mark past the start. Declining costs only time.
    static func mayBeFeature(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { mayBeFeature($0) }
    }

    static func mayBeFeature(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        // Most foreign files fail the line scan; the word is looked for only in those that pass
        // it. Without the word anywhere there is no key of that name (nor an escape spelling
        // it: the rule before the line scan, kept).
        mayHaveFeatureKey(b) && contains(b, featureKey)
    }

    /// Whether `needle` occurs in `b`: `memchr` to each candidate first byte, `memcmp` there.
    private static func contains(_ b: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        guard let base = b.baseAddress, let first = needle.first, needle.count <= b.count else { return false }
        return needle.withUnsafeBytes { n in
            guard let nb = n.baseAddress else { return true }
            let last = b.count - n.count
            var offset = 0
            while offset <= last, let hit = memchr(base + offset, Int32(first), last - offset + 1) {
                let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                if memcmp(base + at, nb, n.count) == 0 { return true }
                offset = at + 1
            }
            return false
        }
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D
    }

    private static func mayHaveFeatureKey(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = b.baseAddress else { return false }
        let n = b.count
        var i = n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF ? 3 : 0
        // Up to the root's first line, line by line.
        while i < n {
            let end =
                memchr(base + i, 0x0A, n - i).map { base.distance(to: $0.assumingMemoryBound(to: UInt8.self)) }
                ?? n
            defer { i = end + 1 }
            let first = b[i]
            // Blank lines and comment lines hold no key, at any indentation.
            var s = i
            while s < end && isSpace(b[s]) { s += 1 }
            if s == end || b[s] == 0x23 { continue }
            // Directives and a bare document start come before the root.
            if first == 0x25 { continue }  // %YAML, %TAG
            if end - i >= 3, first == 0x2D, b[i + 1] == 0x2D, b[i + 2] == 0x2D {
                var t = i + 3
                if t < end, !isSpace(b[t]) { return true }  // "---x": let the parser say
                while t < end && isSpace(b[t]) { t += 1 }
                if t == end || b[t] == 0x23 { continue }
                return true  // a root on the marker's line
            }
            // An indented root (its keys are not at column 0) or a flow one.
            if s != i || first == 0x7B || first == 0x5B { return true }
            if mayStartKey(b, at: i) { return true }
            return restMayHaveFeatureKey(b, from: end)
        }
        return hasOtherLineBreaks(b)
    }

    /// Whether a line at column 0 starting at `start` could begin a key spelt `feature`.
    private static func mayStartKey(_ b: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        switch b[start] {
        case 0x22, 0x27, 0x3F, 0x26, 0x21, 0x2A:  // " ' ? & ! *
            return true
        case 0x66:  // f
            return startsFeatureKey(b, start)
        default:
            return false
        }
    }

    /// The lines after the root's first one (`from`: the line break ending it): only each
    /// line's first byte matters, so `memchr` hops from line break to line break.
    private static func restMayHaveFeatureKey(_ b: UnsafeBufferPointer<UInt8>, from: Int) -> Bool {
        guard let base = b.baseAddress else { return false }
        let n = b.count
        var p = from
        while p + 1 < n {
            if mayStartKey(b, at: p + 1) { return true }
            guard let next = memchr(base + p + 1, 0x0A, n - p - 1) else { break }
            p = base.distance(to: next.assumingMemoryBound(to: UInt8.self))
        }
        return hasOtherLineBreaks(b)
    }

    /// Whether the line starting at `start` begins with `feature`, then spaces or tabs, then `:`.
    private static func startsFeatureKey(_ b: UnsafeBufferPointer<UInt8>, _ start: Int) -> Bool {
        let n = b.count
        guard n - start > featureKey.count else { return false }
        for (offset, byte) in featureKey.enumerated() where b[start + offset] != byte { return false }
        var t = start + featureKey.count
        while t < n && (b[t] == 0x20 || b[t] == 0x09) { t += 1 }
        return t < n && b[t] == 0x3A
    }

    /// Whether the parser could see lines this scan does not: a line break other than LF and
    /// CRLF (CR, NEL, LS, PS), or a byte-order mark past the start.
    private static func hasOtherLineBreaks(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = b.baseAddress else { return false }
        let n = b.count
        let from = n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF ? 3 : 0
        // Each lead byte found with memchr, then what follows it checked.
        for lead: UInt8 in [0x0D, 0xC2, 0xE2, 0xEF] {
            var k = from
            while k < n, let hit = memchr(base + k, Int32(lead), n - k) {
                k = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                let next = k + 1 < n ? b[k + 1] : nil
                let third = k + 2 < n ? b[k + 2] : nil
                switch lead {
                case 0x0D: if next != 0x0A { return true }
                case 0xC2: if next == 0x85 { return true }  // NEL
                case 0xE2: if next == 0x80, third == 0xA8 || third == 0xA9 { return true }  // LS, PS
                default: if next == 0xBB, third == 0xBF { return true }  // a byte-order mark
                }
                k += 1
            }
        }
        return false
    }
}

/// What a feature file's blob says, as far as history cares.
package enum BlobState: Hashable, Sendable {
    case feature(Identity, String)
    case unreadable(String)
}
