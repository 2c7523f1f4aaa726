package se.samtal.server.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.samtal.server.testing.TestCertificate;
import se.samtal.server.testing.TestServer;

import javax.net.ssl.SSLSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * HTTPS and WSS for deployments without a proxy (docs/operations.md, TLS): the certificate from
 * PEM files (one this test makes), TLS 1.2 and 1.3 only, Strict-Transport-Security on every
 * answer, and a renewed certificate taken up without a restart.
 */
class TlsIT {
    @TempDir
    static Path dir;
    private static TestServer server;
    private static TestCertificate first;
    /** Whichever certificate is served now: the first, or the renewed one once that test ran. */
    private static volatile TestCertificate renewed;

    @BeforeAll
    static void start() {
        first = TestCertificate.make(dir, "samtal-first");
        server = TestServer.start(config -> config.with("http").putObject("tls")
                .put("certificate", first.certificatePem().toString()).put("privateKey", first.privateKeyPem().toString())
                .put("reloadInterval", "1s"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static javax.net.ssl.SSLContext trusting() {
        return renewed == null ? TestCertificate.trustingClient(first) : TestCertificate.trustingClient(first, renewed);
    }

    @Test
    void thePublicPortSpeaksHttpsWithStrictTransportSecurity() throws Exception {
        assertThat(server.baseUri().getScheme()).isEqualTo("https");
        assertThat(TlsContext.provider()).as("netty-tcnative-boringssl-static loads here").isEqualTo("openssl");
        try (var http = HttpClient.newBuilder().sslContext(trusting()).build()) {
            var response = http.send(HttpRequest.newBuilder(server.baseUri().resolve("/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000");
            assertThat(response.sslSession().orElseThrow().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
        }
    }

    @Test
    void aWebSocketOverTlsIsServed() throws Exception {
        var welcome = new CompletableFuture<String>();
        try (var http = HttpClient.newBuilder().sslContext(trusting()).build()) {
            var now = server.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            var booked = TestServer.call(http, server.baseUri(), "POST", "/api/v1/sessions", java.util.Map.of("kind", "video",
                    "scheduledStart", now.toString(), "scheduledEnd", now.plusSeconds(3600).toString(),
                    "participants", java.util.List.of(java.util.Map.of("ref", "patient-1", "role", "patient"))), TestServer.API_KEY);
            assertThat(booked.status()).isEqualTo(201);
            String token = TestServer.call(http, server.baseUri(), "POST", "/api/v1/sessions/" + booked.body().get("id").asText()
                    + "/links", java.util.Map.of("ref", "patient-1"), TestServer.API_KEY).body().get("token").asText();
            var uri = URI.create("wss://127.0.0.1:" + server.baseUri().getPort() + "/ws");
            var socket = http.newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {
                @Override
                public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                    welcome.complete(data.toString());
                    return null;
                }
            }).get(10, TimeUnit.SECONDS);
            socket.sendText("{\"type\":\"hello\",\"id\":\"1\",\"token\":\"" + token + "\"}", true).join();
            assertThat(welcome.get(10, TimeUnit.SECONDS)).contains("\"type\":\"welcome\"");
            socket.abort();
        }
    }

    @Test
    void tls11AndOlderAreRefused() throws Exception {
        assertThat(handshake("TLSv1.1")).as("TLS 1.1").isFalse();
        assertThat(handshake("TLSv1")).as("TLS 1.0").isFalse();
        assertThat(handshake("TLSv1.2")).as("TLS 1.2").isTrue();
        assertThat(handshake("TLSv1.3")).as("TLS 1.3").isTrue();
    }

    /** Whether a client offering only {@code protocol} (through BoringSSL, which still speaks the old ones) gets a session. */
    private static boolean handshake(String protocol) throws Exception {
        assertThat(OpenSsl.isAvailable()).isTrue();
        var context = SslContextBuilder.forClient().sslProvider(SslProvider.OPENSSL).protocols(protocol)
                .ciphers(null).trustManager(InsecureTrustManagerFactory.INSTANCE).build();
        var group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            var handler = new CompletableFuture<SslHandler>();
            var channel = new Bootstrap().group(group).channel(NioSocketChannel.class).handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    var ssl = context.newHandler(ch.alloc(), "127.0.0.1", server.baseUri().getPort());
                    handler.complete(ssl);
                    ch.pipeline().addLast(ssl);
                }
            }).connect("127.0.0.1", server.baseUri().getPort()).sync().channel();
            var done = handler.get(5, TimeUnit.SECONDS).handshakeFuture().await(10, TimeUnit.SECONDS);
            boolean ok = done && handler.get().handshakeFuture().isSuccess();
            channel.close().sync();
            return ok;
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void aRenewedCertificateIsTakenUpWithoutARestart() throws Exception {
        renewed = TestCertificate.make(dir, "samtal-renewed");
        await().atMost(Duration.ofSeconds(15)).until(() -> servedCertificate().getSubjectX500Principal().getName()
                .contains("samtal-renewed"));
        assertThat(servedCertificate().getSerialNumber()).isEqualTo(renewed.certificate().getSerialNumber());
    }

    private static X509Certificate servedCertificate() throws Exception {
        var context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(null, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
        try (var socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", server.baseUri().getPort())) {
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }
}
