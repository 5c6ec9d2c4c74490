/**
 * The lock-based baseline service the benchmark compares the engine with: the design most booking
 * services use.
 *
 * <p>The same Akka HTTP and Jackson front end and the same endpoints and JSON shapes as the engine
 * (only those the workloads use), but a booking is one database transaction, {@code UPDATE
 * baseline_slot SET booked = booked + ? WHERE id = ? AND booked + ? <= capacity ...} plus an {@code
 * INSERT} into {@code baseline_booking}, through a HikariCP pool: the row lock serialises the
 * bookings of a slot. Calendar and timetable are one SQL query per request.
 *
 * <p>Benchmark code only: it lives in the {@code gatling} module, is never shipped in the product
 * jar and depends on nothing of the engine (only on the HTTP contract).
 */
package com.reservation.baseline;
