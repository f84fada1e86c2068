import FeatModel
import Testing

/// A vocabulary file that is a Git LFS pointer is known by its oid, never read as categories.
@Suite("Git LFS pointers as vocabulary files")
struct LFSPointerTests {
    static let oid = "43cb7bb708cd038de09a25b077833be07cea62c77dc13396ed0db9b8ac3af70c"

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test("a pointer gives its oid as the vocabulary's SHA-256 and no entries")
    func pointer() throws {
        let file = VocabularyFile(
            bytes: Self.bytes("version https://git-lfs.github.com/spec/v1\noid sha256:\(Self.oid)\nsize 16\n"))
        #expect(
            file.lfsPointer
                == LFSPointer(
                    bytes: Self.bytes("version https://git-lfs.github.com/spec/v1\noid sha256:\(Self.oid)\nsize 16\n")))
        #expect(file.lfsPointer?.size == 16)
        #expect(file.sha256 == Self.oid)
        #expect(!file.entriesKnown)
        #expect(file.problems.isEmpty)
        #expect(file.vocabularies(for: "vocab/a.txt") == [VocabularyFile.contentHashKey("vocab/a.txt"): [Self.oid]])
    }

    @Test("the real file's SHA-256 equals the pointer's oid: the same vocabulary")
    func realFileMatchesOid() {
        let real = VocabularyFile(bytes: Self.bytes("android\nios\nweb\n"))
        #expect(real.sha256 == Self.oid)
        #expect(real.entriesKnown)
        #expect(
            real.vocabularies(for: "v.txt") == [
                "v.txt": ["android", "ios", "web"], VocabularyFile.contentHashKey("v.txt"): [Self.oid],
            ])
    }

    @Test("an extension line is allowed", arguments: ["ext-0-foo sha256:\(String(repeating: "0", count: 64))\n"])
    func extensions(_ line: String) {
        let text = "version https://git-lfs.github.com/spec/v1\n\(line)oid sha256:\(Self.oid)\nsize 16\n"
        #expect(LFSPointer(bytes: Self.bytes(text))?.oid == Self.oid)
    }

    @Test(
        "a file that starts like a pointer but is not one is an error, and its lines are no categories",
        arguments: [
            "version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 16\n",
            "version https://git-lfs.github.com/spec/v1\noid sha256:\(oid)\n",
            "version https://git-lfs.github.com/spec/v1\nsize 16\n",
            "version https://git-lfs.github.com/spec/v1\noid sha256:\(oid)\nsize 16",
            "version https://git-lfs.github.com/spec/v1\r\noid sha256:\(oid)\r\nsize 16\r\n",
            "version https://git-lfs.github.com/spec/v1\noid sha256:\(oid.uppercased())\nsize 16\n",
            "version https://git-lfs.github.com/spec/v1\noid sha256:\(oid)\nsize -1\n",
            "version https://git-lfs.github.com/spec/v1\noid sha256:\(oid)\nsize 16\nsize 17\n",
            "version https://git-lfs.github.com/spec/v1\noid md5:\(oid)\nsize 16\n",
        ])
    func malformed(_ text: String) {
        let file = VocabularyFile(bytes: Self.bytes(text))
        #expect(file.lfsPointer == nil)
        #expect(!file.entriesKnown)
        #expect(file.problems.map(\.severity) == [.error])
        #expect(file.problems.first?.message.contains("Git LFS pointer") == true)
        #expect(file.vocabularies(for: "v.txt")["v.txt"] == nil)
    }

    @Test("a vocabulary that merely mentions the pointer format is a vocabulary")
    func notAPointer() {
        let file = VocabularyFile(bytes: Self.bytes("lfs\nversion https://git-lfs.github.com/spec/v1\n"))
        #expect(file.lfsPointer == nil)
        #expect(file.entriesKnown)
        #expect(file.entries == ["lfs", "version https://git-lfs.github.com/spec/v1"])
    }
}
