package io.capstan.bench;

import java.util.List;

/**
 * The registry: every scenario the benchmark runs, in table order. Adding a scenario is one class and one line
 * here.
 */
public final class Scenarios {

    private Scenarios() {
    }

    public static List<Scenario> all() {
        return List.of(
                new EventLatencyScenario(),
                new LogThroughputScenario(),
                new UiFloodScenario(),
                new CoalescingScenario(),
                new RecoveryScenario(),
                new AgentScaleScenario(),
                new ConsoleStartScenario(),
                new AgentMemoryScenario());
    }
}
