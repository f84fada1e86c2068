import GitID

/// One commit of a first-parent walk: only ids, so a long walk stays small in memory.
public struct FirstParentStep: Sendable, Hashable {
    public var commit: ObjectID
    public var tree: ObjectID
    /// The author's name and email (not its time), kept from the walk so that transitions
    /// need not read the commit again; one shared copy per distinct author.
    public var author: Signature
    /// The committer date, seconds since the epoch.
    public var time: Int64
    /// A merge commit (more than one parent): its changes were made on the merged side.
    public var isMerge: Bool

    public init(commit: ObjectID, tree: ObjectID, author: Signature, time: Int64, isMerge: Bool = false) {
        self.commit = commit
        self.tree = tree
        self.author = author
        self.time = time
        self.isMerge = isMerge
    }
}

/// The first-parent chain from a commit back to the root, or to a shallow boundary.
public struct FirstParentHistory: Sendable {
    /// Oldest first.
    public var steps: [FirstParentStep]
    /// The oldest commit present when the clone is shallow and its parent is missing.
    public var shallowBoundary: ObjectID?
}

extension Repository {
    /// Walks first parents from `head` by hand: libgit2 1.5's revwalk breaks on shallow
    /// clones. Stops cleanly where the parent is listed in `shallow` or is missing.
    /// `stop` may end the walk early (it sees each commit, newest first).
    public func firstParentHistory(from head: ObjectID, stop: ((FirstParentStep) -> Bool)? = nil)
        throws(GitError) -> FirstParentHistory
    {
        var steps: [FirstParentStep] = []
        var boundary: ObjectID?
        var next: ObjectID? = head
        let shallow = shallowBoundary
        // A history has few authors: share one copy of each, not one per commit.
        var authors = Set<Signature>()
        while let id = next {
            var (step, parent) = try firstParentStep(id)
            let author = Signature(name: step.author.name, email: step.author.email, time: 0)
            if let index = authors.firstIndex(of: author) {
                step.author = authors[index]
            } else {
                authors.insert(author)
                step.author = author
            }
            steps.append(step)
            if let stop, stop(step) { break }
            if shallow.contains(id) {
                boundary = id
                break
            }
            next = parent
        }
        steps.reverse()
        return FirstParentHistory(steps: steps, shallowBoundary: boundary)
    }
}
