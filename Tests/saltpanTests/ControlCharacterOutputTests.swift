import Foundation
import Testing

/// Control characters in a minion id, a state id and a return, in every command and format.
///
/// The corpus in `fixtures/` has no such text, so the event log is built here in the form of
/// `fixtures/salt-3008/events.jsonl`. The `cmd.run` job stands for the ANSI-coloured output of
/// `ls --color=always` on a Windows minion (CRLF line ends) that also printed NUL, BEL and DEL;
/// the `state.apply` job has a failed state whose id and comment carry the same characters.
@Suite(.serialized) struct ControlCharacterOutputTests {
    static let commandJid = "20261204195000482183"
    static let stateJid = "20261204195100482183"
    static let minion = "web\u{1B}[2J01\u{0}\r\u{7}\u{7F}"
    static let stateId = "migrate\u{1B}[31m\u{0}\r\u{7}\u{7F}"
    static let output = "\u{1B}[0;32mok\u{1B}[0m\r\n\u{0}\u{7}\u{7F}"

    /// The minion id, state id and output as the terminal and Markdown formats show them.
    static let shownMinion = "web␛[2J01␀␍␇␡"
    static let shownStateId = "migrate␛[31m␀␍␇␡"
    static let shownOutput = "␛[0;32mok␛[0m␍␊␀␇␡"

    static let database: String = {
        do {
            let folder = try Saltpan.temporaryFolder()
            let events = folder + "/events.jsonl"
            try Data(try eventLines().joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: events))

            let path = folder + "/saltpan.db"
            let result = try Saltpan.run(["ingest", "--db", path, events])
            precondition(result.status == 0, "ingest failed: \(result.standardError)")
            return path
        } catch {
            fatalError("cannot prepare the database: \(error)")
        }
    }()

    static func eventLines() throws -> [String] {
        let stateKey = "cmd_|-\(stateId)_|-/bin/migrate_|-run"
        let state: [String: Any] = [
            "result": false, "comment": output, "name": "/bin/migrate", "__id__": stateId, "__sls__": "db",
            "changes": [String: Any](), "__run_num__": 0, "duration": 1.5, "start_time": "19:51:01.000000",
        ]
        return [
            try load(jid: commandJid, function: "cmd.run", argument: "ls --color=always", minute: "50"),
            try ret(jid: commandJid, function: "cmd.run", value: output, retcode: 1, minute: "50"),
            try load(jid: stateJid, function: "state.apply", argument: "db", minute: "51"),
            try ret(jid: stateJid, function: "state.apply", value: [stateKey: state], retcode: 2, minute: "51"),
        ]
    }

    static func load(jid: String, function: String, argument: String, minute: String) throws -> String {
        try Saltpan.eventLine(
            tag: "salt/job/\(jid)/new",
            data: [
                "jid": jid, "tgt_type": "glob", "tgt": "web*", "user": "root", "fun": function, "arg": [argument],
                "minions": [minion], "missing": [String](), "_stamp": "2026-12-04T19:\(minute):00.484997+00:00",
            ]
        )
    }

    static func ret(jid: String, function: String, value: Any, retcode: Int, minute: String) throws -> String {
        try Saltpan.eventLine(
            tag: "salt/job/\(jid)/ret/\(minion)",
            data: [
                "cmd": "_return", "id": minion, "fun": function, "fun_args": [String](), "jid": jid,
                "return": value, "retcode": retcode, "success": false,
                "_stamp": "2026-12-04T19:\(minute):02.000000+00:00",
            ]
        )
    }

    static func run(_ arguments: [String]) throws -> String {
        let result = try Saltpan.run(arguments + ["--db", database])
        #expect(result.status == 0, "\(result.standardError)")
        return result.standardOutput
    }

    /// Returns the control characters in `text` other than line feeds.
    static func rawControls(in text: String) -> [Unicode.Scalar] {
        text.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n") || $0.value == 0x7F }
    }

    /// Returns the scalars XML 1.0 forbids in a document.
    static func xmlForbidden(in text: String) -> [Unicode.Scalar] {
        text.unicodeScalars.filter {
            ($0.value < 0x20 && $0 != "\t" && $0 != "\n" && $0 != "\r") || $0 == "\u{FFFE}" || $0 == "\u{FFFF}"
        }
    }

    static func lines(_ text: String) -> [Substring] {
        text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    @Test func jobTableShowsControls() throws {
        let text = try Self.run(["job", Self.commandJid])
        let row = "\(Self.shownMinion)  failed         1  false    retcode 1  ␛[0;32mok␛[0m (+1 lines)"
        #expect(Self.lines(text).contains(Substring(row)))
        #expect(Self.rawControls(in: text).isEmpty)
    }

    /// The whole return keeps its line break, and the CR of its CRLF line end is dropped.
    @Test func jobFullShowsWholeOutput() throws {
        let text = try Self.run(["job", "--full", Self.commandJid])
        #expect(text.hasSuffix("\n--- \(Self.shownMinion) (failed)\n␛[0;32mok␛[0m\n␀␇␡\n"))
        #expect(Self.rawControls(in: text).isEmpty)
    }

    /// JSON escapes C0 controls as RFC 8259 requires and writes DEL as it is.
    @Test func jobJSONEscapesControls() throws {
        let text = try Self.run(["job", "--format", "json", Self.commandJid])
        #expect(text.contains(#""minion": "web\u001b[2J01\u0000\r\u0007"# + "\u{7F}\""))
        #expect(text.contains(#""return": "\u001b[0;32mok\u001b[0m\r\n\u0000\u0007"# + "\u{7F}\""))
    }

    @Test func statesTableShowsControls() throws {
        let text = try Self.run(["states"])
        let row =
            "failed   db   \(Self.shownStateId)  cmd.run         1     1  \(Self.stateJid)  \(Self.stateJid)  "
            + "\(Self.shownMinion)  \(Self.shownOutput)"
        #expect(Self.lines(text)[2] == Substring(row))
        #expect(Self.rawControls(in: text).isEmpty)
    }

    @Test func statesMarkdownShowsControls() throws {
        let text = try Self.run(["states", "--format", "md"])
        let row =
            "| failed | db | migrate␛\\[31m␀␍␇␡ | cmd.run | 1 | 1 | \(Self.stateJid) | \(Self.stateJid) | "
            + "web␛\\[2J01␀␍␇␡ | ␛\\[0;32mok␛\\[0m␍␊␀␇␡ |"
        #expect(Self.lines(text)[2] == Substring(row))
        #expect(Self.rawControls(in: text).isEmpty)
    }

    /// CSV keeps the bytes the minion sent, in quoted fields.
    @Test func statesCSVKeepsControls() throws {
        let text = try Self.run(["states", "--format", "csv"])
        let record =
            "failed,db,\"\(Self.stateId)\",cmd.run,1,1,\(Self.stateJid),\(Self.stateJid),"
            + "\"\(Self.minion)\",\"\(Self.output)\"\n"
        #expect(text.hasSuffix(record))
    }

    @Test func statesJSONEscapesControls() throws {
        let text = try Self.run(["states", "--format", "json"])
        #expect(text.contains(#""state_id": "migrate\u001b[31m\u0000\r\u0007"# + "\u{7F}\""))
    }

    @Test func failuresShowControls() throws {
        let counts = "2         2       2        0        0         0        100.0%          0.0%       2"
        let table = try Self.run(["failures"])
        #expect(Self.lines(table)[2] == Substring("\(Self.shownMinion)  minion         \(counts)  \(Self.stateJid)"))
        #expect(Self.rawControls(in: table).isEmpty)

        let markdown = try Self.run(["failures", "--format", "md"])
        let row = "| web␛\\[2J01␀␍␇␡ | minion | 2 | 2 | 2 | 0 | 0 | 0 | 100.0% | 0.0% | 2 | \(Self.stateJid) |"
        #expect(Self.lines(markdown)[2] == Substring(row))
        #expect(Self.rawControls(in: markdown).isEmpty)

        let csv = try Self.run(["failures", "--format", "csv"])
        #expect(Self.lines(csv)[1] == Substring("\"\(Self.minion)\",minion,2,2,2,0,0,0,1.0,0.0,2,\(Self.stateJid)"))
    }

    @Test func searchShowsControls() throws {
        let text = try Self.run(["search", "32mok"])
        let row =
            "\(Self.commandJid)  \(Self.shownMinion)  cmd.run      2026-12-04T19:50:00.484997Z  "
            + "␛[0;**32mok**␛[0m␍␊"
        #expect(Self.lines(text)[3] == Substring(row))
        #expect(Self.rawControls(in: text).isEmpty)
    }

    @Test func sqlShowsControls() throws {
        let query = "SELECT DISTINCT minion FROM returns"
        let table = try Self.run(["sql", query])
        #expect(table == "minion\n-------------\n\(Self.shownMinion)\n")

        let markdown = try Self.run(["sql", "--format", "md", query])
        #expect(markdown == "| minion |\n| --- |\n| web␛\\[2J01␀␍␇␡ |\n")

        let csv = try Self.run(["sql", "--format", "csv", query])
        #expect(csv == "minion\n\"\(Self.minion)\"\n")
    }

    /// Every report in HTML is valid XML text, with the ids and outputs shown as in Markdown.
    @Test(arguments: ["audit", "nightly", "incident"])
    func htmlReportShowsControls(kind: String) throws {
        let html = try Self.run(["report", kind, "--format", "html", "--since", "2026120419", "--until", "2026120420"])
        #expect(Self.xmlForbidden(in: html).isEmpty)
        #expect(html.contains(Self.shownMinion))
    }

    @Test func auditReportShowsControls() throws {
        let window = ["--since", "2026120419", "--until", "2026120420"]
        let html = try Self.run(["report", "audit", "--format", "html"] + window)
        #expect(html.contains("<td>\(Self.shownStateId)</td><td>\(Self.shownStateId): \(Self.shownOutput)</td>"))

        let markdown = try Self.run(["report", "audit", "--format", "md"] + window)
        #expect(markdown.contains("| migrate␛\\[31m␀␍␇␡ | migrate␛\\[31m␀␍␇␡: ␛\\[0;32mok␛\\[0m␍␊␀␇␡ |"))
        #expect(Self.rawControls(in: markdown).isEmpty)
    }
}
