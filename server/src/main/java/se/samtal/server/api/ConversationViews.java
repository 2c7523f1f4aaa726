package se.samtal.server.api;

import se.samtal.chat.CareConversations;
import se.samtal.chat.conversation.Conversation;
import se.samtal.chat.conversation.Member;
import se.samtal.chat.message.Message;
import se.samtal.chat.store.ChainCheck;
import se.samtal.server.chat.ChatWire;

import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Conversations as the platform API shows them. Unlike what members see, the platform sees its
 * own person refs, every member (removed ones too), legal holds and unread counts.
 */
final class ConversationViews {
    private ConversationViews() {
    }

    static Map<String, Object> details(CareConversations.Details details) {
        var v = conversation(details.state().conversation());
        v.put("expectations", ChatWire.expectations(details.state().expectations()));
        v.put("members", details.allMembers().stream().map(m -> {
            var member = member(m);
            member.put("deliveredSeq", m.deliveredSeq());
            member.put("readSeq", m.readSeq());
            if (m.isCurrent()) {
                member.put("unread", details.unread().getOrDefault(m.id(), 0));
            }
            return member;
        }).toList());
        return v;
    }

    static Map<String, Object> conversation(Conversation c) {
        var v = new LinkedHashMap<String, Object>();
        v.put("id", c.id());
        v.put("kind", c.kind().wire());
        v.put("sessionId", c.sessionId());
        v.put("title", c.title());
        v.put("externalRef", c.externalRef());
        v.put("status", c.status().wire());
        v.put("createdAt", c.createdAt());
        v.put("lastActivityAt", c.lastActivityAt());
        v.put("closedAt", c.closedAt());
        v.put("closingCode", c.closingCode());
        v.put("lastSeq", c.lastSeq());
        v.put("purgedThroughSeq", c.purgedThroughSeq());
        if (c.legalHold() != null) {
            v.put("legalHold", Map.of("since", c.legalHold().since(), "reason", Objects.requireNonNullElse(c.legalHold().reason(), "")));
        }
        v.put("settings", c.settings());
        v.values().removeIf(Objects::isNull);
        return v;
    }

    static Map<String, Object> member(Member m) {
        var v = new LinkedHashMap<String, Object>();
        v.put("memberId", m.id());
        v.put("ref", m.ref());
        v.put("role", m.role());
        v.put("name", m.name());
        v.put("addedAt", m.addedAt());
        v.put("removedAt", m.removedAt());
        v.values().removeIf(Objects::isNull);
        return v;
    }

    /** The journal export as JSON: the conversation, who took part, and every message with its writer. */
    static Map<String, Object> export(CareConversations.Export export, ZoneId zone) {
        var byId = new HashMap<String, Member>();
        export.members().forEach(m -> byId.put(m.id(), m));
        var v = new LinkedHashMap<String, Object>();
        v.put("conversation", conversation(export.conversation()));
        v.put("members", export.members().stream().map(ConversationViews::member).toList());
        v.put("messages", export.messages().stream().map(m -> message(m, byId.get(m.senderId()))).toList());
        v.put("more", export.more());
        if (export.more()) {
            v.put("nextAfterSeq", export.messages().getLast().seq());
        }
        v.put("exportedAt", export.exportedAt());
        v.put("timeZone", zone.getId());
        v.put("chain", chain(export.chain()));
        return v;
    }

    /** The conversation's hash chain as verified for the export. */
    static Map<String, Object> chain(ChainCheck chain) {
        var v = new LinkedHashMap<String, Object>();
        v.put("status", chain.status().wire());
        if (chain.status() != ChainCheck.Status.NOT_KEPT) {
            v.put("fromSeq", chain.fromSeq());
            v.put("throughSeq", chain.throughSeq());
            if (chain.brokenAtSeq() != null) {
                v.put("brokenAtSeq", chain.brokenAtSeq());
            }
            if (chain.head() != null) {
                v.put("head", chain.head());
            }
        }
        return v;
    }

    private static Map<String, Object> message(Message m, Member sender) {
        var who = new LinkedHashMap<String, Object>();
        who.put("memberId", m.senderId());
        who.put("ref", sender != null ? sender.ref() : null);
        who.put("role", m.senderRole());
        who.put("name", m.senderName());
        who.values().removeIf(Objects::isNull);
        var v = new LinkedHashMap<String, Object>();
        v.put("seq", m.seq());
        v.put("sentAt", m.sentAt());
        v.put("sender", who);
        v.put("text", m.text());
        return v;
    }

    static List<Map<String, Object>> list(List<Conversation> conversations) {
        return conversations.stream().map(ConversationViews::conversation).toList();
    }
}
