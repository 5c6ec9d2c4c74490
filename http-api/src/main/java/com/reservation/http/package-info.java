/**
 * The runnable node: the command line ({@link com.reservation.http.Main}). Depends on the engine,
 * never the reverse.
 */
package com.reservation.http;
