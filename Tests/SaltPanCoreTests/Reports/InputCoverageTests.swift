import Testing

@testable import SaltPanCore

/// How much of a window the inputs cover: covered, partial or blind, and the gaps between inputs.
@Suite struct InputCoverageTests {
    static func time(_ minutes: Int64) -> Timestamp {
        Timestamp(microseconds: minutes * 60_000_000)
    }

    static func span(_ start: Int64, _ end: Int64) -> TimeSpan {
        TimeSpan(start: time(start), end: time(end))
    }

    @Test func windowInsideOneInputIsCovered() {
        let coverage = InputCoverage(window: Self.span(10, 20), inputSpans: [Self.span(0, 30)], hasJobs: false)
        #expect(coverage.status == .covered)
        #expect(coverage.blindSpans.isEmpty)
        #expect(coverage.coveredFraction == 1)
    }

    @Test func overlappingInputsMergeAndLeaveGaps() {
        let inputs = [Self.span(50, 60), Self.span(0, 10), Self.span(5, 20)]
        let coverage = InputCoverage(window: Self.span(0, 60), inputSpans: inputs, hasJobs: true)
        #expect(coverage.spans == [Self.span(0, 20), Self.span(50, 60)])
        #expect(coverage.gaps == [Self.span(20, 50)])
        #expect(coverage.blindSpans == [Self.span(20, 50)])
        #expect(coverage.status == .partial)
        #expect(coverage.coveredFraction == 0.5)
    }

    @Test func windowBeforeEveryInputIsBlind() {
        let coverage = InputCoverage(window: Self.span(0, 10), inputSpans: [Self.span(20, 30)], hasJobs: false)
        #expect(coverage.status == .blind)
        #expect(coverage.blindSpans == [Self.span(0, 10)])
        #expect(coverage.coveredFraction == 0)
    }

    @Test func windowWithAJobIsNeverBlind() {
        // An input with a single job spans no time, yet its job lies in the window.
        let coverage = InputCoverage(window: Self.span(0, 10), inputSpans: [Self.span(5, 5)], hasJobs: true)
        #expect(coverage.status == .partial)
    }

    @Test func noInputsAreBlindEvenForAnEmptyWindow() {
        let coverage = InputCoverage(window: Self.span(5, 5), inputSpans: [], hasJobs: false)
        #expect(coverage.status == .blind)
        #expect(coverage.coveredFraction == nil)
    }
}
