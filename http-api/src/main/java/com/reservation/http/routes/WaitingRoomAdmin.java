package com.reservation.http.routes;

import static akka.http.javadsl.server.Directives.*;

import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.Route;
import com.reservation.engine.slot.api.SlotId;
import com.reservation.engine.venue.VenueRepository;
import com.reservation.engine.waitingroom.RoomSettings;
import com.reservation.engine.waitingroom.WaitingRooms;
import com.reservation.http.dto.WaitingRoomBody;
import com.reservation.http.dto.WaitingRoomResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /admin/venues/{venueId}/waiting-room} (inside the admin routes' authentication): {@code
 * PUT} sets the room (201 the first time, 200 after; the line is kept), {@code GET} shows it with
 * where it stands, {@code DELETE} removes it and bookings pass freely again.
 */
final class WaitingRoomAdmin {
  private static final Logger log = LoggerFactory.getLogger(WaitingRoomAdmin.class);

  private final WaitingRooms rooms;
  private final VenueRepository venues;
  private final JsonBodies bodies;
  private final Replies replies;

  WaitingRoomAdmin(WaitingRooms rooms, VenueRepository venues, JsonBodies bodies, Replies replies) {
    this.rooms = rooms;
    this.venues = venues;
    this.bodies = bodies;
    this.replies = replies;
  }

  Route route(String venueId) {
    if (!SlotId.isValidVenueId(venueId)) return replies.invalidVenueId();
    return concat(
        put(() -> putRoom(venueId)),
        get(() -> getRoom(venueId)),
        delete(() -> deleteRoom(venueId)));
  }

  private Route putRoom(String venueId) {
    return bodies.body(
        WaitingRoomBody.class,
        body -> {
          RoomSettings settings = body.validate();
          return completeWithFuture(
              venues
                  .find(venueId)
                  .thenCompose(
                      venue -> {
                        if (venue.isEmpty()) {
                          return CompletableFuture.completedFuture(
                              replies.problem(Problem.notFound("No such venue.")));
                        }
                        return rooms
                            .configure(venueId, settings)
                            .thenApply(
                                status -> {
                                  log.info(
                                      "Waiting room of {} {}: opens {}, {} per minute, order {}",
                                      venueId,
                                      status.created() ? "created" : "changed",
                                      settings.opensAt(),
                                      settings.admitPerMinute(),
                                      settings.order().wireName());
                                  return Replies.json(
                                      status.created() ? StatusCodes.CREATED : StatusCodes.OK,
                                      WaitingRoomResponse.of(status));
                                });
                      })
                  .exceptionally(replies::failure));
        });
  }

  private Route getRoom(String venueId) {
    return completeWithFuture(
        rooms
            .status(venueId)
            .thenApply(
                status ->
                    status
                        .map(s -> Replies.ok(WaitingRoomResponse.of(s)))
                        .orElseGet(
                            () ->
                                replies.problem(
                                    Problem.notFound("This venue has no waiting room."))))
            .exceptionally(replies::failure));
  }

  private Route deleteRoom(String venueId) {
    return completeWithFuture(
        rooms
            .remove(venueId)
            .thenApply(
                existed -> {
                  if (!existed) {
                    return replies.problem(Problem.notFound("This venue has no waiting room."));
                  }
                  log.info("Waiting room of {} removed", venueId);
                  return Replies.ok(Map.of("venueId", venueId, "removed", true));
                })
            .exceptionally(replies::failure));
  }
}
