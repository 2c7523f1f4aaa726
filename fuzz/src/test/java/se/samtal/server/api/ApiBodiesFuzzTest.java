package se.samtal.server.api;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import se.samtal.chat.conversation.ConversationSettings;
import se.samtal.chat.conversation.NewMember;
import se.samtal.protocol.DisplayText;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.SessionStatus;
import se.samtal.signalling.visit.Booking;
import se.samtal.server.booking.BookingService;
import se.samtal.server.booking.BookingStore;
import se.samtal.server.booking.NewBooking;
import se.samtal.server.config.PolicyConfig;
import se.samtal.server.config.TenantConfig;
import se.samtal.server.tenant.Tenant;
import se.samtal.server.tenant.Tenants;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The platform API's request bodies: any bytes, read as each body the API takes
 * ({@link ApiBodies}, strict), and a booking then through the booking rules
 * ({@link BookingService#create}). Each ends in a value or a {@link SamtalException} with a code
 * docs/platform-api.md names for bad input; never another exception. What the rules accept is
 * within them: a title and names fit for showing ({@link DisplayText}).
 */
class ApiBodiesFuzzTest {
    private static final List<Class<?>> BODIES = List.of(NewBooking.class, PlatformApi.LinkRequest.class,
            ConversationApi.NewConversationBody.class, ConversationApi.HoldBody.class, ConversationApi.LinkBody.class,
            NewMember.class, ConversationSettings.class, AuditApi.PatientLogQuery.class);
    private static final Set<ErrorCode> BAD_INPUT = Set.of(ErrorCode.MALFORMED_JSON, ErrorCode.BAD_REQUEST);
    private static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");
    private static final ApiBodies BODIES_READER = new ApiBodies();
    private static final Tenant TENANT = new Tenants(List.of(new TenantConfig("region-x", null, "https://platform.example", null,
            new TenantConfig.KeysConfig(List.of("a-platform-secret-that-is-long-enough-0123"), null, null), null, null, null, null,
            (PolicyConfig) null))).byId("region-x").orElseThrow();
    private static final BookingService BOOKINGS = new BookingService(new AcceptingStore(), Clock.fixed(NOW, ZoneOffset.UTC));

    @FuzzTest
    void bodiesAreReadOrRefusedWithTheirCode(FuzzedDataProvider data) {
        Class<?> type = data.pickValue(BODIES);
        byte[] body = data.consumeRemainingAsBytes();
        var http = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/api/v1/sessions", Unpooled.wrappedBuffer(body));
        http.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        Object value;
        try {
            value = BODIES_READER.read(ApiRequest.of(http, "r_fuzz"), type);
        } catch (SamtalException e) {
            assertThat(BAD_INPUT).contains(e.code());
            return;
        } finally {
            http.release();
        }
        assertThat(value).isInstanceOf(type);
        if (value instanceof NewBooking booking) {
            try {
                Booking booked = BOOKINGS.create(TENANT, booking);
                assertThat(DisplayText.isAcceptable(booked.title())).isTrue();
                booked.participants().forEach(p -> assertThat(DisplayText.isAcceptable(p.name())).isTrue());
            } catch (SamtalException e) {
                assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
            }
        }
    }

    /** A store that takes every booking (the rules are what is fuzzed, not SQLite). */
    private static final class AcceptingStore implements BookingStore {
        @Override
        public boolean insertWithin(Booking booking, int maxUpcoming, Instant now) {
            return true;
        }

        @Override
        public Optional<Booking> find(String tenantId, String id) {
            return Optional.empty();
        }

        @Override
        public List<Booking> list(String tenantId, Instant from, Instant to, int limit, Cursor after) {
            return List.of();
        }

        @Override
        public Optional<Booking> transition(String tenantId, String id, Set<SessionStatus> from, SessionStatus to, Instant at,
                                            String reason) {
            return Optional.empty();
        }

        @Override
        public boolean isHealthy() {
            return true;
        }
    }
}
