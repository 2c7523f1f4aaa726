package se.samtal.chat;

/** Makes new opaque ids (conversations {@code cv_…}, members {@code m_…}). */
@FunctionalInterface
public interface IdSource {
    String next(String prefix);
}
