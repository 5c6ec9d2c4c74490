/** Test support: a real node on free ports with an HTTP client, and polling with a deadline. */
package com.reservation.http.testing;
