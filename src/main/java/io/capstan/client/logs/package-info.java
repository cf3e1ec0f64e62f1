/** Job output followed as a stream, each line delivered exactly once across reconnects. */
package io.capstan.client.logs;
