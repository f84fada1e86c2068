// Fuzz target: the semantic diff. The input is split at its first NUL byte into a base and a
// head feature file (no NUL: the head is the base). For features that parse:
// diff(x, x) is empty, also between two separate parses of x, and diff(base, head) is the
// same when computed twice (no Dictionary order leaks into a verdict or a reason).
import CFuzzDriver
import FeatDiff
import FeatModel
import FuzzSupport

func fail(_ message: String) -> Never { fuzzFinding("FuzzDiff", message) }

func describe(_ report: DiffReport) -> String {
    report.features.flatMap { change in
        change.changes.map { "\(change.identity.feature) \($0.field): \($0.impact) \($0.reason)" }
    }.joined(separator: "; ")
}

let status = feat_fuzz_main(CommandLine.argc, CommandLine.unsafeArgv) { data, size in
    let bytes = fuzzInput(data, size)
    let cut = bytes.firstIndex(of: 0)
    let baseBytes = cut.map { Array(bytes[..<$0]) } ?? bytes
    let headBytes = cut.map { Array(bytes[($0 + 1)...]) } ?? bytes
    let path = "features/f.yaml"
    let base = FeatureParser.parse(baseBytes, path: path).feature
    let head = FeatureParser.parse(headBytes, path: path).feature
    for (x, bytes) in [(base, baseBytes), (head, headBytes)] {
        guard let x, let again = FeatureParser.parse(bytes, path: path).feature else { continue }
        let same = SemanticDiff.compare(before: [x], after: [x], policy: .standard)
        if !same.isEmpty { fail("diff of a feature with itself: \(describe(same))") }
        let reparsed = SemanticDiff.compare(before: [x], after: [again], policy: .standard)
        if !reparsed.isEmpty { fail("diff of two parses of one file: \(describe(reparsed))") }
    }
    let before = [base].compactMap { $0 }
    let after = [head].compactMap { $0 }
    let first = SemanticDiff.compare(before: before, after: after, policy: .standard)
    let second = SemanticDiff.compare(before: before, after: after, policy: .standard)
    if first != second {
        fail("the same diff twice gives two answers: \(describe(first)) / \(describe(second))")
    }
    return 0
}
fuzzExit(status)
