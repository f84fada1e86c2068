import FeatModel
import FeatReport
import Foundation

/// A family of aggregation features written in one go (SPEC §10, "families without copies"):
/// `feat new NAME --windows 1d,7d --functions count,sum` writes one file per function and
/// window, each its own feature (history and verdicts stay per identity), named
/// `NAME_<function>_<window>` (`user_txn_count_7d`); with only windows `NAME_<window>`, with
/// only functions `NAME_<function>`.
public struct FeatureFamily: Sendable, Hashable {
    /// One feature of the family: its name and what its aggregation says.
    public struct Member: Sendable, Hashable {
        public var name: String
        public var function: String?
        public var window: String?
    }

    public var name: String
    /// Functions first, then windows: `count_1d`, `count_7d`, `sum_1d`, …
    public var members: [Member]

    /// The family of `name` over the windows and functions as written on the command line
    /// (comma-separated); each problem with them as one sentence, and no family, when any.
    public static func plan(name: String, windows: String?, functions: String?) -> Result<FeatureFamily, Problems> {
        var problems: [String] = []
        let windowList = words(windows)
        let functionList = words(functions)
        if windows != nil, windowList.isEmpty { problems.append("--windows names no window (give 1d,7d,30d)") }
        if functions != nil, functionList.isEmpty {
            problems.append("--functions names no function (give count,sum)")
        }
        var seenWindows: [(text: String, seconds: Int64?)] = []
        for window in windowList {
            let seconds: Int64?
            if window == "lifetime" {
                seconds = nil
            } else if let d = FeatureDuration(window), d.seconds > 0 {
                seconds = d.seconds
            } else {
                problems.append(
                    "--windows '\(window)' is not a window: a duration of 1 or more with a unit s, m, h, d or w (7d), "
                        + "or lifetime")
                continue
            }
            if let same = seenWindows.first(where: { $0.text == window || ($0.seconds != nil && $0.seconds == seconds) }
            ) {
                problems.append(
                    same.text == window
                        ? "--windows names \(window) twice" : "--windows \(same.text) and \(window) are the same window"
                )
                continue
            }
            seenWindows.append((window, seconds))
        }
        var seenFunctions: [String] = []
        for function in functionList {
            guard FeatureSchema.aggregationFunctions.contains(function) else {
                problems.append(
                    "--functions '\(function)' is not an aggregation function"
                        + "\(Suggestion.hint(for: function, in: FeatureSchema.aggregationFunctions)); functions are "
                        + FeatureSchema.aggregationFunctions.joined(separator: ", "))
                continue
            }
            if let why = ownFileOnly[function] {
                problems.append(
                    "--functions \(function) \(why): write it on its own (feat new NAME --kind aggregation)")
                continue
            }
            if seenFunctions.contains(function) {
                problems.append("--functions names \(function) twice")
                continue
            }
            seenFunctions.append(function)
        }
        let functionsOrNone: [String?] = seenFunctions.isEmpty ? [nil] : seenFunctions
        let windowsOrNone: [String?] = seenWindows.isEmpty ? [nil] : seenWindows.map(\.text)
        var members: [Member] = []
        for function in functionsOrNone {
            for window in windowsOrNone {
                let member = ([name] + [function, window].compactMap { $0 }).joined(separator: "_")
                members.append(Member(name: member, function: function, window: window))
            }
        }
        if problems.isEmpty {
            for member in members where !FeatureName.isValid(member.name) {
                problems.append(
                    "\(member.name) is not a feature name: at most \(FeatureName.maxLength) characters; shorten NAME")
            }
        }
        guard problems.isEmpty else { return .failure(Problems(lines: problems)) }
        return .success(FeatureFamily(name: name, members: members))
    }

    /// Problems with a family's windows or functions, one sentence each.
    public struct Problems: Error, Sendable, CustomStringConvertible {
        public var lines: [String]
        public var description: String {
            lines.count == 1
                ? lines[0]
                : "\(lines.count) problems with --windows and --functions:\n  " + lines.joined(separator: "\n  ")
        }
    }

    /// Functions a family does not write: each needs a parameter or a shape of its own.
    static let ownFileOnly: [String: String] = [
        "last_k": "needs params.k and gives a list<T>", "first_k": "needs params.k and gives a list<T>",
        "top_k": "needs params.k and gives a list<T>",
        "approx_percentile": "needs params.percentile or params.percentiles",
        "histogram": "fills a map (kind: map), not an aggregation",
    ]

    static func words(_ list: String?) -> [String] {
        (list ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The text of one member at the entry stage: the aggregation template with its
    /// `aggregation` line written out for the member's function and window.
    public func text(of member: Member, owner: String, stage: String, path: String) -> String {
        let template = Scaffold.newFeature(
            name: member.name, kind: .aggregation, owner: owner, stage: stage, path: path)
        var fields: [String] = []
        if let function = member.function { fields.append("function: \(function)") }
        if let window = member.window { fields.append("window: \(window)") }
        var line = "aggregation: {\(fields.joined(separator: ", "))}   # add column: (what it aggregates)"
        if members.count > 1 {
            line =
                "# one of the \(members.count) features of the family \(name): an edit to one is often an edit to all\n"
                + line
        }
        var lines = template.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if let example = lines.firstIndex(where: { $0.hasPrefix("# aggregation:") }) { lines.remove(at: example) }
        let at = lines.firstIndex { $0.hasPrefix("hypothesis:") }.map { $0 + 1 } ?? lines.count
        lines.insert(line, at: at)
        return lines.joined(separator: "\n")
    }
}

extension FeatureRepository {
    /// Writes every member of `family` into `folder` of the working tree, at the policy's entry
    /// stage; nothing is written when a member's name is taken by a feature of the catalog or
    /// its file exists (each such member one line of the error). Returns the paths written.
    public func newFamily(_ family: FeatureFamily, owner: String, folder: String) throws(FeatError) -> [String] {
        let root = try requireWorkingTree("new")
        let policy = try worktreePolicy()
        let features = try worktreeCatalog(policy: policy).features
        var problems: [String] = []
        var planned: [(path: String, text: String)] = []
        for member in family.members {
            let path = (folder.isEmpty ? "" : folder + "/") + member.name + ".yaml"
            if let existing = features.first(where: { $0.name == member.name }) {
                problems.append("\(existing.path) already holds feature \(member.name)")
            } else if FileManager.default.fileExists(atPath: root + "/" + path) {
                problems.append("\(path) already exists")
            }
            planned.append(
                (path, family.text(of: member, owner: owner, stage: policy.entryStages[0], path: path)))
        }
        guard problems.isEmpty else {
            throw .nothingWritten(
                for: "the family \(family.name) (\(family.members.count) features)", problems: problems)
        }
        for file in planned { try Scaffold.write(file.text, to: root + "/" + file.path) }
        return planned.map(\.path)
    }
}
