package se.samtal.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samtal.audit.AuditObject;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.WireCodec;
import se.samtal.server.http.HttpResponses;
import se.samtal.server.http.HttpResult;
import se.samtal.server.report.ReportCsv;
import se.samtal.server.report.ReportWindow;
import se.samtal.server.report.Reports;
import se.samtal.server.tenant.ApiCaller;
import se.samtal.server.tenant.Tenant;

import java.util.List;

/**
 * {@code /api/v1/reports}: the tenant's follow-up over a time window, as JSON or, with
 * {@code Accept: text/csv}, CSV. {@code visits} (by day, week or month) and {@code conversations}.
 * Figures only: no person, no id of a session or conversation, never another tenant's.
 */
final class ReportApi {
    private static final Logger log = LoggerFactory.getLogger(ReportApi.class);
    private static final String BASE = "/api/v1/reports";

    private final Reports reports;
    private final ObjectMapper mapper = WireCodec.newMapper();

    ReportApi(Reports reports) {
        this.reports = reports;
    }

    HttpResult handle(ApiCaller caller, ApiRequest request) {
        var segments = request.segments(); // api, v1, reports, ...
        String which = segments.size() == 4 ? segments.get(3) : null;
        if (!"visits".equals(which) && !"conversations".equals(which)) {
            return new HttpResult(BASE + "/unknown", HttpResponses.error(mapper, ErrorCode.NOT_FOUND, "No such report."));
        }
        String route = BASE + "/" + which;
        try {
            request.requireMethod(HttpMethod.GET);
            Tenant tenant = caller.tenant();
            boolean csv = wantsCsv(request);
            var window = ReportWindow.parse(request.param("from"), request.param("to"), Reports.zone(tenant));
            request.audit().object(AuditObject.of("report")).detail("report", which).detail("from", window.from().toString())
                    .detail("to", window.to().toString()).detail("format", csv ? "csv" : "json");
            FullHttpResponse response;
            if (which.equals("visits")) {
                var groupBy = ReportWindow.GroupBy.parse(request.param("groupBy"));
                request.audit().detail("groupBy", groupBy.wire());
                var report = reports.visits(tenant, window, groupBy);
                response = csv ? csv(ReportCsv.write(report.rows())) : ok(report.view(tenant.id()));
            } else {
                var report = reports.conversations(tenant, window);
                response = csv ? csv(ReportCsv.write(List.of(report.figures()))) : ok(report.view(tenant.id()));
            }
            log.atInfo().setMessage("Report read").addKeyValue("tenant", tenant.id()).addKeyValue("report", which)
                    .addKeyValue("credential", caller.credentialId()).addKeyValue("request", request.requestId()).log();
            response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
            return new HttpResult(route, response);
        } catch (SamtalException e) {
            return new HttpResult(route, HttpResponses.error(mapper, e.code(), e.getMessage()));
        }
    }

    private static boolean wantsCsv(ApiRequest request) {
        String accept = request.http().headers().get(HttpHeaderNames.ACCEPT);
        return accept != null && accept.contains("text/csv");
    }

    private FullHttpResponse ok(Object body) {
        return HttpResponses.json(mapper, HttpResponseStatus.OK, body);
    }

    private static FullHttpResponse csv(String body) {
        return HttpResponses.text(HttpResponseStatus.OK, body, "text/csv; charset=utf-8");
    }
}
