/**
 * The availability read model: a projection of the slots' tagged events into {@code
 * slot_availability}, and the calendar and timetable queries over it (through a short per-node
 * cache). Reads here never wake a slot entity.
 */
package com.reservation.engine.availability;
