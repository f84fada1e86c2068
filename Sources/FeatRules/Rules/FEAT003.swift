import FeatModel

/// Every added or changed feature meets all obligations of its stage and of every earlier stage.
///
/// Obligations come from the base policy. One finding per feature lists every missing field,
/// at the first missing field's line (or the stage's). Features the pull request does not
/// touch are not judged again.
public enum FEAT003: Rule {
    public static let id = "FEAT003"
    public static let title = "stage obligations"
    public static let purpose =
        "Every added or changed feature meets all obligations of its stage and of every earlier stage."
    public static let details =
        "Obligations come from the base policy. One finding per feature lists every missing field, at the first missing field's line (or the stage's). Features the pull request does not touch are not judged again."
    public static let defaultSeverity = Severity.error
    public static let scope = RuleScope.state
    public static let waivable = true

    public static func check(_ input: CheckInput, into diagnostics: inout Diagnostics) {
        let policy = input.policy
        for file in input.headFiles {
            guard let f = file.feature, policy.stage(f.stage) != nil else { continue }
            // Obligations met through inputs (an input's event time, along a chain) count.
            let catalog = input.catalog
            let missing = policy.missing(for: f, resolvingInputs: { catalog[$0] })
            guard let first = missing.first else { continue }
            let line =
                missing.lazy.compactMap { f.lines[$0.field] }.first ?? f.line(of: "stage") ?? f.line(of: first.field)
            diagnostics.report(
                self, Message.missing(f.stage, missing), path: f.path, line: line, identity: f.identity,
                fields: missing.map(\.field))
        }
    }

    enum Message {
        static func missing(_ stage: String, _ obligations: [Obligation]) -> String {
            "stage \(stage) requires \(obligations.map(\.description).joined(separator: ", "))"
        }
    }
}
