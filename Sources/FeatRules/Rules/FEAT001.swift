import FeatModel

/// Every feature file parses and is well-formed: schema, names, types, a stage the policy knows, and sound waivers.
///
/// Checked on every feature file the pull request adds or changes; a file it does not touch
/// was judged when it last changed, and its problems do not block unrelated work. A broken
/// file is a finding with its line, never a reason for the check not to run. A waiver must
/// name a rule, give a reason and an `expires` day no more than `waiver_max_days` ahead; one
/// that cannot have an effect, or that has expired and excuses nothing, is a warning.
public enum FEAT001: Rule {
    public static let id = "FEAT001"
    public static let title = "well-formed feature files"
    public static let purpose =
        "Every feature file parses and is well-formed: schema, names, types, a stage the policy knows, and sound waivers."
    public static let details =
        "Checked on every feature file the pull request adds or changes; a file it does not touch was judged when it last changed, and its problems do not block unrelated work. A broken file is a finding with its line, never a reason for the check not to run. A waiver must name a rule, give a reason and an `expires` day no more than `waiver_max_days` ahead; one that cannot have an effect, or that has expired and excuses nothing, is a warning."
    public static let defaultSeverity = Severity.error
    public static let scope = RuleScope.state
    public static let waivable = true

    public static func check(_ input: CheckInput, into diagnostics: inout Diagnostics) {
        let policy = input.policy
        for file in input.headFiles {
            for problem in file.problems {
                diagnostics.report(
                    self, problem.message, path: file.path, line: problem.line, identity: file.feature?.identity,
                    atMost: problem.severity)
            }
            guard let feature = file.feature else { continue }
            for problem in Waivers.problems(in: feature, policy: policy, today: input.today) {
                diagnostics.report(
                    self, problem.message, path: file.path, line: problem.line, identity: feature.identity,
                    atMost: problem.severity)
            }
            guard policy.stage(feature.stage) == nil else { continue }
            diagnostics.report(
                self, Message.unknownStage(feature.stage, policy.stageNames), path: file.path,
                line: feature.line(of: "stage"), identity: feature.identity)
        }
    }

    enum Message {
        static func unknownStage(_ stage: String, _ known: [String]) -> String {
            "unknown stage '\(stage)'\(Suggestion.hint(for: stage, in: known)); the policy's stages are \(known.joined(separator: ", "))"
        }
    }
}
