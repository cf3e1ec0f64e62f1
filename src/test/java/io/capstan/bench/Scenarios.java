package io.capstan.bench;

import java.util.List;

/**
 * The registry: every scenario the benchmark runs, in table order. Adding a scenario is one class and one line
 * here; scenario 3 (UI under flood) and the pane-model row of scenario 2 plug in the same way.
 */
public final class Scenarios {

    private Scenarios() {
    }

    public static List<Scenario> all() {
        return List.of(
                new EventLatencyScenario(),
                new LogThroughputScenario(),
                new CoalescingScenario(),
                new RecoveryScenario(),
                new AgentScaleScenario(),
                new ConsoleStartScenario());
    }
}
