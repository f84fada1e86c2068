import FeatModel
import Foundation

/// A reviewed exception written in a feature file: `waivers: [{rule, reason, expires, fields}]`.
public struct Waiver: Sendable, Hashable {
    public var rule: String
    public var reason: String?
    /// The last day it holds.
    public var expires: CalendarDate?
    /// Dotted paths it is limited to (`aggregation.window`); empty for the whole feature.
    public var fields: [String]
    /// Whether `fields` was written: a waiver whose field list is empty after its unknown
    /// paths were refused excuses nothing, never everything.
    public var limited: Bool
    public var line: Int?
    /// What a review agreed to: the rule, the fields and the reason (whitespace aside). A
    /// waiver on the base with the same review is the same, already-reviewed waiver; moving
    /// its `expires` alone does not make it new (SPEC §5).
    public var review: String {
        let words = (reason ?? "").split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        let scope = limited ? fields.sorted().joined(separator: ",") : "*"
        return [rule, scope, words].joined(separator: "\u{1}")
    }

    /// The waivers of a feature, in file order.
    public static func all(in feature: Feature) -> [Waiver] {
        guard case .list(let items)? = feature.definition[path: "waivers"] else { return [] }
        var result: [Waiver] = []
        for (i, item) in items.enumerated() {
            let rule = item[path: "rule"]?.stringValue?.trimmingCharacters(in: .whitespaces) ?? ""
            let reason = item[path: "reason"]?.stringValue.flatMap {
                $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0
            }
            let expires = item[path: "expires"]?.stringValue.flatMap(CalendarDate.init)
            var fields: [String] = []
            var limited = false
            if case .map(let keys) = item, keys["fields"] != nil { limited = true }
            if feature.lines["waivers[\(i)].fields"] != nil { limited = true }
            if case .list(let paths)? = item[path: "fields"] { fields = paths.compactMap(\.stringValue) }
            let line =
                feature.lines["waivers[\(i)].rule"] ?? feature.lines["waivers[\(i)]"] ?? feature.line(of: "waivers")
            result.append(
                Waiver(
                    rule: rule, reason: reason, expires: expires, fields: fields, limited: limited, line: line))
        }
        return result
    }

    /// Whether it has expired on a day (`expires` is the last day it holds).
    public func isExpired(on day: CalendarDate) -> Bool { expires.map { day > $0 } ?? false }

    /// Whether it covers a finding about `findingFields`: always without `fields`; with them,
    /// only a finding about those fields (or fields inside them).
    public func covers(_ findingFields: [String]) -> Bool {
        if !limited { return true }
        if fields.isEmpty { return false }
        return !findingFields.isEmpty
            && findingFields.allSatisfy { f in
                fields.contains { f == $0 || f.hasPrefix($0 + ".") || f.hasPrefix($0 + "[") }
            }
    }
}

/// Checks waivers and applies them to findings (SPEC: waivers excuse what they were reviewed
/// with, and nothing later).
///
/// A waiver is read from the feature it excuses, as the pull request leaves it. For rules about
/// a file's state (FEAT001–FEAT003) it holds until it expires. For rules about what a pull
/// request changes it holds only in the pull request that adds or edits it: one already on the
/// base with the same rule, fields and reason was reviewed with an earlier change, not with
/// this one, whatever its `expires` says.
enum Waivers {
    /// Problems with a feature's waivers themselves, as FEAT001 reports them (in `check` and
    /// in `validate`): a waiver without a rule it can name, a reason or an end, or one that
    /// cannot have an effect.
    static func problems(in feature: Feature, policy: Policy, today: CalendarDate) -> [Problem] {
        var problems: [Problem] = []
        for w in Waiver.all(in: feature) {
            func add(_ severity: Severity, _ message: String) {
                problems.append(Problem(severity, message, line: w.line))
            }
            guard !w.rule.isEmpty else {
                add(.error, Message.noRule)
                continue
            }
            guard let rule = RuleRegistry.rule(w.rule) else {
                add(.error, Message.unknownRule(w.rule))
                continue
            }
            if w.reason == nil { add(.error, Message.noReason(rule.id)) }
            let latest = today.adding(days: policy.waiverMaxDays)
            if let expires = w.expires {
                if expires > latest {
                    add(.error, Message.tooLong(rule.id, expires, max: policy.waiverMaxDays, latest: latest))
                }
            } else {
                add(.error, Message.noExpiry(rule.id, max: policy.waiverMaxDays, latest: latest))
            }
            if let answer = Self.consumerAnswers[rule.id] {
                // The consumer rules are answered in the consumer files, never by the feature.
                add(.error, Message.answeredElsewhere(rule.id, answer))
            } else if !rule.waivable {
                add(.warning, Message.neverWaivable(rule))
            } else if policy.notWaivable.contains(rule.id) {
                add(.warning, Message.notWaivable(rule.id))
            }
        }
        return problems
    }

    /// How each consumer rule is answered, since a feature's waiver cannot (SPEC §5).
    static let consumerAnswers: [String: String] = [
        "FEAT011": "fix the consumer file", "FEAT012": "fix the consumer file or promote the feature",
        "FEAT013": "change the consumer files first", "FEAT014": "the consumer's owner acknowledges in its file",
        "FEAT015": "it is a warning for review",
    ]

    /// Whether a waiver may excuse anything at all: it names a rule that can be waived, with a
    /// reason and an end no further away than the config allows. Its problems are FEAT001's.
    static func isSound(_ w: Waiver, policy: Policy, today: CalendarDate) -> Bool {
        guard let rule = RuleRegistry.rule(w.rule), rule.waivable, !policy.notWaivable.contains(rule.id),
            w.reason != nil, let expires = w.expires
        else { return false }
        return expires <= today.adding(days: policy.waiverMaxDays)
    }

    /// Turns each error a waiver excuses into a warning carrying its reason; an error a waiver
    /// nearly excuses says why it does not; an expired waiver that excuses nothing is a warning
    /// to remove it.
    static func apply(_ input: CheckInput, to diagnostics: inout Diagnostics) {
        let policy = input.policy
        let today = input.today
        var features: [String: Feature] = [:]
        for file in input.headFiles { if let f = file.feature { features[f.path] = f } }
        let base = input.baseDefinitions
        var waivers: [String: [Waiver]] = [:]
        var reviewed: [String: Set<String>] = [:]
        for (path, f) in features {
            waivers[path] = Waiver.all(in: f)
            reviewed[path] = Set(base[path].map { Waiver.all(in: $0).map(\.review) } ?? [])
        }
        // Waivers that a finding needed: an expired one among them is not "excusing nothing".
        var needed: Set<String> = []
        diagnostics.update { v in
            guard v.severity == .error, !isAboutWaiver(v), let rule = RuleRegistry.rule(v.rule), rule.waivable,
                !policy.notWaivable.contains(rule.id), let f = features[v.path], f.identity == v.identity
            else { return }
            var note: String?
            for (i, w) in (waivers[v.path] ?? []).enumerated() where w.rule == rule.id {
                guard isSound(w, policy: policy, today: today) else { continue }
                let fresh = rule.scope != .change || !(reviewed[v.path] ?? []).contains(w.review)
                guard w.covers(v.fields) else {
                    note = note ?? Message.otherFields(rule.id, w.fields)
                    continue
                }
                guard fresh else {
                    note = note ?? Message.reviewedEarlier(rule.id)
                    continue
                }
                needed.insert("\(v.path)#\(i)")
                guard !w.isExpired(on: today), let reason = w.reason else {
                    note = note ?? Message.expiredHere(rule.id, w.expires)
                    continue
                }
                v.severity = .warning
                v.waiver = reason
                v.waiverExpires = w.expires
                return
            }
            if let note { v.message += " (\(note))" }
        }
        for path in features.keys.sorted() {
            guard let f = features[path] else { continue }
            for (i, w) in (waivers[path] ?? []).enumerated() where !needed.contains("\(path)#\(i)") {
                // One that cannot have an effect already says so (see `problems`).
                guard let expires = w.expires, w.isExpired(on: today), let rule = RuleRegistry.rule(w.rule),
                    rule.waivable,
                    !policy.notWaivable.contains(rule.id), RuleRegistry.severity(of: FEAT001.self, under: policy) != nil
                else { continue }
                diagnostics.append(
                    Violation(
                        rule: FEAT001.id, severity: .warning, identity: f.identity, path: path, line: w.line,
                        message: Message.expiredUnused(rule.id, expires)))
            }
        }
    }

    /// Findings about waivers cannot be waived by the waiver they are about.
    static func isAboutWaiver(_ v: Violation) -> Bool { v.message.hasPrefix(Message.prefix) }

    enum Message {
        static let prefix = "waiver "
        static let noRule = "\(prefix)names no rule; write the rule it excuses, \(RuleRegistry.idRange)"
        static func unknownRule(_ id: String) -> String {
            "\(prefix)for '\(id)' names no rule\(Suggestion.hint(for: id, in: RuleRegistry.ids)); rules are \(RuleRegistry.idRange)"
        }
        static func noReason(_ id: String) -> String {
            "\(prefix)for \(id) has no reason; a waiver must say why the exception is acceptable"
        }
        static func noExpiry(_ id: String, max: Int, latest: CalendarDate) -> String {
            "\(prefix)for \(id) has no expires date; a waiver ends within \(max) days (on or before \(latest))"
        }
        static func tooLong(_ id: String, _ expires: CalendarDate, max: Int, latest: CalendarDate) -> String {
            "\(prefix)for \(id) expires on \(expires), more than \(max) days ahead; the latest allowed is \(latest)"
        }
        static func answeredElsewhere(_ id: String, _ answer: String) -> String {
            "\(prefix)for \(id) cannot excuse it: a feature file does not answer for its consumers; \(answer)"
        }
        static func neverWaivable(_ rule: any Rule.Type) -> String {
            let why = rule.scope == .policy ? "the policy has no feature file" : "a removed file cannot carry a waiver"
            return "\(prefix)for \(rule.id) has no effect: \(rule.id) cannot be waived (\(why)); remove it"
        }
        static func notWaivable(_ id: String) -> String {
            "\(prefix)for \(id) has no effect: the config marks \(id) as not waivable"
        }
        static func expiredUnused(_ id: String, _ day: CalendarDate) -> String {
            "\(prefix)for \(id) expired on \(day) and excuses nothing; remove it"
        }
        static func expiredHere(_ id: String, _ day: CalendarDate?) -> String {
            "its \(id) waiver expired on \(day.map(\.description) ?? "?"); renew it with a reason, or fix what it excused"
        }
        static func reviewedEarlier(_ id: String) -> String {
            "its \(id) waiver was reviewed with an earlier pull request and excuses only what it was reviewed with"
        }
        static func otherFields(_ id: String, _ fields: [String]) -> String {
            "its \(id) waiver covers only \(fields.joined(separator: ", "))"
        }
    }
}
