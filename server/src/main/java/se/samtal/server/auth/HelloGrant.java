package se.samtal.server.auth;

import se.samtal.signalling.visit.Principal;

/** What a verified join or resume token lets its holder open: a session, or a care conversation. */
public sealed interface HelloGrant permits JoinGrant, ConversationGrant {

    Principal principal();

    /** Whether the token came from an earlier welcome rather than a link. */
    boolean isResume();
}
