/**
 * The seam between the agent's job engine and the backends that own deployments (native processes,
 * Docker Compose). The engine knows nothing of processes or containers; a backend knows nothing of HTTP,
 * jobs, locks or events.
 */
package io.capstan.agent.backend;
