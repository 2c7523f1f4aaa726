package se.samtal.server.cluster;

import org.junit.jupiter.api.Test;
import se.samtal.redis.testing.RedisServer;
import se.samtal.server.testing.RawHttp;
import se.samtal.server.testing.TestServer;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In cluster mode an address's allowance of failed logins is the cluster's, not each node's
 * (docs/operations.md, failed authentication): failures spread over two nodes sharing one Redis
 * use up one allowance.
 */
class FailedLoginsAcrossNodesIT {
    private static final int PER_ADDRESS = 4;

    @Test
    void failuresSpreadOverTwoNodesUseUpOneAllowance() throws Exception {
        try (var redis = RedisServer.start()) {
            var nodes = new ArrayList<TestServer>();
            try {
                for (int i = 0; i < 2; i++) {
                    nodes.add(TestServer.start(config -> {
                        config.putObject("redis").put("url", redis.url()).put("nodeTimeout", "3s");
                        config.putObject("auth").put("failuresPerAddress", PER_ADDRESS).put("failuresPerAddressPerMinute", 1);
                    }));
                }
                var from = InetAddress.getByName("127.0.0.61");
                List<Integer> statuses = new ArrayList<>();
                for (int i = 0; i < 2 * PER_ADDRESS; i++) {
                    var node = nodes.get(i % 2);
                    try (var http = RawHttp.connect(node.baseUri(), from)) {
                        http.send("GET /api/v1/sessions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sk_wrong_" + i + "\r\n\r\n");
                        statuses.add(http.read().status());
                    }
                }
                assertThat(statuses.subList(0, PER_ADDRESS)).containsOnly(401);
                assertThat(statuses.subList(PER_ADDRESS, 2 * PER_ADDRESS)).as("not twice the allowance with two nodes")
                        .containsOnly(429);
            } finally {
                nodes.forEach(TestServer::close);
            }
        }
    }
}
