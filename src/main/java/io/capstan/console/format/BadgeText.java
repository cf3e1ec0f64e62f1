package io.capstan.console.format;

/** What a status badge shows: a word or two and the tone it is drawn in. */
public record BadgeText(String text, StatusStyles.Tone tone) {
}
