/**
 * The policies of a followed stream, without its transport: {@link io.capstan.client.sse.Backoff} (delays),
 * {@link io.capstan.client.sse.Scheduler} (time), {@link io.capstan.client.sse.StreamState} (what a UI shows) and
 * {@link io.capstan.client.sse.SseEvent} (one dispatched event). The connection that uses them is the client's own
 * ({@code io.capstan.client.internal.ResumableStream}, decision records 61 and 67).
 * The server's {@code retry:} field is not obeyed: the protocol fixes the client's backoff policy.
 */
package io.capstan.client.sse;
