/**
 * The subcommands of the {@code reservation-engine} command line (picocli): {@code start} and
 * {@code migrate} run a node or its schema; {@code configs} prints the effective configuration with
 * secrets masked; {@code seed} creates a demo venue on a running node through its admin HTTP API;
 * {@code check-answers} holds a load run's answers against the journal (cluster-config/chaos.sh).
 * Depends on the node package and the DTOs' mapper.
 */
package com.reservation.http.cli;
