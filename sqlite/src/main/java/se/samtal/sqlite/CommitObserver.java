package se.samtal.sqlite;

/** Told about each group commit, for metrics. Called on the writer thread: return at once. */
@FunctionalInterface
public interface CommitObserver {
    CommitObserver NONE = (batchSize, nanos) -> { };

    /**
     * @param batchSize pieces of work in the transaction that was just committed
     * @param nanos     time from starting the transaction to the end of the commit (the disk flush)
     */
    void committed(int batchSize, long nanos);
}
