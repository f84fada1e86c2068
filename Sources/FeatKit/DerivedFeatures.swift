import FeatGit
import FeatModel
import GitID

extension FeatureRepository {
    /// The feature files at `commit` that are derived from other features (their `inputs`
    /// name some), except `skipped` paths: the files an input's change may reach (SPEC §10).
    /// Each blob is searched for `inputs` before it is parsed.
    func derivedFiles(at commit: ObjectID, policy: Policy, except skipped: Set<String>) throws(FeatError)
        -> [ParsedFile]
    {
        let repo = try requireGit()
        // Which blobs mention `inputs` at all is remembered (BlobFacts): most never do.
        let cache = blobFacts(repo)
        var result: [ParsedFile] = []
        for (path, entry) in try featureEntries(at: commit, policy: policy)
        where entry.kind == .blob && !skipped.contains(path) {
            let read = { () throws(FeatError) -> [UInt8] in
                try FeatKit.git { () throws(GitError) in try repo.blob(entry.id) }
            }
            let seen = try cache.mentions(.inputs, in: entry.id, read: read)
            guard seen.mentions else { continue }
            let bytes: [UInt8]
            if let known = seen.bytes { bytes = known } else { bytes = try read() }
            let parsed = FeatureParser.parse(bytes, path: path)
            if parsed.feature?.featureInputs.isEmpty == false { result.append(parsed) }
        }
        cache.save()
        return result
    }
}
