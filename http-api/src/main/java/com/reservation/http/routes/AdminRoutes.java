package com.reservation.http.routes;

import static akka.http.javadsl.server.Directives.*;
import static akka.http.javadsl.server.PathMatchers.segment;

import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.Route;
import com.reservation.engine.ReservationEngine;
import com.reservation.engine.schedule.ScheduleGenerator;
import com.reservation.engine.schedule.ScheduleRequest;
import com.reservation.engine.schedule.ScheduleResult;
import com.reservation.engine.slot.api.SlotId;
import com.reservation.engine.slot.api.SlotReply;
import com.reservation.engine.slot.api.SlotStatus;
import com.reservation.engine.venue.Venue;
import com.reservation.http.dto.BookingBody;
import com.reservation.http.dto.ErasureResponse;
import com.reservation.http.dto.ScheduleBody;
import com.reservation.http.dto.ScheduleResponse;
import com.reservation.http.dto.SlotPatchBody;
import com.reservation.http.dto.VenueBody;
import com.reservation.http.dto.VenueResponse;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /admin/**}, behind the bearer token (checked before the path, so an unauthenticated caller
 * learns nothing about which admin paths exist): venues, schedules (validated whole, all or
 * nothing), waiting rooms, slot changes and the erasure of a customer's contact data.
 */
final class AdminRoutes {
  private static final Logger log = LoggerFactory.getLogger(AdminRoutes.class);

  private final ReservationEngine engine;
  private final AdminAuth auth;
  private final SlotCalls calls;
  private final JsonBodies bodies;
  private final Replies replies;
  private final WaitingRoomAdmin room;

  AdminRoutes(
      ReservationEngine engine,
      AdminAuth auth,
      SlotCalls calls,
      JsonBodies bodies,
      Replies replies) {
    this.room = new WaitingRoomAdmin(engine.waitingRooms(), engine.venues(), bodies, replies);
    this.engine = engine;
    this.auth = auth;
    this.calls = calls;
    this.bodies = bodies;
    this.replies = replies;
  }

  Route route() {
    return pathPrefix(
        "admin",
        () ->
            auth.authenticated(
                () ->
                    concat(
                        pathPrefix(
                            "venues",
                            () ->
                                pathPrefix(
                                    segment(),
                                    venueId ->
                                        concat(
                                            pathEnd(() -> put(() -> putVenue(venueId))),
                                            path(
                                                "schedules",
                                                () -> post(() -> postSchedule(venueId))),
                                            path("waiting-room", () -> room.route(venueId))))),
                        path(
                            segment("slots").slash(segment()),
                            slotId -> patch(() -> patchSlot(slotId))),
                        path(
                            segment("customers").slash(segment()),
                            customerId -> delete(() -> eraseCustomer(customerId))))));
  }

  private Route putVenue(String venueId) {
    if (!SlotId.isValidVenueId(venueId)) return replies.invalidVenueId();
    return bodies.body(
        VenueBody.class,
        body -> {
          Venue venue = body.toVenue(venueId);
          return completeWithFuture(
              engine
                  .venues()
                  .upsert(venue)
                  .thenApply(
                      change -> {
                        log.info("Venue {}: {}", venueId, change);
                        return switch (change) {
                          case CREATED ->
                              Replies.json(StatusCodes.CREATED, VenueResponse.of(venue));
                          case UPDATED, UNCHANGED -> Replies.ok(VenueResponse.of(venue));
                          case TIME_ZONE_LOCKED ->
                              replies.problem(
                                  Problem.of(
                                      409,
                                      "conflict",
                                      "Conflict",
                                      "The venue has slots: its time zone cannot change any more."));
                        };
                      })
                  .exceptionally(replies::failure));
        });
  }

  private Route postSchedule(String venueId) {
    if (!SlotId.isValidVenueId(venueId)) return replies.invalidVenueId();
    return bodies.body(
        ScheduleBody.class,
        body -> {
          ScheduleRequest request = body.toRequest();
          CompletionStage<ScheduleResult> result;
          try {
            result = engine.applySchedule(venueId, request);
          } catch (ScheduleGenerator.InvalidSchedule e) {
            return replies.invalid(e.getMessage());
          }
          return completeWithFuture(
              result.thenApply(this::scheduleOutcome).exceptionally(replies::failure));
        });
  }

  private HttpResponse scheduleOutcome(ScheduleResult result) {
    if (result instanceof ScheduleResult.Applied applied) {
      log.info(
          "Schedule for {}: {} slots defined, {} unchanged",
          applied.venueId(),
          applied.slotsDefined(),
          applied.slotsUnchanged());
      return Replies.ok(
          new ScheduleResponse(
              applied.venueId(), applied.slotsDefined(), applied.slotsUnchanged()));
    }
    if (result instanceof ScheduleResult.Conflict conflict) {
      return replies.problem(
          Problem.of(
                  409,
                  "schedule-conflict",
                  "Schedule conflict",
                  conflict.conflictCount()
                      + " slot(s) of this schedule exist with another capacity or length; nothing was applied."
                      + " Change them with PATCH /admin/slots/{slotId}.")
              .with("conflictingSlotIds", conflict.conflictingSlotIds())
              .with("conflictCount", conflict.conflictCount()));
    }
    return replies.problem(Problem.notFound("No such venue."));
  }

  private Route patchSlot(String slotId) {
    return calls.slotId(
        slotId,
        slot ->
            bodies.body(
                SlotPatchBody.class,
                body -> {
                  body.requireChange();
                  Optional<Integer> capacity =
                      body.validCapacity(engine.settings().slot().maxCapacity());
                  Optional<SlotStatus> status = body.validStatus();
                  return completeWithFuture(
                      calls.call(
                          slot,
                          () -> change(slotId, capacity, status).handle(replies::slot),
                          refusal -> {}));
                }));
  }

  /**
   * Erasure: the customer's contact data key is deleted, so every stored copy of their contact data
   * is unreadable from now on. Idempotent: erasing again, or erasing a customer never seen, answers
   * 200 with {@code keyDeleted: false}.
   */
  private Route eraseCustomer(String customerId) {
    if (!BookingBody.isCustomerId(customerId)) {
      return replies.invalid("customerId must be 1 to 64 characters of A-Z a-z 0-9 . _ : -");
    }
    return completeWithFuture(
        engine
            .eraseCustomer(customerId)
            .thenApply(
                deleted -> {
                  // The customer id is the client's own key, not contact data; it is what an audit
                  // needs.
                  log.info(
                      "Erasure of customer {}: key {}",
                      customerId,
                      deleted ? "deleted" : "already absent");
                  return Replies.ok(new ErasureResponse(customerId, deleted));
                })
            .exceptionally(replies::failure));
  }

  /** Capacity first, then status; a refused capacity change stops there. */
  private CompletionStage<SlotReply> change(
      String slotId, Optional<Integer> capacity, Optional<SlotStatus> status) {
    // One command: capacity and status apply together or not at all.
    return engine.changeSlot(slotId, capacity, status);
  }
}
