import FeatModel

/// A change to `.featurerepo/` is reported for review; the pull request is still judged by the base's policy.
///
/// The policy decides what every later pull request must meet, so changing it deserves its
/// own review. It takes effect once merged: the pull request that changes it cannot use
/// it to judge itself.
public enum FEAT008: Rule {
    public static let id = "FEAT008"
    public static let title = "policy changes"
    public static let purpose = "A change to .featurerepo/ is reported for review; the pull request is still judged by the base's policy."
    public static let details = "The policy decides what every later pull request must meet, so changing it deserves its own review. It takes effect once merged: the pull request that changes it cannot use it to judge itself."
    public static let defaultSeverity = Severity.warning

    public static func check(_ input: CheckInput, into diagnostics: inout Diagnostics) {
        for (i, path) in input.configChanges.sorted().enumerated() {
            let problem = i == 0 ? input.headConfigProblem : nil
            diagnostics.report(self, Message.changed(path, problem: problem), path: path, line: nil, identity: nil)
        }
    }

    enum Message {
        static func changed(_ path: String, problem: String?) -> String {
            var text = "\(path) changed: the policy is reviewed with this pull request and applies once merged; this check used the base's policy"
            if let problem { text += " (the new config does not parse: \(problem))" }
            return text
        }
    }
}
