package io.capstan.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A size on the command line: {@code 1GiB}, {@code 512MiB}, {@code 64k}, {@code 1000000} (bytes); powers of 1024. */
final class ByteSize implements ITypeConverter<Long> {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmgt]?)(i?b)?");

    @Override
    public Long convert(String value) {
        Matcher m = SIZE.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) throw new TypeConversionException("not a size: " + value + " (try 512MiB or 1GiB)");
        int shift = switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        try {
            long n = Long.parseLong(m.group(1));
            if (n > Long.MAX_VALUE >> shift) throw new TypeConversionException("too large: " + value);
            return n << shift;
        } catch (NumberFormatException e) {
            throw new TypeConversionException("too large: " + value);
        }
    }
}
