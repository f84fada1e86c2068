import FeatGit
import FeatModel
import FeatReport
import Foundation
import GitID

extension FeatureRepository {
    /// Who reads what at a point: `at` is a revision or a date, as `--at` takes it; nil is the
    /// working tree (HEAD's in a bare repository). Consumers and features are read with that
    /// point's own policy.
    public func consumerReadings(at: String?) throws(FeatError) -> ConsumerReadings {
        var commit: ObjectID?
        if let at {
            commit = try resolvePointInTime(at)
        } else if root == nil {
            commit = try resolve("HEAD")
        }
        guard let commit else {
            let policy = try worktreePolicy()
            let features = try worktreeCatalog(policy: policy)
            let consumers = try worktreeConsumerCatalog(policy: policy)
            return ConsumerReadings(rev: "worktree", files: consumers.files, stages: Self.stages(of: features))
        }
        let policy = try policy(at: commit)
        let features = try catalog(at: commit, policy: policy)
        let consumers = try consumerCatalog(at: commit, policy: policy)
        return ConsumerReadings(rev: commit.description, files: consumers.files, stages: Self.stages(of: features))
    }

    /// "Who reads this?": the consumers that read `name` (in `version`, or any version), at a
    /// point as `consumerReadings(at:)` reads it. A name that is neither a feature there nor
    /// read by any consumer is refused with the closest one; so is a version that neither
    /// exists nor is read.
    public func readersOf(_ name: String, version: Int?, at: String?) throws(FeatError) -> ConsumerReadings {
        var readings = try consumerReadings(at: at)
        let readers = readings.readers(of: name, version: version)
        if readers.isEmpty {
            if !readings.featureNames.contains(name) {
                if readings.readers.contains(where: { $0.consumer.name == name }) {
                    throw .invalidArgument(
                        "\(name) is a consumer, not a feature; `feat consumers` without a name lists what each "
                            + "consumer reads")
                }
                throw .unknownFeature(
                    name: name, suggestion: Suggestion.closest(to: name, in: readings.featureNames))
            }
            let versions = readings.versions(of: name)
            if let version, !versions.contains(version), !versions.isEmpty {
                let its = versions.count == 1 ? "its version is" : "its versions are"
                let where_ = at.map { " at \($0)" } ?? ""
                throw .invalidArgument(
                    "\(name) has no version \(version)\(where_); \(its) \(versions.map(String.init).joined(separator: ", "))"
                )
            }
        }
        readings.readers = readers
        return readings
    }

    /// The stage of every feature of a catalog, by identity (the first file of an identity two
    /// files declare: FEAT002 reports those).
    static func stages(of catalog: Catalog) -> [Identity: String] {
        var stages: [Identity: String] = [:]
        for f in catalog.features where stages[f.identity] == nil { stages[f.identity] = f.stage }
        return stages
    }
}
