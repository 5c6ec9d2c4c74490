package com.reservation.http.routes;

import static akka.http.javadsl.server.Directives.*;

import akka.http.javadsl.model.ContentType;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpCharsets;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.MediaTypes;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.Route;
import com.reservation.http.metrics.NodeMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code GET /metrics} (Prometheus text format 0.0.4) and {@code GET /openapi.yaml} (the contract
 * as OpenAPI 3).
 */
final class OperationsRoutes {
  static final String OPENAPI_RESOURCE = "/openapi.yaml";

  private static final ContentType YAML =
      ContentTypes.create(
          MediaTypes.customWithFixedCharset(
              "application", "yaml", HttpCharsets.UTF_8, Map.of(), true, "yaml"));

  /**
   * The exposition format's own content type: Prometheus 3 refuses a scrape whose type it cannot
   * tell.
   */
  private static final ContentType PROMETHEUS_TEXT =
      ContentTypes.create(
          MediaTypes.customWithFixedCharset(
              "text", "plain", HttpCharsets.UTF_8, Map.of("version", "0.0.4"), false));

  private final NodeMetrics metrics;
  private final byte[] openApi;

  OperationsRoutes(NodeMetrics metrics) {
    this.metrics = metrics;
    this.openApi = openApiDocument();
  }

  Route route() {
    return concat(
        path(
            "metrics",
            () ->
                get(
                    () ->
                        complete(
                            StatusCodes.OK,
                            HttpEntities.create(
                                PROMETHEUS_TEXT,
                                metrics.scrape().getBytes(StandardCharsets.UTF_8))))),
        path(
            "openapi.yaml",
            () -> get(() -> complete(StatusCodes.OK, HttpEntities.create(YAML, openApi)))));
  }

  static byte[] openApiDocument() {
    try (InputStream in = OperationsRoutes.class.getResourceAsStream(OPENAPI_RESOURCE)) {
      if (in == null) throw new IllegalStateException("openapi.yaml is missing from the jar");
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
