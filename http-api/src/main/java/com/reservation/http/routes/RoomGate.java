package com.reservation.http.routes;

import static akka.http.javadsl.server.Directives.*;

import akka.http.javadsl.server.Route;
import com.reservation.engine.waitingroom.WaitingRooms;
import java.util.function.Supplier;

/**
 * The waiting room's door on the routes that take seats (bookings, holds, waitlist entries): at a
 * venue whose room is not letting everyone through, the request needs {@code Admission: <token>} of
 * an admitted ticket of the same customer, else 403 {@code admission-required} pointing at the
 * room. Checked in memory before anything else is asked; a venue without a room costs one map
 * look-up.
 */
final class RoomGate {
  static final String HEADER = "Admission";

  private final WaitingRooms rooms;
  private final Replies replies;

  RoomGate(WaitingRooms rooms, Replies replies) {
    this.rooms = rooms;
    this.replies = replies;
  }

  Route admitted(String venueId, String customerId, Supplier<Route> inner) {
    if (!rooms.guards(venueId)) return inner.get();
    return optionalHeaderValueByName(
        HEADER,
        token ->
            rooms.admits(venueId, customerId, token.orElse(null))
                ? inner.get()
                : complete(replies.problem(refusal(venueId, token.isPresent()))));
  }

  static Problem refusal(String venueId, boolean tokenGiven) {
    return Problem.of(
            403,
            "admission-required",
            "Admission required",
            tokenGiven
                ? "The Admission token is not valid for this customer at this venue, or it has expired; take a ticket in the waiting room."
                : "Bookings at this venue go through its waiting room: take a ticket, and send its admission in the Admission header once admitted.")
        .with("waitingRoom", "/venues/" + venueId + "/waiting-room");
  }
}
