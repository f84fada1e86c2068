import FeatGit
import FeatModel
import FeatReport
import GitID

/// Credits a stage change that reached the first-parent line through a merge to the person who
/// made it on the merged side, and records who merged it.
///
/// For a transition at a merge commit, the author is that of the newest commit reachable from
/// a later parent but not from the first whose tree gives the feature the new stage while its
/// own first parent's tree does not. When no merged commit made the change (the merge itself
/// did, resolving a conflict) the merge's author keeps the credit. Only transitions at merge
/// commits pay for this search; squash and rebase merges are ordinary commits.
package struct MergeAttribution {
    let repo: Repository
    /// The feature root inside git trees ("" at the top): transitions name paths relative to it.
    let prefix: String
    var reader: BlobReader
    /// Per merge: the commits it brought in, as the chain tells them and by the revision walk.
    var toldSides: [ObjectID: Set<ObjectID>?] = [:]
    var walkedSides: [ObjectID: [ObjectID]?] = [:]
    /// The merged commits read so far.
    var commits: [ObjectID: CommitInfo] = [:]
    /// Each first-parent commit's position on the chain, as the walk numbers them.
    let positions: [ObjectID: Int]
    /// The chain's commits by position, and the positions of its merges, ascending.
    let chain: [ObjectID]
    let mergePositions: [Int]
    /// Trees kept open from one merge to the next: neighbouring merges share most of them.
    let trees = TreeCache()
    var lastMerge: ObjectID?
    /// The blob at a path of a tree, once looked up.
    var blobs: [TreePath: ObjectID?] = [:]

    /// Merged commits searched per merge, at most: a long-lived branch is credited from its newest work.
    static let searchLimit = 10_000

    /// For transitions found along `chain` (the walk's positions are its indices), in `repo`
    /// with its feature root at `prefix`.
    package init(repo: Repository, prefix: String, chain: [FirstParentStep]) {
        self.repo = repo
        self.prefix = prefix
        var positions: [ObjectID: Int] = [:]
        positions.reserveCapacity(chain.count)
        for (position, step) in chain.enumerated() { positions[step.commit] = position }
        self.positions = positions
        self.chain = chain.map(\.commit)
        self.mergePositions = chain.indices.filter { chain[$0].isMerge }
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

    /// Credits every transition at a merge commit in `features` (found by `walk`), through
    /// `person` (the `.mailmap`).
    package mutating func attribute(
        _ features: inout [FeatureHistory], chain: [FirstParentStep], walk: HistoryWalk,
        person: (Signature) -> Person
    ) throws(GitError) {
        for (f, t) in Self.mergeTransitions(features, chain: chain) {
            let credit = try credit(features[f].transitions[t], of: features[f].identity, walk: walk)
            features[f].transitions[t].mergedBy = person(credit.committer)
            if let author = credit.author { features[f].transitions[t].author = person(author) }
        }
    }

    /// Who made a transition at a merge commit (nil: the merge's own author keeps the credit) and
    /// who merged it, as the commits write them (before the `.mailmap`). `walk` has passed the
    /// merge: it answers for the commits on the chain before it.
    package mutating func credit(_ transition: Transition, of identity: Identity, walk: HistoryWalk) throws(GitError)
        -> (author: Signature?, committer: Signature)
    {
        if transition.commit != lastMerge {
            trees.nextRound()
            lastMerge = transition.commit
        }
        let merge = try commitInfo(transition.commit)
        let told = toldSide(of: merge)
        if let told, let author = try soleAuthor(of: transition, identity, merge: merge, side: told, walk: walk) {
            return (author, merge.committer)
        }
        guard let side = walkedSide(of: merge) else { return (nil, merge.committer) }
        if told == nil, side.count < Self.searchLimit,
            let author = try soleAuthor(of: transition, identity, merge: merge, side: Set(side), walk: walk)
        {
            return (author, merge.committer)
        }
        for commit in side {
            let info = try commitInfo(commit)
            let file = try blob(at: info.tree, path: transition.path)
            guard try stage(of: identity, in: file) == transition.to else { continue }
            let before = try stage(of: identity, at: transition.path, in: info.parents.first, walk: walk)
            guard before != transition.to else { continue }
            return (info.author, merge.committer)
        }
        return (nil, merge.committer)
    }

    /// Who gave a feature, at a merge commit, the definition it has there (nil: the merge's own
    /// author keeps the credit) and who merged it (SPEC §9): the newest merged commit whose tree
    /// gives the file at `path` the merge's blob while its first parent's tree does not.
    package mutating func credit(forDefinitionOf identity: Identity, at mergeCommit: ObjectID, path: String)
        throws(GitError) -> (author: Signature?, committer: Signature)
    {
        if mergeCommit != lastMerge {
            trees.nextRound()
            lastMerge = mergeCommit
        }
        let merge = try commitInfo(mergeCommit)
        let made = try blob(at: merge.tree, path: path)
        guard let side = walkedSide(of: merge) else { return (nil, merge.committer) }
        for commit in side {
            let info = try commitInfo(commit)
            guard try blob(at: info.tree, path: path) == made else { continue }
            let before = try info.parents.first.map { parent throws(GitError) in
                try blob(at: try commitInfo(parent).tree, path: path)
            }
            guard before != made else { continue }
            return (info.author, merge.committer)
        }
        return (nil, merge.committer)
    }

    /// The author of a change when every merged commit has that one author and the change is
    /// sure to have been made on the merged line; nil when that cannot be told from its ends.
    ///
    /// Branches are mostly one person's work. When that person also made the merge commit, the
    /// credit is theirs either way. Otherwise it does not matter which merged commit made
    /// the change, only that one did: the merged parent gives the new stage, and the first
    /// commit below it on its first-parent line that was not merged here (the fork point)
    /// does not, so some commit between them made the change. That reads one file of one tree
    /// (the fork point is usually on the first-parent chain, which the walk knows) instead of
    /// the file of every merged commit and its parent.
    mutating func soleAuthor(
        of transition: Transition, _ identity: Identity, merge: CommitInfo, side onSide: Set<ObjectID>,
        walk: HistoryWalk
    ) throws(GitError) -> Signature? {
        guard merge.parents.count == 2, let first = onSide.first else { return nil }
        let author = try commitInfo(first).author
        for commit in onSide {
            let other = try commitInfo(commit).author
            guard other.name == author.name, other.email == author.email else { return nil }
        }
        // Merged by its author too (a pull request merged by whoever opened it): the credit is
        // theirs whether one of the merged commits made the change or the merge itself did.
        if merge.author.name == author.name, merge.author.email == author.email { return author }
        let merged = merge.parents[1]
        guard onSide.contains(merged) else { return nil }
        let tip = try commitInfo(merged)
        guard try stage(of: identity, in: try blob(at: tip.tree, path: transition.path)) == transition.to else {
            return nil
        }
        var fork = tip.parents.first
        while let commit = fork, onSide.contains(commit) { fork = try commitInfo(commit).parents.first }
        let before = try stage(of: identity, at: transition.path, in: fork, walk: walk)
        guard before != transition.to else { return nil }
        return author
    }

    /// The stage a commit gives the feature at `path`: from the walk when the commit is on the
    /// first-parent chain (a merged line's usual fork point), else from its tree (what each
    /// blob says is read once).
    mutating func stage(of identity: Identity, at path: String, in commit: ObjectID?, walk: HistoryWalk)
        throws(GitError) -> String?
    {
        guard let commit else { return nil }
        if let position = positions[commit], let known = walk.stage(of: identity, atPath: path, position: position) {
            return known
        }
        return try stage(of: identity, in: try blob(at: try commitInfo(commit).tree, path: path))
    }

    /// Commits read by the cheap search for one merge's commits, at most.
    static let cheapLimit = 256

    /// The commits a merge at chain `position` brought in from its later parents `tips`, found
    /// with what the chain already tells — without libgit2's revision walk, which reads every
    /// first-parent commit back to the fork — or nil when that cannot be told cheaply.
    ///
    /// They are the commits reachable from `tips` without passing through the chain, less
    /// those the first parent reaches too. Such a commit reached the chain through an earlier
    /// merge above the lowest chain commit it reaches (every chain commit it descends from is
    /// below that merge), and that merge reaches it without passing through the chain (else
    /// a lower chain commit would have brought it). So only the merges between the lowest
    /// chain commit reached and this one are searched, and only off the chain.
    mutating func mergedCommits(into position: Int, from tips: [ObjectID]) -> Set<ObjectID>? {
        var budget = Self.cheapLimit
        var brought = Set<ObjectID>()
        // Reaching no chain commit at all (an unrelated history merged in), any earlier merge may
        // have brought them: that is the revision walk's to tell.
        guard let lowest = offChain(from: tips, into: &brought, budget: &budget), lowest != Int.max else {
            return nil
        }
        // The argument below needs every one of them to reach the chain; one that leads down to
        // a root of its own (an unrelated history merged in, or everything below a pull
        // request's base) may have come in through any earlier merge.
        for commit in brought where commits[commit]?.parents.isEmpty != false { return nil }
        var earlier = Set<ObjectID>()
        var low = 0
        var high = mergePositions.count
        while low < high {
            let middle = (low + high) / 2
            if mergePositions[middle] <= lowest { low = middle + 1 } else { high = middle }
        }
        for merge in mergePositions[low...] where merge < position {
            guard let info = try? commitInfo(chain[merge]) else { return nil }
            guard offChain(from: Array(info.parents.dropFirst()), into: &earlier, budget: &budget) != nil
            else { return nil }
        }
        return brought.subtracting(earlier)
    }

    /// Adds to `found` the commits reachable from `tips` without passing through the chain (nor
    /// through commits already in `found`); returns the lowest chain position they reach
    /// (`Int.max` when they reach none), or nil past the budget or at a commit that cannot be
    /// read (below a shallow boundary).
    mutating func offChain(from tips: [ObjectID], into found: inout Set<ObjectID>, budget: inout Int) -> Int? {
        var lowest = Int.max
        var queue = tips
        while let commit = queue.popLast() {
            if let position = positions[commit] {
                lowest = min(lowest, position)
                continue
            }
            guard found.insert(commit).inserted else { continue }
            budget -= 1
            guard budget >= 0, let info = try? commitInfo(commit) else { return nil }
            queue.append(contentsOf: info.parents)
        }
        return lowest
    }

    /// The commits a two-parent merge brought in, as the chain tells them (nil: it cannot
    /// tell cheaply); once per merge.
    mutating func toldSide(of merge: CommitInfo) -> Set<ObjectID>? {
        if let known = toldSides[merge.id] { return known }
        var side: Set<ObjectID>?
        if merge.parents.count == 2, let position = positions[merge.id] {
            side = mergedCommits(into: position, from: Array(merge.parents.dropFirst()))
        }
        toldSides[merge.id] = .some(side)
        return side
    }

    /// The commits a merge brought in, newest first, by libgit2's revision walk (nil: unknown,
    /// as in a shallow clone where the walk cannot reach them); once per merge.
    mutating func walkedSide(of merge: CommitInfo) -> [ObjectID]? {
        if let known = walkedSides[merge.id] { return known }
        let side = try? repo.commits(
            reachableFrom: Array(merge.parents.dropFirst()), hiding: Array(merge.parents.prefix(1)),
            limit: Self.searchLimit)
        walkedSides[merge.id] = .some(side)
        return side
    }

    /// A commit, read once.
    mutating func commitInfo(_ commit: ObjectID) throws(GitError) -> CommitInfo {
        if let known = commits[commit] { return known }
        let info = try repo.commit(commit)
        commits[commit] = info
        return info
    }

    /// The blob at a path of a tree (nil: absent, or not a file), remembered: a merged commit's
    /// parent is usually the next commit searched.
    mutating func blob(at tree: ObjectID, path: String) throws(GitError) -> ObjectID? {
        let key = TreePath(tree: tree, path: path)
        if let known = blobs[key] { return known }
        let entry = try repo.treeEntry(in: tree, path: FeatureFolder.treePath(path, prefix: prefix), cache: trees)
        let found = entry?.kind == .blob ? entry?.id : nil
        blobs[key] = .some(found)
        return found
    }

    /// The feature's stage in a blob; nil when there is none, it is unreadable or holds another feature.
    mutating func stage(of identity: Identity, in blob: ObjectID?) throws(GitError) -> String? {
        guard let blob else { return nil }
        guard case .feature(let found, let stage) = try reader.state(of: blob), found == identity else { return nil }
        return stage
    }
}

/// A path in a tree, as a key.
package struct TreePath: Hashable {
    package var tree: ObjectID
    package var path: String

    package init(tree: ObjectID, path: String) {
        self.tree = tree
        self.path = path
    }
}
