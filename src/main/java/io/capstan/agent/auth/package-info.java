/**
 * Who may talk to the agent: named tokens kept as SHA-256 hashes in {@code <stateDir>/tokens.json}
 * ({@link io.capstan.agent.auth.TokenFile}, which {@code capstan agent token} edits), and the agent's view of that
 * file, read again whenever it changes ({@link io.capstan.agent.auth.TokenRegistry}): a revoke takes effect on the
 * next request, and on open streams at their next wake-up. Decision record 81.
 */
package io.capstan.agent.auth;
