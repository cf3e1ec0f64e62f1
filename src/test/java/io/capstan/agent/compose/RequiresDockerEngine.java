package io.capstan.agent.compose;

import io.capstan.testing.SkipUnless;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class that needs a real container engine: without one its tests are reported as skipped, with the
 * reason (never as passed). Tagged {@code docker} so a run can pick or leave them out on purpose.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Tag("docker")
@ExtendWith(RequiresDockerEngine.Condition.class)
@interface RequiresDockerEngine {
    /** Disables the class, with the reason, when the need is not met. */
    final class Condition extends SkipUnless {
        public Condition() {
            super("container engine available", TestEngine::skipReason);
        }
    }
}
