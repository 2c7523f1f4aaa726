package se.samtal.server.http;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samtal.server.config.HttpConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The TLS side of the public port: certificate chain and private key from PEM files, TLS 1.2 and
 * 1.3 only, forward-secret AEAD cipher suites only, through Netty's OpenSSL binding (BoringSSL, from netty-tcnative-boringssl-static) where
 * it loads, else the JDK's. The files are checked every {@code http.tls.reloadInterval}; when they
 * changed (a renewed certificate) new connections get the new ones, and connections already open
 * keep theirs. Files that do not load (half written, say) are logged and tried again next time;
 * the certificate in use stays.
 */
public final class TlsContext implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TlsContext.class);
    /** TLS 1.0 and 1.1 are never offered. */
    static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    /** Forward-secret AEAD suites only (Mozilla's "intermediate" list); TLS 1.3's are all of that kind. */
    static final List<String> CIPHERS = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private final Path certificate;
    private final Path privateKey;
    private final AtomicReference<SslContext> current = new AtomicReference<>();
    private volatile Stamp loaded;
    private ScheduledFuture<?> watch;

    private record Stamp(long certModified, long certSize, long keyModified, long keySize) {
    }

    /** Loads the files now; a deployment whose certificate does not load does not start. */
    public TlsContext(HttpConfig.TlsConfig config) {
        this.certificate = Path.of(config.certificate());
        this.privateKey = Path.of(config.privateKey());
        try {
            loaded = stamp();
            current.set(build());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("http.tls: the certificate or private key could not be loaded ("
                    + e.getClass().getSimpleName() + ")", e);
        }
        log.atInfo().setMessage("TLS ready").addKeyValue("provider", provider()).log();
    }

    /** Checks the files every {@code interval}. */
    public void watch(ScheduledExecutorService timers, java.time.Duration interval) {
        watch = timers.scheduleWithFixedDelay(this::reloadIfChanged, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    SslContext current() {
        return current.get();
    }

    static String provider() {
        return OpenSsl.isAvailable() ? "openssl" : "jdk";
    }

    void reloadIfChanged() {
        try {
            Stamp now = stamp();
            if (Objects.equals(now, loaded)) {
                return;
            }
            current.set(build());
            loaded = now;
            log.atInfo().setMessage("TLS certificate reloaded").log();
        } catch (IOException | RuntimeException e) {
            log.atWarn().setMessage("TLS certificate changed but could not be loaded; keeping the one in use")
                    .addKeyValue("reason", e.getClass().getSimpleName()).log();
        }
    }

    private SslContext build() throws IOException {
        return SslContextBuilder.forServer(certificate.toFile(), privateKey.toFile())
                .sslProvider(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK)
                .protocols(PROTOCOLS)
                .ciphers(CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                .build();
    }

    private Stamp stamp() throws IOException {
        return new Stamp(Files.getLastModifiedTime(certificate).toMillis(), Files.size(certificate),
                Files.getLastModifiedTime(privateKey).toMillis(), Files.size(privateKey));
    }

    @Override
    public void close() {
        if (watch != null) {
            watch.cancel(false);
        }
    }
}
