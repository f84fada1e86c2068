import FeatModel

/// What one `feat check` run found.
public struct CheckOutcome: Sendable {
    /// Every finding, ordered by path, line and rule.
    public var violations: [Violation]
}

/// Runs every rule the policy leaves on, then applies waivers.
public enum Checker {
    public static func run(_ input: CheckInput) -> CheckOutcome {
        var diagnostics = Diagnostics(policy: input.policy)
        for rule in RuleRegistry.all where RuleRegistry.severity(of: rule, under: input.policy) != nil {
            rule.check(input, into: &diagnostics)
        }
        Waivers.apply(input, to: &diagnostics)
        let sorted = diagnostics.violations.sorted {
            ($0.path, $0.line ?? 0, $0.rule, $0.message) < ($1.path, $1.line ?? 0, $1.rule, $1.message)
        }
        return CheckOutcome(violations: sorted)
    }
}
