// Fuzz target: the policy parser (`.featurerepo/policy.yaml`) never crashes, never takes a
// second, never grows without bound, and reads the same bytes the same way twice.
import CFuzzDriver
import FeatModel
import FuzzSupport

func fail(_ message: String) -> Never { fuzzFinding("FuzzPolicy", message) }

let status = feat_fuzz_main(CommandLine.argc, CommandLine.unsafeArgv) { data, size in
    let bytes = fuzzInput(data, size)
    let first: Result<Policy, PolicyError> = Result { () throws(PolicyError) in try PolicyParser.parse(bytes) }
    let second: Result<Policy, PolicyError> = Result { () throws(PolicyError) in try PolicyParser.parse(bytes) }
    switch (first, second) {
    case (.success(let a), .success(let b)):
        if a.stageOrder != b.stageOrder { fail("two parses of the same bytes give other stage orders") }
    case (.failure(let a), .failure(let b)):
        if a != b { fail("two parses of the same bytes fail differently: \(a) / \(b)") }
    default:
        fail("two parses of the same bytes disagree on whether the policy is valid")
    }
    return 0
}
fuzzExit(status)
