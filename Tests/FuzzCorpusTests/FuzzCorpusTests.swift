import Foundation
import FuzzTargets
import Testing

/// Every input of `Fuzz/corpus/<target>/` through its fuzz target, as libFuzzer would replay
/// it (`-runs=0`), without the fuzzer: a crash or a broken invariant stops the test process,
/// so an input that once found a bug fails `swift test` until the bug is fixed again.
@Suite struct FuzzCorpusTests {
    static let corpus: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("Fuzz/corpus")
    }()

    static func inputs(of target: FuzzTarget) throws -> [URL] {
        let directory = corpus.appendingPathComponent(target.rawValue)
        return try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { !$0.lastPathComponent.hasPrefix(".") }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    @Test(arguments: FuzzTarget.allCases)
    func corpusReplays(_ target: FuzzTarget) async throws {
        let inputs = try Self.inputs(of: target)
        #expect(inputs.count >= 5, "Fuzz/corpus/\(target.rawValue) has \(inputs.count) inputs")
        let contents = try inputs.map { Array(try Data(contentsOf: $0)) }
        // The harness waits for the datastore actor synchronously, as libFuzzer calls it; on
        // the cooperative pool those waits could hold every thread the actor needs.
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            Thread {
                for input in contents { target.run(input) }
                done.resume()
            }.start()
        }
    }
}
