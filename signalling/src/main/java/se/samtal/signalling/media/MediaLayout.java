package se.samtal.signalling.media;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The media sections of one endpoint's connection to the bridge, in order: section 0 is its own
 * audio and section 1 its own video (sent both ways), then one receive-only section per source of
 * the others. Sections can never be removed or reordered in a renegotiation (RFC 8829), so a
 * source that leaves frees its section, which is then inactive until a source of the same kind
 * takes it again. Immutable; every change gives a new layout.
 *
 * @param remote the sources in sections 2, 3, …; null where a section is free
 * @param kinds  the kind of each of those sections (a freed section keeps its kind)
 */
public record MediaLayout(List<Source> remote, List<MediaKind> kinds) {
    /** Sections 0 and 1: the endpoint's own audio and video. */
    public static final int OWN_SECTIONS = 2;

    public MediaLayout {
        remote = java.util.Collections.unmodifiableList(new ArrayList<>(remote));
        kinds = List.copyOf(kinds);
        if (remote.size() != kinds.size()) {
            throw new IllegalArgumentException("one kind per section");
        }
        for (int i = 0; i < remote.size(); i++) {
            if (remote.get(i) != null && remote.get(i).kind() != kinds.get(i)) {
                throw new IllegalArgumentException("a source in a section of another kind");
            }
        }
    }

    /** Only the endpoint's own two sections. */
    public static MediaLayout empty() {
        return new MediaLayout(List.of(), List.of());
    }

    /** The layout with {@code source} in a section: the one it has, else the first free one of its kind, else a new one. */
    public MediaLayout with(Source source) {
        Objects.requireNonNull(source);
        if (remote.contains(source)) {
            return this;
        }
        var sources = new ArrayList<>(remote);
        var sectionKinds = new ArrayList<>(kinds);
        int same = indexOfName(source.name());
        if (same >= 0) {
            sources.set(same, source); // the same source with other SSRCs (the sender renegotiated)
            return new MediaLayout(sources, sectionKinds);
        }
        for (int i = 0; i < sources.size(); i++) {
            if (sources.get(i) == null && sectionKinds.get(i) == source.kind()) {
                sources.set(i, source);
                return new MediaLayout(sources, sectionKinds);
            }
        }
        sources.add(source);
        sectionKinds.add(source.kind());
        return new MediaLayout(sources, sectionKinds);
    }

    /** The layout with every source of {@code owner} taken out (their sections become free). */
    public MediaLayout without(String owner) {
        var sources = new ArrayList<>(remote);
        sources.replaceAll(s -> s != null && s.owner().equals(owner) ? null : s);
        return new MediaLayout(sources, kinds);
    }

    /** The layout with {@code source} taken out, if it is in it. */
    public MediaLayout without(Source source) {
        int at = indexOfName(source.name());
        if (at < 0) {
            return this;
        }
        var sources = new ArrayList<>(remote);
        sources.set(at, null);
        return new MediaLayout(sources, kinds);
    }

    /** How many media sections an offer of this layout has. */
    public int sections() {
        return OWN_SECTIONS + remote.size();
    }

    private int indexOfName(String name) {
        for (int i = 0; i < remote.size(); i++) {
            if (remote.get(i) != null && remote.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
