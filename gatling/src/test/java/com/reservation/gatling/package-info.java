/**
 * The Gatling simulations (Java DSL). Each takes its target(s) and load from system properties
 * ({@code -DbaseUrls}, {@code -Dusers}, {@code -Drate}, {@code -Dduration}, {@code -Dseed}, ...;
 * see {@link com.reservation.gatling.support.Settings}), round-robins its virtual users over the
 * base URLs, draws every random choice from feeders built from the seed, and states its
 * expectations as Gatling assertions.
 *
 * <p>The scenarios of the issue ({@link com.reservation.gatling.HotSlotBurst}, {@link
 * com.reservation.gatling.BrowseAndBook}, {@link com.reservation.gatling.SpreadBooking}, {@link
 * com.reservation.gatling.CalendarStorm}, {@link com.reservation.gatling.HoldAndConfirm}), the CI
 * {@link com.reservation.gatling.Smoke}, and {@link com.reservation.gatling.Bench}, every workload
 * of {@code bench.sh} in one run (its machinery is in the {@code bench} package). They depend only
 * on the HTTP contract, never on engine classes.
 */
package com.reservation.gatling;
