/**
 * A customer's contact key as the domain hands it to the journal: a slot's request carries the new
 * key that sealed its contact data ({@link com.reservation.engine.privacy.keys.CustomerKeyRow}),
 * and the event recording what it decided brings it along ({@link
 * com.reservation.engine.privacy.keys.WithCustomerKeys}) so the journal stores both in one
 * statement. Owned by the domain, so that neither the slot nor the privacy rules import the
 * journal; the journal imports this. Depends on nothing.
 */
package com.reservation.engine.privacy.keys;
