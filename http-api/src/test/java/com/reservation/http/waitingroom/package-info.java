/**
 * The waiting room through the HTTP API of real nodes: the admin settings, tickets, polls and
 * streams, the Admission header on the routes that take seats, and the line across nodes.
 */
package com.reservation.http.waitingroom;
