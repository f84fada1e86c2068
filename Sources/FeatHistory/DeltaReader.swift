import FeatGit
import FeatModel
import GitID

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

    package init(path: String, state: BlobState?) {
        self.path = path
        self.state = state
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

    package init(repo: Repository, folders: [FeatureFolder]) {
        self.repo = repo
        self.folders = folders
        self.reader = BlobReader(repo: repo)
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
                    let state = try change.new.map { id throws(GitError) in try reader.state(of: id) }
                    changes.append(ResolvedChange(path: folder.relative + "/" + change.path, state: state))
                }
            }
            if !changes.isEmpty { out[index - start] = changes }
        }
        return out
    }

    /// Each feature folder's subtree in a tree (nil: absent, or no tree at all).
    private func subtrees(_ tree: ObjectID?) throws(GitError) -> [ObjectID?] {
        guard let tree else { return [ObjectID?](repeating: nil, count: folders.count) }
        var result: [ObjectID?] = []
        for folder in folders {
            let entry = try repo.treeEntry(in: tree, path: folder.tree, cache: trees)
            result.append(entry?.kind == .tree ? entry?.id : nil)
        }
        return result
    }
}

/// Reads what blobs say about identity and stage, once per blob: the fast scan when it is
/// exact, the full parser otherwise.
package struct BlobReader {
    let repo: Repository
    var cache: [ObjectID: BlobState] = [:]

    package init(repo: Repository) {
        self.repo = repo
    }

    package mutating func state(of blob: ObjectID) throws(GitError) -> BlobState {
        if let known = cache[blob] { return known }
        let bytes = try repo.blob(blob)
        let state: BlobState
        if let quick = StageScan.read(bytes) {
            state = .feature(quick.identity, quick.stage)
        } else if !Self.mayBeFeature(bytes) {
            // Foreign YAML beside features (Helm charts, CI files, dbt schemas): a file whose
            // text never says `feature` has no `feature` key, so it cannot be one; a byte
            // search instead of the full parser, reported once like any unreadable file.
            state = .unreadable(Self.notAFeature)
        } else {
            let parsed = FeatureParser.parse(bytes, path: "")
            if let feature = parsed.feature {
                state = .feature(feature.identity, feature.stage)
            } else {
                let problem = parsed.problems.first
                state = .unreadable((problem?.line.map { "line \($0): " } ?? "") + (problem?.message ?? "unreadable"))
            }
        }
        cache[blob] = state
        return state
    }

    static let notAFeature = "not a feature file: it has no 'feature' key"
    static let featureKey = Array("feature".utf8)

    /// False only when the bytes cannot hold a `feature` key anywhere: not even the word.
    static func mayBeFeature(_ bytes: [UInt8]) -> Bool {
        bytes.contains(subsequence: featureKey)
    }
}

/// What a feature file's blob says, as far as history cares.
package enum BlobState: Hashable, Sendable {
    case feature(Identity, String)
    case unreadable(String)
}
