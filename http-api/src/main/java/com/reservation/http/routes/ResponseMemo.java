package com.reservation.http.routes;

import akka.http.javadsl.model.HttpResponse;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * The response made from a cached read-model answer, kept for as long as that very answer object is
 * what the read model returns for the view. The engine's availability cache hands every request for
 * a view the same answer object for its cache period, so a burst of calendar or timetable reads
 * serialises each answer once, not once per request. Answers are compared by identity, never by
 * value: a new answer (the next cache period) is always serialised anew, so a response is never
 * staler than the answer it was made from. Akka's responses are immutable, so one instance serves
 * every request.
 *
 * <p>Bounded: past {@code maxViews} views it starts over (a client walking many views costs what it
 * did before this memo, never unbounded memory).
 *
 * @param <K> the view: everything the response depends on besides the answer (venue, dates)
 */
final class ResponseMemo<K> {
  private record Entry(Object answer, HttpResponse response) {}

  private final ConcurrentHashMap<K, Entry> entries = new ConcurrentHashMap<>();
  private final int maxViews;

  ResponseMemo(int maxViews) {
    this.maxViews = maxViews;
  }

  /**
   * The response for this view's answer: the one made before if the answer is the same object, else
   * made now.
   */
  <A> HttpResponse response(K view, A answer, BiFunction<K, A, HttpResponse> make) {
    Entry known = entries.get(view);
    if (known != null && known.answer == answer) return known.response;
    HttpResponse made = make.apply(view, answer);
    if (known == null && entries.size() >= maxViews) entries.clear();
    entries.put(view, new Entry(answer, made));
    return made;
  }

  int size() {
    return entries.size();
  }
}
