package dev.bursar.internal.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bursar.internal.domain.ErrorCode;
import dev.bursar.internal.middleware.AcceptsIdempotencyKey;
import io.swagger.v3.oas.annotations.Hidden;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The problem codes each handler declares with {@link Refusals} are true to the code: rule
 * outcomes that the services and the domain raise, never what {@link ProblemResponses} gives
 * every operation or derives from what it reads, and listed under their own status.
 */
class RefusalsTest {

    /** Raised before or around a handler (filters, Spring MVC), so documented from one place, never declared. */
    private static final Set<ErrorCode> NOT_A_HANDLERS_OWN = EnumSet.of(
            ErrorCode.MALFORMED_REQUEST,
            ErrorCode.VALIDATION_FAILED,
            ErrorCode.UNAUTHORIZED,
            ErrorCode.METHOD_NOT_ALLOWED,
            ErrorCode.NOT_ACCEPTABLE,
            ErrorCode.IDEMPOTENCY_REQUEST_IN_PROGRESS,
            ErrorCode.PAYLOAD_TOO_LARGE,
            ErrorCode.UNSUPPORTED_MEDIA_TYPE,
            ErrorCode.IDEMPOTENCY_KEY_REUSED,
            ErrorCode.RATE_LIMITED,
            ErrorCode.INTERNAL_ERROR,
            ErrorCode.SERVICE_UNAVAILABLE);

    private static final Path RULES = Path.of("src/main/java/dev/bursar/internal");

    @Test
    void declaredCodesAreRuleOutcomesTheServicesOrTheDomainRaise() throws IOException {
        String rules = sourcesOf(RULES.resolve("service")) + sourcesOf(RULES.resolve("domain"));
        List<Method> declaring = handlers().stream()
                .filter(handler -> handler.isAnnotationPresent(Refusals.class))
                .toList();

        assertThat(declaring).hasSizeGreaterThanOrEqualTo(10);
        for (Method handler : declaring) {
            ErrorCode[] declared = handler.getAnnotation(Refusals.class).value();
            assertThat(declared).as("%s declares each code once", handler).doesNotHaveDuplicates();
            for (ErrorCode code : declared) {
                assertThat(NOT_A_HANDLERS_OWN)
                        .as("%s declares %s", handler, code)
                        .doesNotContain(code);
                assertThat(rules)
                        .as("%s declares %s: something must raise it", handler, code)
                        .containsAnyOf(raising(code));
            }
            if (Arrays.stream(handler.getParameters()).noneMatch(p -> p.isAnnotationPresent(PathVariable.class))) {
                continue;
            }
            assertThat(declared)
                    .as("%s: not_found follows from its path ids", handler)
                    .doesNotContain(ErrorCode.NOT_FOUND);
        }
    }

    @Test
    void everyCodeIsListedUnderItsOwnStatus() {
        for (Method handler : handlers()) {
            Map<Integer, List<ErrorCode>> problems = ProblemResponses.problemsOf(handler);

            assertThat(problems.keySet()).as("%s", handler).contains(401, 406, 429, 500, 503);
            problems.forEach((status, codes) -> assertThat(codes)
                    .as("%s %s", handler, status)
                    .isNotEmpty()
                    .allMatch(code -> code.status() == status));
            Refusals refusals = handler.getAnnotation(Refusals.class);
            Stream.of(refusals == null ? new ErrorCode[0] : refusals.value())
                    .forEach(code -> assertThat(problems.get(code.status()))
                            .as("%s %s", handler, code)
                            .contains(code));
        }
    }

    @Test
    void whatAHandlerReadsBringsItsCodes() {
        Method transfer = handler(TransferController.class, "transfer");
        Method deposit = handler(TransferController.class, "deposit");
        Method listUsers = handler(UserController.class, "list");

        assertThat(transfer.isAnnotationPresent(AcceptsIdempotencyKey.class)).isTrue();
        assertThat(ProblemResponses.problemsOf(transfer))
                .containsEntry(409, List.of(ErrorCode.IDEMPOTENCY_REQUEST_IN_PROGRESS))
                .containsEntry(
                        422,
                        List.of(
                                ErrorCode.INSUFFICIENT_FUNDS,
                                ErrorCode.CURRENCY_MISMATCH,
                                ErrorCode.SAME_ACCOUNT,
                                ErrorCode.ACCOUNT_INACTIVE,
                                ErrorCode.BALANCE_OVERFLOW,
                                ErrorCode.IDEMPOTENCY_KEY_REUSED))
                .containsEntry(400, List.of(ErrorCode.MALFORMED_REQUEST, ErrorCode.VALIDATION_FAILED))
                .containsKeys(413, 415);
        assertThat(ProblemResponses.problemsOf(deposit))
                .containsEntry(403, List.of(ErrorCode.FORBIDDEN))
                .containsEntry(404, List.of(ErrorCode.NOT_FOUND));
        assertThat(ProblemResponses.problemsOf(listUsers))
                .containsEntry(400, List.of(ErrorCode.VALIDATION_FAILED))
                .doesNotContainKeys(404, 409, 413, 415, 422);
    }

    /** The documented handlers: the request-mapped methods of the API's visible controllers. */
    private static List<Method> handlers() {
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(RestController.class));
        List<Method> handlers = new ArrayList<>();
        scanner.findCandidateComponents(RefusalsTest.class.getPackageName()).forEach(bean -> {
            Class<?> type = ClassUtils.resolveClassName(bean.getBeanClassName(), null);
            if (!type.isAnnotationPresent(Hidden.class)) {
                Arrays.stream(type.getDeclaredMethods())
                        .filter(method -> AnnotatedElementUtils.hasAnnotation(method, RequestMapping.class))
                        .forEach(handlers::add);
            }
        });
        assertThat(handlers).as("handlers found").hasSizeGreaterThanOrEqualTo(19);
        return handlers;
    }

    private static Method handler(Class<?> controller, String name) {
        return Arrays.stream(controller.getDeclaredMethods())
                .filter(method -> method.getName().equals(name))
                .findFirst()
                .orElseThrow();
    }

    /** How the rules spell raising a code: by name, or by the factory {@code DomainException} has for it. */
    private static String[] raising(ErrorCode code) {
        return switch (code) {
            case FORBIDDEN -> new String[] {"ErrorCode.FORBIDDEN", "DomainException.forbidden("};
            case NOT_FOUND -> new String[] {"ErrorCode.NOT_FOUND", "DomainException.notFound("};
            default -> new String[] {"ErrorCode." + code.name()};
        };
    }

    private static String sourcesOf(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(file -> file.toString().endsWith(".java"))
                    // where codes are defined, not raised
                    .filter(file -> !Set.of("ErrorCode.java", "DomainException.java")
                            .contains(file.getFileName().toString()))
                    .map(file -> {
                        try {
                            return Files.readString(file);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .collect(Collectors.joining("\n"));
        }
    }
}
