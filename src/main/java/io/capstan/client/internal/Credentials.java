package io.capstan.client.internal;

/**
 * The token a stream's connections carry, as far as a stream needs to know it: which renewal is current, and a way to
 * wait for the next one. A stream refused under the current token waits; one refused under an older token (renewed
 * while its request was on the way) connects again at once. {@link Http} is the one implementation; a stream without
 * one ({@link #FIXED}) stays stopped when refused.
 */
public interface Credentials {

    /** A token that never changes. */
    Credentials FIXED = new Credentials() {
        @Override
        public int generation() {
            return 0;
        }

        @Override
        public boolean whenRenewedAfter(int generation, Runnable resume) {
            return true;
        }

        @Override
        public void forget(Runnable resume) {
        }
    };

    /** The current token's renewal count. */
    int generation();

    /**
     * Runs {@code resume} once, at the next renewal, if {@code generation} is still current (true); false if it is not
     * (a renewal came in between), and the caller acts at once. {@code resume} runs on the renewing thread.
     */
    boolean whenRenewedAfter(int generation, Runnable resume);

    /** No longer waiting (the stream was closed). */
    void forget(Runnable resume);
}
