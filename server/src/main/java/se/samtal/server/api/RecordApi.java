package se.samtal.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.WireCodec;
import se.samtal.server.http.HttpResponses;
import se.samtal.server.record.RecordBook;
import se.samtal.server.record.RecordText;
import se.samtal.server.record.RecordView;
import se.samtal.server.report.Reports;
import se.samtal.server.tenant.Tenant;
import se.samtal.signalling.visit.Booking;

/**
 * {@code GET /api/v1/sessions/{id}/record}: the visit record, as JSON (names only with
 * {@code names=true}) or as Swedish text for the journal ({@code format=text}, or
 * {@code Accept: text/plain}). A record no longer kept (past the tenant's retention) answers
 * {@code 404 not_found}, like a session that does not exist.
 */
final class RecordApi {
    private final RecordBook records;
    private final ObjectMapper mapper = WireCodec.newMapper();

    RecordApi(RecordBook records) {
        this.records = records;
    }

    FullHttpResponse read(Tenant tenant, Booking booking, ApiRequest request) {
        String format = request.param("format");
        if (format == null) {
            String accept = request.http().headers().get(HttpHeaderNames.ACCEPT);
            format = accept != null && accept.contains("text/plain") && !accept.contains("application/json") ? "text" : "json";
        }
        if (!format.equals("json") && !format.equals("text")) {
            throw new SamtalException(ErrorCode.BAD_REQUEST, "'format' must be json or text.");
        }
        String names = request.param("names");
        if (names != null && !names.equals("true") && !names.equals("false")) {
            throw new SamtalException(ErrorCode.BAD_REQUEST, "'names' must be true or false.");
        }
        boolean withNames = "true".equals(names);
        var record = records.find(tenant, booking)
                .orElseThrow(() -> new SamtalException(ErrorCode.NOT_FOUND, "The session's visit record is no longer kept."));
        request.audit().detail("format", format).detail("names", withNames);
        FullHttpResponse response = format.equals("json")
                ? HttpResponses.json(mapper, HttpResponseStatus.OK, RecordView.of(record, withNames))
                : HttpResponses.text(HttpResponseStatus.OK, RecordText.render(record, Reports.zone(tenant)), "text/plain; charset=utf-8");
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        return response;
    }
}
