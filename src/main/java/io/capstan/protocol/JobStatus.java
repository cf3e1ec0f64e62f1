package io.capstan.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Job status; the last four are terminal. */
public enum JobStatus {
    @JsonProperty("queued") QUEUED,
    @JsonProperty("running") RUNNING,
    @JsonProperty("succeeded") SUCCEEDED,
    @JsonProperty("failed") FAILED,
    @JsonProperty("canceled") CANCELED,
    @JsonProperty("interrupted") INTERRUPTED;

    public boolean isTerminal() {
        return this != QUEUED && this != RUNNING;
    }
}
