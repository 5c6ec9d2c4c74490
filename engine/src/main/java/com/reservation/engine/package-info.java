/**
 * The reservation engine: the domain and its Akka runtime. {@link
 * com.reservation.engine.EngineAssembly} starts what runs on a node (sharding, persistence, the
 * read model, events out) and returns {@link com.reservation.engine.ReservationEngine}, the only
 * entry point the HTTP front end uses. Commands that take seats (book, hold, join a waitlist) come
 * with their slot already resolved ({@link com.reservation.engine.SeatTarget}) and run through one
 * pipeline, {@code SeatCommands}. This module never depends on HTTP.
 */
package com.reservation.engine;
