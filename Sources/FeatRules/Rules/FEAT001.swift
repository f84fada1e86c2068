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
        // Built once: every file's inputs are looked up in it.
        let existing =
            input.headFiles.contains { $0.feature?.featureInputs.isEmpty == false } ? input.allIdentities : []
        for file in input.headFiles {
            for problem in file.problems {
                diagnostics.report(
                    self, problem.message, path: file.path, line: problem.line, identity: file.feature?.identity,
                    atMost: problem.severity)
            }
            guard let feature = file.feature else { continue }
            // A placeholder (`tbd`, `unknown`) meets an obligation, and is the reviewer's cue.
            for problem in policy.placeholders(in: feature) {
                diagnostics.report(
                    self, problem.message, path: file.path, line: problem.line, identity: feature.identity,
                    atMost: .warning)
            }
            inputProblems(of: feature, existing: existing, input: input, into: &diagnostics)
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

    /// An input must name a feature that exists, and inputs may not form a cycle (SPEC §10).
    static func inputProblems(
        of feature: Feature, existing: Set<Identity>, input: CheckInput, into diagnostics: inout Diagnostics
    ) {
        guard !feature.featureInputs.isEmpty else { return }
        for entry in feature.featureInputs {
            guard let identity = entry.feature, !existing.contains(identity) else { continue }
            // Only for a missing input: built per feature, the names made every check quadratic.
            let names = Set(existing.map(\.feature))
            let hint =
                names.contains(identity.feature)
                ? " (that feature has other versions)" : Suggestion.hint(for: identity.feature, in: names)
            diagnostics.report(
                self, Message.missingInput(entry.path, identity, hint: hint), path: feature.path,
                line: entry.line ?? feature.line(of: "inputs"), identity: feature.identity, fields: [entry.path])
        }
        if let cycle = cycle(from: feature, catalog: input.catalog) {
            diagnostics.report(
                self, Message.cycle(cycle), path: feature.path, line: feature.line(of: "inputs"),
                identity: feature.identity, fields: ["inputs"])
        }
    }

    /// A path of inputs from `feature` back to itself, when there is one among the definitions
    /// known (each feature visited once).
    static func cycle(from feature: Feature, catalog: [Identity: Feature]) -> [Identity]? {
        var seen = Set<Identity>()
        func walk(_ current: Feature, _ path: [Identity]) -> [Identity]? {
            for next in current.featureInputs.compactMap(\.feature) {
                if next == feature.identity { return path + [next] }
                guard seen.insert(next).inserted, let definition = catalog[next] else { continue }
                if let found = walk(definition, path + [next]) { return found }
            }
            return nil
        }
        return walk(feature, [feature.identity])
    }

    enum Message {
        static func missingInput(_ path: String, _ identity: Identity, hint: String) -> String {
            "\(path) names \(identity), which does not exist\(hint); an input must be a feature of this repository"
        }
        static func cycle(_ path: [Identity]) -> String {
            "inputs form a cycle: " + path.map(\.description).joined(separator: " → ")
                + "; a feature cannot be derived from itself"
        }
        static func unknownStage(_ stage: String, _ known: [String]) -> String {
            "unknown stage '\(stage)'\(Suggestion.hint(for: stage, in: known)); the policy's stages are \(known.joined(separator: ", "))"
        }
    }
}
