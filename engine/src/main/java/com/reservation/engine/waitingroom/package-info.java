/**
 * The waiting room in front of a venue's scheduled opening: one line per venue, kept by a sharded,
 * event-sourced {@link com.reservation.engine.waitingroom.WaitingRoom} (the single writer of its
 * tickets, their order and the admissions), a node-local picture of every room ({@link
 * com.reservation.engine.waitingroom.WaitingRooms}) that answers polls and checks admissions from
 * memory, and signed admission tokens ({@link com.reservation.engine.waitingroom.AdmissionTokens}).
 * See docs/decisions/0015-waiting-room.md.
 */
package com.reservation.engine.waitingroom;
