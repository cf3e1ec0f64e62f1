package io.capstan.agent.catalog;

import io.capstan.protocol.Names;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * What a deployment folder whose name breaks {@link Names#RULE} is listed as, and the words that tell the operator
 * what to do: the rule, and a name that would pass (said to be taken when a folder or deployment has it already, as
 * {@code Shop} beside {@code shop}).
 */
final class InvalidFolderName {
    private InvalidFolderName() {
    }

    /** The folder's name as listed: control characters written as {@code \\uXXXX}, so a listing line stays one line. */
    static String listedAs(String folderName) {
        StringBuilder b = new StringBuilder(folderName.length());
        folderName.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) b.append(String.format("\\u%04x", c));
            else b.appendCodePoint(c);
        });
        return b.toString();
    }

    static String error(String listed, Path folder, Set<String> known) {
        String why = Files.isSymbolicLink(folder) ? "the link '" + listed + "' to a deployment folder" : "the folder '" + listed + "'";
        String advice = "; rename it";
        String suggestion = suggestion(listed);
        if (suggestion != null) {
            boolean taken = known.contains(suggestion) || Files.exists(folder.resolveSibling(suggestion));
            advice = taken ? "; rename it ('" + suggestion + "' is taken by another folder)"
                    : "; rename it, e.g. to '" + suggestion + "'";
        }
        return why + " is not a valid deployment name: " + Names.RULE + advice + ". Nothing in it runs until then.";
    }

    /** Lower case, every run of other characters one '-', trimmed to the rule's length; null when nothing is left. */
    static String suggestion(String name) {
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]+", "-").replaceAll("^[^a-z0-9]+", "")
                .replaceAll("-+$", "");
        if (s.length() > 63) s = s.substring(0, 63);
        return Names.isValid(s) ? s : null;
    }
}
