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
    var trees: [ObjectID: (tree: ObjectID, parent: ObjectID?)] = [:]

    /// Merged commits searched per merge, at most: a long-lived branch is credited from its newest work.
    static let searchLimit = 10_000

    init(repository: FeatureRepository, repo: Repository, merges: Set<ObjectID>) {
        self.repository = repository
        self.repo = repo
        self.merges = merges
        self.reader = BlobReader(repo: repo)
    }

    mutating func attribute(_ history: inout FeatureHistory, person: (Signature) -> Person) throws(FeatError) {
        for index in history.transitions.indices where merges.contains(history.transitions[index].commit) {
            let credit = try credit(history.transitions[index], of: history.identity)
            history.transitions[index].mergedBy = person(credit.committer)
            if let author = credit.author { history.transitions[index].author = person(author) }
        }
    }

    /// Who made a transition at a merge commit (nil: the merge's own author keeps the credit) and
    /// who merged it, as the commits write them (before the `.mailmap`).
    mutating func credit(_ transition: Transition, of identity: Identity) throws(FeatError)
        -> (author: Signature?, committer: Signature)
    {
        let merge = try mergeInfo(transition.commit)
        guard let side = merge.side else { return (nil, merge.info.committer) }
        for commit in side {
            let (tree, parentTree) = try treesOf(commit)
            let now = try stage(of: identity, at: tree, path: transition.path)
            guard now == transition.to else { continue }
            let before = try parentTree.map { tree throws(FeatError) in
                try stage(of: identity, at: tree, path: transition.path)
            } ?? nil
            guard before != transition.to else { continue }
            let info = try FeatKit.git { () throws(GitError) in try repo.commit(commit) }
            return (info.author, merge.info.committer)
        }
        return (nil, merge.info.committer)
    }

    mutating func mergeInfo(_ commit: ObjectID) throws(FeatError) -> (info: CommitInfo, side: [ObjectID]?) {
        if let known = merged[commit] { return known }
        let info = try FeatKit.git { () throws(GitError) in try repo.commit(commit) }
        let side = try? repo.commits(
            reachableFrom: Array(info.parents.dropFirst()), hiding: Array(info.parents.prefix(1)), limit: Self.searchLimit)
        merged[commit] = (info, side)
        return (info, side)
    }

    mutating func treesOf(_ commit: ObjectID) throws(FeatError) -> (tree: ObjectID, parent: ObjectID?) {
        if let known = trees[commit] { return known }
        let result = try FeatKit.git { () throws(GitError) -> (tree: ObjectID, parent: ObjectID?) in
            let (tree, parent) = try repo.treeAndFirstParent(commit)
            return (tree, try parent.map { id throws(GitError) in try repo.treeAndFirstParent(id).tree })
        }
        trees[commit] = result
        return result
    }

    /// The feature's stage in a tree, read at the path the transition names; nil when that
    /// path is absent, unreadable or holds another feature.
    mutating func stage(of identity: Identity, at tree: ObjectID, path: String) throws(FeatError) -> String? {
        try FeatKit.git { () throws(GitError) -> String? in
            guard let entry = try repo.treeEntry(in: tree, path: repository.treePath(path)), entry.kind == .blob else {
                return nil
            }
            guard case .feature(let found, let stage) = try reader.state(of: entry.id), found == identity else { return nil }
            return stage
        }
    }
}
