package se.samtal.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samtal.server.config.ConfigException;
import se.samtal.server.config.ConfigLoader;
import se.samtal.server.config.SamtalConfig;
import se.samtal.server.demo.DemoMode;
import se.samtal.server.tenant.Tenants;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The command line. {@code samtal [--config FILE]} runs the server (demo mode without a file);
 * {@code samtal check --config FILE} validates a configuration; {@code samtal apikey} and
 * {@code samtal secret} generate credentials.
 */
public final class Main {
    /**
     * Carrier threads for virtual threads, at least (the JDK's default is one per core). A virtual
     * thread inside a native call — every SQLite statement through JDBC — or busy computing holds
     * its carrier until it returns or blocks, so with one carrier (a one-core machine, or a server pinned to one core)
     * every other virtual thread waited for it: in benchmark B1, groups of hellos waited 2–13 s
     * while 19 000 people connected. Set before anything starts a virtual thread (the logging
     * below may); {@code -Djdk.virtualThreadScheduler.parallelism} on the command line wins.
     */
    static final int MIN_CARRIERS = 4;
    static final String CARRIERS_PROPERTY = "jdk.virtualThreadScheduler.parallelism";

    static {
        String preset = System.getProperty(CARRIERS_PROPERTY);
        System.setProperty(CARRIERS_PROPERTY, carriers(preset, Runtime.getRuntime().availableProcessors()));
    }

    /** Plain lines for the person at the terminal; everything else goes through normal logging. */
    private static final Logger console = LoggerFactory.getLogger("samtal.console");
    /** While serving, what the command line says goes to standard error: standard output is the audit stream's alone. */
    private static final Logger serving = LoggerFactory.getLogger("samtal.console.serving");
    private static final Logger log = LoggerFactory.getLogger(Main.class);

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private Main() {
    }

    /** The carriers to run: what was set if anything, else one per core but at least {@link #MIN_CARRIERS}. */
    static String carriers(String preset, int cores) {
        return preset != null && !preset.isBlank() ? preset : String.valueOf(Math.max(MIN_CARRIERS, cores));
    }

    public static void main(String[] args) {
        int code = run(args, System.getenv());
        if (code != OK) {
            stopLogging();
            System.exit(code);
        }
    }

    /** Writes out what the logs' queues (the operational log, the audit stream) still hold. */
    private static void stopLogging() {
        if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext logging) {
            logging.stop();
        }
    }

    /** Runs the command; for {@code run}, returns once the server has been stopped by a signal. */
    static int run(String[] args, Map<String, String> env) {
        String command = "run";
        String configFile = env.get("SAMTAL_CONFIG");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> {
                    if (i + 1 >= args.length) {
                        return usage("--config needs a file");
                    }
                    configFile = args[++i];
                }
                case "run", "check", "apikey", "secret" -> command = args[i];
                case "-h", "--help", "help" -> {
                    return usage(null);
                }
                default -> {
                    return usage("unknown argument: " + args[i]);
                }
            }
        }
        return switch (command) {
            case "apikey" -> {
                String key = "sk_" + DemoMode.randomSecret();
                console.info("API key (give it to the platform; it is shown only now):\n  {}", key);
                console.info("For the tenant's configuration:\n  apiKeys:\n    - id: <name this credential>\n      sha256: {}",
                        Tenants.sha256Hex(key));
                yield OK;
            }
            case "secret" -> {
                console.info(DemoMode.randomSecret());
                yield OK;
            }
            default -> {
                if (command.equals("check") && configFile == null) {
                    yield usage("check needs --config FILE");
                }
                SamtalConfig config;
                DemoMode demo = null;
                try {
                    var loader = new ConfigLoader();
                    if (configFile != null) {
                        config = loader.load(Path.of(configFile), env);
                    } else {
                        demo = DemoMode.prepare(Path.of(env.getOrDefault("SAMTAL_DATA_DIR", "data")));
                        config = loader.bind(demo.config(), env);
                    }
                } catch (ConfigException e) {
                    console.error(e.getMessage());
                    yield USAGE;
                }
                if (command.equals("check")) {
                    console.info("Configuration is valid: {} tenant(s).", config.tenants().size());
                    yield OK;
                }
                yield serve(config, demo);
            }
        };
    }

    private static int serve(SamtalConfig config, DemoMode demo) {
        Clock clock = Clock.systemUTC();
        SamtalServer server;
        try {
            server = SamtalServer.start(config, clock);
        } catch (Exception e) {
            log.atError().setMessage("samtal could not start").setCause(e).log();
            serving.error("samtal could not start: {}", e.getMessage());
            return FAILED;
        }
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("samtal-shutdown").unstarted(() -> {
            server.close();
            stopLogging();
            stopped.countDown();
            // Stopped by a signal (SIGTERM, SIGINT) and stopped cleanly: that is a normal stop, 0, not
            // the JVM's 128 + signal. Nothing is left to run (the server and the logs are closed).
            Runtime.getRuntime().halt(OK);
        }));
        String base = server.publicUrl();
        if (demo != null) {
            Instant from = clock.instant().truncatedTo(ChronoUnit.DAYS);
            serving.info("""

                    samtal is running in demo mode (data in {}).

                      Open {}/demo in a browser to try a video session (two people, or a group of four)
                      or a care conversation.
                      Health:  {}/healthz    Metrics: {}/metrics

                      Platform API key of the demo tenant:
                        {}
                      Try:  curl -H 'Authorization: Bearer {}' '{}/api/v1/sessions?from={}&to={}'

                    Stop with Ctrl-C.
                    """, config.dataDir().toAbsolutePath(), base, base, base, demo.apiKey(), demo.apiKey(), base,
                    from, from.plus(1, ChronoUnit.DAYS));
        } else {
            serving.info("samtal is listening on {} ({} tenant(s)).", base, config.tenants().size());
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return OK;
    }

    private static int usage(String problem) {
        if (problem != null) {
            console.error("samtal: {}", problem);
        }
        console.info("""
                usage: samtal [--config FILE]          run the server (demo mode without a file)
                       samtal check --config FILE      validate a configuration and exit
                       samtal apikey                   make a platform API key and its SHA-256
                       samtal secret                   make a random secret (signing, webhooks)
                Environment: SAMTAL_CONFIG=FILE, and SAMTAL_<KEY>__<KEY>=value to override any key.""");
        return problem == null ? OK : USAGE;
    }
}
