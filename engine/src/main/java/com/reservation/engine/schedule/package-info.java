/**
 * Schedules: turning {@code {from, to, dailyStart, dailyEnd, slotMinutes, capacity, daysOfWeek}}
 * into slot definitions in a venue's local time (daylight-saving days handled), and applying them
 * to the slot catalog whole or not at all.
 */
package com.reservation.engine.schedule;
