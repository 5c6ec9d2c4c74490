/**
 * What the simulations share: settings from system properties, seeded feeders, the slot layouts the
 * simulations seed through the admin API (and whose slot ids they compute), and the request
 * builders with their checks.
 */
package com.reservation.gatling.support;
