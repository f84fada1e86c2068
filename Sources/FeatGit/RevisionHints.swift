import CLibgit2

/// What to do about a revision that does not resolve: the closest branch or tag, a remote
/// that does not exist, a branch a single-branch or shallow clone never fetched, or a date
/// written another way than ISO 8601.
public enum RevisionHint: Sendable, Equatable {
    /// A branch, tag or remote-tracking branch a typo away: `mian` → `main`.
    case didYouMean(String)
    /// Anything else, as one clause: what is wrong and the command that mends it.
    case advice(String)

    /// The text after `unknown revision 'REV'`.
    var suffix: String {
        switch self {
        case .didYouMean(let name): return " (did you mean '\(name)'?)"
        case .advice(let clause): return ": " + clause
        }
    }

    /// The hint for a revision text written like a date, but not as ISO 8601 (`05/09/2026`,
    /// `2026/05/09`, `9.5.2026`), or nil. Only the digits are moved: the day-or-month question
    /// is answered both ways when both readings are possible. Dates themselves are read by
    /// feat's one date reader; this only recognises what is not one.
    public static func date(_ text: String) -> RevisionHint? {
        let separators: Set<Character> = ["/", "."]
        guard let separator = text.first(where: { separators.contains($0) }) else { return nil }
        let parts = text.split(separator: separator, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3,
            parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) })
        else { return nil }
        let lengths = parts.map(\.count)
        func two(_ s: String) -> String { s.count == 1 ? "0" + s : s }
        let example: String
        if lengths[0] == 4, lengths[1] <= 2, lengths[2] <= 2 {
            example = "\(parts[0])-\(two(parts[1]))-\(two(parts[2]))"
        } else if lengths[0] <= 2, lengths[1] <= 2, lengths[2] == 4, let a = Int(parts[0]), let b = Int(parts[1]) {
            let year = parts[2]
            let monthFirst = "\(year)-\(two(parts[0]))-\(two(parts[1]))"
            let dayFirst = "\(year)-\(two(parts[1]))-\(two(parts[0]))"
            switch (a <= 12, b <= 12) {
            case (true, true) where a != b:
                return .advice(
                    "dates are written ISO 8601, year first: \(monthFirst) or \(monthFirst)T12:00 "
                        + "(\(dayFirst) if \(parts[0]) is the day)")
            case (true, _): example = monthFirst
            case (false, true): example = dayFirst
            case (false, false): return nil
            }
        } else {
            return nil
        }
        return .advice("dates are written ISO 8601, year first: \(example) or \(example)T12:00")
    }
}

extension Repository {
    /// Why `revision` did not resolve and what to do, or nil when there is nothing useful to say.
    public func revisionHint(for revision: String) -> RevisionHint? {
        if let date = RevisionHint.date(revision) { return date }
        // `mian~2` is about `mian`: hint at the name, then put the suffix back.
        let cut = revision.firstIndex(where: { "~^@:".contains($0) }) ?? revision.endIndex
        let name = String(revision[..<cut])
        let suffix = String(revision[cut...])
        guard !name.isEmpty, !resolves(name) else { return nil }
        let refs = referenceNames()
        if let close = RevisionHint.closest(to: name, in: refs.branches + refs.tags + refs.remoteBranches) {
            return .didYouMean(close + suffix)
        }
        let remotes = remoteNames()
        let slash = name.firstIndex(of: "/")
        if let slash {
            let remote = String(name[..<slash])
            let branch = String(name[name.index(after: slash)...])
            let looksLikeBranchFolder = refs.branches.contains { $0.hasPrefix(remote + "/") }
            if !remotes.contains(remote), !looksLikeBranchFolder, !branch.isEmpty {
                return .advice(noRemote(remote, branch: branch, remotes: remotes, refs: refs, revision: revision))
            }
            if remotes.contains(remote), !branch.isEmpty {
                return .advice(notFetched(branch, from: remote, refs: refs))
            }
            return nil
        }
        // A plain name that only a remote has: `main` in a clone that never made a local main.
        for remote in remotes.sorted() {
            if refs.remoteBranches.contains("\(remote)/\(name)") {
                return .didYouMean("\(remote)/\(name)" + suffix)
            }
        }
        if let remote = remotes.sorted().first(where: { fetches($0, branch: name) == false }) {
            return .advice(notFetched(name, from: remote, refs: refs) + ", then name it \(remote)/\(name)")
        }
        return nil
    }

    private func noRemote(
        _ remote: String, branch: String, remotes: [String], refs: ReferenceNames, revision: String
    ) -> String {
        var text = "no remote '\(remote)' in this repository"
        if !remotes.isEmpty { text += " (its remotes: \(remotes.sorted().joined(separator: ", ")))" }
        let local = refs.branches.contains(branch) ? branch : nil
        if revision == "origin/main" {
            // The pre-commit hook's default base: the one a repository without a remote meets first.
            text += "; the pre-commit hook's default base is origin/main — pass --base \(local ?? "BRANCH")"
            text += " (in .pre-commit-config.yaml: args: [\(local ?? "BRANCH")])"
        } else if let local {
            text += "; the local branch is '\(local)'"
        }
        return text
    }

    /// A branch the remote has not given this clone: a single-branch clone (its fetch refspec
    /// names one branch, so `git fetch origin main` would not even make `origin/main`), a
    /// shallow one, or a branch not fetched (yet).
    private func notFetched(_ branch: String, from remote: String, refs: ReferenceNames) -> String {
        let shallow = !shallowBoundary.isEmpty
        let have = refs.remoteBranches.filter { $0.hasPrefix(remote + "/") }.map {
            String($0.dropFirst(remote.count + 1))
        }
        .sorted()
        let listed = have.prefix(5).map { "'\($0)'" }.joined(separator: ", ") + (have.count > 5 ? ", …" : "")
        let unshallow = shallow ? "--unshallow " : ""
        if fetches(remote, branch: branch) == false {
            let clone = shallow ? "the clone is shallow and has" : "the clone has"
            let only =
                have.isEmpty ? "no branch" : have.count == 1 ? "only branch \(listed)" : "only branches \(listed)"
            return "\(clone) \(only) of \(remote); fetch it: "
                + "git fetch \(unshallow)\(remote) \(branch):refs/remotes/\(remote)/\(branch)"
        }
        let known = have.isEmpty ? "" : " (its branches here: \(listed))"
        let depth = shallow ? " (the clone is shallow: git fetch --unshallow \(remote) \(branch))" : ""
        return "\(remote) has no branch '\(branch)' here\(known); fetch it: git fetch \(remote) \(branch)\(depth)"
    }

    private func resolves(_ name: String) -> Bool {
        var object: OpaquePointer?
        guard git_revparse_single(&object, handle, name) == 0 else { return false }
        git_object_free(object)
        return true
    }

    struct ReferenceNames {
        var branches: [String] = []
        var tags: [String] = []
        /// `origin/main`; never a remote's `HEAD`.
        var remoteBranches: [String] = []
    }

    /// The short names of every branch, tag and remote-tracking branch.
    func referenceNames() -> ReferenceNames {
        var names = ReferenceNames()
        for full in strings({ git_reference_list(&$0, handle) }) {
            if full.hasPrefix("refs/heads/") {
                names.branches.append(String(full.dropFirst("refs/heads/".count)))
            } else if full.hasPrefix("refs/tags/") {
                names.tags.append(String(full.dropFirst("refs/tags/".count)))
            } else if full.hasPrefix("refs/remotes/"), !full.hasSuffix("/HEAD") {
                names.remoteBranches.append(String(full.dropFirst("refs/remotes/".count)))
            }
        }
        return names
    }

    func remoteNames() -> [String] {
        strings { git_remote_list(&$0, handle) }
    }

    /// Whether the remote's fetch refspecs bring `refs/heads/<branch>` (nil: no such remote).
    func fetches(_ remote: String, branch: String) -> Bool? {
        var handle: OpaquePointer?
        guard git_remote_lookup(&handle, self.handle, remote) == 0, let handle else { return nil }
        defer { git_remote_free(handle) }
        for i in 0..<git_remote_refspec_count(handle) {
            guard let spec = git_remote_get_refspec(handle, i), git_refspec_direction(spec) == GIT_DIRECTION_FETCH
            else { continue }
            if git_refspec_src_matches(spec, "refs/heads/" + branch) == 1 { return true }
        }
        return false
    }

    private func strings(_ list: (inout git_strarray) -> Int32) -> [String] {
        var array = git_strarray()
        guard list(&array) == 0 else { return [] }
        defer { git_strarray_dispose(&array) }
        return (0..<array.count).compactMap { array.strings[$0].map { decodeLenient(UnsafePointer($0)) } }
    }
}

extension RevisionHint {
    /// The candidate nearest `word` in edit distance, if it is near enough to be a typo (the
    /// threshold of feat's other "did you mean"s); ties go to the alphabetically first.
    static func closest(to word: String, in candidates: [String]) -> String? {
        var best: (word: String, distance: Int)?
        for candidate in candidates {
            let d = distance(Array(word.lowercased().utf8), Array(candidate.lowercased().utf8))
            if let current = best, d > current.distance || (d == current.distance && candidate >= current.word) {
                continue
            }
            best = (candidate, d)
        }
        guard let best, best.distance <= max(2, word.count / 3), best.distance < word.count else { return nil }
        return best.word
    }

    private static func distance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
