/** The agent's event stream ({@code GET /api/v1/events}) followed across reconnects. */
package io.capstan.client.events;
