package se.samtal.server.tenant;

/** A platform authenticated with one of its tenant's API credentials. */
public record ApiCaller(Tenant tenant, String credentialId) {
}
