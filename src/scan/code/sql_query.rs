//! What a D1 query does, read from the SQL text a Worker passes to `prepare`/`exec`: reads,
//! writes or deletes, on which tables, touching which columns. Uses the scanner's SQL
//! tokeniser (`scan::sql::lexer`); it is not a SQL parser, only enough to name tables and
//! columns of the plain statements generated code writes.

use crate::scan::sql::lexer::{Lexer, Tok};

/// What a statement does to its tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    Read,
    Write,
    Delete,
    /// DDL (`CREATE`, `ALTER`, `DROP`): schema, not a flow.
    Schema,
    /// Anything else (`PRAGMA`, transactions).
    Other,
}

/// One table a statement uses and the columns it reads or writes there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableUse {
    pub table: String,
    /// Columns named for this table (qualified by alias, or unqualified when it is the only one).
    pub columns: Vec<String>,
    /// `*`, an INSERT without column list or a DELETE: every column.
    pub all_columns: bool,
}

/// A statement's verb and tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    pub verb: Verb,
    pub tables: Vec<TableUse>,
}

/// A token reduced to what this reader needs.
#[derive(Debug, Clone, PartialEq)]
enum T {
    /// Keyword or identifier, as written (quoted identifiers unquoted).
    Word(String, bool),
    Punct(u8),
    Other,
}

fn tokens(sql: &str) -> Vec<T> {
    let mut lexer = Lexer::new(sql, false);
    let mut out = Vec::new();
    while let Ok(Some(t)) = lexer.next_token() {
        out.push(match t.tok {
            Tok::Word(w) => T::Word(w.to_string(), false),
            Tok::Quoted(w, _) => T::Word(w.to_string(), true),
            Tok::Punct(b) => T::Punct(b),
            Tok::Comment(_) => continue,
            _ => T::Other,
        });
        if out.len() > 20_000 {
            break;
        }
    }
    out
}

fn kw(t: Option<&T>, k: &str) -> bool {
    matches!(t, Some(T::Word(w, false)) if w.eq_ignore_ascii_case(k))
}

const RESERVED: &[&str] = &[
    "select",
    "from",
    "where",
    "join",
    "inner",
    "left",
    "right",
    "outer",
    "cross",
    "full",
    "on",
    "using",
    "group",
    "order",
    "by",
    "having",
    "limit",
    "offset",
    "union",
    "all",
    "distinct",
    "as",
    "and",
    "or",
    "not",
    "null",
    "is",
    "in",
    "like",
    "between",
    "case",
    "when",
    "then",
    "else",
    "end",
    "exists",
    "returning",
    "values",
    "set",
    "natural",
    "window",
    "collate",
    "asc",
    "desc",
    "true",
    "false",
    "glob",
    "escape",
    "except",
    "intersect",
];

fn reserved(w: &str) -> bool {
    RESERVED.iter().any(|r| r.eq_ignore_ascii_case(w))
}

/// Reads one statement; `None` when it is empty or not SQL at all.
pub fn parse_query(sql: &str) -> Option<Query> {
    let toks = tokens(sql);
    let mut i = 0;
    // WITH name AS (...), ...: skip the common table expressions.
    if kw(toks.first(), "with") {
        i = skip_ctes(&toks);
    }
    let first = match toks.get(i) {
        Some(T::Word(w, false)) => w.to_ascii_lowercase(),
        _ => return None,
    };
    let query = match first.as_str() {
        "select" => select(&toks, i + 1),
        "insert" | "replace" => insert(&toks, i + 1),
        "update" => update(&toks, i + 1),
        "delete" => delete(&toks, i + 1),
        "create" | "alter" | "drop" => Query {
            verb: Verb::Schema,
            tables: Vec::new(),
        },
        _ => Query {
            verb: Verb::Other,
            tables: Vec::new(),
        },
    };
    Some(query)
}

fn skip_ctes(toks: &[T]) -> usize {
    let mut depth = 0i32;
    for (i, t) in toks.iter().enumerate().skip(1) {
        match t {
            T::Punct(b'(') => depth += 1,
            T::Punct(b')') => depth -= 1,
            T::Word(w, false) if depth == 0 => {
                let w = w.to_ascii_lowercase();
                if matches!(
                    w.as_str(),
                    "select" | "insert" | "update" | "delete" | "replace"
                ) {
                    return i;
                }
            }
            _ => {}
        }
    }
    toks.len()
}

/// Table names (with aliases) after FROM / JOIN, up to the end of the FROM clause.
fn from_tables(toks: &[T], mut i: usize) -> Vec<(String, Option<String>)> {
    let mut tables = Vec::new();
    let mut depth = 0i32;
    let mut expect_table = true;
    while let Some(t) = toks.get(i) {
        match t {
            T::Punct(b'(') => depth += 1,
            T::Punct(b')') => {
                depth -= 1;
                if depth < 0 {
                    break;
                }
            }
            T::Punct(b',') if depth == 0 => expect_table = true,
            T::Word(w, quoted) if depth == 0 => {
                let lower = w.to_ascii_lowercase();
                if !quoted && lower == "join" {
                    expect_table = true;
                } else if !quoted
                    && matches!(
                        lower.as_str(),
                        "where"
                            | "group"
                            | "order"
                            | "limit"
                            | "having"
                            | "union"
                            | "returning"
                            | "window"
                            | "except"
                            | "intersect"
                    )
                {
                    break;
                } else if expect_table && (*quoted || !reserved(w)) {
                    // schema.table: keep the last part.
                    let mut name = w.clone();
                    let mut j = i;
                    while matches!(toks.get(j + 1), Some(T::Punct(b'.'))) {
                        if let Some(T::Word(n, _)) = toks.get(j + 2) {
                            name = n.clone();
                        }
                        j += 2;
                    }
                    i = j;
                    let mut alias = None;
                    let mut k = i + 1;
                    if kw(toks.get(k), "as") {
                        k += 1;
                    }
                    if let Some(T::Word(a, q)) = toks.get(k) {
                        if *q || !reserved(a) {
                            alias = Some(a.clone());
                            i = k;
                        }
                    }
                    tables.push((name, alias));
                    expect_table = false;
                }
            }
            _ => {}
        }
        i += 1;
    }
    tables
}

fn select(toks: &[T], start: usize) -> Query {
    // The select list runs to the FROM at depth 0.
    let mut depth = 0i32;
    let mut from = None;
    for (i, t) in toks.iter().enumerate().skip(start) {
        match t {
            T::Punct(b'(') => depth += 1,
            T::Punct(b')') => depth -= 1,
            T::Word(w, false) if depth == 0 && w.eq_ignore_ascii_case("from") => {
                from = Some(i);
                break;
            }
            _ => {}
        }
    }
    let Some(from) = from else {
        return Query {
            verb: Verb::Read,
            tables: Vec::new(),
        };
    };
    let tables = from_tables(toks, from + 1);
    let list = toks.get(start..from).unwrap_or(&[]);
    let mut uses: Vec<TableUse> = tables
        .iter()
        .map(|(t, _)| TableUse {
            table: t.clone(),
            columns: Vec::new(),
            all_columns: false,
        })
        .collect();
    let index_of = |qualifier: &str| {
        tables.iter().position(|(t, a)| {
            a.as_deref()
                .is_some_and(|a| a.eq_ignore_ascii_case(qualifier))
                || t.eq_ignore_ascii_case(qualifier)
        })
    };
    let mut j = 0;
    while let Some(t) = list.get(j) {
        match t {
            T::Punct(b'*') => {
                // `count(*)` is not every column; `t.*` is handled with its qualifier.
                let in_call = j > 0 && matches!(list.get(j - 1), Some(T::Punct(b'(')));
                if !in_call {
                    for u in &mut uses {
                        u.all_columns = true;
                    }
                }
            }
            T::Word(w, quoted) => {
                let next = list.get(j + 1);
                if matches!(next, Some(T::Punct(b'.'))) {
                    match list.get(j + 2) {
                        Some(T::Word(col, _)) => {
                            if let Some(u) = index_of(w).and_then(|k| uses.get_mut(k)) {
                                u.columns.push(col.clone());
                            }
                        }
                        Some(T::Punct(b'*')) => {
                            if let Some(u) = index_of(w).and_then(|k| uses.get_mut(k)) {
                                u.all_columns = true;
                            }
                        }
                        _ => {}
                    }
                    j += 3;
                    continue;
                }
                let is_call = matches!(next, Some(T::Punct(b'(')));
                let after_as = j > 0 && kw(list.get(j - 1), "as");
                if !is_call && !after_as && (*quoted || !reserved(w)) {
                    // Unqualified: the column of the only table, or of every table (the
                    // resolver keeps the ones that have it).
                    for u in &mut uses {
                        u.columns.push(w.clone());
                    }
                }
            }
            _ => {}
        }
        j += 1;
    }
    Query {
        verb: Verb::Read,
        tables: uses,
    }
}

fn insert(toks: &[T], mut i: usize) -> Query {
    // INSERT [OR REPLACE|IGNORE] INTO t [(cols)]
    while let Some(T::Word(w, false)) = toks.get(i) {
        if w.eq_ignore_ascii_case("into") {
            i += 1;
            break;
        }
        i += 1;
    }
    let Some((table, next)) = table_name(toks, i) else {
        return Query {
            verb: Verb::Write,
            tables: Vec::new(),
        };
    };
    let mut columns = Vec::new();
    let mut all_columns = true;
    if matches!(toks.get(next), Some(T::Punct(b'('))) {
        all_columns = false;
        let mut k = next + 1;
        while let Some(t) = toks.get(k) {
            match t {
                T::Punct(b')') => break,
                T::Word(w, _) => columns.push(w.clone()),
                _ => {}
            }
            k += 1;
        }
    }
    Query {
        verb: Verb::Write,
        tables: vec![TableUse {
            table,
            columns,
            all_columns,
        }],
    }
}

/// `name` or `schema.name` at `i`: the name and the index after it.
fn table_name(toks: &[T], i: usize) -> Option<(String, usize)> {
    let T::Word(w, _) = toks.get(i)? else {
        return None;
    };
    if matches!(toks.get(i + 1), Some(T::Punct(b'.'))) {
        if let Some(T::Word(n, _)) = toks.get(i + 2) {
            return Some((n.clone(), i + 3));
        }
    }
    Some((w.clone(), i + 1))
}

fn update(toks: &[T], mut i: usize) -> Query {
    // UPDATE [OR ...] t SET a = ..., b = ...
    if kw(toks.get(i), "or") {
        i += 2;
    }
    let Some((table, next)) = table_name(toks, i) else {
        return Query {
            verb: Verb::Write,
            tables: Vec::new(),
        };
    };
    let mut columns = Vec::new();
    let mut depth = 0i32;
    let mut in_set = false;
    let mut expect_column = false;
    for (k, t) in toks.iter().enumerate().skip(next) {
        match t {
            T::Punct(b'(') => depth += 1,
            T::Punct(b')') => depth -= 1,
            T::Punct(b',') if depth == 0 && in_set => expect_column = true,
            T::Word(w, q) if depth == 0 => {
                if !q && w.eq_ignore_ascii_case("set") {
                    in_set = true;
                    expect_column = true;
                } else if !q
                    && (w.eq_ignore_ascii_case("where")
                        || w.eq_ignore_ascii_case("returning")
                        || w.eq_ignore_ascii_case("from"))
                {
                    break;
                } else if expect_column && matches!(toks.get(k + 1), Some(T::Punct(b'='))) {
                    columns.push(w.clone());
                    expect_column = false;
                }
            }
            _ => {}
        }
    }
    Query {
        verb: Verb::Write,
        tables: vec![TableUse {
            table,
            columns,
            all_columns: false,
        }],
    }
}

fn delete(toks: &[T], mut i: usize) -> Query {
    if kw(toks.get(i), "from") {
        i += 1;
    }
    let tables = table_name(toks, i)
        .map(|(table, _)| TableUse {
            table,
            columns: Vec::new(),
            all_columns: true,
        })
        .into_iter()
        .collect();
    Query {
        verb: Verb::Delete,
        tables,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(sql: &str) -> Query {
        parse_query(sql).unwrap()
    }

    #[test]
    fn select_columns_per_table_and_alias() {
        let r = q("SELECT vorname, nachname, email FROM tenants WHERE id = ?");
        assert_eq!(r.verb, Verb::Read);
        assert_eq!(r.tables[0].table, "tenants");
        assert_eq!(r.tables[0].columns, ["vorname", "nachname", "email"]);
        let r = q("SELECT r.id, r.beschreibung, t.email AS mail FROM damage_reports r JOIN tenants t ON t.id = r.tenant_id");
        assert_eq!(r.tables.len(), 2);
        assert_eq!(r.tables[0].columns, ["id", "beschreibung"]);
        assert_eq!(r.tables[1].table, "tenants");
        assert_eq!(r.tables[1].columns, ["email"]);
        let r = q("SELECT * FROM \"tenants\"");
        assert!(r.tables[0].all_columns);
        let r = q("select count(*) as n from tenants");
        assert!(
            !r.tables[0].all_columns && r.tables[0].columns.is_empty(),
            "{r:?}"
        );
    }

    #[test]
    fn writes_deletes_and_schema() {
        let r =
            q("INSERT INTO damage_reports (tenant_id, category, beschreibung) VALUES (?, ?, ?)");
        assert_eq!(r.verb, Verb::Write);
        assert_eq!(
            r.tables[0].columns,
            ["tenant_id", "category", "beschreibung"]
        );
        let r = q("INSERT OR REPLACE INTO tenants VALUES (?, ?)");
        assert!(r.tables[0].all_columns);
        let r = q("UPDATE tenants SET email = ?, telefon = lower(?) WHERE id = ?");
        assert_eq!(r.tables[0].columns, ["email", "telefon"]);
        let r = q("DELETE FROM damage_reports WHERE reported_at < ?");
        assert_eq!(
            (r.verb, r.tables[0].table.as_str()),
            (Verb::Delete, "damage_reports")
        );
        assert_eq!(
            q("CREATE TABLE IF NOT EXISTS x (a TEXT)").verb,
            Verb::Schema
        );
        let r = q("WITH recent AS (SELECT id FROM damage_reports) SELECT email FROM tenants");
        assert_eq!(r.tables[0].table, "tenants");
        assert!(parse_query("").is_none());
    }
}
