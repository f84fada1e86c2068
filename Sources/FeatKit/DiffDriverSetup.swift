import FeatGit
import FeatModel
import Foundation

extension FeatureRepository {
    /// Makes `git diff` and `git log -p` show semantic diffs of feature files: `.gitattributes`
    /// at the top of the git repository routes `*.yaml` and `*.yml` below the feature folders
    /// to the `feat` diff driver, and the repository's own config names the command
    /// (`diff.feat.command`), with the absolute path of `executable`. Lines already present are
    /// not added twice. Returns what was done, one line each.
    public func installDiffDriver(executable: String) throws(FeatError) -> [String] {
        let repo = try requireGit()
        guard let top = repo.workdir.map({ $0.hasSuffix("/") ? String($0.dropLast()) : $0 }) else {
            throw .needsWorkingTree(command: "init --diff-driver")
        }
        let policy = try worktreePolicy()
        let attributes = top + "/.gitattributes"
        let existing =
            FileManager.default.contents(atPath: attributes).map { String(decoding: $0, as: UTF8.self) } ?? ""
        let present = Set(existing.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) })
        var added: [String] = []
        for folder in policy.featureFolders {
            for suffix in ["yaml", "yml"] {
                let line = "\(treePath(folder))/**/*.\(suffix) diff=feat"
                if !present.contains(line) { added.append(line) }
            }
        }
        var done: [String] = []
        if !added.isEmpty {
            var text = existing
            if !text.isEmpty, !text.hasSuffix("\n") { text += "\n" }
            text += added.joined(separator: "\n") + "\n"
            try Scaffold.write(text, to: attributes)
            done.append("wrote .gitattributes: " + added.joined(separator: ", "))
        }
        // git runs the command through the shell: quote a path with spaces or shell characters.
        let safe = executable.allSatisfy { $0.isLetter || $0.isNumber || "/._-+".contains($0) }
        let quoted = safe ? executable : "'" + executable.replacingOccurrences(of: "'", with: "'\\''") + "'"
        let command = "\(quoted) git-diff-driver"
        try FeatKit.git { () throws(GitError) in try repo.setLocalConfigString("diff.feat.command", command) }
        done.append("set diff.feat.command to '\(command)' in this repository's git config")
        return done
    }
}
