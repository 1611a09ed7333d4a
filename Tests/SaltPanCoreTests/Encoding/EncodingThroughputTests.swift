import Foundation
import Testing

@testable import SaltPanCore

/// Prints decoding and parsing speed on the fixtures.
///
/// It asserts nothing about speed, because that depends on the machine and the build.
///
/// Run it with `SALTPAN_THROUGHPUT=1 swift test -c release --filter EncodingThroughputTests`.
/// Debug builds are much slower.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["SALTPAN_THROUGHPUT"] != nil))
struct EncodingThroughputTests {
    private func printThroughput(_ label: String, bytes: Int, repetitions: Int, _ body: () throws -> Void) rethrows {
        let clock = ContinuousClock()
        let start = clock.now
        for _ in 0..<repetitions {
            try body()
        }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let megabytesPerSecond = Double(bytes * repetitions) / seconds / 1e6
        print("\(label): \(String(format: "%.0f", megabytesPerSecond)) MB/s over \(bytes * repetitions) bytes")
    }

    @Test func printDecodingSpeed() throws {
        let files = try EncodingFixture.jobCacheFiles().map { try EncodingFixture.bytes("jobs/" + $0) }
        let fileBytes = files.reduce(0) { $0 + $1.count }
        let decoder = MessagePackDecoder()
        var values: [Value] = []
        try printThroughput("MessagePack decode, job cache", bytes: fileBytes, repetitions: 20) {
            values = try files.map { try decoder.decode($0).value }
        }
        #expect(values.count == files.count)

        let lines = try EncodingFixture.eventLines()
        let lineBytes = lines.reduce(0) { $0 + $1.count }
        let parser = JSONParser()
        var parsedCount = 0
        printThroughput("JSON parse, events.jsonl line by line", bytes: lineBytes, repetitions: 20) {
            parsedCount = lines.filter { (try? parser.parse($0)) != nil }.count
        }
        #expect(parsedCount == lines.count - 6)

        let writer = JSONWriter(dialect: .lossless)
        var texts: [[UInt8]] = []
        printThroughput("JSON write lossless, job cache", bytes: fileBytes, repetitions: 20) {
            texts = values.map { writer.encode($0) }
        }
        let textBytes = texts.reduce(0) { $0 + $1.count }
        try printThroughput("Lossless JSON read back, job cache", bytes: textBytes, repetitions: 20) {
            for text in texts {
                _ = try Value(losslessJSONText: text)
            }
        }
    }
}
