/**
 * The slot: one bookable time slot as a sharded, event-sourced entity, the single writer of its seats.
 *
 * <p>{@link com.reservation.engine.slot.SlotEntity} is the sharded front: it buffers the commands that arrive while a
 * write is in flight and hands them as one batch to its child {@link com.reservation.engine.slot.SlotLedger}, the
 * event-sourced behaviour that decides them in order with {@link com.reservation.engine.slot.SlotRules} and persists
 * all resulting events in one write (group commit). Depends on Akka only.
 */
package com.reservation.engine.slot;
