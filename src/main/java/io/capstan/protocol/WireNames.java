package io.capstan.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.EnumMap;
import java.util.Map;

/**
 * The name an enum constant has on the wire: its {@code @JsonProperty}, the one place it is spelled. Logs, messages and
 * the command line use this instead of {@code name().toLowerCase()}, so a constant renamed in Java (or one whose wire
 * name is not its lower-cased Java name) is still written as the protocol says. {@code WireNamesTest} checks that every
 * protocol enum has one on every constant.
 */
public final class WireNames {
    private static final ClassValue<Map<?, String>> NAMES = new ClassValue<>() {
        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        protected Map<?, String> computeValue(Class<?> type) {
            Map names = new EnumMap(type);
            for (Object constant : type.getEnumConstants()) {
                String name = ((Enum<?>) constant).name();
                try {
                    JsonProperty p = type.getField(name).getAnnotation(JsonProperty.class);
                    names.put(constant, p == null || p.value().isEmpty() ? name : p.value());
                } catch (NoSuchFieldException e) {
                    throw new IllegalStateException(e);
                }
            }
            return names;
        }
    };

    private WireNames() {
    }

    /** The constant's wire name; a constant without {@code @JsonProperty} has its Java name, as Jackson writes it. */
    public static String of(Enum<?> constant) {
        return NAMES.get(constant.getDeclaringClass()).get(constant);
    }
}
