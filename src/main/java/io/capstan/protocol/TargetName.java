package io.capstan.protocol;

/**
 * What an action, a lock or a service log is about: a whole deployment ({@code service} null) or one of its services,
 * named as the protocol names them ({@link Names}, checked here). Its {@link #label()} is how every side writes it
 * ({@code shop}, {@code shop/web}: the first line of a job, a busy refusal, the CLI's job list, a pane's title); it
 * replaces the hand-built {@code "dep/svc"} strings, so a key and a message can never disagree (issue 13).
 */
public record TargetName(String deployment, String service) {

    public TargetName {
        if (!Names.isValid(deployment)) throw new IllegalArgumentException("not a deployment name: " + deployment);
        if (service != null && !Names.isValid(service)) throw new IllegalArgumentException("not a service name: " + service);
    }

    /** A whole deployment. */
    public static TargetName of(String deployment) {
        return new TargetName(deployment, null);
    }

    /** One service of a deployment, or the whole deployment when {@code service} is null. */
    public static TargetName of(String deployment, String service) {
        return new TargetName(deployment, service);
    }

    /** What a job acts on. */
    public static TargetName of(Job job) {
        return new TargetName(job.deployment(), job.service());
    }

    public boolean wholeDeployment() {
        return service == null;
    }

    /** True when acting on this takes {@code other} too: a deployment covers its services, a service only itself. */
    public boolean covers(TargetName other) {
        return deployment.equals(other.deployment) && (service == null || service.equals(other.service));
    }

    /** {@code shop} or {@code shop/web}. */
    public String label() {
        return label(deployment, service);
    }

    /**
     * The same words for a name that is only shown, never used as a key: a deployment listed broken because its folder's
     * name breaks the rule ({@code My App}) is still named in a window or a message.
     */
    public static String label(String deployment, String service) {
        return service == null ? deployment : deployment + "/" + service;
    }

    @Override
    public String toString() {
        return label();
    }
}
