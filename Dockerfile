# syntax=docker/dockerfile:1
# Bursar's container image: built from source in a JDK stage, run from the jar's layers on a JRE,
# as a non-root user. Build: docker build -t bursar:0.1.0 .

FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
# Dependencies first, so that a source change does not download them again.
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -q dependency:go-offline
COPY db db
COPY src src
RUN ./mvnw -B -q -DskipTests package \
 && java -Djarmode=tools -jar target/bursar-*.jar extract --layers --destination /layers \
 && mv /layers/application/bursar-*.jar /layers/application/bursar.jar

FROM eclipse-temurin:25-jre
# curl serves the container health check.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin bursar
WORKDIR /app
# One layer per rate of change: libraries change least, the application most.
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
USER 10001
EXPOSE 8080 8081
# The heap follows the container's memory limit; Spring AOT's bean definitions (built into the jar)
# shorten start-up.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=50 -Dspring.aot.enabled=true" \
    TMPDIR=/tmp
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD curl -fsS http://localhost:8081/actuator/health/readiness || exit 1
ENTRYPOINT ["java", "-jar", "/app/bursar.jar"]
