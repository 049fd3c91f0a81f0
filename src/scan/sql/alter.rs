//! `ALTER TABLE`: added, renamed and dropped columns, renamed tables.
//!
//! Why it exists: migrations change the schema after `CREATE TABLE`, so a column holding
//! personal data may only appear in a later `ADD COLUMN` (with its comment trailing on the
//! same line), or be renamed or dropped. One ALTER may carry several comma-separated
//! actions (PostgreSQL, MySQL); each recognised action becomes its own [`Statement`], and
//! actions that do not change columns (constraints, indexes, owners) are skipped.

use super::lexer::Tok;
use super::parse::{ident, kw, kw_any, Cursor, Out};
use super::table::{column_def, is_table_constraint, split_elements, Element};
use super::{SqlError, Statement};

pub(crate) fn alter(
    cur: &mut Cursor<'_>,
    line: u64,
    trailing: Option<&str>,
    out: &mut Out,
) -> Result<(), String> {
    if !cur.eat_kw("TABLE") {
        return Ok(());
    }
    if cur.eat_kw("IF") {
        cur.eat_kw("EXISTS");
    }
    cur.eat_kw("ONLY");
    let table = cur
        .table_name()
        .ok_or("ALTER TABLE: expected a table name")?;
    cur.eat_punct(b'*');
    let rest = cur.rest();
    let mut actions = split_elements(&rest, cur.src);
    if actions.is_empty() {
        return Err(format!("ALTER TABLE {table}: missing action"));
    }
    if let (Some(last), Some(tc)) = (actions.last_mut(), trailing) {
        if last.comment.is_none() {
            last.comment = Some(tc.to_string());
        }
    }
    for action in actions {
        if let Err(e) = alter_action(&table, action, cur.src, line, out) {
            out.push_back(Err(SqlError {
                line,
                message: format!("ALTER TABLE {table}: {e}"),
            }));
        }
    }
    Ok(())
}

fn alter_action(
    table: &str,
    el: Element<'_>,
    src: &str,
    line: u64,
    out: &mut Out,
) -> Result<(), String> {
    let sig = el.sig.as_slice();
    let at = |i: usize| sig.get(i);
    let is = |i: usize, k: &str| at(i).is_some_and(|t| kw(t, k));
    let name_at = |i: usize| at(i).and_then(ident);
    let table = table.to_string();
    let mut i = 1;
    let Some(first) = at(0) else {
        return Ok(());
    };
    if kw(first, "ADD") {
        let explicit = is(i, "COLUMN");
        i += usize::from(explicit);
        if is(i, "IF") {
            i += if is(i + 1, "NOT") { 3 } else { 2 };
        }
        let rest = sig.get(i..).unwrap_or(&[]);
        if rest.first().is_some_and(|t| t.tok == Tok::Punct(b'(')) {
            // MySQL `ADD (a INT, b INT)`: the group runs to the last `)`.
            let inner = rest.get(1..rest.len().saturating_sub(1)).unwrap_or(&[]);
            for e in split_elements(inner, src) {
                if let Some(column) = column_def(&e.sig, src, line, e.comment)? {
                    out.push_back(Ok(Statement::AddColumn {
                        table: table.clone(),
                        column,
                        line,
                    }));
                }
            }
            return Ok(());
        }
        if !explicit
            && (is_table_constraint(rest) || rest.first().is_some_and(|t| kw(t, "PARTITION")))
        {
            return Ok(());
        }
        let column =
            column_def(rest, src, line, el.comment)?.ok_or("ADD without a column definition")?;
        out.push_back(Ok(Statement::AddColumn {
            table,
            column,
            line,
        }));
    } else if kw(first, "RENAME") {
        if is(1, "TO") || is(1, "AS") {
            let mut j = 2;
            while at(j + 1).is_some_and(|t| t.tok == Tok::Punct(b'.')) {
                j += 2;
            }
            let to = name_at(j).ok_or("RENAME TO without a new name")?;
            out.push_back(Ok(Statement::RenameTable {
                from: table,
                to,
                line,
            }));
        } else if !(is(1, "INDEX") || is(1, "KEY") || is(1, "CONSTRAINT")) {
            let c = usize::from(is(1, "COLUMN"));
            let from = name_at(1 + c).ok_or("RENAME COLUMN without a column name")?;
            if is(2 + c, "TO") {
                let to = name_at(3 + c).ok_or("RENAME COLUMN without a new name")?;
                out.push_back(Ok(Statement::RenameColumn {
                    table,
                    from,
                    to,
                    line,
                }));
            } else if c == 0 && sig.len() == 2 {
                // MySQL `RENAME new_name`
                out.push_back(Ok(Statement::RenameTable {
                    from: table,
                    to: from,
                    line,
                }));
            } else {
                return Err("malformed RENAME (expected `RENAME COLUMN a TO b`)".into());
            }
        }
    } else if kw(first, "DROP") {
        let skip = [
            "CONSTRAINT",
            "INDEX",
            "KEY",
            "PRIMARY",
            "FOREIGN",
            "CHECK",
            "PARTITION",
            "DEFAULT",
            "PERIOD",
            "SYSTEM",
        ];
        if at(1).is_some_and(|t| kw_any(t, &skip)) {
            return Ok(());
        }
        i += usize::from(is(i, "COLUMN"));
        if is(i, "IF") && is(i + 1, "EXISTS") {
            i += 2;
        }
        let column = name_at(i).ok_or("DROP without a column name")?;
        out.push_back(Ok(Statement::DropColumn {
            table,
            column,
            line,
        }));
    } else if kw(first, "CHANGE") {
        // MySQL `CHANGE [COLUMN] old new type`
        i += usize::from(is(i, "COLUMN"));
        let (Some(from), Some(to)) = (name_at(i), name_at(i + 1)) else {
            return Err("malformed CHANGE (expected `CHANGE old new type`)".into());
        };
        if from != to {
            out.push_back(Ok(Statement::RenameColumn {
                table,
                from,
                to,
                line,
            }));
        }
    }
    Ok(())
}
