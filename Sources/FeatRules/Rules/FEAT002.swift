import FeatModel

/// Identities `(feature, version)` are unique across the catalog.
///
/// Two files with one identity make every consumer guess which one is meant. A file the
/// pull request adds or changes is reported when its identity is already taken: by a file
/// it does not touch, or by another changed file earlier by path.
public enum FEAT002: Rule {
    public static let id = "FEAT002"
    public static let title = "unique identities"
    public static let purpose = "Identities (feature, version) are unique across the catalog."
    public static let details =
        "Two files with one identity make every consumer guess which one is meant. A file the pull request adds or changes is reported when its identity is already taken: by a file it does not touch, or by another changed file earlier by path."
    public static let defaultSeverity = Severity.error
    public static let scope = RuleScope.state
    public static let waivable = true

    public static func check(_ input: CheckInput, into diagnostics: inout Diagnostics) {
        var first: [Identity: String] = [:]
        for (path, identity) in input.otherIdentities where first[identity].map({ path < $0 }) ?? true {
            first[identity] = path
        }
        for file in input.headFiles.sorted(by: { $0.path < $1.path }) {
            guard let f = file.feature else { continue }
            if let other = first[f.identity] {
                diagnostics.report(
                    self, Message.duplicate(f.identity, other), path: f.path, line: f.line(of: "feature"),
                    identity: f.identity)
            } else {
                first[f.identity] = f.path
            }
        }
    }

    enum Message {
        static func duplicate(_ identity: Identity, _ other: String) -> String {
            "\(identity.feature) version \(identity.version) is already defined in \(other); give this file a new version or remove it"
        }
    }
}
