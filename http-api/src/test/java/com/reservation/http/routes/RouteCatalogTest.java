package com.reservation.http.routes;

import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RouteCatalogTest {

  @Test
  void requestPathsFallUnderTheirTemplates() {
    assertEquals("/slots/{slotId}", RouteCatalog.templateOf("/slots/pwtc_20261201_0920"));
    assertEquals(
        "/slots/{slotId}/bookings", RouteCatalog.templateOf("/slots/pwtc_20261201_0920/bookings"));
    assertEquals(
        "/slots/{slotId}/bookings/{bookingId}", RouteCatalog.templateOf("/slots/x/bookings/AAAA"));
    assertEquals(
        "/venues/{venueId}/days/{date}/slots",
        RouteCatalog.templateOf("/venues/pwtc/days/2026-12-01/slots"));
    assertEquals(
        "/admin/venues/{venueId}/schedules",
        RouteCatalog.templateOf("/admin/venues/pwtc/schedules"));
    assertEquals(
        "/venues/{venueId}/waiting-room", RouteCatalog.templateOf("/venues/pwtc/waiting-room"));
    assertEquals("/metrics", RouteCatalog.templateOf("/metrics"));
    assertEquals("/admin/cluster", RouteCatalog.templateOf("/admin/cluster"));
    assertEquals(
        "/admin/cluster/members/{address}",
        RouteCatalog.templateOf("/admin/cluster/members/127.0.0.1:25523"));
    for (String other :
        new String[] {
          "/",
          "",
          "/slots",
          "/slots/",
          "/slots//bookings",
          "/slots/x/bookings/",
          "/metrics/x",
          "/venues/pwtc/days/2026-12-01",
          "/nothing"
        }) {
      assertEquals(RouteCatalog.UNMATCHED, RouteCatalog.templateOf(other), other);
    }
  }

  @Test
  void admissionNeverLetsMoreThanItsBoundIn() throws Exception {
    Admission admission = new Admission(3);
    CompletableFuture<String> hold = new CompletableFuture<>();
    AtomicInteger refused = new AtomicInteger();
    for (int i = 0; i < 10; i++) {
      admission.admit(
          () -> hold,
          () -> {
            refused.incrementAndGet();
            return CompletableFuture.completedFuture("refused");
          });
    }
    assertEquals(3, admission.inFlight());
    assertEquals(7, refused.get());
    hold.complete("done");
    assertEquals(0, admission.inFlight(), "places are given back when the answer arrives");

    // A call that throws instead of answering gives its place back too.
    CompletableFuture<String> failed =
        admission
            .<String>admit(
                () -> {
                  throw new IllegalStateException();
                },
                () -> null)
            .toCompletableFuture();
    assertTrue(failed.isCompletedExceptionally());
    assertEquals(0, admission.inFlight());

    // Racing threads: the bound holds.
    Admission racing = new Admission(50);
    CompletableFuture<String> never = new CompletableFuture<>();
    CountDownLatch go = new CountDownLatch(1);
    Thread[] threads = new Thread[8];
    for (int t = 0; t < threads.length; t++) {
      threads[t] =
          new Thread(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  return;
                }
                for (int i = 0; i < 1000; i++)
                  racing.admit(() -> never, () -> CompletableFuture.completedFuture("no"));
              });
      threads[t].start();
    }
    go.countDown();
    for (Thread thread : threads) thread.join();
    assertEquals(50, racing.inFlight());
  }
}
