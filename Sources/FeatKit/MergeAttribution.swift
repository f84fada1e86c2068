import FeatGit
import FeatModel

/// Credits a stage change that reached the first-parent line through a merge to the person who
/// made it on the merged side, and records who merged it.
///
/// For a transition at a merge commit, the author is that of the newest commit reachable from
/// a later parent but not from the first whose tree gives the feature the new stage while its
/// own first parent's tree does not. When no merged commit made the change (the merge itself
/// did, resolving a conflict) the merge's author keeps the credit. Only transitions at merge
/// commits pay for this search; squash and rebase merges are ordinary commits.
struct MergeAttribution {
    let repository: FeatureRepository
    let repo: Repository
    let merges: Set<ObjectID>
    var reader: BlobReader
    /// Per merge: the merge commit and the commits it brought in, newest first (nil: unknown,
    /// as in a shallow clone where the walk cannot reach them).
    var merged: [ObjectID: (info: CommitInfo, side: [ObjectID]?)] = [:]
    /// Per commit: its tree and its first parent's tree.
    var commitTrees: [ObjectID: (tree: ObjectID, parent: ObjectID?)] = [:]
    /// Trees kept open from one merge to the next: neighbouring merges share most of them.
    let trees = TreeCache()
    var lastMerge: ObjectID?
    /// The blob at a path of a tree, once looked up.
    var blobs: [TreePath: ObjectID?] = [:]

    /// Merged commits searched per merge, at most: a long-lived branch is credited from its newest work.
    static let searchLimit = 10_000

    init(repository: FeatureRepository, repo: Repository, merges: Set<ObjectID>) {
        self.repository = repository
        self.repo = repo
        self.merges = merges
        self.reader = BlobReader(repo: repo)
    }

    /// The transitions at merge commits, in the order of `chain` (oldest merge first), so that
    /// neighbouring merges, which share most trees, are searched one after the other.
    static func mergeTransitions(_ features: [FeatureHistory], chain: [FirstParentStep])
        -> [(feature: Int, transition: Int)]
    {
        var position: [ObjectID: Int] = [:]
        for (index, step) in chain.enumerated() where step.isMerge { position[step.commit] = index }
        var work: [(merge: Int, feature: Int, transition: Int)] = []
        for (f, history) in features.enumerated() {
            for (t, transition) in history.transitions.enumerated() {
                if let at = position[transition.commit] { work.append((at, f, t)) }
            }
        }
        work.sort { ($0.merge, $0.feature, $0.transition) < ($1.merge, $1.feature, $1.transition) }
        return work.map { ($0.feature, $0.transition) }
    }

    /// Credits every transition at a merge commit in `features`, through `person` (the `.mailmap`).
    mutating func attribute(
        _ features: inout [FeatureHistory], chain: [FirstParentStep], person: (Signature) -> Person
    ) throws(FeatError) {
        for (f, t) in Self.mergeTransitions(features, chain: chain) {
            let credit = try credit(features[f].transitions[t], of: features[f].identity)
            features[f].transitions[t].mergedBy = person(credit.committer)
            if let author = credit.author { features[f].transitions[t].author = person(author) }
        }
    }

    /// Who made a transition at a merge commit (nil: the merge's own author keeps the credit) and
    /// who merged it, as the commits write them (before the `.mailmap`).
    mutating func credit(_ transition: Transition, of identity: Identity) throws(FeatError)
        -> (author: Signature?, committer: Signature)
    {
        if transition.commit != lastMerge {
            trees.nextRound()
            lastMerge = transition.commit
        }
        let merge = try mergeInfo(transition.commit)
        guard let side = merge.side else { return (nil, merge.info.committer) }
        for commit in side {
            let (tree, parentTree) = try treesOf(commit)
            let file = try blob(at: tree, path: transition.path)
            let parentFile = try parentTree.map { tree throws(FeatError) in try blob(at: tree, path: transition.path) }
            // A commit that left the file as it was made no change to it (most merged commits).
            guard file != parentFile ?? nil else { continue }
            guard try stage(of: identity, in: file) == transition.to else { continue }
            guard try stage(of: identity, in: parentFile ?? nil) != transition.to else { continue }
            let info = try FeatKit.git { () throws(GitError) in try repo.commit(commit) }
            return (info.author, merge.info.committer)
        }
        return (nil, merge.info.committer)
    }

    mutating func mergeInfo(_ commit: ObjectID) throws(FeatError) -> (info: CommitInfo, side: [ObjectID]?) {
        if let known = merged[commit] { return known }
        let info = try FeatKit.git { () throws(GitError) in try repo.commit(commit) }
        let side = try? repo.commits(
            reachableFrom: Array(info.parents.dropFirst()), hiding: Array(info.parents.prefix(1)),
            limit: Self.searchLimit)
        merged[commit] = (info, side)
        return (info, side)
    }

    mutating func treesOf(_ commit: ObjectID) throws(FeatError) -> (tree: ObjectID, parent: ObjectID?) {
        if let known = commitTrees[commit] { return known }
        let result = try FeatKit.git { () throws(GitError) -> (tree: ObjectID, parent: ObjectID?) in
            let (tree, parent) = try repo.treeAndFirstParent(commit)
            return (tree, try parent.map { id throws(GitError) in try repo.treeAndFirstParent(id).tree })
        }
        commitTrees[commit] = result
        return result
    }

    /// The blob at a path of a tree (nil: absent, or not a file), remembered: a merged commit's
    /// parent is usually the next commit searched.
    mutating func blob(at tree: ObjectID, path: String) throws(FeatError) -> ObjectID? {
        let key = TreePath(tree: tree, path: path)
        if let known = blobs[key] { return known }
        let found = try FeatKit.git { () throws(GitError) -> ObjectID? in
            let entry = try repo.treeEntry(in: tree, path: repository.treePath(path), cache: trees)
            return entry?.kind == .blob ? entry?.id : nil
        }
        blobs[key] = .some(found)
        return found
    }

    /// The feature's stage in a blob; nil when there is none, it is unreadable or holds another feature.
    mutating func stage(of identity: Identity, in blob: ObjectID?) throws(FeatError) -> String? {
        guard let blob else { return nil }
        return try FeatKit.git { () throws(GitError) -> String? in
            guard case .feature(let found, let stage) = try reader.state(of: blob), found == identity else {
                return nil
            }
            return stage
        }
    }
}

/// A path in a tree, as a key.
struct TreePath: Hashable {
    var tree: ObjectID
    var path: String
}
