package com.reservation.http.routes;

import static org.junit.jupiter.api.Assertions.*;

import akka.actor.Address;
import org.junit.jupiter.api.Test;

/** The member addresses an operator may give to {@code DELETE /admin/cluster/members/{address}}. */
class ClusterRoutesAddressTest {

  @Test
  void hostAndPortMeanAMemberOfThisSystem() {
    Address address = ClusterRoutes.parseAddress("127.0.0.1:25523", "reservation").orElseThrow();
    assertEquals("akka://reservation@127.0.0.1:25523", address.toString());
  }

  @Test
  void aFullAddressIsTakenAsGiven() {
    Address address =
        ClusterRoutes.parseAddress("akka://reservation@node3:25520", "reservation").orElseThrow();
    assertEquals("node3", address.getHost().get());
    assertEquals(25520, (int) address.getPort().get());
  }

  @Test
  void anythingElseIsRefused() {
    assertTrue(ClusterRoutes.parseAddress("node3", "reservation").isEmpty());
    assertTrue(ClusterRoutes.parseAddress("akka://reservation", "reservation").isEmpty());
    assertTrue(ClusterRoutes.parseAddress("::::", "reservation").isEmpty());
    assertTrue(ClusterRoutes.parseAddress("node3:port", "reservation").isEmpty());
  }
}
