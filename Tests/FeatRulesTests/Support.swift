import FeatDiff
import FeatModel
import FeatRules
import Foundation

/// Before/after trees of feature files as text, parsed by the real parser and paired by
/// the real diff: the rules see exactly what `feat check` gives them.
struct Tree {
    var files: [String: String]

    init(_ files: [String: String] = [:]) { self.files = files }

    var parsed: [ParsedFile] {
        files.keys.sorted().map { FeatureParser.parse(Array(files[$0, default: ""].utf8), path: $0) }
    }
}

func day(_ text: String) -> Date {
    ISO8601DateFormatter().date(from: text.count == 10 ? text + "T12:00:00Z" : text) ?? Date(timeIntervalSince1970: 0)
}

/// Runs every rule on a pull request from `before` to `after`, as `feat check` does: the
/// files it changes are judged, the others count only for their identities.
func check(
    before: Tree, after: Tree, policy: Policy = .standard, now: String = "2026-03-01",
    entries: [Identity: StageEntry] = [:], configChanges: [String] = [], headPolicy: Policy? = nil,
    headConfigProblem: String? = nil
) -> [Violation] {
    let old = before.parsed
    let new = after.parsed
    let changedPaths = Set(before.files.keys).union(after.files.keys).filter { before.files[$0] != after.files[$0] }
    let changed = new.filter { changedPaths.contains($0.path) }
    var others: [String: Identity] = [:]
    for file in new where !changedPaths.contains(file.path) {
        if let f = file.feature { others[file.path] = f.identity }
    }
    let report = SemanticDiff.compare(
        before: old.filter { changedPaths.contains($0.path) }, after: changed, policy: policy)
    let input = CheckInput(
        policy: policy, headFiles: changed, otherIdentities: others,
        changes: PairedChange.pair(report),
        configChanges: configChanges, headConfigProblem: headConfigProblem, headPolicy: headPolicy,
        stageEntries: entries, now: day(now))
    return Checker.run(input).violations
}

/// A feature meeting the default obligations of its stage.
func yaml(
    _ name: String, stage: String, version: Int = 1, window: String = "7d", sunset: String = "2026-03-01",
    extra: String = ""
) -> String {
    let order = ["explore", "candidate", "shadow", "production", "deprecated"]
    let rank = order.firstIndex(of: stage) ?? 0
    var text =
        "feature: \(name)\nversion: \(version)\nstage: \(stage)\nkind: aggregation\nowner: o@example.com\nhypothesis: h.\n"
    if rank >= 1 {
        text += "description: d.\nevidence: [{date: 2026-01-02}]\nentity: [user_id]\ntype: int64\nsource: {table: t}\n"
        text += "aggregation: {function: count, column: id, window: \(window)}\n"
    }
    if rank >= 2 { text += "time: {event_time: ts, ttl: 1d}\nbackfill: {start: 2024-01-01}\nexpectations: {min: 0}\n" }
    if rank == 3 { text += "sla: {freshness: 1h}\nmonitoring: {drift: psi}\n" }
    if stage == "deprecated" { text += "deprecation: {reason: r, sunset: \(sunset)}\n" }
    return text + extra
}

extension Array where Element == Violation {
    var rules: [String] { map(\.rule) }
    func of(_ rule: String) -> [Violation] { filter { $0.rule == rule } }
}

extension Policy {
    func with(rules: [String: RuleSetting] = [:], notWaivable: Set<String> = []) -> Policy {
        var p = self
        p.rules = rules
        p.notWaivable = notWaivable
        return p
    }
}
