import CLibgit2
import GitID

extension Repository {
    /// The id git gives a blob of these bytes (`git hash-object`), computed by libgit2 without
    /// writing anything: a file not committed yet is named by the blob it would become.
    public static func blobID(of bytes: [UInt8]) -> ObjectID? {
        _ = LibGit2.initialized
        var oid = git_oid()
        // An empty file still needs a valid pointer: libgit2 checks the argument, not the length.
        let buffer = bytes.isEmpty ? [UInt8(0)] : bytes
        let code = buffer.withUnsafeBytes { git_odb_hash(&oid, $0.baseAddress, bytes.count, GIT_OBJECT_BLOB) }
        return code == 0 ? ObjectID(oid) : nil
    }
}
