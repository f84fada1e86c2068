import FeatModel

/// Consumer files are well-formed, and every read of a consumer that is not retired names a feature that exists in the merge result.
///
/// A consumer file is checked as strictly as a feature file: unknown keys with a "did you
/// mean", names, stages, acknowledgements with a feature, an impact and a reason, and an
/// `expires` no further ahead than `waiver_max_days`. In a pull request it judges the
/// consumer files the pull request adds or changes, and every consumer whose read the pull
/// request breaks by removing or renaming what it reads. An acknowledgement for a feature the
/// consumer does not read, or past its `expires`, is a warning asking to remove it.
public enum FEAT011: Rule {
    public static let id = "FEAT011"
    public static let title = "well-formed consumers"
    public static let purpose =
        "Consumer files are well-formed, and every read of a consumer that is not retired names a feature that exists in the merge result."
    public static let details =
        "A consumer file is checked as strictly as a feature file: unknown keys with a \"did you mean\", names, stages, acknowledgements with a feature, an impact and a reason, and an `expires` no further ahead than `waiver_max_days`. In a pull request it judges the consumer files the pull request adds or changes, and every consumer whose read the pull request breaks by removing or renaming what it reads. An acknowledgement for a feature the consumer does not read, or past its `expires`, is a warning asking to remove it."
    public static let defaultSeverity = Severity.error
    public static let scope = RuleScope.change
    public static let waivable = false

    public static func check(_ input: CheckInput, into diagnostics: inout Diagnostics) {
        let view = input.consumers
        let gone = Set(input.changes.filter { $0.after == nil }.map(\.identity))
        let existing = Set(view.mergedStages.keys)
        let names = Set(existing.map(\.feature))
        var declared: [String: String] = [:]
        for file in view.merged {
            guard let c = file.consumer else { continue }
            if let first = declared[c.name] {
                diagnostics.report(
                    self, Message.duplicate(c.name, first: first), path: c.path, line: c.lines["consumer"],
                    identity: nil, consumer: c)
            } else {
                declared[c.name] = c.path
            }
        }
        for file in view.merged {
            let changed = view.changedPaths.contains(file.path)
            if changed, file.consumer == nil || !file.problems.isEmpty {
                for problem in file.problems {
                    var v = Violation(
                        rule: id, severity: problem.severity, identity: nil, path: file.path, line: problem.line,
                        message: problem.message)
                    v.consumer = file.consumer.map(ConsumerRef.init)
                    diagnostics.append(v)
                }
            }
            guard let consumer = file.consumer, consumer.stage != .retired else { continue }
            for read in consumer.reads where !existing.contains(read.identity) {
                guard changed || gone.contains(read.identity) else { continue }
                let hint =
                    names.contains(read.identity.feature)
                    ? " (that feature has other versions)"
                    : Suggestion.hint(for: read.identity.feature, in: names)
                diagnostics.report(
                    self, Message.missingRead(consumer, read.identity, hint: hint), path: consumer.path,
                    line: read.line, identity: read.identity, consumer: consumer)
            }
            guard changed else { continue }
            for a in consumer.acknowledgements {
                problems(of: a, in: consumer, input: input, into: &diagnostics)
            }
        }
    }

    static func problems(
        of a: Consumer.Acknowledgement, in consumer: Consumer, input: CheckInput, into diagnostics: inout Diagnostics
    ) {
        let latest = input.today.adding(days: input.policy.waiverMaxDays)
        if let expires = a.expires, expires > latest {
            diagnostics.report(
                self, Message.tooLong(a.identity, expires, max: input.policy.waiverMaxDays, latest: latest),
                path: consumer.path, line: a.line, identity: a.identity, consumer: consumer)
        } else if a.isExpired(on: input.today) {
            diagnostics.report(
                self, Message.expired(a), path: consumer.path, line: a.line, identity: a.identity, consumer: consumer,
                atMost: .warning)
        }
        if !consumer.reads(a.identity) {
            diagnostics.report(
                self, Message.notRead(consumer, a.identity), path: consumer.path, line: a.line, identity: a.identity,
                consumer: consumer, atMost: .warning)
        }
    }

    enum Message {
        static func duplicate(_ name: String, first: String) -> String {
            "consumer \(name) is already declared in \(first); a consumer's name is its identity, declared once"
        }
        static func missingRead(_ consumer: Consumer, _ identity: Identity, hint: String) -> String {
            "\(consumer.name) reads \(identity), which no feature file declares\(hint); fix the read in "
                + consumer.path
        }
        static func tooLong(_ identity: Identity, _ expires: CalendarDate, max: Int, latest: CalendarDate) -> String {
            "the acknowledgement for \(identity) expires on \(expires), more than \(max) days ahead; the latest "
                + "allowed is \(latest)"
        }
        static func expired(_ a: Consumer.Acknowledgement) -> String {
            "the acknowledgement for \(a.identity) expired on \(a.expires?.description ?? "?"); remove it"
        }
        static func notRead(_ consumer: Consumer, _ identity: Identity) -> String {
            "\(consumer.name) acknowledges a change to \(identity), which it does not read; remove it"
        }
    }
}
