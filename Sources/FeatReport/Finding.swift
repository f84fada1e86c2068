import FeatDiff
import FeatModel
import FeatRules
import Foundation
import GitID

/// A problem found in a file, for reports: the file, the line, the message.
public struct Finding: Sendable, Hashable {
    public var path: String
    public var problem: Problem
    public var identity: Identity?
    /// The rule that found it, when a rule did.
    public var rule: String?
    /// The reason of the waiver that turned an error into this warning.
    public var waiver: String?
    /// For a finding in a consumer file (FEAT011): the consumer, when the file names one.
    public var consumer: ConsumerRef?
    /// Whether the finding is in a consumer file (then `consumer` is reported, null when the
    /// file names no consumer it could read).
    public var inConsumerFile = false

    public init(path: String, problem: Problem, identity: Identity? = nil, rule: String? = nil, waiver: String? = nil) {
        self.path = path
        self.problem = problem
        self.identity = identity
        self.rule = rule
        self.waiver = waiver
    }
}
