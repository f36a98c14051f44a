package org.sciloop.core.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.sciloop.core.IoReason;

/**
 * A YAML document as a JSON tree plus the line on which each node starts, so that every complaint about
 * a scenario can point at its line. Nodes are addressed by JSON pointer ({@code /budget/experiments}).
 */
public final class YamlDocument {
    private static final YAMLFactory YAML = new YAMLFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String displayName;
    private final JsonNode root;
    private final Map<String, Integer> lines;
    /** Nodes set from outside the file (a command-line option), by pointer: what to blame for them. */
    private final Map<String, String> origins;

    private YamlDocument(String displayName, JsonNode root, Map<String, Integer> lines) {
        this(displayName, root, lines, Map.of());
    }

    private YamlDocument(String displayName, JsonNode root, Map<String, Integer> lines, Map<String, String> origins) {
        this.displayName = displayName;
        this.root = root;
        this.lines = lines;
        this.origins = origins;
    }

    public static YamlDocument parse(String text, String displayName) {
        Map<String, Integer> lines = new HashMap<>();
        JsonParser parser = null;
        try {
            parser = YAML.createParser(text);
            if (parser.nextToken() == null) {
                throw new ScenarioException(displayName + ": the file is empty");
            }
            JsonNode root = read(parser, "", lines, displayName);
            if (parser.nextToken() != null) {
                throw new ScenarioException(displayName + ":" + parser.currentTokenLocation().getLineNr()
                        + ": the file holds one YAML document; found a second one");
            }
            return new YamlDocument(displayName, root, lines);
        } catch (JsonProcessingException e) {
            int tab = indentedWithTab(text);
            if (tab > 0) {
                throw new ScenarioException(displayName + ":" + tab + ": a tab in the indentation; YAML indents"
                        + " with spaces only");
            }
            // A limit's exception carries no place; the parser knows where it stopped.
            int line = e.getLocation() != null ? e.getLocation().getLineNr()
                    : parser != null ? parser.currentLocation().getLineNr() : -1;
            int tabColumn = tabColumn(text, line);
            if (tabColumn > 0) {
                // The parser says only "while scanning for the next token" for a tab after a key.
                throw new ScenarioException(displayName + ":" + line + ": a tab at column " + tabColumn
                        + "; YAML separates keys and values with spaces only");
            }
            String why = e.getOriginalMessage().lines().findFirst().orElse("malformed YAML");
            java.util.regex.Matcher notFinite = java.util.regex.Pattern.compile(
                    "Malformed numeric value '([+-]?\\.(?i:nan|inf))'").matcher(why);
            if (notFinite.lookingAt()) {
                // YAML's own spelling of not-a-number or infinity: valid YAML, but no value sciloop can use
                throw new ScenarioException(displayName + (line > 0 ? ":" + line : "") + ": '" + notFinite.group(1)
                        + "' is not a finite number; give a number");
            }
            if (e instanceof StreamConstraintsException) {
                why = why.replaceAll(", from `[^`]*`\\)", ")");  // the parser's setting means nothing to a user
            }
            // The parser's own event classes mean nothing to a user either: what it met, in YAML's words.
            why = why.replaceAll("<org\\.yaml\\.snakeyaml\\.events\\.MappingStartEvent\\([^>]*>", "a mapping ('{' or"
                    + " 'key: value')").replaceAll("<org\\.yaml\\.snakeyaml\\.events\\.SequenceStartEvent\\([^>]*>",
                    "a list ('[' or '- ')").replaceAll("<org\\.yaml\\.snakeyaml\\.events\\.(\\w+)Event\\([^>]*>",
                    "$1").replace("(Scalar value in YAML)", "(a plain word)");
            throw new ScenarioException(displayName + (line > 0 ? ":" + line : "") + ": malformed YAML: " + why);
        } catch (IOException e) {
            throw new ScenarioException(displayName + ": cannot read: " + IoReason.of(e));
        } finally {
            closeQuietly(parser);
        }
    }

    private static void closeQuietly(JsonParser parser) {
        if (parser != null) {
            try {
                parser.close();
            } catch (IOException e) {
                // A parser over a string holds nothing that could fail to close.
            }
        }
    }

    /** The first line (from 1) whose indentation holds a tab, or 0: the parser's own message does not say so. */
    private static int indentedWithTab(String text) {
        int number = 0;
        for (String line : text.lines().toList()) {
            number++;
            for (int i = 0; i < line.length() && Character.isWhitespace(line.charAt(i)); i++) {
                if (line.charAt(i) == '\t') {
                    return number;
                }
            }
        }
        return 0;
    }

    /** The column (from 1) of the first tab on {@code line}, or 0. */
    private static int tabColumn(String text, int line) {
        return line < 1 ? 0 : text.lines().skip(line - 1).findFirst().map(l -> l.indexOf('\t') + 1).orElse(0);
    }

    /** A document made in code (no lines): lets overrides and recorded scenarios share one parser. */
    public static YamlDocument of(JsonNode root, String displayName) {
        return new YamlDocument(displayName, root, Map.of());
    }

    /** The same lines with another tree: a scenario with command-line overrides keeps its line numbers. */
    public YamlDocument withRoot(JsonNode newRoot) {
        return new YamlDocument(displayName, newRoot, lines, origins);
    }

    /**
     * The same document, with the nodes at {@code origins}' pointers (and below them) blamed on what set them
     * (e.g. {@code "--planners bo:kernel=x"}) rather than on a line of the file they are not on.
     */
    public YamlDocument withOrigins(Map<String, String> origins) {
        Map<String, String> all = new HashMap<>(this.origins);
        all.putAll(origins);
        return new YamlDocument(displayName, root, lines, Map.copyOf(all));
    }

    public String displayName() {
        return displayName;
    }

    public JsonNode root() {
        return root;
    }

    /**
     * "file:line" for the node at {@code pointer}, or the nearest enclosing node that has a line; what set it,
     * for a node set from outside the file.
     */
    public String where(String pointer) {
        for (String p = pointer; ; p = p.substring(0, p.lastIndexOf('/'))) {
            String origin = origins.get(p);
            if (origin != null) {
                return origin;
            }
            Integer line = lines.get(p);
            if (line != null) {
                return displayName + ":" + line;
            }
            if (p.isEmpty()) {
                return displayName;
            }
        }
    }

    private static JsonNode read(JsonParser p, String pointer, Map<String, Integer> lines, String file)
            throws IOException {
        lines.putIfAbsent(pointer, p.currentTokenLocation().getLineNr());
        JsonToken token = p.currentToken();
        switch (token) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    String child = pointer + "/" + key.replace("~", "~0").replace("/", "~1");
                    int line = p.currentTokenLocation().getLineNr();
                    if (object.has(key)) {
                        throw new ScenarioException(file + ":" + line + ": key '" + key + "' appears twice");
                    }
                    lines.put(child, line);
                    p.nextToken();
                    object.set(key, read(p, child, lines, file));
                }
                return object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    array.add(read(p, pointer + "/" + array.size(), lines, file));
                }
                return array;
            }
            case VALUE_STRING -> {
                return NODES.textNode(p.getText());
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? NODES.numberNode(p.getBigIntegerValue())
                        : token == JsonToken.VALUE_NUMBER_INT ? NODES.numberNode(p.getLongValue())
                        : NODES.numberNode(p.getDoubleValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return NODES.booleanNode(p.getBooleanValue());
            }
            case VALUE_NULL -> {
                return NODES.nullNode();
            }
            default -> throw new ScenarioException(file + ":" + p.currentTokenLocation().getLineNr()
                    + ": unexpected YAML content " + token);
        }
    }
}
