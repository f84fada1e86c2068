import FeatModel
import FeatReport
import FeatRules
import Foundation

/// Checks working-tree files with the rules about a file's state (FEAT001–FEAT003), and
/// consumer files with FEAT011: the same pipeline, wording and waivers as `feat check`.
public enum Validation {
    /// Every problem in the files: parse and schema problems, unknown stages, waivers,
    /// duplicate identities (among `all`, every file of the catalog), and obligations the
    /// stage demands that are missing. Waivers are judged at `now`.
    public static func findings(
        _ files: [ParsedFile], policy: Policy, duplicatesAmong all: [ParsedFile]? = nil, now: Date = Date()
    ) -> [Finding] {
        let checked = Set(files.map(\.path))
        var others: [String: Identity] = [:]
        for file in all ?? [] where !checked.contains(file.path) {
            if let f = file.feature { others[file.path] = f.identity }
        }
        var input = CheckInput(policy: policy, headFiles: files, otherIdentities: others, changes: [], now: now)
        for f in ((all ?? []) + files).compactMap(\.feature) where input.catalog[f.identity] == nil {
            input.catalog[f.identity] = f
        }
        return Checker.run(input, rules: RuleRegistry.stateRules).violations.map { v in
            Finding(
                path: v.path, problem: Problem(v.severity, v.message, line: v.line), identity: v.identity, rule: v.rule,
                waiver: v.waiver)
        }
    }

    /// FEAT011 on consumer files of the working tree: the rule `feat check` runs on the
    /// consumer files a pull request adds or changes, run on `files` (every consumer file, or
    /// those named; `all` is every one) as if each were changed: well-formedness, every read of
    /// a consumer that is not retired naming a feature among `features`, and acknowledgements
    /// judged at `now` (too far ahead, expired, or for a feature it does not read).
    public static func consumerFindings(
        _ files: [ParsedConsumer], among all: [ParsedConsumer]? = nil, features: [ParsedFile], policy: Policy,
        now: Date = Date()
    ) -> [Finding] {
        var stages: [Identity: String] = [:]
        for f in features.compactMap(\.feature) where stages[f.identity] == nil { stages[f.identity] = f.stage }
        let view = ConsumerView(
            merged: all ?? files, changedPaths: Set(files.map(\.path)), mergedStages: stages)
        let input = CheckInput(policy: policy, headFiles: [], changes: [], now: now, consumers: view)
        return Checker.run(input, rules: [FEAT011.self]).violations.map { v in
            var finding = Finding(
                path: v.path, problem: Problem(v.severity, v.message, line: v.line), identity: v.identity, rule: v.rule,
                waiver: v.waiver)
            finding.consumer = v.consumer
            finding.inConsumerFile = true
            return finding
        }
    }
}
