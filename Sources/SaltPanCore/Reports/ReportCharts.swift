/// The charts the reports share, built from the results of the query commands.
enum ReportCharts {
    /// Builds one bar per minion: its failure rate, as `saltpan failures --by minion` computes it.
    ///
    /// Minions that never returned have no failure rate and get no bar, and their annotation
    /// reads `no returns`.
    static func failureRates(_ rates: [FailureRate]) -> ReportChart {
        ReportChart(
            id: "failure_rate_per_minion",
            title: "Failure rate per minion",
            caption: "Failed returns ÷ returns for each minion, worst first; the text gives the counts and "
                + "the missing minion results.",
            style: .bars,
            series: [.init(key: "failure_rate", label: "failure rate", color: ChartColors.failed)],
            rows: rates.map { rate in
                let share = rate.failureRate.map(ReportRenderer.percentage) ?? "no returns"
                var annotation = "\(rate.failed) of \(rate.returned) (\(share))"
                if rate.missing > 0 { annotation += ", \(rate.missing) missing" }
                return ReportChart.Row(
                    label: rate.key ?? "(none)",
                    values: [rate.failureRate],
                    annotation: annotation
                )
            },
            rowKey: "minion"
        )
    }

    /// Builds one stacked bar per product: its returns per retcode, returns without one and missing
    /// minions, as `saltpan retcodes --by product` counts them.
    static func retcodeMix(_ breakdown: RetcodeBreakdown) -> ReportChart {
        var series: [ReportChart.Series] = []
        var otherIndex = 0
        for retcode in breakdown.retcodes {
            let color: String
            if retcode == 0 {
                color = ChartColors.succeeded
            } else {
                color = ChartColors.retcodes[otherIndex % ChartColors.retcodes.count]
                otherIndex += 1
            }
            series.append(.init(key: "retcode_\(retcode)", label: "retcode \(retcode)", color: color))
        }
        series.append(.init(key: "no_retcode", label: "no retcode", color: ChartColors.noRetcode))
        series.append(.init(key: "missing", label: "missing", color: ChartColors.missing))

        let rows = breakdown.groups.map { group in
            let counts = breakdown.retcodes.map { group.retcodes[$0] ?? 0 } + [group.noRetcode, group.missing]
            return ReportChart.Row(
                label: group.key ?? "(no product)",
                values: counts.map(Double.init),
                annotation: "\(group.total) results"
            )
        }
        return ReportChart(
            id: "retcode_mix_per_product",
            title: "Retcode mix per product",
            caption: "Each bar is one product's minion results, split by retcode; grey returns carried no "
                + "retcode, and missing minions never returned.",
            style: .stackedBars,
            series: series,
            rows: rows,
            rowKey: "product"
        )
    }
}
