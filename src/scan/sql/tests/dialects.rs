//! Each supported dump format end to end: SQLite/D1, PostgreSQL, MySQL, and the DDL
//! variants migrations use.

use super::*;

#[test]
fn d1_export() {
    let s = ok(read(D1));
    assert_eq!(s.len(), 4);
    assert_eq!(
        s[0],
        Statement::CreateTable {
            table: "tenants".into(),
            columns: vec![
                col("id", Some("INTEGER"), None),
                col("property_id", Some("INTEGER"), None),
                col("vorname", Some("TEXT"), None),
                col("email", Some("TEXT"), None),
                col("einzug", Some("DATE"), None),
            ],
            line: 2,
        }
    );
    assert_eq!(
        s[1],
        Statement::AddColumn {
            table: "damage_reports".into(),
            column: col("photo_key", Some("TEXT"), None),
            line: 9
        }
    );
    let cols: Vec<String> = ["id", "property_id", "vorname", "email", "einzug"]
        .map(String::from)
        .to_vec();
    assert_eq!(
        s[2],
        Statement::Insert {
            table: "tenants".into(),
            columns: Some(cols.clone()),
            rows: vec![vec![
                num("1"),
                num("1"),
                text("Irene"),
                text("anatoli75@example.org"),
                text("2020-04-14")
            ]],
            line: 10,
        }
    );
    assert_eq!(
        rows(&s[3]),
        [vec![
            num("2"),
            num("6"),
            text("O'Brien"),
            SqlValue::Null,
            text("2015-01-15")
        ]]
    );
    assert!(matches!(&s[3], Statement::Insert { line: 11, .. }));
}

#[test]
fn sqlite_dump_without_column_list() {
    let dump = "PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\n\
        CREATE TABLE employes(id INTEGER PRIMARY KEY, prenom, nom TEXT, grade TEXT, debut TEXT);\n\
        INSERT INTO employes VALUES(1,'Raymond','Charpentier','militaire technicien de l''air (MTA)','2025-04-01');\n\
        INSERT INTO employes VALUES(2,'Zoé',replace('ligne 1\\nligne 2','\\n',char(10)),unistr('caf\\u00e9'),-3.5e2);\n\
        COMMIT;\n";
    let s = ok(read(dump));
    assert_eq!(s.len(), 3);
    assert_eq!(columns(&s[0])[1], col("prenom", None, None));
    match &s[1] {
        Statement::Insert {
            table,
            columns: None,
            rows,
            line: 4,
        } => {
            assert_eq!(table, "employes");
            assert_eq!(rows[0][3], text("militaire technicien de l'air (MTA)"));
            assert_eq!(rows[0].len(), 5);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        rows(&s[2])[0][2..],
        [text("ligne 1\nligne 2"), text("café"), num("-3.5e2")]
    );
}

#[test]
fn multi_row_values_and_value_kinds() {
    let s = ok(read("INSERT INTO t (a, b) VALUES (1,'a'),(2,'b');\n\
        INSERT OR REPLACE INTO t VALUES (X'00ff', TRUE, datetime('now'), 'x'::text, NULL::int, +7, (3), CURRENT_TIMESTAMP)\n\
          ON CONFLICT (a) DO UPDATE SET b = excluded.b;\n\
        REPLACE INTO t VALUES (1);\nINSERT INTO t SELECT * FROM u;\nINSERT INTO t DEFAULT VALUES;\n\
        INSERT INTO t VALUES ('a'), ('b', 'c');"));
    assert_eq!(
        rows(&s[0]),
        [vec![num("1"), text("a")], vec![num("2"), text("b")]]
    );
    assert_eq!(
        rows(&s[1])[0],
        [
            SqlValue::Blob(vec![0, 255]),
            SqlValue::Other("TRUE".into()),
            SqlValue::Other("datetime('now')".into()),
            text("x"),
            SqlValue::Null,
            num("7"),
            num("3"),
            SqlValue::Other("CURRENT_TIMESTAMP".into()),
        ]
    );
    assert!(matches!(&s[2], Statement::Insert { table, .. } if table == "t"));
    // INSERT … SELECT and DEFAULT VALUES are skipped; uneven rows are kept as they are.
    assert_eq!(s.len(), 4);
    assert_eq!(rows(&s[3]).iter().map(Vec::len).collect::<Vec<_>>(), [1, 2]);
}

#[test]
fn postgres_dump() {
    let dump = "--\n-- PostgreSQL database dump\n--\n\\restrict abc123\nSET statement_timeout = 0;\n\
        SELECT pg_catalog.set_config('search_path', '', false);\n\
        CREATE TABLE public.users (id serial PRIMARY KEY, email character varying(255) NOT NULL, \
        created_at timestamp with time zone DEFAULT now(), tags text[], note text COLLATE pg_catalog.\"default\");\n\
        COMMENT ON COLUMN public.users.email IS 'login';\nCOMMENT ON TABLE public.users IS 'x';\n\
        CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  NEW.t := now(); RETURN NEW;\nEND;\n$$;\n\
        ALTER TABLE ONLY public.users ADD CONSTRAINT users_pkey PRIMARY KEY (id);\n\
        COPY public.users (id, email, created_at) FROM stdin;\n\
        1\tanna@example.org\t2024-01-01 10:00:00+01\n2\ttab\\there\\nnew\\\\line\t\\N\n\\.\n\
        INSERT INTO public.users VALUES (3, E'it\\'s', '2024-01-02');\n";
    let s = ok(read(dump));
    assert_eq!(
        columns(&s[0]),
        [
            col("id", Some("serial"), None),
            col("email", Some("character varying(255)"), None),
            col("created_at", Some("timestamp with time zone"), None),
            col("tags", Some("text[]"), None),
            col("note", Some("text"), None),
        ]
    );
    assert!(matches!(&s[0], Statement::CreateTable { table, line: 7, .. } if table == "users"));
    assert_eq!(
        s[1],
        Statement::ColumnComment {
            table: "users".into(),
            column: "email".into(),
            comment: "login".into(),
            line: 8
        }
    );
    match &s[2] {
        Statement::Copy {
            table,
            columns,
            rows,
            line: 16,
        } => {
            assert_eq!(table, "users");
            assert_eq!(columns, &["id", "email", "created_at"]);
            assert_eq!(
                rows[0],
                [
                    text("1"),
                    text("anna@example.org"),
                    text("2024-01-01 10:00:00+01")
                ]
            );
            assert_eq!(
                rows[1],
                [text("2"), text("tab\there\nnew\\line"), SqlValue::Null]
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(rows(&s[3])[0][1], text("it's"));
    assert!(matches!(&s[3], Statement::Insert { line: 20, .. }));
    assert_eq!(s.len(), 4);
}

#[test]
fn copy_csv_batches_and_unterminated() {
    let mut dump = String::from("COPY t (a, b) FROM stdin WITH (FORMAT csv);\n");
    for i in 0..2500 {
        dump.push_str(&format!("{i},\"x, \"\"y\"\"\"\n"));
    }
    dump.push_str("\\.\nCOPY u FROM stdin;\n1\t2\n");
    let items = read(&dump);
    let copies: Vec<_> = items.iter().filter_map(|r| r.as_ref().ok()).collect();
    assert_eq!(copies.len(), 4);
    assert_eq!(
        copies.iter().take(3).map(|s| rows(s).len()).sum::<usize>(),
        2500
    );
    assert_eq!(rows(copies[0])[0], [text("0"), text("x, \"y\"")]);
    assert_eq!(rows(copies[3]), [vec![text("1"), text("2")]]);
    let err = items
        .last()
        .and_then(|r| r.as_ref().err())
        .expect("error at the end");
    assert_eq!(err.line, 2503);
    assert!(err.message.contains("not terminated"), "{err}");
}

#[test]
fn mysql_dump() {
    let dump = "-- MySQL dump 10.13  Distrib 8.0.36\n\
        /*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;\n\
        /*!40101 SET NAMES utf8mb4 */;\nDROP TABLE IF EXISTS `kunden`;\n\
        CREATE TABLE `kunden` (\n  `id` int unsigned NOT NULL AUTO_INCREMENT,\n\
          `vorname` varchar(100) CHARACTER SET utf8mb4 NOT NULL COMMENT 'Vorname',\n\
          `key` varchar(10) DEFAULT NULL,\n  `status` enum('a','b') DEFAULT 'a',\n\
          PRIMARY KEY (`id`),\n  KEY idx (`vorname`),\n  UNIQUE KEY `u` (`key`)\n\
        ) ENGINE=InnoDB AUTO_INCREMENT=3 DEFAULT CHARSET=utf8mb4;\n\
        LOCK TABLES `kunden` WRITE;\n/*!40000 ALTER TABLE `kunden` DISABLE KEYS */;\n\
        INSERT INTO `kunden` VALUES (1,'O\\'Brien','a\\\\b\\n',\"dq\\\"\"),(2,'Se;mi','k',0x4869);\n\
        UNLOCK TABLES;\n# hash comment\nINSERT IGNORE INTO db.`kunden` SET id = 3, vorname = 'x' ON DUPLICATE KEY UPDATE id = 3;\n";
    let s = ok(read(dump));
    assert_eq!(
        s[0],
        Statement::DropTable {
            table: "kunden".into(),
            line: 4
        }
    );
    assert_eq!(
        columns(&s[1]),
        [
            col("id", Some("int unsigned"), None),
            col("vorname", Some("varchar(100)"), Some("Vorname")),
            col("key", Some("varchar(10)"), None),
            col("status", Some("enum('a','b')"), None),
        ]
    );
    assert_eq!(
        rows(&s[2])[0],
        [num("1"), text("O'Brien"), text("a\\b\n"), text("dq\"")]
    );
    assert_eq!(
        rows(&s[2])[1],
        [
            num("2"),
            text("Se;mi"),
            text("k"),
            SqlValue::Blob(b"Hi".to_vec())
        ]
    );
    match &s[3] {
        Statement::Insert {
            table,
            columns: Some(c),
            rows,
            line: 19,
        } => {
            assert_eq!(table, "kunden");
            assert_eq!(c, &["id", "vorname"]);
            assert_eq!(rows, &[vec![num("3"), text("x")]]);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(s.len(), 4);
}

#[test]
fn backslash_is_literal_outside_mysql() {
    let s = ok(read(
        "INSERT INTO t VALUES ('C:\\dir\\', 'x');\nINSERT INTO t VALUES (1);",
    ));
    assert_eq!(rows(&s[0])[0], [text("C:\\dir\\"), text("x")]);
    assert_eq!(s.len(), 2);
}

#[test]
fn triggers_functions_and_delimiters() {
    let sql = "CREATE TRIGGER trg AFTER UPDATE ON t FOR EACH ROW WHEN old.a <> new.a BEGIN\n\
          UPDATE t SET b = CASE WHEN new.a > 1 THEN 'x;' ELSE 'y' END;\n  INSERT INTO log VALUES (1);\nEND;\n\
        CREATE TABLE after_trigger (a);\n\
        CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;\n\
        CREATE PROCEDURE p() BEGIN IF 1 THEN SELECT 1; END IF; WHILE 0 DO SELECT 2; END WHILE; END;\n\
        DELIMITER ;;\nCREATE TRIGGER m BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.a = 1; END ;;\nDELIMITER ;\n\
        INSERT INTO t VALUES (5);\n";
    let s = ok(read(sql));
    assert_eq!(s.len(), 2, "{s:?}");
    assert_eq!(
        s[0],
        Statement::CreateTable {
            table: "after_trigger".into(),
            columns: vec![col("a", None, None)],
            line: 5
        }
    );
    assert!(matches!(&s[1], Statement::Insert { line: 11, .. }));
}

#[test]
fn mysql_detected_from_table_options_alone() {
    let sql =
        "CREATE TABLE t (a TEXT) ENGINE=InnoDB;\nINSERT INTO t VALUES ('it\\'s; fine'),('x');\n";
    let s = ok(read(sql));
    assert_eq!(rows(&s[1]), [vec![text("it's; fine")], vec![text("x")]]);
    // Without MySQL signs a backslash is an ordinary character.
    let s = ok(read(
        "INSERT INTO t VALUES ('it\\'); INSERT INTO t VALUES (2);",
    ));
    assert_eq!(rows(&s[0]), [vec![text("it\\")]]);
    assert_eq!(s.len(), 2);
}

#[test]
fn crlf_line_endings_give_the_same_result() {
    let crlf = D1.replace('\n', "\r\n");
    assert_eq!(read(&crlf), read(D1));
    let migration =
        "CREATE TABLE p (\r\n  label TEXT NOT NULL,   -- e.g. \"Haus\"\r\n  x INT\r\n);\r\n\
        ALTER TABLE p ADD COLUMN k TEXT;  -- key\r\n";
    let s = ok(read(migration));
    assert_eq!(
        columns(&s[0])[0],
        col("label", Some("TEXT"), Some("e.g. \"Haus\""))
    );
    assert!(
        matches!(&s[1], Statement::AddColumn { column, line: 5, .. } if column.comment.as_deref() == Some("key"))
    );
}
