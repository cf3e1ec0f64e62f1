/**
 * What keeps an agent's folders its own across processes and crashes: the OS lock on the state folder and on each
 * deployment root ({@link io.capstan.agent.state.FolderLock}).
 */
package io.capstan.agent.state;
