package io.capstan.agent.jobs;

import java.security.SecureRandom;

/** {@code j-} + 10 Crockford base32 digits of the creation millisecond + 16 random digits: sorts by time. */
public final class JobIds {
    private static final char[] DIGITS = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static long lastMillis;

    private JobIds() {
    }

    public static synchronized String next(long nowMillis) {
        long ms = Math.max(nowMillis, lastMillis + 1);
        lastMillis = ms;
        char[] out = new char[26];
        for (int i = 9; i >= 0; i--) {
            out[i] = DIGITS[(int) (ms & 31)];
            ms >>>= 5;
        }
        for (int i = 10; i < 26; i++) out[i] = DIGITS[RANDOM.nextInt(32)];
        return "j-" + new String(out);
    }
}
