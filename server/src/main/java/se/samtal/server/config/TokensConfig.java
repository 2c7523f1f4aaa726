package se.samtal.server.config;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * samtal's own token settings.
 *
 * @param issuer        {@code iss} of the join links samtal mints and of resume tokens
 * @param signingSecret HS256 key (at least 32 bytes) for minted links and resume tokens; every
 *                      node of a cluster needs the same one
 * @param clockSkew     tolerance for {@code exp} and {@code nbf}
 * @param resumeTtl     lifetime of a resume token; connected clients get fresh ones before expiry
 * @param linkTtl       default lifetime of a minted join link
 */
public record TokensConfig(String issuer, String signingSecret, Duration clockSkew, Duration resumeTtl, Duration linkTtl) {

    public TokensConfig {
        issuer = issuer != null ? issuer : "samtal";
        clockSkew = clockSkew != null ? clockSkew : Duration.ofSeconds(30);
        resumeTtl = resumeTtl != null ? resumeTtl : Duration.ofHours(1);
        linkTtl = linkTtl != null ? linkTtl : Duration.ofHours(24);
    }

    void validate(Problems problems) {
        problems.require(!issuer.isBlank(), "tokens.issuer", "must not be empty");
        problems.require(signingSecret != null && signingSecret.getBytes(StandardCharsets.UTF_8).length >= 32,
                "tokens.signingSecret", "is required and must be at least 32 bytes (generate one with: bin/samtal secret)");
        problems.require(clockSkew.compareTo(Duration.ZERO) >= 0 && clockSkew.compareTo(Duration.ofMinutes(5)) <= 0,
                "tokens.clockSkew", "must be between 0s and 5m");
        problems.positive(resumeTtl, "tokens.resumeTtl");
        problems.positive(linkTtl, "tokens.linkTtl");
    }
}
