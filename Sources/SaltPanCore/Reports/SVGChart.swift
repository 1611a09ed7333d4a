/// Draws a `ReportChart` as SVG: bars, stacked bars or a time series of columns.
///
/// The SVG uses no scripts, fonts or images from elsewhere, so it displays in a mailed HTML file
/// and in print. All text is escaped, and labels too long for their space are cut with `…` and
/// kept whole in a `<title>` tooltip.
public enum SVGChart {
    static let width = 760.0
    static let fontFamily = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"
    static let fontSize = 12.0
    static let rowHeight = 24.0
    /// The width of a character as a share of the font size: an upper estimate for digits and
    /// lower-case letters in common sans-serif fonts, used to decide where labels are cut.
    static let characterWidth = 0.64

    /// Returns the chart as one `<svg>` element for inline use in HTML, which needs no namespace.
    public static func render(_ chart: ReportChart) -> String {
        let body: (height: Double, content: String)
        switch chart.style {
        case .bars: body = bars(chart)
        case .stackedBars: body = stackedBars(chart)
        case .timeSeries: body = timeSeries(chart)
        }
        return """
            <svg id="\(escape(chart.id))" class="chart" role="img" viewBox="0 0 \(number(width)) \
            \(number(body.height))" width="\(number(width))" height="\(number(body.height))" \
            font-family="\(escape(fontFamily))" font-size="\(number(fontSize))">
            <title>\(escape(chart.title))</title>
            <desc>\(escape(chart.caption))</desc>
            <rect x="0" y="0" width="\(number(width))" height="\(number(body.height))" fill="#ffffff"/>
            \(body.content)</svg>
            """
    }

    // MARK: - Bars

    private static func bars(_ chart: ReportChart) -> (height: Double, content: String) {
        let labelWidth = 210.0
        let barWidth = 330.0
        let top = 28.0
        var content = axis(x: labelWidth, width: barWidth, top: top, rows: chart.rows.count)
        for (index, row) in chart.rows.enumerated() {
            let y = top + Double(index) * rowHeight
            let value = min(max((row.values.first ?? 0) ?? 0, 0), 1)
            content += label(row.label, x: labelWidth - 8, y: y + 16, maximumWidth: labelWidth - 12)
            content += rect(
                x: labelWidth,
                y: y + 5,
                width: value * barWidth,
                height: 14,
                color: chart.series.first?.color
            )
            content += text(row.annotation, x: labelWidth + barWidth + 8, y: y + 16, anchor: "start")
        }
        return (top + Double(chart.rows.count) * rowHeight + 10, content)
    }

    /// Draws the percentage grid above and through the bars.
    private static func axis(x: Double, width: Double, top: Double, rows: Int) -> String {
        var content = ""
        let bottom = top + Double(rows) * rowHeight
        for step in 0...4 {
            let lineX = x + width * Double(step) / 4
            content += line(x1: lineX, y1: top, x2: lineX, y2: bottom, color: step == 0 ? "#555555" : "#dddddd")
            content += text("\(step * 25)%", x: lineX, y: top - 8, anchor: "middle", color: "#555555")
        }
        return content
    }

    // MARK: - Stacked bars

    private static func stackedBars(_ chart: ReportChart) -> (height: Double, content: String) {
        let labelWidth = 290.0
        let barWidth = 370.0
        let (legendHeight, legendContent) = legend(chart.series, top: 8)
        let top = legendHeight + 16
        var content = legendContent
        for (index, row) in chart.rows.enumerated() {
            let y = top + Double(index) * rowHeight
            let values = row.values.map { $0 ?? 0 }
            let total = values.reduce(0, +)
            content += label(row.label, x: labelWidth - 8, y: y + 16, maximumWidth: labelWidth - 12)
            var x = labelWidth
            for (series, value) in zip(chart.series, values) where value > 0 && total > 0 {
                let segment = value / total * barWidth
                let share = ReportRenderer.percentage(value / total)
                content += "<g><title>\(escape("\(row.label): \(series.label) \(Int(value)) (\(share))"))</title>"
                content += rect(x: x, y: y + 4, width: segment, height: 16, color: series.color) + "</g>\n"
                x += segment
            }
            content += rect(x: labelWidth, y: y + 4, width: barWidth, height: 16, color: nil, stroke: "#555555")
            content += text(row.annotation, x: labelWidth + barWidth + 8, y: y + 16, anchor: "start")
        }
        return (top + Double(chart.rows.count) * rowHeight + 10, content)
    }

    /// Draws one coloured square and label per series, wrapping to new lines; returns the height.
    private static func legend(_ series: [ReportChart.Series], top: Double) -> (height: Double, content: String) {
        var content = ""
        var x = 10.0
        var y = top
        for entry in series {
            let entryWidth = 22 + Double(entry.label.count) * fontSize * characterWidth + 14
            if x + entryWidth > width - 10 {
                x = 10
                y += 18
            }
            content += rect(x: x, y: y + 2, width: 12, height: 12, color: entry.color)
            content += text(entry.label, x: x + 17, y: y + 12, anchor: "start")
            x += entryWidth
        }
        return (y + 16, content)
    }

    // MARK: - Time series

    private static func timeSeries(_ chart: ReportChart) -> (height: Double, content: String) {
        let (legendHeight, legendContent) = legend(chart.series, top: 8)
        let left = 50.0
        let right = width - 16
        let top = legendHeight + 20
        let plotHeight = 200.0
        let bottom = top + plotHeight
        let maximum = niceMaximum(chart.rows.flatMap(\.values).compactMap { $0 }.max() ?? 0)

        var content = legendContent
        for step in 0...4 {
            let value = maximum * Double(step) / 4
            let y = bottom - plotHeight * Double(step) / 4
            content += line(x1: left, y1: y, x2: right, y2: y, color: step == 0 ? "#555555" : "#dddddd")
            content += text(number(value), x: left - 6, y: y + 4, anchor: "end", color: "#555555")
        }

        let slot = (right - left) / Double(max(chart.rows.count, 1))
        let columnWidth = max(1, (slot - 2) / Double(max(chart.series.count, 1)))
        let labelEvery = max(1, Int((90 / slot).rounded(.up)))
        for (index, row) in chart.rows.enumerated() {
            let x = left + slot * Double(index) + 1
            for (seriesIndex, series) in chart.series.enumerated() {
                let value = (row.values.indices.contains(seriesIndex) ? row.values[seriesIndex] : nil) ?? 0
                guard value > 0 else { continue }
                let height = plotHeight * value / maximum
                let columnX = x + columnWidth * Double(seriesIndex)
                content += "<g><title>\(escape("\(row.label): \(number(value)) \(series.label)"))</title>"
                content += rect(x: columnX, y: bottom - height, width: columnWidth, height: height, color: series.color)
                content += "</g>\n"
            }
            if index % labelEvery == 0 {
                content += line(x1: x - 1, y1: bottom, x2: x - 1, y2: bottom + 4, color: "#555555")
                content += text(timeLabel(row.label), x: x - 1, y: bottom + 16, anchor: "middle", color: "#555555")
            }
        }
        return (bottom + 26, content)
    }

    /// Returns the smallest of 4, 8, 12, 20, 40, 80, 120, 200, … that is at least `value`, so each of the
    /// four grid steps is a round number.
    static func niceMaximum(_ value: Double) -> Double {
        var scale = 1.0
        while true {
            for multiple in [4.0, 8.0, 12.0, 20.0] where multiple * scale >= value {
                return multiple * scale
            }
            scale *= 10
        }
    }

    /// `hh:mm:ss` of an ISO time label, or the whole label when it is not one.
    private static func timeLabel(_ label: String) -> String {
        guard let time = Timestamp(iso8601: label) else { return label }
        let fields = time.components()
        func pad(_ number: Int) -> String { number < 10 ? "0\(number)" : "\(number)" }
        if fields.hour == 0, fields.minute == 0, fields.second == 0 {
            return "\(fields.year)-\(pad(fields.month))-\(pad(fields.day))"
        }
        return "\(pad(fields.hour)):\(pad(fields.minute)):\(pad(fields.second))"
    }

    // MARK: - Elements

    private static func label(_ label: String, x: Double, y: Double, maximumWidth: Double) -> String {
        let maximumCharacters = max(4, Int(maximumWidth / (fontSize * characterWidth)))
        guard label.count > maximumCharacters else { return text(label, x: x, y: y, anchor: "end") }
        let short = String(label.prefix(maximumCharacters - 1)) + "…"
        return "<g><title>\(escape(label))</title>" + text(short, x: x, y: y, anchor: "end") + "</g>\n"
    }

    private static func text(_ text: String, x: Double, y: Double, anchor: String, color: String = "#222222") -> String
    {
        "<text x=\"\(number(x))\" y=\"\(number(y))\" text-anchor=\"\(anchor)\" fill=\"\(color)\">\(escape(text))</text>\n"
    }

    private static func rect(
        x: Double,
        y: Double,
        width: Double,
        height: Double,
        color: String?,
        stroke: String? = nil
    ) -> String {
        let fill = color.map { "fill=\"\(escape($0))\"" } ?? "fill=\"none\""
        let outline = stroke.map { " stroke=\"\(escape($0))\" stroke-width=\"1\"" } ?? ""
        return "<rect x=\"\(number(x))\" y=\"\(number(y))\" width=\"\(number(width))\" height=\"\(number(height))\" "
            + "\(fill)\(outline)/>\n"
    }

    private static func line(x1: Double, y1: Double, x2: Double, y2: Double, color: String) -> String {
        "<line x1=\"\(number(x1))\" y1=\"\(number(y1))\" x2=\"\(number(x2))\" y2=\"\(number(y2))\" "
            + "stroke=\"\(color)\" stroke-width=\"1\"/>\n"
    }

    /// Formats a coordinate or count with at most one decimal, the same on every platform.
    static func number(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let magnitude = abs(tenths)
        return magnitude % 10 == 0 ? "\(sign)\(magnitude / 10)" : "\(sign)\(magnitude / 10).\(magnitude % 10)"
    }

    /// Escapes text for SVG and HTML content and attribute values.
    ///
    /// Control characters are shown as `ControlPictures.line(_:)` shows them, because XML 1.0
    /// forbids C0 controls other than tab, LF and CR and forbids U+FFFE and U+FFFF, and labels
    /// and table cells hold minion ids and output from minions.
    public static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in ControlPictures.line(text) {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
