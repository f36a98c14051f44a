package org.sciloop.tools.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import org.sciloop.core.ConfigDirectory;
import org.sciloop.core.config.Options;
import org.sciloop.core.tool.Effect;
import org.sciloop.core.tool.Tool;
import org.sciloop.core.tool.ToolDescriptor;
import org.sciloop.core.tool.ToolFactory;

/**
 * {@code http-dataset}: a JSON data service. Options: {@code base-url}, {@code allowed-paths} (globs: {@code *}
 * within a segment, {@code **} across), {@code auth} ({@code header}, {@code env}, optional {@code prefix}),
 * {@code timeout} (per attempt, default PT10S), {@code retries} (default 3), {@code backoff} (first pause,
 * default PT0.5S, doubled each time), {@code max-bytes} (default 10 MB), {@code cache} (folder, default
 * {@code http-cache} in sciloop's configuration folder). See docs/dataset-tools.md.
 */
public final class HttpDatasetFactory implements ToolFactory {

    @Override
    public String name() {
        return "http-dataset";
    }

    @Override
    public String summary() {
        return "GET/POST to a declared JSON data service, with retries, a size cap and an offline cache";
    }

    @Override
    public Tool create(Options options) {
        options.allowOnly("base-url", "allowed-paths", "auth", "timeout", "retries", "backoff", "max-bytes", "cache");
        String base = options.string("base-url");
        HttpUrl url = HttpUrl.parse(base.endsWith("/") ? base : base + "/");
        if (url == null) {
            throw options.error("base-url", "'" + base + "' is not an http or https URL");
        }
        List<Pattern> allowed = options.strings("allowed-paths").stream().map(HttpDatasetFactory::glob).toList();
        Optional<Map.Entry<String, String>> auth = Optional.empty();
        if (options.has("auth")) {
            Options a = options.child("auth");
            a.allowOnly("header", "env", "prefix");
            String variable = a.string("env");
            String secret = System.getenv(variable);
            if (secret == null || secret.isBlank()) {
                throw a.error("env", "the environment variable " + variable + " is not set; export the service's"
                        + " credential in it (it never goes into the scenario file)");
            }
            auth = Optional.of(Map.entry(a.string("header", "Authorization"), a.string("prefix", "") + secret));
        }
        int retries = options.has("retries") ? (int) options.number("retries") : 3;
        if (retries < 0 || retries > 10) {
            throw options.error("retries", "must be between 0 and 10, got " + retries);
        }
        double maxBytes = options.number("max-bytes", 10_000_000);
        if (maxBytes < 1) {
            throw options.error("max-bytes", "must be positive, got " + maxBytes);
        }
        Duration timeout = options.positiveDuration("timeout", "PT10S");
        var limits = new HttpDatasetTool.Limits(timeout, retries, options.positiveDuration("backoff", "PT0.5S"),
                (long) maxBytes);
        Path cache = options.has("cache") ? Path.of(options.string("cache")).toAbsolutePath()
                : ConfigDirectory.path().resolve("http-cache");
        return new HttpDatasetTool(descriptor(timeout.multipliedBy(retries + 1).plusSeconds(30 + 60L * retries)),
                new HttpDatasetTool.Service(url, allowed, auth), limits, new ResponseCache(cache));
    }

    /** A path glob as a pattern: {@code *} stays within one path segment, {@code **} crosses them. */
    static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                regex.append(".*");
                i++;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    private ToolDescriptor descriptor(Duration patience) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode input = json.objectNode().put("type", "object").put("additionalProperties", false);
        input.putArray("required").add("path");
        ObjectNode properties = input.putObject("properties");
        properties.putObject("method").put("type", "string").putArray("enum").add("GET").add("POST");
        properties.putObject("path").put("type", "string").put("description", "under the base URL, e.g. /reactions");
        properties.putObject("query").put("type", "object").put("description", "query parameters");
        properties.putObject("body").put("type", "object").put("description", "JSON body of a POST");
        return new ToolDescriptor(name(), "A JSON data service", input, json.objectNode().put("type", "object"),
                Effect.READ_ONLY, patience);
    }
}
