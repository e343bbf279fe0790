/**
 * Unicode's explicit direction controls: embeddings and overrides (U+202A–U+202E), isolates (U+2066–U+2069) and the
 * marks (U+200E, U+200F, U+061C). In a board they make text read other than it is stored ("…gnp.exe" shown as
 * "…exe.png", a PDF header drawn backwards; CVE-2021-42574 "Trojan Source"), and a board never needs them: the text's
 * own letters give its direction.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;

/** `text` without direction controls. */
export const stripBidiControls = (text: string) => text.replace(BIDI_CONTROLS, '');
