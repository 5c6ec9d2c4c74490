package com.reservation.http.routes;

import static akka.http.javadsl.server.Directives.*;
import static org.junit.jupiter.api.Assertions.*;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import akka.http.javadsl.Http;
import akka.http.javadsl.ServerBinding;
import akka.http.javadsl.server.Route;
import akka.pattern.AskTimeoutException;
import com.reservation.engine.slot.api.Rejected;
import com.reservation.engine.slot.api.RejectionReason;
import com.reservation.engine.store.Jdbc;
import com.reservation.http.metrics.HttpMetrics;
import com.reservation.http.testing.ApiClient;
import com.reservation.http.testing.ApiClient.Response;
import com.typesafe.config.ConfigFactory;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The failure paths no real route should ever take: an exception thrown by a route or failing its
 * future is a 500 {@code internal} with a reference and nothing of the exception in the body;
 * timeouts and store failures are 503.
 */
class ErrorHandlingTest {
  static ActorSystem<Void> system;
  static ServerBinding binding;
  static ApiClient api;
  static PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  static HttpMetrics metrics = new HttpMetrics(registry, () -> 0);

  @BeforeAll
  static void start() throws Exception {
    system =
        ActorSystem.create(
            Behaviors.empty(),
            "errors",
            ConfigFactory.parseString(
                    "akka.actor.provider = local\nakka.remote.artery.enabled = off")
                .withFallback(ConfigFactory.load()));
    Replies replies = new Replies(2);
    Route routes =
        concat(
            path(
                "thrown",
                () ->
                    get(
                        () -> {
                          throw new IllegalStateException("SELECT secret FROM vault");
                        })),
            path(
                "failed",
                () ->
                    get(
                        () ->
                            completeWithFuture(
                                CompletableFuture.failedFuture(
                                    new IllegalArgumentException("secret detail"))))),
            path(
                "late",
                () ->
                    get(
                        () ->
                            completeWithFuture(
                                CompletableFuture
                                    .<akka.http.javadsl.model.HttpResponse>failedFuture(
                                        new CompletionException(new TimeoutException()))
                                    .exceptionally(replies::failure)))));
    binding =
        Http.get(system)
            .newServerAt("127.0.0.1", 0)
            .bind(new Instrumentation(metrics).observed(new ErrorHandling(replies).handled(routes)))
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    api = new ApiClient("http://127.0.0.1:" + binding.localAddress().getPort());
  }

  @AfterAll
  static void stop() {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
  }

  @Test
  void unexpectedExceptionsAre500WithAReferenceAndNoInternals() {
    for (String path : new String[] {"/thrown", "/failed"}) {
      Response response = api.get(path);
      assertEquals(500, response.status(), response.body());
      assertEquals("application/problem+json", response.contentType());
      assertEquals("internal", response.problem());
      assertTrue(
          response
              .json()
              .path("detail")
              .asText()
              .matches("An unexpected error occurred \\(reference [0-9a-f]+\\)\\."));
      assertFalse(
          response.body().contains("secret")
              || response.body().contains("Exception")
              || response.body().contains("\tat "));
    }
    assertTrue(registry.scrape().contains("route=\"unmatched\",status=\"5xx\""));
  }

  @Test
  void aLateAnswerIs503WithRetryAfter() {
    Response response = api.get("/late");
    assertEquals(503, response.status());
    assertEquals("unavailable", response.problem());
    assertEquals("2", response.header("Retry-After"));
  }

  @Test
  void failuresMapToTheContractsProblems() {
    assertEquals("unavailable", Replies.problemFor(new TimeoutException()).code());
    assertEquals(
        "unavailable",
        Replies.problemFor(new CompletionException(new AskTimeoutException("late"))).code());
    assertEquals(
        "unavailable",
        Replies.problemFor(
                new CompletionException(new Jdbc.StoreException(new SQLException("x", "08006"))))
            .code());
    assertEquals("internal", Replies.problemFor(new NullPointerException()).code());
    assertEquals(503, Replies.problemFor(new TimeoutException()).status());
  }

  @Test
  void everyRefusalHasItsProblem() {
    for (RejectionReason reason : RejectionReason.values()) {
      Problem problem = Replies.problemFor(new Rejected(reason, "why"));
      int expected =
          switch (reason) {
            case SLOT_FULL,
                ALREADY_BOOKED,
                SLOT_CLOSED,
                CAPACITY_BELOW_BOOKED,
                DEFINITION_CONFLICT ->
                409;
            case HOLD_EXPIRED,
                HOLD_CONFIRMED,
                SEATS_AVAILABLE,
                WAITLIST_FULL,
                CUSTOMER_LIMIT_REACHED ->
                409;
            case IDEMPOTENCY_KEY_REUSED -> 422;
            case UNKNOWN_SLOT, UNKNOWN_BOOKING, UNKNOWN_HOLD, UNKNOWN_ENTRY -> 404;
            case INVALID_REQUEST -> 400;
            case OVERLOADED, UNAVAILABLE -> 503;
          };
      assertEquals(expected, problem.status(), reason.name());
      assertEquals("why", problem.detail());
    }
    assertEquals(
        "slot-full", Replies.problemFor(new Rejected(RejectionReason.SLOT_FULL, "")).code());
    assertEquals(
        "conflict",
        Replies.problemFor(new Rejected(RejectionReason.DEFINITION_CONFLICT, "")).code());
    assertEquals(
        "not-found", Replies.problemFor(new Rejected(RejectionReason.UNKNOWN_BOOKING, "")).code());
    assertEquals(
        "hold-expired", Replies.problemFor(new Rejected(RejectionReason.HOLD_EXPIRED, "")).code());
    assertEquals(
        "seats-available",
        Replies.problemFor(new Rejected(RejectionReason.SEATS_AVAILABLE, "")).code());
    assertEquals(
        "waitlist-full",
        Replies.problemFor(new Rejected(RejectionReason.WAITLIST_FULL, "")).code());
    assertEquals(
        "customer-limit-reached",
        Replies.problemFor(new Rejected(RejectionReason.CUSTOMER_LIMIT_REACHED, "")).code());
  }
}
