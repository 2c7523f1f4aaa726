package se.samtal.server.testing;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * A certificate the test makes: an EC P-256 key and a self-signed certificate for localhost and
 * 127.0.0.1, made with the JDK's keytool, written as the PEM files an operator would configure.
 */
public record TestCertificate(Path certificatePem, Path privateKeyPem, X509Certificate certificate) {

    /** Makes a new key and certificate named {@code cn} and (over)writes the two PEM files in {@code dir}. */
    public static TestCertificate make(Path dir, String cn) {
        try {
            Path store = Files.createTempFile(dir, "keystore", ".p12");
            Files.delete(store);
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            var process = new ProcessBuilder(keytool, "-genkeypair", "-alias", "samtal", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=" + cn, "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                    "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit")
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            var keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keys.load(in, "changeit".toCharArray());
            }
            var certificate = (X509Certificate) keys.getCertificate("samtal");
            var key = (PrivateKey) keys.getKey("samtal", "changeit".toCharArray());
            Path cert = dir.resolve("fullchain.pem");
            Path privateKey = dir.resolve("privkey.pem");
            Files.writeString(cert, pem("CERTIFICATE", certificate.getEncoded()));
            Files.writeString(privateKey, pem("PRIVATE KEY", key.getEncoded()));
            Files.delete(store);
            return new TestCertificate(cert, privateKey, certificate);
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A client context that trusts exactly these certificates. */
    public static SSLContext trustingClient(TestCertificate... certificates) {
        try {
            var trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            for (int i = 0; i < certificates.length; i++) {
                trust.setCertificateEntry("samtal-" + i, certificates[i].certificate());
            }
            var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            var context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
