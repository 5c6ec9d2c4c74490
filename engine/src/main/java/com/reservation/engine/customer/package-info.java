/**
 * Per-customer limits across slots: {@link com.reservation.engine.customer.AllowanceBucket}, a
 * sharded event-sourced entity per venue and bucket of customers that grants an allowance before a
 * slot books or holds, and {@link com.reservation.engine.customer.CustomerLimits}, the saga that
 * asks it, then the slot, and gives the allowance back when the slot refuses. No lock and no
 * transaction spans slots: a grant the slot never used is found out by asking the slot once the
 * grant's deadline has passed. {@link com.reservation.engine.customer.EarlierAllowances} imports
 * what earlier versions stored per customer. Depends on Akka, the store and the slot package.
 */
package com.reservation.engine.customer;
