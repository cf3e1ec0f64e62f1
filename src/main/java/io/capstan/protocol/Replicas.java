package io.capstan.protocol;

/** An orchestrated service's replicas: how many its spec asks for and how many tasks run now (shown "2/3"). */
public record Replicas(int desired, int running) {
}
