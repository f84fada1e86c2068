import FeatModel
import FeatRules
import Foundation

/// Checks working-tree files with the rules about a file's state (FEAT001–FEAT003): the same
/// pipeline, wording and waivers as `feat check`.
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
        let input = CheckInput(policy: policy, headFiles: files, otherIdentities: others, changes: [], now: now)
        return Checker.run(input, rules: RuleRegistry.stateRules).violations.map { v in
            Finding(
                path: v.path, problem: Problem(v.severity, v.message, line: v.line), identity: v.identity, rule: v.rule,
                waiver: v.waiver)
        }
    }
}
