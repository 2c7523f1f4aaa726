package se.samtal.protocol;

import java.util.List;

/**
 * One entry of {@code RTCConfiguration.iceServers}, as browsers take it. TURN entries carry
 * short-lived credentials minted for this participant (TURN REST API: {@code username} is
 * {@code <expiry unix seconds>:<participant id>}).
 */
public record IceServer(List<String> urls, String username, String credential) {
    public IceServer {
        urls = List.copyOf(urls);
    }
}
