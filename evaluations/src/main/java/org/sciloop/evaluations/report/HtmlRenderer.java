package org.sciloop.evaluations.report;

import java.util.Base64;

/**
 * One self-contained HTML page: styles inline, figures as base64 PNG data, no request leaves the page. A
 * short script counts the figures the browser could decode into {@code body[data-figures-shown]}, so a
 * headless browser check can tell a page that merely loads from one that shows its plots.
 */
public final class HtmlRenderer {
    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:70rem;\
            color:#1d2330;line-height:1.45;padding:0 1rem}
            h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #dde;\
            padding-bottom:.2rem}
            table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0}
            th,td{border:1px solid #dde;padding:.2rem .5rem;text-align:left;vertical-align:top}
            th{background:#f3f4f8}td.num{text-align:right;font-variant-numeric:tabular-nums}
            figure{margin:1rem 0;display:inline-block}figure img{max-width:100%;border:1px solid #eee}
            figcaption{font-size:.85rem;color:#555}.note{font-size:.8rem;color:#666}
            """;

    private HtmlRenderer() {
    }

    public static String render(Document document) {
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
                .append("<title>").append(escape(document.title())).append("</title><style>").append(STYLE)
                .append("</style></head>\n<body data-figures-shown=\"0\">\n<h1>").append(escape(document.title()))
                .append("</h1>\n");
        int figures = 0;
        for (Document.Block block : document.blocks()) {
            if (block instanceof Document.Heading h) {
                html.append("<h2>").append(escape(h.text())).append("</h2>\n");
            } else if (block instanceof Document.Paragraph p) {
                html.append("<p>").append(escape(p.text())).append("</p>\n");
            } else if (block instanceof Document.Table t) {
                table(html, t);
            } else if (block instanceof Document.Figure f) {
                figures++;
                html.append("<figure><img alt=\"").append(escape(f.caption())).append("\" src=\"data:image/png;base64,")
                        .append(Base64.getEncoder().encodeToString(f.png())).append("\"><figcaption>")
                        .append(escape(f.caption())).append("</figcaption></figure>\n");
            }
        }
        html.append("<script>addEventListener('load',()=>{document.body.dataset.figuresShown=")
                .append("[...document.images].filter(i=>i.complete&&i.naturalWidth>0).length;")
                .append("document.body.dataset.figures='").append(figures).append("';});</script>\n");
        return html.append("</body></html>\n").toString();
    }

    private static void table(StringBuilder html, Document.Table t) {
        html.append("<table><thead><tr>");
        t.headers().forEach(h -> html.append("<th>").append(escape(h)).append("</th>"));
        html.append("</tr></thead><tbody>\n");
        for (var row : t.rows()) {
            html.append("<tr>");
            for (String cell : row) {
                html.append(looksNumeric(cell) ? "<td class=\"num\">" : "<td>").append(escape(cell)).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</tbody></table>\n");
        if (t.note() != null) {
            html.append("<p class=\"note\">").append(escape(t.note())).append("</p>\n");
        }
    }

    private static boolean looksNumeric(String cell) {
        return !cell.isEmpty() && cell.chars().allMatch(c -> Character.isDigit(c) || "-+.,%e ".indexOf(c) >= 0);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
