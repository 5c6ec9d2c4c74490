/**
 * What the tests of several modules share and that needs none of them: the one poller with a
 * deadline ({@link com.reservation.testsupport.Polling}), a counting data source ({@link
 * com.reservation.testsupport.CountingDataSource}) and, in {@code browser}, a headless Chromium
 * that tests drive pages with.
 *
 * <p>Why a module of its own: engine, embedded-db and http-api tests all wait for things and two of
 * them count queries, but a test class of one module cannot be seen from another's tests (and
 * http-api's test-jar would make the engine depend on HTTP). So this is a plain jar that every
 * module takes in test scope; it depends only on the JDK, never on engine or http-api, so any
 * module may use it and it can never close a cycle. What starts nodes stays beside the nodes: the
 * cluster-of-processes fixture lives in http-api's {@code com.reservation.http.cluster} tests.
 */
package com.reservation.testsupport;
