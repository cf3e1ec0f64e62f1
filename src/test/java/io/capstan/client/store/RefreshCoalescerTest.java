package io.capstan.client.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Failure rows 7, 8 and 11: held fetches are plain futures completed by the test. */
class RefreshCoalescerTest {
    private final List<CompletableFuture<String>> fetches = new ArrayList<>();
    private final RefreshCoalescer coalescer = new RefreshCoalescer(() -> {
        CompletableFuture<String> f = new CompletableFuture<>();
        fetches.add(f);
        return f;
    });

    @Test
    void requestsDuringAFetchCauseExactlyOneMoreFetch() {
        coalescer.request();
        coalescer.request();
        coalescer.request();
        coalescer.request();
        assertThat(fetches).hasSize(1);
        fetches.get(0).complete("a");
        assertThat(fetches).hasSize(2);
        fetches.get(1).complete("b");
        assertThat(fetches).hasSize(2);
        assertThat(coalescer.inFlight()).isFalse();
    }

    @Test
    void pendingRefreshIsConsumedWhenTheInFlightFetchFails() {
        coalescer.request();
        coalescer.request();
        fetches.get(0).completeExceptionally(new RuntimeException("agent down"));
        assertThat(fetches).hasSize(2);
        fetches.get(1).completeExceptionally(new RuntimeException("still down"));
        assertThat(coalescer.inFlight()).isFalse();
        coalescer.request();
        assertThat(fetches).hasSize(3);
    }

    @Test
    void burstOfAThousandRequestsCausesAtMostTwoFetches() {
        coalescer.request();
        for (int i = 0; i < 999; i++) coalescer.request();
        fetches.get(0).complete("a");
        fetches.get(1).complete("b");
        assertThat(fetches).hasSize(2);
        assertThat(coalescer.fetchesStarted()).isEqualTo(2);
    }

    @Test
    void aFetchThatThrowsDoesNotWedgeTheCoalescer() {
        int[] calls = {0};
        RefreshCoalescer c = new RefreshCoalescer(() -> {
            calls[0]++;
            throw new IllegalStateException("boom");
        });
        c.request();
        c.request();
        assertThat(calls[0]).isEqualTo(2);
        assertThat(c.inFlight()).isFalse();
    }
}
