package io.capstan.bench;

import java.util.List;

final class ConsoleStartScenario implements Scenario {
    @Override
    public String id() {
        return "x";
    }

    @Override
    public String title() {
        return "todo";
    }

    @Override
    public List<Row> run(BenchContext ctx) {
        return List.of();
    }
}
