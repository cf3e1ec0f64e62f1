/** What one agent shows (deployments, jobs), kept current from snapshots and events in seq order. */
package io.capstan.client.store;
