import FeatModel

/// What one `feat check` run found.
public struct CheckOutcome: Sendable {
    /// Every finding, ordered by path, line and rule; in a file whose identity changed in
    /// place, FEAT009 first, since it explains the rest.
    public var violations: [Violation]
}

/// Runs every rule the policy leaves on, then applies waivers: the one pipeline behind
/// `feat check` and (with the state rules only) `feat validate`.
public enum Checker {
    public static func run(_ input: CheckInput, rules: [any Rule.Type] = RuleRegistry.all) -> CheckOutcome {
        var diagnostics = Diagnostics(policy: input.policy)
        for rule in rules where RuleRegistry.severity(of: rule, under: input.policy) != nil {
            rule.check(input, into: &diagnostics)
        }
        Waivers.apply(input, to: &diagnostics)
        let sorted = diagnostics.violations.sorted {
            ($0.path, lead($0), $0.line ?? 0, $0.rule, $0.message) < (
                $1.path, lead($1), $1.line ?? 0, $1.rule, $1.message
            )
        }
        return CheckOutcome(violations: sorted)
    }

    /// 0 for the findings that lead their file: an identity changed in place explains why the
    /// file's old identity is removed and its new one is judged as new.
    static func lead(_ v: Violation) -> Int { v.rule == FEAT009.id ? 0 : 1 }
}
