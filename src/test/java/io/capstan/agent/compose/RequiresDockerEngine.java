package io.capstan.agent.compose;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class that needs a real container engine: without one its tests are reported as skipped, with the
 * reason (never as passed). Tagged {@code docker} so a run can pick or leave them out on purpose.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Tag("docker")
@ExtendWith(RequiresDockerEngine.Condition.class)
@interface RequiresDockerEngine {

    /** Disables the class, with {@link TestEngine#skipReason()}, when the engine cannot be used. */
    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            String reason = TestEngine.skipReason();
            return reason == null ? ConditionEvaluationResult.enabled("container engine available")
                    : ConditionEvaluationResult.disabled("skipped, " + reason);
        }
    }
}
