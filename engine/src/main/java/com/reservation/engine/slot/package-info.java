/**
 * The slot entity: one bookable time slot as a sharded, event-sourced actor, the single writer of
 * its seats.
 *
 * <p>{@link com.reservation.engine.slot.SlotEntity} is the sharded front: it buffers the requests
 * that arrive while a write is in flight and hands them as one batch to its child {@link
 * com.reservation.engine.slot.SlotLedger}, the event-sourced behaviour that decides them in order
 * with {@code slot.rules} and persists all resulting facts as one {@link
 * com.reservation.engine.slot.SlotEvent} (group commit). Front and ledger talk through messages
 * private to this package: callers send only the requests of {@code slot.api}.
 *
 * <p>{@code SlotEvent} stays here under its first name because Jackson stores the class name as the
 * event's manifest. Depends on {@code slot.api}, {@code slot.rules}, {@code slot.storage} and Akka.
 */
package com.reservation.engine.slot;
