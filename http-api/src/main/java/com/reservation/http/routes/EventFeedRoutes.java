package com.reservation.http.routes;

import static akka.http.javadsl.server.Directives.*;

import akka.http.javadsl.server.Route;
import com.reservation.engine.events.EventFeed;
import com.reservation.engine.events.FeedPosition;
import com.reservation.http.dto.EventFeedResponse;
import java.util.Optional;

/**
 * {@code GET /admin/events?after=<offset>&limit=<n>} (bearer token): the public events in journal
 * order, a page at a time; {@code next} is where the following page starts.
 */
final class EventFeedRoutes {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  private final EventFeed feed;
  private final AdminAuth auth;
  private final Replies replies;

  EventFeedRoutes(EventFeed feed, AdminAuth auth, Replies replies) {
    this.feed = feed;
    this.auth = auth;
    this.replies = replies;
  }

  Route route() {
    return pathPrefix(
        "admin",
        () ->
            auth.authenticated(
                () ->
                    path(
                        "events",
                        () ->
                            get(
                                () ->
                                    parameterOptional(
                                        "after",
                                        after ->
                                            parameterOptional(
                                                "limit", limit -> page(after, limit)))))));
  }

  private Route page(Optional<String> afterParam, Optional<String> limitParam) {
    Optional<FeedPosition> after =
        afterParam.isEmpty() || afterParam.get().isEmpty()
            ? Optional.of(FeedPosition.START)
            : FeedPosition.parse(afterParam.get());
    if (after.isEmpty())
      return replies.invalid("after must be an offset this feed returned (or be left out).");
    Optional<Integer> limit =
        limitParam.isEmpty()
            ? Optional.of(DEFAULT_LIMIT)
            : limitParam.flatMap(EventFeedRoutes::limit);
    if (limit.isEmpty())
      return replies.invalid("limit must be an integer from 1 to " + MAX_LIMIT + ".");
    return completeWithFuture(
        feed.page(after.get(), limit.get())
            .thenApply(page -> Replies.ok(EventFeedResponse.of(page)))
            .exceptionally(replies::failure));
  }

  private static Optional<Integer> limit(String text) {
    try {
      int value = Integer.parseInt(text);
      return value >= 1 && value <= MAX_LIMIT ? Optional.of(value) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
