package org.sciloop.tools.http;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.sciloop.core.contract.ToolContractTest;
import org.sciloop.core.tool.Tool;
import org.sciloop.tools.ToolFixture;

/** The published tool contract, on the HTTP dataset tool against a real server on loopback. */
class HttpDatasetContractTest extends ToolContractTest {
    @TempDir
    Path dir;
    private HttpServer server;

    @Override
    protected Tool newTool() {
        if (server == null) {
            server = serve();
        }
        String options = "base-url: http://127.0.0.1:" + server.getAddress().getPort() + "/api\n"
                + "allowed-paths: ['/reactions']\n" + "cache: " + dir.resolve("cache") + "\n";
        return ToolFixture.tool("experiment:\n  tool: http-dataset\n  with:\n" + options.indent(4),
                dir.resolve("scenario.yaml"));
    }

    private static HttpServer serve() {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            s.createContext("/api/reactions", exchange -> {
                byte[] body = "{\"rows\": [{\"ligand\": \"XPhos\", \"yield\": 91.5}]}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            s.start();
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Override
    protected Map<String, Object> validArguments() {
        return Map.of("path", "/reactions");
    }
}
