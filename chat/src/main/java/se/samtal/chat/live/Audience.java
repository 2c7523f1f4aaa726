package se.samtal.chat.live;

/**
 * Who of a conversation's followers an event is for: everyone, or everyone but one connection
 * (the writer's, which has its ack) or one member (their own typing), or only one member's
 * connections (being cut off). Plain values, so an event's audience can travel to other nodes.
 *
 * @param exceptConnection a connection that is not told (null: none)
 * @param exceptMemberRef  a member whose connections are not told (null: none)
 * @param onlyMemberRef    only this member's connections are told (null: everyone)
 */
public record Audience(String exceptConnection, String exceptMemberRef, String onlyMemberRef) {
    public static final Audience EVERYONE = new Audience(null, null, null);

    public static Audience exceptConnection(String connectionId) {
        return new Audience(connectionId, null, null);
    }

    public static Audience exceptMember(String memberRef) {
        return new Audience(null, memberRef, null);
    }

    /** Only {@code memberRef}'s connections, or everyone's if it is null. */
    public static Audience only(String memberRef) {
        return new Audience(null, null, memberRef);
    }

    boolean includes(Subscription subscription) {
        return (exceptConnection == null || !exceptConnection.equals(subscription.connectionId()))
                && (exceptMemberRef == null || !exceptMemberRef.equals(subscription.memberRef()))
                && (onlyMemberRef == null || onlyMemberRef.equals(subscription.memberRef()));
    }
}
