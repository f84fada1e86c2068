import FeatGit
import FeatHistory
import FeatModel
import FeatReport
import GitID

extension FeatureRepository {
    /// Derives the stage history of every feature on the first-parent history of `head`: the
    /// history engine's walk (`StageHistory.walk`), over this repository's feature folders.
    public func stageHistory(
        at head: ObjectID, policy: Policy, workers: WorkerProcesses? = nil,
        index useIndex: Bool = true, progress: WalkProgress? = nil
    ) throws(FeatError) -> StageHistory {
        let repo = try requireGit()
        return try FeatKit.git { () throws(GitError) in
            try StageHistory.walk(
                repo, at: head, prefix: prefix, folders: policy.featureFolders, workers: workers, index: useIndex,
                progress: progress)
        }
    }

    /// The policy's feature folders, with their paths inside git trees.
    func featureFolders(_ policy: Policy) -> [FeatureFolder] {
        policy.featureFolders.map { FeatureFolder($0, prefix: prefix) }
    }
}

// The history engine as FeatKit's runners call it: on this repository, failing as `FeatError`.

extension FirstParentDeltas {
    /// The first-parent chain of `head`, over the policy's feature folders.
    convenience init(
        repository: FeatureRepository, head: ObjectID, policy: Policy, workers: WorkerProcesses?, index useIndex: Bool
    ) throws(FeatError) {
        let repo = try repository.requireGit()
        do {
            try self.init(
                repo: repo, prefix: repository.prefix, folders: policy.featureFolders, head: head, workers: workers,
                index: useIndex)
        } catch {
            throw .git(error)
        }
    }

    /// `walk`, failing as `FeatError`.
    func run(
        progress: WalkProgress?, following names: Set<String>? = nil,
        visit: (Int, FirstParentStep, [ResolvedChange], Bool) throws(GitError) -> Void
    ) throws(FeatError) -> (changed: Int, processes: Int) {
        try FeatKit.git { () throws(GitError) in try walk(progress: progress, following: names, visit: visit) }
    }
}

extension MergeAttribution {
    /// For transitions found along `chain` in the repository's feature root.
    init(repository: FeatureRepository, repo: Repository, chain: [FirstParentStep]) {
        self.init(repo: repo, prefix: repository.prefix, chain: chain)
    }

    /// `credit(forDefinitionOf:at:path:)`, failing as `FeatError`.
    mutating func credit(definitionOf identity: Identity, at mergeCommit: ObjectID, path: String)
        throws(FeatError) -> (author: Signature?, committer: Signature)
    {
        try FeatKit.git { () throws(GitError) in try credit(forDefinitionOf: identity, at: mergeCommit, path: path) }
    }
}
