/**
 * The client library: the only way to talk to a Capstan agent (the console and the CLI use it; no JavaFX here).
 *
 * <p>Ownership: one {@link io.capstan.client.AgentClient} per agent, created and closed by its owner, shared by
 * every call and stream to that agent. {@link io.capstan.client.AgentSession} wires a client, its event
 * subscription and its store and owns all three.
 *
 * <p>Threads: blocking calls run on the caller's thread; {@code *Async} calls complete on OkHttp dispatcher
 * threads; stream callbacks run on the OkHttp thread reading that stream; retries and polls run on a
 * {@link io.capstan.client.sse.Scheduler}. No callback is ever made on a UI thread: a UI moves results there itself,
 * batched. Every listener interface says which thread calls it.
 */
package io.capstan.client;
