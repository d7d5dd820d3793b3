package dev.bursar.internal.api;

import dev.bursar.internal.domain.ErrorCode;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Renders errors that happen outside Spring MVC (the servlet container, the security firewall)
 * as problem+json too, in place of Spring Boot's default error page.
 */
@Hidden
@RestController
public class ErrorEndpoint implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<Object> error(HttpServletRequest request) {
        Object statusAttribute = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = statusAttribute instanceof Integer value && value >= 400 ? value : 500;
        ErrorCode code = ErrorCode.forStatus(status);
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatusCode.valueOf(status));
        return Problems.response(Problems.decorate(problem, code, request), HttpHeaders.EMPTY);
    }
}
