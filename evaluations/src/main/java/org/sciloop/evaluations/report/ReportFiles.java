package org.sciloop.evaluations.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a report into a folder: {@code report.html} (self-contained), {@code report.md} and its figures. */
public final class ReportFiles {
    public static final String HTML = "report.html";
    public static final String MARKDOWN = "report.md";
    public static final String FIGURES = "report-figures";

    private ReportFiles() {
    }

    /** Returns the HTML file. */
    public static Path write(Document document, Path folder) {
        try {
            Files.createDirectories(folder);
            Path figures = folder.resolve(FIGURES);
            Files.createDirectories(figures);
            for (Document.Block block : document.blocks()) {
                if (block instanceof Document.Figure f) {
                    Files.write(figures.resolve(f.name()), f.png());
                }
            }
            Files.writeString(folder.resolve(MARKDOWN), MarkdownRenderer.render(document, FIGURES));
            Path html = folder.resolve(HTML);
            Files.writeString(html, HtmlRenderer.render(document));
            return html;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report into " + folder, e);
        }
    }
}
