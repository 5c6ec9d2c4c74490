package com.reservation.http.routes;

import static akka.http.javadsl.server.Directives.*;

import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.server.Route;
import com.reservation.engine.SeatTarget;
import com.reservation.engine.slot.api.SlotId;
import com.reservation.engine.venue.Venue;
import com.reservation.engine.venue.VenueRepository;
import com.reservation.http.metrics.HttpMetrics;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What every request to a slot goes through before its entity is asked: a well-formed id (else
 * 400), admission control (else 503 {@code overloaded} at once, before any database work) and a
 * known venue (else 404, from the cached venue lookup: no entity is woken for a venue that does not
 * exist). What it found is passed on, never looked up again: a command that takes seats gets the
 * slot resolved ({@link SeatTarget}). Shared by the public slot routes and the admin slot changes.
 */
final class SlotCalls {
  /** For calls whose refusals no metric counts. */
  static final Consumer<String> UNCOUNTED = refusal -> {};

  private final VenueRepository venues;
  private final Admission admission;
  private final HttpMetrics metrics;
  private final Replies replies;
  // Responses are immutable: the fixed refusals are made once.
  private final HttpResponse noSuchSlot;
  private final HttpResponse overloaded;

  SlotCalls(VenueRepository venues, Admission admission, HttpMetrics metrics, Replies replies) {
    this.venues = venues;
    this.admission = admission;
    this.metrics = metrics;
    this.replies = replies;
    this.noSuchSlot = replies.problem(Problem.notFound("No such slot."));
    this.overloaded = replies.problem(Problem.overloaded());
  }

  /** The route for a well-formed slot id, or 400. */
  Route slotId(String slotId, Function<SlotId.Parts, Route> inner) {
    SlotId.Parts parts = RequestSyntax.parse(slotId);
    if (parts == null) {
      return replies.invalid(
          "slotId must look like {venueId}_{yyyyMMdd}_{HHmm}, e.g. pwtc_20261201_0920.");
    }
    return inner.apply(parts);
  }

  /** As {@link #seatCall}, for a request that needs the slot's id only. */
  CompletionStage<HttpResponse> call(
      SlotId.Parts slot, Supplier<CompletionStage<HttpResponse>> ask, Consumer<String> onRefusal) {
    return resolved(slot, venue -> ask.get(), onRefusal);
  }

  /**
   * Asks the slot if the node has room and its venue exists, handing {@code ask} the slot resolved
   * once (its id, parts and venue) for the engine to use as it is; {@code onRefusal} hears the
   * outcomes decided here ("overloaded", "not-found", or the problem a failed venue lookup became)
   * for metrics. {@code ask} maps its own answers and failures. Admission comes first: a request
   * the node has no room for costs no venue lookup (no query, no cache entry), whatever venue id it
   * names.
   */
  CompletionStage<HttpResponse> seatCall(
      String slotId,
      SlotId.Parts slot,
      Function<SeatTarget, CompletionStage<HttpResponse>> ask,
      Consumer<String> onRefusal) {
    return resolved(slot, venue -> ask.apply(new SeatTarget(slotId, slot, venue)), onRefusal);
  }

  private CompletionStage<HttpResponse> resolved(
      SlotId.Parts slot,
      Function<Venue, CompletionStage<HttpResponse>> ask,
      Consumer<String> onRefusal) {
    return admission.admit(
        () ->
            venues
                .find(slot.venueId())
                .thenCompose(
                    venue -> {
                      if (venue.isEmpty()) {
                        onRefusal.accept("not-found");
                        return CompletableFuture.completedFuture(noSuchSlot);
                      }
                      return ask.apply(venue.get());
                    })
                .exceptionally(
                    failure -> {
                      Problem problem = Replies.problemFor(failure);
                      onRefusal.accept(problem.code());
                      return replies.problem(problem);
                    }),
        () -> refused(onRefusal));
  }

  private CompletionStage<HttpResponse> refused(Consumer<String> onRefusal) {
    metrics.admissionRejected();
    onRefusal.accept("overloaded");
    return CompletableFuture.completedFuture(overloaded);
  }
}
