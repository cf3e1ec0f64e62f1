/**
 * The policies of a followed stream, without its transport: {@link io.capstan.client.sse.Backoff} (delays),
 * {@link io.capstan.client.sse.Scheduler} (time) and {@link io.capstan.client.sse.StreamState} (what a UI shows). The
 * connection that uses them, and the events it reads, are the client's own ({@code io.capstan.client.internal}:
 * {@code ResumableStream}, {@code SseReader}; decision records 67 and 97).
 * The server's {@code retry:} field is not obeyed: the protocol fixes the client's backoff policy.
 */
package io.capstan.client.sse;
