package se.samtal.server.config;

/**
 * The one port samtal listens on.
 *
 * @param publicUrl the address browsers use to reach samtal; join links are built from it. If
 *                  unset, {@code http://<bindAddress>:<bound port>} (fine on one machine, not
 *                  behind a proxy or load balancer)
 */
public record HttpConfig(String bindAddress, Integer port, String publicUrl, ByteSize maxRequestBytes) {

    public HttpConfig {
        bindAddress = bindAddress != null ? bindAddress : "127.0.0.1";
        port = port != null ? port : 8080;
        publicUrl = publicUrl != null ? stripSlash(publicUrl) : null;
        maxRequestBytes = maxRequestBytes != null ? maxRequestBytes : ByteSize.ofMiB(1);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    void validate(Problems problems) {
        problems.range(port, 0, 65535, "http.port");
        problems.require(!bindAddress.isBlank(), "http.bindAddress", "must not be empty");
        if (publicUrl == null) {
            return;
        }
        try {
            var uri = java.net.URI.create(publicUrl);
            problems.require(uri.getHost() != null && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())),
                    "http.publicUrl", "must be an absolute http(s) URL");
        } catch (IllegalArgumentException e) {
            problems.add("http.publicUrl", "is not a valid URL");
        }
        problems.range(maxRequestBytes.bytes(), 1024, 64L * 1024 * 1024, "http.maxRequestBytes");
    }
}
