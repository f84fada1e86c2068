import FeatModel

/// Every added or changed feature meets all obligations of its stage and of every earlier stage.
///
/// Obligations come from the base policy. Features the pull request does not touch are
/// not judged again.
public enum FEAT003: Rule {
    public static let id = "FEAT003"
    public static let title = "stage obligations"
    public static let purpose = "Every added or changed feature meets all obligations of its stage and of every earlier stage."
    public static let details = "Obligations come from the base policy. Features the pull request does not touch are not judged again."
    public static let defaultSeverity = Severity.error

    public static func check(_ input: CheckInput, into diagnostics: inout Diagnostics) {
        let policy = input.policy
        for c in input.changes {
            guard let f = c.after, policy.stage(f.stage) != nil else { continue }
            for o in policy.missing(for: f) {
                diagnostics.report(
                    self, Message.missing(f.stage, o), path: f.path, line: f.line(of: o.field) ?? f.line(of: "stage"),
                    identity: f.identity)
            }
        }
    }

    enum Message {
        static func missing(_ stage: String, _ obligation: Obligation) -> String {
            "stage \(stage) requires \(obligation)"
        }
    }
}
