package se.samtal.server.dropin;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The two secrets that bring an anonymous person back to their drop-in conversation: the
 * <b>return key</b> the browser keeps (256 random bits), and the <b>return code</b> the person
 * writes down to come back from another device: {@value #WORDS} words from a list of
 * {@link #list() 282} simple Swedish words without å, ä and ö, so about 40.7 bits (5 · log2 282),
 * typed in any case, with spaces or dashes between them. Neither is stored: only an HMAC of it
 * under the server's signing secret, so a copy of the store does not let anyone test codes
 * offline. Guessing online is throttled ({@link ReturnAttempts}).
 */
public final class ReturnCodes {
    /** Words in a return code. */
    public static final int WORDS = 5;

    private static final List<String> LIST = List.of(
            "ananas", "anka", "ankare", "apa", "apelsin", "back", "bagge", "ballong", "bana", "banan", "bandy",
            "bastu", "berg", "bil", "blad", "blixt", "blomma", "bok", "boll", "bord", "borste", "boxare", "boxning",
            "bro", "bulle", "buske", "buss", "citron", "cykel", "dadel", "dag", "dal", "dans", "dart", "degel", "dike",
            "dimma", "docka", "drake", "droppe", "dusch", "duva", "eko", "ekorre", "eld", "fana", "fest", "ficka",
            "fika", "fisk", "flagga", "flod", "flygel", "fot", "frukt", "fyr", "gata", "get", "glass", "glasyr",
            "golf", "gran", "gris", "groda", "grop", "gunga", "gurka", "hage", "hallon", "hamn", "hamster", "hand",
            "hare", "hatt", "hav", "havre", "hink", "hjort", "hjul", "hockey", "hund", "hus", "igel", "jacka", "jord",
            "judo", "jupiter", "kaffe", "kaja", "kaka", "kakao", "kaktus", "kalas", "kamel", "kanel", "kanin", "kanot",
            "karate", "karta", "katt", "kex", "kind", "kiwi", "klippa", "klocka", "knapp", "kniv", "kobra", "kock",
            "komet", "kompis", "kork", "korv", "kotte", "krabba", "kran", "krona", "kudde", "kula", "kung", "kust",
            "kvist", "lakrits", "lama", "lampa", "land", "lasagne", "laser", "lax", "lejon", "lemur", "lera", "lime",
            "linje", "lok", "lupin", "lykta", "mamma", "mango", "mars", "mask", "matta", "melon", "mink", "mjuk",
            "moln", "moped", "morot", "mus", "mygga", "mynt", "myra", "nalle", "napp", "nektar", "nos", "nudel",
            "nyckel", "oliv", "orm", "oxe", "paddla", "palm", "panda", "panter", "pappa", "paprika", "park", "pasta",
            "peng", "penna", "pil", "pingvin", "pinne", "pipa", "pirat", "pizza", "plan", "planet", "plog", "pluto",
            "pojke", "polka", "pulka", "puma", "pump", "puss", "radio", "raket", "ram", "regn", "ring", "ris", "robot",
            "rock", "ros", "rosa", "rova", "rugby", "rulle", "safir", "saga", "sallad", "sand", "saturnus", "sax",
            "segel", "segling", "sill", "skal", "skata", "sked", "sko", "skog", "skola", "skridsko", "slalom", "slott",
            "smula", "snigel", "sol", "soppa", "spade", "spik", "spindel", "sporre", "stad", "stam", "sten", "stig",
            "stol", "storm", "strand", "strut", "surf", "svamp", "svan", "sylt", "tak", "tall", "tand", "tapir",
            "tavla", "tennis", "tiger", "timme", "tomat", "tomte", "topp", "torn", "trappa", "trumma", "tukan",
            "tulpan", "tunna", "tupp", "tuva", "uggla", "ugn", "utter", "vagn", "val", "valross", "vals", "vante",
            "varg", "vas", "vatten", "veck", "venus", "vessla", "vete", "vik", "vind", "vinge", "viol", "vovve",
            "vulkan", "yoga", "yxa", "zebra", "zoo");
    private static final Set<String> KNOWN = Set.copyOf(LIST);

    private final SecureRandom random;
    private final byte[] secret;

    public ReturnCodes(SecureRandom random, byte[] secret) {
        this.random = random;
        this.secret = secret.clone();
    }

    /** The word list, for tests and for the entropy stated in the docs. */
    public static List<String> list() {
        return LIST;
    }

    /** A new return code: {@value #WORDS} words drawn uniformly and independently, joined by dashes. */
    public String newCode() {
        var words = new String[WORDS];
        for (int i = 0; i < WORDS; i++) {
            words[i] = LIST.get(random.nextInt(LIST.size()));
        }
        return String.join("-", words);
    }

    /** A new return key: 32 random bytes, base64url without padding (43 characters). */
    public String newKey() {
        var bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * What the person typed, as a code: words of the list separated by anything that is not a
     * letter, in any case. Empty unless it is exactly {@value #WORDS} known words.
     */
    public static Optional<String> canonical(String typed) {
        if (typed == null || typed.length() > 200) {
            return Optional.empty();
        }
        var words = typed.toLowerCase(Locale.ROOT).strip().split("[^a-z]+");
        if (words.length != WORDS) {
            return Optional.empty();
        }
        for (String word : words) {
            if (!KNOWN.contains(word)) {
                return Optional.empty();
            }
        }
        return Optional.of(String.join("-", words));
    }

    /** Whether {@code key} looks like a return key (so nothing else is hashed and looked up). */
    public static boolean isKeyShaped(String key) {
        return key != null && key.matches("[A-Za-z0-9_-]{43}");
    }

    /** What the store keeps for a code of {@code tenantId} (canonical form). */
    public String codeHash(String tenantId, String canonicalCode) {
        return hmac("code\u0000" + tenantId + "\u0000" + canonicalCode);
    }

    /** What the store keeps for a return key of {@code tenantId}. */
    public String keyHash(String tenantId, String key) {
        return hmac("key\u0000" + tenantId + "\u0000" + key);
    }

    private String hmac(String text) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
