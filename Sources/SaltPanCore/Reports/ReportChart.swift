/// The data of one chart, drawn as SVG by `SVGChart`.
public struct ReportChart: Sendable {
    /// The shapes saltpan draws.
    public enum Style: Sendable {
        /// One horizontal bar per row, its length the row's first value as a fraction from 0 to 1.
        case bars
        /// One horizontal bar per row, split into one segment per series in proportion to the
        /// row's values.
        case stackedBars
        /// One group of columns per row, one column per series, the rows being consecutive time
        /// buckets.
        case timeSeries
    }

    /// One named series, such as `retcode 2` or `failed returns`.
    public struct Series: Sendable {
        /// The field name in JSON.
        public var key: String
        public var label: String
        /// The SVG fill colour, such as `#c0392b`.
        public var color: String

        public init(key: String, label: String, color: String) {
            self.key = key
            self.label = label
            self.color = color
        }
    }

    /// One bar, stacked bar or time bucket.
    public struct Row: Sendable {
        public var label: String
        /// One value per series, in series order; nil where there is none, such as the failure
        /// rate of a minion that never returned.
        public var values: [Double?]
        /// Text shown beside the bar, such as `7 of 15 (46.7%)`.
        public var annotation: String

        public init(label: String, values: [Double?], annotation: String = "") {
            self.label = label
            self.values = values
            self.annotation = annotation
        }
    }

    /// The key of the chart's data in JSON and the `id` of the SVG element.
    public var id: String
    public var title: String
    /// One sentence under the chart saying what it shows and how it was counted.
    public var caption: String
    public var style: Style
    public var series: [Series]
    public var rows: [Row]
    /// The label of the row key in JSON, such as `minion` or `bucket_start`.
    public var rowKey: String

    public init(
        id: String,
        title: String,
        caption: String,
        style: Style,
        series: [Series],
        rows: [Row],
        rowKey: String
    ) {
        self.id = id
        self.title = title
        self.caption = caption
        self.style = style
        self.series = series
        self.rows = rows
        self.rowKey = rowKey
    }
}
