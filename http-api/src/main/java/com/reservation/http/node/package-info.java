/**
 * Starting and stopping a node: settings from flags, environment and files; the embedded or
 * external database; the schema migration; the ActorSystem joined to its cluster; the engine; the
 * HTTP server.
 */
package com.reservation.http.node;
