import FeatDiff
import FeatModel
import FeatRules
import Foundation
import GitID

/// Two sides of a semantic diff, with what could not be read on either side.
public struct DiffResult: Sendable {
    public var base: ObjectID
    /// nil for the working tree.
    public var head: ObjectID?
    public var report: DiffReport
    /// Feature files that could not be read, on either side (also in `report`, as `unreadable`).
    public var unreadable: [Finding]

    public init(base: ObjectID, head: ObjectID?, report: DiffReport, unreadable: [Finding]) {
        self.base = base
        self.head = head
        self.report = report
        self.unreadable = unreadable
    }
}
