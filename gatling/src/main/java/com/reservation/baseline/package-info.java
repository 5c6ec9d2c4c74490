/**
 * The rivals the benchmark compares the engine with, each the design a competent engineer would
 * build instead, in one JVM behind one lean front end ({@link
 * com.reservation.baseline.BaselineRoutes}) that serves the same endpoints and JSON shapes as the
 * engine (only those the workloads use), each rival on its own port:
 *
 * <ul>
 *   <li>{@code lock-naive} ({@link com.reservation.baseline.BaselineStore}): a booking is a
 *       conditional {@code UPDATE} plus an {@code INSERT} in one transaction, through a HikariCP
 *       pool; the row lock serialises the bookings of a slot.
 *   <li>{@code lock-best} ({@link com.reservation.baseline.LockBestStore}): one CTE statement per
 *       booking in autocommit, the pool size chosen by the benchmark's sweep.
 *   <li>{@code redis-always}, {@code redis-everysec} ({@link com.reservation.baseline.RedisStore}):
 *       one {@code EVALSHA} of a Lua script per booking, on redis-servers with {@code appendfsync
 *       always} or {@code everysec}.
 * </ul>
 *
 * <p>Benchmark code only: it lives in the {@code gatling} module, is never shipped in the product
 * jar and depends on nothing of the engine (only on the HTTP contract).
 */
package com.reservation.baseline;
