//! An open assessment: tabs for the findings review, the questionnaire, the risks and the
//! summary, and the popups (export, sign, dismiss note, categories).

use super::new::input_line;
use super::{bold, boxed, centred, dim, fg, highlight, shown};
use crate::tui::editor::{country_matches, Editor, GroupEditor, Item};
use crate::tui::model::{tr, Lang, Model, Popup, SignForm, Tab, Work};
use crate::tui::update::findings;
use dpia::questionnaire::display::value_text;
use dpia::questionnaire::{AnswerValue, Origin, Question};
use dpia::scan::mask::mask;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Clear, Paragraph, Row, Table, TableState, Tabs, Wrap};
use ratatui::Frame;

fn tab_title(lang: Lang, tab: Tab) -> &'static str {
    match tab {
        Tab::Findings => tr(lang, "1 Findings", "1 Befunde"),
        Tab::Questions => tr(lang, "2 Questionnaire", "2 Fragebogen"),
        Tab::Risks => tr(lang, "3 Risks", "3 Risiken"),
        Tab::Summary => tr(lang, "4 Summary & sign-off", "4 Freigabe"),
    }
}

pub fn draw(frame: &mut Frame, model: &Model, w: &Work, area: Rect) {
    let lang = model.lang;
    let [tabs_area, body] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(3)]).areas(area);
    let p = w.session.evaluation.progress;
    let selected = Tab::ALL.iter().position(|t| *t == w.tab).unwrap_or(0);
    let mut titles: Vec<String> = Tab::ALL
        .iter()
        .map(|t| tab_title(lang, *t).to_string())
        .collect();
    let state = if w.signed {
        tr(lang, "signed", "signiert").to_string()
    } else if w.saved > 0 {
        format!("{} ✓{}", tr(lang, "autosaved", "gespeichert"), w.saved)
    } else {
        tr(lang, "draft", "Entwurf").to_string()
    };
    titles.push(format!(
        "{}/{} {} · {state}",
        p.answered,
        p.required,
        tr(lang, "answered", "beantwortet"),
    ));
    frame.render_widget(
        Tabs::new(titles)
            .select(selected)
            .highlight_style(highlight()),
        tabs_area,
    );
    match w.tab {
        Tab::Findings => findings_view(frame, model, w, body),
        Tab::Questions => questions_view(frame, model, w, body),
        Tab::Risks => super::risks::draw(frame, model, w, body),
        Tab::Summary => super::summary::draw(frame, model, w, body),
    }
    if let Some(popup) = &w.popup {
        popup_view(frame, model, w, popup, area);
    }
}

fn text_of(item: &Item, key: &str) -> String {
    match item.get(key) {
        Some(AnswerValue::Text(s)) => s.clone(),
        Some(AnswerValue::List(l)) => l.join(", "),
        _ => String::new(),
    }
}

/// The scan's problems (unreadable files, ragged rows, …) in a box at the bottom, if any;
/// returns the area left above it.
fn scan_problems(frame: &mut Frame, model: &Model, w: &Work, area: Rect) -> Rect {
    let problems = &w.session.scan.problems;
    if problems.is_empty() || area.height < 12 {
        return area;
    }
    // A flood of problems (thousands of empty files) is not drawn line by line each frame.
    let lines: Vec<Line> = problems
        .iter()
        .take(200)
        .map(|p| {
            Line::styled(
                format!("! {}", shown(&p.to_string())),
                fg(model, Color::Yellow),
            )
        })
        .collect();
    let height = (super::wrapped_height(&lines, area.width.saturating_sub(2)) + 2)
        .min(area.height / 3)
        .max(3);
    let [rest, bottom] =
        Layout::vertical([Constraint::Min(5), Constraint::Length(height)]).areas(area);
    let title = format!(
        "{} ({})",
        tr(model.lang, "Scan problems", "Probleme beim Scan"),
        problems.len()
    );
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(boxed(&title)),
        bottom,
    );
    rest
}

fn findings_view(frame: &mut Frame, model: &Model, w: &Work, area: Rect) {
    let lang = model.lang;
    let items = findings(w);
    let area = scan_problems(frame, model, w, area);
    if items.is_empty() {
        let block = boxed(tr(
            lang,
            "Personal data found by the scan (GDPR Art. 35(7)(a))",
            "Vom Scan gefundene personenbezogene Daten (Art. 35 Abs. 7 lit. a DSGVO)",
        ));
        frame.render_widget(
            Paragraph::new(tr(lang, "The scan found no personal data in columns. Check the questionnaire's description section for other data.", "Der Scan hat keine personenbezogenen Daten in Spalten gefunden. Prüfen Sie im Fragebogen die Beschreibung auf andere Daten."))
                .wrap(Wrap { trim: true })
                .block(block),
            area,
        );
        return;
    }
    let [table_area, detail] =
        Layout::vertical([Constraint::Min(5), Constraint::Length(6)]).areas(area);
    let decided = items.iter().filter(|i| i.contains_key("decision")).count();
    let findings_title = format!(
        "{} · {decided}/{} {}",
        tr(lang, "Findings", "Befunde"),
        items.len(),
        tr(lang, "decided", "entschieden")
    );
    let review = w.session.question(dpia::questionnaire::COLUMN_REVIEW);
    let field_text = |item: &Item, id: &str| -> String {
        match (review.and_then(|q| q.field(id)), item.get(id)) {
            (Some(f), Some(v)) => shown(&value_text(f, v, lang.code())),
            _ => String::new(),
        }
    };
    let scanned = |name: &str| {
        name.split_once('.').and_then(|(t, c)| {
            w.session
                .scan
                .tables
                .iter()
                .find(|x| x.name == t)
                .and_then(|x| x.columns.iter().find(|y| y.name == c))
        })
    };
    let wide = table_area.width >= 120;
    let rows = items.iter().map(|item| {
        let decision = text_of(item, "decision");
        let style = match decision.as_str() {
            "dismissed" => dim(model),
            "" => fg(model, Color::Yellow),
            _ => Style::default(),
        };
        let decided = match decision.as_str() {
            "confirmed" => tr(lang, "confirmed", "bestätigt"),
            "changed" => tr(lang, "changed", "geändert"),
            "dismissed" => tr(lang, "dismissed", "verworfen"),
            _ => tr(lang, "to review", "zu prüfen"),
        };
        let needed = match text_of(item, "minimisation").as_str() {
            "needed" => tr(lang, "needed", "nötig"),
            "pseudonymise" => tr(lang, "pseudonymise", "pseudonym."),
            "drop" => tr(lang, "drop", "entfernen"),
            _ => "",
        };
        let name = text_of(item, "column");
        let mut cells = vec![
            Cell::from(shown(&name)),
            Cell::from(field_text(item, "categories")),
        ];
        if wide {
            let column = scanned(&name);
            cells.push(Cell::from(column.map_or(String::new(), |c| {
                format!("{:.0} %", c.confidence * 100.0)
            })));
            cells.push(Cell::from(column.map_or(String::new(), |c| {
                c.examples
                    .iter()
                    .take(2)
                    .map(|v| shown(&mask(v)))
                    .collect::<Vec<_>>()
                    .join(", ")
            })));
        }
        cells.push(Cell::from(decided));
        cells.push(Cell::from(needed));
        Row::new(cells).style(style)
    });
    let mut widths = vec![Constraint::Fill(2), Constraint::Fill(3)];
    let mut header = vec![
        tr(lang, "Column", "Spalte"),
        tr(lang, "Categories", "Kategorien"),
    ];
    if wide {
        widths.extend([Constraint::Length(11), Constraint::Fill(2)]);
        header.extend([
            tr(lang, "Confidence", "Sicherheit"),
            tr(lang, "Examples (masked)", "Beispiele (maskiert)"),
        ]);
    }
    widths.extend([Constraint::Length(12), Constraint::Length(12)]);
    header.extend([
        tr(lang, "Decision", "Entscheidung"),
        tr(lang, "Needed?", "Nötig?"),
    ]);
    let table = Table::new(rows, widths)
        .header(Row::new(header).style(bold()))
        .row_highlight_style(highlight())
        .highlight_symbol("▶ ")
        .block(boxed(&findings_title));
    let row = w.findings_row.min(items.len() - 1);
    let mut state = TableState::default().with_selected(Some(row));
    frame.render_stateful_widget(table, table_area, &mut state);
    // The scan's evidence for the selected column.
    let name = text_of(&items[row], "column");
    let column = scanned(&name);
    let mut lines = Vec::new();
    if let Some(c) = column {
        lines.push(Line::from(vec![
            Span::styled(format!("{} ", tr(lang, "confidence", "Sicherheit")), bold()),
            Span::raw(format!("{:.0} %", c.confidence * 100.0)),
            Span::styled(
                format!(
                    "   {} ",
                    tr(lang, "examples (masked)", "Beispiele (maskiert)")
                ),
                bold(),
            ),
            Span::raw(
                c.examples
                    .iter()
                    .take(3)
                    .map(|v| shown(&mask(v)))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        ]));
        lines.push(Line::from(vec![
            Span::styled(format!("{} ", tr(lang, "evidence", "Belege")), bold()),
            Span::raw(shown(&c.evidence.join("; "))),
        ]));
    }
    let note = text_of(&items[row], "note");
    if !note.is_empty() {
        lines.push(Line::from(format!(
            "{} {}",
            tr(lang, "note:", "Begründung:"),
            shown(&note)
        )));
    }
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(boxed(&shown(&name))),
        detail,
    );
}

fn questions_view(frame: &mut Frame, model: &Model, w: &Work, area: Rect) {
    let lang = model.lang;
    let side = if area.width >= 110 { 34 } else { 24 };
    let [left, right] =
        Layout::horizontal([Constraint::Length(side), Constraint::Min(20)]).areas(area);
    let sections: Vec<Line> = w
        .session
        .questionnaire
        .sections
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let (done, required) = w.progress(i);
            let mark = if done == required { "✓" } else { " " };
            let text = format!("{mark} {} {done}/{required}", s.title.get(lang.code()));
            let style = if i == w.section {
                highlight()
            } else if done == required {
                Style::default()
            } else {
                fg(model, Color::Yellow)
            };
            Line::styled(text, style)
        })
        .collect();
    frame.render_widget(
        Paragraph::new(sections)
            .wrap(Wrap { trim: true })
            .block(boxed(tr(lang, "Sections", "Abschnitte"))),
        left,
    );
    let Some(section) = w.session.questionnaire.sections.get(w.section) else {
        return;
    };
    let questions = w.questions(w.section);
    let Some(q) = questions.get(w.question) else {
        frame.render_widget(
            Paragraph::new("").block(boxed(section.title.get(lang.code()))),
            right,
        );
        return;
    };
    let title = format!(
        "{} · {} {}/{}",
        section.title.get(lang.code()),
        tr(lang, "question", "Frage"),
        w.question + 1,
        questions.len()
    );
    let block = boxed(&title);
    let inner = block.inner(right);
    frame.render_widget(block, right);
    let mut lines = vec![Line::styled(
        format!(
            "{}{}",
            q.text.get(lang.code()),
            if q.required { " *" } else { "" }
        ),
        bold(),
    )];
    if let Some(legal) = &q.legal {
        lines.push(Line::styled(legal.clone(), fg(model, Color::Cyan)));
    }
    lines.push(Line::default());
    // The answer comes before the help text, so it stays in view on small terminals.
    let answer = w.session.answers.values.get(&q.id);
    match answer {
        Some(a) if a.origin == Origin::SuggestedFromScan => {
            lines.push(Line::styled(
                tr(
                    lang,
                    "Suggested from the scan (c accepts, Enter edits):",
                    "Vorschlag aus dem Scan (c übernimmt, Enter ändert):",
                ),
                fg(model, Color::Magenta).add_modifier(Modifier::BOLD),
            ));
            lines.extend(answer_lines(q, &a.value, lang));
        }
        Some(a) => {
            lines.push(Line::styled(
                tr(lang, "Your answer:", "Ihre Antwort:"),
                fg(model, Color::Green).add_modifier(Modifier::BOLD),
            ));
            lines.extend(answer_lines(q, &a.value, lang));
        }
        None => lines.push(Line::styled(
            tr(
                lang,
                "Not answered yet: Enter answers.",
                "Noch nicht beantwortet: Enter beantwortet.",
            ),
            fg(model, Color::Yellow),
        )),
    }
    // What is still wrong with an answer that exists (an incomplete group item, …).
    if answer.is_some() {
        for m in w
            .session
            .evaluation
            .missing
            .iter()
            .filter(|m| m.question == q.id)
        {
            lines.push(Line::styled(
                format!("! {}", shown(&m.message)),
                fg(model, Color::Yellow),
            ));
        }
    }
    if let Some(help) = &q.help {
        lines.push(Line::default());
        lines.push(Line::styled(help.get(lang.code()).to_string(), dim(model)));
    }
    let editor = w.editor.as_ref().map(|editor| {
        let mut lines = editor_lines(model, w, q, editor);
        if let Some(invalid) = &w.invalid {
            lines.insert(
                0,
                Line::styled(
                    format!("! {}", shown(invalid)),
                    fg(model, Color::Red).add_modifier(Modifier::BOLD),
                ),
            );
        }
        lines
    });
    let editor_height = editor.as_ref().map_or(0, |l| {
        (super::wrapped_height(l, inner.width.saturating_sub(2)) + 2)
            .clamp(3, (inner.height * 2 / 3).max(3))
    });
    // The editor sits right under the question, as tall as it needs (up to two thirds).
    // Word wrapping takes more rows than a count by characters: leave some slack.
    let estimate = super::wrapped_height(&lines, inner.width);
    let text_height = if editor.is_some() {
        (estimate + estimate / 4 + 1).min(inner.height.saturating_sub(editor_height))
    } else {
        inner.height
    };
    let [text_area, editor_area, _] = Layout::vertical([
        Constraint::Length(text_height),
        Constraint::Length(editor_height),
        Constraint::Min(0),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), text_area);
    if let Some(lines) = editor {
        frame.render_widget(Clear, editor_area);
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .block(boxed(tr(
                    lang,
                    "Answer (Esc cancels)",
                    "Antwort (Esc bricht ab)",
                ))),
            editor_area,
        );
    }
}

fn answer_lines(q: &Question, value: &AnswerValue, lang: Lang) -> Vec<Line<'static>> {
    match value {
        AnswerValue::Group(items) => items
            .iter()
            .enumerate()
            .map(|(i, item)| Line::from(format!("  {}. {}", i + 1, item_summary(q, item, lang))))
            .collect(),
        other => value_text(q, other, lang.code())
            .lines()
            .map(|l| Line::from(format!("  {}", shown(l))))
            .collect(),
    }
}

fn item_summary(q: &Question, item: &Item, lang: Lang) -> String {
    q.fields
        .iter()
        .filter_map(|f| {
            item.get(&f.id)
                .map(|v| shown(&value_text(f, v, lang.code())))
        })
        .filter(|s| !s.is_empty())
        .take(4)
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The input widget of `editor` for question (or group field) `q`.
fn editor_lines(model: &Model, w: &Work, q: &Question, editor: &Editor) -> Vec<Line<'static>> {
    let lang = model.lang;
    let code = lang.code();
    match editor {
        Editor::YesNo { value } => vec![Line::from(vec![
            Span::styled(
                format!(" {} ", tr(lang, "yes", "ja")),
                if *value {
                    highlight()
                } else {
                    Style::default()
                },
            ),
            Span::raw("  "),
            Span::styled(
                format!(" {} ", tr(lang, "no", "nein")),
                if *value {
                    Style::default()
                } else {
                    highlight()
                },
            ),
            Span::styled(
                format!(
                    "   {}",
                    tr(lang, "y / n, or ←→ and Enter", "j/y / n, oder ←→ und Enter")
                ),
                dim(model),
            ),
        ])],
        Editor::Single { cursor } => q
            .choices
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let mark = if i == *cursor { "▶ " } else { "  " };
                Line::styled(
                    format!("{mark}{}", c.label.get(code)),
                    if i == *cursor {
                        highlight()
                    } else {
                        Style::default()
                    },
                )
            })
            .collect(),
        Editor::Multi { cursor, chosen } => q
            .choices
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let tick = if chosen.get(i).copied().unwrap_or(false) {
                    "[x]"
                } else {
                    "[ ]"
                };
                Line::styled(
                    format!("{tick} {}", c.label.get(code)),
                    if i == *cursor {
                        highlight()
                    } else {
                        Style::default()
                    },
                )
            })
            .collect(),
        Editor::Line(input) => vec![input_line(tr(lang, "Text", "Text"), input, true)],
        Editor::Long(area) => area
            .lines
            .iter()
            .enumerate()
            .map(|(r, l)| {
                if r == area.row {
                    let cut = l.char_indices().nth(area.col).map_or(l.len(), |(i, _)| i);
                    let at: String = l[cut..]
                        .chars()
                        .next()
                        .map_or(" ".into(), |c| c.to_string());
                    let rest: String = l[cut..].chars().skip(1).collect();
                    Line::from(vec![
                        Span::raw(l[..cut].to_string()),
                        Span::styled(at, highlight()),
                        Span::raw(rest),
                    ])
                } else {
                    Line::from(l.clone())
                }
            })
            .chain(std::iter::once(Line::styled(
                tr(
                    lang,
                    "Ctrl-S or Alt-Enter saves; Enter breaks the line",
                    "Strg-S oder Alt-Enter speichert; Enter bricht um",
                ),
                dim(model),
            )))
            .collect(),
        Editor::Country { input, cursor } => {
            let mut lines = vec![input_line(tr(lang, "Country", "Land"), input, true)];
            for (i, (c, name)) in country_matches(&w.session.reference, &input.text, code)
                .iter()
                .enumerate()
                .take(6)
            {
                lines.push(Line::styled(
                    format!("  {c}  {name}"),
                    if i == *cursor {
                        highlight()
                    } else {
                        Style::default()
                    },
                ));
            }
            lines
        }
        Editor::Scale { value } => {
            let names: [&str; 4] = if lang == Lang::De {
                ["vernachlässigbar", "begrenzt", "erheblich", "maximal"]
            } else {
                ["negligible", "limited", "significant", "maximum"]
            };
            vec![Line::from(
                names
                    .iter()
                    .enumerate()
                    .map(|(i, n)| {
                        let level = i as i64 + 1;
                        Span::styled(
                            format!(" {level} {n} "),
                            if level == *value {
                                highlight()
                            } else {
                                Style::default()
                            },
                        )
                    })
                    .collect::<Vec<_>>(),
            )]
        }
        Editor::Group(g) => group_lines(model, w, q, g),
    }
}

fn group_lines(model: &Model, w: &Work, q: &Question, g: &GroupEditor) -> Vec<Line<'static>> {
    let lang = model.lang;
    let mut lines = Vec::new();
    if let Some((item, f, editor)) = &g.field {
        let field = &q.fields[*f];
        if let Some(so_far) = g.items.get(*item).map(|it| item_summary(q, it, lang)) {
            if !so_far.is_empty() {
                lines.push(Line::styled(so_far, dim(model)));
            }
        }
        lines.push(Line::styled(
            format!(
                "{} {} · {}",
                tr(lang, "Item", "Eintrag"),
                item + 1,
                field.text.get(lang.code())
            ),
            bold(),
        ));
        lines.extend(match editor.as_ref() {
            Editor::Group(_) => Vec::new(),
            other => editor_lines(model, w, field, other),
        });
        lines.push(Line::styled(
            tr(
                lang,
                "Enter: next field · Esc: stop editing this item",
                "Enter: nächstes Feld · Esc: Eintrag fertig",
            ),
            dim(model),
        ));
        return lines;
    }
    if g.items.is_empty() {
        lines.push(Line::from(tr(
            lang,
            "No items yet: a adds one.",
            "Noch keine Einträge: a fügt einen hinzu.",
        )));
    }
    for (i, item) in g.items.iter().enumerate() {
        let text = format!("{}. {}", i + 1, item_summary(q, item, lang));
        lines.push(Line::styled(
            text,
            if i == g.cursor {
                highlight()
            } else {
                Style::default()
            },
        ));
    }
    lines.push(Line::styled(
        tr(
            lang,
            "a add · Enter edit · d delete · s save the list · Esc cancel",
            "a hinzufügen · Enter bearbeiten · d löschen · s Liste speichern · Esc abbrechen",
        ),
        dim(model),
    ));
    lines
}

fn popup_view(frame: &mut Frame, model: &Model, w: &Work, popup: &Popup, area: Rect) {
    let lang = model.lang;
    let (title, lines): (&str, Vec<Line>) = match popup {
        Popup::Export { path } => (
            tr(lang, "Export a draft PDF", "Entwurf als PDF exportieren"),
            vec![
                input_line(tr(lang, "File", "Datei"), path, true),
                Line::styled(tr(lang, "Enter writes it · Esc cancels", "Enter schreibt · Esc bricht ab"), dim(model)),
            ],
        ),
        Popup::Import { path } => (
            tr(lang, "Import an answers file", "Antwortdatei übernehmen"),
            vec![
                input_line(tr(lang, "File", "Datei"), path, true),
                Line::styled(tr(lang, "TOML as for `dpia answer`: question id = value. Every value is checked; nothing changes if one is wrong. Enter imports · Esc cancels", "TOML wie für `dpia answer`: Frage-ID = Wert. Jeder Wert wird geprüft; bei einem Fehler ändert sich nichts. Enter übernimmt · Esc bricht ab"), dim(model)),
            ],
        ),
        Popup::Sign(form) => (
            tr(lang, "Sign the report", "Bericht signieren"),
            sign_lines(model, form),
        ),
        Popup::DismissNote { note, .. } => {
            let mut lines = vec![
                input_line(tr(lang, "Why?", "Warum?"), note, true),
                Line::styled(tr(lang, "Required: why does this column hold no personal data? Enter saves · Esc cancels", "Pflicht: Warum enthält die Spalte keine personenbezogenen Daten? Enter speichert · Esc bricht ab"), dim(model)),
            ];
            if let Some(invalid) = &w.invalid {
                lines.insert(0, Line::styled(format!("! {}", shown(invalid)), fg(model, Color::Red)));
            }
            (tr(lang, "Dismiss the finding", "Befund verwerfen"), lines)
        }
        Popup::Categories { editor, .. } => {
            let field = w
                .session
                .question(dpia::questionnaire::COLUMN_REVIEW)
                .and_then(|q| q.field("categories"));
            let mut lines = match field {
                Some(f) => editor_lines(model, w, f, editor),
                None => Vec::new(),
            };
            lines.push(Line::styled(tr(lang, "Space ticks · Enter saves · Esc cancels", "Leertaste kreuzt an · Enter speichert · Esc bricht ab"), dim(model)));
            (tr(lang, "Correct the categories", "Kategorien korrigieren"), lines)
        }
    };
    let width = 84.min(area.width);
    let rect = centred(
        area,
        width,
        super::wrapped_height(&lines, width.saturating_sub(2)) + 2,
    );
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(boxed(title)),
        rect,
    );
}

fn sign_lines(model: &Model, form: &SignForm) -> Vec<Line<'static>> {
    let lang = model.lang;
    let labels = [
        tr(lang, "Key or .p12", "Schlüssel/.p12"),
        tr(lang, "Certificate", "Zertifikat"),
        tr(lang, "Passphrase", "Passphrase"),
        tr(lang, "Signed PDF", "Signiertes PDF"),
        tr(lang, "Location", "Ort"),
    ];
    let inputs = [
        &form.key,
        &form.cert,
        &form.passphrase,
        &form.out,
        &form.location,
    ];
    let mut lines: Vec<Line<'static>> = labels
        .iter()
        .zip(inputs)
        .enumerate()
        .map(|(i, (label, input))| {
            let line = input_line(label, input, i == form.focus);
            Line::from(
                line.spans
                    .into_iter()
                    .map(|s| Span::styled(s.content.into_owned(), s.style))
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
    lines.push(Line::styled(
        tr(lang, "Tab/↑↓ move · Enter on the last field or Ctrl-S signs · Esc cancels · a .p12 needs no certificate", "Tab/↑↓ bewegen · Enter im letzten Feld oder Strg-S signiert · Esc bricht ab · .p12 braucht kein Zertifikat"),
        dim(model),
    ));
    lines
}
