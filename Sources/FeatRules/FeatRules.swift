import FeatModel

/// A graduation rule: a stable ID, a one-sentence purpose and a default severity, checked
/// over a pull request's already-paired features (SPEC §5).
///
/// Each rule lives in its own file under `Rules/`; its doc comment is its user
/// documentation and must say what `purpose` says (a test keeps them together).
public protocol Rule {
    /// `FEAT001` … `FEAT015`: stable, never reused.
    static var id: String { get }
    /// A few words naming the rule, for report headings and SARIF's `name`.
    static var title: String { get }
    /// One sentence: what the rule demands.
    static var purpose: String { get }
    /// The rest of its documentation: why it exists and how it decides.
    static var details: String { get }
    /// What its findings count as unless the config says otherwise.
    static var defaultSeverity: Severity { get }
    /// Whether it judges a file's state or what the pull request changes; this decides how
    /// long a waiver excuses its findings.
    static var scope: RuleScope { get }
    /// False when no waiver can excuse its findings.
    static var waivable: Bool { get }
    /// Reports every finding of this rule on the input.
    static func check(_ input: CheckInput, into diagnostics: inout Diagnostics)
}

/// What a rule looks at, which decides what a waiver for it excuses.
public enum RuleScope: String, Sendable, Hashable {
    /// The state of a feature file (well-formed, unique, meeting its stage): a waiver holds
    /// until it expires, and `feat validate` runs these rules too.
    case state
    /// What a pull request changes: a waiver excuses only the pull request that adds or edits it.
    case change
    /// The policy itself, which has no feature file to carry a waiver.
    case policy
}

/// Every rule, in ID order: the one list that `feat check`, `feat rules` and the docs read.
public enum RuleRegistry {
    public static var all: [any Rule.Type] {
        [
            FEAT001.self, FEAT002.self, FEAT003.self, FEAT004.self, FEAT005.self,
            FEAT006.self, FEAT007.self, FEAT008.self, FEAT009.self, FEAT010.self,
            FEAT011.self, FEAT012.self, FEAT013.self, FEAT014.self, FEAT015.self,
        ]
    }

    public static var ids: [String] { all.map { $0.id } }

    /// The rules about a file's state, which `feat validate` runs on the working tree.
    public static var stateRules: [any Rule.Type] { all.filter { $0.scope == .state } }

    /// `FEAT001–FEAT015`, for messages.
    static var idRange: String { "\(ids.first ?? "")–\(ids.last ?? "")" }

    public static func rule(_ id: String) -> (any Rule.Type)? { all.first { $0.id == id } }

    /// The severity a rule has under a policy: its default unless the config overrides it;
    /// nil when the config turns it off.
    public static func severity(of rule: any Rule.Type, under policy: Policy) -> Severity? {
        switch policy.rules[rule.id] {
        case .error?: return .error
        case .warning?: return .warning
        case .off?: return nil
        case nil: return rule.defaultSeverity
        }
    }
}
