import Foundation
import Testing

/// The reports in `reports/` are what `scripts/render-reports` makes from `fixtures/` with the
/// saltpan of this build, byte for byte.
@Suite struct ReportRegenerationTests {
    static let files =
        ["nightly", "audit", "incident"].flatMap { ["\($0).md", "\($0).html"] } + ["nightly-failure-rates.svg"]

    @Test func committedReportsAreCurrent() throws {
        let folder = try Saltpan.temporaryFolder()
        let script = Saltpan.repositoryRoot.appendingPathComponent("scripts/render-reports").path
        try Saltpan.runTool("/bin/bash", [script, "--bin", Saltpan.executable.path, "--out", folder])

        for name in Self.files {
            let committed = Saltpan.repositoryRoot.appendingPathComponent("reports/\(name)")
            let expected = try Data(contentsOf: committed)
            let actual = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
            #expect(
                actual == expected,
                "reports/\(name) differs from a fresh render; run scripts/render-reports and review the change"
            )
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == Self.files.sorted())
    }
}
