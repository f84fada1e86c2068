import FeatModel

/// One finding of `feat check`: a rule, where, and what.
public struct Violation: Sendable, Hashable {
    public var rule: String
    public var severity: Severity
    public var feature: String?
    public var version: Int?
    /// Relative to the feature-repo root.
    public var path: String
    public var line: Int?
    /// Whether `line` is in the base tip's version of the file, not the head's (SPEC §5): the
    /// value came from the base side, or the head has no such file or field.
    public var lineAtBase = false
    public var message: String
    /// The reason of the waiver that turned this error into a warning.
    public var waiver: String?
    /// The last day that waiver holds.
    public var waiverExpires: CalendarDate?
    /// The dotted fields the finding is about (`aggregation.window`), for waivers limited to
    /// some fields; empty when it is about the file as a whole.
    public var fields: [String]
    /// For the consumer rules (FEAT011–FEAT015): the consumer the finding is about.
    public var consumer: ConsumerRef?
    /// The acknowledgement that turned a FEAT014 error into a warning.
    public var acknowledgement: Consumer.Acknowledgement?
    /// For FEAT012's input floor: the input read below the floor, in place of a consumer.
    public var input: InputRef?

    public init(
        rule: String, severity: Severity, identity: Identity?, path: String, line: Int?, message: String,
        waiver: String? = nil, waiverExpires: CalendarDate? = nil, fields: [String] = []
    ) {
        self.rule = rule
        self.severity = severity
        self.feature = identity?.feature
        self.version = identity?.version
        self.path = path
        self.line = line
        self.message = message
        self.waiver = waiver
        self.waiverExpires = waiverExpires
        self.fields = fields
    }

    public var identity: Identity? { feature.map { Identity(feature: $0, version: version ?? 1) } }
}

/// The consumer a finding is about, as reports name it.
public struct ConsumerRef: Sendable, Hashable {
    public var consumer: String
    public var stage: String
    public var owner: String?
    public var path: String

    public init(_ c: Consumer) {
        consumer = c.name
        stage = c.stage.rawValue
        owner = c.owner
        path = c.path
    }
}

/// An input of a derived feature as a finding names it: the feature read and its stage in the
/// merge result.
public struct InputRef: Sendable, Hashable {
    public var feature: String
    public var version: Int
    public var stage: String

    public init(_ identity: Identity, stage: String) {
        feature = identity.feature
        version = identity.version
        self.stage = stage
    }

    public var identity: Identity { Identity(feature: feature, version: version) }
}

/// Collects the findings of every rule, so that one run reports them all.
public struct Diagnostics: Sendable {
    public let policy: Policy
    public private(set) var violations: [Violation] = []

    public init(policy: Policy) { self.policy = policy }

    /// Records a finding of `rule` at the severity the policy gives it, never above `atMost`.
    /// `fields` names what it is about, for waivers limited to some fields.
    public mutating func report(
        _ rule: any Rule.Type, _ message: String, path: String, line: Int?, identity: Identity?,
        atMost: Severity = .error, fields: [String] = []
    ) {
        guard let severity = RuleRegistry.severity(of: rule, under: policy) else { return }
        violations.append(
            Violation(
                rule: rule.id, severity: min(severity, atMost), identity: identity, path: path, line: line,
                message: message,
                fields: fields))
    }

    /// Records a finding about a consumer (FEAT011–FEAT015). `acknowledged` turns it into a
    /// warning carrying the acknowledgement.
    public mutating func report(
        _ rule: any Rule.Type, _ message: String, path: String, line: Int?, identity: Identity?,
        consumer: Consumer, atMost: Severity = .error, acknowledged: Consumer.Acknowledgement? = nil
    ) {
        guard let severity = RuleRegistry.severity(of: rule, under: policy) else { return }
        var v = Violation(
            rule: rule.id, severity: acknowledged == nil ? min(severity, atMost) : .warning, identity: identity,
            path: path, line: line, message: message)
        v.consumer = ConsumerRef(consumer)
        v.acknowledgement = acknowledged
        violations.append(v)
    }

    /// Records a finding about an input a derived feature reads (FEAT012's input floor).
    public mutating func report(
        _ rule: any Rule.Type, _ message: String, path: String, line: Int?, identity: Identity?, input: InputRef,
        fields: [String] = []
    ) {
        guard let severity = RuleRegistry.severity(of: rule, under: policy) else { return }
        var v = Violation(
            rule: rule.id, severity: severity, identity: identity, path: path, line: line, message: message,
            fields: fields)
        v.input = input
        violations.append(v)
    }

    /// Records a finding at a fixed severity (problems with waivers themselves).
    mutating func append(_ violation: Violation) { violations.append(violation) }

    mutating func update(_ body: (inout Violation) -> Void) {
        for i in violations.indices { body(&violations[i]) }
    }
}
