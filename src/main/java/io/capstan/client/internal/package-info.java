/**
 * The client's transport, OkHttp and the client's own SSE reader, kept out of its public API (issue 13): {@link
 * io.capstan.client.internal.Http} (one agent's configured OkHttp client, requests, answers read and mapped to the
 * client's exceptions), {@link io.capstan.client.internal.ReconnectingStream} (one SSE connection that reconnects, its events framed on
 * bytes by {@link io.capstan.client.internal.SseReader} into {@link io.capstan.client.internal.SseEvent}s) and
 * {@link io.capstan.client.internal.ResumableStream} (the one resumable stream every followed stream configures).
 * Only {@code io.capstan.client..} may use this package, and no public signature outside it names an OkHttp type
 * ({@code LayeringTest}): the console and the CLI see typed calls and listeners, so the transport can change alone.
 */
package io.capstan.client.internal;
