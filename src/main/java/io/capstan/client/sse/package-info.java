/**
 * Server-Sent Events, kept as small separately tested policies: {@link io.capstan.client.sse.SseParser} (bytes to
 * events, no I/O), {@link io.capstan.client.sse.ReconnectingStream} (transport, status and content-type checks,
 * reconnect), {@link io.capstan.client.sse.Backoff} (delays) and {@link io.capstan.client.sse.Scheduler} (time).
 * The server's {@code retry:} field is parsed but not obeyed: the protocol fixes the client's backoff policy.
 */
package io.capstan.client.sse;
