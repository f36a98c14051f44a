package org.sciloop.evaluations.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A report as a list of blocks, independent of how it is written: {@link HtmlRenderer} makes one
 * self-contained page of it, {@link MarkdownRenderer} a Markdown file with its figures beside it.
 */
public final class Document {
    /** One piece of a report. */
    public sealed interface Block {
    }

    public record Heading(int level, String text) implements Block {
    }

    public record Paragraph(String text) implements Block {
    }

    /** A table; {@code note} is shown under it (e.g. "first 200 of 1,000 rows"), or null. */
    public record Table(List<String> headers, List<List<String>> rows, String note) implements Block {
    }

    /** A PNG image; {@code name} is its file name when written beside a Markdown report. */
    public record Figure(String name, String caption, byte[] png) implements Block {
    }

    private final String title;
    private final List<Block> blocks = new ArrayList<>();

    public Document(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }

    public List<Block> blocks() {
        return List.copyOf(blocks);
    }

    public Document heading(String text) {
        blocks.add(new Heading(2, text));
        return this;
    }

    public Document paragraph(String text) {
        blocks.add(new Paragraph(text));
        return this;
    }

    public Document table(List<String> headers, List<List<String>> rows, String note) {
        blocks.add(new Table(headers, rows, note));
        return this;
    }

    public Document figure(Figure figure) {
        blocks.add(figure);
        return this;
    }
}
