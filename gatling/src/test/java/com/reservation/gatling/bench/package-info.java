/**
 * The benchmark's machinery inside its single Gatling run: the phases (one workload against one
 * target each), the controller that warms each phase until steady and then measures it, the windows
 * that count answers, the CPU readings from /proc taken at the same instants, and the workloads
 * with their light requests. Depends on Gatling, Jackson and the shared {@code support} classes;
 * never on engine classes.
 */
package com.reservation.gatling.bench;
