package se.samtal.server.report;

import se.samtal.protocol.Role;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tenant's care conversations over a window: messages by role, how fast the care team answered
 * the patient's side against the promised reply time, and conversations closed by closing code.
 *
 * <p>A <b>question</b> is a message of the patient's side (patient, guardian, relative) written
 * when none was waiting for an answer; the next message of the care team (role therapist)
 * answers it, and the <b>reply time</b> runs from the question to that answer. The first question
 * after a conversation began, or after it was reopened, is its case's first, and its answer the
 * <b>first reply</b>. A question counts in the window it was asked in; its answer may come later.
 * It was answered <b>within the promise</b> if the answer came by the due time of the promise
 * that stood when it was asked ({@code replyWithin}); a question with a promise counts as
 * <b>promised</b> once it was answered or its due time passed. Closings count in the window they
 * happened in, by the code they ended with (closing again changes the code).
 */
public final class ConversationReport {
    /** How far before the window the report looks for a question still waiting then. */
    public static final Duration LOOKBACK = Duration.ofDays(31);

    private final ReportWindow window;
    private final Instant now;
    private final Map<String, Integer> byRole = new LinkedHashMap<>();
    private int messages;
    private final java.util.Set<String> active = new java.util.HashSet<>();
    private final Replies replies = new Replies();
    private final Replies firstReplies = new Replies();
    private int unanswered;
    private int overdue;
    private final Map<String, Integer> byClosingCode = new LinkedHashMap<>();
    private int closedWithoutCode;
    private int closed;

    private static final class Replies {
        final Figures times = new Figures();
        int promised;
        int within;

        Map<String, Object> view() {
            var v = new LinkedHashMap<String, Object>();
            v.put("count", times.count());
            v.put("medianSeconds", times.median());
            v.put("p90Seconds", times.p90());
            v.put("promised", promised);
            v.put("withinPromise", within);
            v.put("shareWithinPromise", promised == 0 ? null : Math.round(10_000.0 * within / promised) / 10_000.0);
            return v;
        }
    }

    private record Question(Instant at, Instant dueBy, boolean first) {
    }

    /** @param closingCodes the tenant's closing codes: each is reported, also when nothing was closed with it */
    public ConversationReport(ReportWindow window, Instant now, List<String> closingCodes) {
        this.window = window;
        this.now = now;
        for (Role role : List.of(Role.PATIENT, Role.GUARDIAN, Role.RELATIVE, Role.INTERPRETER, Role.THERAPIST)) {
            byRole.put(role.wire(), 0);
        }
        closingCodes.forEach(code -> byClosingCode.put(code, 0));
    }

    /** Where the activity this report needs begins: {@link #LOOKBACK} before the window. */
    public Instant readFrom() {
        return window.from().minus(LOOKBACK);
    }

    /** Counts the activity, read from {@link #readFrom()} up to now. */
    public ConversationReport add(List<ChatActivity> activity) {
        var byConversation = new LinkedHashMap<String, List<ChatActivity>>();
        for (ChatActivity a : activity) {
            byConversation.computeIfAbsent(a.conversationId(), k -> new ArrayList<>()).add(a);
        }
        byConversation.values().forEach(this::conversation);
        return this;
    }

    private void conversation(List<ChatActivity> activity) {
        var ordered = new ArrayList<>(activity);
        // A closing's number is the newest message's then: at the same moment, the message came first.
        ordered.sort(Comparator.comparing(ChatActivity::at).thenComparing(ChatActivity::seq).thenComparing(ChatActivity::what));
        Question waiting = null;
        boolean caseAnswered = false;
        boolean closedNow = false;
        String countedCode = null;
        boolean countedInWindow = false;
        for (ChatActivity a : ordered) {
            boolean inWindow = window.contains(a.at());
            switch (a.what()) {
                case MESSAGE -> {
                    if (inWindow) {
                        messages++;
                        byRole.merge(a.role() == null ? "unknown" : a.role().wire(), 1, Integer::sum);
                        active.add(a.conversationId());
                    }
                    if (ChatActivityRecorder.PATIENT_SIDE.contains(a.role())) {
                        if (waiting == null) {
                            waiting = new Question(a.at(), a.dueBy(), !caseAnswered);
                        }
                    } else if (a.role() == Role.THERAPIST && waiting != null) {
                        answered(waiting, a.at());
                        waiting = null;
                        caseAnswered = true;
                    }
                }
                case CLOSED -> {
                    if (waiting != null) {
                        unanswered(waiting);
                        waiting = null;
                    }
                    if (closedNow && countedInWindow) {
                        uncount(countedCode); // closed again: the new code replaces the old
                    }
                    if (!closedNow) {
                        countedInWindow = inWindow;
                    }
                    if (countedInWindow) {
                        count(a.closingCode());
                    }
                    countedCode = a.closingCode();
                    closedNow = true;
                }
                case REOPENED -> {
                    closedNow = false;
                    countedInWindow = false;
                    caseAnswered = false;
                }
            }
        }
        if (waiting != null) {
            unanswered(waiting);
        }
    }

    private void answered(Question q, Instant at) {
        if (!window.contains(q.at())) {
            return;
        }
        long seconds = Duration.between(q.at(), at).toSeconds();
        boolean within = q.dueBy() != null && !at.isAfter(q.dueBy());
        for (Replies r : q.first() ? List.of(replies, firstReplies) : List.of(replies)) {
            r.times.add(seconds);
            if (q.dueBy() != null) {
                r.promised++;
                if (within) {
                    r.within++;
                }
            }
        }
    }

    private void unanswered(Question q) {
        if (!window.contains(q.at())) {
            return;
        }
        unanswered++;
        boolean late = q.dueBy() != null && now.isAfter(q.dueBy());
        if (late) {
            overdue++;
            replies.promised++;
            if (q.first()) {
                firstReplies.promised++;
            }
        }
    }

    private void count(String code) {
        closed++;
        if (code == null) {
            closedWithoutCode++;
        } else {
            byClosingCode.merge(code, 1, Integer::sum);
        }
    }

    private void uncount(String code) {
        closed--;
        if (code == null) {
            closedWithoutCode--;
        } else {
            byClosingCode.computeIfPresent(code, (k, n) -> n - 1);
        }
    }

    public Map<String, Object> view(String tenantId) {
        var v = new LinkedHashMap<String, Object>();
        v.put("tenant", tenantId);
        v.put("from", window.from());
        v.put("to", window.to());
        v.put("timeZone", window.zone().getId());
        v.putAll(figures());
        return v;
    }

    /** The figures alone (what the CSV form flattens). */
    public Map<String, Object> figures() {
        var v = new LinkedHashMap<String, Object>();
        var m = new LinkedHashMap<String, Object>();
        m.put("total", messages);
        m.put("byRole", byRole);
        v.put("messages", m);
        v.put("conversations", Map.of("active", active.size()));
        var r = replies.view();
        r.put("unanswered", unanswered);
        r.put("overdue", overdue);
        v.put("replies", r);
        v.put("firstReplies", firstReplies.view());
        var c = new LinkedHashMap<String, Object>();
        c.put("total", closed);
        c.put("byClosingCode", byClosingCode);
        c.put("withoutCode", closedWithoutCode);
        v.put("closed", c);
        return v;
    }
}
