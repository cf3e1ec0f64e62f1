/**
 * Wire records of the Capstan agent protocol, version 1 (see docs/protocol.md). No I/O lives here:
 * only records, enums, name rules and the one JSON mapper configuration both sides share.
 */
package io.capstan.protocol;
