package io.capstan.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.agent.jobs.JobStore;
import io.capstan.protocol.Action;
import io.capstan.protocol.Job;
import io.capstan.protocol.JobStatus;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Job records on a file system that really fills up (a tmpfs): kept in place, or written when space returns. */
class JobRecordOnFullDiskTest {

    private static Job job(String id, JobStatus status, String error) {
        return new Job(id, "shop", null, Action.RESTART, status, Instant.now(), Instant.now(),
                status.isTerminal() ? Instant.now() : null, null, error, 12, 0);
    }

    @Test
    void anEndingJobIsRecordedInPlaceAndANewOneWhenSpaceReturns() throws Exception {
        try (Tmpfs disk = Tmpfs.mount("1m")) {
            JobStore store = new JobStore(disk.dir.resolve("state"));
            String running = "j-0000000000AAAAAAAAAAAAAAAA";
            String fresh = "j-0000000000BBBBBBBBBBBBBBBB";
            store.saveMeta(job(running, JobStatus.RUNNING, null));
            Path filler = disk.fill();

            // No block for a new file: the old record's block takes the final one.
            store.saveMeta(job(running, JobStatus.FAILED, "output could not be stored (No space left on device): 9 lines lost"));
            assertThat(new JobStore(disk.dir.resolve("state")).loadAll()).singleElement()
                    .satisfies(j -> assertThat(j.status()).isEqualTo(JobStatus.FAILED));

            // A record with no old file to reuse cannot be written now; nothing half-written is left.
            assertThatThrownBy(() -> store.saveMeta(job(fresh, JobStatus.CANCELED, "canceled")))
                    .isInstanceOf(UncheckedIOException.class);
            try (Stream<Path> files = Files.list(store.dir())) {
                assertThat(files.map(f -> f.getFileName().toString())).containsExactly(running + ".json");
            }
            assertThat(store.writeUnsaved()).isEqualTo(1);

            Files.delete(filler);
            assertThat(store.writeUnsaved()).isZero();
            assertThat(new JobStore(disk.dir.resolve("state")).loadAll()).extracting(Job::id)
                    .containsExactlyInAnyOrder(running, fresh);
        }
    }
}
