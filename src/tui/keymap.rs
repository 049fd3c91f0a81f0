//! The keys of every screen, as data: (keys, English, German). The help overlay (`?`) and the
//! hint bar are drawn from these tables; `update` implements them.

use super::model::{Model, Screen, Tab};

pub type KeyHelp = (&'static str, &'static str, &'static str);

pub const GLOBAL: &[KeyHelp] = &[
    ("? / F1", "help (this overlay)", "Hilfe (diese Übersicht)"),
    (
        "L / F2",
        "language English/Deutsch",
        "Sprache Englisch/Deutsch",
    ),
    (
        "Ctrl-C",
        "quit at once (answers are already saved)",
        "sofort beenden (Antworten sind schon gespeichert)",
    ),
];

pub const DASHBOARD: &[KeyHelp] = &[
    ("↑↓ j k", "move", "bewegen"),
    ("Enter", "open the assessment", "Bewertung öffnen"),
    (
        "n",
        "new assessment of a tool",
        "neue Bewertung eines Tools",
    ),
    (
        "x",
        "new assessment of the bundled example tool",
        "neue Bewertung des mitgelieferten Beispiel-Tools",
    ),
    ("e", "export a draft PDF", "Entwurf als PDF exportieren"),
    ("s", "sign the report", "Bericht signieren"),
    (
        "a",
        "audit the record, verify a PDF",
        "Verzeichnis prüfen, PDF verifizieren",
    ),
    (
        "/",
        "filter by title, tool, status or id",
        "filtern nach Titel, Tool, Status oder ID",
    ),
    ("r", "reload the list", "Liste neu laden"),
    ("q", "quit", "beenden"),
];

pub const NEW: &[KeyHelp] = &[
    ("Tab", "complete the path", "Pfad vervollständigen"),
    ("↑↓", "path / title", "Pfad / Titel"),
    (
        "Enter",
        "next field; on the title: scan and create",
        "nächstes Feld; beim Titel: scannen und anlegen",
    ),
    ("Esc", "back to the list", "zurück zur Liste"),
];

pub const WORK: &[KeyHelp] = &[
    (
        "Tab 1-4",
        "findings, questionnaire, risks, summary",
        "Befunde, Fragebogen, Risiken, Zusammenfassung",
    ),
    (
        "Esc",
        "back to the list (everything is saved)",
        "zurück zur Liste (alles ist gespeichert)",
    ),
];

pub const FINDINGS: &[KeyHelp] = &[
    ("↑↓", "choose a column", "Spalte wählen"),
    ("c", "confirm the finding", "Befund bestätigen"),
    (
        "A",
        "confirm all undecided findings",
        "alle offenen Befunde bestätigen",
    ),
    ("e", "change the categories", "Kategorien ändern"),
    (
        "d",
        "dismiss (a note is required)",
        "verwerfen (Begründung nötig)",
    ),
    (
        "m",
        "needed / pseudonymise / drop",
        "erforderlich / pseudonymisieren / entfernen",
    ),
];

pub const QUESTIONS: &[KeyHelp] = &[
    (
        "←→ PgUp PgDn",
        "previous / next section",
        "vorheriger / nächster Abschnitt",
    ),
    (
        "↑↓",
        "previous / next question",
        "vorherige / nächste Frage",
    ),
    ("Enter", "answer or edit", "beantworten oder ändern"),
    (
        "c",
        "accept the scan's suggestion",
        "Vorschlag aus dem Scan übernehmen",
    ),
    ("x", "clear the answer", "Antwort löschen"),
    (
        "u",
        "next unanswered required question",
        "nächste offene Pflichtfrage",
    ),
    (
        "i",
        "import an answers file (TOML)",
        "Antwortdatei (TOML) übernehmen",
    ),
];

pub const EDITING: &[KeyHelp] = &[
    (
        "Enter",
        "save (text, choice, date, country, scale)",
        "speichern (Text, Auswahl, Datum, Land, Stufe)",
    ),
    (
        "Ctrl-S / Alt-Enter",
        "save a long text (Enter breaks the line)",
        "langen Text speichern (Enter bricht um)",
    ),
    (
        "Space",
        "tick a choice (multiple choice)",
        "Auswahl ankreuzen (Mehrfachauswahl)",
    ),
    ("y n / 1-4", "yes/no; scale level", "ja/nein; Stufe"),
    (
        "a d Enter s",
        "group: add, delete, edit item; save the group",
        "Gruppe: hinzufügen, löschen, Eintrag bearbeiten; Gruppe speichern",
    ),
    (
        "Esc",
        "cancel (in a group item: stop editing it)",
        "abbrechen (im Gruppeneintrag: Bearbeitung beenden)",
    ),
];

pub const RISKS: &[KeyHelp] = &[("↑↓ PgUp PgDn", "scroll the list", "Liste blättern")];

pub const SUMMARY: &[KeyHelp] = &[
    ("e", "export a draft PDF", "Entwurf als PDF exportieren"),
    (
        "s",
        "sign (key.pem + cert.pem, or a .p12)",
        "signieren (key.pem + cert.pem oder .p12)",
    ),
    (
        "v",
        "verify the signed PDF again",
        "signiertes PDF erneut prüfen",
    ),
];

pub const AUDIT: &[KeyHelp] = &[
    ("a / r", "run the audit again", "Audit erneut ausführen"),
    ("v", "verify a PDF file", "eine PDF-Datei prüfen"),
    ("Esc", "back to the list", "zurück zur Liste"),
];

/// The key tables that apply now, most specific first.
pub fn current(model: &Model) -> Vec<&'static [KeyHelp]> {
    let mut out: Vec<&'static [KeyHelp]> = match &model.screen {
        Screen::Dashboard => vec![DASHBOARD],
        Screen::New(_) => vec![NEW],
        Screen::Audit(_) => vec![AUDIT],
        Screen::Work(w) if w.editor.is_some() => vec![EDITING],
        Screen::Work(w) => vec![
            match w.tab {
                Tab::Findings => FINDINGS,
                Tab::Questions => QUESTIONS,
                Tab::Risks => RISKS,
                Tab::Summary => SUMMARY,
            },
            WORK,
        ],
    };
    out.push(GLOBAL);
    out
}
