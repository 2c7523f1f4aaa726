package se.samtal.loadtest.platform;

/** Someone the platform books into a session or a care conversation: its opaque ref, role and display name. */
public record Person(String ref, String role, String name) {
}
