package io.capstan.agent.backend;

/**
 * What a backend measured of one running service: CPU in percent of one core since its previous measurement, and
 * resident memory in bytes; either null when it cannot tell. The engine stamps, keeps and serves them.
 */
public record ResourceUsage(Double cpu, Long memory) {
}
