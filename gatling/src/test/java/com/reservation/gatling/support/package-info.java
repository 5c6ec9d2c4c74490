/**
 * What the simulations share: settings from system properties, seeded feeders, the slot layouts the
 * simulations seed through the admin API (and whose slot ids they compute), the request builders
 * with their checks, and the journeys that more than one simulation runs.
 */
package com.reservation.gatling.support;
