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
        var result: [ParsedFile] = []
        for (path, entry) in try featureEntries(at: commit, policy: policy)
        where entry.kind == .blob && !skipped.contains(path) {
            let parsed = try FeatKit.git { () throws(GitError) -> ParsedFile? in
                let bytes = try repo.blob(entry.id)
                guard bytes.contains(subsequence: Self.inputsKey) else { return nil }
                return FeatureParser.parse(bytes, path: path)
            }
            if let parsed, parsed.feature?.featureInputs.isEmpty == false { result.append(parsed) }
        }
        return result
    }
}
