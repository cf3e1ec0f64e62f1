/**
 * The {@code swarm} backend: a deployment is a Docker Swarm stack (a folder holding {@code docker-stack.yml}),
 * driven on the swarm manager the agent's engine is. State is read through the Engine API, every change goes
 * through the {@code docker} CLI (decision record 75).
 */
package io.capstan.agent.swarm;
