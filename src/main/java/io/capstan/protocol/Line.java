package io.capstan.protocol;

import java.time.Instant;

/** One line of job output or service log. {@code seq} starts at 1 and rises by exactly 1. */
public record Line(long seq, Instant ts, LineStream stream, String text) implements Sequenced {
}
