import FeatModel
import Foundation

/// A reviewed exception written in a feature file: `waivers: [{rule, reason, expires}]`.
public struct Waiver: Sendable, Hashable {
    public var rule: String
    public var reason: String?
    public var expires: CalendarDate?
    public var line: Int?

    /// The waivers of a feature, in file order.
    public static func all(in feature: Feature) -> [Waiver] {
        guard case .list(let items)? = feature.definition[path: "waivers"] else { return [] }
        var result: [Waiver] = []
        for (i, item) in items.enumerated() {
            let rule = item[path: "rule"]?.stringValue ?? ""
            let reason = item[path: "reason"]?.stringValue.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
            let expires = item[path: "expires"]?.stringValue.flatMap(CalendarDate.init)
            let line = feature.lines["waivers[\(i)].rule"] ?? feature.lines["waivers[\(i)]"] ?? feature.line(of: "waivers")
            result.append(Waiver(rule: rule, reason: reason, expires: expires, line: line))
        }
        return result
    }

    /// Whether it is in force on a day: it has a reason and has not expired.
    /// `expires` is the last day it holds.
    public func holds(on day: CalendarDate) -> Bool {
        reason != nil && (expires.map { day <= $0 } ?? true)
    }
}

/// Applies waivers to findings, and reports waivers that are themselves wrong.
enum Waivers {
    /// Waivers are read from the features this pull request adds or changes (and, for a
    /// removed feature, from its file at the base): an exception is judged when the code
    /// it excuses is judged, not on every unrelated pull request.
    static func apply(_ input: CheckInput, to diagnostics: inout Diagnostics) {
        var byPath: [String: Feature] = [:]
        for c in input.changes {
            if let after = c.after { byPath[after.path] = after } else if let before = c.before { byPath[before.path] = before }
        }
        let policy = input.policy
        let today = input.today
        // Waivers first: a waiver that does not hold does not waive.
        for path in byPath.keys.sorted() {
            guard let feature = byPath[path] else { continue }
            for w in Waiver.all(in: feature) {
                func fail(_ rule: String, _ severity: Severity, _ message: String) {
                    diagnostics.append(Violation(
                        rule: rule, severity: severity, identity: feature.identity, path: path, line: w.line, message: message))
                }
                guard let rule = RuleRegistry.rule(w.rule) else {
                    fail("FEAT001", .error, Message.unknownRule(w.rule))
                    continue
                }
                guard RuleRegistry.severity(of: rule, under: policy) != nil else { continue }
                if policy.notWaivable.contains(rule.id) {
                    fail(rule.id, .warning, Message.notWaivable(rule.id))
                } else if w.reason == nil {
                    fail(rule.id, .error, Message.noReason(rule.id))
                } else if let expires = w.expires, today > expires {
                    fail(rule.id, .error, Message.expired(rule.id, expires))
                }
            }
        }
        diagnostics.update { v in
            guard v.severity == .error, !policy.notWaivable.contains(v.rule), v.waiver == nil,
                let feature = byPath[v.path], feature.identity == v.identity,
                let waiver = Waiver.all(in: feature).first(where: { $0.rule == v.rule && $0.holds(on: today) }),
                !isAboutWaiver(v)
            else { return }
            v.severity = .warning
            v.waiver = waiver.reason
        }
    }

    /// Findings about waivers cannot be waived by the waiver they are about.
    static func isAboutWaiver(_ v: Violation) -> Bool { v.message.hasPrefix(Message.prefix) }

    enum Message {
        static let prefix = "waiver for "
        static func unknownRule(_ id: String) -> String {
            "\(prefix)'\(id)' names no rule\(Suggestion.hint(for: id, in: RuleRegistry.ids)); rules are FEAT001–FEAT009"
        }
        static func notWaivable(_ id: String) -> String {
            "\(prefix)\(id) has no effect: the config marks \(id) as not waivable"
        }
        static func noReason(_ id: String) -> String {
            "\(prefix)\(id) has no reason; a waiver must say why the exception is acceptable"
        }
        static func expired(_ id: String, _ day: CalendarDate) -> String {
            "\(prefix)\(id) expired on \(day); renew it with a reason, or fix what it excused"
        }
    }
}
