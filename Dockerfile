# The reservation-engine node image: the shaded jar on a JRE, run as a non-root user.
# Build: docker build -t reservation-engine:local .     Run a cluster: docker-compose up (see docs/cluster.md).

FROM maven:3-eclipse-temurin-17 AS build
WORKDIR /src
# Poms first, so the layer holding the engine's dependencies (most of them) is rebuilt only when a pom changes; no
# BuildKit cache mount, so docker-compose v1's classic builder works too. The reactor reads every module's pom.
COPY pom.xml ./
COPY test-support/pom.xml test-support/
COPY embedded-db/pom.xml embedded-db/
COPY engine/pom.xml engine/
COPY http-api/pom.xml http-api/
COPY cluster-config/pom.xml cluster-config/
COPY client-test/pom.xml client-test/
COPY gatling/pom.xml gatling/
# Our own modules are built below, not downloaded: excluded here (engine's tests depend on embedded-db).
RUN mvn -B -q -pl embedded-db,engine -am dependency:go-offline -DexcludeGroupIds=com.reservation
COPY test-support/src test-support/src
COPY embedded-db/src embedded-db/src
COPY engine/src engine/src
COPY http-api/src http-api/src
RUN mvn -B -q -pl http-api -am package -Dmaven.test.skip=true

FROM eclipse-temurin:17-jre
# curl for the container health check; nothing else is added to the JRE image.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 reservation \
 && useradd --system --uid 10001 --gid reservation --home-dir /app --shell /usr/sbin/nologin reservation \
 && mkdir -p /app/data \
 && chown reservation:reservation /app/data
WORKDIR /app
COPY --from=build /src/http-api/target/reservation-engine.jar /app/reservation-engine.jar
COPY cluster-config/cluster.conf cluster-config/docker.conf cluster-config/kubernetes.conf /app/cluster-config/
# Non-root: the embedded PostgreSQL refuses to run as root without unshare, which containers often forbid; and a
# node has no business being root anyway. Clustered deployments use an external PostgreSQL (RESERVATION_DB_URL).
USER reservation:reservation
ENV JAVA_OPTS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError" \
    RESERVATION_DATA_DIR=/app/data
# HTTP, Artery remoting, Akka Management.
EXPOSE 8080 25520 8558
# exec: the JVM replaces the shell as PID 1, so SIGTERM (docker stop) reaches it and runs coordinated shutdown.
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/reservation-engine.jar \"$@\"", "reservation-engine"]
CMD ["start", "--config", "/app/cluster-config/docker.conf"]
