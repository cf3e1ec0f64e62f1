package io.capstan.protocol;

import java.time.Instant;

/**
 * A service's resource use at one instant, as the agent sampled it: {@code cpu} in percent of one core over the
 * interval before {@code at} (so 250.0 is two and a half cores busy), {@code memory} the resident bytes of the whole
 * process tree or container. Either is null when the agent could not tell (the first sample of a new process has no
 * interval yet; resident memory is read from Linux's {@code /proc}).
 */
public record ResourceSample(Instant at, Double cpu, Long memory) {
}
