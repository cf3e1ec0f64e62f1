package io.capstan.agent.swarm;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/** A test class that needs a real swarm manager: without one it is reported skipped, with the reason. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Tag("docker")
@ExtendWith(RequiresSwarm.Condition.class)
@interface RequiresSwarm {

    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            String reason = TestSwarm.skipReason();
            return reason == null ? ConditionEvaluationResult.enabled("swarm manager available")
                    : ConditionEvaluationResult.disabled("skipped, " + reason);
        }
    }
}
