package com.reservation.http.routes;

import static akka.http.javadsl.server.Directives.*;

import akka.http.javadsl.server.Route;
import com.reservation.http.node.NodeContext;

/** Every route of a node, in one tree. */
public final class ApiRoutes {
  private ApiRoutes() {}

  public static Route create(NodeContext node) {
    return concat(
        new HealthRoutes(node).route(),
        new ClusterRoutes(node).route());
  }
}
