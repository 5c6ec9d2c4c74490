/** The subcommands of the {@code reservation-engine} command line (picocli). */
package com.reservation.http.cli;
