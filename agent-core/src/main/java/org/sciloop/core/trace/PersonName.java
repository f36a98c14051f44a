package org.sciloop.core.trace;

import java.lang.Character.UnicodeScript;
import java.text.Normalizer;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A person's name as sciloop records it (a trace's {@code person:NAME}, a key's folder): 1-64 letters, digits and
 * {@code . _ @ -}, not starting with '.' (a hidden folder) or '-' (an option), and its letters of one script, so that
 * a name cannot pass for another's ("аlice" with a Cyrillic а beside "alice"). Han, kana and Hangul may go with Latin
 * letters, as Japanese, Chinese and Korean names are written. It is written as Unicode composes it (NFC: "é" one
 * character) and in plain letters (NFKC leaves it as it is: no full-width "ａ", no "ⅰ"). Look-alikes within one script
 * (a Latin script "ɡ" for "g") are not told apart.
 */
public final class PersonName {
    private static final String FORM = "[\\p{L}\\p{N}._@-]{1,64}";
    /** The scripts that one name may mix with Latin letters. */
    private static final Set<UnicodeScript> EAST_ASIAN = Set.of(UnicodeScript.HAN, UnicodeScript.HIRAGANA,
            UnicodeScript.KATAKANA, UnicodeScript.HANGUL, UnicodeScript.BOPOMOFO);

    private PersonName() {
    }

    /** What keeps {@code name} from being a person's name, said after "a person's name is"; empty if it is one. */
    public static Optional<String> problem(String name) {
        if (name != null && !Normalizer.isNormalized(name, Normalizer.Form.NFC)
                && Normalizer.normalize(name, Normalizer.Form.NFC).matches(FORM)) {
            // Letters and their accents typed apart (as some systems send them): the same name would be two.
            return Optional.of("written with each letter as one character: type it as '"
                    + Normalizer.normalize(name, Normalizer.Form.NFC) + "' (Unicode NFC)");
        }
        if (name == null || !name.matches(FORM) || name.startsWith(".") || name.startsWith("-")) {
            return Optional.of("1-64 letters, digits and . _ @ - (not starting with '.' or '-'), got '" + name + "'");
        }
        String plain = Normalizer.normalize(name, Normalizer.Form.NFKC);
        if (!plain.equals(name)) {
            // Full-width letters, ligatures, numerals that look like letters: another name that reads the same.
            return Optional.of("written in plain letters: '" + name + "' reads as '" + plain + "'; use that");
        }
        Set<String> scripts = new TreeSet<>();
        name.codePoints().filter(Character::isLetter).mapToObj(UnicodeScript::of)
                .forEach(s -> scripts.add(EAST_ASIAN.contains(s) ? "EAST_ASIAN" : s.name()));
        if (scripts.size() > 1 && !(scripts.size() == 2 && scripts.contains("EAST_ASIAN")
                && scripts.contains(UnicodeScript.LATIN.name()))) {
            return Optional.of("written in one script: '" + name + "' mixes " + String.join(" and ", scripts)
                    + " letters, so it could pass for another person's name");
        }
        return Optional.empty();
    }
}
