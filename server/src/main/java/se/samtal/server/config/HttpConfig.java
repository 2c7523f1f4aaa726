package se.samtal.server.config;

import java.time.Duration;
import java.util.List;

/**
 * The port samtal listens on, who may reach it and how.
 *
 * @param publicUrl             the address browsers use to reach samtal; join links are built from
 *                              it. If unset, {@code http://<bindAddress>:<bound port>} (fine on one
 *                              machine, not behind a proxy or load balancer)
 * @param clientAddressHeader   behind a proxy: the header that carries the client's address
 *                              ({@code X-Forwarded-For}, {@code X-Real-IP}, …), believed only from
 *                              {@code trustedProxies}; unset: the connection's own address
 * @param trustedProxies        addresses or CIDR ranges of the proxies whose header is believed
 * @param allowedOrigins        browser origins, besides samtal's own, whose pages may open the
 *                              WebSocket (the platforms' web apps that embed samtal)
 * @param managementPort        if set, {@code /metrics} is served there only (with {@code /healthz}
 *                              and {@code /readyz}), not on the public port
 * @param managementBindAddress where the management port listens
 * @param tls                   if set, the public port speaks HTTPS and WSS only
 */
public record HttpConfig(String bindAddress, Integer port, String publicUrl, ByteSize maxRequestBytes,
                         String clientAddressHeader, List<String> trustedProxies, List<String> allowedOrigins,
                         Integer managementPort, String managementBindAddress, TlsConfig tls) {

    public HttpConfig {
        bindAddress = bindAddress != null ? bindAddress : "127.0.0.1";
        port = port != null ? port : 8080;
        publicUrl = publicUrl != null ? stripSlash(publicUrl) : null;
        maxRequestBytes = maxRequestBytes != null ? maxRequestBytes : ByteSize.ofMiB(1);
        trustedProxies = trustedProxies != null ? List.copyOf(trustedProxies) : List.of();
        allowedOrigins = allowedOrigins != null ? allowedOrigins.stream().map(HttpConfig::stripSlash).toList() : List.of();
        managementBindAddress = managementBindAddress != null ? managementBindAddress : "127.0.0.1";
    }

    static HttpConfig defaults() {
        return new HttpConfig(null, null, null, null, null, null, null, null, null, null);
    }

    /**
     * HTTPS and WSS on the public port, for deployments without a proxy in front.
     *
     * @param certificate    PEM file with the certificate chain (leaf first)
     * @param privateKey     PEM file with the private key (PKCS#8)
     * @param reloadInterval how often the files are checked for a change (a renewed certificate)
     * @param hstsMaxAge     {@code Strict-Transport-Security: max-age} sent with every answer; 0s: none
     */
    public record TlsConfig(String certificate, String privateKey, Duration reloadInterval, Duration hstsMaxAge) {
        public TlsConfig {
            reloadInterval = reloadInterval != null ? reloadInterval : Duration.ofMinutes(1);
            hstsMaxAge = hstsMaxAge != null ? hstsMaxAge : Duration.ofDays(365);
        }

        void validate(Problems problems) {
            problems.require(certificate != null && !certificate.isBlank(), "http.tls.certificate",
                    "is required with http.tls: a PEM file with the certificate chain");
            problems.require(privateKey != null && !privateKey.isBlank(), "http.tls.privateKey",
                    "is required with http.tls: a PEM file with the private key");
            problems.require(reloadInterval.compareTo(Duration.ofSeconds(1)) >= 0 && reloadInterval.compareTo(Duration.ofDays(1)) <= 0,
                    "http.tls.reloadInterval", "must be between 1s and 1d");
            problems.require(!hstsMaxAge.isNegative() && hstsMaxAge.compareTo(Duration.ofDays(730)) <= 0,
                    "http.tls.hstsMaxAge", "must be between 0s and 730d");
        }
    }

    private static String stripSlash(String url) {
        return url != null && url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    void validate(Problems problems) {
        problems.range(port, 0, 65535, "http.port");
        problems.require(!bindAddress.isBlank(), "http.bindAddress", "must not be empty");
        problems.range(maxRequestBytes.bytes(), 1024, 64L * 1024 * 1024, "http.maxRequestBytes");
        if (publicUrl != null) {
            try {
                var uri = java.net.URI.create(publicUrl);
                problems.require(uri.getHost() != null && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())),
                        "http.publicUrl", "must be an absolute http(s) URL");
            } catch (IllegalArgumentException e) {
                problems.add("http.publicUrl", "is not a valid URL");
            }
        }
        if (clientAddressHeader != null) {
            problems.require(clientAddressHeader.matches("[A-Za-z0-9-]{1,64}"), "http.clientAddressHeader",
                    "must be an HTTP header name such as X-Forwarded-For");
            problems.require(!trustedProxies.isEmpty(), "http.trustedProxies",
                    "is required with http.clientAddressHeader: the header is believed only from these proxies");
        }
        for (int i = 0; i < trustedProxies.size(); i++) {
            problems.require(AddressRange.isValid(trustedProxies.get(i)), "http.trustedProxies[" + i + "]",
                    "must be an IP address or a CIDR range such as 10.0.0.0/8");
        }
        for (int i = 0; i < allowedOrigins.size(); i++) {
            problems.require(isOrigin(allowedOrigins.get(i)), "http.allowedOrigins[" + i + "]",
                    "must be an origin: scheme, host and optional port, such as https://portal.region-x.example");
        }
        if (managementPort != null) {
            problems.range(managementPort, 0, 65535, "http.managementPort");
            problems.require(managementPort == 0 || !managementPort.equals(port), "http.managementPort",
                    "must differ from http.port");
            problems.require(!managementBindAddress.isBlank(), "http.managementBindAddress", "must not be empty");
        }
        if (tls != null) {
            tls.validate(problems);
        }
    }

    /** {@code https://host[:port]} or {@code http://host[:port]}: no path, query or fragment. */
    static boolean isOrigin(String value) {
        if (value == null) {
            return false;
        }
        try {
            var uri = java.net.URI.create(value);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && (uri.getRawPath() == null || uri.getRawPath().isEmpty()) && uri.getRawQuery() == null
                    && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
