package io.exceed.gateway.web;

import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;

/**
 * One line per request on the logger {@code io.exceed.gateway.access}, written when the server observation of
 * the request stops (after the response, problems included): method, route template, status, latency, tenant
 * and request id, e.g. {@code GET /v1/customers/{customer_id} 200 12ms tenant=acme request_id=…}. Never the raw
 * path, query values, headers (so no API key or token) nor bodies. Tenant and request id are also in the MDC,
 * so structured logs carry them as fields.
 */
public final class AccessLog implements ObservationHandler<ServerRequestObservationContext> {

    private static final Logger log = LoggerFactory.getLogger("io.exceed.gateway.access");
    private static final String STARTED = AccessLog.class.getName() + ".started";

    @Override
    public boolean supportsContext(Observation.Context context) {
        return context instanceof ServerRequestObservationContext;
    }

    @Override
    public void onStart(ServerRequestObservationContext context) {
        context.put(STARTED, System.nanoTime());
    }

    @Override
    public void onStop(ServerRequestObservationContext context) {
        Object requestId = context.getAttributes().get(RequestIds.ATTRIBUTE);
        if (requestId == null || !log.isInfoEnabled()) {
            return; // not a request of the API port (the management port has no request ids)
        }
        Long started = context.get(STARTED);
        long millis = started == null ? -1 : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        String tenant = (String) context.getAttributes().get(CallFacts.TENANT);
        String route = context.getPathPattern() != null ? context.getPathPattern() : "-";
        HttpStatusCode status = context.getResponse() != null ? context.getResponse().getStatusCode() : null;
        String outcome = context.isConnectionAborted() ? "aborted" : status != null ? Integer.toString(status.value()) : "-";
        MDC.put("request_id", requestId.toString());
        if (tenant != null) {
            MDC.put("tenant", tenant);
        }
        try {
            log.info("{} {} {} {}ms tenant={} request_id={}", context.getCarrier().getMethod().name(), route, outcome,
                    millis, tenant != null ? tenant : "-", requestId);
        } finally {
            MDC.remove("request_id");
            MDC.remove("tenant");
        }
    }
}
