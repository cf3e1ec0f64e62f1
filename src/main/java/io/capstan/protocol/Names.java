package io.capstan.protocol;

import java.util.regex.Pattern;

/** The one rule for deployment and service names; checked before any file or process is touched. */
public final class Names {
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,62}");
    /** {@link #NAME} in words, for an operator whose definition file names a service otherwise. */
    public static final String RULE = "use lower-case letters, digits, '.', '_' or '-', starting with a letter or digit (at most 63)";

    private Names() {
    }

    public static boolean isValid(String name) {
        return name != null && NAME.matcher(name).matches();
    }
}
