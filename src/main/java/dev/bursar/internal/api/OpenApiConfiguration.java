package dev.bursar.internal.api;

import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Contact;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document at {@code /v3/api-docs}, browsable in Swagger UI with a working "Authorize". */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

    static final String API_KEY_SCHEME = "apiKey";

    private static final String DESCRIPTION = """
            Bursar holds users, accounts and a double-entry ledger, and moves money between accounts \
            in transactions that stay correct under any concurrency.

            **Authentication.** Every `/api/**` request needs `Authorization: Bearer <api-key>`. \
            Press *Authorize* and paste a key (the development server prints an admin key at start-up).

            **Conventions.** JSON with snake_case fields; ids are UUIDv7; timestamps are RFC 3339 UTC; \
            money amounts are integers in the currency's minor unit. Lists are paged with `limit` \
            (1-100, default 20) and the opaque `cursor` from `next_cursor`. Every response carries \
            `X-Request-Id`.

            **Money.** A transfer, deposit or withdrawal is atomic: both balances, both journal entries \
            and the transfer commit together or not at all. A user account's balance never goes below \
            zero, under any concurrency; concurrent transfers in any direction all get a definite answer. \
            Deposits and withdrawals move money to and from one system account per currency, so every \
            transfer is balanced.

            **Idempotency.** Send an `Idempotency-Key` (1-255 printable ASCII characters) with a transfer, \
            deposit or withdrawal and it is processed at most once per key and caller: a retry gets the \
            stored response again with `Idempotent-Replayed: true` (2xx, 400, 404 and 422 are stored for 24 h).

            **Errors.** Every error is `application/problem+json` (RFC 9457) with a stable `code` \
            and the `request_id`; `validation_failed` lists the offending fields in `errors`. A foreign \
            resource is reported as `not_found`. Codes: `malformed_request`, `validation_failed`, \
            `unauthorized`, `forbidden`, `not_found`, `method_not_allowed`, `not_acceptable`, \
            `unsupported_media_type`, `email_taken`, `account_not_empty`, `user_has_accounts`, \
            `account_closed`, `idempotency_request_in_progress`, `payload_too_large`, `insufficient_funds`, \
            `currency_mismatch`, `same_account`, `account_inactive`, `balance_overflow`, \
            `idempotency_key_reused`, `rate_limited`, `service_unavailable`, `internal_error`.""";

    @Bean
    OpenAPI bursarOpenApi(ObjectProvider<BuildProperties> build) {
        String version = build.getIfAvailable() != null ? build.getIfAvailable().getVersion() : "dev";
        return new OpenAPI()
                .info(new Info()
                        .title("Bursar API")
                        .version(version)
                        .description(DESCRIPTION)
                        .contact(new Contact().name("Bursar maintainers"))
                        .license(new License().name("Apache-2.0").identifier("Apache-2.0")))
                // Relative: the deployment that serves this document, whatever its host (springdoc
                // would otherwise publish the address of the request that asked for it).
                .addServersItem(new Server().url("/").description("this Bursar deployment"))
                .components(new Components()
                        .addSecuritySchemes(
                                API_KEY_SCHEME,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .description("An API key: `bsr_...`"))
                        .addSchemas("Problem", ProblemResponses.problemSchema()))
                .addSecurityItem(new SecurityRequirement().addList(API_KEY_SCHEME));
    }

    /** Schemas in snake_case like the wire format (springdoc reads models with its own Jackson 2 mapper). */
    @Bean
    ModelResolver snakeCaseModelResolver() {
        // In OpenAPI 3.1 mode, as the document is: a nullable field is typed [..., "null"].
        return new ModelResolver(Json31.mapper()
                        .copy()
                        .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE))
                .openapi31(true);
    }
}
