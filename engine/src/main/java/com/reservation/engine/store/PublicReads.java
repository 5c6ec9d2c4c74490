package com.reservation.engine.store;

import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * Where the public, anonymous reads run (calendar, timetable, the live stream's day queries and
 * date checks): connections and threads of their own, bounded, so a flood of them is answered 503
 * "overloaded" for those reads only and never takes the connections or the queue that bookings need
 * to wake a slot (its catalog lookup) or to be recorded.
 *
 * @param dataSource their own pool (the node's shared one in tests that pass no other)
 * @param executor their own bounded executor
 */
public record PublicReads(DataSource dataSource, Executor executor) {}
