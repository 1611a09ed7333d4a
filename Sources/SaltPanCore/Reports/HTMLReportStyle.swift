/// The style sheet embedded in every HTML report.
///
/// Tables scroll sideways on a narrow screen instead of squeezing their columns, and long ids
/// and comments wrap. In print, where nothing scrolls, any text may break so that wide tables
/// fit the page, rows stay whole and charts are not split across pages.
enum HTMLReportStyle {
    static let css = """
        :root { color-scheme: light; }
        body { margin: 0; background: #ffffff; color: #1a1a1a;
          font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
        main { max-width: 1240px; margin: 0 auto; padding: 16px 20px 48px; }
        h1 { font-size: 24px; margin: 8px 0 4px; }
        h2 { font-size: 19px; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 2px solid #0072B2; }
        h3 { font-size: 15px; margin: 20px 0 6px; }
        p { margin: 6px 0; max-width: 80ch; }
        p.lead { color: #444444; margin-bottom: 16px; }
        p.notice { background: #fff4e0; border-left: 4px solid #E69F00; padding: 8px 12px; max-width: none; }
        p.empty { color: #555555; font-style: italic; }
        .table-wrap { overflow-x: auto; margin: 6px 0 12px; }
        table { border-collapse: collapse; font-size: 12px; }
        table.data th, table.data td { border: 1px solid #d0d0d0; padding: 3px 7px; text-align: left;
          vertical-align: top; }
        table.data thead th { background: #eef3f8; }
        table.data tbody tr:nth-child(even) { background: #f8f8f8; }
        table.data td { max-width: 420px; overflow-wrap: break-word; }
        table.data td.token { word-break: break-all; }
        table.data td.jid { white-space: nowrap; }
        td.outcome-failed { color: #a63a00; font-weight: 600; }
        td.outcome-missing, td.outcome-conflict { color: #8a5a00; font-weight: 600; }
        tr.event-publish td { background: #eef3f8; }
        table.facts th { text-align: left; font-weight: 600; padding: 2px 16px 2px 0; vertical-align: top;
          white-space: nowrap; }
        table.facts td { padding: 2px 0; overflow-wrap: break-word; }
        .num { text-align: right !important; font-variant-numeric: tabular-nums; white-space: nowrap; }
        figure.chart { margin: 12px 0 16px; }
        figure.chart svg { max-width: 100%; height: auto; display: block; }
        figcaption { color: #444444; font-size: 12.5px; margin-top: 4px; max-width: 80ch; }
        @page { size: A4; margin: 12mm; }
        @media print {
          body { font-size: 10pt; }
          main { max-width: none; padding: 0; }
          h2 { break-after: avoid; }
          .table-wrap { overflow: visible; }
          table.data { font-size: 8pt; }
          table.data td { max-width: none; overflow-wrap: anywhere; }
          table.data td.time { overflow-wrap: normal; }
          tr, figure.chart { break-inside: avoid; }
          thead { display: table-header-group; }
          p.notice { border: 1px solid #E69F00; }
        }

        """
}
