package se.samtal.server.demo;

import se.samtal.chat.CareConversations;
import se.samtal.chat.conversation.ConversationSettings;
import se.samtal.chat.conversation.NewCareConversation;
import se.samtal.chat.conversation.NewMember;
import se.samtal.chat.expectation.ReplyWithin;
import se.samtal.chat.expectation.StaffedHours;
import se.samtal.protocol.Role;
import se.samtal.signalling.visit.Principal;
import se.samtal.server.auth.TokenMinter;
import se.samtal.server.tenant.Tenant;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code POST /demo/conversation} (demo mode only): opens a care conversation in the demo tenant
 * between a patient and a therapist, answering with a link for each, so a newcomer can write
 * from both sides.
 */
final class DemoConversation {
    private static final Duration LINK_LIFETIME = Duration.ofHours(24);

    private final Tenant tenant;
    private final CareConversations conversations;
    private final TokenMinter minter;
    private final Supplier<String> publicUrl;

    DemoConversation(Tenant tenant, CareConversations conversations, TokenMinter minter, Supplier<String> publicUrl) {
        this.tenant = tenant;
        this.conversations = conversations;
        this.minter = minter;
        this.publicUrl = publicUrl;
    }

    Map<String, Object> create() {
        var therapist = new NewMember("demo-therapist", Role.THERAPIST, "Tove Lind"); // the page shows the role beside the name
        var patient = new NewMember("demo-patient", Role.PATIENT, "Pim Berg");
        var settings = new ConversationSettings(new ReplyWithin(2, ReplyWithin.Unit.WORKDAYS),
                StaffedHours.weekdays("08:00", "16:00"));
        var conversation = conversations.create(tenant.id(),
                new NewCareConversation("Demokonversation", null, List.of(patient, therapist), settings));
        var body = new LinkedHashMap<String, Object>();
        body.put("conversationId", conversation.id());
        body.put("therapistUrl", link(therapist, conversation.id()));
        body.put("patientUrl", link(patient, conversation.id()));
        return body;
    }

    private String link(NewMember who, String conversationId) {
        var principal = new Principal(tenant.id(), who.ref(), who.role(), who.name());
        return publicUrl.get() + "/conversation#" + minter.conversationToken(principal, conversationId, LINK_LIFETIME).token();
    }
}
