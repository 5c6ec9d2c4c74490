/**
 * Akka HTTP routes, one class per resource ({@code AdminRoutes}, {@code CalendarRoutes}, {@code
 * SlotRoutes}, {@code HealthRoutes}, {@code OperationsRoutes}), assembled by {@link
 * com.reservation.http.routes.ApiRoutes} inside the handlers that make every error problem+json.
 * The operations served are listed in {@link com.reservation.http.routes.RouteCatalog}. What the
 * routes need from their node comes in a {@link com.reservation.http.routes.NodeContext} (with the
 * {@link com.reservation.http.routes.AdminTokens} that admin routes check). Depends on the engine's
 * facade, the DTOs and the metrics; never on {@code node}, which starts them.
 */
package com.reservation.http.routes;
