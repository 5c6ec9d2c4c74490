package com.reservation.engine.privacy;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.pubsub.Topic;
import com.reservation.engine.serialization.CborSerializable;

/**
 * Tells every node of the cluster that a customer's key was deleted, so each drops its cached copy
 * at once instead of at the end of its cache time. Akka's topic is at most once: a node that misses
 * the message still forgets the key when its cache entry expires ({@code
 * reservation.privacy.key-cache-for}).
 */
public final class KeyErasures {
  /** The key of {@code customerId} was deleted. */
  public record Erased(String customerId) implements CborSerializable {}

  private static final String NAME = "customer-key-erasures";

  private final ActorRef<Topic.Command<Erased>> topic;

  private KeyErasures(ActorRef<Topic.Command<Erased>> topic) {
    this.topic = topic;
  }

  /**
   * Joins the topic on this node: erasures published anywhere clear this node's entry in {@code
   * keys}.
   */
  public static KeyErasures start(ActorSystem<?> system, CustomerKeys keys) {
    ActorRef<Topic.Command<Erased>> topic =
        system.systemActorOf(Topic.create(Erased.class, NAME), NAME, Props.empty());
    ActorRef<Erased> forgetter =
        system.systemActorOf(
            Behaviors.receive(Erased.class)
                .onMessage(
                    Erased.class,
                    erased -> {
                      keys.forget(erased.customerId());
                      return Behaviors.same();
                    })
                .build(),
            NAME + "-forgetter",
            Props.empty());
    topic.tell(Topic.subscribe(forgetter));
    return new KeyErasures(topic);
  }

  public void publish(String customerId) {
    topic.tell(Topic.publish(new Erased(customerId)));
  }
}
