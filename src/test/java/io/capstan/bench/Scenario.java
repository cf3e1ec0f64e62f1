package io.capstan.bench;

import java.util.List;

/**
 * One benchmark scenario. It starts what it needs (a real agent, clients, baselines), measures, stops everything it
 * started, and returns its rows. Register it in {@link Scenarios#all()}; a new row is one more element of the list.
 */
public interface Scenario {

    /** Short id used by {@code --only} (the number, e.g. "1"). */
    String id();

    /** What it measures, one line. */
    String title();

    List<Row> run(BenchContext ctx) throws Exception;
}
