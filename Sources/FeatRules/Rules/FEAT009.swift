import FeatDiff
import FeatModel

/// A `version` (or `feature`) changed in place on an existing file is an identity change, reported as a removal plus an addition.
///
/// The old identity disappears for its consumers (and FEAT007 judges that removal); the
/// new one starts at the bottom of the ladder. Add a new version in a new file instead,
/// beside the old one.
public enum FEAT009: Rule {
    public static let id = "FEAT009"
    public static let title = "identity changed in place"
    public static let purpose =
        "A version (or feature) changed in place on an existing file is an identity change, reported as a removal plus an addition."
    public static let details =
        "The old identity disappears for its consumers (and FEAT007 judges that removal); the new one starts at the bottom of the ladder. Add a new version in a new file instead, beside the old one."
    public static let defaultSeverity = Severity.warning
    public static let scope = RuleScope.change
    public static let waivable = true

    public static func check(_ input: CheckInput, into diagnostics: inout Diagnostics) {
        let removed = input.changes.filter { $0.change.status == .removed }
        var removedAt: [String: Identity] = [:]
        for r in removed { removedAt[r.change.path] = r.identity }
        for c in input.changes where c.change.status == .added {
            guard let old = removedAt[c.change.path], let f = c.after else { continue }
            let field = old.feature == f.name ? "version" : "feature"
            diagnostics.report(
                self, Message.inPlace(old, f.identity), path: f.path, line: f.line(of: field) ?? f.line(of: "feature"),
                identity: f.identity, fields: [field])
        }
    }

    enum Message {
        static func inPlace(_ old: Identity, _ new: Identity) -> String {
            let what =
                old.feature == new.feature
                ? "version changed in place from \(old.version) to \(new.version)"
                : "feature renamed in place from \(old.feature) to \(new.feature)"
            return
                "\(what): this removes \(old.feature) v\(old.version) and adds \(new.feature) v\(new.version); keep the old file and add the new identity in a file of its own"
        }
    }
}
