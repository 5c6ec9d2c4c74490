/**
 * The machinery of the {@link com.reservation.gatling.OpeningRush} simulation (issue 20, the
 * waiting room): its settings, what each arrival saw (joined when and in which state, admitted
 * when, booked with which answer), the answers by request and status, the CPU the node and its
 * PostgreSQL used in windows of only joins and of only polls, and a watch of the room's own status
 * during the rush. Everything is written as files for {@code gatling/opening_rush_report.py}, which
 * computes the figures (admissions per minute, the rank correlations of arrival and admission, CPU
 * per poll and per join). Depends on Gatling, Jackson and the shared {@code support} and {@code
 * bench} classes; never on engine classes.
 */
package com.reservation.gatling.rush;
