package dev.faas.starter;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import dev.faas.contracts.api.ApiEnvelope;
import dev.faas.contracts.error.ScfError;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The one mapping from refusals to SCF errors for a servlet service: the catalogue's HTTP status and the API 3.0
 * envelope as body. Unexpected exceptions become {@code InternalError} with a generic message; their text is logged,
 * never sent.
 */
@RestControllerAdvice
public class ScfErrorResponses {
    private static final Logger log = LoggerFactory.getLogger(ScfErrorResponses.class);

    @ExceptionHandler(ScfException.class)
    ResponseEntity<Map<String, Object>> refused(ScfException e, HttpServletRequest request) {
        return respond(e.error(), e.getMessage(), request);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        return respond(ScfError.INVALID_PARAMETER_PAYLOAD, "The request body is not valid JSON or a field has the wrong type.", request);
    }

    @ExceptionHandler({MethodArgumentTypeMismatchException.class, MissingServletRequestParameterException.class})
    ResponseEntity<Map<String, Object>> badParameter(Exception e, HttpServletRequest request) {
        return respond(ScfError.INVALID_PARAMETER, "A query or path parameter is missing or malformed.", request);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Map<String, Object>> mediaType(Exception e, HttpServletRequest request) {
        return respond(ScfError.INVALID_PARAMETER_PAYLOAD, "Send the body as application/json.", request);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<Map<String, Object>> method(Exception e, HttpServletRequest request) {
        return respond(ScfError.UNSUPPORTED_PROTOCOL, null, request);
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<Map<String, Object>> noResource(Exception e, HttpServletRequest request) {
        return respond(ScfError.RESOURCE_NOT_FOUND, "No such path: " + request.getRequestURI(), request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Map<String, Object>> unexpected(Exception e, HttpServletRequest request) {
        log.error("unexpected error serving {} {}", request.getMethod(), request.getRequestURI(), e);
        return respond(ScfError.INTERNAL_ERROR, null, request);
    }

    private static ResponseEntity<Map<String, Object>> respond(ScfError error, String message, HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.valueOf(error.httpStatus()))
                .body(ApiEnvelope.error(error, message, RequestIdFilter.current(request)));
    }
}
