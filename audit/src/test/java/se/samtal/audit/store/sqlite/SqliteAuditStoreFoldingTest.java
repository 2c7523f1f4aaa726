package se.samtal.audit.store.sqlite;

/** The embedded store's tests again, with what is filed lately moved into the index every three rows. */
class SqliteAuditStoreFoldingTest extends SqliteAuditStoreTest {
    @Override
    int foldRows() {
        return 3;
    }
}
