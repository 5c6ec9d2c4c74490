/**
 * The arrival curve of booking bursts: how many booking attempts reached each slot in each second,
 * and how they ended (confirmed, rejected, refused). The journal cannot tell: a rejection writes
 * nothing. Each node counts at its HTTP edge in memory ({@link ArrivalCounter}, a few adders per
 * attempt) and adds its counts to {@code booking_arrivals} every few seconds, off the request path
 * ({@link ArrivalStore}); {@code export-arrivals} reads them back as CSV. Counts only: no customer,
 * no contact.
 */
package com.reservation.engine.events.arrivals;
