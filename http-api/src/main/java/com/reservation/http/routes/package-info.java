/**
 * Akka HTTP routes, one class per resource ({@code AdminRoutes}, {@code CalendarRoutes}, {@code
 * SlotRoutes}, {@code HealthRoutes}, {@code OperationsRoutes}), assembled by {@link
 * com.reservation.http.routes.ApiRoutes} inside the handlers that make every error problem+json.
 * The operations served are listed in {@link com.reservation.http.routes.RouteCatalog}. Depends on
 * the engine's facade, the DTOs and the metrics.
 */
package com.reservation.http.routes;
