/**
 * The slot: one bookable time slot as a sharded, event-sourced entity, the single writer of its
 * seats.
 *
 * <p>{@link com.reservation.engine.slot.SlotEntity} is the sharded front: it buffers the commands
 * that arrive while a write is in flight and hands them as one batch to its child {@link
 * com.reservation.engine.slot.SlotLedger}, the event-sourced behaviour that decides them in order
 * with {@link com.reservation.engine.slot.rules.SlotRules} and persists all resulting events in one
 * write (group commit). Holds ({@link com.reservation.engine.slot.rules.HoldRules}) and the
 * waitlist ({@link com.reservation.engine.slot.rules.WaitlistRules}) are the slot's own state too:
 * every batch first expires the holds that are due and offers freed seats in line, then decides its
 * commands. Depends on Akka only.
 */
package com.reservation.engine.slot;
