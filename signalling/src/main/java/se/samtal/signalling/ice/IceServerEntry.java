package se.samtal.signalling.ice;

import java.util.List;

/** One ICE server for a participant: URLs and, for TURN, a username and credential. */
public record IceServerEntry(List<String> urls, String username, String credential) {
    public IceServerEntry {
        urls = List.copyOf(urls);
    }
}
