import Foundation
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

/// `saltpan report`: HTML without external references, empty windows, thresholds and output files.
@Suite struct ReportCommandTests {
    static let kinds: [(String, [String])] = [
        ("nightly", ["--now", ReportCorpus.now]),
        ("audit", []),
        ("incident", IncidentReportTests.window),
    ]

    @Test(arguments: ["nightly", "audit", "incident"])
    func htmlIsSelfContained(kind: String) throws {
        let arguments = try #require(Self.kinds.first { $0.0 == kind }?.1)
        let result = try ReportCorpus.run(["report", kind, "--format", "html"] + arguments)
        #expect(result.status == 0, "\(result.standardError)")
        let html = result.standardOutput
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        for reference in ["http:", "https:", "src=", "href=", "<script", "<link", "<img", "<iframe", "url(", "@import"]
        {
            #expect(!html.contains(reference), "\(kind) contains \(reference)")
        }
    }

    @Test(arguments: ["nightly", "audit", "incident"])
    func htmlHoldsTheCharts(kind: String) throws {
        let arguments = try #require(Self.kinds.first { $0.0 == kind }?.1)
        let html = try ReportCorpus.run(["report", kind, "--format", "html"] + arguments).standardOutput
        let expected =
            kind == "incident"
            ? ["activity_over_time", "failure_rate_per_minion"]
            : ["retcode_mix_per_product", "failure_rate_per_minion", "activity_over_time"]
        for id in expected {
            #expect(html.contains("<svg id=\"\(id)\""), "\(kind) lacks \(id)")
        }

        let charts = html.components(separatedBy: "<svg ").dropFirst()
        #expect(charts.count == expected.count)
        for chart in charts {
            let end = try #require(chart.range(of: "</svg>"), "an SVG chart is not closed")
            let svg = "<svg " + chart[..<end.upperBound]
            let parser = XMLParser(data: Data(svg.utf8))
            #expect(parser.parse(), "a chart is not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "")")
            #expect(svg.contains("<rect"))
        }
    }

    @Test func htmlShowsTheSameNumbersAsJSON() throws {
        let arguments = ["--now", ReportCorpus.now]
        let html = try ReportCorpus.run(["report", "nightly", "--format", "html"] + arguments).standardOutput
        let markdown = try ReportCorpus.run(["report", "nightly"] + arguments).standardOutput
        let summary = try ReportCorpus.report("nightly", arguments).object("summary")
        let failed = try #require(summary["failed"] as? Int)
        let rate = try #require(summary["failure_rate"] as? Double)
        let percentage = String(format: "%.1f%%", rate * 100)
        #expect(html.contains("<th scope=\"row\">failed</th><td>\(failed)</td>"))
        #expect(html.contains("<td>\(percentage)</td>"))
        #expect(markdown.contains("- failed: \(failed)\n"))
        #expect(markdown.contains("- failure rate (failed ÷ returned): \(percentage)\n"))
    }

    @Test func blindWindowSaysSo() throws {
        let arguments = ["--now", "2026-01-01T00:00:00Z"]
        let report = try ReportCorpus.report("nightly", arguments)
        let header = report.object("header")
        let summary = report.object("summary")
        #expect(header["coverage"] as? String == "blind")
        #expect(summary["jobs"] as? Int == 0)
        #expect(summary["failure_rate"] is NSNull)
        #expect((summary["notices"] as? [String])?.first?.contains("saltpan is blind here") == true)

        let markdown = try ReportCorpus.run(["report", "nightly"] + arguments).standardOutput
        #expect(markdown.contains("no input covers it: saltpan is blind here"))
        #expect(markdown.contains("- failure rate (failed ÷ returned): -\n"))
        #expect(markdown.contains("No input covers this window, so there is nothing to chart."))
    }

    @Test func quietWindowSaysSo() throws {
        // Between the last health check and the next published job only an internal job ran.
        let window = ["--since", "2026-12-04T19:56:45Z", "--until", "2026-12-04T19:56:55Z"]
        #expect(try ReportCorpus.rows("jobs", window).isEmpty)

        let report = try ReportCorpus.report("nightly", window)
        #expect(report.object("header")["coverage"] as? String == "covered")
        #expect(report.object("summary")["jobs"] as? Int == 0)
        #expect((report.object("summary")["notices"] as? [String])?.first?.contains("the fleet was quiet") == true)
    }

    @Test func emptyDatabaseIsBlind() throws {
        let folder = try Saltpan.temporaryFolder()
        let database = folder + "/empty.db"
        // Ingesting a path that does not exist leaves an empty database behind.
        let ingest = try Saltpan.run(["ingest", "--db", database, folder + "/nothing"])
        #expect(ingest.status == 2)

        let result = try Saltpan.run(["report", "audit", "--db", database, "--format", "json"])
        #expect(result.status == 0, "\(result.standardError)")
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        )
        #expect(report.object("header")["coverage"] as? String == "blind")
        #expect(report.object("header")["window"] as? String == "the whole database, which contains no jobs")
        #expect(report.object("summary")["jobs"] as? Int == 0)
        #expect(report.object("summary")["missing_rate"] is NSNull)
    }

    @Test func thresholdsSetTheExitStatus() throws {
        let arguments = ["report", "nightly", "--now", ReportCorpus.now, "--format", "json"]
        let summary = try ReportCorpus.report("nightly", ["--now", ReportCorpus.now]).object("summary")
        let failed = try #require(summary["failed"] as? Int)
        let missing = try #require(summary["missing"] as? Int)
        let rate = try #require(summary["failure_rate"] as? Double)

        let cases: [([String], Int32)] = [
            (["--max-failed", "\(failed)"], 0),
            (["--max-failed", "\(failed - 1)"], 3),
            (["--max-missing", "\(missing)"], 0),
            (["--max-missing", "\(missing - 1)"], 3),
            (["--max-failure-rate", "\(rate + 0.001)"], 0),
            (["--max-failure-rate", "\(rate - 0.001)"], 3),
            (["--max-failure-rate", "100%"], 0),
            (["--max-failure-rate", "5%"], 3),
        ]
        for (options, status) in cases {
            let result = try ReportCorpus.run(arguments + options)
            #expect(result.status == status, "\(options)")
            #expect(!result.standardOutput.isEmpty, "\(options): the report is written either way")
            #expect(result.standardError.contains("threshold crossed") == (status == 3), "\(options)")
        }

        let crossed = try ReportCorpus.run(arguments + ["--max-failed", "0"])
        let object = try JSONSerialization.jsonObject(with: Data(crossed.standardOutput.utf8)) as? [String: Any]
        let notices = object?.object("summary")["crossed"] as? [String]
        #expect(notices == ["\(failed) failed returns, more than --max-failed 0"])
    }

    @Test func invalidThresholdsAreUsageErrors() throws {
        for options in [
            ["--max-failed", "ten"], ["--max-missing", "1.5"], ["--max-failure-rate", "1.5"],
            ["--max-failure-rate", "many"],
        ] {
            let result = try ReportCorpus.run(["report", "nightly"] + options)
            #expect(result.status == 64, "\(options)")
            #expect(result.standardError.contains("is invalid for '\(options[0])"), "\(options)")
        }
    }

    @Test func helpDocumentsTheExitStatus() throws {
        let result = try Saltpan.run(["report", "--help"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("3 the report was written and a --max-failed"))
        #expect(result.standardOutput.contains("--max-failure-rate <rate>"))
    }

    @Test func outputGoesToTheNamedFileOnly() throws {
        let folder = try Saltpan.temporaryFolder()
        let path = folder + "/nightly.html"
        let result = try ReportCorpus.run(
            ["report", "nightly", "--now", ReportCorpus.now, "--format", "html", "--output", path]
        )
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.isEmpty)
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(written.hasPrefix("<!DOCTYPE html>"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["nightly.html"])
    }

    /// An atomic write renamed a new regular file over the path, which replaced a link with a
    /// file and, for root, a named pipe or a device such as `/dev/null` with a file.
    @Test func outputKeepsLinksAndPipes() throws {
        let folder = try Saltpan.temporaryFolder()
        let target = folder + "/audit.md"
        let link = folder + "/latest.md"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        let linked = try ReportCorpus.run(["report", "audit", "--output", link])
        #expect(linked.status == 0, "\(linked.standardError)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
        #expect(try String(contentsOfFile: target, encoding: .utf8).hasPrefix("# saltpan audit report"))

        let pipe = folder + "/report.pipe"
        #expect(mkfifo(pipe, 0o600) == 0)
        // A plain open blocks until saltpan opens the pipe for writing, then reads to the end.
        let reader = Thread {
            let descriptor = open(pipe, O_RDONLY)
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while read(descriptor, &buffer, buffer.count) > 0 {}
            close(descriptor)
        }
        reader.start()
        let piped = try ReportCorpus.run(["report", "audit", "--output", pipe])
        #expect(piped.status == 0, "\(piped.standardError)")
        let type = try FileManager.default.attributesOfItem(atPath: pipe)[.type] as? FileAttributeType
        #expect(type != nil)
        #expect(type != .typeRegular)
    }

    @Test func outputRefusesTheDatabase() throws {
        let before = try Data(contentsOf: URL(fileURLWithPath: ReportCorpus.database))
        for path in [ReportCorpus.database, ReportCorpus.database + "-wal"] {
            let result = try ReportCorpus.run(["report", "audit", "--output", path])
            #expect(result.status == 1, "\(path)")
            #expect(result.standardError.contains("is the database or one of its files"), "\(path)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: ReportCorpus.database)) == before)
    }

    @Test func unknownReportListsTheChoices() throws {
        let result = try ReportCorpus.run(["report", "weekly"])
        #expect(result.status == 64)
        #expect(result.standardError.contains("use nightly, audit or incident"))
    }
}
