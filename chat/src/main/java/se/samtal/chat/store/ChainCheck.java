package se.samtal.chat.store;

/**
 * What recomputing a conversation's message chain ({@link se.samtal.chat.message.MessageChain})
 * found, from its anchor (the last message retention removed, or where the chain began) to its
 * newest message.
 *
 * @param fromSeq     the first message checked (messages before it were removed by retention or
 *                    written before the store kept a chain)
 * @param throughSeq  the conversation's newest message
 * @param brokenAtSeq where the first link failed (a message changed, missing or out of order); null if intact
 * @param head        the newest message's link, hex; null if not kept
 * @param pinsChecked how many links kept elsewhere (the audit trail's) were compared with the recomputed ones
 */
public record ChainCheck(Status status, long fromSeq, long throughSeq, Long brokenAtSeq, String head, int pinsChecked) {
    public enum Status {
        /** Every stored message's link recomputes, and the newest is the conversation's head. */
        INTACT("intact"),
        /** A link does not: the stored messages are not the ones written. */
        BROKEN("broken"),
        /** The store keeps no chain (cluster mode: messages in Redis). */
        NOT_KEPT("not_kept");

        private final String wire;

        Status(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    /** What a store that keeps no chain answers. */
    public static ChainCheck notKept() {
        return new ChainCheck(Status.NOT_KEPT, 0, 0, null, null, 0);
    }
}
