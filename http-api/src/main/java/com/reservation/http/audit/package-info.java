/**
 * The after-the-fact audit of a load run (cluster-config/chaos.sh): what the clients were answered,
 * read from the answer log a load driver wrote, against what the cluster stored. The journal is
 * read and replayed through the engine's own types ({@code SlotState}, {@code AllowanceBook}) and
 * Akka serialization, never parsed by hand, so the audit sees exactly what a recovering slot sees.
 * Used by the {@code check-answers} command; depends on the engine's slot and customer packages.
 */
package com.reservation.http.audit;
