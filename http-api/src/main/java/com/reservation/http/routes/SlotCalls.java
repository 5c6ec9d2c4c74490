package com.reservation.http.routes;

import static akka.http.javadsl.server.Directives.*;

import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.server.Route;
import com.reservation.engine.slot.SlotId;
import com.reservation.engine.venue.VenueRepository;
import com.reservation.http.metrics.HttpMetrics;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What every request to a slot goes through before its entity is asked: a well-formed id (else 400), a known venue
 * (else 404, from the cached venue lookup: no entity is woken for a venue that does not exist) and admission control
 * (else 503 {@code overloaded} at once). Shared by the public slot routes and the admin slot changes.
 */
final class SlotCalls {
  private final VenueRepository venues;
  private final Admission admission;
  private final HttpMetrics metrics;
  private final Replies replies;

  SlotCalls(VenueRepository venues, Admission admission, HttpMetrics metrics, Replies replies) {
    this.venues = venues;
    this.admission = admission;
    this.metrics = metrics;
    this.replies = replies;
  }

  /** The route for a well-formed slot id, or 400. */
  Route slotId(String slotId, Function<SlotId.Parts, Route> inner) {
    return SlotId.parse(slotId)
        .map(inner)
        .orElseGet(
            () -> replies.invalid("slotId must look like {venueId}_{yyyyMMdd}_{HHmm}, e.g. pwtc_20261201_0920."));
  }

  /**
   * Asks the slot if its venue exists and the node has room; {@code onRefusal} hears the outcomes decided here
   * ("not-found", "overloaded", or the problem a failed venue lookup became) for metrics. {@code ask} maps its own
   * answers and failures.
   */
  CompletionStage<HttpResponse> call(
      SlotId.Parts slot, Supplier<CompletionStage<HttpResponse>> ask, Consumer<String> onRefusal) {
    return venues
        .find(slot.venueId())
        .thenCompose(
            venue -> {
              if (venue.isEmpty()) {
                onRefusal.accept("not-found");
                return CompletableFuture.completedFuture(replies.problem(Problem.notFound("No such slot.")));
              }
              return admission.admit(ask, () -> refused(onRefusal));
            })
        .exceptionally(
            failure -> {
              Problem problem = Replies.problemFor(failure);
              onRefusal.accept(problem.code());
              return replies.problem(problem);
            });
  }

  private CompletionStage<HttpResponse> refused(Consumer<String> onRefusal) {
    metrics.admissionRejected();
    onRefusal.accept("overloaded");
    return CompletableFuture.completedFuture(replies.problem(Problem.overloaded()));
  }
}
