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

/// Which consumer files to parse when only one consumer is looked for: a file that declares
/// `name` holds its bytes (or writes them with a YAML escape, a backslash), and a file named
/// after it is read too, so that a broken one can be named.
struct ConsumerNeedle: Sendable {
    let name: String
    let bytes: [UInt8]

    init(_ name: String) {
        self.name = name
        self.bytes = Array(name.utf8)
    }

    func mayDeclare(_ content: [UInt8], path: String) -> Bool {
        content.contains(subsequence: bytes) || content.contains(0x5C)
            || (path as NSString).lastPathComponent.hasPrefix(name + ".")
    }
}

extension FeatureRepository {
    /// The consumers as committed at `commit`, from the folders of `policy`; with `mentioning`,
    /// only the files that can declare that consumer are parsed and listed.
    public func consumerCatalog(at commit: ObjectID, policy: Policy, mentioning name: String? = nil)
        throws(FeatError) -> ConsumerCatalog
    {
        let needle = name.map(ConsumerNeedle.init)
        let repo = try requireGit()
        var blobs: [(path: String, id: ObjectID)] = []
        for folder in Policy.outermost(policy.consumerFolders) {
            guard let tree = try folderTree(folder, at: commit) else { continue }
            try FeatKit.git { () throws(GitError) in
                try repo.walkBlobs(tree, prefix: folder) { path, entry throws(GitError) in
                    if entry.kind == .blob, policy.isConsumerDeclaration(path) { blobs.append((path, entry.id)) }
                }
            }
        }
        // A file remembered as a consumer without problems is not read again (`ConsumerFacts`).
        let facts = consumerFacts(repo)
        var files: [ParsedConsumer] = []
        var unknown: [(path: String, id: ObjectID)] = []
        for blob in blobs {
            guard let known = facts.consumer(blob.id, path: blob.path) else {
                unknown.append(blob)
                continue
            }
            if let name, known.consumer?.name != name { continue }
            files.append(known)
        }
        let read = try readBlobs(unknown) { bytes, path, _ -> ParsedConsumer? in
            if let needle, !needle.mayDeclare(bytes, path: path) { return nil }
            return ConsumerParser.parse(bytes, path: path)
        }
        for (blob, file) in zip(unknown, read) {
            guard let file else { continue }
            facts.remember(blob.id, file)
            files.append(file)
        }
        facts.save()
        return ConsumerCatalog(files: files)
    }

    /// The consumers in the working tree (files on disk, committed or not); with `mentioning`,
    /// only the files that can declare that consumer.
    public func worktreeConsumerCatalog(policy: Policy, mentioning name: String? = nil) throws(FeatError)
        -> ConsumerCatalog
    {
        let root = try requireWorkingTree("consumers")
        let needle = name.map(ConsumerNeedle.init)
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
                let bytes = [UInt8](data)
                if let needle, !needle.mayDeclare(bytes, path: path) { continue }
                files.append(ConsumerParser.parse(bytes, path: path))
            }
        }
        return ConsumerCatalog(files: files)
    }
}
