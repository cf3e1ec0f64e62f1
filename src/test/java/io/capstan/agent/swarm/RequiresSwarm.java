package io.capstan.agent.swarm;

import io.capstan.testing.SkipUnless;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/** A test class that needs a real swarm manager: without one it is reported skipped, with the reason. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Tag("docker")
@ExtendWith(RequiresSwarm.Condition.class)
@interface RequiresSwarm {

    /** Disables the class, with the reason, when the need is not met. */
    final class Condition extends SkipUnless {
        public Condition() {
            super("swarm manager available", TestSwarm::skipReason);
        }
    }
}
