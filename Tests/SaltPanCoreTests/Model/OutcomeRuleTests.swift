import Testing

@testable import SaltPanCore

/// Each case of the outcome rule, on values shaped like the real returns they stand for.
@Suite struct OutcomeRuleTests {
    /// A state result as `state.apply` stores it, keyed by its state tag.
    static func state(_ id: String, result: Value, comment: String = "", run: Int64 = 0) -> Value.MapEntry {
        Value.MapEntry(
            key: .string("cmd_|-\(id)_|-echo \(id)_|-run"),
            value: .object([
                "name": .string("echo \(id)"), "result": result, "comment": .string(comment),
                "changes": .object([:]), "__id__": .string(id), "__sls__": .string("webapp"),
                "__run_num__": .int(run), "duration": .double(11.929),
            ])
        )
    }

    @Test func nonZeroRetcodeFails() {
        // `cmd.run 'echo about to fail; exit 1'`: retcode 1, success false.
        let verdict = OutcomeRule.verdict(
            function: "cmd.run",
            retcode: 1,
            success: false,
            value: .string("about to fail")
        )
        #expect(verdict.outcome == .failed)
        #expect(verdict.cause == "retcode 1")
    }

    @Test func falseReturnWithRetcodeZeroSucceeds() {
        // `test.false`: the return is false, but retcode 0 and success true.
        let verdict = OutcomeRule.verdict(function: "test.false", retcode: 0, success: true, value: .bool(false))
        #expect(verdict.outcome == .succeeded)
        #expect(OutcomeRule.exitSuccess(.bool(false)) == false)
    }

    @Test func stateListDidNotCompile() {
        // `state.apply broken`: a render error comes back as a list of strings with retcode 1.
        let value = Value.array([.string("Rendering SLS 'base:broken' failed: while parsing a flow sequence")])
        let verdict = OutcomeRule.verdict(function: "state.apply", retcode: 1, success: false, value: value)
        #expect(verdict.outcome == .failed)
        #expect(verdict.cause == "did not compile")
    }

    @Test func pillarRenderError() {
        let value = Value.array([.string("Pillar failed to render with the following messages:")])
        let verdict = OutcomeRule.verdict(function: "state.highstate", retcode: 5, success: false, value: value)
        #expect(verdict.cause == "pillar")
    }

    @Test func failedStateWithRetcodeZeroStillFails() {
        // Older minions return retcode 0 even when a state failed.
        let value = Value.map([Self.state("webapp_healthcheck", result: .bool(false), run: 7)])
        let verdict = OutcomeRule.verdict(function: "state.apply", retcode: 0, success: true, value: value)
        #expect(verdict.outcome == .failed)
        #expect(verdict.cause == "1 of 1 states failed")
        #expect(verdict.inconsistency == "retcode 0 although a state failed")
    }

    @Test func retcodeWithoutFailedStateIsFlagged() {
        let value = Value.map([Self.state("motd", result: .bool(true))])
        let verdict = OutcomeRule.verdict(function: "state.apply", retcode: 2, success: false, value: value)
        #expect(verdict.outcome == .failed)
        #expect(verdict.inconsistency == "non-zero retcode although every state passed")
    }

    @Test func testRunSaysWhatWouldChange() {
        // `state.apply test=True`: result null where a state would change something.
        let value = Value.map([Self.state("motd", result: .null), Self.state("nginx", result: .bool(true), run: 1)])
        let verdict = OutcomeRule.verdict(function: "state.apply", retcode: 0, success: true, value: value)
        #expect(verdict.outcome == .succeeded)
        #expect(verdict.cause == "test run: 1 of 2 states would change")
    }

    @Test func runnerJudgedByNestedFields() {
        // `salt-run state.orchestrate orch.failing`: return.p holds the runner data with
        // success false and return.retcode 1, and no top-level retcode.
        let value = Value.object([
            "fun": .string("runner.state.orchestrate"), "success": .bool(false),
            "return": .object(["retcode": .int(1), "outputter": .string("highstate")]),
        ])
        let verdict = OutcomeRule.verdict(
            function: "runner.state.orchestrate",
            retcode: nil,
            success: nil,
            value: value
        )
        #expect(verdict.outcome == .failed)
        #expect(verdict.cause == "runner retcode 1")

        let passing = Value.object(["fun": .string("runner.test.arg"), "success": .bool(true)])
        #expect(
            OutcomeRule.verdict(function: "runner.test.arg", retcode: nil, success: nil, value: passing).outcome
                == .succeeded
        )
    }

    @Test func successAloneIsWeak() {
        let verdict = OutcomeRule.verdict(function: "test.ping", retcode: nil, success: true, value: .bool(true))
        #expect(verdict.outcome == .succeeded)
        #expect(verdict.isWeak)
    }

    @Test func bareReturnIsUnknown() {
        // A `return.p` from Salt 2016.11 holds only the bare value.
        let verdict = OutcomeRule.verdict(function: "test.ping", retcode: nil, success: nil, value: .bool(true))
        #expect(verdict.outcome == .unknown)
    }

    @Test func alreadyRunningIsConflict() {
        let text =
            "The function \"state.apply\" is running as PID 4242 and was started at "
            + "2026, Dec 04 19:51:31.008428 with jid 20261204195131008428"
        let verdict = OutcomeRule.verdict(
            function: "state.apply",
            retcode: 1,
            success: false,
            value: .array([.string(text)])
        )
        #expect(verdict.outcome == .conflict)
        #expect(verdict.conflictingJid == "20261204195131008428")
    }

    @Test func conflictMessageSearchedInPlace() {
        func verdict(_ text: String) -> OutcomeVerdict {
            OutcomeRule.verdict(function: "cmd.run", retcode: 1, success: false, value: .string(text))
        }

        // Near misses come before the marker, and only a jid marker after it counts.
        let late = "with jid 1 is running as is running as PI is running as PID 7 with jid 20261204195131008428_1"
        #expect(verdict(late).outcome == .conflict)
        #expect(verdict(late).conflictingJid == "20261204195131008428_1")

        let withoutJid = verdict("state.apply is running as PID 7")
        #expect(withoutJid.outcome == .conflict)
        #expect(withoutJid.conflictingJid == nil)

        #expect(verdict("is running as PI").outcome == .failed)
        #expect(verdict("").outcome == .failed)
        let long = String(repeating: "x", count: 1024) + " is running as PID 7"
        #expect(verdict(long).outcome == .failed)
    }
}

extension OutcomeRuleTests {
    @Test func stateTagNameMayHoldSeparator() throws {
        // A `cmd.run` state whose name (the command) itself contains `_|-`.
        let tag = "cmd_|-odd_name_|-echo a_|-b_|-run"
        #expect(StateResult.tagParts(tag) == ["cmd", "odd_name", "echo a", "b", "run"])
        let state = try #require(StateResult(tag: tag, value: .object(["result": .bool(true)])))
        #expect(state.function == "cmd.run")
        #expect(state.id == "odd_name")
        #expect(state.name == "echo a_|-b")
    }
}

/// The module prefixes that decide which part of the rule applies.
@Suite struct FunctionFamilyTests {
    @Test func modulesAreTheTextBeforeTheFirstDot() {
        #expect(FunctionFamily("state.apply") == .state)
        #expect(FunctionFamily("state.highstate") == .state)
        #expect(FunctionFamily("runner.jobs.list_jobs") == .runner)
        #expect(FunctionFamily("wheel.key.list_all") == .wheel)
        #expect(FunctionFamily("cmd.run") == .other)
        #expect(FunctionFamily(nil) == .other)
        #expect(FunctionFamily("") == .other)
    }

    /// A module whose name only starts like one of the three, or lacks the dot, is another.
    @Test func similarNamesAreOtherModules() {
        #expect(FunctionFamily("statemanager.run") == .other)
        #expect(FunctionFamily("state") == .other)
        #expect(FunctionFamily("runners.x") == .other)
        #expect(FunctionFamily("State.apply") == .other)
        #expect(FunctionFamily("wheel") == .other)
    }

    @Test func onlyTheThreeReadMembers() {
        #expect(FunctionFamily.state.readsMembers)
        #expect(FunctionFamily.runner.readsMembers)
        #expect(FunctionFamily.wheel.readsMembers)
        #expect(!FunctionFamily.other.readsMembers)
    }
}
