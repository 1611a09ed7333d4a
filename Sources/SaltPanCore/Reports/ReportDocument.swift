/// A report laid out as sections of text, facts, tables and charts, independent of the format.
///
/// The nightly, audit and incident reports each build one document; `MarkdownWriter`,
/// `HTMLReportWriter` and `ReportJSON` write it. Because every format reads the same document,
/// they hold the same numbers.
public struct ReportDocument: Sendable {
    /// `nightly`, `audit` or `incident`, the `report` field in JSON.
    public var kind: ReportKind
    public var title: String
    public var header: ReportHeader
    public var sections: [ReportSection]

    public init(kind: ReportKind, title: String, header: ReportHeader, sections: [ReportSection]) {
        self.kind = kind
        self.title = title
        self.header = header
        self.sections = sections
    }
}

/// The three reports `saltpan report` writes.
public enum ReportKind: String, Sendable, CaseIterable {
    /// The summary of the last 24 hours a cron job mails to the team.
    case nightly
    /// The record of what ran, who ran it and every exception, for a compliance reviewer.
    case audit
    /// A time-ordered timeline of one window, for a post-incident review.
    case incident
}

/// One part of a report, with a heading.
public struct ReportSection: Sendable {
    /// The key of the section in JSON, such as `products`.
    public var id: String
    public var title: String
    public var blocks: [ReportBlock]

    public init(id: String, title: String, blocks: [ReportBlock]) {
        self.id = id
        self.title = title
        self.blocks = blocks
    }
}

/// A piece of a section.
public enum ReportBlock: Sendable {
    /// A heading inside the section, such as the title of the table that follows.
    case subheading(String)
    /// Plain text; writers escape it for their format.
    case paragraph(String)
    /// A statement the reader must not miss, such as a blind window or a crossed threshold.
    case notice(String)
    /// Named values shown as a two-column list, and as fields of the section in JSON.
    case facts([ReportFact])
    /// Rows under a key of the section in JSON; `emptyText` replaces a table without rows.
    case table(id: String, ReportTable, emptyText: String)
    /// A chart in HTML, whose data is written under the chart's id in JSON.
    case chart(ReportChart)
}

/// One named value of a report.
public struct ReportFact: Sendable {
    /// The field name in JSON, such as `failure_rate`.
    public var key: String
    /// The label people read, such as `failure rate`.
    public var label: String
    public var value: ReportTable.Cell

    public init(_ key: String, _ label: String, _ value: ReportTable.Cell) {
        self.key = key
        self.label = label
        self.value = value
    }
}
