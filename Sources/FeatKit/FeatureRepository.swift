import FeatGit
import FeatHistory
import FeatModel
import FeatReport
import Foundation
import GitID

/// A feature repository: the folder holding `.featurerepo/`, and the git repository around it.
public final class FeatureRepository {
    /// The feature-repo root on disk, or nil in a bare repository.
    public let root: String?
    /// The git repository, if there is one.
    public let git: Repository?
    /// The feature-repo root inside git trees: "" at the top, "sub/dir" in a monorepo.
    public let prefix: String

    public static let configPath = ".featurerepo/config.yaml"

    /// Each commit's tree, read once: every question about a revision starts from it.
    private var commitTrees: [ObjectID: ObjectID] = [:]
    /// Each config blob's policy, parsed once: a walk over history asks at every commit.
    private var policies: [ObjectID: Policy] = [:]
    /// What feature blobs mention, read from `.git/feat/` once per handle.
    private var blobFactsCache: BlobFacts?
    /// The feature files of a commit under a policy's folders, listed once: a diff asks for
    /// them to find derived features, submodules and references. At most four are kept.
    var featureEntryLists: [FeatureEntriesKey: [(path: String, entry: TreeEntry)]] = [:]
    /// The git links that differ below the feature folders between the two commits a diff
    /// compared last: the submodules it skips at its base follow from those at its head.
    var featureFolderGitlinks: FeatureFolderGitlinks?

    /// What consumer blobs declare, read from `.git/feat/` once per handle.
    private var consumerFactsCache: ConsumerFacts?

    /// The handle's remembered consumers, loaded at first use.
    func consumerFacts(_ repo: Repository) -> ConsumerFacts {
        if let consumerFactsCache { return consumerFactsCache }
        let cache = ConsumerFacts(repo: repo)
        consumerFactsCache = cache
        return cache
    }

    /// The handle's blob facts, loaded at first use.
    func blobFacts(_ repo: Repository) -> BlobFacts {
        if let blobFactsCache { return blobFactsCache }
        let cache = BlobFacts(repo: repo)
        blobFactsCache = cache
        return cache
    }

    init(root: String?, git: Repository?, prefix: String) {
        self.root = root
        self.git = git
        self.prefix = prefix
    }

    /// Finds the feature repository containing `directory`: the nearest `.featurerepo/`
    /// upwards, or, in a bare repository, the one at the top of HEAD's tree.
    public static func locate(from directory: String) throws(FeatError) -> FeatureRepository {
        let start = URL(fileURLWithPath: directory).standardizedFileURL.resolvingSymlinksInPath().path
        var dir = start
        while true {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: dir + "/.featurerepo", isDirectory: &isDir), isDir.boolValue {
                return try open(root: dir)
            }
            let parent = (dir as NSString).deletingLastPathComponent
            if parent == dir || parent.isEmpty { break }
            dir = parent
        }
        // A bare repository has no files on disk; its feature repo lives in the tree.
        if let repo = try? Repository.open(discoveringFrom: start), repo.isBare {
            let head = try FeatKit.git { () throws(GitError) in try repo.resolveCommit("HEAD") }
            let tree = try FeatKit.git { () throws(GitError) in try repo.commit(head).tree }
            if (try? repo.treeEntry(in: tree, path: ".featurerepo")) != nil {
                return FeatureRepository(root: nil, git: repo, prefix: "")
            }
        } else {
            do {
                _ = try Repository.open(discoveringFrom: start)
            } catch GitError.notTrusted(let path) {
                throw .git(.notTrusted(path: path))
            } catch {}
        }
        throw .notAFeatureRepository(path: start)
    }

    static func open(root: String) throws(FeatError) -> FeatureRepository {
        let repo: Repository
        do {
            repo = try Repository.open(discoveringFrom: root)
        } catch .notARepository {
            return FeatureRepository(root: root, git: nil, prefix: "")
        } catch {
            throw .git(error)
        }
        var prefix = ""
        if let workdir = repo.workdir {
            let top = URL(fileURLWithPath: workdir).standardizedFileURL.resolvingSymlinksInPath().path
            if root.hasPrefix(top + "/") { prefix = String(root.dropFirst(top.count + 1)) }
        }
        return FeatureRepository(root: root, git: repo, prefix: prefix)
    }

    /// The git repository, or the reason there is none.
    public func requireGit() throws(FeatError) -> Repository {
        guard let git else { throw .notAGitRepository(path: root ?? ".") }
        return git
    }

    /// The feature-repo root on disk, or an error in a bare repository.
    public func requireWorkingTree(_ command: String) throws(FeatError) -> String {
        guard let root else { throw .needsWorkingTree(command: command) }
        return root
    }

    /// A path relative to the feature root, as a path inside git trees.
    public func treePath(_ path: String) -> String {
        FeatureFolder.treePath(path, prefix: prefix)
    }

    // MARK: policy

    /// The policy in the working tree.
    public func worktreePolicy() throws(FeatError) -> Policy {
        guard let root else { return try policy(at: try resolve("HEAD")) }
        let path = root + "/" + Self.configPath
        guard FileManager.default.fileExists(atPath: path) else { return .standard }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .io(path: Self.configPath, message: "cannot be read")
        }
        return try parsePolicy([UInt8](data))
    }

    /// The policy as committed at a revision; the SPEC defaults when there is none.
    public func policy(at commit: ObjectID) throws(FeatError) -> Policy {
        guard let entry = try entry(Self.configPath, at: commit), entry.kind == .blob else { return .standard }
        return try policy(configBlob: entry.id)
    }

    /// The policy a config blob holds (nil: no config file, the standard policy), parsed once.
    func policy(configBlob blob: ObjectID?) throws(FeatError) -> Policy {
        guard let blob else { return .standard }
        if let known = policies[blob] { return known }
        let repo = try requireGit()
        let policy = try parsePolicy(try FeatKit.git { () throws(GitError) in try repo.blob(blob) })
        policies[blob] = policy
        return policy
    }

    /// The policy that judges a pull request: the base tip's. When it has problems, the
    /// error names it as the base's (`<sha>:.featurerepo/config.yaml:LINE`), since the
    /// pull request's own copy may well be sound and still cannot be used.
    public func basePolicy(at baseTip: ObjectID) throws(FeatError) -> Policy {
        do {
            return try policy(at: baseTip)
        } catch {
            guard case .invalidConfig(_, let line, let message) = error else { throw error }
            let at = String(baseTip.description.prefix(12)) + ":" + treePath(Self.configPath)
            throw .invalidBaseConfig(path: at, line: line, message: message)
        }
    }

    func parsePolicy(_ bytes: [UInt8]) throws(FeatError) -> Policy {
        do {
            return try PolicyParser.parse(bytes)
        } catch {
            throw .invalidConfig(path: Self.configPath, line: error.line, message: error.message)
        }
    }

    // MARK: revisions

    /// Resolves a revision to a commit.
    public func resolve(_ revision: String) throws(FeatError) -> ObjectID {
        let repo = try requireGit()
        return try FeatKit.git { () throws(GitError) in try repo.resolveCommit(revision) }
    }
}

// MARK: a revision's files

extension FeatureRepository {
    /// The tree of a commit, read once per commit and remembered.
    func tree(of commit: ObjectID) throws(FeatError) -> ObjectID {
        if let known = commitTrees[commit] { return known }
        let repo = try requireGit()
        let tree = try FeatKit.git { () throws(GitError) in try repo.commit(commit).tree }
        commitTrees[commit] = tree
        return tree
    }

    /// The entry at a path relative to the feature root, at a commit; nil when absent.
    func entry(_ path: String, at commit: ObjectID) throws(FeatError) -> TreeEntry? {
        let repo = try requireGit()
        let tree = try tree(of: commit)
        let location = path.isEmpty ? prefix : treePath(path)
        return try FeatKit.git { () throws(GitError) in try repo.treeEntry(in: tree, path: location) }
    }

    /// The tree of a folder relative to the feature root ("" for the root itself), at a
    /// commit; nil when absent or not a folder.
    func folderTree(_ folder: String, at commit: ObjectID) throws(FeatError) -> ObjectID? {
        if folder.isEmpty, prefix.isEmpty { return try tree(of: commit) }
        return try entry(folder, at: commit).flatMap { $0.kind == .tree ? $0.id : nil }
    }

    /// The bytes of a file relative to the feature root, at a commit; nil when absent or not a file.
    func file(_ path: String, at commit: ObjectID) throws(FeatError) -> [UInt8]? {
        guard let entry = try entry(path, at: commit), entry.kind == .blob else { return nil }
        let repo = try requireGit()
        return try FeatKit.git { () throws(GitError) in try repo.blob(entry.id) }
    }
}

/// The git links (submodules) that differ between two commits below some feature folders
/// (outermost, relative to the feature root), as a diff's comparison of those folders found them.
struct FeatureFolderGitlinks {
    var base: ObjectID
    var head: ObjectID
    var folders: [String]
    var changed: [BlobChange]
}
