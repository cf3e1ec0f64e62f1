package io.capstan.console.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A deployment pane past its limit of services says how many it follows and names the first ones it does not. */
class NotFollowedNoticeTest {

    @Test
    void namesTheFirstFewLeftOutAndCountsTheRest() {
        List<String> left = IntStream.rangeClosed(49, 300).mapToObj(i -> "svc" + i).toList();
        assertThat(LogPanes.notFollowedNotice(left, 48)).startsWith("following 48 of 300 services: one pane follows at most 48")
                .contains("not followed: svc49, svc50, svc51, svc52, svc53 and 247 more.")
                .endsWith("Open a service's own log to read one of them");
        assertThat(LogPanes.notFollowedNotice(List.of("z"), 2)).contains("following 2 of 3 services").contains("not followed: z.");
    }
}
