package se.samtal.server.chat;

import se.samtal.chat.ConversationState;
import se.samtal.chat.conversation.Member;
import se.samtal.chat.live.ChatHub;
import se.samtal.chat.live.ConversationKey;
import se.samtal.protocol.Role;
import se.samtal.server.inbox.InboxSightings;
import se.samtal.server.tenant.Tenants;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Who is there now in a care conversation. A member is <b>online</b> while a connection of theirs
 * follows the conversation (on any node); a member of the care team (role {@code therapist}) also
 * while their inbox is open ({@link InboxSightings}). <b>The care team is online</b> if one of its
 * members in the conversation is, or, for a drop-in nobody of the team has joined yet, if anyone
 * serving its entry has the inbox open. Patients and others are told only that (yes or no), and only
 * when the tenant's {@code chat.teamOnline} allows it now; the care team is told which members are
 * online. Nobody is told when anyone was last there.
 */
public final class TeamPresence {
    private final ChatHub hub;
    private final InboxSightings sightings;
    private final Tenants tenants;
    private final BiFunction<String, String, Optional<String>> dropInEntry;
    private final Clock clock;

    /** @param dropInEntry the drop-in entry of a tenant's conversation, if it is a drop-in */
    public TeamPresence(ChatHub hub, InboxSightings sightings, Tenants tenants,
                        BiFunction<String, String, Optional<String>> dropInEntry, Clock clock) {
        this.hub = hub;
        this.sightings = sightings;
        this.tenants = tenants;
        this.dropInEntry = dropInEntry;
        this.clock = clock;
    }

    /** What {@code asking} (a current member) is told about {@code state}'s conversation now. */
    public se.samtal.protocol.chat.ChatResults.Presence of(ConversationState state, Member asking) {
        var conversation = state.conversation();
        String tenantId = conversation.tenantId();
        Set<String> following = hub.connectedRefs(new ConversationKey(tenantId, conversation.id()));
        var now = clock.instant();
        List<Member> online = state.members().stream().filter(m -> following.contains(m.ref())
                || (m.role() == Role.THERAPIST && sightings.isOnline(tenantId, m.ref(), now))).toList();
        boolean teamHere = online.stream().anyMatch(m -> m.role() == Role.THERAPIST);
        if (!teamHere && state.members().stream().noneMatch(m -> m.role() == Role.THERAPIST)) {
            teamHere = dropInEntry.apply(tenantId, conversation.id()).map(e -> sightings.anyOnlineFor(tenantId, e, now)).orElse(false);
        }
        Boolean told = shown(tenantId, state) ? teamHere : null;
        List<String> ids = asking.role() == Role.THERAPIST ? online.stream().map(Member::id).toList() : null;
        return new se.samtal.protocol.chat.ChatResults.Presence(told, ids);
    }

    private boolean shown(String tenantId, ConversationState state) {
        String setting = tenants.byId(tenantId).map(t -> t.chat().teamOnline()).orElse("never");
        return switch (setting) {
            case "always" -> true;
            case "never" -> false;
            default -> !Boolean.FALSE.equals(state.expectations().staffedNow()); // staffed_hours: inside them, or none set
        };
    }
}
