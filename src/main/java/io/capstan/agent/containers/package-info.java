/**
 * What the compose and swarm backends both ask a container engine through its HTTP API, so neither reaches into the
 * other's package: each container's CPU and memory ({@link io.capstan.agent.containers.ContainerSampler}, decision
 * record 109). Uses {@code agent.backend} only.
 */
package io.capstan.agent.containers;
