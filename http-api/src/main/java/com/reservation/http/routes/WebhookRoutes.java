package com.reservation.http.routes;

import static akka.http.javadsl.server.Directives.*;
import static akka.http.javadsl.server.PathMatchers.segment;

import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.Route;
import com.reservation.engine.events.webhook.Webhook;
import com.reservation.engine.events.webhook.WebhookStatus;
import com.reservation.engine.events.webhook.WebhookStore;
import com.reservation.http.dto.WebhookBody;
import com.reservation.http.dto.WebhookResponse;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code PUT}, {@code GET} and {@code DELETE /admin/webhooks/{webhookId}} (bearer token). A PUT
 * answers 201 when it created the webhook, 200 when it replaced one; neither answer nor any log
 * line ever shows the secret.
 */
final class WebhookRoutes {
  private static final Logger log = LoggerFactory.getLogger(WebhookRoutes.class);
  private static final Pattern WEBHOOK_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private final WebhookStore webhooks;
  private final Function<URI, CompletionStage<Optional<String>>> targetRefusal;
  private final AdminAuth auth;
  private final JsonBodies bodies;
  private final Replies replies;

  WebhookRoutes(
      WebhookStore webhooks,
      Function<URI, CompletionStage<Optional<String>>> targetRefusal,
      AdminAuth auth,
      JsonBodies bodies,
      Replies replies) {
    this.webhooks = webhooks;
    this.targetRefusal = targetRefusal;
    this.auth = auth;
    this.bodies = bodies;
    this.replies = replies;
  }

  Route route() {
    return pathPrefix(
        "admin",
        () ->
            auth.authenticated(
                () ->
                    path(
                        segment("webhooks").slash(segment()),
                        webhookId ->
                            concat(
                                put(() -> putWebhook(webhookId)),
                                get(() -> getWebhook(webhookId)),
                                delete(() -> deleteWebhook(webhookId))))));
  }

  private Route putWebhook(String webhookId) {
    if (!WEBHOOK_ID.matcher(webhookId).matches()) return invalidId();
    return bodies.body(
        WebhookBody.class,
        body -> {
          Webhook webhook = body.toWebhook(webhookId);
          return completeWithFuture(
              targetRefusal
                  .apply(webhook.url())
                  .thenCompose(
                      refusal ->
                          refusal.isPresent()
                              ? CompletableFuture.completedFuture(
                                  replies.problem(Problem.invalid("url: " + refusal.get() + ".")))
                              : register(webhookId, webhook))
                  .exceptionally(replies::failure));
        });
  }

  private CompletionStage<HttpResponse> register(String webhookId, Webhook webhook) {
    return webhooks
        .put(webhook)
        .thenCompose(
            change -> {
              // The url only as far as its host: receivers put tokens in paths and queries.
              log.info("Webhook {}: {} ({})", webhookId, change, webhook);
              return webhooks
                  .find(webhookId)
                  .thenApply(
                      status ->
                          Replies.json(
                              change == WebhookStore.Change.CREATED
                                  ? StatusCodes.CREATED
                                  : StatusCodes.OK,
                              WebhookResponse.of(status.orElseThrow())));
            });
  }

  private Route getWebhook(String webhookId) {
    if (!WEBHOOK_ID.matcher(webhookId).matches()) return invalidId();
    return completeWithFuture(
        webhooks.find(webhookId).thenApply(this::view).exceptionally(replies::failure));
  }

  private Route deleteWebhook(String webhookId) {
    if (!WEBHOOK_ID.matcher(webhookId).matches()) return invalidId();
    return completeWithFuture(
        webhooks
            .delete(webhookId)
            .thenApply(
                deleted -> {
                  deleted.ifPresent(
                      d ->
                          log.info(
                              "Webhook {} deleted with {} pending deliveries",
                              webhookId,
                              d.pending()));
                  return view(deleted);
                })
            .exceptionally(replies::failure));
  }

  private HttpResponse view(Optional<WebhookStatus> status) {
    return status
        .map(s -> Replies.ok(WebhookResponse.of(s)))
        .orElseGet(() -> replies.problem(Problem.notFound("No webhook with this id.")));
  }

  private Route invalidId() {
    return replies.invalid(
        "webhookId must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' or '-'.");
  }
}
