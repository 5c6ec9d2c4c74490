/**
 * A slot's decisions and state, with no actor: {@link com.reservation.engine.slot.rules.SlotRules}
 * decides a request against a {@link com.reservation.engine.slot.rules.SlotState} at a given
 * instant and answers with facts and replies; {@link com.reservation.engine.slot.rules.HoldRules}
 * and {@link com.reservation.engine.slot.rules.WaitlistRules} do the same for holds and the
 * waitlist. The state is immutable and applies facts ({@link
 * com.reservation.engine.slot.rules.SlotFact}, stored by name inside the slot's events) in order,
 * over structure-sharing maps; what ended is kept within bounds in time and count ({@link
 * com.reservation.engine.slot.rules.SlotHistory}, {@link
 * com.reservation.engine.slot.rules.HistorySettings}), dropped as facts are applied, by their own
 * time, so a replay drops the same. Kept apart so that the invariants (no overbooking, one active
 * booking per customer, idempotency) are checked over random sequences of requests without an
 * actor. Depends on {@code slot.api} only.
 */
package com.reservation.engine.slot.rules;
