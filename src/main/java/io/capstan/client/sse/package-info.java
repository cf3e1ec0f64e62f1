/**
 * Server-Sent Events, kept as small separately tested policies: {@link io.capstan.client.sse.ReconnectingStream}
 * (transport, status and content-type checks, reconnect; okhttp-sse's reader frames the events, decision record 61),
 * {@link io.capstan.client.sse.Backoff} (delays) and {@link io.capstan.client.sse.Scheduler} (time).
 * The server's {@code retry:} field is not obeyed: the protocol fixes the client's backoff policy.
 */
package io.capstan.client.sse;
