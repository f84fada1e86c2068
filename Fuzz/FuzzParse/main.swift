// Fuzz target: the feature parser never crashes, never takes a second, never grows without
// bound, and reads the same bytes the same way twice. See scripts/fuzz.sh.
import CFuzzDriver
import FeatModel
import FuzzSupport

func fail(_ message: String) -> Never { fuzzFinding("FuzzParse", message) }

let status = feat_fuzz_main(CommandLine.argc, CommandLine.unsafeArgv) { data, size in
    let bytes = fuzzInput(data, size)
    let first = FeatureParser.parse(bytes, path: "features/f.yaml")
    let second = FeatureParser.parse(bytes, path: "features/f.yaml")
    if first.feature?.identity != second.feature?.identity || first.feature?.stage != second.feature?.stage {
        fail("two parses of the same bytes disagree on identity or stage")
    }
    if first.feature == nil && !first.hasErrors {
        fail("no feature and no error: \(first.problems.map(\.message))")
    }
    for problem in first.problems where problem.message.isEmpty {
        fail("a problem without a message")
    }
    return 0
}
fuzzExit(status)
