import FeatGit
import FeatModel
import Foundation
import GitID

/// Submodules (git links) where feature files are read (SPEC §2): feat cannot judge what another
/// repository holds, so a submodule there is never read. Every listing reports it as a file
/// with `submoduleProblem`: `validate` (and `check`, for one the pull request adds or moves)
/// shows it as FEAT001, `list` as a file it does not list, and `diff` and `history` skip it
/// with a warning — so every command sees the same features.
extension FeatureRepository {
    /// What a submodule where feature files are read is, in every command.
    public static let submoduleProblem = Problem(
        .error, "a submodule inside a feature folder: feat cannot judge what another repository holds")

    /// The warning of a command that skips a submodule (`diff`, `history`).
    public static func submoduleWarning(_ path: String) -> String {
        "\(path): \(submoduleProblem.message); skipped"
    }

    /// Whether a submodule at `path` (relative to the feature root) hides feature files: it is
    /// a feature folder, holds one, or lies where a feature file directly inside it would be
    /// read (below a folder, not hidden, not in a consumers folder).
    static func holdsFeatures(_ path: String, policy: Policy) -> Bool {
        if policy.featureFolders.contains(where: { !$0.isEmpty && Policy.folder(path, contains: $0) }) { return true }
        return policy.isFeatureFile(path + "/feature.yaml")
    }

    /// The submodules that hide feature files at a commit, relative to the feature root.
    public func submodules(at commit: ObjectID, policy: Policy) throws(FeatError) -> [String] {
        try featureEntries(at: commit, policy: policy).compactMap { $0.entry.kind == .submodule ? $0.path : nil }
    }

    /// The submodules that `diff` or `history` skips, each once: those hiding feature files at
    /// `base` and at `head` (nil: the working tree), each side under its own policy.
    public func skippedSubmodules(base: ObjectID?, head: ObjectID?) throws(FeatError) -> [String] {
        var paths = Set<String>()
        if let base, let head, let known = try submodulesByChange(base: base, head: head) {
            paths = known
        } else {
            for commit in [base, head].compactMap(\.self) {
                paths.formUnion(try submodules(at: commit, policy: try policy(at: commit)))
            }
        }
        if head == nil {
            let found = worktreeFeaturePaths(policy: try worktreePolicy())
            paths.formUnion(found.unreadable.filter(\.isSubmodule).map(\.path))
        }
        return paths.sorted()
    }

    /// The submodules hiding feature files at `base` or at `head`, from those at `head` and
    /// the git links that the last diff of these two commits found changed below the feature
    /// folders: a submodule at `base` is either the same entry at `head` or one of those, so
    /// `base` need not be walked. nil (walk both) unless the diff compared exactly these
    /// folders, both sides have the same folders, and each folder is a folder on both sides.
    func submodulesByChange(base: ObjectID, head: ObjectID) throws(FeatError) -> Set<String>? {
        guard let known = featureFolderGitlinks, known.base == base, known.head == head else { return nil }
        let (old, new) = (try policy(at: base), try policy(at: head))
        guard old.featureFolders == new.featureFolders, old.consumerFolders == new.consumerFolders,
            known.folders == Policy.outermost(new.featureFolders)
        else { return nil }
        for folder in known.folders {
            // A folder missing on one side may be hidden by a submodule above it: walked as before.
            guard try folderTree(folder, at: base) != nil, try folderTree(folder, at: head) != nil else { return nil }
        }
        var paths = Set(try submodules(at: head, policy: new))
        for change in known.changed where change.old != nil && Self.holdsFeatures(change.path, policy: old) {
            paths.insert(change.path)
        }
        return paths
    }

    /// The git link holding a feature folder (the folder itself or a folder above it) at a
    /// commit, with its path relative to the feature root; nil when there is none.
    func gitlink(holding folder: String, at commit: ObjectID) throws(FeatError) -> (path: String, entry: TreeEntry)? {
        var path = ""
        for part in folder.split(separator: "/") {
            path = path.isEmpty ? String(part) : path + "/" + part
            guard let entry = try entry(path, at: commit) else { return nil }
            if entry.kind == .submodule { return (path, entry) }
            guard entry.kind == .tree else { return nil }
        }
        return nil
    }

    /// The submodules a change from `base` to `head` adds where feature files are read, or
    /// moves there, as the files `check` judges with FEAT001: a git link at `head` that hides
    /// features under `new` where `base` had none hiding features under `old` (a submodule
    /// updated in place is not this rule's business; one the policy's folders newly reach is).
    public func addedSubmodules(old: Policy, new: Policy, from base: ObjectID, to head: ObjectID) throws(FeatError)
        -> [ParsedFile]
    {
        let repo = try requireGit()
        var candidates = Set<String>()
        if old.featureFolders != new.featureFolders || old.consumerFolders != new.consumerFolders {
            candidates.formUnion(try submodules(at: head, policy: new))
        } else {
            for folder in Policy.outermost(new.featureFolders) {
                if let link = try gitlink(holding: folder, at: head) { candidates.insert(link.path) }
                let (a, b) = (try folderTree(folder, at: base), try folderTree(folder, at: head))
                try FeatKit.git { () throws(GitError) in
                    try repo.addedGitlinks(from: a, to: b, prefix: folder) { path in
                        if Self.holdsFeatures(path, policy: new) { candidates.insert(path) }
                    }
                }
            }
        }
        var result: [ParsedFile] = []
        for path in candidates.sorted() {
            if try entry(path, at: base)?.kind == .submodule, Self.holdsFeatures(path, policy: old) { continue }
            result.append(ParsedFile(path: path, feature: nil, problems: [Self.submoduleProblem]))
        }
        return result
    }
}

extension ParsedFile {
    /// Whether this listed file is a submodule where feature files are read: no file at all.
    public var isSubmodule: Bool {
        feature == nil && problems == [FeatureRepository.submoduleProblem]
    }
}
