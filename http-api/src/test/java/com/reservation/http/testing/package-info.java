/**
 * Test support: a real node on free ports with an HTTP client (waiting is {@code
 * com.reservation.testsupport.Polling}, shared with the other modules).
 */
package com.reservation.http.testing;
