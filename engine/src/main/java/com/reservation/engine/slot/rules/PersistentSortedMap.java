package com.reservation.engine.slot.rules;

import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import scala.Tuple2;
import scala.collection.immutable.TreeMap;
import scala.collection.immutable.TreeMap$;
import scala.jdk.javaapi.CollectionConverters;
import scala.math.Ordering;
import scala.math.Ordering$;

/**
 * An immutable sorted map with cheap updates (a red-black tree shared between versions), for the
 * slot's orders that must survive every fact in O(log n): its holds by expiry, its waitlist by
 * arrival. Backed by Scala's immutable TreeMap, which Akka already brings; its trees know their
 * sizes, so counting the keys before one is O(log n).
 */
public final class PersistentSortedMap<K extends Comparable<? super K>, V> {
  /**
   * Natural order of any Comparable key (the raw types are where Java meets Scala's implicit
   * Ordering).
   */
  @SuppressWarnings({"rawtypes", "unchecked"})
  private static final Ordering NATURAL =
      Ordering$.MODULE$.comparatorToOrdering((Comparator) (a, b) -> ((Comparable) a).compareTo(b));

  @SuppressWarnings({"rawtypes", "unchecked"})
  private static final PersistentSortedMap EMPTY =
      new PersistentSortedMap<>(TreeMap$.MODULE$.empty(NATURAL));

  private final TreeMap<K, V> underlying;

  private PersistentSortedMap(TreeMap<K, V> underlying) {
    this.underlying = underlying;
  }

  @SuppressWarnings("unchecked")
  public static <K extends Comparable<? super K>, V> PersistentSortedMap<K, V> empty() {
    return (PersistentSortedMap<K, V>) EMPTY;
  }

  public PersistentSortedMap<K, V> with(K key, V value) {
    return new PersistentSortedMap<>(underlying.updated(key, value));
  }

  public PersistentSortedMap<K, V> without(K key) {
    return new PersistentSortedMap<>(underlying.removed(key));
  }

  public boolean isEmpty() {
    return underlying.isEmpty();
  }

  public int size() {
    return underlying.size();
  }

  /** The smallest key, if any. */
  public Optional<K> firstKey() {
    return underlying.isEmpty() ? Optional.empty() : Optional.of(underlying.firstKey());
  }

  /** How many keys sort before {@code key}. */
  @SuppressWarnings("unchecked")
  public int countBefore(K key) {
    return ((TreeMap<K, V>) underlying.rangeUntil(key)).size();
  }

  /** The entries in key order. */
  public Iterator<Map.Entry<K, V>> iterator() {
    Iterator<Tuple2<K, V>> tuples = CollectionConverters.asJava(underlying.iterator());
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return tuples.hasNext();
      }

      @Override
      public Map.Entry<K, V> next() {
        Tuple2<K, V> next = tuples.next();
        return Map.entry(next._1(), next._2());
      }
    };
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PersistentSortedMap<?, ?> that && underlying.equals(that.underlying);
  }

  @Override
  public int hashCode() {
    return underlying.hashCode();
  }

  @Override
  public String toString() {
    return "PersistentSortedMap(size=" + size() + ")";
  }
}
