import Foundation
import Testing

/// Minion ids and outputs that carry markup or control characters, in every output format.
///
/// Minion ids are whatever the minions' configuration names, and a return's output is whatever
/// the command printed. The event log is built here, in the form of the real log in
/// `fixtures/salt-3008/events.jsonl`, because the corpus has no such ids.
@Suite(.serialized) struct HostileTextTests {
    static let jid = "20261204195000482183"
    static let escapeMinion = "\u{1B}[2Jwiped"
    static let newlineMinion = "evil\nline"
    static let htmlMinion = "<img src=x onerror=alert(1)>"
    static let output = "done ![pixel](http://example.com/p.png) \u{1B}]0;title\u{07}"

    /// One database for the suite, with one `cmd.run` job on these minions.
    static let database: String = {
        do {
            let folder = try Saltpan.temporaryFolder()
            let minions = [escapeMinion, newlineMinion, htmlMinion]
            var lines = [
                try Saltpan.eventLine(
                    tag: "salt/job/\(jid)/new",
                    data: [
                        "jid": jid, "tgt_type": "list", "tgt": minions, "user": "root", "fun": "cmd.run",
                        "arg": ["true"], "minions": minions, "missing": [String](),
                        "_stamp": "2026-12-04T19:50:00.484997+00:00",
                    ]
                )
            ]
            for (index, minion) in minions.enumerated() {
                lines.append(
                    try Saltpan.eventLine(
                        tag: "salt/job/\(jid)/ret/\(minion)",
                        data: [
                            "cmd": "_return", "id": minion, "fun": "cmd.run", "fun_args": ["true"], "jid": jid,
                            "return": output, "retcode": index, "success": index == 0,
                            "_stamp": "2026-12-04T19:50:01.000000+00:00",
                        ]
                    )
                )
            }
            let events = folder + "/events.jsonl"
            try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: events))

            let path = folder + "/saltpan.db"
            let result = try Saltpan.run(["ingest", "--db", path, events])
            precondition(result.status == 0, "ingest failed: \(result.standardError)")
            return path
        } catch {
            fatalError("cannot prepare the database: \(error)")
        }
    }()

    static func run(_ arguments: [String]) throws -> String {
        let result = try Saltpan.run(arguments + ["--db", database])
        #expect(result.status == 0, "\(result.standardError)")
        return result.standardOutput
    }

    @Test func jobTableHasNoControlCharacters() throws {
        for arguments in [["job", Self.jid], ["job", "--full", Self.jid]] {
            let text = try Self.run(arguments)
            #expect(!text.contains("\u{1B}"), "\(arguments)")
            #expect(text.contains("␛[2Jwiped"), "\(arguments)")
            #expect(text.contains("evil␊line"), "\(arguments)")
        }
    }

    @Test func jobTableRowsStayOneLine() throws {
        let text = try Self.run(["job", Self.jid])
        let rows = text.split(separator: "\n").filter { $0.contains("done ![pixel]") }
        #expect(rows.count == 3)
        #expect(rows.contains { $0.hasPrefix("evil␊line ") })
    }

    /// A Markdown viewer renders raw HTML and loads images, so ids and outputs are escaped.
    @Test func markdownEscapesMarkup() throws {
        let failures = try Self.run(["failures", "--format", "md"])
        #expect(failures.contains(#"| \<img src=x onerror=alert(1)> |"#))
        #expect(!failures.contains("| <img"))

        let report = try Self.run(["report", "audit", "--format", "md"])
        #expect(report.contains(#"done !\[pixel\](http://example.com/p.png)"#))
        #expect(!report.contains("![pixel]"))
        #expect(!report.replacing(#"\<img"#, with: "").contains("<img"))
        #expect(!report.contains("\u{1B}"))
    }

    /// An ingest warning quotes the minion id, and prints it without its escape sequence.
    @Test func ingestWarningHasNoControlCharacters() throws {
        let folder = try Saltpan.temporaryFolder()
        let events = folder + "/events.jsonl"
        let data: [String: Any] = [
            "cmd": "_return", "id": Self.escapeMinion, "fun": "cmd.run", "fun_args": ["true"], "jid": Self.jid,
            "return": "", "retcode": "one", "success": true,
        ]
        let event = try Saltpan.eventLine(tag: "salt/job/\(Self.jid)/ret/\(Self.escapeMinion)", data: data)
        try Data(event.utf8).write(to: URL(fileURLWithPath: events))

        let result = try Saltpan.run(["ingest", "--db", folder + "/saltpan.db", events])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardError.contains("retcode 'one' of minion '␛[2Jwiped'"))
        #expect(!result.standardError.contains("\u{1B}"))
    }
}
