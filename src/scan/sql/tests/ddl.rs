//! Schema statements as migrations write them: column lists with constraints and
//! comments, ALTER TABLE actions, SQLite oddities.

use super::*;

#[test]
fn check_constraints_and_comments_keep_columns_apart() {
    let sql = "CREATE TABLE properties (\n  id INTEGER PRIMARY KEY,\n\
          label TEXT NOT NULL,            -- e.g. \"Haus Lindenallee\"\n\
          category TEXT NOT NULL CHECK (category IN ('water','mould', 'a,b')), -- kind\n\
          -- a note on its own line\n  cost NUMERIC(10, 2) DEFAULT (0.0), note TEXT -- last\n\
          , CONSTRAINT c CHECK (cost >= 0), FOREIGN KEY (id) REFERENCES x(id)\n) STRICT;\n\
        CREATE TABLE copy AS SELECT * FROM properties;\nCREATE TEMP TABLE IF NOT EXISTS main.\"w x\" ([a b] INT);";
    let s = ok(read(sql));
    assert_eq!(
        columns(&s[0]),
        [
            col("id", Some("INTEGER"), None),
            col("label", Some("TEXT"), Some("e.g. \"Haus Lindenallee\"")),
            col("category", Some("TEXT"), Some("kind")),
            col("cost", Some("NUMERIC(10, 2)"), None),
            col("note", Some("TEXT"), Some("last")),
        ]
    );
    assert_eq!(
        s[1],
        Statement::CreateTable {
            table: "copy".into(),
            columns: vec![],
            line: 9
        }
    );
    assert_eq!(columns(&s[2]), [col("a b", Some("INT"), None)]);
    assert!(matches!(&s[2], Statement::CreateTable { table, .. } if table == "w x"));
}

#[test]
fn alter_table_actions() {
    let sql = "ALTER TABLE damage_reports ADD COLUMN photo_key TEXT;  -- object key in the PHOTOS bucket\n\
        ALTER TABLE t RENAME COLUMN a TO b;\nALTER TABLE t RENAME TO u;\nALTER TABLE u DROP COLUMN IF EXISTS c;\n\
        ALTER TABLE u ADD d INT, DROP e, ADD CONSTRAINT k UNIQUE (d), RENAME x TO y;\n\
        ALTER TABLE `u` CHANGE `f` `g` varchar(5), ADD INDEX i (g), ADD (h INT, j TEXT);\nALTER TABLE u RENAME;\n\
        ALTER TABLE u ADD COLUMN k TEXT;\n";
    let items = read(sql);
    let err = items
        .iter()
        .find_map(|r| r.as_ref().err())
        .expect("an error");
    assert_eq!(err.line, 7);
    let s: Vec<Statement> = ok(items.into_iter().filter(Result::is_ok).collect());
    let t = |s: &str| s.to_string();
    assert_eq!(
        s,
        vec![
            Statement::AddColumn {
                table: t("damage_reports"),
                column: col(
                    "photo_key",
                    Some("TEXT"),
                    Some("object key in the PHOTOS bucket")
                ),
                line: 1
            },
            Statement::RenameColumn {
                table: t("t"),
                from: t("a"),
                to: t("b"),
                line: 2
            },
            Statement::RenameTable {
                from: t("t"),
                to: t("u"),
                line: 3
            },
            Statement::DropColumn {
                table: t("u"),
                column: t("c"),
                line: 4
            },
            Statement::AddColumn {
                table: t("u"),
                column: col("d", Some("INT"), None),
                line: 5
            },
            Statement::DropColumn {
                table: t("u"),
                column: t("e"),
                line: 5
            },
            Statement::RenameColumn {
                table: t("u"),
                from: t("x"),
                to: t("y"),
                line: 5
            },
            Statement::RenameColumn {
                table: t("u"),
                from: t("f"),
                to: t("g"),
                line: 6
            },
            Statement::AddColumn {
                table: t("u"),
                column: col("h", Some("INT"), None),
                line: 6
            },
            Statement::AddColumn {
                table: t("u"),
                column: col("j", Some("TEXT"), None),
                line: 6
            },
            Statement::AddColumn {
                table: t("u"),
                column: col("k", Some("TEXT"), None),
                line: 8
            },
        ]
    );
}

#[test]
fn sqlite_virtual_tables_and_odd_names() {
    let sql = "CREATE VIRTUAL TABLE notes_fts USING fts5(title, body, tokenize='porter');\n\
        CREATE TABLE 'quoted' (\"first name\" TEXT, [last name] TEXT, `age` INT, key TEXT, index INTEGER NOT NULL);\n\
        INSERT INTO main.'quoted' VALUES ('a','b',3,'k',1);";
    let s = ok(read(sql));
    assert_eq!(
        columns(&s[0]),
        [col("title", None, None), col("body", None, None)]
    );
    let names: Vec<&str> = columns(&s[1]).iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["first name", "last name", "age", "key", "index"]);
    assert!(matches!(&s[2], Statement::Insert { table, .. } if table == "quoted"));
}
