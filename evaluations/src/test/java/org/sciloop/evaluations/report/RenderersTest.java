package org.sciloop.evaluations.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RenderersTest {
    private final Document doc = new Document("Report <of> \"things\" & more")
            .heading("Numbers")
            .table(List.of("name", "value"), List.of(List.of("a|b <c>", "1.5"), List.of("d", "-")), "note")
            .figure(new Document.Figure("f.png", "a figure", new byte[] {(byte) 0x89, 'P', 'N', 'G'}));

    @Test
    void html_escapes_text_inlines_figures_and_counts_them_for_a_browser_check() {
        String html = HtmlRenderer.render(doc);
        assertThat(html).contains("<title>Report &lt;of&gt; &quot;things&quot; &amp; more</title>")
                .contains("<td>a|b &lt;c&gt;</td><td class=\"num\">1.5</td>")
                .contains("src=\"data:image/png;base64,iVBORw==\"")
                .contains("data-figures-shown=\"0\"", "document.body.dataset.figures='1'")
                .doesNotContain("<c>");
    }

    @Test
    void markdown_links_figures_in_their_folder_and_escapes_table_pipes() {
        String md = MarkdownRenderer.render(doc, "figs");
        assertThat(md).startsWith("# Report <of> \"things\" & more\n")
                .contains("| name | value |\n|---|---|\n| a\\|b <c> | 1.5 |")
                .contains("![a figure](figs/f.png)");
    }
}
