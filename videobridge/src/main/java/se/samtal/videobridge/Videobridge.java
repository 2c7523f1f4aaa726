package se.samtal.videobridge;

import java.net.URI;
import java.util.Objects;

/**
 * A Jitsi Videobridge samtal may use: where its private REST API is (the Colibri2 conferences,
 * {@code /about/health}, {@code /colibri/stats}; enabled with {@code videobridge.apis.rest.enabled}),
 * its region and its share of new calls.
 *
 * @param id      a name for logs and metrics (not personal data), e.g. {@code jvb-1}
 * @param restUrl e.g. {@code http://10.0.0.7:8080}; keep it on a private network
 * @param region  e.g. {@code se-south}; may be null
 * @param weight  1–100: a bridge with twice the weight takes twice the calls at the same load
 */
public record Videobridge(String id, URI restUrl, String region, int weight) {
    public Videobridge {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(restUrl, "restUrl");
        if (weight < 1 || weight > 100) {
            throw new IllegalArgumentException("weight is 1-100");
        }
        String base = restUrl.toString();
        if (base.endsWith("/")) {
            restUrl = URI.create(base.substring(0, base.length() - 1));
        }
    }
}
