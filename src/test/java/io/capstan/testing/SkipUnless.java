package io.capstan.testing;

import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The condition under {@code @RequiresDockerEngine} and {@code @RequiresSwarm}: a test class whose outside need (a
 * container engine, a swarm manager) is not met is reported skipped with the reason, never passed.
 */
public abstract class SkipUnless implements ExecutionCondition {
    private final String available;
    private final Supplier<String> skipReason;

    /**
     * @param available  what the report says when the need is met
     * @param skipReason why it is not, or null when it is
     */
    protected SkipUnless(String available, Supplier<String> skipReason) {
        this.available = available;
        this.skipReason = skipReason;
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String reason = skipReason.get();
        return reason == null ? ConditionEvaluationResult.enabled(available)
                : ConditionEvaluationResult.disabled("skipped, " + reason);
    }
}
