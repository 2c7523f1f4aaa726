package se.samtal.signalling.live;

/** Makes new opaque ids: participants {@code p_…}, event streams {@code st_…}, recordings {@code rec_…}. */
@FunctionalInterface
public interface IdSource {
    String next(String prefix);
}
