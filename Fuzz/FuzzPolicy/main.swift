// Fuzz target: the policy parser (`.featurerepo/policy.yaml`) never crashes, never takes a
// second, never grows without bound, and reads the same bytes the same way twice.
import CFuzzDriver
import FeatModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

func fail(_ message: String) -> Never {
    let line = "FuzzPolicy finding: \(message)\n"
    _ = line.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
    abort()
}

let status = feat_fuzz_main(CommandLine.argc, CommandLine.unsafeArgv) { data, size in
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
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
exit(status)
