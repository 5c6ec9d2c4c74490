/**
 * Pages the node serves, used in a real browser: Debian's headless Chromium driven over the
 * DevTools protocol ({@code com.reservation.testsupport.browser}) against a real node, with
 * screenshots under {@code target/} for review. Skipped where Chromium is missing, except in CI.
 */
package com.reservation.http.browser;
