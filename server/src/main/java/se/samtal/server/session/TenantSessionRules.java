package se.samtal.server.session;

import se.samtal.signalling.call.Call;
import se.samtal.signalling.call.GroupCall;
import se.samtal.protocol.recording.ConsentText;
import se.samtal.recording.policy.RecordingPolicy;
import se.samtal.recording.recorder.Recorder;
import se.samtal.server.config.TenantRecordingConfig;
import se.samtal.server.tenant.Tenant;
import se.samtal.server.tenant.Tenants;
import se.samtal.signalling.ice.TurnCredentials;
import se.samtal.signalling.live.RecordingSetup;
import se.samtal.signalling.live.TenantRules;
import se.samtal.signalling.room.RoomPolicy;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each tenant's rules for its live sessions, as the configuration states them: the room's policy,
 * how many its calls take (with the deployment's video bridge, or as meshes),
 * STUN and TURN (credentials minted on this node's clock), and the recording rules with the
 * consent text and the recorder samtal has. Made once per tenant and kept.
 */
public final class TenantSessionRules implements TenantRules {
    private final Tenants tenants;
    private final Recorder recorder;
    private final Clock clock;
    private final boolean bridged;
    private final ConcurrentHashMap<String, Call.Factory> calls = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, TurnCredentials> turn = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, RecordingSetup> recording = new ConcurrentHashMap<>();

    /**
     * @param recorder what records sessions whose tenant allows it, once everyone said yes
     * @param bridged  whether a video bridge is configured (calls of three or more go through it)
     */
    public TenantSessionRules(Tenants tenants, Recorder recorder, Clock clock, boolean bridged) {
        this.tenants = tenants;
        this.recorder = recorder;
        this.clock = clock;
        this.bridged = bridged;
    }

    @Override
    public Call.Factory calls(String tenantId) {
        return calls.computeIfAbsent(tenantId, id -> GroupCall.factory(tenant(id).policy().callLimits(bridged)));
    }

    @Override
    public RoomPolicy roomPolicy(String tenantId) {
        return tenant(tenantId).policy().roomPolicy();
    }

    @Override
    public TurnCredentials turn(String tenantId) {
        return turn.computeIfAbsent(tenantId, id -> new TurnCredentials(tenant(id).ice(), clock));
    }

    @Override
    public RecordingSetup recording(String tenantId) {
        return recording.computeIfAbsent(tenantId, id -> setup(tenant(id).recording(), recorder));
    }

    private Tenant tenant(String tenantId) {
        return tenants.byId(tenantId).orElseThrow(() -> new IllegalStateException("a live session of an unknown tenant"));
    }

    /** A tenant's recording rules and consent text in Swedish (always) and English (if given). */
    static RecordingSetup setup(TenantRecordingConfig config, Recorder recorder) {
        if (!config.enabled()) {
            return new RecordingSetup(RecordingPolicy.DISABLED, null, recorder);
        }
        var text = config.consentText();
        var byLanguage = new LinkedHashMap<String, String>();
        byLanguage.put("sv", text.sv());
        if (text.en() != null) {
            byLanguage.put("en", text.en());
        }
        return new RecordingSetup(config.policy(), new ConsentText(text.version(), byLanguage), recorder);
    }
}
