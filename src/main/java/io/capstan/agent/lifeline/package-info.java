/**
 * The console's lifeline: a small child process that stops the embedded agent's services when the console dies
 * without stopping them itself (SIGKILL, the OOM killer, a crash). {@link io.capstan.agent.lifeline.Lifeline} is the
 * console's end, {@link io.capstan.agent.lifeline.LifelineMain} the child's. See docs/architecture.md, "The lifeline",
 * and decision record 165.
 */
package io.capstan.agent.lifeline;
