package se.samtal.server.demo;

import se.samtal.server.auth.StaffTokens;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import se.samtal.chat.CareConversations;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.Role;
import se.samtal.protocol.SessionKind;
import se.samtal.protocol.WireCodec;
import se.samtal.signalling.visit.Principal;
import se.samtal.server.auth.TokenMinter;
import se.samtal.server.booking.BookingService;
import se.samtal.signalling.visit.ExpectedParticipant;
import se.samtal.server.booking.NewBooking;
import se.samtal.server.http.HttpResponses;
import se.samtal.server.http.HttpResult;
import se.samtal.server.tenant.Tenant;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code POST /demo/session} (demo mode only): books a session that starts now in the demo
 * tenant and answers with a therapist link and a patient link, so a newcomer can open both.
 * {@code POST /demo/group} books a call of four: therapist, patient, interpreter and relative, with
 * a link for each. {@code POST /demo/conversation} does the same for a care conversation. {@code POST /demo/inbox}
 * answers with the demo therapist's link to the care team's inbox, where the demo's drop-in
 * conversations wait.
 */
public final class DemoEndpoint implements Function<FullHttpRequest, HttpResult> {
    private static final Duration LENGTH = Duration.ofMinutes(60);

    private final Tenant tenant;
    private final BookingService bookings;
    private final TokenMinter minter;
    private final Supplier<String> publicUrl;
    private final Clock clock;
    private final StaffTokens staffTokens;
    private final DemoConversation conversation;
    private final ObjectMapper mapper = WireCodec.newMapper();

    public DemoEndpoint(Tenant tenant, BookingService bookings, CareConversations conversations, TokenMinter minter,
                        Supplier<String> publicUrl, Clock clock, StaffTokens staffTokens) {
        this.staffTokens = staffTokens;
        this.tenant = tenant;
        this.bookings = bookings;
        this.minter = minter;
        this.publicUrl = publicUrl;
        this.clock = clock;
        this.conversation = new DemoConversation(tenant, conversations, minter, publicUrl);
    }

    @Override
    public HttpResult apply(FullHttpRequest request) {
        String path = new QueryStringDecoder(request.uri()).path();
        if (!path.equals("/demo/session") && !path.equals("/demo/group") && !path.equals("/demo/conversation")
                && !path.equals("/demo/inbox")) {
            return new HttpResult("/demo", HttpResponses.error(mapper, ErrorCode.NOT_FOUND, null));
        }
        if (!request.method().equals(HttpMethod.POST)) {
            return new HttpResult(path, HttpResponses.error(mapper, ErrorCode.METHOD_NOT_ALLOWED, null));
        }
        if (path.equals("/demo/inbox")) {
            var minted = staffTokens.mint(new StaffTokens.Staff(tenant.id(), "demo-therapist", "Tove Lind", List.of()), LENGTH.multipliedBy(8));
            return new HttpResult(path, HttpResponses.json(mapper, HttpResponseStatus.CREATED,
                    java.util.Map.of("inboxUrl", publicUrl.get() + "/inbox#" + minted.token(), "expiresAt", minted.expiresAt())));
        }
        if (path.equals("/demo/conversation")) {
            return new HttpResult(path, HttpResponses.json(mapper, HttpResponseStatus.CREATED, conversation.create()));
        }
        // The page shows the role beside the name, so no name says it.
        var people = new LinkedHashMap<String, ExpectedParticipant>();
        people.put("therapistUrl", new ExpectedParticipant("demo-therapist", Role.THERAPIST, "Tove Lind"));
        people.put("patientUrl", new ExpectedParticipant("demo-patient", Role.PATIENT, "Pim Berg"));
        boolean group = path.equals("/demo/group");
        if (group) {
            people.put("interpreterUrl", new ExpectedParticipant("demo-interpreter", Role.INTERPRETER, "Ali Haddad"));
            people.put("relativeUrl", new ExpectedParticipant("demo-relative", Role.RELATIVE, "Maja Berg"));
        }
        Instant now = clock.instant();
        var booking = bookings.create(tenant, new NewBooking(SessionKind.VIDEO, group ? "Demosamtal med tolk" : "Demosamtal",
                now, now.plus(LENGTH), null, List.copyOf(people.values())));
        var body = new LinkedHashMap<String, Object>();
        body.put("sessionId", booking.id());
        people.forEach((key, who) -> body.put(key, link(who, booking.id())));
        body.put("expiresAt", booking.scheduledEnd());
        return new HttpResult(path, HttpResponses.json(mapper, HttpResponseStatus.CREATED, body));
    }

    private String link(ExpectedParticipant who, String sessionId) {
        var principal = new Principal(tenant.id(), who.ref(), who.role(), who.name());
        return publicUrl.get() + "/join#" + minter.joinToken(principal, sessionId, LENGTH).token();
    }
}
