/**
 * Who did what: one log line per action (who, what, target, when, result) in the agent's log, under the logger
 * {@code io.capstan.audit} so an operator can route or grep it on its own ({@link io.capstan.agent.audit.AuditLog}).
 */
package io.capstan.agent.audit;
