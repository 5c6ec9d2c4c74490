/** Akka HTTP routes, one class per resource, with request/response DTOs separate from the engine's commands. */
package com.reservation.http.routes;
