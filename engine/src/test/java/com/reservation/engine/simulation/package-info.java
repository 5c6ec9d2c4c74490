/**
 * A deterministic, seeded simulation of slots, a customer allowance bucket and their journals with
 * faults injected (failed writes, lost answers, crashes and recoveries, retries, late and lost
 * messages, clock jumps and skew), checking the invariants after every step. It drives the same
 * decision code the actors use ({@code SlotRules}, {@code AllowanceRules}); the actors' own
 * plumbing is covered by their tests.
 */
package com.reservation.engine.simulation;
