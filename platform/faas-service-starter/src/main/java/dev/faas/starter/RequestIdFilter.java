package dev.faas.starter;

import java.io.IOException;

import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.faas.contracts.api.ScfHeaders;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Gives every request a request id: the caller's {@code X-Scf-Request-Id} when it is well formed (internal calls
 * pass it on), else a new one. It is in the MDC while the request runs and echoed in the response.
 */
public class RequestIdFilter extends OncePerRequestFilter {
    public static final String ATTRIBUTE = RequestIdFilter.class.getName() + ".id";
    public static final String MDC_KEY = "requestId";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String id = request.getHeader(ScfHeaders.REQUEST_ID);
        if (!ScfHeaders.isAcceptableRequestId(id)) {
            id = ScfHeaders.newRequestId();
        }
        request.setAttribute(ATTRIBUTE, id);
        response.setHeader(ScfHeaders.REQUEST_ID, id);
        MDC.put(MDC_KEY, id);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(MDC_KEY);
        }
    }

    /** The id of the request being served, or a new one outside a request. */
    public static String current(HttpServletRequest request) {
        Object id = request == null ? null : request.getAttribute(ATTRIBUTE);
        return id instanceof String s ? s : ScfHeaders.newRequestId();
    }
}
