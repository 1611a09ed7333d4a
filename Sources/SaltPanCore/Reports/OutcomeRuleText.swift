/// The outcome rule in words, for the header and the audit appendix of every report.
///
/// It restates `OutcomeRule` and the README's outcome table; change all three together.
enum OutcomeRuleText {
    /// The rule in one paragraph.
    static let paragraph = """
        Every return gets one outcome, computed at ingest by one rule that takes Salt's signals in \
        order, the first that applies deciding: a return saying the function is already running is a \
        conflict; a state run that returned a list of strings did not compile and failed; a non-zero \
        retcode failed; a state run with a state whose result is false failed, even with retcode 0; \
        runner and wheel jobs are judged by the success and retcode nested in their return; retcode 0 \
        succeeded; a return with only success follows it, marked weak; anything else is unknown. An \
        expected minion with no return in any input is missing, and without an expected-minion list \
        missing is unknown rather than zero. The failure rate is failed ÷ returned, the missing rate \
        missing ÷ targeted (returns plus missing).
        """

    /// The rule as numbered steps, for the audit appendix.
    static let steps: [(condition: String, outcome: String)] = [
        ("The return says the function is already running (… is running as PID … with jid …)", "conflict"),
        ("A state.* function returned a list of strings (render error, missing SLS)", "failed: did not compile"),
        ("A retcode is present and not 0", "failed: retcode N"),
        ("A state run has a state with result: false", "failed, even with retcode 0"),
        ("A runner.* or wheel.* job", "judged by the success and retcode nested in its return"),
        ("Retcode 0", "succeeded; a test=True run says how many states would change"),
        ("Only success is present", "follows it, marked weak"),
        ("Nothing usable", "unknown"),
        ("Expected (listed in .minions.p) with no return in any input", "missing"),
    ]

    /// Returns the steps as a table.
    static func table() -> ReportTable {
        var table = ReportTable([
            .init("step", "STEP", .right), .init("condition", "CONDITION"), .init("outcome", "OUTCOME"),
        ])
        for (index, step) in steps.enumerated() {
            table.append([.count(index + 1), .text(step.condition), .text(step.outcome)])
        }
        return table
    }
}
