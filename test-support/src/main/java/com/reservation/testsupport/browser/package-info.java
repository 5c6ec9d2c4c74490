/**
 * A real browser for the tests of pages the node serves: {@link
 * com.reservation.testsupport.browser.HeadlessChromium} starts Debian's headless Chromium with a
 * profile of its own and drives one page through the Chrome DevTools protocol over a JDK WebSocket
 * (navigate, evaluate, type, click, screenshot), with the small JSON reader and writer the protocol
 * needs. Like the rest of this module it depends on the JDK only; a test that needs the browser
 * asks {@link com.reservation.testsupport.browser.HeadlessChromium#executable()} whether it is
 * installed.
 */
package com.reservation.testsupport.browser;
