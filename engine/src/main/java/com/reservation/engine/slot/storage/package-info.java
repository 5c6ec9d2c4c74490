/**
 * A slot's snapshot: its stored form ({@link com.reservation.engine.slot.storage.SlotSnapshot}),
 * the compact binary serializer a big slot recovers from fast, and where snapshots are written off
 * the slot's path ({@link com.reservation.engine.slot.storage.SlotSnapshots}). Stored data: the
 * serializer's id and manifest never change, and a snapshot Jackson stored under the class's former
 * name ({@code com.reservation.engine.slot.SlotSnapshot}) still reads (see {@link
 * com.reservation.engine.slot.storage.SlotSnapshotMoved}). Depends on {@code slot.rules} and the
 * journal's snapshot writer.
 */
package com.reservation.engine.slot.storage;
