import FeatGit
import FeatModel
import Foundation
import GitID

/// The consumer declarations of a revision or of the working tree (SPEC §8).
public struct ConsumerCatalog: Sendable {
    /// Every consumer file below the policy's consumer folders, by path.
    public var files: [ParsedConsumer]

    public var consumers: [Consumer] { files.compactMap(\.consumer) }

    /// The consumers that read a feature.
    public func readers(of identity: Identity) -> [Consumer] { consumers.filter { $0.reads(identity) } }

    public init(files: [ParsedConsumer]) { self.files = files.sorted { $0.path < $1.path } }
}

extension Policy {
    /// Whether a path below a consumers folder names a consumer declaration: a `.yaml` or
    /// `.yml` file, not hidden (locks are `.lock.json` beside them).
    public func isConsumerDeclaration(_ path: String) -> Bool {
        consumerFolders.contains { folder in
            guard Policy.folder(folder, contains: path), path != folder else { return false }
            let inside = folder.isEmpty ? path[...] : path.dropFirst(folder.count + 1)
            return Policy.isFeatureFile(relativeToFolder: inside)
        }
    }
}

extension FeatureRepository {
    /// The consumers as committed at `commit`, from the folders of `policy`.
    public func consumerCatalog(at commit: ObjectID, policy: Policy) throws(FeatError) -> ConsumerCatalog {
        let repo = try requireGit()
        var files: [ParsedConsumer] = []
        for folder in Policy.outermost(policy.consumerFolders) {
            guard let tree = try folderTree(folder, at: commit) else { continue }
            try FeatKit.git { () throws(GitError) in
                try repo.walkBlobs(tree, prefix: folder) { path, entry throws(GitError) in
                    guard entry.kind == .blob, policy.isConsumerDeclaration(path) else { return }
                    files.append(ConsumerParser.parse(try repo.blob(entry.id), path: path))
                }
            }
        }
        return ConsumerCatalog(files: files)
    }

    /// The consumers in the working tree (files on disk, committed or not).
    public func worktreeConsumerCatalog(policy: Policy) throws(FeatError) -> ConsumerCatalog {
        let root = try requireWorkingTree("consumers")
        var files: [ParsedConsumer] = []
        let fm = FileManager.default
        for folder in Policy.outermost(policy.consumerFolders) {
            guard let walker = fm.enumerator(atPath: root + "/" + folder) else { continue }
            while let next = walker.nextObject() as? String {
                let path = folder.isEmpty ? next : folder + "/" + next
                guard policy.isConsumerDeclaration(path) else { continue }
                var info = stat()
                guard lstat(root + "/" + path, &info) == 0, info.st_mode & S_IFMT == S_IFREG,
                    let data = fm.contents(atPath: root + "/" + path)
                else { continue }
                files.append(ConsumerParser.parse([UInt8](data), path: path))
            }
        }
        return ConsumerCatalog(files: files)
    }
}
