package org.sciloop.evaluations.report;

/** Markdown with its figures as files in a folder beside it, referred to by relative links. */
public final class MarkdownRenderer {
    private MarkdownRenderer() {
    }

    /** The Markdown text; figures are linked as {@code figuresFolder/<name>}. */
    public static String render(Document document, String figuresFolder) {
        StringBuilder md = new StringBuilder("# ").append(document.title()).append("\n\n");
        for (Document.Block block : document.blocks()) {
            if (block instanceof Document.Heading h) {
                md.append("#".repeat(h.level())).append(' ').append(h.text()).append("\n\n");
            } else if (block instanceof Document.Paragraph p) {
                md.append(p.text()).append("\n\n");
            } else if (block instanceof Document.Table t) {
                md.append(row(t.headers())).append('|');
                t.headers().forEach(h -> md.append("---|"));
                md.append('\n');
                t.rows().forEach(r -> md.append(row(r)));
                md.append('\n');
                if (t.note() != null) {
                    md.append('_').append(t.note()).append("_\n\n");
                }
            } else if (block instanceof Document.Figure f) {
                md.append("![").append(f.caption()).append("](").append(figuresFolder).append('/').append(f.name())
                        .append(")\n\n_").append(f.caption()).append("_\n\n");
            }
        }
        return md.toString();
    }

    private static String row(java.util.List<String> cells) {
        StringBuilder row = new StringBuilder("|");
        cells.forEach(c -> row.append(' ').append(c.replace("|", "\\|").replace("\n", " ")).append(" |"));
        return row.append('\n').toString();
    }
}
