/**
 * The serialization marker: every message and event that crosses the wire or reaches the journal
 * implements it.
 */
package com.reservation.engine.serialization;
