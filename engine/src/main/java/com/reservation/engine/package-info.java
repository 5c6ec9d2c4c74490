/**
 * The reservation engine: the domain and its Akka runtime. {@link
 * com.reservation.engine.ReservationEngine} wires sharding, persistence and the read model together
 * and is the only entry point the HTTP front end uses. This module never depends on HTTP.
 */
package com.reservation.engine;
