/**
 * Tests of events out over real HTTP: the availability stream, webhooks, the pull feed, the arrival
 * curve export.
 */
package com.reservation.http.events;
