package com.reservation.engine.slot.rules;

import java.util.Map;
import java.util.Optional;
import scala.Tuple2;
import scala.collection.immutable.HashMap;
import scala.collection.immutable.HashMap$;
import scala.jdk.javaapi.CollectionConverters;

/**
 * An immutable map with cheap updates (a hash trie shared between versions), so that a slot with
 * 100,000 bookings does not copy its whole index for each event. Backed by Scala's immutable
 * HashMap, which Akka already brings.
 */
public final class PersistentMap<K, V> {
  private static final PersistentMap<?, ?> EMPTY = new PersistentMap<>(HashMap$.MODULE$.empty());

  private final HashMap<K, V> underlying;

  private PersistentMap(HashMap<K, V> underlying) {
    this.underlying = underlying;
  }

  @SuppressWarnings("unchecked")
  public static <K, V> PersistentMap<K, V> empty() {
    return (PersistentMap<K, V>) EMPTY;
  }

  /** Builds a map from many entries at once (a recovery), without a new version per entry. */
  public static <K, V> Builder<K, V> builder() {
    return new Builder<>();
  }

  /** Collects entries into one map; a later entry for a key replaces an earlier one. */
  public static final class Builder<K, V> {
    private final scala.collection.mutable.ReusableBuilder<Tuple2<K, V>, HashMap<K, V>> entries =
        HashMap$.MODULE$.newBuilder();

    private Builder() {}

    public Builder<K, V> put(K key, V value) {
      entries.addOne(new Tuple2<>(key, value));
      return this;
    }

    public PersistentMap<K, V> build() {
      return new PersistentMap<>(entries.result());
    }
  }

  public PersistentMap<K, V> with(K key, V value) {
    return new PersistentMap<>(underlying.updated(key, value));
  }

  public PersistentMap<K, V> without(K key) {
    return new PersistentMap<>(underlying.removed(key));
  }

  public Optional<V> get(K key) {
    scala.Option<V> found = underlying.get(key);
    return found.isDefined() ? Optional.of(found.get()) : Optional.empty();
  }

  public boolean containsKey(K key) {
    return underlying.contains(key);
  }

  public int size() {
    return underlying.size();
  }

  /** A read-only Java view; iteration order is unspecified. */
  public Map<K, V> asJava() {
    return CollectionConverters.asJava(underlying);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PersistentMap<?, ?> that && underlying.equals(that.underlying);
  }

  @Override
  public int hashCode() {
    return underlying.hashCode();
  }

  @Override
  public String toString() {
    return "PersistentMap(size=" + size() + ")";
  }
}
