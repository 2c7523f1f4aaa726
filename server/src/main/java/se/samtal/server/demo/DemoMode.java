package se.samtal.server.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import se.samtal.protocol.WireCodec;
import se.samtal.server.tenant.Tenants;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The configuration samtal runs with when given none: bound to 127.0.0.1:8080, data in
 * {@code ./data}, one tenant called {@code demo}. Its secrets are generated on first start and
 * kept in {@code data/demo-secrets.json}, so links and the API key survive a restart.
 */
public final class DemoMode {
    public static final String TENANT = "demo";
    /** The demo tenant's drop-in entry: {@code /drop-in/demo}. */
    public static final String DROP_IN = "demo";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ObjectNode config;
    private final String apiKey;

    private DemoMode(ObjectNode config, String apiKey) {
        this.config = config;
        this.apiKey = apiKey;
    }

    /** The demo configuration tree (before environment overrides), using secrets in {@code dataDir}. */
    public static DemoMode prepare(Path dataDir) {
        ObjectMapper json = WireCodec.newMapper();
        Path secretsFile = dataDir.resolve("demo-secrets.json");
        ObjectNode secrets;
        try {
            if (Files.exists(secretsFile)) {
                secrets = (ObjectNode) json.readTree(secretsFile.toFile());
            } else {
                Files.createDirectories(dataDir);
                secrets = json.createObjectNode()
                        .put("signingSecret", randomSecret())
                        .put("tenantSecret", randomSecret())
                        .put("apiKey", "sk_demo_" + randomSecret());
                Files.writeString(secretsFile, json.writerWithDefaultPrettyPrinter().writeValueAsString(secrets),
                        StandardOpenOption.CREATE_NEW);
                try {
                    Files.setPosixFilePermissions(secretsFile, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare demo secrets in " + dataDir, e);
        }
        String apiKey = secrets.get("apiKey").asText();
        ObjectNode root = json.createObjectNode();
        root.put("demo", true);
        root.put("dataDir", dataDir.toString());
        root.putObject("http").put("bindAddress", "127.0.0.1").put("port", 8080);
        root.putObject("tokens").put("signingSecret", secrets.get("signingSecret").asText());
        ObjectNode tenant = root.putArray("tenants").addObject();
        tenant.put("id", TENANT).put("name", "Demo").put("issuer", "https://demo.samtal.invalid");
        tenant.putObject("keys").putArray("hs256Secrets").add(secrets.get("tenantSecret").asText());
        tenant.putArray("apiKeys").addObject().put("id", "demo").put("sha256", Tenants.sha256Hex(apiKey));
        // The consent flow can be tried; samtal has no recorder yet, so the recording never starts.
        tenant.putObject("recording").put("mode", "with_consent").putObject("consentText").put("version", "demo-1")
                .put("sv", "Behandlaren vill spela in samtalet för handledning. Inspelningen sparas i 30 dagar och raderas sedan."
                        + " (Det här är en demo: samtal kan inte spela in ännu, så inget spelas in.)")
                .put("en", "The therapist would like to record the call for supervision. The recording is kept for 30 days and"
                        + " then deleted. (This is a demo: samtal cannot record yet, so nothing is recorded.)");
        // An anonymous drop-in chat for young people: /drop-in/demo
        ObjectNode entry = tenant.putObject("dropIn").putArray("entries").addObject();
        entry.put("id", DROP_IN);
        entry.putObject("title").put("sv", "Chatta med Ungdomsmottagningen (demo)").put("en", "Chat with the youth clinic (demo)");
        entry.putObject("answeredBy").put("sv", "Kuratorer och sjuksköterskor på mottagningen")
                .put("en", "Counsellors and nurses at the clinic");
        entry.putObject("replyWithin").put("amount", 1).put("unit", "workdays");
        ObjectNode weekly = entry.putObject("staffedHours").put("zone", "Europe/Stockholm").putObject("weekly");
        for (String day : new String[] {"mon", "tue", "wed", "thu", "fri"}) {
            weekly.putArray(day).add("08:00-16:00");
        }
        var places = entry.putArray("whereToTurn");
        places.addObject().put("name", "112").put("phone", "112").put("sv", "Om det är akut, vid fara för liv")
                .put("en", "In an emergency, if a life is in danger");
        places.addObject().put("name", "1177").put("phone", "1177").put("url", "https://www.1177.se")
                .put("sv", "Sjukvårdsrådgivning dygnet runt").put("en", "Health care advice, day and night");
        places.addObject().put("name", "BRIS").put("phone", "116 111").put("url", "https://www.bris.se")
                .put("sv", "För dig under 18 år, dygnet runt").put("en", "For you under 18, day and night");
        return new DemoMode(root, apiKey);
    }

    public ObjectNode config() {
        return config;
    }

    /** The demo tenant's platform API key, printed at start so the API can be tried with curl. */
    public String apiKey() {
        return apiKey;
    }

    /** 256 random bits, URL-safe base64: for signing secrets and API keys. */
    public static String randomSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
